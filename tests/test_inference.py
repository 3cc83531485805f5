"""One coherent inference per figure: the ratio and the difference of two proportions, each with a p-value and
an interval from the same score test, so that "significant" ⇔ p < alpha ⇔ the interval excludes the null.

Cross-checks (scipy and statsmodels are test-only dependencies):
- every p-value against statsmodels' score test (``test_proportions_2indep(..., method="score")``);
- the ratio interval against statsmodels' closed form (``sm.confint_proportions_2indep(..., compare="ratio",
  method="score")``, Koopman/Nam), and statsmodels' p-value at each of our limits, which must be alpha;
- the difference interval against an independent scipy implementation below (restricted estimate by brentq on
  the score equation, limits by brentq), because statsmodels 0.14–0.15 computes the Miettinen–Nurminen
  restricted estimate for ``value != 0`` with a wrong coefficient (statsmodels issue #10269, fix in PR #10270):
  its p-value at 0 is right, its difference interval is not. Once a fixed statsmodels is installed,
  ``test_difference_interval_matches_a_fixed_statsmodels`` compares with it directly instead of skipping.
- hand-worked limits where the algebra is closed-form (100% in both groups), at sizes up to 4×10⁹.

``python tests/test_inference.py`` prints the disagreement counts of the old method (Katz interval for the words,
Fisher's exact test for the p-value) and of the new one over a fixed random set of small tables.
"""

from __future__ import annotations

import ast
import decimal
import math
import tracemalloc
import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.stats import binom, chi2_contingency, fisher_exact
from statsmodels.stats import proportion as sm

from wres_cli.statistics import proportions as stats

LEVELS = (0.90, 0.95, 0.99)
FAST = settings(max_examples=300, deadline=None)
SEED = 2026
BIG = 4_000_000_000


def sm_test(a, n1, c, n2, compare="ratio", value=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.test_proportions_2indep(a, n1, c, n2, value=value, compare=compare, method="score").pvalue


def random_tables(seed: int = SEED, count: int = 3000, most: int = 300):
    rng = np.random.default_rng(seed)
    n1, n2 = rng.integers(1, most + 1, count), rng.integers(1, most + 1, count)
    return rng.integers(0, n1 + 1), n1, rng.integers(0, n2 + 1), n2


def excludes(result, null: float) -> np.ndarray:
    return (np.asarray(result.ci_low) > null) | (np.asarray(result.ci_high) < null)


# --- the worked example of docs/statistics.md -----------------------------------------------------------------


def test_worked_example_in_the_documentation():
    """10 of 75 BME vs 12 of 225 White: Katz 2.5 (1.126–5.550) beside Fisher p = 0.037, against the score
    method's 2.5 (1.138–5.407), p = 0.022; the difference is 8.0 points (1.0 to 17.8), p = 0.022."""
    old = stats.relative_likelihood(10, 75, 12, 225)
    assert (old.value, round(old.ci_low, 3), round(old.ci_high, 3), round(old.p_value, 4)) == (
        2.5,
        1.126,
        5.55,
        0.037,
    )
    r = stats.ratio_inference(10, 75, 12, 225, labels=("BME", "White"))
    assert (r.value, round(r.ci_low, 3), round(r.ci_high, 3), round(r.p_value, 4)) == (
        2.5,
        1.138,
        5.407,
        0.0216,
    )
    assert r.significant is True and r.status == "computed" and r.bound == "" and r.note == ""
    d = stats.difference_inference(10, 75, 12, 225)
    assert (round(100 * d.value, 2), round(100 * d.ci_low, 2), round(100 * d.ci_high, 2)) == (
        8.0,
        1.03,
        17.84,
    )
    assert d.p_value == r.p_value and d.significant is True
    # the same numbers from statsmodels
    assert r.p_value == pytest.approx(sm_test(10, 75, 12, 225), rel=1e-12)
    low, high = sm.confint_proportions_2indep(10, 75, 12, 225, compare="ratio", method="score")
    assert (r.ci_low, r.ci_high) == pytest.approx((low, high), rel=1e-9)
    # by hand: pooled rate 22/300, Z = (10/75 − 12/225) / sqrt(p(1−p)(1/75 + 1/225) · 300/299)
    pooled = 22 / 300
    se = math.sqrt(pooled * (1 - pooled) * (1 / 75 + 1 / 225) * 300 / 299)
    z = (10 / 75 - 12 / 225) / se
    assert (round(se, 5), round(z, 3), round(z * z, 3)) == (0.03482, 2.298, 5.28)
    assert r.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-12)
    # the "N − 1" chi-squared: Pearson's X² × (N − 1)/N
    assert z * z == pytest.approx(
        chi2_contingency([[10, 65], [12, 213]], correction=False).statistic * 299 / 300
    )
    # the same test gives exactly p = 0.05 at each limit
    for limit in (r.ci_low, r.ci_high):
        assert sm_test(10, 75, 12, 225, value=limit) == pytest.approx(0.05, abs=1e-12)
    assert (round(r.ci_low, 2), round(r.ci_high, 2), round(100 * d.ci_low, 1), round(100 * d.ci_high, 1)) == (
        1.14,
        5.41,
        1.0,
        17.8,
    )


# --- the cases users met -------------------------------------------------------------------------------------


def test_a_100_percent_rate_no_longer_reads_significant_beside_a_large_p():
    """1 of 1 BME vs 6 of 19 White: Katz said 3.17× 'significant' (its variance term vanishes) next to p = 0.35."""
    old = stats.relative_likelihood(1, 1, 6, 19)
    assert old.significant is True and old.p_value == pytest.approx(0.35)
    r = stats.ratio_inference(1, 1, 6, 19)
    assert r.value == pytest.approx(19 / 6)
    assert r.significant is False and r.ci_low < 1 < r.ci_high
    assert (round(r.ci_low, 3), round(r.ci_high, 3), round(r.p_value, 3)) == (0.578, 6.634, 0.173)
    assert r.p_value == pytest.approx(sm_test(1, 1, 6, 19), rel=1e-12)
    assert sm_test(1, 1, 6, 19, value=r.ci_low) == pytest.approx(0.05, abs=1e-9)
    assert sm_test(1, 1, 6, 19, value=r.ci_high) == pytest.approx(0.05, abs=1e-9)


def test_a_zero_count_gives_a_one_sided_answer_not_a_correction():
    """7 of 7 vs 0 of 5: Haldane's +0.5 said 'not significant' next to Fisher p = 0.0013."""
    old = stats.relative_likelihood(7, 7, 0, 5, zero_cells="haldane")
    assert old.significant is False and old.p_value == pytest.approx(0.0012626, rel=1e-4)
    r = stats.ratio_inference(7, 7, 0, 5, labels=("BME", "White"))
    assert r.status == "computed" and r.bound == "lower" and r.significant is True
    assert r.value == math.inf and r.ci_high == math.inf
    assert (round(r.ci_low, 3), round(r.p_value, 5)) == (2.193, 0.00091)
    assert sm_test(7, 7, 0, 5, value=r.ci_low) == pytest.approx(0.05, abs=1e-9)
    assert "0 of 5 White" in r.note and "at least" in r.note


def test_zero_in_one_group_is_calculable():
    """0 of 65 White vs 8 of 17 BME was 'not calculable' beside p = 7e-7: now at least 8.2× as likely."""
    old = stats.relative_likelihood(8, 17, 0, 65)
    assert old.status == "not_calculable" and old.p_value == pytest.approx(6.82e-7, rel=1e-3)
    r = stats.ratio_inference(8, 17, 0, 65, labels=("BME", "White"))
    assert (r.bound, r.significant, r.ci_high) == ("lower", True, math.inf)
    assert (round(r.ci_low, 3), f"{r.p_value:.2e}") == (8.224, "7.19e-09")
    assert r.p_value == pytest.approx(sm_test(8, 17, 0, 65), rel=1e-12)
    # the same table the other way round: the ratio is 0 and only its upper limit says anything
    m = stats.ratio_inference(0, 65, 8, 17, labels=("White", "BME"))
    assert (m.value, m.ci_low, m.bound, m.p_value) == (0.0, 0.0, "upper", r.p_value)
    assert m.ci_high == pytest.approx(1 / r.ci_low, rel=1e-12)  # swapping the groups inverts the ratio
    assert "at most" in m.note and "0 of 65 White" in m.note
    d = stats.difference_inference(8, 17, 0, 65)
    assert d.p_value == r.p_value and d.significant
    assert (round(d.ci_low, 4), round(d.ci_high, 4)) == (0.2606, 0.6915)


def test_no_events_in_either_group():
    r = stats.ratio_inference(0, 5, 0, 7, labels=("BME", "White"))
    assert r.status == "computed" and r.bound == "none" and math.isnan(r.value)
    assert (r.ci_low, r.ci_high, r.p_value, r.significant) == (0.0, math.inf, 1.0, False)
    assert "neither group" in r.note
    d = stats.difference_inference(0, 5, 0, 7)
    assert (d.value, d.p_value, d.significant) == (0.0, 1.0, False)
    assert d.ci_low < 0 < d.ci_high


@pytest.mark.parametrize(("n1", "n2"), [(1, 1), (5, 7), (40, 3), (1_000_000, 2_000_000), (BIG, BIG)])
def test_everyone_in_both_groups_matches_the_algebra(n1, n2):
    """With 100% in both groups the limits solve in closed form: k_i = z²·N/((N − 1)·n_i),
    ratio 1/(1 + k1) to 1 + k2, difference −k1/(1 + k1) to k2/(1 + k2)."""
    z, n = stats.z_for(0.95), n1 + n2
    k1, k2 = z * z * n / ((n - 1) * n1), z * z * n / ((n - 1) * n2)
    r = stats.ratio_inference(n1, n1, n2, n2)
    assert (r.value, r.p_value, r.significant, r.bound) == (1.0, 1.0, False, "")
    assert r.ci_low == pytest.approx(1 / (1 + k1), rel=1e-13)
    assert r.ci_high == pytest.approx(1 + k2, rel=1e-13)
    d = stats.difference_inference(n1, n1, n2, n2)
    assert d.ci_low == pytest.approx(-k1 / (1 + k1), rel=1e-12)
    assert d.ci_high == pytest.approx(k2 / (1 + k2), rel=1e-12)
    # and with nobody in both groups, mirrored
    e = stats.difference_inference(0, n1, 0, n2)
    assert (e.ci_low, e.ci_high) == pytest.approx((-d.ci_high, -d.ci_low), rel=1e-12)


@pytest.mark.parametrize(
    "table", [(1, 1, 0, 1), (0, 1, 1, 1), (1, 1, 1, 1), (0, 1, 0, 1), (1, 1, 0, 2), (0, 2, 1, 1)]
)
def test_groups_of_one(table):
    r, d = stats.ratio_inference(*table), stats.difference_inference(*table)
    assert r.status == d.status == "computed" and r.p_value == d.p_value
    assert r.significant is d.significant is False  # one person each side is never evidence
    assert -1 <= d.ci_low <= d.value <= d.ci_high <= 1
    if 0 < table[0] + table[2] < table[1] + table[3]:  # statsmodels gives nan when everyone or no one has it
        assert r.p_value == pytest.approx(sm_test(*table), rel=1e-12)


def test_an_empty_group_is_the_only_thing_not_calculable():
    for measure in (stats.ratio_inference, stats.difference_inference, stats.ratio_of_percents_inference):
        r = measure(0, 0, 5, 50, labels=("BME", "White"))
        assert r.status == "not_calculable" and "no BME" in r.reason
        assert (r.value, r.ci_low, r.ci_high, r.p_value, r.significant) == (None,) * 5
    arrays = stats.ratio_inference_arrays([3, 0, np.nan], [5, 0, 4], [1, 1, 1], [5, 5, 5])
    assert arrays.calculable.tolist() == [True, False, False]
    assert np.isnan(arrays.value[1:]).all() and not arrays.significant[1:].any()


# --- counts of any size, at a cost that does not grow with them -----------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        (BIG, BIG, 1, BIG),
        (1, BIG, 0, BIG),
        (3, BIG, 1, BIG),
        (123_456_789, BIG, 123_400_000, BIG),
        (BIG - 1, BIG, BIG, BIG),
        (2_000_000_000, BIG, 1_999_000_000, 3_999_000_000),
        (3_000_000, 10_000_000, 2_000_000, 9_000_000),
    ],
)
def test_national_counts_give_a_figure_that_matches_statsmodels(table):
    tracemalloc.start()
    r, d = stats.ratio_inference(*table), stats.difference_inference(*table)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000  # bytes: nothing is sized by the counts
    assert r.status == d.status == "computed" and r.significant == d.significant
    assert r.p_value == pytest.approx(sm_test(*table), rel=1e-9, abs=1e-300)
    assert r.significant == (r.p_value < 0.05) == bool(excludes(r, 1.0)) == bool(excludes(d, 0.0))
    # statsmodels' closed forms (and any plain float arithmetic) lose digits at these sizes, where rates sit
    # within 1e-9 of 0% or 100%, so the limits are checked against 50-digit decimal arithmetic
    assert (r.ci_low, r.ci_high) == pytest.approx(precise_limits("ratio", *table), rel=1e-13)
    assert (d.ci_low, d.ci_high) == pytest.approx(precise_limits("difference", *table), rel=1e-13)


def precise_limits(measure: str, a, n1, c, n2, confidence: float = 0.95) -> tuple[float, float]:
    """Score limits by bisection in 50-digit decimal arithmetic (slow, simple, shares no code with the package):
    the restricted estimate of p2 by bisection on the restricted likelihood's derivative, then each limit by
    bisection on |Z| = z, in log θ for the ratio."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        a, n1, c, n2 = (Decimal(int(v)) for v in (a, n1, c, n2))
        b1, b2, n, z = n1 - a, n2 - c, n1 + n2, Decimal(repr(stats.z_for(confidence)))
        ratio = measure == "ratio"

        def z_at(h: Decimal) -> Decimal:  # h is log θ for the ratio, Δ for the difference
            theta = h.exp() if ratio else None
            low = Decimal(0) if ratio else max(Decimal(0), -h)
            high = min(Decimal(1), 1 / theta) if ratio else min(Decimal(1), 1 - h)

            def p1(x):
                return theta * x if ratio else x + h

            def score(x):  # derivative of the restricted log-likelihood in p2; poles give their sign
                chain = theta if ratio else Decimal(1)  # d p1 / d p2
                total = Decimal(0)
                for k, y, factor in ((a, p1(x), chain), (b1, 1 - p1(x), -chain), (c, x, 1), (b2, 1 - x, -1)):
                    if k:
                        if y <= 0:
                            return factor * Decimal("Infinity")
                        total += factor * k / y
                return total

            lo, hi = low, high
            if score(hi) >= 0:
                x = hi
            elif score(lo) <= 0:
                x = lo
            else:
                for _ in range(180):
                    mid = (lo + hi) / 2
                    lo, hi = (mid, hi) if score(mid) > 0 else (lo, mid)
                x = (lo + hi) / 2
            y, k = p1(x), (theta if ratio else Decimal(1))
            variance = (y * (1 - y) / n1 + k * k * x * (1 - x) / n2) * n / (n - 1)
            top = a / n1 - k * c / n2 if ratio else a / n1 - c / n2 - h
            return Decimal(0) if top == 0 else top / variance.sqrt()

        def accepted(h):
            return abs(z_at(h)) <= z

        est = a / n1 - c / n2 if not ratio else (None if c == 0 or a == 0 else (a * n2 / (c * n1)).ln())
        limits = []
        for side in (-1, 1):
            edge = Decimal(side)
            if not ratio and a / n1 - c / n2 == edge:
                limits.append(float(edge))
                continue
            if ratio and ((side == -1 and a == 0) or (side == 1 and c == 0)):
                limits.append(0.0 if side == -1 else math.inf)
                continue
            inner = est if est is not None else Decimal(0)
            while not accepted(inner):  # only when the estimate is at 0 or infinity: walk in from the null
                inner -= side * 2
            step = Decimal(1)
            outer = inner + side * step
            while (ratio or abs(outer) < 1) and accepted(outer):
                inner, step = outer, step * 2
                outer = inner + side * step
            if not ratio and abs(outer) >= 1:
                outer = edge
            for _ in range(170):
                mid = (inner + outer) / 2
                inner, outer = (mid, outer) if accepted(mid) else (inner, mid)
            limits.append(float(inner.exp()) if ratio else float(inner))
        return tuple(limits)


def test_the_work_per_table_does_not_grow_with_the_counts():
    """The same number of statistic evaluations for 10 of 75 as for the same rates in millions of times more."""
    from wres_cli.statistics import inference

    seen: list[int] = []
    original = inference._stacked

    def counting(*args):
        statistic = original(*args)
        return lambda u, idx: (seen.append(idx.size), statistic(u, idx))[1]

    inference._stacked = counting
    try:
        for scale in (1, 1_000, 10_000_000):
            seen.clear()
            stats.ratio_inference(10 * scale, 75 * scale, 12 * scale, 225 * scale)
            assert 0 < len(seen) <= 40
    finally:
        inference._stacked = original


# --- cross-checks over thousands of random tables -------------------------------------------------------------


@pytest.mark.parametrize("confidence", LEVELS)
def test_words_p_value_and_interval_agree_on_every_table(confidence):
    a, n1, c, n2 = random_tables(count=5000)
    alpha = 1 - confidence
    for result, null in (
        (stats.ratio_inference_arrays(a, n1, c, n2, confidence), 1.0),
        (stats.difference_inference_arrays(a, n1, c, n2, confidence), 0.0),
    ):
        assert np.array_equal(result.significant, result.p_value < alpha)
        assert np.array_equal(result.significant, excludes(result, null))
        finite = np.isfinite(result.value)
        assert np.all(result.ci_low[finite] <= result.value[finite])
        assert np.all(result.value[finite] <= result.ci_high[finite])
    ratio = stats.ratio_inference_arrays(a, n1, c, n2, confidence)
    difference = stats.difference_inference_arrays(a, n1, c, n2, confidence)
    assert np.array_equal(ratio.p_value, difference.p_value)  # one test of "no difference" per table


def test_p_values_match_statsmodels():
    a, n1, c, n2 = random_tables(count=3000)
    ours = stats.ratio_inference_arrays(a, n1, c, n2).p_value
    both_zero = (a == 0) & (c == 0)
    for compare in ("ratio", "diff"):
        theirs = sm_test(a, n1, c, n2, compare=compare)
        assert np.allclose(ours[~both_zero], theirs[~both_zero], rtol=1e-10, atol=1e-300)
    assert np.all(ours[both_zero] == 1.0)  # statsmodels gives nan for 0/0; no events is no evidence
    assert np.allclose(stats.score_p_value(a, n1, c, n2), ours, rtol=0, atol=0)


def test_ratio_interval_matches_statsmodels():
    """statsmodels' Koopman/Nam closed form uses numpy's polynomial roots (about 1e-8 relative); it is reliable
    when neither group is at 0% or 100%, where it is compared here."""
    a, n1, c, n2 = random_tables(seed=SEED + 1, count=1500)
    ours = stats.ratio_inference_arrays(a, n1, c, n2)
    inner = np.flatnonzero((a > 0) & (a < n1) & (c > 0) & (c < n2))
    assert inner.size > 1000
    for i in inner:
        low, high = sm.confint_proportions_2indep(a[i], n1[i], c[i], n2[i], compare="ratio", method="score")
        assert ours.ci_low[i] == pytest.approx(np.real(low), rel=1e-7)
        assert ours.ci_high[i] == pytest.approx(np.real(high), rel=1e-7)


def test_statsmodels_p_value_at_each_ratio_limit_is_alpha():
    a, n1, c, n2 = random_tables(seed=SEED + 2, count=800)
    for confidence in (0.95, 0.99):
        ours = stats.ratio_inference_arrays(a, n1, c, n2, confidence)
        for i in range(a.size):
            for limit in (ours.ci_low[i], ours.ci_high[i]):
                if 0 < limit < math.inf:
                    p = sm_test(a[i], n1[i], c[i], n2[i], value=limit)
                    assert p == pytest.approx(1 - confidence, abs=1e-9)


def independent_difference_limits(a, n1, c, n2, confidence=0.95):
    """Miettinen–Nurminen limits for p1 − p2 computed another way: restricted estimate by brentq on the score
    equation of the restricted likelihood, limits by brentq on |Z| = z (scipy; shares no code with the package)."""
    z = stats.z_for(confidence)
    a, n1, c, n2 = (float(v) for v in (a, n1, c, n2))
    n = n1 + n2

    def restricted(delta):
        low, high = max(0.0, -delta), min(1.0, 1.0 - delta)

        def score(x):
            parts = ((a, x + delta, 1), (n1 - a, 1 - x - delta, -1), (c, x, 1), (n2 - c, 1 - x, -1))
            if any(k > 0 and y <= 0 for k, y, _ in parts):  # at a pole: the side of the root is known
                return math.inf if any(k > 0 and y <= 0 and sign > 0 for k, y, sign in parts) else -math.inf
            return sum(sign * k / y for k, y, sign in parts if k > 0)

        width = high - low
        left, right = low + width * 1e-15, high - width * 1e-15
        if score(right) >= 0:
            return high
        if score(left) <= 0:
            return low
        return brentq(score, left, right, xtol=1e-300, rtol=1e-15, maxiter=500)

    def excess(delta):  # |Z(delta)| − z
        x = restricted(delta)
        y = x + delta
        variance = (y * (1 - y) / n1 + x * (1 - x) / n2) * n / (n - 1)
        return abs(a / n1 - c / n2 - delta) / math.sqrt(variance) - z if variance > 0 else math.inf

    est = a / n1 - c / n2
    ends = []
    for edge in (-1.0, 1.0):
        if est == edge:
            ends.append(edge)
            continue
        far = edge - (edge - est) * 1e-12  # just inside the edge, where |Z| is huge
        ends.append(brentq(excess, est, far, xtol=1e-300, rtol=1e-15, maxiter=500))
    return tuple(ends)


def independent_ratio_limits(a, n1, c, n2, confidence=0.95):
    """Score limits for p1/p2 computed another way: restricted estimate of p2 by brentq on the score equation
    (a + c)/x − (n1 − a)·θ/(1 − θx) − (n2 − c)/(1 − x) = 0, limits by brentq on |Z| = z in log θ (scipy)."""
    z = stats.z_for(confidence)
    a, n1, c, n2 = (float(v) for v in (a, n1, c, n2))
    n, b1, b2 = n1 + n2, n1 - a, n2 - c

    def restricted(theta):
        high = min(1.0, 1.0 / theta)

        def score(x):
            if (b1 > 0 and theta * x >= 1) or (b2 > 0 and x >= 1):
                return -math.inf
            return (a + c) / x - (b1 * theta / (1 - theta * x) if b1 else 0) - (b2 / (1 - x) if b2 else 0)

        if a + c == 0:
            return 0.0
        if score(high) >= 0:
            return high
        return brentq(score, high * 1e-300, high, xtol=1e-320, rtol=1e-15, maxiter=2000)

    def excess(u):
        theta = math.exp(u)
        x = restricted(theta)
        y = min(theta * x, 1.0)
        variance = (y * (1 - y) / n1 + theta * theta * x * (1 - x) / n2) * n / (n - 1)
        return abs(a / n1 - theta * c / n2) / math.sqrt(variance) - z if variance > 0 else math.inf

    u_est = math.log(a * n2 / (c * n1))
    limits = []
    for side in (-1, 1):
        step = 1.0
        while excess(u_est + side * step) <= 0:
            step *= 2
        limits.append(
            math.exp(brentq(excess, u_est, u_est + side * step, xtol=1e-300, rtol=1e-15, maxiter=500))
        )
    return tuple(limits)


def test_ratio_interval_matches_an_independent_implementation():
    a, n1, c, n2 = random_tables(seed=SEED + 6, count=300)
    ours = stats.ratio_inference_arrays(a, n1, c, n2)
    for i in np.flatnonzero((a > 0) & (c > 0)):
        assert (ours.ci_low[i], ours.ci_high[i]) == pytest.approx(
            independent_ratio_limits(a[i], n1[i], c[i], n2[i]), rel=1e-10
        )


def test_difference_interval_matches_an_independent_implementation():
    a, n1, c, n2 = random_tables(seed=SEED + 3, count=300)
    ours = stats.difference_inference_arrays(a, n1, c, n2)
    for i in range(a.size):
        low, high = independent_difference_limits(a[i], n1[i], c[i], n2[i])
        assert ours.ci_low[i] == pytest.approx(low, rel=1e-9, abs=1e-12)
        assert ours.ci_high[i] == pytest.approx(high, rel=1e-9, abs=1e-12)


def test_difference_interval_matches_a_fixed_statsmodels():
    res = sm.score_test_proportions_2indep(10, 75, 12, 225, value=0.1, compare="diff", return_results=True)
    x, y = res.prop2_null, res.prop1_null  # the restricted estimate must zero the score equation
    residual = 10 / y - 65 / (1 - y) + 12 / x - 213 / (1 - x)
    if abs(residual) > 1e-6:
        pytest.skip("statsmodels' Miettinen–Nurminen restricted estimate is wrong (issue #10269)")
    a, n1, c, n2 = random_tables(seed=SEED + 4, count=300)
    ours = stats.difference_inference_arrays(a, n1, c, n2)
    for i in range(a.size):
        low, high = sm.confint_proportions_2indep(a[i], n1[i], c[i], n2[i], compare="diff", method="score")
        assert (ours.ci_low[i], ours.ci_high[i]) == pytest.approx((low, high), rel=1e-6, abs=1e-9)


# --- properties over any table --------------------------------------------------------------------------------


@st.composite
def tables(draw, most: int = BIG):
    n1 = draw(st.integers(1, most))
    n2 = draw(st.integers(1, most))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n2)), n2


@FAST
@given(table=st.one_of(tables(most=60), tables(most=100_000), tables()), confidence=st.sampled_from(LEVELS))
def test_coherent_for_any_table(table, confidence):
    alpha = 1 - confidence
    r = stats.ratio_inference(*table, confidence=confidence)
    d = stats.difference_inference(*table, confidence=confidence)
    assert r.status == d.status == "computed"
    assert r.p_value == d.p_value and r.significant is d.significant
    assert r.significant is (r.p_value < alpha) is bool(excludes(r, 1.0)) is bool(excludes(d, 0.0))
    assert 0 <= r.ci_low <= r.ci_high and -1 <= d.ci_low <= d.value <= d.ci_high <= 1
    if not math.isnan(r.value):
        assert r.ci_low <= r.value <= r.ci_high
    one = stats.ratio_inference_arrays(*([v] for v in table), confidence)
    assert (one.ci_low[0], one.ci_high[0], one.p_value[0]) == (r.ci_low, r.ci_high, r.p_value)


@FAST
@given(
    shares=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    sizes=st.tuples(st.floats(1, 5000), st.floats(1, 5000)),
)
def test_ratio_of_percents_takes_fractional_respondents(shares, sizes):
    """Social Care WRES publishes percentages: k = share × respondents need not be whole."""
    (s1, s2), (n1, n2) = shares, sizes
    r = stats.ratio_of_percents_inference(s1 * n1, n1, s2 * n2, n2, labels=("BME", "White"))
    same = stats.ratio_inference(s1 * n1, n1, s2 * n2, n2, labels=("BME", "White"))
    assert repr(r) == repr(same) and r.status == "computed"
    assert r.significant is (r.p_value < 0.05) is bool(excludes(r, 1.0))


@settings(max_examples=100, deadline=None)
@given(table=tables(most=2000))
def test_higher_confidence_gives_a_wider_interval(table):
    for measure in (stats.ratio_inference, stats.difference_inference):
        lows, highs = zip(
            *((r.ci_low, r.ci_high) for r in (measure(*table, confidence=x) for x in LEVELS)), strict=True
        )
        assert lows[0] >= lows[1] >= lows[2] and highs[0] <= highs[1] <= highs[2]


def test_swapping_the_groups_inverts_the_ratio_and_negates_the_difference():
    a, n1, c, n2 = random_tables(seed=SEED + 5, count=2000)
    r, s = stats.ratio_inference_arrays(a, n1, c, n2), stats.ratio_inference_arrays(c, n2, a, n1)
    with np.errstate(divide="ignore"):
        assert np.allclose(1 / s.ci_high, r.ci_low, rtol=1e-11) and np.allclose(
            1 / s.ci_low, r.ci_high, rtol=1e-11
        )
    d, e = stats.difference_inference_arrays(a, n1, c, n2), stats.difference_inference_arrays(c, n2, a, n1)
    assert np.allclose(-e.ci_high, d.ci_low, rtol=1e-11, atol=1e-15)
    assert np.allclose(-e.ci_low, d.ci_high, rtol=1e-11, atol=1e-15)


@pytest.mark.parametrize(
    ("args", "message"),
    [((11, 10, 1, 10), "cannot exceed"), ((-1, 10, 1, 10), ">= 0"), (("x", 10, 1, 10), "number")],
)
def test_bad_counts_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        stats.ratio_inference(*args)
    with pytest.raises(ValueError, match="need 0 <= a <= n1"):
        stats.ratio_inference_arrays([11, 1], [10, 10], [1, 1], [10, 10])
    with pytest.raises(ValueError, match="confidence"):
        stats.difference_inference(1, 10, 1, 10, confidence=1)


def test_result_fields_are_output_columns():
    from wres_cli.core.schema import COLUMNS

    for name in ("value", "ci_low", "ci_high", "p_value", "significant", "status", "reason", "note"):
        assert name in stats.Inference.__dataclass_fields__ and name in COLUMNS


def test_the_statistics_layer_needs_only_numpy_and_the_standard_library():
    folder = Path(stats.__file__).parent
    for name in ("inference.py", "score.py", "numbers.py", "proportions.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                top = (module or "").split(".")[0]
                assert top in {"numpy", "math", "dataclasses", "statistics", "collections", "__future__"} or (
                    module or ""
                ).startswith(("wres_cli.statistics", "wres_cli.core")), f"{name} imports {module}"


# --- the old method's disagreements, and the new method's none -------------------------------------------------


def disagreements(seed: int = SEED, count: int = 10_000, most: int = 100) -> dict[str, int]:
    """Over ``count`` random small tables (n1, n2 uniform on 1..most; a, c uniform on 0..n), how often the words
    and the p-value disagree, for the old method (Katz interval excludes 1 vs Fisher p < 0.05, with zeros not
    calculable or with Haldane's +0.5) and for the new one (significant vs p < 0.05 vs the interval)."""
    a, n1, c, n2 = random_tables(seed=seed, count=count, most=most)
    old = {
        "tables": count,
        "katz_computed": 0,
        "katz_vs_fisher": 0,
        "haldane_vs_fisher": 0,
        "zero_but_p_lt_05": 0,
    }
    fisher = np.empty(count)
    for i, four in enumerate(zip(a.tolist(), n1.tolist(), c.tolist(), n2.tolist(), strict=True)):
        plain = stats.relative_likelihood(*four)
        fisher[i] = plain.p_value  # two-sided Fisher exact test
        haldane = stats.relative_likelihood(*four, zero_cells="haldane")
        if plain.significant is None:
            old["zero_but_p_lt_05"] += plain.p_value < 0.05
        else:
            old["katz_computed"] += 1
            old["katz_vs_fisher"] += plain.significant != (plain.p_value < 0.05)
        old["haldane_vs_fisher"] += haldane.significant != (haldane.p_value < 0.05)
    ratio = stats.ratio_inference_arrays(a, n1, c, n2)
    difference = stats.difference_inference_arrays(a, n1, c, n2)
    new = {
        "new_ratio_words_vs_p": int(np.sum(ratio.significant != (ratio.p_value < 0.05))),
        "new_ratio_words_vs_interval": int(np.sum(ratio.significant != excludes(ratio, 1.0))),
        "new_difference_words_vs_p": int(np.sum(difference.significant != (difference.p_value < 0.05))),
        "new_difference_words_vs_interval": int(np.sum(difference.significant != excludes(difference, 0.0))),
        "new_ratio_vs_new_difference": int(np.sum(ratio.significant != difference.significant)),
        "new_significant_fisher_not": int(np.sum(ratio.significant & (fisher >= 0.05))),
        "fisher_significant_new_not": int(np.sum(~ratio.significant & (fisher < 0.05))),
    }
    return {**old, **new}


def test_the_old_method_disagreed_and_the_new_one_never_does():
    """The counts quoted in docs/statistics.md (10,000 tables, seed 2026, groups of 1 to 100)."""
    counts = disagreements()
    assert {key: counts[key] for key in ("katz_computed", "katz_vs_fisher", "zero_but_p_lt_05")} == {
        "katz_computed": 9167,
        "katz_vs_fisher": 671,
        "zero_but_p_lt_05": 497,
    }
    assert counts["haldane_vs_fisher"] > 0
    assert all(counts[key] == 0 for key in counts if key.startswith("new_") and "fisher" not in key)
    assert (counts["new_significant_fisher_not"], counts["fisher_significant_new_not"]) == (313, 0)


def test_small_group_error_rate_quoted_in_the_documentation():
    """docs/statistics.md: 5 vs 20 people, both with a true rate of 5%: the score test calls the difference
    significant 9.0% of the time at the 95% level, Fisher's exact test 0.9%."""
    n1, n2, rate = 5, 20, 0.05
    a, c = np.repeat(np.arange(n1 + 1), n2 + 1), np.tile(np.arange(n2 + 1), n1 + 1)
    weight = binom.pmf(a, n1, rate) * binom.pmf(c, n2, rate)
    score = np.sum(weight * stats.ratio_inference_arrays(a, n1, c, n2).significant)
    fisher = np.sum(
        weight * [fisher_exact([[x, n1 - x], [y, n2 - y]]).pvalue < 0.05 for x, y in zip(a, c, strict=True)]
    )
    assert (round(score, 3), round(fisher, 3)) == (0.090, 0.009)


if __name__ == "__main__":
    for key, value in disagreements().items():
        print(f"{key:36} {value}")

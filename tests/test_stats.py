"""The statistics cross-checked against scipy (which the package itself never imports) and hand-worked values.

Relative likelihood and Katz interval against scipy.stats.contingency.relative_risk, Fisher's exact test
against scipy.stats.fisher_exact and exact integer arithmetic, Wilson against scipy.stats.binomtest, and
Newcombe's difference interval against a hand implementation built from scipy's Wilson intervals.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest, fisher_exact
from scipy.stats.contingency import relative_risk

from wres_cli.statistics import proportions as stats

LEVELS = st.sampled_from([0.90, 0.95, 0.99])
FAST = settings(max_examples=200, deadline=None)


@st.composite
def tables(draw, most: int = 400, zeros: bool = True):
    """(a, n1, c, n2): a of n1 people in group 1 and c of n2 in group 2 had the event."""
    n1 = draw(st.integers(1, most))
    n2 = draw(st.integers(1, most))
    low = 0 if zeros else 1
    return draw(st.integers(low, n1)), n1, draw(st.integers(low, n2)), n2


def exact_fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher p by exact integer arithmetic: tables no more probable than the observed one."""
    row1, col1, total = a + b, a + c, a + b + c + d
    weights = {
        x: math.comb(col1, x) * math.comb(total - col1, row1 - x)
        for x in range(max(0, row1 + col1 - total), min(row1, col1) + 1)
    }
    observed = weights[a]
    tail = sum(w for w in weights.values() if w <= observed)
    return float(Fraction(tail, math.comb(total, row1)))


# --- relative likelihood and Katz interval -----------------------------------------------------------


def test_reference_check_value():
    """Section 5 of the reference: 10/75 vs 12/225 -> 2.5, 95% CI 1.126-5.550."""
    r = stats.relative_likelihood(10, 75, 12, 225)
    assert r.value == 2.5
    assert (round(r.ci_low, 3), round(r.ci_high, 3)) == (1.126, 5.550)
    assert r.status == "computed" and r.significant is True and r.note == ""
    # by hand: SE = sqrt(1/10 - 1/75 + 1/12 - 1/225) = 0.406885...; exp(ln 2.5 -/+ 1.959964 * SE)
    se = math.sqrt(1 / 10 - 1 / 75 + 1 / 12 - 1 / 225)
    assert se == pytest.approx(0.4068852)
    assert r.ci_low == pytest.approx(2.5 * math.exp(-1.959964 * se), rel=1e-6)


@FAST
@given(table=tables(zeros=False), confidence=LEVELS)
def test_relative_likelihood_matches_scipy(table, confidence):
    a, n1, c, n2 = table
    ours = stats.relative_likelihood(a, n1, c, n2, confidence=confidence)
    theirs = relative_risk(a, n1, c, n2)
    ci = theirs.confidence_interval(confidence_level=confidence)
    assert ours.status == "computed"
    assert ours.value == pytest.approx(theirs.relative_risk, rel=1e-12)
    if a == n1 and c == n2:  # SE is exactly 0: both ends are the ratio itself
        assert ours.ci_low == pytest.approx(ours.value) and ours.ci_high == pytest.approx(ours.value)
    else:
        assert ours.ci_low == pytest.approx(ci.low, rel=1e-9)
        assert ours.ci_high == pytest.approx(ci.high, rel=1e-9)
    assert ours.significant == (not (ci.low <= 1 <= ci.high))


@FAST
@given(table=tables(most=200, zeros=False))
def test_higher_confidence_gives_a_wider_interval(table):
    widths = [stats.relative_likelihood(*table, confidence=level) for level in (0.90, 0.95, 0.99)]
    lows, highs = [w.ci_low for w in widths], [w.ci_high for w in widths]
    assert lows[0] >= lows[1] >= lows[2] and highs[0] <= highs[1] <= highs[2]


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2", "zero"),
    [(0, 20, 5, 50, "group 1"), (5, 50, 0, 20, "group 2"), (0, 9, 0, 9, "and")],
)
def test_a_zero_count_is_not_calculable_by_default(a, n1, c, n2, zero):
    r = stats.relative_likelihood(a, n1, c, n2, labels=("group 1", "group 2"))
    assert r.status == "not_calculable"
    assert r.value is None and r.ci_low is None and r.ci_high is None and r.significant is None
    assert "zero rate" in r.reason and zero in r.reason
    assert r.p_value == pytest.approx(fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue)


def test_haldane_adds_half_to_every_cell_and_says_so():
    """0 of 20 vs 5 of 50 becomes 0.5 of 21 vs 5.5 of 51 (cells 0.5, 20.5, 5.5, 45.5)."""
    r = stats.relative_likelihood(0, 20, 5, 50, zero_cells="haldane")
    # by hand: RR = (0.5/21)/(5.5/51) = 25.5/115.5 = 0.220779; SE = sqrt(1/0.5 - 1/21 + 1/5.5 - 1/51) = 1.454163
    # 95%: exp(ln 0.220779 -/+ 1.959964 x 1.454163) = exp(-1.510592 -/+ 2.850108) = 0.012769 .. 3.817195
    assert r.status == "computed"
    assert r.value == pytest.approx(0.220779, abs=1e-6)
    assert r.ci_low == pytest.approx(0.012769, rel=1e-4)
    assert r.ci_high == pytest.approx(3.817195, rel=1e-5)
    assert r.significant is False
    assert r.note == stats.HALDANE_NOTE and "0.5" in r.note
    assert "zero rate" in r.reason
    # the p-value is still the exact test on the real counts
    assert r.p_value == pytest.approx(fisher_exact([[0, 20], [5, 45]]).pvalue)
    # a table without zeros is never corrected
    assert stats.relative_likelihood(1, 20, 5, 50, zero_cells="haldane").note == ""


def test_an_empty_group_is_not_calculable_even_with_haldane():
    r = stats.relative_likelihood(0, 0, 5, 50, zero_cells="haldane", labels=("BME", "White"))
    assert r.status == "not_calculable" and "no BME people" in r.reason and r.p_value is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((11, 10, 1, 10), "cannot exceed"),
        ((-1, 10, 1, 10), "negative"),
        ((1.5, 10, 1, 10), "whole number"),
        (("x", 10, 1, 10), "whole number"),
    ],
)
def test_bad_counts_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        stats.relative_likelihood(*args)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1])
def test_bad_confidence_is_refused(confidence):
    with pytest.raises(ValueError, match="confidence"):
        stats.relative_likelihood(1, 10, 1, 10, confidence=confidence)


def test_huge_counts():
    a, n1, c, n2 = 3_000_000, 10_000_000, 2_000_000, 9_000_000
    r = stats.relative_likelihood(a, n1, c, n2)
    ci = relative_risk(a, n1, c, n2).confidence_interval(0.95)
    assert r.value == pytest.approx((a / n1) / (c / n2), rel=1e-12)
    assert r.ci_low == pytest.approx(ci.low, rel=1e-9) and r.ci_high == pytest.approx(ci.high, rel=1e-9)
    assert r.p_value == 0.0 and r.significant is True  # far below the smallest float
    # near-equal rates on huge counts: a real, small, well-defined p-value
    p = stats.fisher_exact_p(500_000, 500_000, 498_000, 502_000)
    assert p == pytest.approx(fisher_exact([[500_000, 500_000], [498_000, 502_000]]).pvalue, rel=1e-6)
    assert 0 < p < 0.05


# --- Fisher's exact test -----------------------------------------------------------------------------


@FAST
@given(table=tables(most=300))
def test_fisher_matches_scipy(table):
    a, n1, c, n2 = table
    ours = stats.fisher_exact_p(a, n1 - a, c, n2 - c)
    theirs = fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-300)
    assert stats.relative_likelihood(a, n1, c, n2).p_value == ours


@FAST
@given(table=tables(most=60))
def test_fisher_matches_exact_arithmetic(table):
    a, n1, c, n2 = table
    assert stats.fisher_exact_p(a, n1 - a, c, n2 - c) == pytest.approx(
        exact_fisher(a, n1 - a, c, n2 - c), rel=1e-9, abs=1e-300
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((3, 1, 1, 3), 34 / 70),  # tea tasting: 1 + 16 + 16 + 1 of 70 arrangements, both tails
        ((1, 9, 11, 3), 0.002759456),  # scipy's documented example
        ((0, 5, 5, 0), 2 / 252),
        ((5, 0, 0, 0), 1.0),
        ((0, 0, 0, 0), 1.0),
    ],
)
def test_fisher_known_values(table, expected):
    assert stats.fisher_exact_p(*table) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("table", [(500, 0, 0, 500), (300, 5, 5, 300), (450, 50, 50, 450), (520, 10, 2, 480)])
def test_fisher_far_tail_keeps_its_precision(table):
    """p-values down to about 1e-300 agree with exact rational arithmetic, not just with 0."""
    exact = exact_fisher(*table)
    assert 1e-310 < exact < 1e-150
    assert stats.fisher_exact_p(*table) == pytest.approx(exact, rel=1e-9)


def test_fisher_beyond_the_smallest_float_is_zero_not_an_error():
    assert stats.fisher_exact_p(1000, 0, 0, 1000) == 0.0


def test_fisher_is_symmetric():
    for table in [(3, 7, 12, 4), (0, 10, 4, 6), (20, 1, 1, 20)]:
        a, b, c, d = table
        p = stats.fisher_exact_p(a, b, c, d)
        assert stats.fisher_exact_p(c, d, a, b) == pytest.approx(p, rel=1e-12)
        assert stats.fisher_exact_p(a, c, b, d) == pytest.approx(p, rel=1e-12)
        assert stats.fisher_exact_p(b, a, d, c) == pytest.approx(p, rel=1e-12)


# --- Wilson and Newcombe -----------------------------------------------------------------------------


@FAST
@given(n=st.integers(1, 2000), share=st.floats(0, 1), confidence=LEVELS)
def test_wilson_matches_scipy(n, share, confidence):
    k = round(share * n)
    low, high = stats.wilson_interval(k, n, confidence)
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    assert low == pytest.approx(ci.low, abs=1e-12) and high == pytest.approx(ci.high, abs=1e-12)
    assert 0 <= low <= k / n <= high <= 1


def test_wilson_hand_worked_and_vectorised():
    # 27 of 100 at 95%: centre (54 + z²)/(2(100 + z²)) = 57.8415/207.683 = 0.278506, half-width
    # z/(2(100 + z²)) · sqrt(4·100·0.27·0.73 + z²) = 1.959964/207.683 · 9.09294 = 0.085813
    low, high = stats.wilson_interval(27, 100)
    assert (round(low, 4), round(high, 4)) == (0.1927, 0.3643)
    lows, highs = stats.wilson_interval(np.array([0, 27, 100, 0]), np.array([10, 100, 100, 0]))
    assert lows[1] == low and highs[1] == high
    assert lows[0] == 0 and highs[2] == 1
    assert np.isnan(lows[3]) and np.isnan(highs[3])  # an empty group has no interval


def hand_newcombe(k1, n1, k2, n2, confidence):
    """Newcombe (1998) method 10, from the two Wilson intervals as scipy computes them."""
    l1, u1 = binomtest(k1, n1).proportion_ci(confidence_level=confidence, method="wilson")
    l2, u2 = binomtest(k2, n2).proportion_ci(confidence_level=confidence, method="wilson")
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


@FAST
@given(table=tables(most=500), confidence=LEVELS)
def test_newcombe_matches_hand_implementation(table, confidence):
    k1, n1, k2, n2 = table
    diff, low, high = stats.newcombe_difference(k1, n1, k2, n2, confidence)
    want = hand_newcombe(k1, n1, k2, n2, confidence)
    assert (diff, low, high) == pytest.approx(want, abs=1e-12)
    assert -1 <= low <= diff <= high <= 1


def test_newcombe_published_example():
    """Newcombe (1998) Table II example: 56/70 - 48/80 = 0.2000, 95% CI 0.0524 to 0.3339."""
    diff, low, high = stats.newcombe_difference(56, 70, 48, 80)
    assert (round(diff, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)


def test_newcombe_empty_group_is_none():
    assert stats.newcombe_difference(0, 0, 3, 10) is None


@settings(max_examples=60, deadline=None)
@given(table=tables(most=200_000, zeros=False))
def test_large_tables_match_scipy(table):
    a, n1, c, n2 = table
    ours = stats.relative_likelihood(a, n1, c, n2)
    ci = relative_risk(a, n1, c, n2).confidence_interval(0.95)
    assert ours.ci_low == pytest.approx(ci.low, rel=1e-9) and ours.ci_high == pytest.approx(ci.high, rel=1e-9)
    theirs = fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue
    assert ours.p_value == pytest.approx(theirs, rel=1e-6, abs=1e-300)

"""One coherent inference per figure: estimate, confidence interval and p-value from the same score test.

For a ratio of two proportions (a/n1 ÷ c/n2: a relative likelihood, or a ratio of two percentages) and for a
difference of two proportions (p1 − p2), the p-value is the two-sided score test of "no difference" and the
interval is every value the same test does not reject at the chosen level (see :mod:`.score`). So, for every
table, by construction:

    significant  ⇔  p_value < 1 − confidence  ⇔  the interval excludes the null (1 for a ratio, 0 for a difference)

The test of "no difference" is the same for the ratio and the difference of one table (the pooled score test,
Pearson's chi-squared test times (N − 1)/N), so the two figures of one table always agree with each other.

Zero counts need no correction: a zero on one side of a ratio gives a one-sided answer (``bound``), and only an
empty group (n = 0) makes a figure not calculable. Work per table is fixed, whatever the counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wres_cli.statistics import score
from wres_cli.statistics.numbers import amount, z_for

METHOD = "score test and interval (Miettinen–Nurminen)"

__all__ = [
    "METHOD",
    "Inference",
    "InferenceArrays",
    "difference_inference",
    "difference_inference_arrays",
    "ratio_inference",
    "ratio_inference_arrays",
    "ratio_notes",
    "ratio_of_percents_inference",
    "score_p_value",
]


@dataclass(frozen=True)
class Inference:
    """One figure with its interval and test. Field names match the tidy output columns.

    ``value`` is the ratio (may be ``inf`` when only group 2 has no events, ``nan`` when neither group has
    any) or the difference p1 − p2 as a proportion (× 100 for percentage points). ``bound`` says how to read
    a ratio whose interval reaches 0 or infinity because of a zero count: "" two-sided; "lower" only the lower
    limit is informative ("at least ci_low× as likely", ci_high = inf); "upper" group 1 has no events ("at
    most ci_high× as likely", value and ci_low 0); "none" neither group has events (0 to inf, p = 1).
    Everything numeric is None when the figure is not calculable (an empty group).
    """

    measure: str  # "ratio" | "difference"
    value: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None  # two-sided score test of no difference
    significant: bool | None  # p_value < 1 − confidence, and equally: the interval excludes the null
    bound: str  # "" | "lower" | "upper" | "none"
    status: str  # "computed" | "not_calculable"
    reason: str  # why not calculable, else ""
    note: str  # plain-English reading of a one-sided or empty result, else ""
    method: str
    confidence: float


@dataclass(frozen=True)
class InferenceArrays:
    """Many figures at once, one element per table; nan (and significant False) where not calculable."""

    measure: str
    value: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p_value: np.ndarray
    significant: np.ndarray  # bool
    bound: np.ndarray  # str: "" | "lower" | "upper" | "none" ("" where not calculable)
    calculable: np.ndarray  # bool: both groups have people (and N > 1)
    method: str
    confidence: float


def _tables(a, n1, c, n2):
    """Four float arrays of one shape, checked: 0 <= a <= n1 and 0 <= c <= n2 (nan allowed: not calculable)."""
    a, n1, c, n2 = (np.array(v, dtype=np.float64) for v in np.broadcast_arrays(a, n1, c, n2))
    with np.errstate(invalid="ignore"):
        bad = (
            np.isinf(a) | np.isinf(n1) | np.isinf(c) | np.isinf(n2) | (a < 0) | (c < 0) | (a > n1) | (c > n2)
        )
    if bad.any():
        i = np.unravel_index(int(np.flatnonzero(bad.ravel())[0]), bad.shape)
        raise ValueError(f"need 0 <= a <= n1 and 0 <= c <= n2: a={a[i]}, n1={n1[i]}, c={c[i]}, n2={n2[i]}")
    ok = np.isfinite(a + n1 + c + n2) & (n1 > 0) & (n2 > 0) & (n1 + n2 > 1)
    return a, n1, c, n2, ok


def _safe(ok, a, n1, c, n2):
    """Flat counts, with a harmless stand-in table (1 of 2 vs 1 of 2) where a figure is not calculable."""
    pairs = ((a, 1.0), (n1, 2.0), (c, 1.0), (n2, 2.0))
    return tuple(np.where(ok, v, stand_in).ravel() for v, stand_in in pairs)


def score_p_value(a, n1, c, n2) -> np.ndarray | float:
    """Two-sided p-value of the score test of p1 = p2 (the same for the ratio and the difference); nan where a
    group is empty. Equals the 'N − 1' chi-squared test: Pearson's X² × (N − 1)/N on one degree of freedom."""
    a, n1, c, n2, ok = _tables(a, n1, c, n2)
    flat = _safe(ok, a, n1, c, n2)
    p = np.where(ok.ravel(), score.p_from_z(score.ratio_z(np.zeros_like(flat[0]), *flat)), np.nan)
    return float(p[0]) if a.ndim == 0 else p.reshape(a.shape)


def ratio_inference_arrays(a, n1, c, n2, confidence: float = 0.95) -> InferenceArrays:
    """(a/n1) ÷ (c/n2) for arrays of tables: score interval and p-value that agree by construction."""
    z_for(confidence)
    alpha = 1 - confidence
    a0, n10, c0, n20, ok = _tables(a, n1, c, n2)
    a, n1, c, n2 = _safe(ok, a0, n10, c0, n20)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (a * n2) / (c * n1)  # inf when c = 0 < a, nan when a = c = 0
        u_est = np.log(value)  # -inf when a = 0, +inf when c = 0
    z0 = score.ratio_z(np.zeros_like(a), a, n1, c, n2)
    p = score.p_from_z(z0)
    significant = p < alpha
    stat = _stacked(score.ratio_z, a, n1, c, n2)
    step = score.critical(alpha) * np.sqrt(
        1 / (a + 0.5) - 1 / (n1 + 0.5) + 1 / (c + 0.5) - 1 / (n2 + 0.5) + 1 / (n1 + n2)
    )  # about the Katz half-width, never 0
    u_low, u_high = _solve(stat, u_est, 0.0, significant, step, alpha, edge=np.inf)
    low, high = _off_null(np.exp(u_low), np.exp(u_high), 1.0, significant, z0)
    bound = np.select([(a == 0) & (c == 0), c == 0, a == 0], ["none", "lower", "upper"], "")
    return _arrays("ratio", ok, value, low, high, p, significant, bound, confidence)


def difference_inference_arrays(a, n1, c, n2, confidence: float = 0.95) -> InferenceArrays:
    """a/n1 − c/n2 (as a proportion) for arrays of tables: Miettinen–Nurminen score interval and p-value."""
    z_for(confidence)
    alpha = 1 - confidence
    a0, n10, c0, n20, ok = _tables(a, n1, c, n2)
    a, n1, c, n2 = _safe(ok, a0, n10, c0, n20)
    value = a / n1 - c / n2
    z0 = score.difference_z(np.zeros_like(a), a, n1, c, n2)
    p = score.p_from_z(z0)
    significant = p < alpha
    stat = _stacked(score.difference_z, a, n1, c, n2)
    step = score.critical(alpha) * np.sqrt(
        (a + 0.5) * (n1 - a + 0.5) / (n1 + 1) ** 3 + (c + 0.5) * (n2 - c + 0.5) / (n2 + 1) ** 3
    )
    low, high = _solve(stat, value, 0.0, significant, step, alpha, edge=1.0)
    low, high = _off_null(low, high, 0.0, significant, z0)
    bound = np.full(a.shape, "", dtype=object)
    return _arrays("difference", ok, value, low, high, p, significant, bound, confidence)


def _off_null(low, high, null: float, significant, z0):
    """Make the interval's verdict the p-value's to the last bit: a significant interval lies strictly on the
    side of the null that the statistic's sign gives, and any other interval contains the null. (The search
    already ensures this; rounding of exp() near 1 is what this guards against.)"""
    above, below = np.nextafter(null, np.inf), np.nextafter(null, -np.inf)
    low = np.where(
        significant & (z0 > 0), np.maximum(low, above), np.where(significant, low, np.minimum(low, null))
    )
    high = np.where(
        significant & (z0 < 0), np.minimum(high, below), np.where(significant, high, np.maximum(high, null))
    )
    return low, high


def _stacked(function, a, n1, c, n2):
    """The statistic for the lower-limit problems followed by the upper-limit ones (the tables twice)."""
    a2, n12, c2, n22 = (np.concatenate((v, v)) for v in (a, n1, c, n2))
    return lambda u, idx: function(u, a2[idx], n12[idx], c2[idx], n22[idx])


def _solve(stat, est, null: float, significant, step, alpha, edge: float):
    """Both limits of {u : p(u) >= alpha} around the estimate ``est``, with ``null`` placed on the right side.

    The null's own verdict (``significant``) seeds the brackets: when it is rejected it is the rejected end of
    the bracket on its side, when it is accepted it is the accepted end, so the limits found can never put the
    null on the other side of the interval from what the p-value says. Where ``est`` is already at the end of
    the parameter's range on a side (a log-ratio of ±inf, a difference of ±1) that end is the limit; where
    there is no estimate at all (a ratio 0/0) the limits are the whole range.
    """
    sides = []
    for outward in (-1.0, 1.0):
        beyond = outward * (null - est) > 0  # the null lies on this side of the estimate
        acc = np.where(beyond & ~significant, null, np.where(np.isfinite(est), est, np.nan))
        rej = np.where(beyond & significant, null, np.nan)
        fixed = np.where(np.isnan(est), outward * edge, np.where(outward * est >= edge, est, np.nan))
        acc, rej = np.where(np.isnan(fixed), acc, fixed), np.where(np.isnan(fixed), rej, fixed)
        sides.append((acc, rej, fixed))
    acc, rej, fixed = (np.concatenate((lower, upper)) for lower, upper in zip(*sides, strict=True))
    outward = np.repeat([-1.0, 1.0], est.size)
    found = score.invert(stat, acc, rej, np.concatenate((step, step)), outward, alpha, outward * edge)
    found = np.where(np.isnan(fixed), found, fixed)
    return found[: est.size], found[est.size :]


def _arrays(measure, ok, value, low, high, p, significant, bound, confidence) -> InferenceArrays:
    def shaped(x, fill):
        return np.where(ok, x.reshape(ok.shape), fill)

    return InferenceArrays(
        measure=measure,
        value=shaped(value, np.nan),
        ci_low=shaped(low, np.nan),
        ci_high=shaped(high, np.nan),
        p_value=shaped(p, np.nan),
        significant=shaped(significant, False).astype(bool),
        bound=shaped(bound.astype(object), ""),
        calculable=ok,
        method=METHOD,
        confidence=confidence,
    )


def ratio_inference(
    a, n1, c, n2, *, confidence: float = 0.95, labels: tuple[str, str] = ("group 1", "group 2")
) -> Inference:
    """Relative likelihood (a/n1) ÷ (c/n2) with its score interval and p-value (see :class:`Inference`).

    Counts may be fractional (respondents implied by published percentages); only an empty group is not
    calculable. ``labels`` name the groups in the reason and note.
    """
    return _one("ratio", ratio_inference_arrays, a, n1, c, n2, confidence, labels, "people")


def ratio_of_percents_inference(
    k1, n1, k2, n2, *, confidence: float = 0.95, labels: tuple[str, str] = ("group 1", "group 2")
) -> Inference:
    """(k1/n1 × 100) ÷ (k2/n2 × 100), the Social Care WRES survey form: the same as :func:`ratio_inference`
    (the factors of 100 cancel); k may be fractional when a published percentage is all that is known."""
    return _one("ratio", ratio_inference_arrays, k1, n1, k2, n2, confidence, labels, "respondents")


def difference_inference(
    a, n1, c, n2, *, confidence: float = 0.95, labels: tuple[str, str] = ("group 1", "group 2")
) -> Inference:
    """a/n1 − c/n2 as a proportion (× 100 for percentage points) with its Miettinen–Nurminen score interval
    and p-value; the p-value is the same as :func:`ratio_inference` gives for the same table."""
    return _one("difference", difference_inference_arrays, a, n1, c, n2, confidence, labels, "people")


def _one(measure, arrays, a, n1, c, n2, confidence, labels, who) -> Inference:
    z_for(confidence)
    a, n1, c, n2 = (amount(v, name) for v, name in zip((a, n1, c, n2), ("a", "n1", "c", "n2"), strict=True))
    if a > n1 or c > n2:
        raise ValueError(f"events cannot exceed people: a={a:g}, n1={n1:g}, c={c:g}, n2={n2:g}")
    empty = [label for label, n in zip(labels, (n1, n2), strict=True) if n == 0]
    if empty or n1 + n2 <= 1:
        reason = (
            f"no {' or '.join(empty)} {who} in the denominator" if empty else f"fewer than 2 {who} in all"
        )
        return Inference(
            measure, None, None, None, None, None, "", "not_calculable", reason, "", METHOD, confidence
        )
    r = arrays(a, n1, c, n2, confidence)
    bound = str(r.bound.item())
    return Inference(
        measure=measure,
        value=float(r.value),
        ci_low=float(r.ci_low),
        ci_high=float(r.ci_high),
        p_value=float(r.p_value),
        significant=bool(r.significant),
        bound=bound,
        status="computed",
        reason="",
        note=_note(bound, labels, n1, n2),
        method=METHOD,
        confidence=confidence,
    )


def ratio_notes(
    result: InferenceArrays, n1, n2, labels: tuple[str, str] = ("group 1", "group 2")
) -> np.ndarray:
    """The plain-English note of each ratio in ``result`` (see :attr:`Inference.note`); "" where none."""
    bounds, n1, n2 = np.broadcast_arrays(
        result.bound, np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    )
    notes = [
        _note(str(b), labels, x, y) for b, x, y in zip(bounds.ravel(), n1.ravel(), n2.ravel(), strict=True)
    ]
    return np.array(notes, dtype=object).reshape(bounds.shape)


def _note(bound: str, labels, n1: float, n2: float) -> str:
    """How to read a ratio with a zero count, in plain English; "" for an ordinary two-sided interval."""
    label1, label2 = labels
    if bound == "lower":
        return (
            f"0 of {_people(n2)} {label2} had the outcome, so the ratio has no upper limit: "
            f"{label1} at least the lower limit times as likely"
        )
    if bound == "upper":
        return (
            f"0 of {_people(n1)} {label1} had the outcome, so the ratio is 0: "
            f"{label1} at most the upper limit times as likely"
        )
    if bound == "none":
        return (
            f"neither group had the outcome (0 of {_people(n1)} {label1}, 0 of {_people(n2)} {label2}): "
            "no ratio, and no evidence of a difference"
        )
    return ""


def _people(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"

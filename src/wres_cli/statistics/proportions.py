"""Relative likelihoods, Fisher's exact test and proportion intervals (standard library and numpy only).

The figures to publish come from :mod:`wres_cli.statistics.inference` (re-exported here): one score test per
figure, whose interval and p-value agree by construction (see docs/statistics.md).

Kept for comparison and for existing callers: :func:`relative_likelihood` (Katz log interval with a two-sided
Fisher exact p-value on [[a, n1 - a], [c, n2 - c]], which can disagree with each other), :func:`katz_interval`,
:func:`fisher_exact_p` and Newcombe's hybrid difference interval. Wilson's interval serves single percentages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wres_cli.statistics.inference import (
    METHOD,
    Inference,
    InferenceArrays,
    difference_inference,
    difference_inference_arrays,
    ratio_inference,
    ratio_inference_arrays,
    ratio_notes,
    ratio_of_percents_inference,
    score_p_value,
)
from wres_cli.statistics.numbers import amount as _amount
from wres_cli.statistics.numbers import count as _count
from wres_cli.statistics.numbers import finite as _finite
from wres_cli.statistics.numbers import z_for

ZERO_CELL_POLICIES = ("none", "haldane")
HALDANE_NOTE = "Haldane–Anscombe correction: 0.5 added to every cell"

# A table counts as "as extreme as the observed one" when its probability is at most
# P_observed * (1 + 1e-14): the relative tolerance of scipy.stats.fisher_exact (since scipy 1.11).
_TIE_SCALE = 10**14
# Float log-probabilities closer than this to the observed one are compared exactly with integers.
_TIE_WINDOW = 1e-7

__all__ = [
    "HALDANE_NOTE",
    "METHOD",
    "ZERO_CELL_POLICIES",
    "Inference",
    "InferenceArrays",
    "Ratio",
    "difference_inference",
    "difference_inference_arrays",
    "fisher_exact_p",
    "katz_interval",
    "newcombe_difference",
    "newcombe_differences",
    "ratio_inference",
    "ratio_inference_arrays",
    "ratio_notes",
    "ratio_of_percents_inference",
    "relative_likelihood",
    "score_p_value",
    "wilson_interval",
    "z_for",
]


@dataclass(frozen=True)
class Ratio:
    """A relative likelihood with its interval and exact test; None wherever a number is not defined."""

    value: float | None  # relative likelihood (rate1 / rate2)
    ci_low: float | None
    ci_high: float | None
    p_value: float | None  # two-sided Fisher exact on [[a, n1 - a], [c, n2 - c]]
    significant: bool | None  # the interval excludes 1 (None when there is no interval)
    status: str  # "computed" | "not_calculable"
    reason: str  # "" when computed normally; else a human sentence
    note: str  # "" or the correction applied


def relative_likelihood(
    a,
    n1,
    c,
    n2,
    *,
    confidence: float = 0.95,
    zero_cells: str = "none",
    labels: tuple[str, str] = ("group 1", "group 2"),
) -> Ratio:
    """(a/n1) / (c/n2) with Katz interval and Fisher p-value; zero counts per `zero_cells` ("none"/"haldane")."""
    if zero_cells not in ZERO_CELL_POLICIES:
        raise ValueError(f"zero_cells must be one of {ZERO_CELL_POLICIES}, got {zero_cells!r}")
    z_for(confidence)
    a, n1, c, n2 = (_count(v, name) for v, name in zip((a, n1, c, n2), ("a", "n1", "c", "n2"), strict=True))
    if a > n1 or c > n2:
        raise ValueError(f"events cannot exceed people: a={a}, n1={n1}, c={c}, n2={n2}")
    label1, label2 = labels
    empty = [label for label, n in ((label1, n1), (label2, n2)) if n == 0]
    if empty:
        return _not_calculable(f"no {' or '.join(empty)} people in the denominator", None)
    p_value = fisher_exact_p(a, n1 - a, c, n2 - c)
    zeros = [f"{label} (0 of {n})" for label, k, n in ((label1, a, n1), (label2, c, n2)) if k == 0]
    if not zeros:
        return _computed(a, n1, c, n2, confidence, p_value)
    reason = "zero rate for " + " and ".join(zeros)
    if zero_cells == "none":
        return _not_calculable(reason, p_value)
    return _computed(a + 0.5, n1 + 1, c + 0.5, n2 + 1, confidence, p_value, reason=reason, note=HALDANE_NOTE)


def _not_calculable(reason: str, p_value: float | None) -> Ratio:
    return Ratio(None, None, None, p_value, None, "not_calculable", reason, "")


def _computed(a, n1, c, n2, confidence, p_value, *, reason: str = "", note: str = "") -> Ratio:
    value = _finite((a * n2) / (c * n1))  # one rounding, straight from the counts
    low, high = (_finite(x) for x in katz_interval(a, n1, c, n2, confidence))
    significant = None if low is None or high is None else not (low <= 1 <= high)
    return Ratio(value, low, high, p_value, significant, "computed", reason, note)


def katz_interval(a, n1, c, n2, confidence: float = 0.95) -> tuple[float, float]:
    """Katz log interval exp(ln RR ± z·sqrt(1/a − 1/n1 + 1/c − 1/n2)); counts may be fractional."""
    z = z_for(confidence)
    if not (0 < a <= n1 and 0 < c <= n2):
        raise ValueError(f"Katz interval needs 0 < a <= n1 and 0 < c <= n2: a={a}, n1={n1}, c={c}, n2={n2}")
    log_rr = math.log(a * n2) - math.log(c * n1)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    return math.exp(log_rr - z * se), math.exp(log_rr + z * se)


def fisher_exact_p(a, b, c, d) -> float:
    """Two-sided Fisher exact p-value of [[a, b], [c, d]]: total probability of tables no more probable."""
    a, b, c, d = (_count(v, name) for v, name in zip((a, b, c, d), "abcd", strict=True))
    total, row1, col1 = a + b + c + d, a + b, a + c
    lo, hi = max(0, row1 + col1 - total), min(row1, col1)
    if lo == hi:
        return 1.0
    log_pmf = _hypergeom_log_pmf(total, row1, col1, lo, hi)
    extreme = _as_extreme(log_pmf, a - lo, total, row1, col1, lo)
    weights = np.exp(log_pmf)
    tail = float(weights[extreme].sum())
    if tail <= 1e-250:  # far tail: stay in logs so tiny p-values keep their precision
        return min(1.0, math.exp(_logsumexp(log_pmf[extreme]) - _logsumexp(log_pmf)))
    return min(1.0, max(0.0, tail / float(weights.sum())))


def _hypergeom_log_pmf(total: int, row1: int, col1: int, lo: int, hi: int) -> np.ndarray:
    """log P(x) − log P(mode) for x in lo..hi, by summing log p(x+1)/p(x) outwards from the mode."""
    x = np.arange(lo, hi, dtype=np.float64)
    step = row1 - x
    step *= col1 - x
    x += 1
    step /= x
    x += total - row1 - col1
    step /= x
    np.log(step, out=step)
    mode = min(max((col1 + 1) * (row1 + 1) // (total + 2), lo), hi) - lo
    up = np.cumsum(step[mode:])
    down = np.cumsum(step[:mode][::-1])[::-1]
    return np.concatenate((-down, [0.0], up))


def _as_extreme(log_pmf: np.ndarray, obs: int, total: int, row1: int, col1: int, lo: int) -> np.ndarray:
    """Mask of tables with P <= P_obs·(1 + 1e-14); near-ties are settled with exact integer arithmetic."""
    diff = log_pmf - log_pmf[obs]
    mask = diff <= 0
    for y in np.flatnonzero(np.abs(diff) < _TIE_WINDOW):
        num, den = _pmf_ratio(lo + obs, lo + int(y), total, row1, col1)
        mask[y] = num * _TIE_SCALE <= den * (_TIE_SCALE + 1)
    return mask


def _pmf_ratio(x: int, y: int, total: int, row1: int, col1: int) -> tuple[int, int]:
    """P(y) / P(x) of the hypergeometric distribution as an exact fraction (numerator, denominator)."""
    start, stop = min(x, y), max(x, y)
    rises = _product([(row1 - t) * (col1 - t) for t in range(start, stop)])
    falls = _product([(t + 1) * (total - row1 - col1 + t + 1) for t in range(start, stop)])
    return (rises, falls) if y >= x else (falls, rises)


def _product(factors: list[int]) -> int:
    """Product of many big integers, pairwise so that it stays fast."""
    while len(factors) > 1:
        factors = [math.prod(factors[i : i + 2]) for i in range(0, len(factors), 2)]
    return factors[0] if factors else 1


def _logsumexp(v: np.ndarray) -> float:
    top = float(v.max())
    return top + math.log(float(np.exp(v - top).sum()))


def wilson_interval(k, n, confidence: float = 0.95):
    """Wilson score interval for k of n; scalars give floats, arrays give arrays; n == 0 gives nan."""
    z = z_for(confidence)
    k_arr, n_arr = np.asarray(k, dtype=np.float64), np.asarray(n, dtype=np.float64)
    if np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("need 0 <= k <= n for a proportion")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        denom = 2 * (n_arr + z * z)
        centre = (2 * k_arr + z * z) / denom
        delta = z / denom * np.sqrt(4 * n_arr * p * (1 - p) + z * z)
    low = np.where(k_arr == 0, 0.0, np.clip(centre - delta, 0.0, 1.0))
    high = np.where(k_arr == n_arr, 1.0, np.clip(centre + delta, 0.0, 1.0))
    low, high = np.where(n_arr == 0, np.nan, low), np.where(n_arr == 0, np.nan, high)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def newcombe_difference(k1, n1, k2, n2, confidence: float = 0.95) -> tuple[float, float, float] | None:
    """p1 − p2 with Newcombe's hybrid score interval (1998, method 10); None if a group is empty."""
    k1, n1, k2, n2 = (
        _amount(v, name) for v, name in zip((k1, n1, k2, n2), ("k1", "n1", "k2", "n2"), strict=True)
    )
    if n1 == 0 or n2 == 0:
        return None
    diff, low, high = newcombe_differences(k1, n1, k2, n2, confidence)
    return float(diff), float(low), float(high)


def newcombe_differences(k1, n1, k2, n2, confidence: float = 0.95):
    """:func:`newcombe_difference` over arrays (one comparison per element); nan where a group is empty."""
    k1, n1, k2, n2 = (np.asarray(v, dtype=np.float64) for v in (k1, n1, k2, n2))
    if np.any(k1 > n1) or np.any(k2 > n2):
        bad = int(np.flatnonzero((k1 > n1) | (k2 > n2))[0]) if k1.ndim else 0
        values = (x if x.ndim == 0 else x[bad] for x in (k1, n1, k2, n2))
        raise ValueError("need k <= n: k1={}, n1={}, k2={}, n2={}".format(*values))
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = k1 / n1, k2 / n2
    low1, high1 = wilson_interval(k1, n1, confidence)
    low2, high2 = wilson_interval(k2, n2, confidence)
    diff = p1 - p2
    return diff, diff - np.hypot(p1 - low1, high2 - p2), diff + np.hypot(high1 - p1, p2 - low2)

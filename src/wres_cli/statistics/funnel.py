"""Funnel plots: each organisation's figure against the overall one, with control limits that narrow as the
organisation grows (numpy and the standard library only).

Spiegelhalter DJ (2005) "Funnel plots for comparing institutional performance", Statistics in Medicine
24:1185-1202, and "Handling over-dispersion of performance indicators", Quality and Safety in Health Care
14:347-351, the scheme NHS-R's FunnelPlotR and Public Health England's Fingertips profiles use (each with its own
limit formulas in places; docs/funnel.md says where this one differs).

- **Proportions** (a percentage of n people): z = (p − p0) / √(p0(1 − p0)/n). The control limits are the
  binomial's: the quantile r of Binomial(n, p0) at each tail probability, interpolated as in Spiegelhalter's
  appendix A.1.1, (r − α)/n with α = (F(r) − P) / (F(r) − F(r − 1)), so they are smooth in n; the upper limit
  applies that recipe to the people without the event (see ``binomial_limits``). They are computed exactly for
  every n (no normal approximation), from log-factorials.
- **Ratios** (a relative likelihood): z = (ln R − ln R0) / s, with s the standard error of ln R; the limits are
  exp(ln R0 ± z_P·s) (the normal approximation on the log scale, Spiegelhalter's "ratio" case).
- **Over-dispersion** (optional): φ̂ = mean of the squared z-scores after Winsorising them at their 10th and
  90th percentiles. "multiplicative" widens every limit by √φ (φ = max(1, φ̂)); "additive" adds a
  between-organisation variance τ² = max(0, (Iφ̂ − (I − 1)) / (Σw − Σw²/Σw)), w = 1/s² (the DerSimonian–Laird
  moment estimate with the target in place of the weighted mean), so the limits become θ0 ± z_P·√(s² + τ²). The
  adjusted limits of a proportion use the normal approximation p0 ± z_P·√(φ·s²) or p0 ± z_P·√(s² + τ²).

An organisation is "above" or "below" when its figure lies outside the 99.8% limits (the "alarm" level of
the literature), else "within"; the 95% limits are given as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from wres_cli.core.config_keys import OVERDISPERSION

LEVELS = (0.95, 0.998)  # the two pairs of control limits; the outcome is read at the last (99.8%)
WINSORISE = 0.10  # the share of z-scores set to the 10th / 90th percentile at each end before φ̂
MIN_UNITS = 3  # fewer organisations than this give no over-dispersion estimate
ABOVE, WITHIN, BELOW = "above", "within", "below"

_STIRLING_FROM = 20  # log n! exactly (a table) below this, Stirling's series from it
_BLOCK = 16  # organisations whose binomial limits are computed together


@dataclass(frozen=True)
class Funnel:
    """Per organisation: the z-score (adjusted for over-dispersion when asked), the limits at each level of
    ``LEVELS`` (on the figure's own scale: a proportion 0-1 or a ratio) and the outcome ('' = not assessed);
    for all of them: φ̂ (None with fewer than ``MIN_UNITS``) and the τ² applied (0 unless additive)."""

    z: np.ndarray
    low: dict[float, np.ndarray]
    high: dict[float, np.ndarray]
    outcome: np.ndarray
    phi: float | None = None
    tau2: float = 0.0
    method: str = "none"
    scale: dict[str, float] = field(default_factory=dict)  # {"phi": …} or {"tau2": …}, as applied


def tail(level: float) -> tuple[float, float]:
    """The two tail probabilities of a two-sided level: 0.998 -> (0.001, 0.999)."""
    return (1 - level) / 2, 1 - (1 - level) / 2


def normal_quantile(prob: float) -> float:
    return NormalDist().inv_cdf(prob)


# ------------------------------------------------------------------------------------------ binomial limits

_LOG_FACTORIALS = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, _STIRLING_FROM, dtype=float)))])


def log_factorial(x: np.ndarray) -> np.ndarray:
    """ln(x!) for whole numbers x >= 0: a table below 20, Stirling's series (error < 1e-15) from there."""
    x = np.asarray(x, dtype=float)
    z = np.maximum(x, _STIRLING_FROM) + 1.0
    series = 1 / (12 * z) - 1 / (360 * z**3) + 1 / (1260 * z**5) - 1 / (1680 * z**7)
    stirling = (z - 0.5) * np.log(z) - z + 0.5 * math.log(2 * math.pi) + series
    small = _LOG_FACTORIALS[np.clip(x, 0, _STIRLING_FROM - 1).astype(np.int64)]
    return np.where(x < _STIRLING_FROM, small, stirling)


def binomial_limits(n, p0: float, probs: tuple[float, ...]) -> np.ndarray:
    """Binomial control limits as proportions, shape (len(probs), len(n)), for tail probabilities ``probs``
    (below 0.5 a lower limit, above it an upper one). ``n`` is rounded to whole people; limits are clipped to
    [0, 1].

    A lower limit is Spiegelhalter's interpolated quantile: r = the smallest count with F(r) >= P under
    Binomial(n, p0), and (r − α)/n with α = (F(r) − P) / (F(r) − F(r − 1)). An upper limit is the same recipe
    applied to the count of people without the event (Binomial(n, 1 − p0) at 1 − P), taken from 1. Either
    way a count r lies outside the limit exactly when a count at least as extreme has binomial probability
    below the tail probability: r/n < low when P(R <= r) < P, r/n > high when P(R >= r) < 1 − P.

    Only a window of counts around the mean is summed (12 standard deviations and 30 counts either side):
    the probability left outside it is below 1e-19 for every n and p0."""
    n = np.atleast_1d(np.rint(np.asarray(n, dtype=float)))
    out = np.full((len(probs), len(n)), np.nan)
    ok = n >= 1
    if not ok.any() or not 0 <= p0 <= 1:
        return out
    if p0 in (0.0, 1.0):
        out[:, ok] = p0
        return out
    upper = np.array([prob > 0.5 for prob in probs])
    where = np.flatnonzero(ok)
    order = where[np.argsort(n[ok], kind="stable")]
    for block in np.array_split(order, max(1, len(order) // _BLOCK)):  # similar sizes: narrow windows
        if (~upper).any():
            out[np.ix_(~upper, block)] = _interpolated(n[block], p0, [p for p in probs if p <= 0.5])
        if upper.any():
            out[np.ix_(upper, block)] = 1 - _interpolated(n[block], 1 - p0, [1 - p for p in probs if p > 0.5])
    return out


def _interpolated(size: np.ndarray, p0: float, probs: list[float]) -> np.ndarray:
    """Spiegelhalter's interpolated quantiles (r − α)/n of Binomial(size, p0), sizes >= 1 and 0 < p0 < 1."""
    mean, sd = size * p0, np.sqrt(size * p0 * (1 - p0))
    first = np.clip(np.floor(mean - 12 * sd - 30), 0, size)
    last = np.clip(np.ceil(mean + 12 * sd + 30), 0, size)
    k = first[:, None] + np.arange(int((last - first).max()) + 1)[None, :]
    inside = k <= last[:, None]
    k = np.minimum(k, size[:, None])
    log_pmf = (
        log_factorial(size)[:, None]
        - log_factorial(k)
        - log_factorial(size[:, None] - k)
        + k * math.log(p0)
        + (size[:, None] - k) * math.log1p(-p0)
    )
    pmf = np.where(inside, np.exp(log_pmf), 0.0)
    cdf = np.cumsum(pmf, axis=1)
    rows = np.arange(len(size))
    out = np.empty((len(probs), len(size)))
    for i, prob in enumerate(probs):
        reached = cdf >= prob
        col = np.where(reached.any(axis=1), reached.argmax(axis=1), (last - first).astype(np.int64))
        alpha = (cdf[rows, col] - prob) / pmf[rows, col]
        out[i] = np.clip((first + col - alpha) / size, 0.0, 1.0)
    return out


# ------------------------------------------------------------------------------------------ over-dispersion


def winsorised(z: np.ndarray, share: float = WINSORISE) -> np.ndarray:
    """z-scores below their ``share`` quantile set to it, above their 1 − ``share`` quantile set to that
    (quantiles by linear interpolation, R's and numpy's default)."""
    z = np.asarray(z, dtype=float)
    if not len(z) or share <= 0:
        return z
    low, high = np.quantile(z, [share, 1 - share])
    return np.clip(z, low, high)


def dispersion(z, se, *, share: float = WINSORISE) -> tuple[float | None, float]:
    """(φ̂, τ²) from the unadjusted z-scores and standard errors of the organisations assessed: φ̂ the mean
    squared Winsorised z-score, τ² the DerSimonian–Laird-type moment estimate built on it (0 when Iφ̂ <= I − 1).
    (None, 0.0) with fewer than ``MIN_UNITS`` organisations."""
    z, se = np.asarray(z, dtype=float), np.asarray(se, dtype=float)
    keep = np.isfinite(z) & np.isfinite(se) & (se > 0)
    z, se = z[keep], se[keep]
    units = len(z)
    if units < MIN_UNITS:
        return None, 0.0
    phi = float(np.mean(winsorised(z, share) ** 2))
    w = 1 / se**2
    spread = w.sum() - (w**2).sum() / w.sum()
    tau2 = max(0.0, (units * phi - (units - 1)) / spread) if spread > 0 else 0.0
    return phi, float(tau2)


# ------------------------------------------------------------------------------------------ the funnels


def _scores(y, target, se) -> np.ndarray:
    y, se = np.asarray(y, dtype=float), np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(se > 0, (y - target) / se, np.where(y == target, 0.0, np.sign(y - target) * np.inf))


def _adjusted(y, target, se, z, method: str) -> tuple[np.ndarray, float | None, float, dict[str, float]]:
    """The z-scores adjusted by ``method``, with φ̂, τ² and the scale applied to the variance."""
    if method not in OVERDISPERSION:
        raise ValueError(f"overdispersion must be one of {OVERDISPERSION}, not {method!r}")
    phi, tau2 = dispersion(z, se)
    if method == "multiplicative" and phi is not None:
        inflate = max(1.0, phi)
        return z / math.sqrt(inflate), phi, 0.0, {"phi": inflate}
    if method == "additive" and phi is not None:
        return _scores(y, target, np.sqrt(np.asarray(se, dtype=float) ** 2 + tau2)), phi, tau2, {"tau2": tau2}
    return z, phi, 0.0, {}


def _outcome(y, low, high) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    out = np.where(y > high, ABOVE, np.where(y < low, BELOW, WITHIN)).astype(object)
    out[~np.isfinite(y) | np.isnan(low) | np.isnan(high)] = ""
    return out


def _spread(se, scale: dict[str, float]) -> np.ndarray:
    """The standard error of the limits: s, √φ·s or √(s² + τ²)."""
    se = np.asarray(se, dtype=float)
    if "phi" in scale:
        return math.sqrt(scale["phi"]) * se
    if "tau2" in scale:
        return np.sqrt(se**2 + scale["tau2"])
    return se


def proportion_limits(n, p0: float, level: float, scale: dict[str, float] | None = None) -> np.ndarray:
    """(low, high) proportions at ``level`` for organisations of n people around p0: exact binomial limits,
    or with an over-dispersion ``scale`` ({"phi": φ} or {"tau2": τ²}) the widened normal approximation."""
    n = np.atleast_1d(np.asarray(n, dtype=float))
    if not scale:
        return binomial_limits(n, p0, tail(level))
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(n > 0, np.sqrt(p0 * (1 - p0) / n), np.nan)
    half = normal_quantile(tail(level)[1]) * _spread(se, scale)
    return np.clip(np.stack([p0 - half, p0 + half]), 0.0, 1.0)


def ratio_limits(se, ratio0: float, level: float, scale: dict[str, float] | None = None) -> np.ndarray:
    """(low, high) ratios at ``level`` around ratio0 for standard errors ``se`` of the log ratio."""
    half = normal_quantile(tail(level)[1]) * _spread(np.atleast_1d(se), scale or {})
    return np.exp(np.stack([math.log(ratio0) - half, math.log(ratio0) + half]))


def proportion_funnel(p, n, p0: float, *, overdispersion: str = "none") -> Funnel:
    """Organisations with proportions ``p`` (0-1) of ``n`` people against the overall proportion p0; NaN
    where a figure is withheld or not calculable (those are left out of φ̂ and get no z-score or outcome)."""
    p, n = np.asarray(p, dtype=float), np.asarray(n, dtype=float)
    assessed = np.isfinite(p) & np.isfinite(n) & (n > 0) & (0 <= p0 <= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(assessed, np.sqrt(p0 * (1 - p0) / np.where(n > 0, n, np.nan)), np.nan)
    z = np.where(assessed, _scores(p, p0, se), np.nan)
    z, phi, tau2, scale = _adjusted(p, p0, se, z, overdispersion)
    z = np.where(assessed, z, np.nan)
    low, high = {}, {}
    for level in LEVELS:
        limits = proportion_limits(np.where(assessed, n, np.nan), p0, level, scale)
        low[level], high[level] = limits[0], limits[1]
    outcome = _outcome(np.where(assessed, p, np.nan), low[LEVELS[-1]], high[LEVELS[-1]])
    return Funnel(z, low, high, outcome, phi, tau2, overdispersion, scale)


def ratio_funnel(ratio, se, ratio0: float, *, overdispersion: str = "none") -> Funnel:
    """Organisations with ratios ``ratio`` and standard errors ``se`` of ln(ratio) against the overall
    ratio0; NaN where withheld or not calculable."""
    ratio, se = np.asarray(ratio, dtype=float), np.asarray(se, dtype=float)
    fine = ratio0 > 0 and math.isfinite(ratio0)
    assessed = np.isfinite(ratio) & (ratio > 0) & np.isfinite(se) & (se >= 0) & fine
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(assessed, np.log(np.where(ratio > 0, ratio, np.nan)), np.nan)
    target = math.log(ratio0) if fine else math.nan
    se = np.where(assessed, se, np.nan)
    z = np.where(assessed, _scores(y, target, se), np.nan)
    z, phi, tau2, scale = _adjusted(y, target, se, z, overdispersion)
    z = np.where(assessed, z, np.nan)
    low, high = {}, {}
    for level in LEVELS:
        limits = ratio_limits(se, ratio0, level, scale) if fine else np.full((2, len(se)), np.nan)
        low[level], high[level] = limits[0], limits[1]
    outcome = _outcome(np.where(assessed, ratio, np.nan), low[LEVELS[-1]], high[LEVELS[-1]])
    return Funnel(z, low, high, outcome, phi, tau2, overdispersion, scale)

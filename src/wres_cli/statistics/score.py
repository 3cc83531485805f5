"""Score statistics for two independent proportions, and the inversion that turns the test into its interval.

Group 1 has a of n1 with the event, group 2 has c of n2; N = n1 + n2 and M = a + c. Under a hypothesised
value of the comparison (a ratio theta = p1/p2, or a difference delta = p1 - p2) the two rates are re-estimated
by maximum likelihood subject to that value (p1~, p2~), and

    Z = (observed comparison - hypothesised) / sqrt(V),   V = [p1~(1 - p1~)/n1 + k² p2~(1 - p2~)/n2] · N/(N - 1)

(k = theta for the ratio, whose numerator is p1 - theta·p2; k = 1 for the difference). This is the score test
of Miettinen and Nurminen (1985); N/(N - 1) is their small-sample factor. Its two-sided p-value is
erfc(|Z|/√2). The confidence interval is every hypothesised value whose p-value is at least alpha, found by
root finding on the same function, so the interval excludes the null exactly when p < alpha.

Every array here has one element per table; work per table is a fixed number of arithmetic steps whatever the
counts (nothing is sized by n).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np

_ERFC = np.frompyfunc(math.erfc, 1, 1)
_SQRT2 = math.sqrt(2.0)
# Log-ratios are kept inside ±_U_LIMIT so that exp() stays finite; no table of real counts gets near it.
_U_LIMIT = 700.0
_EXPANSIONS = 80
_ITERATIONS = 200
_TOLERANCE = 1e-14  # relative width of a final bracket
_NEWTON = 40
_ON_ROOT = 1e-14  # |g| below which an accepted point is the boundary, to rounding


def p_from_z(z) -> np.ndarray:
    """Two-sided normal p-value of a z statistic: erfc(|z|/√2), accurate far into the tail (0 beyond ~38)."""
    z = np.abs(np.asarray(z, dtype=np.float64))
    return _ERFC(z / _SQRT2).astype(np.float64)


def _factor(n: np.ndarray) -> np.ndarray:
    """Miettinen–Nurminen small-sample variance factor N/(N - 1)."""
    return n / (n - 1.0)


def _z(numerator: np.ndarray, variance: np.ndarray) -> np.ndarray:
    """numerator/sqrt(variance), with 0 when the numerator is exactly 0 (also when the variance is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = numerator / np.sqrt(variance)
    return np.where(numerator == 0, 0.0, z)


def ratio_z(u, a, n1, c, n2) -> np.ndarray:
    """Score statistic for H0: p1/p2 = exp(u); positive when the observed ratio is above exp(u)."""
    theta = np.exp(np.clip(u, -_U_LIMIT, _U_LIMIT))
    n, m = n1 + n2, a + c
    big_b = n1 * theta + a + n2 + c * theta
    # B² − 4·N·theta·M rewritten as a sum of two non-negative terms, so that nothing cancels
    root = np.sqrt((theta * (n1 + c) - (a + n2)) ** 2 + 4.0 * theta * (n1 - a) * (n2 - c))
    with np.errstate(divide="ignore", invalid="ignore"):
        p2 = np.where(m > 0, 2.0 * m / (big_b + root), 0.0)  # the smaller root, without cancellation
        p2 = np.where(theta == 1, m / n, p2)  # the pooled rate exactly, at the null: as for the difference
        p2 = np.clip(p2, 0.0, np.minimum(1.0, 1.0 / theta))
    p1 = np.clip(theta * p2, 0.0, 1.0)
    variance = (p1 * (1 - p1) / n1 + theta * theta * p2 * (1 - p2) / n2) * _factor(n)
    return _z(a / n1 - theta * (c / n2), variance)


def difference_z(delta, a, n1, c, n2) -> np.ndarray:
    """Score statistic for H0: p1 - p2 = delta (Miettinen–Nurminen); positive when p1 - p2 is above delta.

    Swapping "event" and "no event" turns the same test into one about 1 - p1 and 1 - p2 with -delta and -Z;
    tables whose pooled rate is above a half are worked that way, so that rates near 100% keep as many digits
    as rates near 0. At delta = 0 the table is taken as it is, so that this p-value is the ratio's to the bit.
    """
    delta, a, n1, c, n2 = (np.array(v, dtype=np.float64) for v in np.broadcast_arrays(delta, a, n1, c, n2))
    flip = (2.0 * (a + c) > n1 + n2) & (delta != 0)
    z = _difference_z(
        np.where(flip, -delta, delta), np.where(flip, n1 - a, a), n1, np.where(flip, n2 - c, c), n2
    )
    return np.where(flip, -z, z)


def _difference_z(delta, a, n1, c, n2) -> np.ndarray:
    n, m = n1 + n2, a + c
    b3 = ((n1 + 2.0 * n2) * delta - n - m) / (3.0 * n)
    c1 = ((n2 * delta - n - 2.0 * c) * delta + m) / n  # n2·delta: statsmodels 0.14–0.15 has c·delta here
    d0 = c * delta * (1.0 - delta) / n
    q = b3**3 - c1 * b3 / 2.0 + d0 / 2.0
    r = np.sign(q) * np.sqrt(np.maximum(b3 * b3 - c1 / 3.0, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.where(r != 0, np.clip(q / r**3, -1.0, 1.0), 0.0)
    p2 = 2.0 * r * np.cos((np.pi + np.arccos(cosine)) / 3.0) - b3
    low, high = np.maximum(0.0, -delta), np.minimum(1.0, 1.0 - delta)
    p2 = _polish(np.clip(p2, low, high), delta, a, n1, c, n2, low, high)
    p2 = np.where(delta == 0, m / n, p2)  # the pooled rate exactly, at the null of no difference
    p1 = np.clip(p2 + delta, 0.0, 1.0)
    variance = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) * _factor(n)
    return _z(a / n1 - c / n2 - delta, variance)


def _polish(x, delta, a, n1, c, n2, low, high):
    """The restricted estimate of p2 (p1 = p2 + delta) to full precision, starting from the cubic's root x.

    The cubic's closed form loses digits when two of its roots are close, which happens when rates are near
    0 or 1 in very large groups. The restricted likelihood is concave on [low, high], so its derivative S
    falls steadily and has one root there, unless S keeps one sign and the maximum sits on an end (100% of
    both groups, say). Newton steps on P = S·p1·(1 - p1)·p2·(1 - p2), written as products so that nothing
    cancels, inside a bracket that P's sign keeps shrinking, take one or two steps for ordinary tables.
    """
    b1, b2 = n1 - a, n2 - c  # people without the event
    counts = (a, b1, c, b2)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # where no count puts a pole on an end, S is finite there and may show that the maximum is on it
        open_high = ~((b1 > 0) & (delta >= 0)) & ~((b2 > 0) & (delta <= 0))
        open_low = ~((a > 0) & (delta <= 0)) & ~((c > 0) & (delta >= 0))
        on_high = open_high & (_restricted_score(high, delta, counts) >= 0)
        on_low = open_low & (_restricted_score(low, delta, counts) <= 0)
        span = high - low
        x = np.where(x <= low, low + np.minimum(np.maximum(low - x, 1e-9 * span), span / 2), x)
        x = np.where(x >= high, high - np.minimum(np.maximum(x - high, 1e-9 * span), span / 2), x)
        x = _newton(x, delta, counts, low.copy(), high.copy(), np.flatnonzero(~(on_high | on_low)))
    return np.where(on_high, high, np.where(on_low, low, x))


def _newton(x, delta, counts, below, above, idx):
    """Newton on P inside [below, above] (P > 0 below the root, P < 0 above it) for the problems ``idx``.

    Steps are measured against the smallest of p1, 1 - p1, p2, 1 - p2 (how near the estimate is to an end).
    A problem stops at a step below 1e-14 of that, or, once steps are below 1e-9 of it, when a step stops
    shrinking or would leave the bracket (both only rounding can cause); a step leaving the bracket earlier
    is replaced by bisection. Only unsettled problems are worked.
    """
    previous = np.full(x.shape, np.inf)
    for _ in range(_NEWTON):
        if idx.size == 0:
            break
        xi, part = x[idx], tuple(k[idx] for k in counts)
        value, slope, scale = _restricted_polynomial(xi, delta[idx], part)
        below[idx] = np.where(value > 0, xi, below[idx])
        above[idx] = np.where(value < 0, xi, above[idx])
        step = -value / slope
        new = xi + step
        inside = (new > below[idx]) & (new < above[idx])
        size = np.abs(step)
        small = size <= 1e-9 * scale
        done = (value == 0) | (small & (~inside | (size <= 1e-14 * scale) | (size >= 0.5 * previous[idx])))
        middle = below[idx] + (above[idx] - below[idx]) / 2
        x[idx] = np.where(inside, new, np.where(done, xi, middle))
        previous[idx] = np.where(inside, size, np.inf)
        idx = idx[~done]
    return x


def _restricted_score(x, delta, counts):
    """S(p2): the restricted log-likelihood's derivative, with terms of zero counts left out."""
    a, b1, c, b2 = counts
    parts = ((a, x + delta, 1), (b1, (1.0 - x) - delta, -1), (c, x, 1), (b2, 1.0 - x, -1))
    return sum(sign * np.where(k > 0, k / y, 0.0) for k, y, sign in parts)


def _restricted_polynomial(x, delta, counts):
    """P = S·p1·q1·p2·q2 (q = 1 - p), dP/dp2 from products of the four factors, and the smallest factor."""
    a, b1, c, b2 = counts
    p1, q1, p2, q2 = x + delta, (1.0 - x) - delta, x, 1.0 - x
    value = a * q1 * p2 * q2 - b1 * p1 * p2 * q2 + c * p1 * q1 * q2 - b2 * p1 * q1 * p2
    slope = (
        a * (q1 * q2 - p2 * q2 - q1 * p2)
        - b1 * (p2 * q2 + p1 * q2 - p1 * p2)
        + c * (q1 * q2 - p1 * q2 - p1 * q1)
        - b2 * (q1 * p2 - p1 * p2 + p1 * q1)
    )
    scale = np.minimum(np.minimum(p1, q1), np.minimum(p2, q2))
    return value, slope, scale


Statistic = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (points, problem indices) -> Z at those points


def invert(
    statistic: Statistic,
    accepted: np.ndarray,
    rejected: np.ndarray,
    step: np.ndarray,
    outward: np.ndarray,
    alpha: float,
    edge: np.ndarray,
) -> np.ndarray:
    """Boundary of {u : p(u) >= alpha} between an accepted and a rejected point, one problem per element.

    ``accepted``/``rejected`` hold a known point of each kind or nan (at most one nan per problem);
    ``outward`` (+1/-1) points from the accepted region towards the rejected one; ``edge`` is a limit of
    the parameter that counts as rejected (±inf when there is none). A missing point is found by steps that
    double from ``step``. The answer is always an accepted point (p >= alpha), within a relative 1e-14 of
    the true boundary; ±inf where no rejected point exists (an unbounded side). Only problems still
    unsettled are evaluated at each step.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        acc, rej = accepted.astype(np.float64), rejected.astype(np.float64)
        acc, rej = _bracket(statistic, acc, rej, step.astype(np.float64), outward, alpha, edge)
        return _refine(statistic, acc, rej, alpha, edge, outward)


def _refine(statistic, acc, rej, alpha, edge, outward) -> np.ndarray:
    """Regula falsi (Illinois) with regular bisection, keeping one accepted and one rejected end."""
    crit = critical(alpha)
    g_acc = _g(statistic, acc, crit)
    g_rej = np.where(np.isinf(edge) | (rej != edge), _g(statistic, rej, crit), np.inf)
    on_root = np.abs(g_acc) <= _ON_ROOT  # |Z| equals the critical value to rounding: nothing left to find
    last = np.zeros(acc.shape, dtype=np.int8)  # which end moved last: 1 accepted, -1 rejected
    for iteration in range(_ITERATIONS):
        scale = np.maximum(np.maximum(np.abs(acc), np.abs(rej)), 1e-300)
        idx = np.flatnonzero(np.isfinite(rej) & (np.abs(rej - acc) > _TOLERANCE * scale) & ~on_root)
        if idx.size == 0:
            break
        x = _next_point(acc[idx], rej[idx], g_acc[idx], g_rej[idx], iteration)
        z = statistic(x, idx)
        took = p_from_z(z) >= alpha
        g_x = np.abs(z) - crit
        moved = last[idx]
        g_keep_rej = np.where(took & (moved == 1), g_rej[idx] / 2, g_rej[idx])  # Illinois: halve the end
        g_keep_acc = np.where(~took & (moved == -1), g_acc[idx] / 2, g_acc[idx])  # that stays put
        acc[idx], g_acc[idx] = np.where(took, x, acc[idx]), np.where(took, g_x, g_keep_acc)
        on_root[idx] = took & (np.abs(g_x) <= _ON_ROOT)
        rej[idx], g_rej[idx] = np.where(took, rej[idx], x), np.where(took, g_keep_rej, g_x)
        last[idx] = np.where(took, 1, -1)
    return np.where(np.isfinite(rej), acc, outward * np.inf)


def critical(alpha: float) -> float:
    """The |Z| at which the two-sided p-value is alpha."""
    return NormalDist().inv_cdf(1 - alpha / 2)


def _g(statistic: Statistic, u: np.ndarray, crit: float) -> np.ndarray:
    """|Z| - crit: at most 0 where accepted, above 0 where rejected (up to rounding at the boundary)."""
    out = np.full(u.shape, np.inf)
    idx = np.flatnonzero(np.isfinite(u))
    if idx.size:
        out[idx] = np.abs(statistic(u[idx], idx)) - crit
    return out


def _next_point(acc, rej, g_acc, g_rej, iteration: int) -> np.ndarray:
    """Regula falsi (Illinois) between the two ends; bisection every fourth step or when it cannot help."""
    middle = acc + (rej - acc) / 2
    # the ends are classed by p >= alpha; where rounding gives g the wrong sign the end is at the boundary
    g_acc, g_rej = np.minimum(g_acc, 0.0), np.maximum(g_rej, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        secant = acc - g_acc * (rej - acc) / (g_rej - g_acc)
    usable = np.isfinite(secant) & (iteration % 4 != 3)
    x = np.where(usable, np.clip(secant, np.minimum(acc, rej), np.maximum(acc, rej)), middle)
    # a step too small to matter goes a quarter-tolerance past the end it hugs, so the far end catches up
    nudge = 0.25 * _TOLERANCE * np.maximum(np.maximum(np.abs(acc), np.abs(rej)), 1e-300) * np.sign(rej - acc)
    x = np.where(np.abs(x - acc) < np.abs(nudge), acc + nudge, x)
    return np.where(np.abs(rej - x) < np.abs(nudge), rej - nudge, x)


def _bracket(statistic, acc, rej, step, outward, alpha, edge):
    """Fill in the missing end of each bracket by doubling steps from the known one."""
    for _ in range(_EXPANSIONS):
        idx = np.flatnonzero(np.isnan(rej) | np.isnan(acc))
        if idx.size == 0:
            break
        need_rej = np.isnan(rej[idx])
        out = outward[idx]
        trial = np.where(need_rej, acc[idx] + out * step[idx], rej[idx] - out * step[idx])
        beyond = need_rej & (out * (trial - edge[idx]) >= 0)  # at or past a limit of the parameter
        trial = np.where(beyond, edge[idx], trial)
        took = np.zeros(idx.shape, dtype=bool)
        judge = np.flatnonzero(~beyond)
        if judge.size:
            took[judge] = p_from_z(statistic(trial[judge], idx[judge])) >= alpha
        acc[idx] = np.where(took, trial, acc[idx])
        rej[idx] = np.where(took, rej[idx], trial)
        step[idx] *= 2
    return acc, np.where(np.isnan(rej) | (np.abs(rej) >= _U_LIMIT), outward * np.inf, rej)

"""Statistical disclosure control for published counts: primary and secondary (complementary) suppression.

Cells are a flat vector of non-negative integer counts. Additivity is given as equations, each a list of
cell indices [total, part1, part2, ...] meaning values[total] == sum(values[parts]); that covers 2-D tables
with margins, hierarchical subtotals and per-organisation tables with an "All" total.

A hidden cell is recoverable when its exact value follows from the visible cells, the equations and what a
reader knows of each hidden cell: a count is never negative, and a cell published as "<10" is 1 to 9. Over the
reals that is decided exactly from the true values: a hidden cell can move iff some direction in the null
space of the hidden part of the equations changes it while every cell sitting on one of its bounds moves
only inwards. The cells that cannot leave their bounds are found with a small linear programme; the rest is
linear algebra.
"""

from __future__ import annotations

import numpy as np

_TOL = 1e-9
EXACT_LIMIT = 200  # larger linked groups of hidden cells are checked total by total (see _narrowed)


def primary_mask(values, threshold: int, *, suppress_zeros: bool = False) -> np.ndarray:
    """Cells to hide because they are small: 1 <= v < threshold (and v == 0 if suppress_zeros)."""
    v = _counts(values)
    mask = (v >= 1) & (v < threshold)
    return mask | (v == 0) if suppress_zeros else mask


def recoverable(values, equations, hidden, bounds: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Hidden cells whose exact value follows from the visible cells, the equations and ``bounds``
    ((lower, upper) of what a reader knows of each hidden cell; default: any count)."""
    v = _counts(values)
    eqs = _equations(equations, v)
    lower, upper = _bounds(bounds, v.size)
    out = np.zeros(v.size, dtype=bool)
    for cells, rows in _components(eqs, _mask(hidden, v.size)):
        out[cells] = _determined(v, eqs, cells, rows, lower, upper)
    return out


def pinned(values, equations, hidden, lower, upper) -> np.ndarray:
    """Hidden cells whose value follows once a reader's ranges (``lower``..``upper``) are taken into account."""
    return recoverable(values, equations, hidden, (lower, upper))


def reader_bounds(primary, threshold: int, *, suppress_zeros: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """What a reader knows of each cell before any equation: a "<N" cell is 1..N-1 (0..N-1 when zeros are
    hidden too); anything else hidden could be any count."""
    small = np.asarray(primary, dtype=bool)
    lower = np.where(small & (not suppress_zeros), 1.0, 0.0)
    upper = np.where(small, float(threshold - 1), np.inf)
    return lower, upper


def secondary_mask(
    values, equations, hidden, bounds: tuple[np.ndarray, np.ndarray] | None = None, auxiliary=None
) -> np.ndarray:
    """Additional cells (never already hidden) to hide so that no hidden cell is recoverable.

    ``bounds`` (lower, upper) is what a reader knows of each initially hidden cell, as from ``reader_bounds``;
    cells hidden here are known only to be counts.
    """
    return protect(values, equations, hidden, bounds, auxiliary)[0]


def protect(
    values, equations, hidden, bounds: tuple[np.ndarray, np.ndarray] | None = None, auxiliary=None
) -> tuple[np.ndarray, np.ndarray]:
    """(secondary, vague): cells to hide as well, and hidden cells to show without their range.

    ``auxiliary`` marks hidden cells that no table shows (e.g. a total only implied by the others): a
    reader may work them out, so they need no protection, but they take part in the equations.

    Where the ranges alone pin a hidden cell (a "<5" total of two "<5" parts and a hidden zero is exactly 4
    when each part is at least 2) and no visible cell is left to hide beside it, one cell's range is withheld:
    it is shown like any other hidden cell.
    """
    v = _counts(values)
    eqs = _equations(equations, v)
    start = _mask(hidden, v.size)
    lower, upper = _bounds(bounds, v.size)
    known_lower = np.where(start, lower, 0.0)
    known_upper = np.where(start, upper, np.inf)
    spare = np.zeros(v.size, dtype=bool) if auxiliary is None else _mask(auxiliary, v.size)
    hide = start.copy()
    settled: set[tuple] = set()  # components already found safe (a component changes when it grows)
    while True:
        _cover_lone_cells(v, eqs, hide, spare)
        if not _cover_recoverable(v, eqs, hide, known_lower, known_upper, spare, settled):
            vague = start & ((known_lower != lower) | (known_upper != upper))
            return hide & ~start, vague


def suppress(
    values, equations, threshold: int, *, suppress_zeros: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(primary, secondary) suppression masks for a table of counts."""
    primary = primary_mask(values, threshold, suppress_zeros=suppress_zeros)
    bounds = reader_bounds(primary, threshold, suppress_zeros=suppress_zeros)
    return primary, secondary_mask(values, equations, primary, bounds)


def _bounds(bounds, size: int) -> tuple[np.ndarray, np.ndarray]:
    if bounds is None:
        return np.zeros(size), np.full(size, np.inf)
    lower, upper = (np.asarray(b, dtype=float) for b in bounds)
    if lower.shape != (size,) or upper.shape != (size,):
        raise ValueError(f"bounds must be two vectors of length {size}")
    return lower, upper


def _counts(values) -> np.ndarray:
    v = np.asarray(values)
    if v.ndim != 1:
        raise ValueError("values must be a flat vector of counts")
    if v.size and (not np.all(np.isfinite(v)) or np.any(v < 0) or np.any(v != np.round(v))):
        raise ValueError("values must be non-negative whole numbers")
    return v.astype(np.int64)


def _mask(hidden, size: int) -> np.ndarray:
    h = np.asarray(hidden, dtype=bool)
    if h.shape != (size,):
        raise ValueError(f"hidden must be a boolean vector of length {size}")
    return h


def _equations(equations, values: np.ndarray) -> list[np.ndarray]:
    """Equations as index arrays, checked: at least a total and one part, distinct cells, adding up."""
    out = []
    for k, eq in enumerate(equations):
        cells = np.asarray(eq, dtype=np.int64)
        if cells.ndim != 1 or cells.size < 2 or np.unique(cells).size != cells.size:
            raise ValueError(f"equation {k} must list a total and at least one part, each cell once: {eq!r}")
        if cells.min() < 0 or cells.max() >= values.size:
            raise ValueError(f"equation {k} refers to a cell that does not exist: {eq!r}")
        if values[cells[0]] != values[cells[1:]].sum():
            raise ValueError(
                f"equation {k} does not add up: {values[cells[0]]} != sum of {values[cells[1:]]}"
            )
        out.append(cells)
    return out


def _components(eqs: list[np.ndarray], hidden: np.ndarray) -> list[tuple[np.ndarray, list[int]]]:
    """Groups of hidden cells linked through shared equations, each with the equations that touch it."""
    parent = {int(i): int(i) for i in np.flatnonzero(hidden)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touching = []
    for k, eq in enumerate(eqs):
        members = [int(i) for i in eq[hidden[eq]]]
        if members:
            touching.append((k, members[0]))
            for other in members[1:]:
                parent[root(other)] = root(members[0])
    cells: dict[int, list[int]] = {}
    for i in parent:
        cells.setdefault(root(i), []).append(i)
    rows: dict[int, list[int]] = {r: [] for r in cells}
    for k, first in touching:
        rows[root(first)].append(k)
    return [(np.array(sorted(cells[r])), rows[r]) for r in sorted(cells, key=lambda r: min(cells[r]))]


def _determined(values, eqs, cells, rows, lower, upper) -> np.ndarray:
    """For one component: which hidden cells are fixed by the equations and their bounds."""
    column = {int(c): j for j, c in enumerate(cells)}
    a = np.zeros((len(rows), cells.size))
    for r, k in enumerate(rows):
        for position, cell in enumerate(eqs[k]):
            j = column.get(int(cell))
            if j is not None:
                a[r, j] += 1.0 if position == 0 else -1.0
    free = _nullspace(a)  # columns span the directions the hidden cells can move in together
    if not free.shape[1]:
        return np.ones(cells.size, dtype=bool)
    at_low = values[cells] <= lower[cells]
    at_high = values[cells] >= upper[cells]
    inward = np.vstack((free[at_low], -free[at_high]))  # each must stay >= 0 along a feasible direction
    if inward.shape[0]:
        stuck = ~_can_rise(inward)
        if stuck.any():  # these bounds hold with equality along every feasible direction
            free = free @ _nullspace(inward[stuck])
    return np.linalg.norm(free, axis=1) < 1e-7 if free.shape[1] else np.ones(cells.size, dtype=bool)


def _nullspace(a: np.ndarray) -> np.ndarray:
    """Orthonormal basis (as columns) of the null space of a."""
    if a.shape[0] == 0:
        return np.eye(a.shape[1])
    _, s, vt = np.linalg.svd(a, full_matrices=a.shape[0] < a.shape[1])  # vt square either way
    return vt[_rank(s) :].T


def _rank(singular_values: np.ndarray) -> int:
    """Numerical rank for the matrices used here, whose entries are of order 1 or exactly 0."""
    if singular_values.size == 0:
        return 0
    return int(np.sum(singular_values > _TOL * max(1.0, singular_values[0])))


def _can_rise(m: np.ndarray) -> np.ndarray:
    """For rows of m: can (m @ w)_k be > 0 for some w with m @ w >= 0 everywhere? (max support, by LP)."""
    u, s, _ = np.linalg.svd(m, full_matrices=False)
    rank = _rank(s)
    if rank == 0:
        return np.zeros(m.shape[0], dtype=bool)
    basis = u[:, :rank]  # same column space as m, well conditioned
    z = m.shape[0]
    # variables [w+, w-, t]; maximise sum(t) subject to t <= basis @ (w+ - w-) and t <= 1
    g = np.block(
        [
            [-basis, basis, np.eye(z)],
            [np.zeros((z, 2 * rank)), np.eye(z)],
        ]
    )
    h = np.concatenate((np.zeros(z), np.ones(z)))
    c = np.concatenate((np.zeros(2 * rank), np.ones(z)))
    return _simplex_max(g, h, c)[2 * rank :] > 0.5


def _simplex_max(g: np.ndarray, h: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Maximise c·x subject to g x <= h, x >= 0, for h >= 0 (tableau simplex, Bland's rule)."""
    m, n = g.shape
    tab = np.zeros((m + 1, n + m + 1))
    tab[:m, :n], tab[:m, n : n + m], tab[:m, -1] = g, np.eye(m), h
    tab[m, :n] = -c
    basis = list(range(n, n + m))
    for _ in range(50 * (n + m)):
        entering = np.flatnonzero(tab[m, :-1] < -_TOL)
        if entering.size == 0:
            break
        j = entering[0]
        rows = np.flatnonzero(tab[:m, j] > _TOL)
        if rows.size == 0:  # unbounded: impossible here, as sum(t) <= z
            break
        ratios = tab[rows, -1] / tab[rows, j]
        ties = rows[ratios <= ratios.min() + _TOL]
        i = min(ties, key=lambda r: basis[r])
        tab[i] /= tab[i, j]
        tab -= np.outer(tab[:, j], tab[i]) * (np.arange(m + 1) != i)[:, None]
        basis[i] = j
    x = np.zeros(n + m)
    x[basis] = tab[:m, -1]
    return x[:n]


def _complement(values: np.ndarray, eqs: list[np.ndarray], rows, hide: np.ndarray) -> int | None:
    """The smallest positive visible cell in these equations (lowest index on ties), else the smallest visible."""
    visible = np.unique(np.concatenate([eqs[k] for k in rows] or [np.zeros(0, dtype=np.int64)]))
    visible = visible[~hide[visible]]
    if visible.size == 0:
        return None
    positive = visible[values[visible] > 0]
    pool = positive if positive.size else visible
    return int(pool[np.argmin(values[pool])])  # argmin takes the first, i.e. lowest index, of equals


def _cover_lone_cells(values, eqs, hide, spare) -> None:
    """Until none is left, give every equation with exactly one hidden cell (not a spare) a second one."""
    changed = True
    while changed:
        changed = False
        for k, eq in enumerate(eqs):
            if np.count_nonzero(hide[eq]) == 1 and not spare[eq[hide[eq]]].any():
                hide[_complement(values, eqs, [k], hide)] = True
                changed = True


def _cover_recoverable(values, eqs, hide, lower, upper, spare, settled: set[tuple]) -> bool:
    """In every component that still has a recoverable cell, hide one more cell beside it or, when nothing
    visible is left there, withhold one range (``lower``/``upper`` widened in place); False if nothing changed.
    Components found safe are remembered in ``settled``: hiding more elsewhere cannot expose them."""
    changed = False
    for cells, rows in _components(eqs, hide):
        key = (cells.tobytes(), tuple(rows), lower[cells].tobytes(), upper[cells].tobytes())
        if key in settled:
            continue
        exact = cells.size <= EXACT_LIMIT
        check = _determined if exact else _narrowed
        exposed = cells[check(values, eqs, cells, rows, lower, upper) & ~spare[cells]]
        if exposed.size == 0:
            settled.add(key)
            continue
        if not exact and _cover_each(values, eqs, rows, exposed, hide):
            changed = True
            continue
        first = exposed[0]
        own = [k for k in rows if np.any(eqs[k] == first)]
        pick = _complement(values, eqs, own, hide)
        if pick is None:
            pick = _complement(values, eqs, rows, hide)
        if pick is not None:
            hide[pick] = True
            changed = True
            continue
        ranged = [int(c) for c in (first, *cells) if lower[c] > 0 or np.isfinite(upper[c])]
        if ranged:
            lower[ranged[0]], upper[ranged[0]] = 0.0, np.inf
            changed = True
    return changed


def _narrowed(values, eqs, cells, rows, lower, upper, passes: int = 50) -> np.ndarray:
    """For one (large) component: hidden cells whose range, narrowed equation by equation against the
    others' ranges until nothing changes, closes to one value. Sound but not exhaustive: it finds what a
    reader gets from each total on its own, not from combining several."""
    hidden = np.zeros(values.size, dtype=bool)
    hidden[cells] = True
    low = np.where(hidden, lower, values).astype(float)
    high = np.where(hidden, upper, values).astype(float)
    for _ in range(passes):
        changed = False
        for k in rows:
            eq = eqs[k]
            sign = np.ones(eq.size)
            sign[0] = -1.0  # -total + parts == 0
            term_low = np.where(sign > 0, low[eq], -high[eq])
            term_high = np.where(sign > 0, high[eq], -low[eq])
            rest_low, rest_high = _sum_of_others(term_low), _sum_of_others(term_high)
            new_low = np.maximum(low[eq], np.ceil(np.where(sign > 0, -rest_high, rest_low) - 1e-6))
            new_high = np.minimum(high[eq], np.floor(np.where(sign > 0, -rest_low, rest_high) + 1e-6))
            if np.any(new_low > low[eq]) or np.any(new_high < high[eq]):
                low[eq], high[eq] = new_low, new_high
                changed = True
        if not changed:
            break
    return low[cells] >= high[cells]


def _sum_of_others(terms: np.ndarray) -> np.ndarray:
    """For each position, the sum of the other terms (infinite terms all share one sign here)."""
    infinite = np.isinf(terms)
    finite = np.where(infinite, 0.0, terms)
    others = finite.sum() - finite
    if not infinite.any():
        return others
    return np.where(infinite.sum() - infinite > 0, np.sign(terms[infinite][0]) * np.inf, others)


def _cover_each(values, eqs, rows, exposed, hide) -> bool:
    """Hide a visible cell beside every exposed cell at once (one per equation); False if none was found."""
    touched: set[int] = set()
    added = False
    for cell in exposed:
        own = [k for k in rows if np.any(eqs[k] == cell)]
        if touched.intersection(own):
            continue
        pick = _complement(values, eqs, own, hide)
        if pick is not None:
            hide[pick] = True
            touched.update(own)
            added = True
    return added

"""Complementary suppression against the range a reader can give every hidden count, by linear programming.

``disclosure`` asks whether a hidden count can be worked out exactly. A reader learns more than that: with
"<10" parts under a total of 2, each part is 1..1; with a "<10" count beside a hidden one of 40, a band of 57
and a White count of 10, the "<10" is 7..7, and one of 3..6 would still be narrower than what "<10" itself says.

The rule (``Rule.safe``): a hidden count must keep at least as many possible values as "<N" leaves (1..N-1,
or 0..N-1 when zeros are hidden too), or a range that covers both 0 and N (a reader cannot tell whether it is
small at all). A count that no table shows (people with no organisation or no staff group: an *implicit*
count) is judged only when it could be small.

For every group of linked unknown counts linear programmes (HiGHS, through highspy) give the
smallest and largest value of each count consistent with every published count, every equation and what "<N"
says. Every solution is a table a reader cannot rule out, so the values each count takes across solutions
(starting from the true counts) are inside its range: a count seen to move widely enough is safe without a
programme of its own. Hiding more only adds tables, so what was seen stays true while counts are added.

A count found unsafe takes one more published count beside it into hiding, the cheapest by ``cost``
first; when nothing is left to hide, a "<N" range is withheld ("*"). Rounds repeat until every count is safe;
then each further hidden count is shown again, the most costly first, if the rule still holds without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wres_cli.statistics.disclosure import _components, _counts, _equations, _mask

_EPS = 1e-6
SEEDS = 1  # random directions solved for first, whose solutions show most counts free to move widely


@dataclass(frozen=True)
class Rule:
    """What a reader may learn of a hidden count."""

    threshold: int
    suppress_zeros: bool = False

    def safe(self, low: float, high: float) -> bool:
        if low <= 0 and high >= self.threshold:
            return True
        needed = self.threshold if self.suppress_zeros else self.threshold - 1
        return (high - low + 1 if math.isfinite(high) else math.inf) >= needed

    def could_be_small(self, low: float, high: float) -> bool:
        return low <= self.threshold - 1 and high >= (0 if self.suppress_zeros else 1)


def ranges(values, eqs, cells: np.ndarray, rows: list[int], lower, upper) -> dict[int, tuple[float, float]]:
    """(low, high) of every cell in ``cells`` (the unknown counts of one linked group), given the other cells'
    values, the equations ``rows`` and each unknown's ``lower``..``upper``; whole numbers, rounded inwards."""
    system = _System(values, eqs, cells, rows, lower, upper)
    return {int(c): system.exact(j) for j, c in enumerate(cells)}


class _System:
    """The equations of one linked group as A x = b over its unknown counts, and the values seen in solutions.

    One HiGHS model per group: every programme of the group has the same equations and bounds and only another
    objective, so each is solved from the basis of the one before (a few simplex steps, not a new solve)."""

    def __init__(self, values, eqs, cells: np.ndarray, rows: list[int], lower, upper) -> None:
        import highspy

        column = {int(c): j for j, c in enumerate(cells)}
        data, row_of, col_of = [], [], []
        rhs = np.zeros(len(rows))
        for r, k in enumerate(rows):
            for position, cell in enumerate(eqs[k]):
                sign = 1.0 if position == 0 else -1.0
                j = column.get(int(cell))
                if j is None:
                    rhs[r] -= sign * values[cell]
                else:
                    data.append(sign)
                    row_of.append(r)
                    col_of.append(j)
        order = np.lexsort((row_of, col_of))  # column by column, as HiGHS takes a sparse matrix
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = cells.size, len(rows)
        lp.col_cost_ = np.zeros(cells.size)
        lp.col_lower_ = np.asarray(lower, dtype=float)[cells]
        lp.col_upper_ = np.minimum(np.asarray(upper, dtype=float)[cells], highspy.kHighsInf)
        lp.row_lower_ = lp.row_upper_ = rhs
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        starts = np.searchsorted(np.asarray(col_of, np.int64)[order], np.arange(cells.size + 1))
        lp.a_matrix_.start_ = starts.astype(np.int32)
        lp.a_matrix_.index_ = np.asarray(row_of, np.int32)[order]
        lp.a_matrix_.value_ = np.asarray(data, float)[order]
        # the class without highspy's Python layer, which prints HiGHS's banner on stdout when it is made
        self.highs = highspy._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self.optimal = highspy.HighsModelStatus.kOptimal
        self.columns = np.arange(cells.size, dtype=np.int32)
        self.low = values[cells].astype(float)  # the true counts are one solution
        self.high = self.low.copy()

    def solve(self, objective: np.ndarray) -> float | None:
        """The smallest value of ``objective`` (None when it has none: no solution, or no bound)."""
        self.highs.changeColsCost(self.columns.size, self.columns, objective.astype(float))
        self.highs.run()
        if self.highs.getModelStatus() != self.optimal:
            return None
        x = np.asarray(self.highs.getSolution().col_value)
        np.minimum(self.low, x, out=self.low)
        np.maximum(self.high, x, out=self.high)
        return float(self.highs.getInfo().objective_function_value)

    def seen(self, j: int) -> tuple[float, float]:
        return float(math.ceil(self.low[j] - _EPS)), float(math.floor(self.high[j] + _EPS))

    def exact(self, j: int) -> tuple[float, float]:
        return self.smallest(j), self.largest(j)

    def smallest(self, j: int) -> float:
        objective = np.zeros(self.low.size)
        objective[j] = 1.0
        low = self.solve(objective)
        return float(math.ceil(low - _EPS)) if low is not None else 0.0

    def largest(self, j: int) -> float:
        objective = np.zeros(self.low.size)
        objective[j] = -1.0
        high = self.solve(objective)
        return math.inf if high is None else float(math.floor(-high + _EPS))

    def spread(self, pending: list[int]) -> None:
        """Push the pending counts down together, then up, and in random directions."""
        objective = np.zeros(self.low.size)
        objective[pending] = 1.0
        self.solve(objective)
        self.solve(-objective)
        rng = np.random.default_rng(len(pending))
        for _ in range(SEEDS):
            objective[pending] = rng.choice((-1.0, 1.0), size=len(pending))
            self.solve(objective)
            self.solve(-objective)


def protect(
    values,
    equations,
    primary,
    bounds: tuple[np.ndarray, np.ndarray],
    rule: Rule,
    *,
    implicit=None,
    cost=None,
    max_rounds: int = 2000,
    trim_above: float = -math.inf,
    locked=None,
    futile: list | None = None,
    free=None,
) -> tuple[np.ndarray, np.ndarray]:
    """(secondary, vague): published counts to hide as well, and "<N" counts to show without their range.

    ``primary``: the small counts, hidden as "<N" with ``bounds`` (lower, upper) saying what a reader knows of
    them. ``implicit``: counts no table shows (never hidden or shown, but unknown to a reader and judged when
    they could be small). ``cost``: the price of hiding each published count (lower is hidden first); those
    costing more than ``trim_above`` are shown again at the end where the rule allows. ``locked``: counts that
    are never hidden (a reader knows them whatever is shown, such as the 0 that a total of no rows is).
    ``futile``: a list that receives the counts no hiding can protect (worked out from locked counts alone).
    ``free``: counts no reader sees or asks about, that only bound the others (0 or more): never judged."""
    v = _counts(values)
    eqs = _equations(equations, v)
    start = _mask(primary, v.size) & (True if locked is None else ~_mask(locked, v.size))
    spare = np.zeros(v.size, bool) if implicit is None else _mask(implicit, v.size)
    loose = np.zeros(v.size, bool) if free is None else _mask(free, v.size)
    spare &= ~loose
    price = np.zeros(v.size) if cost is None else np.asarray(cost, dtype=float)
    lower, upper = (np.asarray(b, dtype=float).copy() for b in bounds)
    lower[~start], upper[~start] = 0.0, np.inf
    state = _State(v, eqs, rule, start | spare | loose, spare, price, lower, upper)
    state.start = start
    state.free = loose
    state.safe |= loose
    if locked is not None:
        state.locked = _mask(locked, v.size)
    for _ in range(max_rounds):
        if not state.round():
            break
    state.trim(start, trim_above)
    if futile is not None:
        futile.extend(sorted(set(state.futile)))
    return state.hide & ~start & ~spare & ~loose, start & (lower == 0) & np.isinf(upper) & (bounds[1] < np.inf)


class _State:
    def __init__(self, values, eqs, rule, hide, spare, price, lower, upper) -> None:
        self.v, self.eqs, self.rule = values, eqs, rule
        self.hide, self.spare, self.price = hide, spare, price
        self.lower, self.upper = lower, upper
        self.safe = np.zeros(values.size, bool)  # shown safe for the counts hidden so far
        self.locked = np.zeros(values.size, bool)
        self.free = np.zeros(values.size, bool)  # unknown, never judged (see protect)
        self.futile: list[int] = []  # counts no further hiding can protect
        self.cells_of: dict[int, list[int]] = {}
        for k, eq in enumerate(eqs):
            for cell in eq:
                self.cells_of.setdefault(int(cell), []).append(k)

    def _fine(self, cell: int, low: float, high: float, exact: bool) -> bool:
        if self.free[cell] or self.rule.safe(low, high):
            return True
        return exact and self.spare[cell] and not self.rule.could_be_small(low, high)

    def _judge(self, system: _System, cell: int, j: int) -> bool:
        """Whether one count's exact range keeps the rule: its smallest value first, which often settles it
        (a range from 0 past what was seen, or an implicit count that cannot be small)."""
        low = system.smallest(j)
        if self.rule.safe(low, system.seen(j)[1]):
            return True
        if self.spare[cell] and low > self.rule.threshold - 1:
            return True
        return self._fine(cell, low, system.largest(j), exact=True)

    def unsafe(
        self, cells: np.ndarray, rows: list[int], *, first: bool = True, near: frozenset = frozenset()
    ) -> list[int]:
        """Counts of a linked group whose range breaks the rule (with ``first``, at most one; the counts in
        ``near`` are judged first, as the likeliest to fail)."""
        pending = [j for j, c in enumerate(cells) if not self.safe[c]]
        pending.sort(key=lambda j: int(cells[j]) not in near)
        if not pending:
            return []
        if cells.size == 1 and rows:  # the only unknown in its equations: a reader has its exact value
            value = float(self.v[cells[0]])
            if self._fine(int(cells[0]), value, value, exact=True):
                self.safe[cells[0]] = True
                return []
            return [int(cells[0])]
        system = _System(self.v, self.eqs, cells, rows, self.lower, self.upper)
        while pending:
            system.spread(pending)
            left = [j for j in pending if not self._fine(cells[j], *system.seen(j), exact=False)]
            self.safe[cells[[j for j in pending if j not in left]]] = True
            if len(left) == len(pending):
                break
            pending = left
        bad = []
        for j in pending:
            if self.safe[cells[j]] or self._fine(cells[j], *system.seen(j), exact=False):
                self.safe[cells[j]] = True
                continue
            if self._judge(system, int(cells[j]), j):
                self.safe[cells[j]] = True
                continue
            bad.append(int(cells[j]))
            if first:
                break
        return bad

    def round(self) -> bool:
        """Judge every linked group once and hide a count beside each unsafe one; False when all are safe."""
        changed = self._lone()
        for cells, rows in _components(self.eqs, self.hide):
            bad = self.unsafe(cells, rows, first=False)
            if not bad:
                continue
            changed = True
            touched: set[int] = set()
            for cell in bad:
                own = set(self.cells_of.get(cell, []))
                if own & touched:
                    continue
                touched |= own
                if self._fix(cell):
                    continue
                if self.start[cell] or self.spare[cell]:
                    # worked out from counts that are shown whatever happens (zeros, sums of no rows, public
                    # counts, counts known anyway): hiding more cannot protect it
                    self.futile.append(cell)
                    self.safe[cell] = True
                    continue
                self.hide[cell], self.locked[cell] = False, True  # known whatever is shown: show it
        return changed

    def _fix(self, bad: int) -> bool:
        """Hide the cheapest published count in the equations nearest the unsafe count, or else withhold a
        "<N" range there: its own equations first, then those one hidden count further, and so on."""
        for ring in self._rings(bad):
            near = [bad, *np.unique(np.concatenate([self.eqs[k] for k in ring])).tolist()]
            if self._cover(bad, ring) or self._widen(near):
                return True
        return False

    def _rings(self, bad: int):
        done: set[int] = set()
        frontier, reached = {bad}, {bad}
        while frontier:
            ring = {k for c in frontier for k in self.cells_of.get(c, [])} - done
            if not ring:
                return
            done |= ring
            yield sorted(ring)
            frontier = {int(c) for k in ring for c in self.eqs[k] if self.hide[c]} - reached
            reached |= frontier

    def _lone(self) -> bool:
        """Give every equation with exactly one hidden count a second one (the one is plainly given away)."""
        changed, again = False, True
        while again:
            again = False
            for k, eq in enumerate(self.eqs):
                unknown = eq[self.hide[eq]]
                # an implicit count alone in an equation is worked out by any reader: the rule judges it
                if (
                    unknown.size == 1
                    and not (self.spare[unknown[0]] or self.free[unknown[0]])
                    and self._cover(int(unknown[0]), [k])
                ):
                    again = changed = True
        return changed

    def _alone(self, k: int) -> bool:
        hidden = self.eqs[k][self.hide[self.eqs[k]]]
        return hidden.size == 1 and not (self.spare[hidden[0]] or self.free[hidden[0]])

    def _cover(self, bad: int, pool: list[int]) -> bool:
        """Hide the cheapest published count in the equations ``pool`` (of an unsafe count)."""
        candidates = np.unique(np.concatenate([self.eqs[k] for k in pool] or [np.zeros(0, np.int64)]))
        candidates = candidates[~self.hide[candidates] & ~self.locked[candidates]]
        if not candidates.size:
            return False
        self.hide[candidates[np.lexsort((candidates, self.price[candidates]))[0]]] = True
        return True

    def _widen(self, among: list[int]) -> bool:
        """Nothing beside an unsafe count is left to hide: show a "<N" count (the unsafe one first) as "*"."""
        ranged = [c for c in among if self.hide[c] and (self.lower[c] > 0 or np.isfinite(self.upper[c]))]
        if not ranged:
            return False
        self.lower[ranged[0]], self.upper[ranged[0]] = 0.0, np.inf
        return True

    def trim(self, start: np.ndarray, above: float) -> None:
        """Show again each further hidden count costing more than ``above``, the most costly first, when the
        rule still holds without it. Showing a count takes tables away, so its group is judged afresh."""
        extra = np.flatnonzero(self.hide & ~start & ~self.spare & ~self.free & (self.price > above))
        for cell in extra[np.lexsort((-extra, -self.price[extra]))]:
            self.hide[cell] = False
            own = self.cells_of.get(int(cell), [])
            if any(self._alone(k) for k in own):  # a hidden count left alone in a total: plainly given away
                self.hide[cell] = True
                continue
            near = frozenset(int(c) for k in own for c in self.eqs[k])
            kept = self.safe.copy()
            for cells, rows in _components(self.eqs, self.hide):
                if not any(k in rows for k in own):
                    continue
                self.safe[cells] = False
                if self.unsafe(cells, rows, near=near):
                    self.hide[cell] = True
                    self.safe = kept
                    break

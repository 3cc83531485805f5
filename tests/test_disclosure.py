"""Primary and secondary suppression on small hand-made tables, and on random tables checked by an LP solver.

The checker is independent of the implementation: scipy's linprog finds the smallest and largest value each
hidden cell can take given every visible cell, every published total and what '<N' tells a reader. A cell
whose range closes to one whole number is recoverable (a table with margins has whole-number extremes).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from wres_cli.statistics import disclosure


def grid(body) -> tuple[np.ndarray, list[list[int]], int, int]:
    """A table with margins as (values, equations, rows, columns).

    Cells are numbered row by row: the body, then the row totals, then the column totals, then the grand total.
    """
    body = np.asarray(body, dtype=np.int64)
    r, c = body.shape
    values = np.concatenate((body.ravel(), body.sum(axis=1), body.sum(axis=0), [body.sum()]))
    row_total, col_total, grand = r * c, r * c + r, r * c + r + c
    equations = [[row_total + i, *range(i * c, (i + 1) * c)] for i in range(r)]
    equations += [[col_total + j, *range(j, r * c, c)] for j in range(c)]
    equations += [[grand, *range(row_total, row_total + r)], [grand, *range(col_total, col_total + c)]]
    return values, equations, r, c


def lp_ranges(values, equations, lower, upper, hidden):
    """(low, high) of every hidden cell over all tables consistent with what is published; high None if unbounded."""
    size = len(values)
    a_eq = np.zeros((len(equations), size))
    for row, eq in enumerate(equations):
        a_eq[row, eq[0]] -= 1
        a_eq[row, eq[1:]] += 1
    bounds = [
        (float(lower[i]), None if math.isinf(upper[i]) else float(upper[i]))
        if hidden[i]
        else (float(values[i]),) * 2
        for i in range(size)
    ]
    out = {}
    for cell in np.flatnonzero(hidden):
        c = np.zeros(size)
        c[cell] = 1
        low = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        assert low.status == 0 and high.status in (0, 3), "the published table must be consistent"
        out[int(cell)] = (low.fun, None if high.status == 3 else -high.fun)  # status 3: unbounded above
    return out


def lp_recoverable(values, equations, lower, upper, hidden) -> list[int]:
    """Hidden cells with only one whole number in their range."""
    return [
        cell
        for cell, (low, high) in lp_ranges(values, equations, lower, upper, hidden).items()
        if high is not None and math.ceil(low - 1e-6) >= math.floor(high + 1e-6)
    ]


def suppress(values, equations, threshold, *, suppress_zeros=False):
    """(primary, secondary, lower, upper): the package's masks and what a reader knows of every cell.

    A small count whose range is withheld (shown like any other hidden cell) is known only to be a count.
    """
    primary = disclosure.primary_mask(values, threshold, suppress_zeros=suppress_zeros)
    bounds = disclosure.reader_bounds(primary, threshold, suppress_zeros=suppress_zeros)
    secondary, vague = disclosure.protect(values, equations, primary, bounds)
    assert np.array_equal(secondary, disclosure.secondary_mask(values, equations, primary, bounds))
    assert not (primary & secondary).any() and not (vague & ~primary).any()
    lower, upper = bounds
    return primary, secondary, np.where(vague, 0.0, lower), np.where(vague, np.inf, upper)


# --- primary_mask and reader_bounds ------------------------------------------------------------------


def test_primary_mask_hides_one_to_n_minus_one():
    values = [0, 1, 4, 5, 9, 10, 250]
    assert disclosure.primary_mask(values, 5).tolist() == [False, True, True, False, False, False, False]
    assert disclosure.primary_mask(values, 10).tolist() == [False, True, True, True, True, False, False]
    zeros = disclosure.primary_mask(values, 5, suppress_zeros=True)
    assert zeros.tolist() == [True, True, True, False, False, False, False]


@pytest.mark.parametrize("values", [[1.5, 2], [-1, 3], [np.nan, 1], [[1, 2], [3, 4]]])
def test_primary_mask_refuses_what_is_not_a_count(values):
    with pytest.raises(ValueError):
        disclosure.primary_mask(values, 5)


def test_reader_bounds():
    primary = np.array([True, False, True])
    lower, upper = disclosure.reader_bounds(primary, 10)
    assert lower.tolist() == [1, 0, 1] and upper.tolist() == [9, np.inf, 9]
    lower, upper = disclosure.reader_bounds(primary, 10, suppress_zeros=True)
    assert lower.tolist() == [0, 0, 0] and upper.tolist() == [9, np.inf, 9]


def test_equations_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match="does not add up"):
        disclosure.secondary_mask([10, 3, 4], [[0, 1, 2]], [False, True, False])
    with pytest.raises(ValueError, match="does not exist"):
        disclosure.secondary_mask([7, 3, 4], [[0, 1, 5]], [False, True, False])


# --- secondary_mask on hand-made tables --------------------------------------------------------------


def test_two_by_three_table_with_margins():
    """One small cell: its row and column each need a second hidden cell, and so does the fourth corner.

    20  3  15 | 38          20  <5  *  | 38
    12 30  25 | 67    ->    12   *  *  | 67
    32 33  40 | 105         32  33  40 | 105
    """
    values, equations, _, _ = grid([[20, 3, 15], [12, 30, 25]])
    primary, secondary, lower, upper = suppress(values, equations, 5)
    assert np.flatnonzero(primary).tolist() == [1]
    # the row's next-smallest cell is 15 (index 2), the column's is 30 (index 4); then 25 closes the rectangle
    assert np.flatnonzero(secondary).tolist() == [2, 4, 5]
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


def test_a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it():
    """Row 7 + 2 + 40 = 49 with no column totals: hiding 2 alone, 49 - 7 - 40 gives it away."""
    values = np.array([49, 7, 2, 40])
    equations = [[0, 1, 2, 3]]
    hidden = disclosure.primary_mask(values, 5)
    assert disclosure.recoverable(values, equations, hidden).tolist() == [False, False, True, False]
    secondary = disclosure.secondary_mask(values, equations, hidden, disclosure.reader_bounds(hidden, 5))
    assert np.flatnonzero(secondary).tolist() == [1]  # 7, the next-smallest, not 40 or the total
    assert not disclosure.recoverable(values, equations, hidden | secondary).any()


def test_six_small_cells_summing_to_a_published_six_are_not_left_recoverable():
    """Six '<5' cells and a visible 20 under a total of 26: each hidden cell is at least 1, so the six must be 1."""
    values = np.array([26, 1, 1, 1, 1, 1, 1, 20])
    equations = [[0, 1, 2, 3, 4, 5, 6, 7]]
    primary = disclosure.primary_mask(values, 5)
    lower, upper = disclosure.reader_bounds(primary, 5)
    # without the bounds nothing is determined; with them every cell is pinned to 1
    assert not disclosure.recoverable(values, equations, primary).any()
    assert disclosure.recoverable(values, equations, primary, (lower, upper)).tolist() == [
        False,
        *[True] * 6,
        False,
    ]
    assert lp_recoverable(values, equations, lower, upper, primary) == [1, 2, 3, 4, 5, 6]
    secondary = disclosure.secondary_mask(values, equations, primary, (lower, upper))
    assert secondary.any()
    assert not disclosure.recoverable(values, equations, primary | secondary, (lower, upper)).any()
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


def test_six_small_cells_summing_to_six_in_a_table_with_margins():
    values, equations, _, _ = grid([[1, 1, 1, 1, 1, 1, 20], [8, 9, 10, 11, 12, 13, 30]])
    primary, secondary, lower, upper = suppress(values, equations, 5)
    assert primary.sum() == 6
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


def test_total_only_case():
    """Every part is small and only the total is visible: 3 + 3 = 6 with '<4' parts pins both to 3.

    The total is the only cell left that can be hidden.
    """
    values = np.array([6, 3, 3])
    equations = [[0, 1, 2]]
    primary, secondary, lower, upper = suppress(values, equations, 4)
    assert primary.tolist() == [False, True, True]
    assert lp_recoverable(values, equations, lower, upper, primary) == [1, 2]
    assert secondary.tolist() == [True, False, False]
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


def test_a_total_of_a_single_part_is_the_part():
    """A section whose Total has one band (3 = 3) beside a section of 30, under a grand total of 33: both 3s are
    small, and the 30 must go too, or 33 - 30 gives them away."""
    values = np.array([3, 3, 30, 33])
    equations = [[0, 1], [3, 0, 2]]
    primary, secondary, lower, upper = suppress(values, equations, 5)
    assert primary.tolist() == [True, True, False, False]
    assert secondary.tolist() == [False, False, True, False]
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


def test_when_everything_is_hidden_a_range_is_withheld():
    """1 + 1 = 2 with '<3' everywhere: parts of at least 1 under a total of at most 2 are both 1, and no cell is
    left to hide. Some cells are then shown like any other hidden cell, without their '<3' range."""
    values, equations, _, _ = grid([[1, 1]])
    primary = disclosure.primary_mask(values, 3)
    assert primary.all()
    bounds = disclosure.reader_bounds(primary, 3)
    assert disclosure.recoverable(values, equations, primary, bounds).all()
    secondary, vague = disclosure.protect(values, equations, primary, bounds)
    assert not secondary.any() and vague.any()
    _, _, lower, upper = suppress(values, equations, 3)
    assert lp_recoverable(values, equations, lower, upper, primary) == []


def test_nine_organisations_of_one_under_a_total_of_nine():
    """With --by org, 'All' = 1 + ... + 1 = 9 < 10: every '<10' org must be 1 unless a range is withheld."""
    values = np.array([9, *[1] * 9])
    equations = [list(range(10))]
    primary, secondary, lower, upper = suppress(values, equations, 10)
    assert primary.all() and not secondary.any()
    assert lp_recoverable(values, equations, lower, upper, primary) == []


def test_nothing_small_hides_nothing():
    values, equations, _, _ = grid([[20, 30], [40, 50]])
    primary, secondary, _, _ = suppress(values, equations, 10)
    assert not primary.any() and not secondary.any()


def test_zeros_stay_visible_unless_asked():
    values, equations, _, _ = grid([[0, 30, 12], [25, 0, 40]])
    primary, secondary, _, _ = suppress(values, equations, 10)
    assert not (primary | secondary).any()
    primary, secondary, lower, upper = suppress(values, equations, 10, suppress_zeros=True)
    assert primary[[0, 4]].all()
    assert lp_recoverable(values, equations, lower, upper, primary | secondary) == []


# --- recoverable against the LP checker ---------------------------------------------------


@st.composite
def tables(draw, most_rows: int = 4, most_columns: int = 5):
    rows = draw(st.integers(1, most_rows))
    columns = draw(st.integers(2, most_columns))
    cell = st.one_of(st.integers(0, 12), st.integers(0, 60))
    body = draw(st.lists(cell, min_size=rows * columns, max_size=rows * columns))
    return np.array(body).reshape(rows, columns)


@settings(max_examples=100, deadline=None)
@given(body=tables(), data=st.data())
def test_recoverable_agrees_with_lp_without_bounds(body, data):
    """With no bounds beyond 'a count is never negative', recoverable() is exact: compare with the LP."""
    values, equations, _, _ = grid(body)
    hidden = np.array(data.draw(st.lists(st.booleans(), min_size=values.size, max_size=values.size)))
    lower, upper = np.zeros(values.size), np.full(values.size, np.inf)
    found = np.flatnonzero(disclosure.recoverable(values, equations, hidden)).tolist()
    assert found == lp_recoverable(values, equations, lower, upper, hidden)


@settings(max_examples=100, deadline=None)
@given(body=tables(), threshold=st.sampled_from([3, 5, 10]), data=st.data())
def test_recoverable_with_a_readers_bounds_agrees_with_lp(body, threshold, data):
    """What '<N' tells a reader (1..N-1) is taken into account exactly, with other cells hidden at random."""
    values, equations, _, _ = grid(body)
    primary = disclosure.primary_mask(values, threshold)
    extra = np.array(data.draw(st.lists(st.booleans(), min_size=values.size, max_size=values.size)))
    hidden = primary | extra
    lower, upper = disclosure.reader_bounds(primary, threshold)
    found = np.flatnonzero(disclosure.recoverable(values, equations, hidden, (lower, upper))).tolist()
    assert found == lp_recoverable(values, equations, lower, upper, hidden)


# --- the property: after suppression nothing hidden can be worked out --------------------------------


@settings(max_examples=100, deadline=None)
@given(body=tables(), threshold=st.sampled_from([3, 5, 10]), zeros=st.booleans())
def test_no_hidden_cell_of_a_random_table_is_recoverable(body, threshold, zeros):
    values, equations, _, _ = grid(body)
    primary, secondary, lower, upper = suppress(values, equations, threshold, suppress_zeros=zeros)
    hidden = primary | secondary
    assert np.array_equal(primary, disclosure.primary_mask(values, threshold, suppress_zeros=zeros))
    assert lp_recoverable(values, equations, lower, upper, hidden) == []


def test_a_count_given_by_counts_that_are_always_shown_is_reported_not_a_crash():
    """5 = a + 0, with the total public (locked) and the zero never hidden: no hiding can protect a. The
    protection says so (``futile``) instead of failing, and the run warns; nothing else is hidden in vain."""
    from wres_cli.statistics import disclosure_lp

    values = np.array([5, 5, 0])
    primary = np.array([False, True, False])
    bounds = disclosure.reader_bounds(primary, 10)
    futile: list[int] = []
    secondary, _ = disclosure_lp.protect(
        values,
        [[0, 1, 2]],
        primary,
        bounds,
        disclosure_lp.Rule(10),
        locked=np.array([True, False, True]),
        futile=futile,
    )
    assert futile == [1]
    assert not secondary.any()

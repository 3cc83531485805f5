"""Properties every figure must have, whatever the data: checked on generated workforces (hypothesis).

Each example computes indicators 1, 3 and 4 (percentages and relative likelihoods) from a generated file, so
a few examples per property keep the suite fast while still covering empty groups, zeros and ties.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import expand, write
from wres_cli import api
from wres_cli.indicators.registry import Registry, load_registry

REGISTRY = Registry(
    [i for i in load_registry().indicators if i.framework == "nhs-wres" and i.id in ("1", "3", "4")]
)
KEY = ["indicator", "section", "breakdown", "group", "measure"]
FIGURES = ["numerator", "denominator", "value", "ci_low", "ci_high", "p_value", "status"]
SWAP = {"A": "N", "C": "H", "N": "A", "H": "C"}  # White British/other <-> Black African/Indian
EXAMPLES = settings(max_examples=6, deadline=None, derandomize=True)

cells = st.lists(
    st.fixed_dictionaries(
        {
            "Ethnicity": st.sampled_from(["A", "C", "N", "H", "Z"]),
            "Pay Band": st.sampled_from(["Band 5", "Band 8a"]),
            "n": st.integers(1, 25),
            "Disciplinary": st.integers(0, 25),
            "Non-mandatory training": st.integers(0, 25),
        }
    ),
    min_size=2,
    max_size=8,
)


def figures(frame: pd.DataFrame, **options) -> pd.DataFrame:
    """The tidy rows of indicators 1, 3 and 4 for a workforce frame, in a fixed order."""
    with tempfile.TemporaryDirectory() as directory:
        path = write(Path(directory) / "workforce.csv", frame)
        rows = api.compute(path, registry=REGISTRY, **options).rows
    return rows[KEY + FIGURES].sort_values(KEY).reset_index(drop=True)


def ratios(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.loc[rows["measure"] == "relative_likelihood"].set_index(["indicator", "breakdown"])


def assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=1e-12, atol=0)


@EXAMPLES
@given(cells, st.data())
def test_row_order_changes_no_figure(spec, data):
    people = expand(spec)
    order = data.draw(st.permutations(range(len(people))))
    assert_same(figures(people.iloc[list(order)]), figures(people))


@EXAMPLES
@given(cells)
def test_aggregated_rows_with_count_equal_record_rows(spec):
    assert_same(figures(expand(spec, counts=True)), figures(expand(spec)))


@EXAMPLES
@given(cells)
def test_swapping_white_and_bme_inverts_every_ratio_and_its_interval(spec):
    original = expand(spec, counts=True)
    swapped = original.assign(Ethnicity=original["Ethnicity"].replace(SWAP))
    before, after = figures(original), figures(swapped)
    # percentages: White's figures become BME's and the other way round
    relabelled = after.assign(group=after["group"].replace({"White": "BME", "BME": "White"}))
    percents = before["measure"] == "percent"
    assert_same(
        relabelled.loc[relabelled["measure"] == "percent"].sort_values(KEY).reset_index(drop=True),
        before.loc[percents].reset_index(drop=True),
    )
    # ratios: the same row (same orientation label) now holds the reciprocal, interval ends swapped
    old, new = ratios(before), ratios(after)
    assert (old["status"] == new["status"]).all()
    computed = old["status"] == "computed"
    for column, other in [("value", "value"), ("ci_low", "ci_high"), ("ci_high", "ci_low")]:
        expected = 1 / old.loc[computed, other].astype(float)
        np.testing.assert_allclose(new.loc[computed, column].astype(float), expected, rtol=1e-9)
    np.testing.assert_allclose(
        new.loc[computed, "p_value"].astype(float), old.loc[computed, "p_value"].astype(float), rtol=1e-9
    )


@EXAMPLES
@given(cells, st.integers(2, 5))
def test_multiplying_every_count_by_k_keeps_ratios_and_narrows_intervals(spec, k):
    aggregated = expand(spec, counts=True)
    before = figures(aggregated)
    after = figures(aggregated.assign(Count=aggregated["Count"] * k))
    assert (before["status"] == after["status"]).all()
    computed = (before["status"] == "computed").to_numpy()
    value = before["value"].astype(float).to_numpy()
    np.testing.assert_allclose(after["value"].astype(float).to_numpy()[computed], value[computed], rtol=1e-9)
    width = (before["ci_high"].astype(float) - before["ci_low"].astype(float)).to_numpy()
    narrower = (after["ci_high"].astype(float) - after["ci_low"].astype(float)).to_numpy()
    assert (narrower[computed] <= width[computed] + 1e-12).all()
    assert (narrower[computed & (width > 0)] < width[computed & (width > 0)]).all()
    # a ratio's interval is symmetric about ln(ratio), so the new one lies inside the old one
    old, new = ratios(before), ratios(after)
    ok = old["status"] == "computed"
    assert (new.loc[ok, "ci_low"].astype(float) >= old.loc[ok, "ci_low"].astype(float) - 1e-12).all()
    assert (new.loc[ok, "ci_high"].astype(float) <= old.loc[ok, "ci_high"].astype(float) + 1e-12).all()


def _hidden(value: object) -> bool:
    return isinstance(value, str)


@EXAMPLES
@given(cells, st.integers(3, 10))
def test_suppress_hides_small_counts_and_changes_nothing_else(spec, threshold):
    people = expand(spec, counts=True)
    plain, hidden = figures(people), figures(people, suppress=threshold)
    assert_same(hidden[[*KEY, "status"]], plain[[*KEY, "status"]])
    for column in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        shown = ~hidden[column].map(_hidden)
        # whatever is still published is exactly the unsuppressed figure
        a = pd.to_numeric(hidden.loc[shown, column]).to_numpy(dtype=float)
        b = pd.to_numeric(plain.loc[shown, column]).to_numpy(dtype=float)
        np.testing.assert_allclose(a, b, rtol=1e-12, equal_nan=True)
        if column in ("numerator", "denominator"):
            # no published count from 1 to threshold - 1
            assert not ((a >= 1) & (a < threshold)).any()
            # every hidden cell hides a count (never a blank), shown as '<N' or '*'
            assert hidden.loc[~shown, column].isin([f"<{threshold}", "*"]).all()
    # a ratio is published exactly as computed, or withheld ('*') with the hidden counts it rests on
    kept, computed = ratios(hidden), ratios(plain)
    published = ~kept["value"].map(_hidden).to_numpy()
    assert kept.loc[~published, "value"].eq("*").all()
    np.testing.assert_allclose(
        kept.loc[published, "value"].astype(float), computed.loc[published, "value"].astype(float), rtol=1e-12
    )
    # a hidden count can never be worked out by subtracting shown ones from a shown total
    bands = hidden.loc[(hidden["indicator"] == "1") & (hidden["section"] != "Overall workforce")]
    for _, cells_of_band in bands.groupby(["section", "breakdown"]):
        if not cells_of_band["denominator"].map(_hidden).any():
            assert cells_of_band["numerator"].map(_hidden).sum() != 1, cells_of_band
    for _, cells_of_group in bands.groupby(["section", "group"]):
        total = cells_of_group.loc[cells_of_group["breakdown"] == "Total", "numerator"]
        parts = cells_of_group.loc[cells_of_group["breakdown"] != "Total", "numerator"]
        if len(total) == 1 and not _hidden(total.iloc[0]):
            assert parts.map(_hidden).sum() != 1, cells_of_group


def test_hand_worked_ratio_and_its_reciprocal():
    """10 of 75 BME and 12 of 225 White staff entered disciplinary: 2.5 (score 95% 1.1376-5.4074, the worked
    example of docs/statistics.md); swapped 0.4, with the reciprocal interval."""
    spec = [
        {"Ethnicity": "N", "Pay Band": "Band 5", "n": 75, "Disciplinary": 10, "Non-mandatory training": 0},
        {"Ethnicity": "A", "Pay Band": "Band 5", "n": 225, "Disciplinary": 12, "Non-mandatory training": 0},
    ]
    frame = expand(spec, counts=True)
    row = ratios(figures(frame)).loc[("3", "Entered formal disciplinary process")]
    assert float(row["value"]) == pytest.approx(2.5)
    assert (float(row["ci_low"]), float(row["ci_high"])) == pytest.approx((1.1376, 5.4074), abs=5e-5)
    flipped = frame.assign(Ethnicity=frame["Ethnicity"].replace(SWAP))
    back = ratios(figures(flipped)).loc[("3", "Entered formal disciplinary process")]
    assert float(back["value"]) == pytest.approx(0.4)
    assert float(back["ci_low"]) == pytest.approx(1 / 5.4074, abs=5e-5)
    assert math.isclose(float(back["ci_high"]) * float(row["ci_low"]), 1.0, rel_tol=1e-9)

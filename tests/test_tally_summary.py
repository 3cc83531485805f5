"""Context.tally answers from a per-dataset summary; the figures must equal a tally over the records."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wres_cli.indicators.contract import Context
from wres_cli.inputs.dataset import Dataset
from wres_cli.tallies.tally import summarise, tally_frame

GROUPS = pd.CategoricalDtype(["White", "BME", "Unknown"])


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ethnicity": pd.Categorical(["White", "White", "BME", None, "White", "BME"], dtype=GROUPS),
            "org": pd.Categorical(["A", "A", "B", "B", "A", "A"]),
            "year": np.array([2025, 2025, 2025, 2024, 2024, 2025], dtype=np.int32),
            "bank": np.array([False, False, True, False, False, False]),
            "disciplinary": np.array([1, 0, 1, 0, 1, 1], dtype=np.int8),
            "person_id": ["p1", "p2", "p3", "p4", "p1", "p5"],
            "count": np.array([1, 2, 1, 1, 1, 3], dtype=np.int64),
        }
    )


def context(by_org: bool) -> Context:
    dataset = Dataset("workforce", Path("workforce.csv"), frame(), columns={})
    return Context(config=None, datasets={"workforce": dataset}, by_org=by_org)


def test_summary_sums_counts_by_small_columns_and_drops_person_ids():
    summary = summarise(frame())
    assert "person_id" not in summary
    # rows 0 and 1 share every key but their disciplinary flag; no other two rows share all keys
    assert len(summary) == 6
    white_2025 = summary.loc[(summary["ethnicity"] == "White") & (summary["year"] == 2025)]
    assert sorted(white_2025["count"]) == [1, 2]
    assert summary["ethnicity"].dtype == GROUPS


def test_identical_rows_collapse():
    doubled = pd.concat([frame(), frame()], ignore_index=True)
    summary = summarise(doubled.drop(columns="person_id"))
    assert len(summary) == 6
    assert summary["count"].sum() == 18


@pytest.mark.parametrize("by_org", [False, True])
def test_tally_equals_records(by_org):
    ctx = context(by_org)
    got = ctx.tally("workforce", ["ethnicity"], events=["disciplinary"], years=[2025], where={"bank": False})
    expected = tally_frame(frame(), ["ethnicity"], ["disciplinary"], [2025], {"bank": False}, by_org)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    total = got.loc[got["org"] == "All"].set_index("ethnicity")
    # 2025, not bank: White 1 + 2 people (1 disciplinary); BME 3 people (3 disciplinary); Unknown and the
    # blank group (a 2024 row) kept as 0
    assert total["people"].tolist() == [3, 3, 0, 0]
    assert total["disciplinary"].tolist() == [1, 3, 0, 0]


def test_tally_by_a_person_id_falls_back_to_the_records():
    ctx = context(False)
    got = ctx.tally("workforce", ["person_id"])
    # p3 is bank-only staff, whom a workforce tally leaves out (the rule every indicator follows)
    assert got.set_index("person_id")["people"].to_dict() == {"p1": 2, "p2": 2, "p3": 0, "p4": 1, "p5": 3}


def test_no_summary_for_fractional_counts():
    shares = frame().assign(count=[0.5, 1, 1, 1, 1, 1])
    assert summarise(shares) is None

"""Disclosure control on published tables: no small count shown, none recoverable from what is shown.

The recoverability check is independent of the implementation: it rebuilds indicator 1's published tables
(band rows, section totals, organisations and their total) from the CSV a reader would get, and asks an LP
solver for the smallest and largest value each hidden cell could take given everything shown, including
that '<N' means 1..N-1.
"""

from __future__ import annotations

import io
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from conftest import write
from wres_cli import api
from wres_cli.outputs.tidy import csv_text

ETHNICITY = {"White": "A", "BME": "N", "Unknown": "Z"}
BANDS = ["Band 2", "Band 5", "Band 8a"]
GROUPS = {
    "Administrative and Clerical": "Non-clinical",
    "Nursing and Midwifery Registered": "Clinical non-medical",
}


def multi_org(path, counts: list[int], orgs=("R1", "R2", "R3")) -> pd.DataFrame:
    """Aggregated workforce: one row per org x staff group x band x ethnicity with the given counts."""
    cells = [(o, s, b, e) for o in orgs for s in GROUPS for b in BANDS for e in ETHNICITY.values()]
    frame = pd.DataFrame(cells, columns=["Organisation", "Staff Group", "Pay Band", "Ethnicity"])
    frame["Count"] = (counts * (len(cells) // len(counts) + 1))[: len(cells)]
    frame["Disciplinary"] = "N"
    write(path, frame)
    return frame


def published(results) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(csv_text(results)), dtype={"numerator": str, "denominator": str, "value": str}
    )


def is_count(text) -> bool:
    return isinstance(text, str) and text.replace(".", "", 1).isdigit()


def test_no_published_count_below_threshold_in_csv_by_org(tmp_path, run):
    path = tmp_path / "wf.csv"
    multi_org(path, [0, 1, 3, 7, 9, 12, 30, 55, 2, 11])
    out = run("compute", path, "--by", "org", "--suppress", "10", "--format", "csv").stdout
    frame = pd.read_csv(io.StringIO(out), dtype=str)
    for column in ("numerator", "denominator"):
        numbers = pd.to_numeric(frame[column], errors="coerce").dropna()
        assert not ((numbers > 0) & (numbers < 10)).any(), column
    assert (frame["numerator"] == "<10").any()
    hidden = frame.loc[frame["numerator"].isin(["<10", "*"])]
    assert set(hidden["suppression"]) <= {"small_count", "secondary"}
    assert hidden["value"].isin(["*"]).all()  # percentages of hidden counts are hidden too


def reader_constraints(table: pd.DataFrame):
    """Variables and equations a reader can form from indicator 1's published rows."""
    rows = table.loc[(table["indicator"] == "1") & (table["measure"] == "percent")]
    index, lower, upper, known = {}, [], [], []

    def var(key, text):
        if key not in index:
            index[key] = len(lower)
            if is_count(text):
                value = float(text)
                lower.append(value), upper.append(value), known.append(True)
            elif text.startswith("<"):
                lower.append(1.0), upper.append(float(text[1:]) - 1), known.append(False)
            else:
                lower.append(0.0), upper.append(None), known.append(False)
        return index[key]

    equations = []
    by_cell = defaultdict(list)
    column_sum = defaultdict(dict)
    org_sum = defaultdict(dict)
    for r in rows.to_dict("records"):
        n = var(("n", r["org"], r["section"], r["breakdown"], r["group"]), r["numerator"])
        d = var(("d", r["org"], r["section"], r["breakdown"]), r["denominator"])
        by_cell[d].append(n)
        if not str(r["breakdown"]).startswith("of which"):
            column_sum[(r["org"], r["section"], r["group"])][r["breakdown"]] = n
        org_sum[(r["section"], r["breakdown"], r["group"])][r["org"]] = n
        org_sum[(r["section"], r["breakdown"], "__den__")][r["org"]] = d
    equations += [(d, parts) for d, parts in by_cell.items()]
    for by_breakdown in column_sum.values():
        if "Total" in by_breakdown:
            equations.append((by_breakdown["Total"], [v for k, v in by_breakdown.items() if k != "Total"]))
    for by_org in org_sum.values():
        if "All" in by_org and len(by_org) > 1:
            equations.append((by_org["All"], [v for k, v in by_org.items() if k != "All"]))
    return lower, upper, known, equations


def recoverable_cells(table: pd.DataFrame) -> list[int]:
    lower, upper, known, equations = reader_constraints(table)
    size = len(lower)
    a_eq = np.zeros((len(equations), size))
    for row, (total, parts) in enumerate(equations):
        a_eq[row, total] -= 1
        for p in set(parts):
            a_eq[row, p] += 1
    bounds = list(zip(lower, upper, strict=True))
    found = []
    for cell in (i for i in range(size) if not known[i]):
        c = np.zeros(size)
        c[cell] = 1
        low = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        assert low.status == 0 and high.status in (0, 3), "the published table must be consistent"
        if high.status == 0 and abs(low.fun + high.fun) < 1e-6:  # status 3: no upper bound at all
            found.append(cell)
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.integers(0, 40), min_size=6, max_size=18), threshold=st.sampled_from([5, 10]))
def test_no_hidden_cell_can_be_worked_out_from_published_totals(tmp_path, counts, threshold):
    path = tmp_path / "wf.csv"
    multi_org(path, counts)
    table = published(api.compute(path, by_org=True, suppress=threshold))
    table["indicator"] = table["indicator"].astype(str)
    assert recoverable_cells(table) == []


def test_the_reader_check_does_find_a_recoverable_cell():
    """Guard for the checker itself: one hidden cell in a row with a published total is found."""
    table = pd.DataFrame(
        {
            "indicator": "1",
            "measure": "percent",
            "org": "All",
            "section": "S",
            "breakdown": ["Band 5"] * 3,
            "group": ["White", "BME", "Unknown"],
            "numerator": ["20", "<10", "5"],
            "denominator": ["29"] * 3,
        }
    )
    assert len(recoverable_cells(table)) == 1


def test_zero_stays_zero_unless_asked(tmp_path):
    path = tmp_path / "wf.csv"
    multi_org(path, [0, 25, 30])
    shown = published(api.compute(path, suppress=10))
    assert (shown["numerator"] == "0").any()
    hidden = published(api.compute(path, suppress=10, suppress_zeros=True))
    assert not (hidden["numerator"] == "0").any()


def test_ratios_on_withheld_counts_are_withheld_unless_kept(tmp_path):
    """Under --suppress a ratio built on a withheld count is withheld by default (it can give the count back);
    suppress_ratios=False keeps it, and a ratio whose counts are all shown stays published either way."""
    wf = tmp_path / "wf.csv"
    spec = pd.DataFrame(
        {"Ethnicity": ["A", "A", "N", "N"], "Disciplinary": ["Y", "N", "Y", "N"], "Count": [3, 200, 4, 100]}
    )
    write(wf, spec)
    gone = api.compute(wf, suppress=10, indicator_3_method="1y").headline("3")
    assert gone["value"] == "*" and "Withheld" in gone["reading"]
    kept = api.compute(wf, suppress=10, suppress_ratios=False, indicator_3_method="1y").headline("3")
    assert isinstance(kept["value"], float) and kept["value"] == pytest.approx((4 / 104) / (3 / 203))
    shown = pd.DataFrame(
        {"Ethnicity": ["A", "A", "N", "N"], "Disciplinary": ["Y", "N", "Y", "N"], "Count": [30, 200, 40, 100]}
    )
    write(wf, shown)
    both = api.compute(wf, suppress=10, indicator_3_method="1y").headline("3")
    assert both["value"] == pytest.approx((40 / 140) / (30 / 230))


def test_everyone_in_a_small_group_giving_one_answer_is_hidden(tmp_path):
    wf = tmp_path / "wf.csv"
    write(wf, pd.DataFrame({"Ethnicity": ["A", "N", "Z"], "Count": [120, 60, 0]}))
    rows = api.compute(wf, suppress=10).indicator("1")
    unknown = rows.loc[(rows["group"] == "Unknown") & (rows["section"] == "Overall workforce")].iloc[0]
    assert unknown["numerator"] == 0  # zero people stays 0 ...


def test_aggregated_survey_by_org_is_suppressed_too(tmp_path):
    """Respondents implied by published percentages are fractional; suppression still applies to them."""
    rows = [
        {
            "Organisation": org,
            "indicator": key,
            "group": group,
            "n": n if group == "White" else 3,
            "percent": 31.3,
        }
        for org, n in (("R1", 37), ("R2", 8))
        for key in "5678"
        for group in ("White", "BME")
    ]
    survey = write(tmp_path / "survey.csv", pd.DataFrame(rows))
    wf = write(
        tmp_path / "wf.csv", pd.DataFrame({"Organisation": ["R1", "R2"] * 20, "Ethnicity": ["A", "N"] * 20})
    )
    table = published(api.compute(wf, survey=survey, by_org=True, suppress=10))
    counts = pd.to_numeric(table["numerator"], errors="coerce")
    assert not ((counts > 0) & (counts < 10)).any()
    r2 = table.loc[
        (table["org"] == "R2") & (table["indicator"].astype(str) == "5") & (table["group"] == "BME")
    ]
    assert r2["numerator"].iloc[0] == "<10" and r2["value"].iloc[0] == "*"


def test_notes_and_metadata_print_no_small_count(tmp_path):
    """Under --suppress the bank-only note, the no-organisation warning and the inputs' metadata give counts as
    '<10' or rounded to a multiple of 10, never as they are."""
    from wres_cli.results.disclosure_notes import blur_text, shown_count

    assert shown_count(0, 10) == 0 and shown_count(0, 10, suppress_zeros=True) == "<10"
    assert shown_count(7, 10) == "<10" and shown_count(1244, 10) == "about 1,240"
    assert blur_text("workforce.csv: 6 people on 3 row(s) have no organisation", 10) == (
        "workforce.csv: <10 people on <10 row(s) have no organisation"
    )
    wf = tmp_path / "wf.csv"
    frame = pd.DataFrame(
        {
            "Organisation": ["R1"] * 3 + ["R2"] * 3 + [""],
            "Ethnicity": ["A", "N", "A", "A", "N", "Z", "A"],
            "Assignment Category": ["Permanent"] * 5 + ["Bank", "Permanent"],
            "Count": [120, 40, 80, 95, 33, 4, 3],
        }
    )
    write(wf, frame)
    results = api.compute(wf, suppress=10, by_org=True)
    texts = " | ".join((*results.notes, *results.warnings))
    assert "<10 bank-only staff" in texts and "<10 people on <10 row(s) have no organisation" in texts
    workforce = next(d for d in results.datasets if d.name == "workforce")
    assert (workforce.people, workforce.unknown, workforce.rows) == ("about 380", "*", "*")

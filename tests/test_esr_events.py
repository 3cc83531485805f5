"""Event files: disciplinary cases (and capability and training records) counted from a case-management
extract, one row per case, against the staff of the 31 March snapshot, as the WRES defines indicator 3.

tests/data/esr/disciplinary-cases.csv holds ten cases opened from May 2024 to March 2026, by ESR employee
number. In 2025/26 (reporting year 2026) they are: White 00010006, 00010007 (twice: counted once) and 00010002
(dismissed in February 2026, so in the 2025 snapshot only); BME 00020011 and 00020012 (opened on 31 March 2026,
the last day of the year); and bank-only nurse 00049002, who belongs to the Bank WRES. The 2026 snapshot holds
60 White and 30 BME staff (its Disciplinary flags: 3 White, 3 BME).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT
from wres_cli import api
from wres_cli.core.errors import InputError

ESR = ROOT / "tests" / "data" / "esr"
STAFF = ESR / "staff-in-post-2025-2026.csv"
CASES = ESR / "disciplinary-cases.csv"


def rates(results, indicator="3"):
    rows = results.indicator(indicator)
    rows = rows.loc[(rows["measure"] == "percent") & (rows["org"] == "All")]
    return {
        g: (int(n), int(d)) for g, n, d in rows[["group", "numerator", "denominator"]].itertuples(index=False)
    }


def test_cases_are_counted_from_the_case_file_and_staff_from_the_snapshot():
    results = api.compute(STAFF, disciplinary=CASES, indicator_3_method="1y")
    assert rates(results)["White"] == (3, 60)  # 00010006, 00010007 once, and 00010002 who has left
    assert rates(results)["BME"] == (2, 30)
    assert results.headline("3")["value"] == pytest.approx((2 / 30) / (3 / 60))
    notes = "\n".join(results.notes)
    assert "the people counted come from" in notes and "disciplinary-cases.csv" in notes
    assert "the workforce file's 'Disciplinary' column is not used" in notes
    assert "1 more case(s) of a person already counted that year are not counted again" in notes
    assert "column 'Date Opened' holds dates" in notes


def test_the_two_year_method_pools_the_cases_of_both_years():
    results = api.compute(STAFF, disciplinary=CASES)
    # 2024/25: White 00010001 (left before the 2026 snapshot), BME 00020001 and 00020010
    assert rates(results)["White"] == (1 + 3, 55 + 60)
    assert rates(results)["BME"] == (2 + 2, 28 + 30)
    assert results.headline("3")["value"] == pytest.approx((4 / 58) / (4 / 115))


def test_the_flags_on_snapshot_rows_keep_working():
    results = api.compute(STAFF, indicator_3_method="1y")
    assert rates(results)["White"] == (3, 60) and rates(results)["BME"] == (3, 30)
    assert results.headline("3")["value"] == pytest.approx(2.0)


def test_cases_named_by_ethnicity_and_financial_year_count_one_person_a_row():
    results = api.compute(
        STAFF, disciplinary=ESR / "disciplinary-cases-anonymised.csv", indicator_3_method="1y"
    )
    # with no person ID, the repeated case and the bank-only nurse's case cannot be told apart: both count
    assert rates(results)["White"] == (5, 60) and rates(results)["BME"] == (2, 30)
    assert any("no person ID column, so each row counts as one person" in n for n in results.notes)


def test_a_case_whose_person_is_not_in_the_workforce_is_refused(run):
    with pytest.raises(InputError) as error:
        api.compute(STAFF, disciplinary=ESR / "disciplinary-cases-unknown-person.csv")
    message = str(error.value)
    assert (
        "disciplinary-cases-unknown-person.csv line 3, column 'Employee Number': person ID '00099999'"
        in message
    )
    assert "is not in the workforce file" in message
    args = ["validate", STAFF, "--disciplinary", ESR / "disciplinary-cases-unknown-person.csv", "-f", "json"]
    payload = json.loads(run(*args, code=1).stdout)
    assert [f["code"] for f in payload["findings"] if f["severity"] == "error"] == ["E308"]


def test_a_case_file_needs_a_date_or_year(tmp_path):
    pd.read_csv(CASES, dtype=str).drop(columns="Date Opened").to_csv(tmp_path / "cases.csv", index=False)
    with pytest.raises(
        InputError, match="no year or date column, so its disciplinary cases cannot be placed"
    ):
        api.compute(STAFF, disciplinary=tmp_path / "cases.csv")


def test_the_command_line_takes_event_files(run):
    payload = json.loads(
        run("compute", STAFF, "--disciplinary", CASES, "--method", "1y", "-f", "json").stdout
    )
    three = next(s for s in payload["summary"] if s["indicator"] == "3")
    assert three["value"] == pytest.approx(4 / 3)


def test_indicator_3_is_computed_from_a_case_file_alone(tmp_path):
    pd.read_csv(STAFF, dtype=str).drop(columns="Disciplinary").to_csv(tmp_path / "staff.csv", index=False)
    assert api.compute(tmp_path / "staff.csv").headline("3")["status"] == "not_computed"
    reason = api.compute(tmp_path / "staff.csv").headline("3")["reason"]
    assert "or the cases as --disciplinary FILE" in reason
    assert api.compute(tmp_path / "staff.csv", disciplinary=CASES).headline("3")["status"] == "computed"


def test_training_records_count_each_person_once_and_leave_mandatory_training_out(tmp_path):
    records = pd.DataFrame(
        [
            ("00010006", "Leadership programme", "No", "12/05/2025"),
            ("00010006", "Coaching skills", "No", "01/09/2025"),  # the same person: once
            ("00010007", "Fire safety", "Yes", "03/06/2025"),  # mandatory: not counted
            ("00020011", "Leadership programme", "No", "12/05/2025"),
            ("00020012", "MSc module", "No", "20/01/2026"),
            ("00020013", "Fire safety", "Yes", "20/01/2026"),
        ],
        columns=["Employee Number", "Course", "Mandatory", "Course Date"],
    )
    records.to_csv(tmp_path / "training.csv", index=False)
    results = api.compute(STAFF, training=tmp_path / "training.csv")
    assert rates(results, "4")["White"] == (1, 60) and rates(results, "4")["BME"] == (2, 30)
    assert any("2 mandatory training record(s) are not counted" in n for n in results.notes)

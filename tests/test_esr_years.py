"""Reporting years from real ESR exports: snapshot dates read as years by one rule (said in the notes), each
person once a year, and one export per year read as one dataset.

The files are in tests/data/esr/: the same trust at 31 March 2025 (55 White, 28 BME, 9 Unknown staff and 4
bank-only nurses) and 31 March 2026 (60 White, 30 BME, 10 Unknown and 5 bank-only), with disciplinary flags on
White 2 + 3 and BME 2 + 3 staff.
"""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from conftest import ROOT
from wres_cli import api
from wres_cli.core.errors import InputError

ESR = ROOT / "tests" / "data" / "esr"
BOTH = ESR / "staff-in-post-2025-2026.csv"
# pooled two-year indicator 3: BME (3 + 2) / (30 + 28) over White (3 + 2) / (60 + 55)
RL_3 = (5 / 58) / (5 / 115)


def overall(results, group="BME"):
    rows = results.indicator("1")
    row = rows.loc[(rows["section"] == "Overall workforce") & (rows["group"] == group)].iloc[0]
    return int(row["numerator"]), int(row["denominator"])


def test_a_snapshot_date_column_gives_each_row_its_year():
    results = api.compute(BOTH)
    assert results.year == 2026
    assert overall(results) == (30, 100)  # 2026 only, bank-only staff left out (not 196 staff of two years)
    assert results.headline("3")["value"] == pytest.approx(RL_3)
    assert "two-year rolling average (counts of 2025 and 2026 pooled)" in results.headline("3")["note"]
    assert not any("no year column" in w for w in results.warnings)
    note = next(n for n in results.notes if "holds dates" in n)
    assert "'Snapshot Date'" in note and "first 31 March on or after it" in note
    assert "31/03/2025 -> 2025, 31/03/2026 -> 2026" in note


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("31/03/2025", 2025),
        ("2025-03-31", 2025),
        ("2025-03-31 00:00:00", 2025),
        ("31-Mar-2025", 2025),
        ("31 March 2025", 2025),
        ("March 2025", 2025),
        ("01/04/2024", 2025),  # 1 April: the first day of 2024/25, whose snapshot is 31 March 2025
        ("30/09/2025", 2026),
        ("45747", 2025),  # an Excel date number: 31 March 2025
        ("2025/26", 2026),
        ("2026", 2026),
    ],
)
def test_the_date_rule(text, year):
    from wres_cli.inputs.values import year_of

    assert year_of(text)[0] == year


def test_a_date_that_is_not_31_march_follows_the_documented_rule():
    results = api.compute(ESR / "staff-in-post-2025-09-30.csv")
    assert results.year == 2026  # 30 September 2025 lies in 2025/26
    assert any("2025-09-30 -> 2026" in n for n in results.notes)


def test_excel_date_cells_and_parquet_timestamps_are_dates_too(tmp_path):
    frame = pd.read_csv(BOTH, dtype=str)
    frame["Snapshot Date"] = pd.to_datetime(frame["Snapshot Date"], format="%d/%m/%Y")
    frame.to_excel(tmp_path / "esr.xlsx", index=False)
    frame.to_parquet(tmp_path / "esr.parquet", index=False)
    for path in (tmp_path / "esr.xlsx", tmp_path / "esr.parquet"):
        results = api.compute(path)
        assert results.year == 2026 and overall(results) == (30, 100), path.suffix


def test_a_date_column_mapped_by_name_is_read_as_dates_and_a_bad_one_is_named_as_written(tmp_path):
    frame = pd.read_csv(BOTH, dtype=str).rename(columns={"Snapshot Date": "Period End"})
    frame.to_csv(tmp_path / "wf.csv", index=False)
    config = tmp_path / "wres.yaml"
    config.write_text("columns:\n  workforce:\n    year: Period End\n")
    assert api.compute(tmp_path / "wf.csv", config=config).year == 2026
    frame.loc[3, "Period End"] = "sometime"
    frame.to_excel(tmp_path / "wf.xlsx", index=False)
    with pytest.raises(InputError) as error:
        api.compute(tmp_path / "wf.xlsx", config=config)
    message = str(error.value)
    assert "line 5, column 'Period End': 'sometime' is not a year or a date" in message
    assert "Timestamp" not in message and "00:00:00" not in message


def test_a_blank_year_is_refused_not_dropped(tmp_path):
    frame = pd.read_csv(BOTH, dtype=str)
    frame.loc[7, "Snapshot Date"] = None
    frame.to_csv(tmp_path / "wf.csv", index=False)
    with pytest.raises(
        InputError, match=r"line 9, column 'Snapshot Date': no year \(1 row\(s\) with a blank year\)"
    ):
        api.compute(tmp_path / "wf.csv")


def test_the_same_person_twice_in_one_year_is_refused():
    with pytest.raises(InputError) as error:
        api.compute(ESR / "staff-in-post-two-assignments.csv")
    message = str(error.value)
    assert "staff-in-post-two-assignments.csv line 42, column 'Employee Number'" in message
    assert "person ID '00010009' is already at line 5 in 2026" in message
    assert "a row per assignment" in message


def test_the_same_person_in_two_years_is_fine():
    assert api.compute(BOTH).year == 2026  # 2025 and 2026 share most employee numbers


def test_one_export_per_year_reads_as_one_dataset(run):
    one = api.compute(BOTH)
    two = api.compute([ESR / "staff-in-post-2025.csv", ESR / "staff-in-post-2026.csv"])
    assert two.headline("3")["value"] == pytest.approx(RL_3) == one.headline("3")["value"]
    assert [d.path for d in two.datasets] == [
        str(ESR / "staff-in-post-2025.csv"),
        str(ESR / "staff-in-post-2026.csv"),
    ]
    result = run("compute", ESR / "staff-in-post-2025.csv", ESR / "staff-in-post-2026.csv", "-f", "json")
    assert json.loads(result.stdout)["summary"][2]["value"] == pytest.approx(RL_3)


def test_files_that_overlap_in_year_are_refused(run):
    result = run("compute", BOTH, ESR / "staff-in-post-2026.csv", code=2)
    assert "staff-in-post-2025-2026.csv and" in result.stderr
    assert "both hold rows for 2026; give each reporting year in one file only" in result.stderr


def test_a_yearly_file_without_a_year_column_is_refused(tmp_path):
    pd.read_csv(ESR / "staff-in-post-2026.csv", dtype=str).drop(columns="Snapshot Date").to_csv(
        tmp_path / "2026.csv", index=False
    )
    with pytest.raises(InputError, match="has no year column, so its rows cannot be told apart"):
        api.compute([ESR / "staff-in-post-2025.csv", tmp_path / "2026.csv"])


def test_yearly_files_must_give_the_same_columns(tmp_path):
    pd.read_csv(ESR / "staff-in-post-2025.csv", dtype=str).drop(columns="Disciplinary").to_csv(
        tmp_path / "2025.csv", index=False
    )
    with pytest.raises(InputError, match=r"2025.csv: has no column for disciplinary \('Disciplinary' in"):
        api.compute([tmp_path / "2025.csv", ESR / "staff-in-post-2026.csv"])


def test_recruitment_files_are_repeatable_too(run, tmp_path):
    for year, appointed in ((2025, 3), (2026, 5)):
        rows = [{"Year": year, "Ethnicity": e, "Appointed": "Yes" if i < appointed else "No"}
                for e in ("White", "Asian") for i in range(20)]  # fmt: skip
        pd.DataFrame(rows).to_csv(tmp_path / f"rec-{year}.csv", index=False)
    args = [
        "compute",
        BOTH,
        "--recruitment",
        tmp_path / "rec-2025.csv",
        "--recruitment",
        tmp_path / "rec-2026.csv",
    ]
    for year, appointed in ((2025, 3), (2026, 5)):
        payload = json.loads(run(*args, "--year", year, "-f", "json").stdout)
        two = next(s for s in payload["summary"] if s["indicator"] == "2")
        assert (
            two["figures"]["White"]["numerator"] == appointed and two["figures"]["White"]["denominator"] == 20
        )


def test_validate_checks_each_yearly_file_and_the_years_between_them(run):
    payload = json.loads(
        run("validate", ESR / "staff-in-post-2025.csv", ESR / "staff-in-post-2026.csv", "-f", "json").stdout
    )
    assert payload["summary"]["errors"] == 0
    assert payload["summary"]["files"] == [
        str(ESR / "staff-in-post-2025.csv"),
        str(ESR / "staff-in-post-2026.csv"),
    ]
    overlap = json.loads(run("validate", BOTH, ESR / "staff-in-post-2026.csv", "-f", "json", code=1).stdout)
    assert [f["code"] for f in overlap["findings"] if f["severity"] == "error"] == ["E309"]


def test_validate_names_a_repeated_person_in_a_multi_file_input_without_internal_values(tmp_path):
    from wres_cli.validation.run import validate

    frame = pd.read_csv(ESR / "staff-in-post-2026.csv", dtype=str)
    pd.concat([frame, frame.iloc[[2]]]).to_csv(tmp_path / "2026.csv", index=False)
    report = validate([ESR / "staff-in-post-2025.csv", tmp_path / "2026.csv"])
    [found] = [f for f in report.findings if f.code == "E302"]
    assert found.file == str(tmp_path / "2026.csv") and found.line == 107
    assert found.message == "person ID '00010008' is already at line 4 for 2026"


def test_dates_read_back_as_the_user_wrote_them():
    cell = datetime.datetime(2026, 3, 31)
    from wres_cli.inputs.read import _cell_text

    assert _cell_text(cell) == "2026-03-31"

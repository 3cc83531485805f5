"""The configuration and the header row, as an analyst meets them with a real ESR export: typos and unfilled
`wres init` values are refused with their line, two candidate columns are never chosen silently, cover sheets
and parameter blocks are pointed out, and --strict explains itself."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import ROOT, SAMPLE
from wres_cli import api
from wres_cli.core.errors import ConfigError, InputError

ESR = ROOT / "tests" / "data" / "esr"
WORKBOOK = ESR / "esr-staff-in-post.xlsx"
STAFF = ESR / "staff-in-post-2026.csv"


def config(tmp_path, text: str):
    path = tmp_path / "wres.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------- columns:


def test_a_mistyped_canonical_name_is_an_error_with_did_you_mean(tmp_path, run):
    path = config(tmp_path, "suppress: 0\ncolumns:\n  workforce:\n    disciplinery: Disciplinary\n")
    result = run("compute", STAFF, "-c", path, code=2)
    assert f"{path} line 4: columns.workforce.disciplinery is not a column wres reads" in result.stderr
    assert "(did you mean 'disciplinary'?)" in result.stderr
    payload = json.loads(run("validate", STAFF, "-c", path, "-f", "json", code=1).stdout)
    [found] = [f for f in payload["findings"] if f["code"] == "E103"]
    assert "did you mean 'disciplinary'" in found["message"]


def test_a_configured_header_the_file_lacks_is_an_error_with_did_you_mean(tmp_path):
    path = config(tmp_path, "columns:\n  workforce:\n    disciplinary: Disciplinary Case\n")
    with pytest.raises(InputError) as error:
        api.compute(STAFF, config=path)
    assert "column 'Disciplinary Case' (configured as columns.workforce.disciplinary in" in str(error.value)
    assert f"{path} line 3) is not in the file (did you mean 'Disciplinary'?)" in str(error.value)


def test_two_headers_for_one_column_are_refused_naming_both_and_the_setting(tmp_path):
    both = ESR / "staff-in-post-two-ethnicity-columns.csv"
    with pytest.raises(InputError) as error:
        api.compute(both)
    message = str(error.value)
    assert "columns 'Ethnic Origin' and 'Ethnicity' both look like the 'ethnicity' column" in message
    assert "columns: {workforce: {ethnicity: 'Ethnic Origin'}}" in message
    chosen = api.compute(both, config=config(tmp_path, "columns: {workforce: {ethnicity: Ethnicity}}\n"))
    assert chosen.headline("1")["status"] == "computed"


def test_headers_differing_only_in_case_and_spaces_are_two_columns_too(tmp_path):
    (tmp_path / "wf.csv").write_text("Year,ethnicity,Ethnicity \n2026,A,N\n2026,N,A\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns 'ethnicity' and 'Ethnicity' both look like"):
        api.compute(tmp_path / "wf.csv")


# ------------------------------------------------------------------------------- unfilled values


def test_values_left_empty_by_wres_init_are_flagged_and_refused_with_their_line(tmp_path, run):
    out = tmp_path / "wres.yaml"
    run("init", WORKBOOK, "--sheet", "Staff in Post", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "bands:\n  Local Pay Scale 7: ''" in text
    line = text.splitlines().index("  Local Pay Scale 7: ''") + 1
    payload = json.loads(
        run("validate", WORKBOOK, "--sheet", "Staff in Post", "-c", out, "-f", "json", code=1).stdout
    )
    [found] = [f for f in payload["findings"] if f["code"] == "E209"]
    assert (found["file"], found["line"], found["column"]) == (str(out), line, "bands")
    result = run("compute", WORKBOOK, "--sheet", "Staff in Post", "-c", out, code=2)
    assert f"{out} line {line}: bands: 'Local Pay Scale 7' is left empty" in result.stderr
    out.write_text(text.replace("Local Pay Scale 7: ''", "Local Pay Scale 7: Band 7"), encoding="utf-8")
    run("validate", WORKBOOK, "--sheet", "Staff in Post", "-c", out, "--strict", code=0)
    payload = json.loads(run("compute", WORKBOOK, "--sheet", "Staff in Post", "-c", out, "-f", "json").stdout)
    value = {s["indicator"]: s["value"] for s in payload["summary"]}
    # 2026: 60 White, 30 BME, 10 Unknown staff (5 bank-only staff left out); disciplinary 3 + 2 White of
    # 60 + 55, 3 + 2 BME of 30 + 28; non-mandatory training 24 of 60 White, 9 of 30 BME
    assert value["1"] == pytest.approx(100 * 30 / 100)
    assert value["3"] == pytest.approx((5 / 58) / (5 / 115))
    assert value["4"] == pytest.approx((24 / 60) / (9 / 30))


def test_a_band_mapped_to_no_band_is_refused_naming_the_line(tmp_path):
    path = config(tmp_path, "bands:\n  Local Pay Scale 7: Not applicable\nethnicity:\n  Other: ''\n")
    with pytest.raises(ConfigError) as error:
        api.compute(STAFF, config=path)
    message = str(error.value)
    assert message.startswith(
        f"{path} line 2: bands: 'Local Pay Scale 7' is mapped to 'Not applicable', which is not a pay band"
    )
    assert (
        "'Not recorded' band" in message and "(2 such values in all; `wres validate` lists them)" in message
    )


# ----------------------------------------------------------------------------------- survey answers


def test_unknown_survey_answers_point_to_a_setting_that_exists(tmp_path):
    survey = ESR / "staff-survey-own-words.csv"
    with pytest.raises(InputError) as error:
        api.compute(STAFF, survey=survey)
    message = str(error.value)
    assert "'Once or twice'" in message and "survey_answers: {'Once or twice': ...}" in message
    mapped = config(tmp_path, "survey_answers:\n  Once or twice: yes\n  Prefer not to answer: not counted\n")
    results = api.compute(STAFF, survey=survey, config=mapped)
    five = results.indicator("5")
    white = five.loc[five["group"] == "White"].iloc[0]
    assert (white["numerator"], white["denominator"]) == (5, 20)  # every 4th of 20 White respondents
    eight = results.indicator("8")
    assert (
        eight.loc[eight["group"] == "White", "denominator"].iloc[0] == 18
    )  # 2 of 20 preferred not to answer


def test_a_survey_answer_mapped_to_something_else_is_refused(tmp_path):
    with pytest.raises(
        ConfigError, match=r"survey_answers\.Sometimes: 'often' is not one of yes, no, not counted"
    ):
        api.compute(STAFF, config=config(tmp_path, "survey_answers:\n  Sometimes: often\n"))


# ------------------------------------------------------------------------------------------- wres init


def test_init_names_the_other_sheets_when_the_first_is_a_cover_sheet(tmp_path, run):
    result = run("init", WORKBOOK, "-o", tmp_path / "wres.yaml", code=2)
    assert (
        "sheet 'Cover' has no header row; other sheets: 'Staff in Post' (choose one with --sheet)"
        in result.stderr
    )


def test_init_reads_the_sheet_and_header_row_given(tmp_path, run):
    out = tmp_path / "wres.yaml"
    run("init", WORKBOOK, "--sheet", "Staff in Post", "--header-row", "6", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "    year: Effective Date\n" in text and "    person_id: Employee Number\n" in text


def test_init_hints_at_header_row_when_no_column_is_known(tmp_path, run):
    result = run(
        "init", WORKBOOK, "--sheet", "Staff in Post", "--header-row", "1", "-o", tmp_path / "w.yaml", code=2
    )
    assert "no column of the header found (line 1: 'Report', " in result.stderr
    assert "the workbook's other sheets are 'Cover'" in result.stderr
    parameters = tmp_path / "esr.csv"
    lines = ["Report,Staff in Post", "Run date,07/04/2026", "Parameters,All staff groups", "", "a,b"]
    parameters.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("init", parameters, "-o", tmp_path / "x.yaml", code=2)
    assert "give its row number with --header-row" in result.stderr


def test_init_writes_both_candidates_of_an_ambiguous_column_for_the_user_to_check(tmp_path, run):
    out = tmp_path / "wres.yaml"
    run("init", ESR / "staff-in-post-two-ethnicity-columns.csv", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "    ethnicity: Ethnic Origin\n" in text
    assert "# ethnicity: 'Ethnicity' also look(s) like this column; keep the one that holds it" in text
    run("compute", ESR / "staff-in-post-two-ethnicity-columns.csv", "-c", out)


# ------------------------------------------------------------------------------------------- --strict


def test_strict_validation_passes_on_the_shipped_sample_data(run):
    args = ["--recruitment", SAMPLE / "recruitment.csv", "--board", SAMPLE / "board.csv"]
    payload = json.loads(
        run(
            "validate",
            SAMPLE / "workforce.csv",
            *args,
            "--survey",
            SAMPLE / "survey.csv",
            "--strict",
            "-f",
            "json",
        ).stdout
    )
    assert payload["summary"]["exit_code"] == 0 and payload["summary"]["warnings"] == 0
    assert {f["code"] for f in payload["findings"]} == {"W106"}
    assert {f["severity"] for f in payload["findings"]} == {"info"}


def test_compute_strict_says_why_it_exits_1(run):
    result = run("compute", STAFF, "--strict", "-f", "csv", code=1)
    assert (
        "--strict: exit 1 because 6 indicator(s) could not be computed: nhs-wres 2 (needs --recruitment); "
        in (result.stderr)
    )


# ---------------------------------------------------------------------------------- internal values


def test_no_internal_value_reaches_a_message(tmp_path):
    from wres_cli.validation.run import validate

    frame = pd.read_csv(STAFF, dtype=str)
    frame["Snapshot Date"] = pd.to_datetime(frame["Snapshot Date"], format="%d/%m/%Y")
    frame.loc[4, "Snapshot Date"] = pd.NaT
    frame = pd.concat([frame, frame.iloc[[2]]])
    frame.to_parquet(tmp_path / "wf.parquet", index=False)
    report = validate(tmp_path / "wf.parquet")
    text = ("\n".join(f.message for f in report.findings) + "\n".join(report.notes)).replace(
        str(tmp_path), ""
    )
    assert "blank year" in text and "is already at line" in text
    assert not re.search(r"(?<![\w.-])-1\b", text)
    for internal in (r"Timestamp", r"\bNaT\b", r"00:00:00", r"\bnan\b"):
        assert not re.search(internal, text), internal


def test_staff_on_non_afc_grades_are_a_row_of_their_own_in_every_framework(tmp_path):
    """Recorded as 'Non AfC Grade' (or mapped there under bands:), they are counted and shown as "Non-AfC",
    never hidden under "Not recorded" or dropped from WDES metric 1's clusters."""
    rows = [
        ("A", "Band 5", "N", "Administrative and Clerical", 6),
        ("N", "Non AfC Grade", "N", "Administrative and Clerical", 3),
        ("A", "Local Pay Scale 7", "Y", "Administrative and Clerical", 2),
    ]
    path = tmp_path / "staff.csv"
    frame = pd.DataFrame(rows, columns=["Ethnicity", "Pay Band", "Disability", "Staff Group", "Count"])
    frame.to_csv(path, index=False)
    mapped = config(tmp_path, "bands:\n  Local Pay Scale 7: Non AfC\n")
    one = api.compute(path, config=mapped).indicator("1")
    non_afc = one.loc[(one["section"] == "Non-clinical") & (one["breakdown"] == "Non-AfC")]
    assert dict(zip(non_afc["group"], non_afc["numerator"], strict=True)) == {"White": 2, "BME": 3, "Unknown": 0}
    assert "Not recorded" not in set(one["breakdown"])
    wdes = api.compute(path, config=mapped, framework="wdes").indicator("1")
    cluster = wdes.loc[(wdes["section"] == "Non-clinical") & (wdes["breakdown"] == "Non-AfC grades (in no cluster)")]
    assert dict(zip(cluster["group"], cluster["numerator"], strict=True))["Disabled"] == 2
    assert int(cluster["denominator"].iloc[0]) == 5

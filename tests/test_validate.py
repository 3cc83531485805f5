"""`wres validate`: one test per check code, the JSON and JUnit formats, exit codes and the 20-limit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from conftest import SAMPLE, SAMPLE_INPUTS, expand, write
from wres_cli.validation.catalog import CHECKS, LIMIT
from wres_cli.validation.files import identifier_kind
from wres_cli.validation.run import validate

HEADER = "Year,Ethnicity,Staff Group,Pay Band,Disciplinary"


def csv(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def workforce(tmp_path: Path, *rows: str, header: str = HEADER, extra: str = "") -> Path:
    """A clean two-year workforce (lines 2-41; ``extra`` appended to each) then ``rows`` (line 42 onwards)."""
    good = [
        f"{year},{eth},Nursing and Midwifery Registered,Band 5,{'Y' if i < 2 else 'N'}{extra}"
        for year in (2025, 2026)
        for eth, n in (("A", 10), ("N", 10))
        for i in range(n)
    ]
    return csv(tmp_path, "wf.csv", header, *good, *rows)


def found(report, code: str) -> list:
    return [f for f in report.findings if f.code == code]


def only(report, code: str):
    hits = found(report, code)
    assert len(hits) == 1, [f.as_dict() for f in report.findings]
    return hits[0]


def test_clean_file_has_no_findings(tmp_path):
    report = validate(workforce(tmp_path))
    assert report.findings == []
    assert report.exit_code == 0


# ------------------------------------------------------------------------------------------ structure


def test_e101_missing_and_binary_files_are_findings_and_other_files_still_checked(tmp_path):
    binary = tmp_path / "wf.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    report = validate(binary, recruitment=tmp_path / "nope.csv", board=tmp_path / "board.csv")
    e101 = found(report, "E101")
    assert {f.file for f in e101} == {str(binary), str(tmp_path / "nope.csv"), str(tmp_path / "board.csv")}
    assert "binary" in e101[0].message
    assert report.exit_code == 1


def test_e102_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    header_only = csv(tmp_path, "header.csv", "Ethnicity,Appointed")
    report = validate(empty, recruitment=header_only)
    assert {f.file for f in found(report, "E102")} == {str(empty), str(header_only)}


def test_e103_missing_required_column_with_suggestion(tmp_path):
    path = csv(tmp_path, "rec.csv", "Ethnicity,Shortlisted", "A,Y")
    f = only(validate(workforce(tmp_path), recruitment=path), "E103")
    assert f.file == str(path) and f.line == 1 and "'appointed' is missing" in f.message


def test_e104_duplicate_column_names(tmp_path):
    path = workforce(tmp_path, header=HEADER + ",Year", extra=",2026")
    f = only(validate(path), "E104")
    assert (f.line, f.column) == (1, "Year") and "2 times" in f.message


def test_e105_every_row_ragged_is_reported_as_ragged_not_empty(tmp_path):
    path = csv(tmp_path, "wf.csv", "Year,Ethnicity", "2026,A,x", "2026,N,y")
    report = validate(path)
    assert [f.line for f in found(report, "E105")] == [2, 3] and found(report, "E102") == []


def test_e105_ragged_rows_keep_later_line_numbers(tmp_path):
    path = workforce(tmp_path, "2026,A,Nursing and Midwifery Registered,Band 5", "2026,Z9,x,Band 5,N")
    report = validate(path)
    f = only(report, "E105")
    assert f.line == 42 and "expected 5 fields but found 4" in f.message
    assert only(report, "E201").line == 43  # the row after the skipped one keeps its own line


def test_w106_unknown_column_is_for_information_only(tmp_path):
    path = workforce(tmp_path, header=HEADER + ",Favourite colour", extra=",blue")
    report = validate(path)
    f = only(report, "W106")
    assert f.severity == "info" and f.column == "Favourite colour"
    assert report.exit_code == 0
    assert validate(path, strict=True).exit_code == 0  # every real export has such columns
    assert report.summary()["warnings"] == 0 and report.summary()["information"] == 1


def test_e107_wrong_types_in_count_and_year(tmp_path):
    path = csv(tmp_path, "wf.csv", "Year,Ethnicity,Count", "2026,A,10", "2026,N,lots", "soon,A,3")
    report = validate(path)
    lines = {(f.line, f.column) for f in found(report, "E107")}
    assert lines == {(3, "Count"), (4, "Year")}


def test_e108_invalid_boolean_each_value_once(tmp_path):
    path = workforce(
        tmp_path, "2026,A,Nursing and Midwifery Registered,Band 5,maybe", "2026,A,x,Band 5,maybe"
    )
    path.write_text(path.read_text().replace(",x,", ",Nursing and Midwifery Registered,"))
    f = only(validate(path), "E108")
    assert f.line == 42 and "'maybe'" in f.message and "2 rows" in f.message and "42, 43" in f.message


def test_e109_negative_or_fractional_counts(tmp_path):
    path = csv(tmp_path, "wf.csv", "Year,Ethnicity,Count", "2026,A,10", "2026,N,-3", "2026,A,2.5")
    assert [f.line for f in found(validate(path), "E109")] == [3, 4]


# ------------------------------------------------------------------------------------------ values


def test_e201_unmapped_ethnicity_each_value_once_with_rows_and_first_lines(tmp_path):
    rows = ["2026,X9,Nursing and Midwifery Registered,Band 5,N" for _ in range(4)]
    path = workforce(tmp_path, *rows, "2026,Q7,Nursing and Midwifery Registered,Band 5,N")
    report = validate(path)
    hits = found(report, "E201")
    assert [(f.line, f.column) for f in hits] == [(42, "Ethnicity"), (46, "Ethnicity")]
    assert "'X9'" in hits[0].message and "4 rows" in hits[0].message and "42, 43, 44" in hits[0].message


def test_e202_e203_unrecognised_band_and_staff_group(tmp_path):
    path = workforce(tmp_path, "2026,A,Nursing and Midwifery Registered,Band 12,N", "2026,A,Wizards,Band 5,N")
    report = validate(path)
    assert (only(report, "E202").line, only(report, "E202").column) == (42, "Pay Band")
    assert (only(report, "E203").line, only(report, "E203").column) == (43, "Staff Group")


def test_e204_medical_grade_without_subgroup(tmp_path):
    header = "Year,Ethnicity,Staff Group,Grade"
    path = csv(
        tmp_path,
        "wf.csv",
        header,
        "2026,A,Medical and Dental,Consultant",
        "2026,A,Medical and Dental,Wizard grade",
        "2026,N,Medical and Dental,",
        "2026,N,Administrative and Clerical,",
    )
    hits = found(validate(path), "E204")
    assert sorted(f.line for f in hits) == [3, 4]


def test_e205_year_outside_range(tmp_path):
    f = only(validate(workforce(tmp_path, "1850,A,Nursing and Midwifery Registered,Band 5,N")), "E205")
    assert f.line == 42 and "1850" in f.message


def test_e206_unrecognised_survey_answer(tmp_path):
    survey = csv(tmp_path, "survey.csv", "Ethnicity,Q14a", "A,Never", "N,Sometimes")
    f = only(validate(workforce(tmp_path), survey=survey), "E206")
    assert (f.file, f.line, f.column) == (str(survey), 3, "Q14a")


def test_e207_unknown_survey_indicator_and_e304_e305(tmp_path):
    survey = csv(
        tmp_path, "agg.csv", "indicator,group,n,percent", "5,White,100,30", "12,BME,50,20", "6,BME,50,140"
    )
    report = validate(workforce(tmp_path), survey=survey)
    assert only(report, "E207").line == 3
    assert only(report, "E304").line == 4
    counts = csv(tmp_path, "agg2.csv", "indicator,group,n,yes", "5,White,100,30", "5,BME,50,51")
    f = only(validate(workforce(tmp_path), survey=counts), "E305")
    assert (f.line, f.column) == (3, "yes")


def test_aggregated_social_care_survey_validates_as_it_computes(tmp_path, run):
    """Rows for Social Care WRES metrics (``sc6``, ``sc7a``) are read by `compute`, so `validate` accepts them."""
    survey = csv(
        tmp_path,
        "agg.csv",
        "indicator,group,n,percent",
        "sc6,White,200,20",
        "sc6,BME,100,30",
        "sc7a,White,200,10",
        "sc7a,BME,100,15",
    )
    wf = SAMPLE / "sc-wres" / "workforce.csv"
    options = ["--framework", "sc-wres", "-c", SAMPLE / "sc-wres" / "wres.yaml", "--survey", survey]
    computed = run("compute", wf, *options, "--format", "csv")
    assert "sc-wres,6," in computed.stdout
    payload = json.loads(run("validate", wf, *options, "--format", "json", code=0).stdout)
    assert [f for f in payload["findings"] if f["file"] == str(survey)] == []
    assert payload["summary"]["errors"] == 0


def test_e208_reporting_year_not_in_data(tmp_path):
    f = only(validate(workforce(tmp_path), year=2019), "E208")
    assert "2025, 2026" in f.message


# ------------------------------------------------------------------------------------------ logic


def test_e301_appointed_without_shortlisted(tmp_path):
    rec = csv(tmp_path, "rec.csv", "Ethnicity,Shortlisted,Appointed", "A,Y,Y", "N,N,Y", "N,Y,N")
    f = only(validate(workforce(tmp_path), recruitment=rec), "E301")
    assert (f.file, f.line, f.column) == (str(rec), 3, "Appointed")


def test_e302_same_person_twice_in_one_year(tmp_path):
    path = csv(
        tmp_path, "wf.csv", "Year,Person ID,Ethnicity", "2025,P1,A", "2026,P1,A", "2026,P2,N", "2026,P1,N"
    )
    f = only(validate(path), "E302")
    assert f.line == 5 and "'P1'" in f.message and "line 3" in f.message


def test_e303_board_without_voting_or_executive_members(tmp_path):
    board = csv(tmp_path, "board.csv", "Ethnicity,Voting,Executive", "A,Y,N", "N,Y,N")
    f = only(validate(workforce(tmp_path), board=board), "E303")
    assert "no executive members" in f.message and f.column == "Executive"


def test_e306_previous_year_missing_for_two_year_method(tmp_path):
    path = csv(tmp_path, "wf.csv", "Year,Ethnicity,Disciplinary", "2026,A,N", "2026,N,Y")
    assert "no 2025 rows" in only(validate(path), "E306").message
    assert found(validate(path, indicator_3_method="1y"), "E306") == []


def test_e307_organisation_missing_from_a_dataset_under_by_org(tmp_path):
    wf = csv(tmp_path, "wf.csv", "Org,Ethnicity", "R1,A", "R2,N")
    rec = csv(tmp_path, "rec.csv", "Org,Ethnicity,Appointed", "R1,A,Y", "R1,N,N")
    f = only(validate(wf, recruitment=rec, by_org=True), "E307")
    assert f.file == str(rec) and "'R2'" in f.message
    assert found(validate(wf, recruitment=rec), "E307") == []


# ------------------------------------------------------------------------------------------ data quality


def test_w401_unknown_ethnicity_above_threshold(tmp_path):
    frame = expand([{"Ethnicity": "A", "n": 17}, {"Ethnicity": "Z", "n": 3}])  # 15% Unknown
    report = validate(write(tmp_path / "wf.csv", frame))
    assert "15.0%" in only(report, "W401").message
    assert report.exit_code == 0


def test_w402_small_group_behind_a_ratio(tmp_path):
    rec = write(
        tmp_path / "rec.csv",
        expand([{"Ethnicity": "A", "n": 40, "Appointed": 5}, {"Ethnicity": "N", "n": 6, "Appointed": 1}]),
    )
    f = only(validate(workforce(tmp_path), recruitment=rec), "W402")
    assert "only 6 BME shortlisted applicants" in f.message


def test_w403_large_year_on_year_headcount_change(tmp_path):
    frame = expand([{"Year": "2025", "Ethnicity": "A", "n": 20}, {"Year": "2026", "Ethnicity": "A", "n": 30}])
    assert "+50%" in only(validate(write(tmp_path / "wf.csv", frame)), "W403").message


def test_by_org_checks_sum_per_organisation_and_pass_over_rows_without_one(tmp_path):
    frame = expand(
        [
            {"Organisation": org, "Year": year, "Ethnicity": eth, "Disciplinary": "N", "n": n}
            for org, year, eth, n in (
                ("R1", "2025", "A", 20), ("R1", "2026", "A", 30), ("R1", "2026", "N", 3),
                ("R2", "2025", "A", 20), ("R2", "2026", "A", 12), ("R2", "2026", "N", 12),
                ("", "2026", "N", 50),  # no organisation: in no organisation's sums
            )
        ]
    )  # fmt: skip
    report = validate(write(tmp_path / "wf.csv", frame), by_org=True)
    headcount = [f.message for f in found(report, "W403")]
    assert headcount == ["R1: headcount 20 in 2025 -> 33 in 2026 (+65%, threshold 25%)"]  # R2: +20%
    small = [f.message for f in found(report, "W402")]
    assert any(m.startswith("R1: only 3 BME") for m in small) and not any(m.startswith("R2") for m in small)


def test_w404_blank_yes_no_counted_as_no(tmp_path):
    path = workforce(tmp_path, "2026,A,Nursing and Midwifery Registered,Band 5,")
    f = only(validate(path), "W404")
    assert (f.line, f.column) == (42, "Disciplinary")


# ------------------------------------------------------------------------------------------ privacy


def test_w501_direct_identifier_columns(tmp_path):
    path = csv(
        tmp_path, "wf.csv", "Ethnicity,Surname,NHS Number,Date of Birth,E-mail,Postcode", "A,x,1,2,3,4"
    )
    hits = found(validate(path), "W501")
    assert [f.column for f in hits] == ["Surname", "NHS Number", "Date of Birth", "E-mail", "Postcode"]
    assert found(validate(path), "W106") == []


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("First Name", "a name"),
        ("NI Number", "a National Insurance number"),
        ("DOB", "a date of birth"),
        ("Organisation Name", None),
        ("Postcode District", None),
        ("Employee Number", None),
    ],
)
def test_identifier_headers(header, kind):
    assert identifier_kind(header) == kind


# ------------------------------------------------------------------------------------------ E100


def test_e100_other_loading_errors_are_findings(tmp_path):
    path = csv(tmp_path, "wf.csv", "Ethnicity,Disability", "A,Yes", "N,banana")
    f = only(validate(path), "E100")
    assert "banana" in f.message


# ------------------------------------------------------------------------------------------ limit


def test_identical_findings_beyond_the_limit_are_summarised_with_a_count(tmp_path):
    rows = [f"2026,A,Nursing and Midwifery Registered,Band 5,N,{-i - 1}" for i in range(50)]
    path = workforce(tmp_path, *rows, header=HEADER + ",Count", extra=",1")
    report = validate(path)
    hits = found(report, "E109")
    assert len(hits) == LIMIT + 1
    assert [f.line for f in hits[:LIMIT]] == list(range(42, 42 + LIMIT))
    assert hits[-1].count == 50 - LIMIT and "30 more" in hits[-1].message and hits[-1].line is None
    assert report.total("error") == 50


# ------------------------------------------------------------------------------------------ CLI


def test_sample_data_validates_clean(run):
    result = run(
        "validate",
        *SAMPLE_INPUTS,
        "--format",
        "json",
        code=0,
    )
    payload = json.loads(result.stdout)
    assert payload["summary"]["errors"] == 0
    assert {f["code"] for f in payload["findings"]} <= {"W106"}


def test_json_shape_and_exit_1_on_errors(tmp_path, run):
    path = workforce(tmp_path, "2026,X9,Nursing and Midwifery Registered,Band 5,N")
    result = run("validate", path, "-f", "json", code=1)
    payload = json.loads(result.stdout)
    assert set(payload) == {"findings", "summary"}
    (finding,) = payload["findings"]
    assert set(finding) == {"severity", "code", "file", "line", "column", "message", "hint", "count"}
    assert (finding["severity"], finding["code"], finding["line"]) == ("error", "E201", 42)
    assert finding["hint"] == CHECKS["E201"].hint
    assert payload["summary"]["errors"] == 1 and payload["summary"]["exit_code"] == 1


def test_table_output_groups_by_file_and_strict_fails_on_warnings(tmp_path, run):
    path = workforce(tmp_path, header=HEADER + ",Notes", extra=",")
    result = run("validate", path, code=0)
    assert str(path.name) in result.stdout and "W106" in result.stdout and "passed" in result.stdout
    run("validate", path, "--strict", code=0)  # W106 is for information only
    blank = workforce(tmp_path, "2026,A,Nursing and Midwifery Registered,Band 5,")  # a blank flag: W404
    run("validate", blank, code=0)
    run("validate", blank, "--strict", code=1)


def test_usage_errors_exit_2(tmp_path, run):
    run("validate", code=2)  # missing file argument
    run("validate", workforce(tmp_path), "--format", "xml", code=2)
    bad = tmp_path / "wres.yaml"
    bad.write_text("confidence: [\n")
    result = run("validate", workforce(tmp_path), "--config", bad, code=2)
    assert "not valid YAML" in result.stderr


def test_junit_xml_one_testcase_per_check(tmp_path, run):
    path = workforce(
        tmp_path, "2026,X9,Nursing and Midwifery Registered,Band 5,N,", header=HEADER + ",Notes", extra=","
    )
    junit = tmp_path / "out" / "validate.xml"
    junit.parent.mkdir()
    run("validate", path, "--junit", junit, "--output", tmp_path / "findings.txt", code=1)
    root = ET.parse(junit).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(CHECKS) == int(root.get("tests"))
    by_name = {c.get("name").split()[0]: c for c in cases}
    failure = by_name["E201"].find("failure")
    assert failure is not None and "X9" in failure.text and "line 42" in failure.text
    assert by_name["E101"].find("failure") is None and by_name["E101"].find("skipped") is None
    assert by_name["W106"].find("system-out") is not None  # a warning is not a failure
    assert root.get("failures") == "1"
    assert "E201" in (tmp_path / "findings.txt").read_text()


# ------------------------------------------------------------------------------------------ return


@pytest.fixture
def inputs(tmp_path):
    """Workforce and recruitment files and the return `wres compute --format csv` writes for them."""
    wf = write(
        tmp_path / "wf.csv",
        expand(
            [
                {"Year": "2025", "Ethnicity": "A", "n": 100, "Disciplinary": 2},
                {"Year": "2025", "Ethnicity": "N", "n": 50, "Disciplinary": 2},
                {"Year": "2026", "Ethnicity": "A", "n": 100, "Disciplinary": 3},
                {"Year": "2026", "Ethnicity": "N", "n": 50, "Disciplinary": 2},
            ]
        ),
    )
    rec = write(
        tmp_path / "rec.csv",
        expand(
            [
                {"Year": "2026", "Ethnicity": "A", "n": 40, "Appointed": 10},
                {"Year": "2026", "Ethnicity": "N", "n": 40, "Appointed": 5},
            ]
        ),
    )
    return wf, rec


def _return(run, tmp_path, wf, rec) -> Path:
    out = tmp_path / "return.csv"
    run("compute", wf, "--recruitment", rec, "--format", "csv", "--output", out)
    return out


def test_against_its_own_return_is_clean(tmp_path, run, inputs):
    wf, rec = inputs
    ret = _return(run, tmp_path, wf, rec)
    result = run("validate", wf, "--recruitment", rec, "--against", ret, "-f", "json", code=0)
    assert json.loads(result.stdout)["summary"]["errors"] == 0


def test_against_catches_an_edited_and_an_inverted_figure(tmp_path, run, inputs):
    wf, rec = inputs
    ret = _return(run, tmp_path, wf, rec)
    table = pd.read_csv(ret, dtype=str, keep_default_na=False)
    rl = (table["indicator"] == "2") & (table["measure"] == "relative_likelihood")
    assert float(table.loc[rl, "value"].iloc[0]) == pytest.approx(2.0)  # (10/40) / (5/40)
    table.loc[rl, "value"] = "0.5"  # inverted
    white = (table["indicator"] == "2") & (table["group"] == "White")
    assert table.loc[white, "value"].iloc[0] == "25.0"
    table.loc[white, "value"] = "27.5"  # edited by hand, counts left as they were
    edited = tmp_path / "edited.csv"
    table.to_csv(edited, index=False)
    report = validate(wf, recruitment=rec, against=edited)
    line_rl, line_white = int(rl.to_numpy().nonzero()[0][0]) + 2, int(white.to_numpy().nonzero()[0][0]) + 2
    assert {(f.line, f.column) for f in found(report, "E601")} == {(line_rl, "value"), (line_white, "value")}
    inconsistent = {f.line: f.message for f in found(report, "E602")}
    assert "27.5 but 10 / 40 gives 25.0000" in inconsistent[line_white]
    assert "inverted" not in inconsistent[line_white]
    # the edited White rate makes the expected ratio 27.5 / 12.5 = 2.2; 0.5 is not its inverse
    assert "give 2.2000" in inconsistent[line_rl]
    assert report.exit_code == 1


def test_inverted_ratio_is_named_as_such(tmp_path, run, inputs):
    wf, rec = inputs
    table = pd.read_csv(_return(run, tmp_path, wf, rec), dtype=str, keep_default_na=False)
    rl = (table["indicator"] == "2") & (table["measure"] == "relative_likelihood")
    table.loc[rl, "value"] = "0.5"
    edited = tmp_path / "inverted.csv"
    table.to_csv(edited, index=False)
    f = only(validate(wf, recruitment=rec, against=edited), "E602")
    assert "looks inverted" in f.message


def test_against_rows_added_or_missing_and_not_a_return(tmp_path, run, inputs):
    wf, rec = inputs
    table = pd.read_csv(_return(run, tmp_path, wf, rec), dtype=str, keep_default_na=False)
    extra = table.iloc[[0]].assign(org="R99")
    changed = pd.concat([table.iloc[1:], extra], ignore_index=True)
    path = tmp_path / "changed.csv"
    changed.to_csv(path, index=False)
    report = validate(wf, recruitment=rec, against=path)
    assert only(report, "E603").line == len(changed) + 1
    assert "missing from the return" in only(report, "E604").message
    other = csv(tmp_path, "other.csv", "a,b", "1,2")
    assert "not a CSV written by" in only(validate(wf, against=other), "E605").message


def test_against_is_not_recomputed_when_the_inputs_have_errors(tmp_path, run, inputs):
    wf, rec = inputs
    ret = _return(run, tmp_path, wf, rec)
    broken = csv(tmp_path, "rec2.csv", "Ethnicity,Appointed", "X9,Y")
    report = validate(wf, recruitment=broken, against=ret)
    assert found(report, "E601") == [] and any("not recomputed" in n for n in report.notes)


def test_docs_list_every_code():
    text = (Path(__file__).resolve().parent.parent / "docs" / "validate.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in text for code in CHECKS)

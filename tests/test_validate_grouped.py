"""`wres validate` reads a large record file as counts of its raw values, as `wres compute` does, and reads it
whole only when a finding has rows to name: the report is the same either way, finding for finding and line for
line, and a clean file (or one with findings about counts only) is never read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE
from wres_cli.validation import files as validation_files
from wres_cli.validation.run import validate

ROOT = Path(__file__).resolve().parent
WORKFORCE = (SAMPLE / "workforce.csv").read_text(encoding="utf-8").splitlines()
RECRUITMENT = (SAMPLE / "recruitment.csv").read_text(encoding="utf-8").splitlines()


def _edited(lines: list[str], column: int, value: str, at: range | list[int]) -> list[str]:
    out = list(lines)
    for i in at:
        fields = out[i].split(",")
        fields[column] = value
        out[i] = ",".join(fields)
    return out


def _doctors_without_grade(lines: list[str]) -> list[str]:
    return _edited(lines, 6, "", [i for i, line in enumerate(lines) if ",Medical and Dental," in line][:25])


# name -> (workforce lines, recruitment lines or None, read whole?, extra options)
CASES = {
    "clean": (WORKFORCE, RECRUITMENT, False, {}),
    "clean by org": (WORKFORCE, RECRUITMENT, False, {"by_org": True}),
    "Unknown ethnicity above the threshold (counts only)": (
        _edited(WORKFORCE, 3, "Z Not Stated", range(1, 700)),
        None,
        False,
        {},
    ),
    "an organisation missing from recruitment (counts only)": (
        _edited(WORKFORCE, 0, "RXX01 Eastfield Community Trust", range(1, 3000)),
        RECRUITMENT,
        False,
        {"by_org": True},
    ),
    "doctors without a grade": (_doctors_without_grade(WORKFORCE), None, True, {}),
    "blank yes/no values": (_edited(WORKFORCE, 8, "", range(40, 47)), None, True, {}),
    "years outside the range": (_edited(WORKFORCE, 1, "1990", range(5, 40, 3)), None, True, {}),
    "a person twice in a year": ([*WORKFORCE, WORKFORCE[3], WORKFORCE[9]], None, True, {}),
    "an unmapped ethnicity": (_edited(WORKFORCE, 3, "Q Martian", range(11, 17)), None, True, {}),
    "a row holding only a person ID": ([*WORKFORCE, ",,E9999999,,,,,,,"], None, True, {}),
    "appointed but not shortlisted": (
        WORKFORCE,
        [*RECRUITMENT, *(line.replace(",Yes,No", ",No,Yes") for line in RECRUITMENT[1:4])],
        True,
        {},
    ),
}


def _both_ways(monkeypatch, tmp_path, workforce, recruitment=None, **options):
    """(report, the files read whole) as validate gives them, then the report with every file read whole."""
    whole = []
    read_table = validation_files.read_table

    def spy(path, **kwargs):
        whole.append(Path(path).name)
        return read_table(path, **kwargs)

    monkeypatch.setattr(validation_files, "read_table", spy)
    paths = {"workforce": workforce, "recruitment": recruitment}
    report = validate(**paths, **options)
    read_whole = list(whole)  # before the whole read below
    with monkeypatch.context() as m:
        m.setattr(validation_files, "groupable", lambda *_: False)
        every_row = validate(**paths, **options)
    return report, read_whole, every_row


def _same(report, every_row) -> None:
    assert report.findings == every_row.findings
    assert report.summary() == every_row.summary()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.parametrize("case", CASES)
def test_the_report_is_that_of_the_whole_read(case, suffix, monkeypatch, tmp_path):
    workforce_lines, recruitment_lines, read_whole, options = CASES[case]
    workforce = tmp_path / "workforce.csv"
    workforce.write_text("\n".join(workforce_lines) + "\n", encoding="utf-8")
    if suffix == ".parquet":  # text columns (blanks as nulls), and the year as a whole number
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        text = {"column_types": {"Employee Number": "string", "Grade": "string"}, "strings_can_be_null": True}
        table = pacsv.read_csv(workforce, convert_options=pacsv.ConvertOptions(**text))
        workforce.unlink()
        workforce = tmp_path / "workforce.parquet"
        pq.write_table(table, workforce)
    recruitment = None
    if recruitment_lines is not None:
        recruitment = tmp_path / "recruitment.csv"
        recruitment.write_text("\n".join(recruitment_lines) + "\n", encoding="utf-8")
    report, whole, every_row = _both_ways(monkeypatch, tmp_path, workforce, recruitment, **options)
    _same(report, every_row)
    assert (workforce.name in whole) == read_whole, whole
    if not read_whole:
        assert "E302" in report.summary()["checks_run"]  # checked on hashes while the file was read
    if case.startswith("clean"):
        assert report.exit_code == 0 and not [f for f in report.findings if f.severity != "info"]
    else:
        assert [f for f in report.findings if f.severity != "info"], (
            "the case finds nothing: it tests nothing"
        )


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "data" / "esr").glob("*.csv")) + sorted((ROOT / "data" / "bad").glob("*.csv")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_real_looking_and_broken_exports_give_the_report_of_the_whole_read(path, monkeypatch, tmp_path):
    report, _, every_row = _both_ways(monkeypatch, tmp_path, path)
    _same(report, every_row)


def _corpus_cases() -> list[dict]:
    import yaml

    cases = yaml.safe_load((ROOT / "data" / "bad" / "cases.yaml").read_text(encoding="utf-8"))
    return [c for c in cases if not c.get("as") and c.get("args")]


@pytest.mark.parametrize("case", _corpus_cases(), ids=lambda c: f"{c['file']} {' '.join(c['args'])}")
def test_exports_read_with_options_give_the_report_of_the_whole_read(case, monkeypatch, tmp_path):
    """--encoding, --delimiter and --header-row reach the read as counts as they reach the whole read."""
    from test_grouped_read import read_options

    path = ROOT / "data" / "bad" / case["file"]
    options = {"read_options": read_options(case)}
    report, _, every_row = _both_ways(monkeypatch, tmp_path, path, **options)
    _same(report, every_row)


def test_a_large_clean_file_is_never_held_whole(monkeypatch, tmp_path):
    """Batches of a few hundred rows: a file of many batches is counted, not read whole, and its report is
    the whole read's."""
    from wres_cli.inputs import grouped

    monkeypatch.setattr(grouped, "BLOCK_BYTES", 1 << 12)
    workforce = tmp_path / "workforce.csv"
    body = WORKFORCE[1:]
    workforce.write_text("\n".join([WORKFORCE[0], *body, *body[:50]]) + "\n", encoding="utf-8")
    report, whole, every_row = _both_ways(monkeypatch, tmp_path, workforce)
    _same(report, every_row)  # the repeated people are named, by the whole read
    assert "workforce.csv" in whole
    workforce.write_text("\n".join(WORKFORCE) + "\n", encoding="utf-8")
    report, whole, every_row = _both_ways(monkeypatch, tmp_path, workforce)
    _same(report, every_row)
    assert whole == []


def test_only_the_file_with_rows_to_name_is_read_whole(monkeypatch, tmp_path):
    """An unmapped value in the workforce file: that file is read whole (once) to name its lines; the clean
    recruitment file stays counted, and the report is still the whole read's."""
    workforce = tmp_path / "workforce.csv"
    workforce.write_text("\n".join(_edited(WORKFORCE, 3, "Q Martian", range(11, 17))) + "\n", encoding="utf-8")
    recruitment = tmp_path / "recruitment.csv"
    recruitment.write_text("\n".join(RECRUITMENT) + "\n", encoding="utf-8")
    report, whole, every_row = _both_ways(monkeypatch, tmp_path, workforce, recruitment)
    _same(report, every_row)
    assert whole == ["workforce.csv"]
    assert any(f.code == "E201" and f.line == 12 for f in report.findings)  # WORKFORCE[11] is line 12


@pytest.mark.parametrize("case", ["doctors without a grade", "blank yes/no values"])
def test_empty_texts_in_parquet_are_blanks_as_in_csv(case, tmp_path):
    """A Parquet file holds an empty cell as an empty text, not a null: validate finds the same blank grades
    and blank yes/no values (W404 counts what compute counts as No) on the same lines as in the CSV."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    workforce = tmp_path / "workforce.csv"
    workforce.write_text("\n".join(CASES[case][0]) + "\n", encoding="utf-8")
    text = {"column_types": {"Employee Number": "string", "Grade": "string"}, "strings_can_be_null": False}
    table = pacsv.read_csv(workforce, convert_options=pacsv.ConvertOptions(**text))
    assert table.column("Grade").null_count == 0  # empty texts, not nulls
    parquet = tmp_path / "workforce.parquet"
    pq.write_table(table, parquet)
    from_csv, from_parquet = validate(workforce), validate(parquet)
    seen = [(f.code, f.line, f.column, f.message) for f in from_csv.findings if f.severity != "info"]
    assert seen and seen == [
        (f.code, f.line, f.column, f.message) for f in from_parquet.findings if f.severity != "info"
    ]

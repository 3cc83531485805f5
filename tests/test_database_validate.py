"""`wres validate` and the command line on a table in a SQLite database."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from conftest import SAMPLE
from pg import read_text, sqlite_tables
from wres_cli.validation.run import validate


@pytest.fixture
def flawed(tmp_path):
    """A workforce and a recruitment table with one of every flaw an aggregate can show."""
    workforce = pd.DataFrame(
        {
            "Organisation": ["Trust A", "Trust A", "Trust A", "Trust A", "Trust A", None, "Trust A"],
            "Year": ["2025", "2025", "2025", "1999", "2026", "2026", "2026"],
            "Employee Number": ["E1", "E1", "E2", "E3", "E4", "E5", "E1"],
            "Ethnic Origin": ["A", "A", "X9 Martian", "X9 Martian", "N", "A", "A"],
            "Pay Band": ["Band 5", "Band 5", "Band 5", "Band 55", "Band 5", "Band 6", "Band 5"],
            "Disciplinary": ["Y", "N", "maybe", None, "", "N", "N"],
        }
    )
    recruitment = pd.DataFrame(
        {
            "Applicant ID": ["A1", "A2", "A3"],
            "Ethnicity": ["A", "N", "A"],
            "Shortlisted": ["Y", "N", "Y"],
            "Appointed": ["N", "Y", "Y"],
        }
    )
    database = sqlite_tables(tmp_path / "flawed.db", {"staff": workforce, "applicants": recruitment})
    workforce.to_csv(tmp_path / "staff.csv", index=False)
    return f"sqlite:///{database}", tmp_path / "staff.csv"


def test_validate_reports_value_and_consistency_findings_with_person_ids(flawed):
    url, _ = flawed
    report = validate(f"{url}#staff", recruitment=f"{url}#applicants", by_org=True, indicator_3_method="1y")
    found = {(f.code, f.message) for f in report.findings}
    assert ("E201", "ethnicity 'X9 Martian' is not mapped (2 rows, first person IDs E2, E3)") in found
    assert ("E202", "pay band 'Band 55' is not mapped (1 row, first person ID E3)") in found
    assert ("E108", "'maybe' is not a yes/no value (1 row, first person ID E2)") in found
    assert ("W404", "blank value(s) counted as No (2 rows, first person IDs E3, E4)") in found
    assert ("E205", "year 1999 is outside 2000-2100 (1 row, first person ID E3)") in found
    assert ("E302", "person ID 'E1' is on 2 rows in 2025") in found
    assert ("E301", "appointed but not shortlisted (1 row, first person ID A2)") in found
    assert any(code == "W405" and "1 people on 1 row(s) have no organisation" in m for code, m in found)
    assert all(f.line is None for f in report.findings)
    assert all("line" not in f.message for f in report.findings)
    assert report.exit_code == 1
    notes = " ".join(report.notes)
    assert "Skipped, as only a file can fail them: E105" in notes and "person IDs" in notes
    assert "E105" not in report.ran and {"E201", "E302", "E301", "W404"} <= report.ran


def test_validate_finds_in_a_table_what_it_finds_in_the_file(flawed):
    """The same checks fail, counted alike; only where they are (line numbers or person IDs) differs."""
    url, csv = flawed
    from_file = validate(csv, indicator_3_method="1y")
    from_table = validate(f"{url}#staff", indicator_3_method="1y")
    codes = lambda report: sorted(f.code for f in report.findings if f.code != "E302")  # noqa: E731
    assert codes(from_file) == codes(from_table)
    assert from_file.exit_code == from_table.exit_code == 1


def test_validate_of_clean_sample_tables_matches_the_files(tmp_path):
    tables = {
        name: read_text(SAMPLE / f"{name}.csv") for name in ("workforce", "recruitment", "board", "survey")
    }
    database = sqlite_tables(tmp_path / "esr.db", tables)
    files = validate(
        SAMPLE / "workforce.csv", **{n: SAMPLE / f"{n}.csv" for n in ("recruitment", "board", "survey")}
    )
    db = validate(
        f"sqlite:///{database}#workforce",
        **{n: f"sqlite:///{database}#{n}" for n in tables if n != "workforce"},
    )
    assert [(f.code, f.message, f.column) for f in files.findings] == [
        (f.code, f.message, f.column) for f in db.findings
    ]
    assert db.exit_code == 0 and db.summary()["files"][0] == f"sqlite:///{database}#workforce"


def test_the_command_line_reads_tables(run, flawed, tmp_path):
    url, _ = flawed
    tables = {name: read_text(SAMPLE / f"{name}.csv") for name in ("workforce", "recruitment")}
    database = sqlite_tables(tmp_path / "esr.db", tables)
    done = run("compute", f"sqlite:///{database}#workforce", "--recruitment", f"sqlite:///{database}#recruitment",
               "--format", "json")  # fmt: skip
    meta = json.loads(done.stdout)["meta"]
    assert [i["path"] for i in meta["inputs"]] == [
        f"sqlite:///{database}#workforce",
        f"sqlite:///{database}#recruitment",
    ]
    assert meta["inputs"][0]["rows"] == 11_882
    checked = run("validate", f"{url}#staff", "--format", "json", "--method", "1y", code=1)
    findings = json.loads(checked.stdout)
    assert {f["code"] for f in findings["findings"]} >= {"E201", "E302"}
    assert all(f["line"] is None for f in findings["findings"])


def test_the_configuration_alone_can_name_the_tables(run, tmp_path):
    database = sqlite_tables(tmp_path / "esr.db", {"staff": read_text(SAMPLE / "workforce.csv")})
    config = tmp_path / "wres.yaml"
    config.write_text(f"sources:\n  workforce: {{url: 'sqlite:///{database}', table: staff}}\n")
    done = run("compute", "--config", config, "--format", "csv")
    assert done.stdout.startswith("framework,")
    run("validate", "--config", config)
    missing = run("compute", code=2)
    assert "no workforce input" in missing.stderr


def test_a_missing_driver_exits_2_naming_the_extra(run, monkeypatch):
    for module in ("psycopg", "psycopg2"):
        monkeypatch.setitem(sys.modules, module, None)
    done = run("compute", "postgresql://analyst:s3cret@dw/esr#wres.staff_in_post", code=2)
    assert "pip install 'wres-cli[postgres]'" in done.stderr
    assert "s3cret" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr

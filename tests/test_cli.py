"""The command line: formats, exit codes and both streams, bad input, fast start, the installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from conftest import ROOT, SAMPLE, expand, write

WHITE, BME = "A White - British", "N Black or Black British - African"


@pytest.fixture
def wf(tmp_path):
    spec = [
        {
            "Year": y,
            "Ethnic Origin": e,
            "Staff Group": "Administrative and Clerical",
            "Pay Band": "Band 4",
            "n": n,
            "Disciplinary": d,
            "Non-mandatory training": t,
        }
        for y in (2025, 2026)
        for e, n, d, t in ((WHITE, 60, 3, 20), (BME, 30, 2, 6))
    ]
    return write(tmp_path / "workforce.csv", expand(spec))


def test_table_output_has_summary_and_notes(run, wf):
    result = run("compute", wf)
    assert "Summary" in result.stdout and "Notes" in result.stdout
    assert "needs --recruitment" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("width", [80, 140])
def test_summary_names_are_whole_in_a_narrow_or_wide_terminal(run, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("compute", SAMPLE / "workforce.csv", "--recruitment", SAMPLE / "recruitment.csv").stdout
    summary = out.split("Indicator 1:")[0]
    assert "…" not in summary and "shortlisting" in summary
    assert "(1.44–1.79)" in summary  # the interval beside (wide) or under (narrow) its figure
    assert "1.60 (1.44–1.79)" in summary if width >= 100 else "1.60" in summary  # beside it when it fits


def test_csv_is_one_tidy_table_on_stdout(run, wf):
    result = run("compute", wf, "--format", "csv")
    frame = pd.read_csv(__import__("io").StringIO(result.stdout))
    for column in (
        "indicator",
        "breakdown",
        "group",
        "numerator",
        "denominator",
        "value",
        "status",
        "reason",
    ):
        assert column in frame.columns
    ratio = frame.loc[(frame["indicator"] == 4) & (frame["measure"] == "relative_likelihood"), "value"].iloc[
        0
    ]
    assert ratio == pytest.approx((20 / 60) / (6 / 30))


def test_json_summary_has_one_entry_per_indicator(run, wf):
    payload = json.loads(run("compute", wf, "--format", "json").stdout)
    ids = [s["indicator"] for s in payload["summary"]]
    assert ids == [str(i) for i in range(1, 10)]
    by_id = {s["indicator"]: s for s in payload["summary"]}
    assert by_id["2"]["status"] == "not_computed" and by_id["2"]["value"] is None
    assert by_id["3"]["status"] == "computed" and isinstance(by_id["3"]["value"], float)
    assert payload["rows"] and "NaN" not in json.dumps(payload)


def test_output_file_is_written_and_input_never_overwritten(run, wf, tmp_path):
    target = tmp_path / "out.csv"
    result = run("compute", wf, "--format", "csv", "--output", target)
    assert target.read_text().startswith("framework,indicator")
    assert result.stdout == ""
    before = wf.read_bytes()
    refused = run("compute", wf, "--format", "csv", "--output", wf, code=2)
    assert "is one of the input files" in refused.stderr
    assert wf.read_bytes() == before


def test_output_extension_chooses_the_format_and_a_mismatch_is_refused(run, wf, tmp_path):
    as_csv, as_json = tmp_path / "out.csv", tmp_path / "out.json"
    run("compute", wf, "-o", as_csv)
    assert as_csv.read_text().startswith("framework,indicator")
    run("compute", wf, "-o", as_json)
    assert "summary" in json.loads(as_json.read_text())
    refused = run("compute", wf, "--format", "json", "-o", as_csv, code=2)
    assert "is a .csv file, but --format json" in refused.stderr and "name the file out.json" in refused.stderr
    assert as_csv.read_text().startswith("framework,indicator")  # the earlier file is untouched
    assert "Traceback" not in refused.stderr


def test_strict_exits_1_when_an_indicator_is_not_computed(run, wf):
    run("compute", wf, "--strict", code=1)


def test_year_and_method_options(run, wf):
    payload = json.loads(run("compute", wf, "--format", "json", "--year", "2025", "--method", "1y").stdout)
    assert payload["meta"]["reporting_year"] == 2025
    run("compute", wf, "--year", "2019", code=2)


def bad(tmp_path, name, text, mode="w"):
    path = tmp_path / name
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.csv", "", "empty"),
        ("header_only.csv", "Ethnicity,Year\n", "no data rows"),
        ("no_ethnicity.csv", "Ethnicty,Year\nA,2026\n", "required column 'ethnicity' is missing"),
        ("unmapped.csv", "Ethnicity\nA\nX9\nA\nX9\nMartian\n", "'X9' (2 rows, first at lines 3, 5)"),
        (
            "bad_bool.csv",
            "Ethnicity,Disciplinary\nA,Y\nA,maybe\n",
            "line 3, column 'Disciplinary': 'maybe' is not a yes/no",
        ),
        ("negative.csv", "Ethnicity,Count\nA,4\nB,-2\n", "line 3, column 'Count'"),
        ("fraction.csv", "Ethnicity,Count\nA,1.5\n", "line 2, column 'Count'"),
        ("ragged.csv", "Ethnicity,Year\nA,2026\nB,2026,extra\n", "line 3: expected 2 fields but found 3"),
        ("bad_year.csv", "Ethnicity,Year\nA,twenty\n", "'twenty' is not a year"),
    ],
)
def test_bad_input_is_one_clear_error_with_exit_2(run, tmp_path, name, content, expected):
    path = bad(tmp_path, name, content)
    result = run("compute", path, code=2)
    assert result.stderr.startswith("Error: ")
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file_and_directory(run, tmp_path):
    assert "no such file" in run("compute", tmp_path / "nope.csv", code=2).stderr
    assert "Error" in run("compute", tmp_path, code=2).stderr


def test_missing_column_suggests_the_closest(run, tmp_path):
    path = bad(tmp_path, "rec.csv", "Ethnicity,Apointed\nA,Y\n")
    wf = bad(tmp_path, "wf.csv", "Ethnicity\nA\n")
    result = run("compute", wf, "--recruitment", path, code=2)
    assert (
        "did you mean 'Apointed'" in result.stderr and "columns found: Ethnicity, Apointed" in result.stderr
    )


def test_bad_options_exit_2(run, wf):
    run("compute", wf, "--by", "region", code=2)
    run("compute", wf, "--band", "2:3", code=2)
    run("compute", wf, "--confidence", "1.5", code=2)


def test_bad_config_names_the_key(run, wf, tmp_path):
    config = bad(tmp_path, "wres.yaml", "indicator3_method: 1y\n")
    result = run("compute", wf, "--config", config, code=2)
    assert (
        "unknown key 'indicator3_method'" in result.stderr
        and "did you mean 'indicator_3_method'" in result.stderr
    )


def test_config_maps_columns_and_values(run, tmp_path):
    wf = bad(tmp_path, "wf.csv", "Heritage,Disc\nLocal-W,Y\nLocal-B,N\nLocal-B,Y\n")
    config = bad(
        tmp_path,
        "wres.yaml",
        "columns:\n  workforce:\n    ethnicity: Heritage\n    disciplinary: Disc\n"
        "ethnicity:\n  Local-W: White\n  Local-B: BME\n",
    )
    payload = json.loads(run("compute", wf, "--config", config, "--format", "json", "--method", "1y").stdout)
    three = next(s for s in payload["summary"] if s["indicator"] == "3")
    assert three["value"] == pytest.approx(0.5)


def test_help_does_not_import_pandas():
    code = (
        "import sys\nfrom wres_cli.cli import app\ntry:\n    app(['--help'], prog_name='wres')\n"
        "except SystemExit:\n    pass\nprint('PANDAS' if 'pandas' in sys.modules else 'LEAN', file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().endswith("LEAN")


def test_python_dash_m_works(wf):
    done = subprocess.run(
        [sys.executable, "-m", "wres_cli", "compute", str(wf), "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("framework,indicator")


def test_installed_wheel_finds_all_nine_from_another_directory(tmp_path, wf):
    """Build the wheel, install it alone into a target directory, and run it from elsewhere."""
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("wres_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wres_cli/builtin_indicators/wres_9.py" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "WRES_NO_PLUGINS": "1"}
    code = "import wres_cli, sys; from wres_cli.cli import main; print(wres_cli.__file__, file=sys.stderr); main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "compute", str(wf), "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stderr  # the installed copy ran, not the checkout
    assert [s["indicator"] for s in json.loads(done.stdout)["summary"]] == [str(i) for i in range(1, 10)]


@pytest.mark.parametrize("args", [["--help"], ["compute", "--help"], ["list"], ["compute", "{wf}"]])
def test_a_reader_that_stops_early_gets_no_traceback(wf, args):
    """`wres … | head`: stdout closed before anything is written ends quietly, never as a defect."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wres_cli", *(a.format(wf=wf) for a in args)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write)
    assert done.returncode in (0, 1)
    assert "Traceback" not in done.stderr and "bug" not in done.stderr


def test_of_several_bad_files_the_first_given_is_reported(run, wf, tmp_path):
    """Files are read two at a time; the error shown is still that of the first bad file in argument order."""
    recruitment = tmp_path / "recruitment.csv"
    recruitment.write_text("Ethnicity,Appointed\nA,maybe\n", encoding="utf-8")  # no Shortlisted: fine; 'maybe'
    board = tmp_path / "board.csv"
    board.write_bytes(b"\x00\x01\x02binary")
    result = run("compute", wf, "--recruitment", recruitment, "--board", board, code=2)
    assert str(recruitment) in result.stderr and str(board) not in result.stderr
    assert result.stderr.count("Error:") == 1 and "Traceback" not in result.stderr


def test_rows_without_an_organisation_are_counted_and_named_by_org(run, tmp_path):
    spec = [
        {"Organisation": org, "Ethnic Origin": e, "Pay Band": "Band 5", "n": n}
        for org, e, n in (("R1", WHITE, 40), ("R1", BME, 20), ("R2", WHITE, 30), ("", BME, 3))
    ]
    path = write(tmp_path / "workforce.csv", expand(spec))
    result = run("compute", path, "--by", "org", "--format", "json")
    assert "3 people on 3 row(s) have no organisation (first at line 92)" in result.stderr
    rows = pd.DataFrame(json.loads(result.stdout)["rows"])
    bme = rows.loc[(rows["indicator"] == "1") & (rows["group"] == "BME") & (rows["breakdown"] == "All staff")]
    assert dict(zip(bme["org"], bme["numerator"], strict=True)) == {"All": 23, "R1": 20, "R2": 0}
    assert "no organisation" not in run("compute", path, "--format", "json").stderr  # only with --by org


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["compute", "{wf}", "--format", "csv"], 0),
        (["compute", "{wf}", "--strict"], 1),
        (["compute", "{missing}"], 2),
        (["compute", "{wf}", "--no-such-option"], 2),
    ],
)
def test_the_process_exits_with_its_code_and_every_byte_written(run, wf, tmp_path, args, code):
    """The command leaves without tearing the interpreter down (os._exit): its exit code, and all it wrote
    to stdout and stderr, are those of the same command run in-process."""
    args = [a.format(wf=wf, missing=tmp_path / "missing.csv") for a in args]
    done = subprocess.run([sys.executable, "-m", "wres_cli", *args], capture_output=True, text=True)
    in_process = run(*args, code=code)
    assert done.returncode == code, done.stderr
    assert done.stdout == in_process.stdout
    if code == 2:
        assert "Error" in done.stderr and "Traceback" not in done.stderr


def test_suppression_writes_nothing_of_its_solver_to_stdout(tmp_path):
    """Under --suppress the linear programmes run in HiGHS, whose banner would be printed by C code straight to
    the process's stdout (where no in-process runner sees it): JSON on stdout stays JSON."""
    args = ["compute", str(SAMPLE / "workforce.csv"), "--suppress", "10", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "wres_cli", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["meta"]["suppress"] == 10
    assert "HiGHS" not in done.stdout + done.stderr

"""Real-world and hostile inputs: each is read with the same figures as the clean file or refused with one
clear 'Error:' (exit 2, file and line named, no traceback, in bounded time); outputs are written safely.

The committed corpus and its expected outcomes are in tests/data/bad/ (cases.yaml); binary, huge, unreadable
and Excel cases are generated here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres_cli.core.config import Config, load_config
from wres_cli.core.errors import OutputError, WresError
from wres_cli.inputs.load import load_dataset
from wres_cli.outputs import atomic
from wres_cli.results import tidy as published

BAD = Path(__file__).resolve().parent / "data" / "bad"
CLEAN = BAD / "clean.csv"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
SECONDS = 5  # every case, good or bad, is answered within this
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def frame(path: Path, *args: str):
    """The canonical workforce frame the loader makes of a file, given CLI read options such as
    ``--delimiter tab``: the figures are a function of this frame alone."""
    from wres_cli.cli.options import reading

    given = dict(zip(args[::2], args[1::2], strict=True))
    options = reading(
        given.get("--encoding"),
        given.get("--delimiter"),
        given.get("--sheet"),
        int(given["--header-row"]) if "--header-row" in given else None,
    )
    loaded = load_dataset(path, "workforce", Config(), **options).frame
    return loaded.reset_index(drop=True)


@pytest.fixture(scope="module")
def clean_frame():
    return frame(CLEAN)


def same_frame(path: Path, clean, *args: str) -> None:
    import pandas as pd

    start = time.perf_counter()
    pd.testing.assert_frame_equal(frame(path, *args), clean)
    assert time.perf_counter() - start < SECONDS


def figures(run, path: Path, *args: str) -> str:
    """The tidy CSV of a file (with organisations, so decoded text is compared too)."""
    return run("compute", path, "--by", "org", "--format", "csv", *args).stdout


@pytest.fixture(scope="module")
def clean_figures() -> str:
    from conftest import Run

    return figures(Run(), CLEAN)


def refused(run, args: list, fragments: list[str], name: str) -> str:
    """Run the CLI, expecting exit 2 with one 'Error:' naming ``name`` and holding every fragment."""
    start = time.perf_counter()
    result = run(*args, code=2)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    assert name in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in {result.stderr!r}"
    assert len(result.stderr) < 2000, "an error message is one readable line, not a data dump"
    return result.stderr


def case_id(case: dict) -> str:
    return " ".join([case["file"], *case.get("args", [])])


def test_every_corpus_file_has_an_expected_outcome():
    listed = {case["file"] for case in CASES}
    present = {p.name for p in BAD.iterdir()} - {"cases.yaml", "clean.csv"}
    assert present == listed - {"clean.csv"}
    assert sum(p.stat().st_size for p in BAD.iterdir()) < 20_000, "keep the committed corpus small"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_corpus_case(run, clean_frame, case):
    path = BAD / case["file"]
    args = [str(a) for a in case.get("args", [])]
    command = ["compute", CLEAN, "--config", path] if case.get("as") == "config" else ["compute", path]
    if case["expect"] == "same":
        same_frame(path, clean_frame, *args)
    else:
        refused(run, [*command, *args], case.get("message", []), path.name)


@pytest.mark.parametrize("name", ["cp1252_semicolon_crlf.csv", "utf16_tab.txt", "quoted_commas_newlines.csv"])
def test_end_to_end_figures_are_identical(run, clean_figures, name):
    assert figures(run, BAD / name) == clean_figures


def test_clean_file_figures_are_the_hand_worked_ones(run):
    """The reference every 'same' case is compared with: 95 people, 68 White, 22 BME, 5 Unknown."""
    rows = list(csv.DictReader(io.StringIO(figures(run, CLEAN))))
    total = {r["group"]: r for r in rows if r["indicator"] == "1" and r["breakdown"] == "Total"}
    assert {g: (total[g]["numerator"], total[g]["denominator"]) for g in total} == {
        "White": ("68", "95"),
        "BME": ("22", "95"),
        "Unknown": ("5", "95"),
    }
    orgs = {r["org"] for r in rows}
    assert orgs == {"All", "Wilworth Café Trust"}
    ratio = next(r for r in rows if r["indicator"] == "3" and r["measure"] == "relative_likelihood")
    assert float(ratio["value"]) == pytest.approx((4 / 22) / (3 / 68))


# ---- generated cases ---------------------------------------------------------------------------------------


def test_binary_file_with_nul_bytes(run, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 20)
    refused(run, ["compute", path], ["binary file"], "photo.csv")


def test_binary_file_without_nul_bytes(run, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 20)
    refused(run, ["compute", path], ["cannot decode", "--encoding"], "image.csv")


def test_utf16_without_bom_is_refused_then_read_with_encoding(run, tmp_path, clean_frame):
    path = tmp_path / "unicode.txt"
    path.write_bytes(CLEAN.read_text(encoding="utf-8").replace(",", "\t").encode("utf-16-le"))
    refused(run, ["compute", path], ["--encoding utf-16-le"], "unicode.txt")
    same_frame(path, clean_frame, "--encoding", "utf-16-le")


def test_missing_path_and_directory(run, tmp_path):
    refused(run, ["compute", tmp_path / "nope.csv"], ["no such file"], "nope.csv")
    refused(run, ["compute", tmp_path], ["is a directory"], tmp_path.name)


@pytest.mark.skipif(ROOT_USER, reason="root can read a file whatever its permissions")
def test_unreadable_file(run, tmp_path):
    path = tmp_path / "locked.csv"
    path.write_bytes(CLEAN.read_bytes())
    path.chmod(0)
    try:
        refused(run, ["compute", path], ["cannot be read", "permissions"], "locked.csv")
    finally:
        path.chmod(0o600)


def test_a_field_too_large_is_refused_with_its_line_not_echoed(run, tmp_path):
    lines = CLEAN.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",A,", ',"' + "x" * 2_000_000 + '",')
    path = tmp_path / "pasted.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(run, ["compute", path], ["line 4", "'Ethnicity'", "too large"], "pasted.csv")


def test_garbage_xlsx_parquet_and_xls(run, tmp_path):
    for name, fragment in [("a.xlsx", "Excel"), ("a.parquet", "Parquet"), ("a.xls", ".xls")]:
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04 this is not what it says")
        refused(run, ["compute", path], [fragment], name)


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _clean_rows(numbers: bool = True) -> list[list]:
    rows = list(csv.reader(io.StringIO(CLEAN.read_text(encoding="utf-8"))))
    if numbers:  # Excel holds years and counts as numbers, blanks as empty cells
        rows = [rows[0]] + [[int(v) if v.isdigit() else (v or None) for v in r] for r in rows[1:]]
    return rows


def test_excel_first_sheet_title_rows_and_sheet_option(run, tmp_path, clean_figures, clean_frame):
    titled = [["WRES workforce extract"], ["Run on 31/03/2025"], [], *_clean_rows()]
    book = _workbook(tmp_path / "esr.xlsx", {"Workforce": titled, "Notes": [["nothing", "here"]]})
    assert figures(run, book) == clean_figures  # first sheet, header found below the title rows
    same_frame(book, clean_frame, "--header-row", "4")
    other = _workbook(tmp_path / "two.xlsx", {"Cover": [["About this file"]], "Data": _clean_rows()})
    same_frame(other, clean_frame, "--sheet", "Data")
    refused(
        run, ["compute", other, "--sheet", "Staff"], ["no sheet named 'Staff'", "Cover, Data"], "two.xlsx"
    )


# ---- writing safely ----------------------------------------------------------------------------------------


def test_output_equal_to_an_input_is_refused_and_the_input_untouched(run, tmp_path, monkeypatch):
    path = tmp_path / "wf.csv"
    path.write_bytes(CLEAN.read_bytes())
    (tmp_path / "link.csv").symlink_to(path)
    (tmp_path / "sub").mkdir()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    monkeypatch.chdir(tmp_path)
    for spelling in ["wf.csv", str(path), "sub/../wf.csv", "link.csv"]:
        refused(run, ["compute", "wf.csv", "-f", "csv", "-o", spelling], ["one of the input files"], spelling)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "sub", "wf.csv"]


def test_unwritable_destinations_are_clear_errors(run, tmp_path):
    refused(run, ["compute", CLEAN, "-o", tmp_path / "no" / "out.csv"], ["does not exist"], "out.csv")
    refused(run, ["compute", CLEAN, "-o", tmp_path], ["is a directory"], tmp_path.name)
    refused(run, ["compute", CLEAN, "-o", CLEAN / "out.csv"], ["is a file, not a directory"], "out.csv")


@pytest.mark.skipif(ROOT_USER, reason="root can write into a read-only directory")
def test_read_only_directory(run, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        refused(
            run, ["compute", CLEAN, "-f", "csv", "-o", locked / "out.csv"], ["cannot write into"], "out.csv"
        )
    finally:
        locked.chmod(0o700)


def test_an_interrupted_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "results.csv"

    def half_then_interrupt(stream):
        stream.write("framework,indicator\n")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, half_then_interrupt)
    assert list(tmp_path.iterdir()) == []
    target.write_text("previous results\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, half_then_interrupt)
    assert target.read_text(encoding="utf-8") == "previous results\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_failing_write_is_an_output_error_and_leaves_nothing(tmp_path):
    def disk_full(stream):
        stream.write("x")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        atomic.write_atomic(tmp_path / "out.csv", disk_full)
    assert list(tmp_path.iterdir()) == []


def test_csv_export_neutralises_formulas_and_keeps_numbers(run, tmp_path):
    rows = [["Organisation", "Ethnicity", "Disciplinary", "Count"]]
    orgs = ['=HYPERLINK("http://x","y")', "+44 1234", "-cmd", "@SUM(A1)", "Plain Trust"]
    for org in orgs:
        rows += [[org, "A", "Y", 5], [org, "N", "Y", 3], [org, "A", "N", 20], [org, "N", "N", 10]]
    path = tmp_path / "orgs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = list(csv.DictReader(io.StringIO(figures(run, path))))
    assert {r["org"] for r in out} == {"All", "'" + orgs[0], "'+44 1234", "'-cmd", "'@SUM(A1)", "Plain Trust"}
    assert all(not r["org"].startswith(published.FORMULA_PREFIXES) for r in out)
    assert all(float(r["value"]) >= 0 for r in out if r["value"])  # numbers are written as numbers


def test_neutralise_every_prefix_but_not_numbers():
    import pandas as pd

    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert published.neutralise(prefix + "1+1") == "'" + prefix + "1+1"
    assert published.neutralise("Band 5") == "Band 5"
    assert published.neutralise(-3.5) == -3.5
    frame = published.safe_frame(pd.DataFrame({"text": ["=1+1", "ok"], "value": [-2.5, 1.0]}))
    assert frame["text"].tolist() == ["'=1+1", "ok"]
    assert frame["value"].tolist() == [-2.5, 1.0] and frame["value"].dtype == float


def test_plugins_are_not_loaded_from_the_current_directory(tmp_path):
    marker = tmp_path / "imported"
    payload = f"open({str(marker)!r}, 'w').write('x')\n"
    (tmp_path / "indicators").mkdir()
    for name in ("indicators/wres_1.py", "indicators/evil.py", "wres_1.py", "wres_cli.py", "registry.py"):
        (tmp_path / name).write_text(payload, encoding="utf-8")
    wres = Path(sys.executable).with_name("wres")
    command = [str(wres)] if wres.exists() else [sys.executable, "-P", "-m", "wres_cli"]
    result = subprocess.run(
        [*command, "compute", str(CLEAN), "-f", "csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


# ---- configuration -----------------------------------------------------------------------------------------


def test_alias_bomb_is_rejected_within_a_second():
    start = time.perf_counter()
    with pytest.raises(WresError, match="aliases expand"):
        load_config(BAD / "config_alias_bomb.yaml")
    assert time.perf_counter() - start < 1


def test_config_nested_too_deeply_is_an_error(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("confidence: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    with pytest.raises(WresError, match="nested too deeply"):
        load_config(path)


def test_a_huge_wrong_value_is_not_echoed(tmp_path):
    path = tmp_path / "wres.yaml"
    path.write_text("confidence: [" + ", ".join(["x" * 50] * 500) + "]\n", encoding="utf-8")
    with pytest.raises(WresError, match="confidence must be float") as info:
        load_config(path)
    assert len(str(info.value)) < 200


# ---- fuzz: only WresError or success -----------------------------------------------------------------------

TOKENS = [
    "Ethnicity", "Pay Band", "Count", "Year", "Disciplinary", "A", "N", "Z", "Band 5", "Y", "1", "-1", "1e400",
    "2025", '"', '""', ",", ";", "\t", "|", "\n", "\r\n", " ", "NULL", "=1+1", "é", "\x00", "\ufeff", "",
]  # fmt: skip
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(data: bytes, suffix: str = ".csv") -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(WresError):
            load_dataset(path, "workforce", Config())


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_bytes_give_wres_error_or_success(data):
    _load(data)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=80), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_fuzz_csv_shaped_text_gives_wres_error_or_success(tokens, encoding):
    text = "Ethnicity,Pay Band,Count\n" + "".join(tokens)
    _load(text.encode(encoding, errors="replace"))


def test_xlsx_report_neutralises_formulas_and_keeps_numbers(run, tmp_path):
    import openpyxl

    rows = [["Organisation", "Ethnicity", "Disciplinary", "Count"]]
    for org in ['=HYPERLINK("http://x","y")', "@SUM(A1)", "Plain Trust"]:
        rows += [[org, "A", "Y", 5], [org, "N", "Y", 3], [org, "A", "N", 20], [org, "N", "N", 10]]
    path = tmp_path / "orgs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    run("report", path, "--by", "org", "-o", tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {'\'=HYPERLINK("http://x","y")', "'@SUM(A1)"} <= texts
    assert not [t for t in texts if t.startswith(published.FORMULA_PREFIXES)]
    assert any(isinstance(c.value, int | float) for c in cells)

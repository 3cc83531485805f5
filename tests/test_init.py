"""`wres init`: a starter wres.yaml that reads back exactly what the files held, lists what it could not map,
never overwrites without --force and never leaves a partial file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SAMPLE
from wres_cli.core.config import load_config
from wres_cli.outputs import atomic
from wres_cli.outputs.starter import Found, render

AWKWARD = [
    "back\\slash",
    'double "quoted"',
    "single 'quoted'",
    "colon: then space",
    "x #not a comment",
    "#hash first",
    "é ü 中 ✓",
    "  leading spaces",
    "trailing space ",
    "- dash first",
    "null",
    "123",
    "yes",
    "tab\there",
    "line\nbreak",
    "[bracket",
    "{brace",
    "*star",
    "&amp",
    "!bang",
    "% percent",
    "@at",
    "`tick",
    "| bar",
    "> gt",
    "? question",
]


def _workforce(path: Path, values: list[str], header: str = "Ethnic Origin") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([header, "Pay Band", "Year"])
        for value in ["A", "N", *values]:
            writer.writerow([value, "Band 5", 2026])
    return path


def _written(path: Path, found: Found) -> Path:
    path.write_text(render(found), encoding="utf-8")
    return path


def test_headers_and_values_read_back_unchanged(tmp_path):
    """Every awkward header and value is written by the YAML library, so load_config gives it back as it was."""
    found = Found(
        paths={"workforce": "work force\n# not a key: 1.csv"},
        columns={"workforce": {f"c{i}": header for i, header in enumerate(AWKWARD)}},
        missing={"workforce": [("disciplinary", False), ("ethnicity", True)]},
        unmapped={"ethnicity": AWKWARD, "bands": ["Band\\8", "b: 1"]},
    )
    config = load_config(_written(tmp_path / "wres.yaml", found))
    assert config.columns == {"workforce": {f"c{i}": header for i, header in enumerate(AWKWARD)}}
    assert config.ethnicity == dict.fromkeys(AWKWARD, "")
    assert config.bands == {"Band\\8": "", "b: 1": ""}
    assert config.staff_groups == {} and config.medical_grades == {}
    assert config.indicator_3_method == "pooled-2y" and config.confidence == 0.95 and config.suppress == 0
    assert config.survey_questions == {"5": ("Q14a",), "6": ("Q14b", "Q14c"), "7": ("Q15",), "8": ("Q16b",)}
    text = (tmp_path / "wres.yaml").read_text(encoding="utf-8")
    assert "\\\\" not in text  # a backslash is written once, not doubled
    assert "é ü 中 ✓" in text  # and other scripts as themselves, not as escapes
    assert "# disciplinary: ''   # not found" in text and "# ethnicity: ''   # not found (required)" in text


@given(
    st.dictionaries(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12), max_size=6),
    st.lists(st.text(min_size=1, max_size=12), max_size=6, unique=True),
)
def test_any_text_reads_back_unchanged(tmp_path_factory, headers, values):
    found = Found(
        paths={"workforce": "wf.csv"},
        columns={"workforce": headers},
        unmapped={"ethnicity": sorted(values)} if values else {},
    )
    config = load_config(_written(tmp_path_factory.mktemp("any") / "wres.yaml", found))
    assert dict(config.columns.get("workforce", {})) == headers
    assert config.ethnicity == dict.fromkeys(sorted(values), "")


def test_init_lists_unmapped_values_on_stderr_and_in_the_file(run, tmp_path):
    values = [v for v in AWKWARD if v.strip() not in ("null", "yes")]
    workforce = _workforce(tmp_path / "workforce.csv", values, header="  Ethnic Origin")
    out = tmp_path / "wres.yaml"
    result = run("init", workforce, "--output", out)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"Wrote {out}"
    assert lines[1].startswith("ethnicity: ") and "could not map" in lines[1] and str(out) in lines[1]
    config = load_config(out)
    shown = sorted(config.ethnicity)[:10]
    assert f"{len(config.ethnicity)} value(s)" in lines[1] and f"and {len(config.ethnicity) - 10} more" in lines[1]
    assert f"({', '.join(map(repr, shown))} and" in lines[1]
    assert len(lines) == 2  # a line break in a value is shown escaped; pay bands etc.: nothing unmapped
    assert config.columns["workforce"] == {"ethnicity": "Ethnic Origin", "pay_band": "Pay Band", "year": "Year"}
    assert "back\\slash" in config.ethnicity and "line\nbreak" in config.ethnicity
    assert 'double "quoted"' in config.ethnicity and "x #not a comment" in config.ethnicity
    assert "é ü 中 ✓" in config.ethnicity and "colon: then space" in config.ethnicity
    assert set(config.ethnicity.values()) == {""}


def test_the_starter_gives_the_same_figures_as_no_configuration(run, tmp_path):
    inputs = [SAMPLE / "workforce.csv", "--recruitment", SAMPLE / "recruitment.csv"]
    inputs += ["--board", SAMPLE / "board.csv", "--survey", SAMPLE / "survey.csv"]
    out = tmp_path / "wres.yaml"
    assert run("init", *inputs, "-o", out).stderr == f"Wrote {out}\n"
    config = load_config(out)
    assert config.columns["survey"]["ethnicity"] == "Ethnicity"
    plain = json.loads(run("compute", *inputs, "--format", "json").stdout)
    configured = json.loads(run("compute", *inputs, "-c", out, "--format", "json").stdout)
    assert configured["rows"] == plain["rows"] and configured["summary"] == plain["summary"]


def test_refuses_to_overwrite_without_force_and_overwrites_with_it(run, tmp_path):
    workforce = _workforce(tmp_path / "workforce.csv", [])
    out = tmp_path / "wres.yaml"
    out.write_text("mine: keep\n", encoding="utf-8")
    refused = run("init", workforce, "-o", out, code=2)
    assert refused.stdout == ""
    assert refused.stderr == f"Error: {out} already exists; pass --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "mine: keep\n"
    forced = run("init", workforce, "-o", out, "--force")
    assert forced.stdout == "" and forced.stderr == f"Wrote {out}\n"
    assert load_config(out).columns["workforce"]["ethnicity"] == "Ethnic Origin"


def test_never_overwrites_an_input_even_with_force(run, tmp_path):
    workforce = _workforce(tmp_path / "workforce.csv", ["Martian"])
    before = workforce.read_bytes()
    result = run("init", workforce, "-o", workforce, "--force", code=2)
    assert result.stdout == "" and "is one of the input files" in result.stderr
    assert workforce.read_bytes() == before


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_input_writes_nothing(run, tmp_path, existing):
    """Every file is read before anything is written: a bad survey file leaves no file, or the old one."""
    workforce = _workforce(tmp_path / "workforce.csv", [])
    survey = tmp_path / "survey.csv"
    survey.write_bytes(b"")
    out = tmp_path / "wres.yaml"
    if existing:
        out.write_text("mine: keep\n", encoding="utf-8")
    result = run("init", workforce, "--survey", survey, "-o", out, "--force", code=2)
    assert result.stdout == "" and result.stderr.startswith("Error: ") and str(survey) in result.stderr
    assert "Traceback" not in result.stderr
    assert (out.read_text(encoding="utf-8") if existing else out.exists()) == ("mine: keep\n" if existing else False)
    assert _leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(run, tmp_path, monkeypatch):
    workforce = _workforce(tmp_path / "workforce.csv", [])
    out = tmp_path / "wres.yaml"
    out.write_text("mine: keep\n", encoding="utf-8")

    def full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    result = run("init", workforce, "-o", out, "--force", code=2)
    assert result.stdout == ""
    assert result.stderr == f"Error: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "mine: keep\n"
    assert _leftovers(tmp_path) == []


def test_a_file_name_with_a_line_break_cannot_break_the_yaml(run, tmp_path):
    folder = tmp_path / "odd\nname: 1 #"
    folder.mkdir()
    workforce = _workforce(folder / "workforce.csv", [])
    out = tmp_path / "wres.yaml"
    run("init", workforce, "-o", out)
    config = load_config(out)
    assert set(config.columns) == {"workforce"}
    assert config.columns["workforce"]["ethnicity"] == "Ethnic Origin"


def test_missing_input_and_missing_output_folder_exit_2(run, tmp_path):
    result = run("init", tmp_path / "nope.csv", "-o", tmp_path / "wres.yaml", code=2)
    assert result.stdout == "" and "nope.csv" in result.stderr and not (tmp_path / "wres.yaml").exists()
    workforce = _workforce(tmp_path / "workforce.csv", [])
    result = run("init", workforce, "-o", tmp_path / "no" / "wres.yaml", code=2)
    assert result.stdout == "" and "does not exist" in result.stderr

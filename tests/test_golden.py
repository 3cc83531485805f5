"""Golden outputs on the sample data: what users see stays byte-identical unless a change means it to.

Every case runs the real command line from the repository root (so paths in the output are relative) and
compares its output with the file of the same name under tests/golden/. After an intended change, rewrite
them with ``WRES_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("WRES_UPDATE_GOLDEN", "") not in ("", "0")

NHS = [
    "sample_data/workforce.csv",
    "--recruitment",
    "sample_data/recruitment.csv",
    "--board",
    "sample_data/board.csv",
    "--survey",
    "sample_data/survey.csv",
]
SC = [
    "sample_data/sc-wres/workforce.csv",
    "--framework",
    "sc-wres",
    "-c",
    "sample_data/sc-wres/wres.yaml",
    "--recruitment",
    "sample_data/sc-wres/recruitment.csv",
    "--survey",
    "sample_data/sc-wres/survey.csv",
]
WDES = [
    "sample_data/wdes/workforce.csv",
    "--framework",
    "wdes",
    "--recruitment",
    "sample_data/wdes/recruitment.csv",
    "--board",
    "sample_data/wdes/board.csv",
    "--survey",
    "sample_data/wdes/survey.csv",
]
PUBLISH = ["--by", "org", "--trend", "--suppress", "10"]

COMPUTE = {
    f"{name}-{fmt}.{fmt}": ["compute", *inputs, *PUBLISH, "--format", fmt]
    for name, inputs in (("nhs-wres", NHS), ("sc-wres", SC), ("wdes", WDES))
    for fmt in ("csv", "json")
}


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; create it with WRES_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden output (WRES_UPDATE_GOLDEN=1 rewrites it)"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("WRES_NO_PLUGINS", "1")


@pytest.mark.parametrize("name", sorted(COMPUTE))
def test_compute_outputs_are_unchanged(run, at_root, name):
    check(name, run(*COMPUTE[name]).stdout)


def test_terminal_table_at_a_fixed_width_is_unchanged(run, at_root, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    check("nhs-wres-table-100.txt", run("compute", *NHS).stdout)


def test_validate_json_is_unchanged(run, at_root):
    check("nhs-wres-validate.json", run("validate", *NHS, "--format", "json").stdout)


def test_markdown_report_is_unchanged(run, at_root, tmp_path):
    output = tmp_path / "report.md"
    run("report", *NHS, "--suppress", "10", "-o", output)
    text = output.read_text(encoding="utf-8")
    text = re.sub(r"(Produced \| )[^|\n]*", r"\1(date)", text)  # the only line that depends on the clock
    check("nhs-wres-report.md", text)

"""`wres validate` on the committed corpus in tests/data/invalid/: one small file per check code, each
reported with its code, file, line and column (cases.yaml), and the exit code its severity calls for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from wres_cli.validation.catalog import CHECKS

INVALID = Path(__file__).resolve().parent / "data" / "invalid"
CASES = yaml.safe_load((INVALID / "cases.yaml").read_text(encoding="utf-8"))
CLEAN = {"workforce": "clean_workforce.csv", "recruitment": "clean_recruitment.csv"}
OPTION = {
    "recruitment": "--recruitment",
    "board": "--board",
    "survey": "--survey",
    "disciplinary": "--disciplinary",
    "config": "--config",
    "against": "--against",
}


def command(case: dict) -> tuple[list[str], dict[str, str]]:
    """The `wres validate` arguments of a case, and the path passed for each role."""
    paths = {role: str(INVALID / name) for role, name in case.get("with", {}).items()}
    paths[case["role"]] = str(INVALID / case["file"])
    args = ["validate", paths["workforce"], *([paths["workforce_also"]] if "workforce_also" in paths else [])]
    for role, path in paths.items():
        if role not in ("workforce", "workforce_also"):
            args += [OPTION[role], path]
    return [*args, *map(str, case.get("args", [])), "--format", "json"], paths


def test_every_check_has_one_case_and_every_file_is_used():
    assert sorted(case["code"] for case in CASES) == sorted(CHECKS)
    used = {case["file"] for case in CASES} | {n for case in CASES for n in case.get("with", {}).values()}
    assert {p.name for p in INVALID.iterdir()} - {"cases.yaml"} == used
    assert all(case["file"].startswith(case["code"] + "_") for case in CASES)
    assert sum(p.stat().st_size for p in INVALID.iterdir()) < 16_000, "keep the corpus small"


def test_clean_files_validate_without_findings(run):
    args = ["validate", INVALID / CLEAN["workforce"], "--recruitment", INVALID / CLEAN["recruitment"]]
    payload = json.loads(run(*args, "--format", "json", code=0).stdout)
    assert payload["findings"] == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["code"])
def test_corpus_case(run, case):
    args, paths = command(case)
    code = case["code"]
    result = run(*args, code=None)
    assert "Traceback" not in result.stdout + result.stderr
    payload = json.loads(result.stdout)
    expected = {
        "code": code,
        "severity": CHECKS[code].severity,
        "file": paths[case.get("reported_on", case["role"])],
        "line": case["line"],
        "column": case["column"],
    }
    hits = [f for f in payload["findings"] if {k: f[k] for k in expected} == expected]
    assert hits, f"{expected} not among {json.dumps(payload['findings'], indent=1)}"
    for fragment in case.get("message", []):
        assert any(fragment in f["message"] for f in hits), (fragment, [f["message"] for f in hits])
    assert all(f["hint"] == CHECKS[f["code"]].hint for f in payload["findings"])
    errors = code.startswith("E")
    assert result.exit_code == payload["summary"]["exit_code"] == (1 if errors else 0), payload
    if not errors:
        assert payload["summary"]["errors"] == 0
        run(*args, "--strict", code=1 if CHECKS[code].severity == "warning" else 0)

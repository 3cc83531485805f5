"""`wres validate --junit` and `--format json` for CI: a check that ran and found nothing is a passed testcase,
one that found errors a failure, and only a check whose inputs were not given is skipped, saying why. The JSON
summary lists the same checks as passed and not run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import SAMPLE, SAMPLE_INPUTS
from wres_cli.validation.catalog import CHECKS

NHS = SAMPLE_INPUTS
# Checks of inputs the clean sample does not have: a return (--against), --by org, an aggregated survey, a count
# column, several files for one dataset, disciplinary cases given by person.
ABSENT = {"E109", "E207", "E304", "E305", "E307", "E308", "E309", "W405", "E601", "E602", "E603", "E604", "E605"}


def outcomes(path) -> dict[str, str]:
    """code -> 'passed', 'failed', 'skipped' or 'output' for every testcase of a JUnit file."""
    root = ET.parse(path).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(CHECKS) == int(root.get("tests"))
    out = {}
    for case in cases:
        code = case.get("name").split()[0]
        children = [child.tag for child in case]
        out[code] = {(): "passed", ("failure",): "failed", ("skipped",): "skipped"}.get(tuple(children), "output")
    suite = root.find("testsuite")
    assert int(suite.get("skipped")) == sum(v == "skipped" for v in out.values())
    assert int(suite.get("failures")) == sum(v == "failed" for v in out.values())
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    from conftest import Run

    folder = tmp_path_factory.mktemp("junit")
    junit = folder / "validate.xml"
    result = Run()("validate", *NHS, "--junit", junit, "--format", "json")
    return outcomes(junit), json.loads(result.stdout)["summary"], ET.parse(junit).getroot()


def test_checks_that_ran_and_passed_are_passed_testcases(clean):
    result, _, _ = clean
    for code in ("E201", "E202", "E203", "E108", "E107", "E206", "E301", "E302", "W401"):
        assert result[code] == "passed", code  # the ethnicity, band, staff group and yes/no value checks ran
    assert not [c for c, r in result.items() if r == "failed"]


def test_only_checks_whose_inputs_are_absent_are_skipped_and_say_so(clean):
    result, _, root = clean
    skipped = {c for c, r in result.items() if r == "skipped"}
    assert skipped <= ABSENT, skipped - ABSENT
    assert {"E601", "E307", "E304"} <= skipped
    for case in root.iter("testcase"):
        reason = case.find("skipped")
        if reason is not None:
            assert reason.get("message").startswith("not run: "), case.get("name")
    return_check = next(c for c in root.iter("testcase") if c.get("name").startswith("E601"))
    assert "--against" in return_check.find("skipped").get("message")


def test_json_lists_the_same_checks_as_passed_and_not_run(clean):
    result, summary, _ = clean
    assert summary["checks_not_run"] == sorted(c for c, r in result.items() if r == "skipped")
    assert set(summary["checks_passed"]) == {c for c, r in result.items() if r == "passed"}
    assert set(summary["checks_passed"]) <= set(summary["checks_run"])
    assert not set(summary["checks_not_run"]) & set(summary["checks_run"])


def test_given_inputs_turn_skipped_checks_into_checks_that_run(run, tmp_path):
    """--against runs the return checks, an aggregated survey its own checks, --by org the organisation ones
    (which may then find something: ran is what matters here)."""
    ret = tmp_path / "return.csv"
    run("compute", *NHS, "--format", "csv", "-o", ret)
    junit = tmp_path / "v.xml"
    aggregated = [*NHS[:-1], SAMPLE / "survey_aggregated.csv"]
    run("validate", *aggregated, "--against", ret, "--junit", junit, "--by", "org", code=None)
    result = outcomes(junit)
    for code in ("E207", "E304", "E305", "E307", "E601", "E602", "E603", "E604", "E605"):
        assert result[code] != "skipped", code
    assert result["E206"] == "skipped"  # the answers of a record-level survey: not in these inputs


def test_errors_fail_and_warnings_fail_only_under_strict(run, tmp_path):
    wf = tmp_path / "wf.csv"
    rows = ["Year,Ethnicity,Disciplinary"] + [f"2026,{e},N" for e in ["A"] * 12 + ["N"] * 12 + ["Z"] * 8]
    wf.write_text("\n".join([*rows, "2026,X9,maybe"]) + "\n", encoding="utf-8")
    junit = tmp_path / "v.xml"
    run("validate", wf, "--junit", junit, code=1)
    result = outcomes(junit)
    assert result["E201"] == "failed" and result["E108"] == "failed"
    assert result["W401"] == "output"  # 25% Unknown: a warning, listed but not failing
    run("validate", wf, "--junit", junit, "--strict", code=1)
    assert outcomes(junit)["W401"] == "failed"
    failure = ET.parse(junit).getroot().find(".//testcase[@name='E201 unmapped ethnicity']/failure")
    assert "X9" in failure.text and "hint:" in failure.text

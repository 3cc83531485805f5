"""Help in one style for every command: placeholders in capitals, choices in brackets, limits in words (never
a type name such as <list[Path]> or {WORKFORCE}); a report format given to `compute` points to `wres report`;
shell completion is there."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

COMMANDS = [[], ["compute"], ["report"], ["validate"], ["init"], ["list"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "wres")
def test_help_has_one_placeholder_style(run, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "100")
    text = run(*command, "--help").stdout
    assert not re.search(r"list\[|\brange\b|x[<>]=", text), text
    names = [line.strip().split("  ")[0] for line in text.splitlines() if re.match(r"  [-A-Z]", line)]
    usage = text.splitlines()[0]
    for name in [usage, *names]:  # the usage line and the left column: no type names, no braces
        assert not re.search(r"[{}<>]|\b(str|int|float|path|file)\b", name), name
    for line in text.splitlines():  # every option that takes a value shows a placeholder or its choices
        match = re.match(r"\s+(?:-\w, )?(--[\w-]+)(?: (\S+))?", line)
        if match and match[2] and not match[2].startswith("/"):
            assert re.fullmatch(r"[A-Z][A-Z:._]*(\.\.\.)?|\[[\w|.-]+\]", match[2]), line


def test_choices_and_limits_read_as_such(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    compute = run("compute", "--help").stdout
    assert "--by [org]" in compute and "-f, --format [table|csv|json]" in compute
    assert "--header-row LINE" in compute and "[at least 1]" in compute
    report = run("report", "--help").stdout
    assert "-o, --output FILE" in report and "--template FILE" in report and "--charts DIR" in report
    assert "report [OPTIONS] WORKFORCE" in report.splitlines()[0]
    validate = run("validate", "--help").stdout
    assert "--junit FILE" in validate and "[default: 0.005; at least 0]" in " ".join(validate.split())


@pytest.mark.parametrize("fmt", ["xlsx", "html", "docx", "pdf", "md"])
def test_a_report_format_on_compute_points_to_wres_report(run, tmp_path, fmt):
    wf = tmp_path / "wf.csv"
    wf.write_text("Ethnicity\nA\nN\n", encoding="utf-8")
    result = run("compute", wf, "--format", fmt, code=2)
    assert f"{fmt} is a report format: write it with `wres report WORKFORCE ... -o report.{fmt}`" in result.stderr
    assert "Value error" not in result.stderr
    other = run("compute", wf, "--format", "yaml", code=2).stderr
    assert "'yaml' is not one of 'table', 'csv', 'json'" in other and "wres report" not in other


def test_shell_completion_is_installed_by_typer(run):
    assert "--install-completion" in run("--help").stdout
    # the shell is named rather than detected from the parent process, which differs between a terminal and CI
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "wres_cli", "--show-completion", "bash"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and "_WRES_COMPLETE" in done.stdout


def test_completion_offers_commands_and_choices():
    def complete(words: str, index: int) -> list[str]:
        env = {"_WRES_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        done = subprocess.run(
            [sys.executable, "-m", "wres_cli"], capture_output=True, text=True, env={**os.environ, **env}
        )
        return done.stdout.split()

    assert complete("wres rep", 1) == ["report"]
    assert complete("wres report wf.csv --by ", 4) == ["org"]
    assert complete("wres compute wf.csv --format ", 4) == ["table", "csv", "json"]

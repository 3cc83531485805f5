"""Writers for validation findings: a rich table per file, JSON, and JUnit XML for CI."""

from __future__ import annotations

import json

from wres_cli.outputs.atomic import write_text
from wres_cli.outputs.terminal import make_console
from wres_cli.validation.catalog import CHECKS, Finding, Report

NOT_RUN = "not run: these inputs have no file, column or option it checks"
NOT_RUN_BY_AREA = {"return check": "not run: it checks a return, given with --against"}


def outcomes(report: Report) -> dict[str, str]:
    """Each check's outcome: 'failed' (it found something that fails the run), 'found' (findings that do not
    fail it), 'passed' (it ran and found nothing) or 'not run' (its inputs were not given)."""
    found = {f.code for f in report.findings}
    out = {}
    for code, check in CHECKS.items():
        if code in found:
            fails = check.severity == "error" or (report.strict and check.severity == "warning")
            out[code] = "failed" if fails else "found"
        else:
            out[code] = "passed" if code in report.ran else "not run"
    return out


def json_text(report: Report) -> str:
    """{"findings": [...], "summary": {...}}; the summary lists the checks that ran and passed and those that
    did not run (their inputs were not given) beside ``checks_run``."""
    summary = report.summary()
    result = outcomes(report)
    summary["checks_passed"] = sorted(c for c, r in result.items() if r == "passed")
    summary["checks_not_run"] = sorted(c for c, r in result.items() if r == "not run")
    payload = {"findings": [f.as_dict() for f in report.findings], "summary": summary}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _xml_safe(text: str) -> str:
    return "".join(c for c in str(text) if c in "\t\n\r" or ord(c) >= 0x20)


def junit_xml(report: Report) -> str:
    """JUnit XML: one testcase per check. A check that ran and found nothing is a passed testcase; errors are
    failures (warnings too under --strict, otherwise they are listed in the testcase's system-out, as is
    information); only a check whose inputs were not given is skipped, saying so."""
    import xml.etree.ElementTree as ET

    by_code: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    result = outcomes(report)
    suites = ET.Element("testsuites", name="wres validate")
    suite = ET.SubElement(suites, "testsuite", name="wres validate")
    for code, check in CHECKS.items():
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"wres.validate.{check.area.replace(' ', '_')}",
            name=f"{code} {check.title}",
        )
        found = by_code.get(code, [])
        text = "\n".join(_location(f) + f.message for f in found)
        if result[code] == "failed":
            n = sum(f.count for f in found)
            ET.SubElement(
                case,
                "failure",
                type=code,
                message=_xml_safe(f"{n:,} finding{'s' if n != 1 else ''}: {found[0].message}"[:500]),
            ).text = _xml_safe(f"{text}\nhint: {check.hint}")
        elif result[code] == "found":
            ET.SubElement(case, "system-out").text = _xml_safe(f"{text}\nhint: {check.hint}")
        elif result[code] == "not run":
            ET.SubElement(case, "skipped", message=NOT_RUN_BY_AREA.get(check.area, NOT_RUN))
    counts = {r: sum(v == r for v in result.values()) for r in ("failed", "not run")}
    for element in (suites, suite):
        element.set("tests", str(len(CHECKS)))
        element.set("failures", str(counts["failed"]))
        element.set("errors", "0")
    suite.set("skipped", str(counts["not run"]))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _location(f: Finding) -> str:
    where = f.file + (f" line {f.line}" if f.line is not None else "")
    where += f", column {f.column!r}" if f.column else ""
    return f"{where}: "


def print_table(report: Report, console) -> None:
    """Findings as rich tables, one per file, then a one-line summary. Severity, code and line number never wrap
    or get cut (the table is laid out for the console's width, see outputs.terminal_layout); the column name and
    the message wrap at word boundaries."""
    from rich.text import Text

    from wres_cli.outputs.terminal_layout import Col, Sheet, fitted

    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    styles = {"error": "bold red", "warning": "yellow", "info": "dim"}
    columns = [
        Col("severity", figure=True),
        Col("code", figure=True),
        Col("line", "right", figure=True),
        Col("column", max_width=24, fold_beyond=16),
        Col("message", fold_beyond=16),
    ]
    for file, found in by_file.items():
        sheet = Sheet(columns, title=file)
        rank = {"error": 0, "warning": 1, "info": 2}
        for f in sorted(found, key=lambda f: (rank[f.severity], f.line or 0, f.code)):
            line = "" if f.line is None else str(f.line)
            sheet.add_row(Text(f.severity, style=styles[f.severity]), f.code, line, f.column or "", f.message)
        for part in fitted([sheet], console.width, console):
            console.print(part)
        for code, hint in dict.fromkeys((f.code, f.hint) for f in found):
            console.print(f"  {code}: {hint}", markup=False, highlight=False)
        console.print()
    for note in report.notes:
        console.print(f"Note: {note}")
    errors, warnings, infos = report.total("error"), report.total("warning"), report.total("info")
    verdict = "[bold red]failed[/]" if report.exit_code else "[green]passed[/]"
    console.print(
        f"{verdict}: {errors:,} error{'s' if errors != 1 else ''}, {warnings:,} warning"
        f"{'s' if warnings != 1 else ''} in {len(report.files)} file{'s' if len(report.files) != 1 else ''}"
        + (f" ({infos:,} for information only)" if infos else "")
        + (" (--strict: warnings fail)" if report.strict and warnings else "")
    )


def emit(report: Report, fmt: str, output=None, junit=None) -> None:
    """Print (or write to ``output``) the findings as a table or JSON; write JUnit XML to ``junit``."""
    import io
    import sys

    if junit is not None:
        write_text(junit, junit_xml(report))
    if fmt == "json":
        text = json_text(report)
    elif output is None:
        print_table(report, make_console())
        return
    else:
        buffer = io.StringIO()
        print_table(report, make_console(buffer, width=160, color=False))
        text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text)
        print(f"Wrote {output}", file=sys.stderr)

"""The findings of `wres disclosure-check`, as plain lines that fit an 80-column terminal."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wres_cli.outputs.atomic import write_text

if TYPE_CHECKING:
    from wres_cli.results.disclosure_audit import Audit

WIDTH = 80


def audit_text(audit: Audit) -> str:
    """What was checked, then each finding: the count, the range a reader is left with, the published figures
    that combine to give it, and the fix."""
    threshold = audit.threshold
    head = (
        f"Disclosure check at --suppress {threshold}: {audit.checked:,} counts a reader does not see (hidden, "
        f"'<{threshold}', or in no table), each checked against everything the run publishes."
    )
    lines = textwrap.wrap(head, WIDTH)
    if audit.safe:
        rule = (
            f"Nothing found: every one keeps at least {threshold - 1} possible values, or a range from 0 to "
            f"{threshold} or more, and no note prints a count below {threshold}."
        )
        return "\n".join([*lines, *textwrap.wrap(rule, WIDTH)]) + "\n"
    lines.append(f"{len(audit.findings)} finding(s):")
    for number, found in enumerate(audit.findings, 1):
        where = f"{number}. {found.count} (shown as {found.shown})"
        if found.low == found.low:  # a range was worked out
            where += f": a reader can narrow it to {found.range_text()}"
        lines += textwrap.wrap(where, WIDTH, subsequent_indent="   ")
        for part in found.through:
            lines += textwrap.wrap(f"from: {part}", WIDTH, initial_indent="   ", subsequent_indent="     ")
        lines += textwrap.wrap(f"fix: {found.fix}", WIDTH, initial_indent="   ", subsequent_indent="     ")
    return "\n".join(lines) + "\n"


def write_audit(audit: Audit, output: Path | None) -> None:
    text = audit_text(audit)
    typer.echo(text, nl=False)
    if output is not None:
        write_text(output, text)

"""Hands results to the right writer: rich tables on a terminal, CSV/JSON to stdout or an atomic file.
Warnings go to stderr so that standard output stays clean data."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wres_cli.results.model import Results


def check_output(output: Path, inputs: Iterable[Path | None]) -> None:
    from wres_cli.outputs.atomic import check_destination

    check_destination(output, inputs)


FORMAT_OF_SUFFIX = {".csv": "csv", ".json": "json", ".txt": "table"}


def output_format(chosen: str | None, output: Path | None) -> str:
    """The format to write: ``--format`` when given, else the one ``--output``'s extension names, else a table.

    A file named .csv or .json never receives another format: a JSON document in data.csv would open in a
    spreadsheet as nonsense, so the mismatch is refused before anything is computed."""
    from wres_cli.core.errors import OutputError

    named = FORMAT_OF_SUFFIX.get(output.suffix.lower()) if output is not None else None
    if chosen is None:
        return named or "table"
    if named is not None and named != chosen:
        raise OutputError(
            f"--output {output} is a {output.suffix} file, but --format {chosen} would write {chosen} into it",
            hint=f"name the file {output.with_suffix(_SUFFIX_OF[chosen]).name}, or leave out --format",
        )
    return chosen


_SUFFIX_OF = {fmt: suffix for suffix, fmt in FORMAT_OF_SUFFIX.items()}


def warn(results: Results) -> None:
    for message in results.warnings:
        print(f"Warning: {message}", file=sys.stderr)


def emit(
    results: Results,
    fmt: str,
    output: Path | None,
    *,
    detail: bool = False,
    indicators: Sequence[str] | None = None,
    compact: bool = False,
) -> None:
    """Print or write the results in ``fmt``; a table shows the summary, readings and notes, plus the detail
    tables of every indicator with ``detail`` or of the ``indicators`` named; ``compact`` JSON is one line."""
    from wres_cli.outputs import tidy as export
    from wres_cli.outputs.atomic import write_atomic, write_text

    warn(results)
    if fmt == "table" and results.trend is not None:
        print(
            "Note: --trend adds the trend table to CSV and JSON output; `wres report` charts it.",
            file=sys.stderr,
        )
    if fmt == "table":
        from wres_cli.outputs.terminal import make_console, render

        if output is None:
            render(results, make_console(), detail=detail, indicators=indicators)
            return
        buffer = io.StringIO()
        render(results, make_console(buffer, width=140, color=False), detail=detail, indicators=indicators)
        text = buffer.getvalue()
    elif fmt == "csv":
        text = export.csv_text(results)
    elif output is not None:  # written a piece at a time (atomically: a reader never sees part of it)
        write_atomic(output, lambda stream: stream.writelines(export.json_pieces(results, compact=compact)))
        print(f"Wrote {output}", file=sys.stderr)
        return
    else:
        text = export.json_text(results, compact=compact)
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text)
        print(f"Wrote {output}", file=sys.stderr)


def print_registry(dirs: Iterable[Path]) -> None:
    """`wres list`: every framework and indicator with its id, title, orientation, inputs and source.

    Plain lines (no table) so that long titles never wrap mid-word and the output can be searched."""
    from wres_cli.core.frameworks import framework_title
    from wres_cli.indicators.registry import load_registry

    registry = load_registry(dirs)
    lines = []
    for framework in sorted(registry.frameworks, key=lambda f: (f != "nhs-wres", f)):
        lines.append(f"{framework}: {framework_title(framework)}")
        for i in registry.framework(framework):
            lines.append(f"  {i.id:>3}  {i.title}")
            details = [
                f"orientation: {i.orientation or 'descriptive'}",
                f"needs: {', '.join(i.needs) or 'nothing'}",
                f"source: {i.source}",
            ]
            lines.append(f"       {'; '.join(details)}")
        lines.append("")
    sys.stdout.write("\n".join(lines))
    for error in registry.errors:
        print(f"Warning: plugin {error}", file=sys.stderr)

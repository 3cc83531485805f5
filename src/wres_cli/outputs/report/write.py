"""Choose the report format and write it atomically (HTML, Markdown with optional SVG charts, Excel)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wres_cli.core.errors import OutputError

if TYPE_CHECKING:
    from wres_cli.results.model import Results

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}


def report_format(output: Path, chosen: str | None = None) -> str:
    """The format given, else the one the file extension names."""
    if chosen:
        return chosen
    try:
        return FORMATS[output.suffix.lower()]
    except KeyError:
        raise OutputError(
            f"--output {output}: cannot tell the format from {output.suffix or 'a name without an extension'}; "
            "use .html, .md or .xlsx, or give --format"
        ) from None


def write_report(results: Results, output: Path, fmt: str, *, charts_dir: Path | None = None) -> list[Path]:
    """Write the report for ``results``; returns every file written (charts first, the report last)."""
    from wres_cli.outputs.atomic import write_atomic, write_text
    from wres_cli.outputs.report import build

    if fmt == "html":
        from wres_cli.outputs.report.html import render

        write_text(output, render(build.build(results, charts=True)))
        return [output]
    if fmt == "md":
        from wres_cli.outputs.report.markdown import render, write_charts

        report = build.build(results, charts=charts_dir is not None)
        written = write_charts(report, charts_dir) if charts_dir is not None else []
        write_text(output, render(report, charts_dir=charts_dir, output=output))
        return [*written, output]
    if fmt == "xlsx":
        from wres_cli.outputs.report.xlsx import write

        report = build.build(results, charts=False)
        write_atomic(output, lambda stream: write(report, stream), binary=True)
        return [output]
    raise OutputError(f"unknown report format {fmt!r}; use html, md or xlsx")

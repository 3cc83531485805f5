"""The report as Markdown tables (pasteable into board papers and GitHub); each chart is written as an SVG file
into a charts folder and linked by a path relative to the Markdown file."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from wres_cli.outputs.report.model import Chart, Notes, Report, Table, display

NUMERIC = {"count", "percent", "ratio", "points", "ratio_change", "p", "int"}


def render(report: Report, *, charts_dir: Path | None = None, output: Path | None = None) -> str:
    """Markdown text; chart links point into ``charts_dir`` (files written by :func:`write_charts`)."""
    lines = [f"# {_inline(report.title)}", "", f"_{_inline(report.subtitle)}_", ""]
    if report.notice:
        lines += [f"> {_inline(report.notice)}", ""]
    for section in report.sections:
        lines += [f"## {_inline(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [_paragraph(paragraph), ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines += table_markdown(block)
            elif isinstance(block, Notes):
                lines += notes_markdown(block)
            elif charts_dir is not None and block.svg:
                lines += chart_markdown(block, chart_path(charts_dir, block), output)
    return "\n".join(lines).rstrip() + "\n"


def table_markdown(table: Table) -> list[str]:
    align = [
        "---:" if any(r[i][1] in NUMERIC for r in table.rows) else "---" for i in range(len(table.columns))
    ]
    lines = [f"**{_inline(table.title)}**", ""]
    lines.append("| " + " | ".join(_inline(c) for c in table.columns) + " |")
    lines.append("| " + " | ".join(align) + " |")
    lines += ["| " + " | ".join(_inline(display(v, k)) for v, k in row) + " |" for row in table.rows]
    lines.append("")
    if table.note:
        lines += [f"_{_inline(table.note)}_", ""]
    return lines


def notes_markdown(notes: Notes) -> list[str]:
    lines = [f"**{_inline(notes.title)}**", ""] if notes.title else []
    for paragraph in notes.paragraphs:
        lines += [_paragraph(paragraph), ""]
    return lines


def chart_markdown(chart: Chart, path: Path, output: Path | None) -> list[str]:
    base = output.parent if output is not None else Path.cwd()
    link = Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    alt = _inline(f"{chart.title}. {chart.alt}")
    lines = [f"![{alt}]({quote(link)})", ""]
    if chart.note:
        lines += [f"_{_inline(chart.note)}_", ""]
    return lines


def chart_path(charts_dir: Path, chart: Chart) -> Path:
    return charts_dir / f"{chart.key}.svg"


def write_charts(report: Report, charts_dir: Path) -> list[Path]:
    """Write every drawn chart as ``charts_dir/<key>.svg`` (atomically); the folder is created if needed, and
    only when there is a chart to put in it."""
    from wres_cli.core.errors import OutputError
    from wres_cli.outputs.atomic import write_text

    if not any(chart.svg for chart in report.charts()):
        return []
    try:
        charts_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--charts {charts_dir}: cannot create the folder: {exc.strerror or exc}") from None
    written = []
    for chart in report.charts():
        if chart.svg:
            path = chart_path(charts_dir, chart)
            write_text(path, '<?xml version="1.0" encoding="utf-8"?>\n' + chart.svg + "\n")
            written.append(path)
    return written


_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "} | {c: "\\" + c for c in "\\`*_[]|!~"}
)


def _inline(text: str) -> str:
    """Text from the data (names, labels, paths) shown as written: HTML and Markdown syntax escaped, so a
    value cannot add a link, an image or markup to the report, and one line stays one line."""
    return str(text).translate(_ESCAPES)


def _paragraph(text: str) -> str:
    """:func:`_inline` text that also cannot start a heading, a list or a rule."""
    escaped = _inline(text)
    return "\\" + escaped if escaped[:1] in ("#", "+", "-", "=") else escaped

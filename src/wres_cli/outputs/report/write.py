"""Choose the report format from the output's extension and write it atomically: HTML, PDF (the HTML printed
by a headless Chromium), Word, Markdown (with its charts as SVG files) or Excel.

Every extension is either one of these or refused: a report is never written under an extension that names
another format.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wres_cli.core.errors import OutputError

if TYPE_CHECKING:
    from wres_cli.results.model import Results

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".xlsx": "xlsx",
}
EXTENSION = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "md": ".md", "xlsx": ".xlsx"}
NAMES = {"html": "HTML", "pdf": "PDF", "docx": "Word", "md": "Markdown", "xlsx": "Excel"}
NEAR = {  # extensions of formats wres does not write, and the one it writes instead
    ".doc": "docx",
    ".dotx": "docx",
    ".docm": "docx",
    ".odt": "docx",
    ".rtf": "docx",
    ".xls": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "xlsx",
    ".csv": "xlsx",
    ".txt": "md",
    ".mhtml": "html",
}
CHOICES = ".html, .pdf, .docx, .md or .xlsx"


def report_format(output: Path, chosen: str | None = None) -> str:
    """The format the extension of ``output`` names; ``chosen`` (--format) must agree with it."""
    suffix = output.suffix.lower()
    named = FORMATS.get(suffix)
    if chosen and named and chosen != named:
        raise OutputError(
            f"--output {output} is a {suffix} file, but --format {chosen} would write {NAMES[chosen]} into it",
            hint=f"name the file {output.with_suffix(EXTENSION[chosen]).name}, or leave out --format",
        )
    if named:
        return named
    if chosen:
        raise OutputError(
            f"--output {output}: {NAMES[chosen]} reports are written to files ending in {EXTENSION[chosen]}",
            hint=f"name the file {output.with_suffix(EXTENSION[chosen]).name}",
        )
    near = NEAR.get(suffix)
    advice = f"; for {suffix} write {EXTENSION[near]} ({NAMES[near]}) instead" if near else ""
    raise OutputError(
        f"--output {output}: wres report does not write {suffix or 'a file without an extension'}{advice}",
        hint=f"the report formats are {CHOICES}",
    )


def check_report(output: Path, fmt: str, *, charts: bool, template: Path | None = None) -> None:
    """Everything a format needs, checked before any work is done: the chart library, python-docx, the
    template, and a browser for PDF."""
    from wres_cli.outputs.report.build import MissingLibrary, require_charts

    if template is not None and fmt != "docx":
        raise OutputError(f"--template {template}: a Word template is for a .docx report, not {output.name}")
    if template is not None and template.suffix.lower() != ".docx":
        raise OutputError(
            f"--template {template}: give the trust's template as a .docx document",
            hint="open it in Word and save it as .docx (Word Document)",
        )
    if charts:
        require_charts()
    if fmt == "docx":
        try:
            import docx  # noqa: F401
        except ImportError:
            raise MissingLibrary(
                "a Word report needs python-docx, which is not installed in this Python environment",
                hint="reinstall wres-cli, which installs it (pip install --upgrade wres-cli, or pip install "
                "python-docx)",
            ) from None
    if fmt == "pdf":
        from wres_cli.outputs.report.pdf import require_browser

        require_browser(output)


def default_charts_dir(output: Path) -> Path:
    """Where a Markdown report's charts go unless --charts says: 'report-charts' beside 'report.md'."""
    return output.with_name(f"{output.stem}-charts")


def write_report(
    results: Results,
    output: Path,
    fmt: str,
    *,
    charts: bool = True,
    charts_dir: Path | None = None,
    template: Path | None = None,
) -> list[Path]:
    """Write the report for ``results``; returns every file written (charts first, the report last).
    Markdown links its charts from ``charts_dir`` (default: :func:`default_charts_dir`); with another format,
    ``charts_dir`` also receives the charts as SVG files."""
    from wres_cli.outputs.atomic import write_atomic, write_text
    from wres_cli.outputs.report import build
    from wres_cli.outputs.report.markdown import write_charts

    if fmt not in EXTENSION:
        raise OutputError(f"unknown report format {fmt!r}; the report formats are {CHOICES}")
    check_report(output, fmt, charts=charts, template=template)
    if fmt == "md" and charts and charts_dir is None:
        charts_dir = default_charts_dir(output)
    report = build.build(results, charts=charts, png=fmt in ("docx", "xlsx"))
    written = write_charts(report, charts_dir) if charts and charts_dir is not None else []
    if fmt == "html":
        from wres_cli.outputs.report.html import render

        write_text(output, render(report))
    elif fmt == "pdf":
        from wres_cli.outputs.report.html import render
        from wres_cli.outputs.report.pdf import html_to_pdf, require_browser

        data = html_to_pdf(render(report), require_browser(output))
        write_atomic(output, lambda stream: stream.write(data), binary=True)
    elif fmt == "md":
        from wres_cli.outputs.report.markdown import render

        links = charts_dir if written else None
        write_text(output, render(report, charts_dir=links, output=output))
    elif fmt == "docx":
        from wres_cli.outputs.report.docx import write

        write_atomic(output, lambda stream: write(report, stream, template), binary=True)
    else:
        from wres_cli.outputs.report.xlsx import write

        write_atomic(output, lambda stream: write(report, stream), binary=True)
    return [*written, output]

"""The `wres report` command: the board pack (HTML, Markdown or Excel) from the same results as `compute`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .cli import (
    Band,
    By,
    Characteristic,
    Confidence,
    ConfigOpt,
    Delimiter,
    Encoding,
    Framework,
    HeaderRow,
    IndicatorsDir,
    MethodOpt,
    Sheet,
    Suppress,
    Workforce,
    Year,
    Zero,
    _by_org,
    _read_options,
    app,
)


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    xlsx = "xlsx"


@app.command()
def report(
    workforce: Workforce,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", dir_okay=False, help="Report file: .html, .md or .xlsx (written atomically)."
        ),
    ],
    recruitment: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Shortlisted applications (indicator 2).")
    ] = None,
    board: Annotated[Path | None, typer.Option(dir_okay=False, help="Board members (indicator 9).")] = None,
    survey: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Staff survey, record-level or aggregated (indicators 5-8)."),
    ] = None,
    config: ConfigOpt = None,
    year: Year = None,
    by: By = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="Report format (default: from the extension)."),
    ] = None,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts", file_okay=False, help="Markdown: also write the charts as SVG files in DIR."
        ),
    ] = None,
    confidence: Confidence = None,
    method: MethodOpt = None,
    zero_cells: Zero = None,
    band: Band = None,
    suppress: Suppress = None,
    suppress_zeros: Annotated[bool, typer.Option(help="With --suppress, hide zeros too.")] = False,
    suppress_ratios: Annotated[
        bool, typer.Option(help="With --suppress, hide ratios and intervals built on suppressed counts.")
    ] = False,
    framework: Framework = "nhs-wres",
    characteristic: Characteristic = None,
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Write a board-ready report: summary, charts, trends, benchmarking (--by org) and methods."""
    from . import api
    from . import output as out
    from .report.write import report_format, write_report

    inputs = dict(workforce=workforce, recruitment=recruitment, board=board, survey=survey)
    fmt = report_format(output, format.value if format else None)
    if charts is not None and fmt != "md":
        raise typer.BadParameter(
            "charts go inside the HTML report; --charts is for .md", param_hint="--charts"
        )
    out.check_output(output, inputs.values())
    results = api.compute(
        **inputs,
        config=config,
        year=year,
        by_org=_by_org(by),
        framework="characteristic" if characteristic and framework == "nhs-wres" else framework,
        indicators_dirs=indicators_dir or (),
        read_options=_read_options(encoding, delimiter, sheet, header_row),
        characteristic=characteristic,
        trend=True,
        **out.config_options(
            confidence=confidence,
            method=method,
            zero_cells=zero_cells,
            band=band,
            suppress=suppress,
            suppress_zeros=suppress_zeros,
            suppress_ratios=suppress_ratios,
        ),
    )
    out.warn(results)
    for path in write_report(results, output, fmt, charts_dir=charts):
        typer.echo(f"Wrote {path}", err=True)

"""The `wres report` command: the board pack (HTML, Markdown or Excel) from the same results as `compute`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wres_cli.cli.app import app
from wres_cli.cli.options import (
    Band,
    Board,
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
    Recruitment,
    Sheet,
    Suppress,
    SuppressRatios,
    SuppressZeros,
    Survey,
    Workforce,
    Year,
    Zero,
    by_org,
    framework_of,
    overrides,
    reading,
)
from wres_cli.core.options import RunOptions


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
    recruitment: Recruitment = None,
    board: Board = None,
    survey: Survey = None,
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
    suppress_zeros: SuppressZeros = False,
    suppress_ratios: SuppressRatios = False,
    framework: Framework = "nhs-wres",
    characteristic: Characteristic = None,
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Write a board-ready report: summary, charts, trends, benchmarking (--by org) and methods."""
    from wres_cli import api
    from wres_cli.outputs import emit as out
    from wres_cli.outputs.report.write import report_format, write_report

    options = RunOptions(
        workforce,
        recruitment=recruitment,
        board=board,
        survey=survey,
        config=config,
        year=year,
        by_org=by_org(by),
        framework=framework_of(framework, characteristic),
        indicators_dirs=tuple(indicators_dir or ()),
        read_options=reading(encoding, delimiter, sheet, header_row),
        overrides=overrides(
            confidence, method, zero_cells, band, suppress, suppress_zeros, suppress_ratios, characteristic
        ),
    )
    fmt = report_format(output, format.value if format else None)
    if charts is not None and fmt != "md":
        raise typer.BadParameter("charts go inside the HTML report; --charts is for .md", param_hint="--charts")
    out.check_output(output, options.inputs)
    results = api.run(options, trend=True)
    out.warn(results)
    for path in write_report(results, output, fmt, charts_dir=charts):
        typer.echo(f"Wrote {path}", err=True)

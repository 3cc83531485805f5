"""The `wres report` command: the board pack (HTML, PDF, Word, Markdown or Excel) from the same results as
`compute`; the output's extension chooses the format."""

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
    Capability,
    Characteristic,
    Confidence,
    ConfigOpt,
    Delimiter,
    Disciplinary,
    Encoding,
    Framework,
    Groups,
    HeaderRow,
    IndicatorsDir,
    MethodOpt,
    Recruitment,
    Sheet,
    Suppress,
    SuppressRatios,
    SuppressZeros,
    Survey,
    Training,
    WorkforceSource,
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
    pdf = "pdf"
    docx = "docx"
    md = "md"
    xlsx = "xlsx"


Output = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        help="Report file; its extension chooses the format: .html, .pdf (printed by a headless Chromium), "
        ".docx (Word), .md or .xlsx. Written atomically.",
    ),
]
FormatOpt = Annotated[
    ReportFormat | None,
    typer.Option("--format", "-f", help="Report format; must agree with the extension, which is enough."),
]
ChartsDir = Annotated[
    Path | None,
    typer.Option(
        "--charts",
        file_okay=False,
        help="Also write the charts as SVG files into DIR (for .md, the folder its links point to; "
        "default: REPORT-charts beside REPORT.md).",
    ),
]
NoCharts = Annotated[bool, typer.Option("--no-charts", help="Leave the charts out.")]
Template = Annotated[
    Path | None,
    typer.Option(
        "--template",
        exists=True,
        dir_okay=False,
        help="Word: take the styles, page setup, headers and footers from this .docx (e.g. the trust's "
        "board paper template).",
    ),
]


@app.command()
def report(
    workforce: WorkforceSource,
    output: Output,
    recruitment: Recruitment = None,
    board: Board = None,
    survey: Survey = None,
    disciplinary: Disciplinary = None,
    capability: Capability = None,
    training: Training = None,
    config: ConfigOpt = None,
    year: Year = None,
    by: By = None,
    format: FormatOpt = None,
    charts: ChartsDir = None,
    no_charts: NoCharts = False,
    template: Template = None,
    confidence: Confidence = None,
    method: MethodOpt = None,
    zero_cells: Zero = None,
    band: Band = None,
    suppress: Suppress = None,
    suppress_zeros: SuppressZeros = False,
    suppress_ratios: SuppressRatios = None,
    framework: Framework = "nhs-wres",
    characteristic: Characteristic = None,
    groups: Groups = None,
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Write the board pack: a one-page summary, then appendices with charts, trends, benchmarking (--by org)
    and methods."""
    options = RunOptions(
        workforce,
        recruitment=recruitment,
        board=board,
        survey=survey,
        disciplinary=disciplinary,
        capability=capability,
        training=training,
        config=config,
        year=year,
        by_org=by_org(by),
        framework=framework_of(framework, characteristic),
        indicators_dirs=tuple(indicators_dir or ()),
        read_options=reading(encoding, delimiter, sheet, header_row),
        overrides=overrides(
            confidence, method, zero_cells, band, suppress, suppress_zeros, suppress_ratios, characteristic, groups
        ),
    )
    write(options, output, format.value if format else None, charts, no_charts, template)


def write(
    options: RunOptions,
    output: Path,
    chosen: str | None,
    charts: Path | None,
    no_charts: bool,
    template: Path | None,
) -> None:
    """Check the output and what its format needs before reading anything, then compute and write."""
    from wres_cli import api
    from wres_cli.outputs import emit as out
    from wres_cli.outputs.report.write import check_report, report_format, write_report

    fmt = report_format(output, chosen)
    if charts is not None and no_charts:
        raise typer.BadParameter("give either --charts DIR or --no-charts", param_hint="--charts")
    check_report(output, fmt, charts=not no_charts, template=template)
    out.check_output(output, options.inputs)
    results = api.run(options, trend=True)
    out.warn(results)
    written = write_report(results, output, fmt, charts=not no_charts, charts_dir=charts, template=template)
    if charts is not None and len(written) == 1:
        typer.echo(f"No charts to write into {charts}: no indicator of these inputs has a chart.", err=True)
    for path in written:
        typer.echo(f"Wrote {path}", err=True)

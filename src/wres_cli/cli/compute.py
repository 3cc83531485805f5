"""`wres compute`: the indicators on the terminal, or as CSV / JSON."""

from __future__ import annotations

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
    Compact,
    Confidence,
    ConfigOpt,
    Delimiter,
    Disciplinary,
    Encoding,
    Format,
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
from wres_cli.core.errors import ExitCode
from wres_cli.core.options import RunOptions

ComputeFormat = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="Output format [default: from --output's extension (.csv, .json), else table]."
    ),
]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically) instead of standard output.")
]
Strict = Annotated[bool, typer.Option(help="Exit 1 when an indicator could not be computed.")]
Detail = Annotated[
    bool,
    typer.Option("--detail", help="Also show every indicator's detail tables (counts, rates, intervals)."),
]
IndicatorIds = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator", "-i", metavar="ID", help="Show the detail tables of indicator ID (repeatable)."
    ),
]
Trend = Annotated[
    bool, typer.Option(help="CSV/JSON: add each figure's trend over the years (and, by org, its rank).")
]


@app.command()
def compute(
    workforce: WorkforceSource = None,
    recruitment: Recruitment = None,
    board: Board = None,
    survey: Survey = None,
    disciplinary: Disciplinary = None,
    capability: Capability = None,
    training: Training = None,
    config: ConfigOpt = None,
    year: Year = None,
    by: By = None,
    format: ComputeFormat = None,
    output: Output = None,
    strict: Strict = False,
    detail: Detail = False,
    indicator: IndicatorIds = None,
    trend: Trend = False,
    compact: Compact = False,
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
    """Compute the indicators and show them (or write CSV / JSON)."""
    from wres_cli import api
    from wres_cli.cli.progress import progress
    from wres_cli.outputs import emit as out

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
            confidence,
            method,
            zero_cells,
            band,
            suppress,
            suppress_zeros,
            suppress_ratios,
            characteristic,
            groups,
        ),
    )
    fmt = out.output_format(getattr(format, "value", None), output)
    if output is not None:
        out.check_output(output, options.inputs)
    with progress(options.inputs[:-1]):  # on stderr, only for large inputs and only on a terminal
        results = api.run(options, trend=trend)
    # after the spinner has gone: a table goes to the same terminal
    out.emit(results, fmt, output, detail=detail, indicators=indicator, compact=compact)
    if strict:
        exit_if_not_computed(results.summary)


def exit_if_not_computed(summary) -> None:
    """--strict: exit 1 when an indicator was not computed, saying which and what each needs."""
    missing = dict.fromkeys(
        f"{s['framework']} {s['indicator']} ({s['reason']})" for s in summary if s["status"] == "not_computed"
    )
    if missing:
        typer.echo(
            f"--strict: exit 1 because {len(missing)} indicator(s) could not be computed: "
            + "; ".join(missing),
            err=True,
        )
        raise typer.Exit(int(ExitCode.FINDINGS))

"""The `wres validate` command: check the inputs of `wres compute` (and optionally a return) for CI."""

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
    Confidence,
    ConfigOpt,
    Delimiter,
    Disciplinary,
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
    Training,
    WorkforceSource,
    Year,
    Zero,
    by_org,
    overrides,
    reading,
)
from wres_cli.core.options import RunOptions


class Format(StrEnum):
    table = "table"
    json = "json"


@app.command()
def validate(
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
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the findings to FILE (atomically)."),
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Also write JUnit XML (one testcase per check) to FILE for CI."),
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="A return written by `wres compute --format csv`: recompute it and report every difference.",
        ),
    ] = None,
    tolerance: Annotated[
        float, typer.Option(min=0, help="Largest difference accepted between figures with --against.")
    ] = 0.005,
    strict: Annotated[bool, typer.Option(help="Exit 1 on warnings too.")] = False,
    confidence: Confidence = None,
    method: MethodOpt = None,
    zero_cells: Zero = None,
    band: Band = None,
    suppress: Suppress = None,
    suppress_zeros: SuppressZeros = False,
    suppress_ratios: SuppressRatios = None,
    framework: Framework = "nhs-wres",
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Check the inputs without computing indicators; exit 1 when there are errors (for CI)."""
    from wres_cli.outputs import emit as out
    from wres_cli.outputs import findings

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
        framework=framework,
        indicators_dirs=tuple(indicators_dir or ()),
        read_options=reading(encoding, delimiter, sheet, header_row),
        overrides=overrides(confidence, method, zero_cells, band, suppress, suppress_zeros, suppress_ratios),
    )
    for destination in (output, junit):
        if destination is not None:
            out.check_output(destination, [*options.inputs, against])
    report = run_checks(options, against=against, tolerance=tolerance, strict=strict)
    findings.emit(report, format.value, output, junit)
    raise typer.Exit(report.exit_code)


def run_checks(options: RunOptions, *, against: Path | None, tolerance: float, strict: bool):
    """`wres validate` on the inputs and options of ``options`` (validation reads the files itself)."""
    from wres_cli.validation.run import validate

    return validate(
        options.workforce,
        recruitment=options.recruitment,
        board=options.board,
        survey=options.survey,
        disciplinary=options.disciplinary,
        capability=options.capability,
        training=options.training,
        config=options.config,
        year=options.year,
        by_org=options.by_org,
        framework=options.framework,
        indicators_dirs=options.indicators_dirs,
        read_options=options.read_options,
        against=against,
        tolerance=tolerance,
        strict=strict,
        **options.overrides,
    )

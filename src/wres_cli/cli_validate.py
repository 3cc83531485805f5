"""The `wres validate` command: check the inputs of `wres compute` (and optionally a return) for CI."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .cli import (
    Band,
    By,
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


class Format(StrEnum):
    table = "table"
    json = "json"


@app.command()
def validate(
    workforce: Workforce,
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
    suppress_zeros: Annotated[bool, typer.Option(help="With --suppress, hide zeros too.")] = False,
    suppress_ratios: Annotated[
        bool, typer.Option(help="With --suppress, hide ratios and intervals built on suppressed counts.")
    ] = False,
    framework: Framework = "nhs-wres",
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Check the inputs without computing indicators; exit 1 when there are errors (for CI)."""
    from . import findings
    from . import output as out
    from .validate import validate as run

    inputs = dict(workforce=workforce, recruitment=recruitment, board=board, survey=survey)
    for destination in (output, junit):
        if destination is not None:
            out.check_output(destination, [*inputs.values(), against])
    report = run(
        **inputs,
        config=config,
        year=year,
        by_org=_by_org(by),
        framework=framework,
        indicators_dirs=indicators_dir or (),
        read_options=_read_options(encoding, delimiter, sheet, header_row),
        against=against,
        tolerance=tolerance,
        strict=strict,
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
    findings.emit(report, format.value, output, junit)
    raise typer.Exit(report.exit_code)

"""`wres disclosure-check`: before publishing, what a reader could still work out from a suppressed run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres_cli.cli.app import app
from wres_cli.cli.options import (
    Board,
    By,
    Capability,
    Characteristic,
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
    by_org,
    framework_of,
    overrides,
    reading,
)
from wres_cli.core.errors import ExitCode
from wres_cli.core.options import RunOptions

Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the findings to FILE (atomically) as well.")
]


@app.command("disclosure-check")
def disclosure_check(
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
    output: Output = None,
    method: MethodOpt = None,
    suppress: Suppress = None,
    suppress_zeros: SuppressZeros = False,
    suppress_ratios: SuppressRatios = None,
    framework: Framework = "nhs-wres",
    characteristic: Characteristic = None,
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Check a suppressed publication before it goes out: list every hidden count a reader could still narrow
    below the rule, the published figures that give it, and the fix. Give the inputs and options you will
    publish with (--suppress N, --by org, the configuration); exit 1 when anything is found."""
    from wres_cli import api
    from wres_cli.outputs.disclosure import write_audit

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
            None, method, None, None, suppress, suppress_zeros, suppress_ratios, characteristic
        ),
    )
    found = api.check_disclosure(options)
    write_audit(found, output)
    if not found.safe:
        raise typer.Exit(int(ExitCode.FINDINGS))

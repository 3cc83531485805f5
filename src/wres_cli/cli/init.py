"""`wres init`: a commented starter wres.yaml from the files' headers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres_cli.cli.app import app
from wres_cli.cli.options import File, Workforce


@app.command()
def init(
    workforce: Workforce,
    recruitment: File = None,
    board: File = None,
    survey: File = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the starter file.")] = Path(
        "wres.yaml"
    ),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter wres.yaml from the files' headers, listing values it could not map."""
    from wres_cli.outputs.starter import write_starter

    write_starter(
        output, dict(workforce=workforce, recruitment=recruitment, board=board, survey=survey), force=force
    )
    typer.echo(f"Wrote {output}", err=True)



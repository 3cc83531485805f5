"""`wres init`: a commented starter wres.yaml from the files' headers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres_cli.cli.app import app
from wres_cli.cli.options import File, HeaderRow, Sheet, Workforce

SHOWN = 10  # unmapped values named on the terminal per key; the file lists them all


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
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Write a commented starter wres.yaml from the files' headers, listing values it could not map."""
    from wres_cli.outputs.starter import write_starter

    paths = {"workforce": workforce, "recruitment": recruitment, "board": board, "survey": survey}
    found = write_starter(output, paths, force=force, sheet=sheet, header_row=header_row)
    typer.echo(f"Wrote {output}", err=True)
    for key, values in found.unmapped.items():
        named = ", ".join(repr(v) for v in values[:SHOWN])
        more = f" and {len(values) - SHOWN} more" if len(values) > SHOWN else ""
        typer.echo(
            f"{key}: {len(values)} value(s) the defaults could not map ({named}{more}); "
            f"give each its group under {key} in {output} (until then `wres compute` refuses the files)",
            err=True,
        )

"""`wres list`: every framework and indicator."""

from __future__ import annotations

from wres_cli.cli.app import app
from wres_cli.cli.options import IndicatorsDir


@app.command("list")
def list_indicators(indicators_dir: IndicatorsDir = None) -> None:
    """List every framework and indicator: id, title, orientation, inputs and where it came from."""
    from wres_cli.outputs import emit as out

    out.print_registry(indicators_dir or ())



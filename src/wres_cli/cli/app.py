"""The `wres` application and its single error boundary: WresError -> 'Error: …' and its exit code; any other
exception is a defect, shown with its traceback and exit 70."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from wres_cli import __version__
from wres_cli.core.errors import ExitCode, WresError


class WresGroup(TyperGroup):
    """Turns WresError into 'Error: …' on stderr with its exit code, and any other exception into exit 70."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except WresError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("typer"):
                raise
            import traceback

            typer.echo(traceback.format_exc(), err=True)
            typer.echo("This is a bug in wres-cli; please report it with the traceback above.", err=True)
            raise typer.Exit(int(ExitCode.BUG)) from None


app = typer.Typer(
    cls=WresGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: it starts in half the time and wraps cleanly at 80 columns
    help="Compute the Workforce Race Equality Standard (WRES) indicators from workforce files.",
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"wres-cli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """WRES indicators with counts, confidence intervals and small-number protection."""


def main() -> None:
    """Console entry point: a defect anywhere shows its traceback and exits 70, never 1 or 2."""
    try:
        app(prog_name="wres")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except WresError as exc:  # raised outside a command (e.g. while parsing)
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    except Exception:
        import traceback

        traceback.print_exc()
        typer.echo("This is a bug in wres-cli; please report it with the traceback above.", err=True)
        sys.exit(int(ExitCode.BUG))

"""The `wres` application and its single error boundary: WresError -> 'Error: …' and its exit code; any other
exception is a defect, shown with its traceback and exit 70.

Help follows one style for every command: a value's placeholder in capitals (FILE, DIR, N, YEAR), the choices
of an option in brackets ([table|csv|json]), limits in words ("at least 1"); see METAVARS and house_style.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Annotated, Any, get_args

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from wres_cli import __version__
from wres_cli.core.errors import ExitCode, WresError

METAVARS = {  # placeholders the type alone does not tell
    "recruitment": "FILE",
    "board": "FILE",
    "survey": "FILE",
    "disciplinary": "FILE",
    "capability": "FILE",
    "training": "FILE",
    "by": "[org]",
    "year": "YEAR",
    "confidence": "LEVEL",
    "band": "LOW:HIGH",
    "suppress": "N",
    "framework": "NAME",
    "characteristic": "COLUMN",
    "encoding": "ENCODING",
    "delimiter": "CHAR",
    "sheet": "SHEET",
    "header_row": "LINE",
}
BY_TYPE = {int: "N", float: "NUMBER", str: "TEXT"}
REPORT_FORMATS = ("html", "pdf", "docx", "md", "xlsx")


def metavar_of(param: Any) -> str:
    """A parameter's placeholder: METAVARS, else choices in brackets, else from its type."""
    if param.name in METAVARS:
        return METAVARS[param.name]
    desc = param.type_descriptor
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    annotation = desc.annotation
    if desc.is_list:
        annotation = (get_args(annotation) or (str,))[0]
    info = desc.parameter_info
    if desc.is_path or getattr(annotation, "__name__", "") == "Path":
        return "DIR" if info.file_okay is False else "FILE"
    return BY_TYPE.get(annotation, "VALUE")


def _limits(low: Any, high: Any) -> str | None:
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else None


class _Option(TyperOption):
    """An option in the house style: its placeholder from metavar_of, its limits in words."""

    def _get_number_range_help_str(self) -> str | None:
        return _limits(self.min, self.max)


class _Argument(TyperArgument):
    """An argument in the house style: 'WORKFORCE' in the usage line and the help, with no type after it."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"

    def _get_number_range_help_str(self) -> str | None:
        return _limits(self.min, self.max)


def house_style(command: Any) -> None:
    """Give every parameter of ``command`` the house style of placeholders and limits."""
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or param.name.upper()
        elif type(param) is TyperOption:
            param.__class__ = _Option
            if param.metavar is None and not (param.is_flag or param.count):
                param.metavar = metavar_of(param)


def _report_format_hint(exc: typer.BadParameter) -> None:
    """'Value error, ' dropped from a message; a report format given to another command's --format points to
    `wres report`."""
    exc.message = str(exc.message).removeprefix("Value error, ")
    given = re.match(r"'([^']+)' is not one of", exc.message)
    if exc.param is not None and exc.param.name == "format" and given and given[1].lower() in REPORT_FORMATS:
        fmt = given[1].lower()
        exc.message += (
            f" {fmt} is a report format: write it with `wres report WORKFORCE ... -o report.{fmt}`."
        )


class WresGroup(TyperGroup):
    """Turns WresError into 'Error: …' on stderr with its exit code, and any other exception into exit 70."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        house_style(self)
        for command in self.commands.values():
            house_style(command)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            _report_format_hint(exc)
            raise
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
    add_completion=True,  # wres --install-completion / --show-completion
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
        _run()
    except SystemExit as exc:
        _leave(exc.code)


def _run() -> None:
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


def _leave(code: object) -> None:
    """Exit with ``code`` as sys.exit would, without tearing the interpreter down: every file is written and
    closed, every temporary file removed and every connection closed by then, and freeing the objects of a
    national run one by one takes ~0.1 s. Output still buffered is flushed first."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            if stream is sys.stdout:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    os._exit(code or 0)

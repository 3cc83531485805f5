"""The `wres` command: parse options, call wres_cli.api, hand the results to render/export. No business rules.

Heavy modules (pandas, rich tables) are imported inside the commands so `wres --help` starts instantly.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import ExitCode, WresError


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Method(StrEnum):
    pooled = "pooled-2y"
    single = "1y"
    mean = "mean-of-ratios"


class ZeroCells(StrEnum):
    none = "none"
    haldane = "haldane"


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

File = Annotated[Path | None, typer.Option(dir_okay=False, help="CSV, .xlsx or .parquet file.")]
Workforce = Annotated[
    Path,
    typer.Argument(
        metavar="WORKFORCE",
        help="Workforce file: one row per person per reporting year (or aggregated rows with a count column).",
    ),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="Configuration YAML (see `wres init`).")
]
Year = Annotated[
    int | None, typer.Option(help="Reporting year (year of the 31 March snapshot); default: latest.")
]
By = Annotated[
    str | None,
    typer.Option("--by", help="Breakdown: 'org' gives every figure per organisation plus the total."),
]
Confidence = Annotated[float | None, typer.Option(help="Confidence level for intervals.  [default: 0.95]")]
MethodOpt = Annotated[
    Method | None, typer.Option("--method", help="Indicator 3 method.  [default: pooled-2y]")
]
Zero = Annotated[
    ZeroCells | None,
    typer.Option(
        "--zero-cells", help="Zero counts: 'none' (not calculable) or 'haldane' (+0.5 to every cell)."
    ),
]
Band = Annotated[
    str | None, typer.Option(help="Mark ratios outside LOW:HIGH (descriptive only), e.g. 0.8:1.25.")
]
Suppress = Annotated[
    int | None, typer.Option(help="Publish counts 1..N-1 as '<N' with secondary suppression.")
]
Framework = Annotated[
    str, typer.Option(help="Framework: nhs-wres, sc-wres, wdes, or a plugin's (see `wres list`).")
]
Characteristic = Annotated[
    str | None,
    typer.Option(
        "--characteristic",
        metavar="COLUMN",
        help="Compare the groups of COLUMN (e.g. age band) configured under `characteristics` in wres.yaml.",
    ),
]
IndicatorsDir = Annotated[
    list[Path] | None,
    typer.Option("--indicators-dir", file_okay=False, help="Also load indicator modules from DIR."),
]
Encoding = Annotated[str | None, typer.Option(help="CSV encoding (default: detected).")]
Delimiter = Annotated[str | None, typer.Option(help="CSV delimiter (default: detected).")]
Sheet = Annotated[str | None, typer.Option(help="Excel sheet (default: the first).")]
HeaderRow = Annotated[
    int | None, typer.Option(min=1, help="Line/row number of the header (default: detected).")
]


SuppressZeros = Annotated[bool, typer.Option(help="With --suppress, hide zeros too.")]
SuppressRatios = Annotated[
    bool, typer.Option(help="With --suppress, hide ratios and intervals built on suppressed counts.")
]
Recruitment = Annotated[
    Path | None, typer.Option(dir_okay=False, help="Shortlisted applications (indicator 2).")
]
Board = Annotated[Path | None, typer.Option(dir_okay=False, help="Board members (indicator 9).")]
Survey = Annotated[
    Path | None,
    typer.Option(dir_okay=False, help="Staff survey, record-level or aggregated (indicators 5-8)."),
]


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


def _by_org(by: str | None) -> bool:
    if by in (None, ""):
        return False
    if by.lower() in ("org", "organisation", "organization"):
        return True
    raise typer.BadParameter(f"{by!r}: the only breakdown is 'org'", param_hint="--by")


def _read_options(encoding, delimiter, sheet, header_row) -> dict:
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise typer.BadParameter("give one character, e.g. ';' or 'tab'", param_hint="--delimiter")
    return {
        k: v
        for k, v in dict(encoding=encoding, delimiter=delimiter, sheet=sheet, header_row=header_row).items()
        if v is not None
    }


def engine_options(params: dict) -> dict:
    """From a command's parameters, the inputs and options that api.compute and validate share."""
    from . import output as out

    p = params
    framework = p["framework"]
    if p.get("characteristic") and framework == "nhs-wres":
        framework = "characteristic"
    options = dict(
        workforce=p["workforce"],
        recruitment=p["recruitment"],
        board=p["board"],
        survey=p["survey"],
        config=p["config"],
        year=p["year"],
        by_org=_by_org(p["by"]),
        framework=framework,
        indicators_dirs=p["indicators_dir"] or (),
        read_options=_read_options(p["encoding"], p["delimiter"], p["sheet"], p["header_row"]),
        **out.config_options(
            **{k: p[k] for k in ("confidence", "method", "zero_cells", "band", "suppress")},
            suppress_zeros=p["suppress_zeros"],
            suppress_ratios=p["suppress_ratios"],
        ),
    )
    if "characteristic" in p:
        options["characteristic"] = p["characteristic"]
    return options


def inputs_of(options: dict) -> list:
    """The files a command reads (never to be overwritten by its output)."""
    return [options[k] for k in ("workforce", "recruitment", "board", "survey", "config")]


@app.command()
def compute(
    workforce: Workforce,
    recruitment: Recruitment = None,
    board: Board = None,
    survey: Survey = None,
    config: ConfigOpt = None,
    year: Year = None,
    by: By = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE (atomically) instead of standard output."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when an indicator could not be computed.")] = False,
    trend: Annotated[
        bool, typer.Option(help="CSV/JSON: add each figure's trend over the years (and, by org, its rank).")
    ] = False,
    confidence: Confidence = None,
    method: MethodOpt = None,
    zero_cells: Zero = None,
    band: Band = None,
    suppress: Suppress = None,
    suppress_zeros: SuppressZeros = False,
    suppress_ratios: SuppressRatios = False,
    framework: Framework = "nhs-wres",
    characteristic: Characteristic = None,
    indicators_dir: IndicatorsDir = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
) -> None:
    """Compute the indicators and show them (or write CSV / JSON)."""
    from . import api
    from . import output as out
    from .progress import progress

    options = engine_options(locals())
    if output is not None:
        out.check_output(output, inputs_of(options))
    with progress(inputs_of(options)[:4]):  # on stderr, only for large inputs and only on a terminal
        results = api.compute(**options, trend=trend)
    out.emit(results, format.value, output)  # after the display has gone: a table goes to the same terminal
    if strict and any(s["status"] == "not_computed" for s in results.summary):
        raise typer.Exit(int(ExitCode.FINDINGS))


@app.command("list")
def list_indicators(indicators_dir: IndicatorsDir = None) -> None:
    """List every framework and indicator: id, title, orientation, inputs and where it came from."""
    from . import output as out

    out.print_registry(indicators_dir or ())


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
    from .starter import write_starter

    write_starter(
        output, dict(workforce=workforce, recruitment=recruitment, board=board, survey=survey), force=force
    )
    typer.echo(f"Wrote {output}", err=True)


# Larger commands live in their own modules and register themselves on `app`.
from . import cli_report, cli_validate  # noqa: E402, F401


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

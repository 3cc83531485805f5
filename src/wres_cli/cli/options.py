"""Option types shared by the commands, and the helpers that turn a command's parameters into the fields of
its RunOptions (core.options)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from wres_cli.core.config import parse_band


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


class Grouping(StrEnum):
    broad = "broad"
    detailed = "detailed"


File = Annotated[Path | None, typer.Option(dir_okay=False, help="CSV, .xlsx or .parquet file.")]
Workforce = Annotated[
    Path,
    typer.Argument(
        metavar="WORKFORCE",
        help="Workforce file: one row per person per reporting year (or aggregated rows with a count column).",
    ),
]
WorkforceSource = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="WORKFORCE",
        help="Workforce file: one row per person per reporting year (or aggregated rows with a count column); "
        "several files (e.g. one export per year) are read as one, each year in one file only; or a database "
        "table as URL#TABLE (e.g. sqlite:///esr.db#staff_in_post). May be left out when the configuration "
        "names it under sources.",
        show_default=False,
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
    typer.Option(
        "--by",
        autocompletion=lambda: ["org"],
        help="Breakdown: 'org' gives every figure per organisation plus the total.",
    ),
]
Confidence = Annotated[float | None, typer.Option(help="Confidence level for intervals.  [default: 0.95]")]
MethodOpt = Annotated[
    Method | None, typer.Option("--method", help="Indicator 3 method.  [default: pooled-2y]")
]
Zero = Annotated[
    ZeroCells | None,
    typer.Option(
        "--zero-cells",
        help="Kept for old configurations: every ratio has a score interval, so 'haldane' changes nothing.",
    ),
]
Groups = Annotated[
    Grouping | None,
    typer.Option(
        help="'detailed': also each ethnic group behind BME (Asian, Black, Mixed, Other) against White, "
        "with Holm-adjusted p-values; the standard figures stay broad."
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
Compact = Annotated[
    bool, typer.Option("--compact", help="JSON: on one line, without indentation (about 30% smaller).")
]
SuppressRatios = Annotated[
    bool | None,
    typer.Option(
        "--suppress-ratios/--keep-ratios",
        help="With --suppress, ratios, intervals and p-values built on a withheld count are withheld too (the "
        "default); --keep-ratios publishes them, which can give the withheld count back.",
        show_default=False,
    ),
]


def dataset_files(help: str) -> Any:
    """The option of a dataset: one or more files, or URL#TABLE sources (repeatable)."""
    return Annotated[list[str] | None, typer.Option(metavar="FILE", help=help)]


Recruitment = dataset_files(
    "Shortlisted applications (indicator 2): a file or URL#TABLE; repeat for one file a year."
)
Board = dataset_files("Board members (indicator 9): a file or URL#TABLE; repeat for one file a year.")
Survey = dataset_files(
    "Staff survey, record-level or aggregated (indicators 5-8): a file or URL#TABLE; repeat for one "
    "file a year."
)
Disciplinary = dataset_files(
    "Disciplinary cases (indicator 3), one row per case with ethnicity or a person ID of the workforce "
    "file, and a date or year; counted against the workforce snapshot. Repeatable."
)
Capability = dataset_files(
    "Capability cases (WDES metric 3), one row per case with disability or a person ID, a date or year "
    "and optionally a reason (ill-health cases are not counted). Repeatable."
)
Training = dataset_files(
    "Non-mandatory training and CPD (indicator 4), one row per person trained (or course, with a "
    "person ID) with a date or year. Repeatable."
)


def by_org(by: str | None) -> bool:
    """--by: True for the breakdown by organisation (the only one), False when not given."""
    if by in (None, ""):
        return False
    if by.lower() in ("org", "organisation", "organization"):
        return True
    raise typer.BadParameter(f"{by!r}: the only breakdown is 'org'", param_hint="--by")


def framework_of(framework: str, characteristic: str | None = None) -> str:
    """--characteristic without --framework compares that column's groups (the 'characteristic' framework)."""
    return "characteristic" if characteristic and framework == "nhs-wres" else framework


def reading(
    encoding: str | None, delimiter: str | None, sheet: str | None, header_row: int | None
) -> dict[str, Any]:
    """How to read CSV and Excel inputs: only the options given (the readers detect the rest)."""
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise typer.BadParameter("give one character, e.g. ';' or 'tab'", param_hint="--delimiter")
    given = dict(encoding=encoding, delimiter=delimiter, sheet=sheet, header_row=header_row)
    return {k: v for k, v in given.items() if v is not None}


def overrides(
    confidence: float | None,
    method: Method | None,
    zero_cells: ZeroCells | None,
    band: str | None,
    suppress: int | None,
    suppress_zeros: bool,
    suppress_ratios: bool | None,
    characteristic: str | None = None,
    groups: Grouping | None = None,
) -> dict[str, Any]:
    """Command-line options as configuration keys (only those given), for RunOptions.overrides."""
    given = {
        "confidence": confidence,
        "indicator_3_method": getattr(method, "value", method),
        "zero_cells": getattr(zero_cells, "value", zero_cells),
        "band": parse_band(band) if band else None,
        "suppress": suppress,
        "suppress_zeros": suppress_zeros or None,
        "suppress_ratios": suppress_ratios,
        "characteristic": characteristic,
        "groups": getattr(groups, "value", groups),
    }
    return {k: v for k, v in given.items() if v is not None}

"""`wres validate` on a table or query in a database: the checks that can be worked out from an aggregate.

The source is read as `wres compute` reads it (:mod:`wres_cli.inputs.database`: one GROUP BY, values mapped
by the file parsers), with the number of table rows and the smallest person ID of every aggregate row. So
unknown values are reported with how many rows hold them, duplicates per year are counted in the database
(one row per repeated person fetched), and the sums per organisation and year are those of the file checks.
A table has no line numbers: findings name the first person IDs instead (or only the number of rows when the
table has no person ID column). Checks that only a file can fail are named in a note as skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from wres_cli.core.config import Config
from wres_cli.core.errors import WresError
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs.columns import EVENT_DATASETS, EVENT_FLAGS
from wres_cli.inputs.database import (
    EVENT_TABLE,
    Aggregate,
    DatabaseDataset,
    database_message,
    read_aggregate,
    repeated_people,
    rows_without_org,
    to_dataset,
)
from wres_cli.inputs.dataset import Problem, ProblemSink
from wres_cli.inputs.read import EmptyFileError
from wres_cli.inputs.sources import DatabaseSource, connected, database_source
from wres_cli.validation.catalog import LIMIT, Finding, more_like
from wres_cli.validation.collector import Checked, Collector, Target
from wres_cli.validation.files import MAPPED, ROW_FINDINGS, check_headers, without_path

FILE_ONLY = {"E105": "rows with the wrong number of fields"}
REDONE = ("E205", "E301", "W405")  # row checks of logic.py, redone here in table rows and person IDs


@dataclass
class CheckedSource:
    """A database source after its checks: the aggregate read and, when it could be mapped, the Dataset."""

    name: str
    source: DatabaseSource
    aggregate: Aggregate | None = None
    dataset: DatabaseDataset | None = None


def database_of(value: Any) -> DatabaseSource | None:
    """The database source an input names (also a configured one, given as a list of one), else None."""
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    if isinstance(value, list | tuple):
        return None
    return database_source(value)


def _where(agg: Aggregate, mask: np.ndarray) -> str:
    """' (N rows, first person IDs a, b, c)' for the table rows behind the aggregate rows ``mask`` marks."""
    rows = agg.rows_where(mask)
    ids = agg.ids_where(mask)
    shown = f", first person ID{'s' if len(ids) > 1 else ''} {', '.join(ids)}" if ids else ""
    return f" ({rows:,} row{'s' if rows != 1 else ''}{shown})"


def check_database(c: Collector, name: str, source: DatabaseSource, config: Config) -> CheckedSource:
    """Structure and value checks of one database source (and E302, counted in the database)."""
    c.check("E101", "E102", "E103", "E104", "W106", "W501")
    checked = CheckedSource(name, source)
    location = source.location
    if name in EVENT_DATASETS:
        c.add("E101", location, EVENT_TABLE.format(dataset=name))
        return checked
    sink = ProblemSink.collecting()
    try:
        with connected(source) as connection:
            agg = read_aggregate(connection, source, name, config, sink, checking=True)
            checked.aggregate = agg
            problems = sink.take()
            check_headers(c, agg.layout, None, problems)
            if agg.table is not None and name == "workforce":
                check_repeats(c, connection, agg)
    except EmptyFileError as exc:
        c.add("E102", location, without_path(location, database_message(str(exc), None)))
        return checked
    except WresError as exc:
        c.add("E101", location, without_path(location, database_message(str(exc), checked.aggregate)))
        return checked
    for problem in problems:
        if problem.kind in ("missing", "configured"):
            c.add("E103", location, without_path(location, database_message(str(problem.error), agg)))
    if agg.table is None or any(p.kind == "configured" for p in problems):
        return checked
    try:
        checked.dataset = to_dataset(agg, config, sink)
    except WresError as exc:  # e.g. an override in wres.yaml naming a group that does not exist
        c.add("E100", location, without_path(location, database_message(str(exc), agg)))
    raw = Checked(name, location, list(agg.layout.headers), agg.table.frame, 1, dict(agg.layout.columns))
    raw.dataset = checked.dataset
    for problem in sink.take():
        report_problem(c, agg, raw, problem, config)
    if checked.dataset is not None:
        check_blanks(c, agg, checked.dataset)
    c.notes.append(
        f"{location}: {agg.rows.sum():,} rows checked in the database (read as an aggregate of "
        f"{len(agg.rows):,}); findings name person IDs, as a table has no line numbers. Skipped, as only a file "
        "can fail them: " + "; ".join(f"{code} ({what})" for code, what in FILE_ONLY.items())
    )
    return checked


def check_repeats(c: Collector, connection: Any, agg: Aggregate) -> None:
    """E302: a person ID on more than one row of a year, counted in the database."""
    if agg.person_id is None or "count" in agg.layout.columns:
        return
    c.check("E302")
    pairs, repeats, first = repeated_people(connection, agg, LIMIT)
    for person, year, rows in first:
        when = f" in {year}" if year else ""
        c.add("E302", agg.location, f"person ID {person!r} is on {rows} rows{when}", None, agg.person_id)
    if pairs > LIMIT:
        summary = Finding(
            "E302", str(agg.location), "person ID on more than one row of a year", column=agg.person_id
        )
        c.findings.append(more_like(summary, pairs - LIMIT))
    if pairs:
        c.notes.append(f"{agg.location}: {repeats:,} row(s) repeat a person already counted in the same year")


def _per_value(
    c: Collector, code: str, agg: Aggregate, header: str, values: tuple[str, ...], what: Any, mask: Any = None
) -> None:
    """One finding per value, with its rows and first person IDs; beyond LIMIT values, one for the rest."""
    raw = agg.table.frame[header] if agg.table is not None else None
    if raw is None:
        return
    stripped = raw.astype("string").str.strip()
    for value in values[:LIMIT]:
        hit = (stripped == value).to_numpy(dtype=bool, na_value=False)
        if mask is not None:
            hit &= mask
        if hit.any():
            c.add(code, agg.location, f"{what(value)}{_where(agg, hit)}", None, header)
    if len(values) > LIMIT:
        rest = Finding(code, str(agg.location), f"{what('...')}: further values", column=header)
        c.findings.append(more_like(rest, len(values) - LIMIT))


def report_problem(c: Collector, agg: Aggregate, raw: Checked, problem: Problem, config: Config) -> None:
    """Turn a problem the parsers found into findings with table rows and person IDs."""
    header = agg.layout.columns.get(problem.column)
    location = agg.location
    if problem.kind in ("missing", "configured"):
        return  # reported with the columns
    if problem.kind == "flag" and header is not None:
        _per_value(c, "E108", agg, header, problem.values, lambda v: f"{v!r} is not a yes/no value")
    elif problem.kind == "unmapped" and problem.values and header is not None:
        column, mask, ds = problem.column, None, raw.dataset
        if column == "grade" and ds is not None and "staff_category" in ds.frame:
            mask = (ds.frame["staff_category"] == "Medical & dental").to_numpy()
        if column in MAPPED:
            code, noun = MAPPED[column]
            _per_value(c, code, agg, header, problem.values, lambda v: f"{noun} {v!r} is not mapped", mask)
        elif raw.name == "survey" and column not in GROUP_COLUMNS:
            _per_value(c, "E206", agg, header, problem.values, lambda v: f"{v!r} is not a known answer")
        else:
            noun = column.replace("_", " ")
            what = lambda v: f"{noun} {v!r} is not in the {noun} mapping of wres.yaml"  # noqa: E731
            _per_value(c, "E100", agg, header, problem.values, what)
    elif problem.bad is not None and header is not None and problem.kind in ROW_FINDINGS:
        code, message, _ = ROW_FINDINGS[problem.kind](raw, problem, config)
        shown = raw.raw[header].astype("string").str.strip().to_numpy(dtype=object, na_value=None)
        said: dict[str, np.ndarray] = {}
        for position in np.flatnonzero(problem.bad):
            text = message(shown[position], position)
            said.setdefault(text, np.zeros(len(agg.rows), bool))[position] = True
        for text, mask in list(said.items())[:LIMIT]:
            c.add(code, location, f"{text}{_where(agg, mask)}", None, header)
        if len(said) > LIMIT:
            c.findings.append(
                more_like(Finding(code, str(location), "further values", column=header), len(said) - LIMIT)
            )
    else:
        c.add("E100", location, without_path(location, database_message(str(problem.error), agg, problem)))


def check_blanks(c: Collector, agg: Aggregate, ds: DatabaseDataset) -> None:
    """W404 blank yes/no values (counted as No) and E204 medical & dental staff with no grade."""
    assert agg.table is not None
    frame = agg.table.frame
    if ds.form == "records":
        c.check("W404")
        for flag in EVENT_FLAGS:
            header = agg.layout.columns.get(flag)
            if header in frame:
                blank = frame[header].isna().to_numpy()
                if blank.any():
                    c.add(
                        "W404",
                        agg.location,
                        f"blank value(s) counted as No{_where(agg, blank)}",
                        None,
                        header,
                    )
    header = agg.layout.columns.get("grade")
    if header in frame and "staff_category" in ds.frame:
        c.check("E204")
        doctors = (ds.frame["staff_category"] == "Medical & dental").to_numpy()
        blank = frame[header].isna().to_numpy() & doctors
        if blank.any():
            c.add(
                "E204",
                agg.location,
                f"medical & dental staff with no grade{_where(agg, blank)}",
                None,
                header,
            )


def redo_row_checks(c: Collector, checked: Mapping[str, CheckedSource], target: Target) -> None:
    """E205, E301 and W405 of the logic checks, for database sources: in table rows and person IDs."""
    shown = {str(ch.source.location) for ch in checked.values()}
    c.findings[:] = [f for f in c.findings if not (f.code in REDONE and f.file in shown)]
    thresholds = target.config.thresholds
    for ch in checked.values():
        ds, agg = ch.dataset, ch.aggregate
        if ds is None or agg is None:
            continue
        f = ds.frame
        if "year" in f:
            y = f["year"].to_numpy()
            outside = (y >= 0) & ((y < thresholds.min_year) | (y > thresholds.max_year))
            for value in np.unique(y[outside])[:LIMIT]:
                message = f"year {value} is outside {thresholds.min_year}-{thresholds.max_year}"
                c.add("E205", agg.location, message + _where(agg, y == value), None, ds.columns.get("year"))
        if ch.name == "recruitment" and "shortlisted" in ds.columns:
            bad = (
                (f["appointed"].to_numpy() == 1)
                & (f["shortlisted"].to_numpy() == 0)
                & (f["count"].to_numpy() > 0)
            )
            if bad.any():
                c.add(
                    "E301",
                    agg.location,
                    f"appointed but not shortlisted{_where(agg, bad)}",
                    None,
                    ds.columns["appointed"],
                )
        if target.by_org and (found := rows_without_org(ds)):
            c.add("W405", agg.location, found[0], None, ds.columns.get("org"))

"""A table or query in a database -> Dataset, with only an aggregate leaving the database.

The table's columns are read from the database's catalogue and matched exactly as a file's headers are
(:class:`~wres_cli.inputs.columns.ColumnPicker`: known spellings and ``columns:`` in wres.yaml). One
``SELECT columns used, COUNT(*) ... GROUP BY columns used`` is built with SQLAlchemy Core, so no dialect is
written by hand: the spellings of a value that mean the same are merged in it first (reduction.py), and a
whole-number count column is summed (``SUM(count)``), any other grouped on like the rest. Every raw value that
comes back is turned into the text a CSV export would hold and mapped by the parsers files go through
(:func:`~wres_cli.inputs.canonical.from_table`), so the figures are those of the same table exported to a
file. Person IDs are only counted in the database (nobody on two rows of a year); `wres validate` also fetches
the smallest ID of each aggregate row, to name instead of a line number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError, WresError
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import EVENT_DATASETS, EVENT_FLAGS, ColumnPicker, Layout
from wres_cli.inputs.dataset import Dataset, Problem, ProblemSink
from wres_cli.inputs.people import ONE_ROW_PER_PERSON
from wres_cli.inputs.read import MAX_FIELD_CHARS, EmptyFileError, Table
from wres_cli.inputs.reduction import merged_columns, year_filter
from wres_cli.inputs.sources import DatabaseSource, Location, as_text, connected, selectable

EVENT_TABLE = (
    "an event table ({dataset}) is matched to the workforce person by person, which would take person IDs out of "
    "the database; join the events to the workforce in a query instead, as yes/no columns "
    "(sources: {{workforce: {{url: ..., query: 'SELECT ...'}}}} in wres.yaml)"
)


@dataclass(frozen=True, eq=False)
class DatabaseDataset(Dataset):
    """A dataset read from a database as an aggregate: its row i stands for ``group_rows[i]`` rows of the
    table, the smallest person ID among them being ``first_ids[i]`` (read by `wres validate` only)."""

    group_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    first_ids: np.ndarray | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return int(self.group_rows.sum())


@dataclass
class Aggregate:
    """What came back from the database: the grouped raw values as a text Table, and per row the number of
    table rows (``rows``) and the smallest person ID (``first_ids``, checking only)."""

    location: Location
    layout: Layout
    table: Table | None = None  # None when a column problem stopped the read
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    first_ids: np.ndarray | None = None
    weighted: bool = False  # the count column was summed in the database: the frame's count is people
    selectable: Any = None  # the table (or the query as a subquery), for further aggregate queries
    person_id: str | None = None  # the header of the person IDs, when there is one
    dialect: str = ""

    def rows_where(self, mask: np.ndarray) -> int:
        """Table rows behind the aggregate rows ``mask`` marks."""
        return int(self.rows[np.asarray(mask, dtype=bool)].sum())

    def ids_where(self, mask: np.ndarray, n: int = 3) -> list[str]:
        """The ``n`` smallest person IDs among the aggregate rows ``mask`` marks."""
        if self.first_ids is None:
            return []
        ids = [i for i in self.first_ids[np.asarray(mask, dtype=bool)] if i is not None]
        return sorted(ids, key=_id_order)[:n]


# ------------------------------------------------------------------------------------------ raw values


def _text_column(values: Sequence[Any]) -> pd.Series:
    """Raw values -> a categorical of their text (each distinct value converted once)."""
    seen: dict[tuple[type, Any], str | None] = {}
    out = []
    for value in values:
        key = (type(value), value)
        if key not in seen:
            seen[key] = as_text(value)
        out.append(seen[key])
    return pd.Series(out, dtype=object).astype("category")


def _id_order(value: str) -> tuple[int, Any]:
    return (0, int(value)) if value.isdigit() else (1, value)


# ------------------------------------------------------------------------------------------ the aggregate


def _statement(
    agg: Aggregate, group: list[str], count: str | None, checking: bool, where: Any, merged: dict[str, Any]
):
    """SELECT group columns, COUNT(*)[, SUM/COUNT/MIN(count)][, MIN(person id)] ... GROUP BY group columns,
    each column given as its ``merged`` expression when it has one."""
    from sqlalchemy import case, func, select

    sel = agg.selectable
    dialect = agg.dialect
    columns = [merged.get(h, sel.c[h]) for h in group]
    measures = [func.count()]
    if count is not None:
        c = sel.c[count]
        measures += [func.sum(c), func.count(c), func.min(c)]
        if dialect == "sqlite":  # SQLite keeps any value in any column: count what is not a whole number
            measures.append(func.sum(case((func.typeof(c) == "integer", 0), else_=1)))
    if checking and agg.person_id is not None:
        measures.append(func.min(sel.c[agg.person_id]))
    statement = select(*columns, *measures).select_from(sel)
    if where is not None:
        statement = statement.where(where)
    return statement.group_by(*columns) if columns else statement


def _fetch(connection: Any, statement: Any, width: int) -> list[list[Any]]:
    """The result as ``width`` columns (an aggregate: small, fetched at once, which lets the database run the
    query in parallel where a cursor kept open would not)."""
    rows = connection.execute(statement).all()
    return [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _summed(columns: list[list[Any]], first: int, dialect: str) -> bool:
    """Whether SUM(count) can stand for the count column: no blank, negative or (SQLite) non-whole count."""
    counted, lowest = columns[first + 1], columns[first + 2]
    if any(n != r for n, r in zip(counted, columns[first - 1], strict=True)):
        return False
    if any(low is not None and low < 0 for low in lowest):
        return False
    return not (dialect == "sqlite" and any(columns[first + 3]))


def read_aggregate(
    connection: Any,
    source: DatabaseSource,
    dataset: str,
    config: Config,
    sink: ProblemSink,
    *,
    checking: bool = False,
) -> Aggregate:
    """Match the source's columns as a file's headers, then fetch the aggregate of the columns used."""
    location = source.location
    sel, headers, types = selectable(connection, source)
    picker = ColumnPicker(dataset, config, location, sink, checking=checking)
    picker(headers)
    layout = picker.layout
    assert layout is not None
    agg = Aggregate(location, layout, selectable=sel, person_id=layout.columns.get("person_id"))
    if isinstance(sink, DatabaseSink):
        sink.aggregate = agg
        sink.raise_first()  # a column configured but not in the table
    if len(set(headers)) < len(headers) or layout.report_missing(sink):
        return agg  # reported to the sink; nothing sensible to fetch
    agg.dialect = connection.dialect.name
    where = None
    if source.years and "year" in layout.columns:
        where = year_filter(connection, sel, layout.columns["year"], source.years, location)
    if layout.aggregated:  # a survey already summed: a handful of rows, fetched as they are
        _fetch_rows(connection, agg, headers, where)
    else:
        _fetch_groups(connection, agg, types, checking, where, config)
    _check_sizes(agg)
    if not len(agg.rows) or not agg.rows.sum():
        years = f" for the years asked ({', '.join(map(str, source.years))})" if source.years else ""
        raise EmptyFileError(f"{location}: the table has no rows{years}")
    return agg


def _fetch_rows(connection: Any, agg: Aggregate, headers: list[str], where: Any) -> None:
    from sqlalchemy import select

    used = [h for h in dict.fromkeys(agg.layout.columns.values()) if h in headers]
    statement = select(*[agg.selectable.c[h] for h in used]).select_from(agg.selectable)
    if where is not None:
        statement = statement.where(where)
    columns = _fetch(connection, statement, len(used))
    frame = pd.DataFrame({h: _text_column(values) for h, values in zip(used, columns, strict=True)})
    agg.table = Table(list(agg.layout.headers), frame, first_line=1)
    agg.rows = np.ones(len(frame), np.int64)


def _fetch_groups(
    connection: Any, agg: Aggregate, types: dict[str, Any], checking: bool, where: Any, config: Config
):
    """GROUP BY the columns used (never the person IDs), their spellings merged (reduction.py); the count
    column summed when it holds whole numbers, grouped on otherwise (and when a sum would hide a blank or
    negative count)."""
    from sqlalchemy import Integer

    layout, dialect = agg.layout, agg.dialect
    count = layout.columns.get("count")
    used = [h for c, h in layout.columns.items() if c not in ("person_id", "count")]
    group = list(dict.fromkeys(used))
    merged = merged_columns(connection, agg.selectable, layout, group, config, where)
    summed = count is not None and isinstance(types.get(count), Integer)
    for attempt in ("sum", "group") if summed else ("group",):
        keys = group if attempt == "sum" or count is None else [*group, count]
        statement = _statement(agg, keys, count if attempt == "sum" else None, checking, where, merged)
        width = len(keys) + 1 + (3 + (dialect == "sqlite") if attempt == "sum" else 0)
        columns = _fetch(connection, statement, width + (checking and agg.person_id is not None))
        if attempt == "group" or _summed(columns, len(keys) + 1, dialect):
            break
    frame = pd.DataFrame({h: _text_column(values) for h, values in zip(keys, columns, strict=False)})
    agg.rows = np.array([int(n) for n in columns[len(keys)]], dtype=np.int64)
    if attempt == "sum":
        frame[count] = np.array([int(n) for n in columns[len(keys) + 1]], dtype=np.int64)
        agg.weighted = True
    if checking and agg.person_id is not None:
        agg.first_ids = np.array([as_text(v) for v in columns[-1]], dtype=object)
    agg.table = Table(list(layout.headers), frame, first_line=1)


def _check_sizes(agg: Aggregate) -> None:
    """A value longer than any WRES code or label is refused, as it is in a file."""
    assert agg.table is not None
    for header, values in agg.table.frame.items():
        if not isinstance(values.dtype, pd.CategoricalDtype) or not len(values.cat.categories):
            continue
        longest = max(values.cat.categories, key=lambda v: len(str(v)))
        if len(str(longest)) > MAX_FIELD_CHARS:
            raise InputError(
                f"{agg.location}, column {header!r}: a value of {len(str(longest)):,} characters is too large "
                f"to be a WRES value (the limit is {MAX_FIELD_CHARS:,})"
            )


# ------------------------------------------------------------------------------------------ the Dataset

_LINES = re.compile(r",? (?:first )?at lines? \d+(?:, \d+)*|(?<=\S) line \d+(?=[,:;)]|$)")
_PER_VALUE = re.compile(r"\((\d[\d,]*) rows?(?=[,)])")
_ROWS = re.compile(r"\b\d[\d,]*(?= (?:bad )?rows?\b| row\(s\))")


def database_message(
    text: str, agg: Aggregate | None, problem: Problem | None = None, bad: np.ndarray | None = None
) -> str:
    """A message of the file parsers said of a database source: no line numbers (a table has none), and its
    row counts made counts of the table's rows rather than of the aggregate's (``bad``: the aggregate rows
    the message counts, when not those of ``problem``)."""
    per_value = problem is not None and problem.values and _PER_VALUE.search(text)
    bad = bad if bad is not None else (problem.bad if problem is not None else None)
    if agg is not None and agg.table is not None and problem is not None and per_value:
        header = agg.layout.columns.get(problem.column)
        values = iter(problem.values)

        def rows_of(match: re.Match) -> str:
            value = next(values, None)
            if header is None or value is None or header not in agg.table.frame:
                return match[0]
            n = agg.rows_where(_stripped(agg.table.frame[header]) == value)
            return f"({n:,} row{'s' if n != 1 else ''}"

        text = _PER_VALUE.sub(rows_of, text)
    elif agg is not None and bad is not None and len(bad) == len(agg.rows):
        text = _ROWS.sub(f"{agg.rows_where(bad):,}", text)
    return _LINES.sub("", text).replace(" in the file", " in the table")


def _stripped(values: pd.Series) -> np.ndarray:
    return (values.astype("string").str.strip()).to_numpy(dtype=object, na_value=None)


class DatabaseSink(ProblemSink):
    """The sink of `wres compute` for a database: it keeps the problems of a step and then raises the first,
    speaking of the table (:func:`database_message`) and counting the table rows of every problem that
    shares its message (a count that is blank and one that is negative are one message)."""

    def __init__(self) -> None:
        super().__init__(collect=True)
        self.aggregate: Aggregate | None = None

    def raise_first(self) -> None:
        problems = self.take()
        if not problems:
            return
        first = problems[0]
        masks = [p.bad for p in problems if p.error is first.error and p.bad is not None]
        bad = np.logical_or.reduce([np.asarray(m, dtype=bool) for m in masks]) if masks else None
        error = first.error
        raise type(error)(database_message(error.message, self.aggregate, first, bad), hint=error.hint)


def to_dataset(agg: Aggregate, config: Config, sink: ProblemSink) -> DatabaseDataset | None:
    """The Dataset of an aggregate, mapped by the parsers files go through; each row's count is then the
    people it stands for (None when a required column is missing and ``sink`` collects problems)."""
    if agg.table is None:
        return None
    loaded = from_table(agg.table, agg.layout, config, sink)
    if loaded is None:
        return None
    frame = loaded.frame
    if not agg.weighted and not agg.layout.aggregated:
        frame = frame.assign(count=frame["count"].to_numpy() * agg.rows)
    given = {f.name: getattr(loaded, f.name) for f in fields(Dataset) if f.init}
    return DatabaseDataset(
        **{
            **given,
            "path": agg.location,
            "frame": frame,
            "warnings": tuple(_blank_flags(agg, w) for w in loaded.warnings),
            "first_line": 1,
        },
        group_rows=agg.rows,
        first_ids=agg.first_ids,
    )


def _blank_flags(agg: Aggregate, warning: str) -> str:
    """The parsers' 'N blank value(s) in column X counted as No', with N counted in table rows."""
    assert agg.table is not None
    for flag in EVENT_FLAGS:
        header = agg.layout.columns.get(flag)
        suffix = f" blank value(s) in column {header!r} counted as No"
        if header in agg.table.frame and warning.startswith(f"{agg.location}: ") and warning.endswith(suffix):
            n = agg.rows_where(agg.table.frame[header].isna().to_numpy())
            return f"{agg.location}: {n:,}{suffix}"
    return warning


def load_database(source: DatabaseSource, dataset: str, config: Config) -> DatabaseDataset:
    """Read one dataset from a database, raising InputError (naming the redacted source) at the first defect."""
    sink = DatabaseSink()
    try:
        if dataset in EVENT_DATASETS:
            raise InputError(f"{source.location}: {EVENT_TABLE.format(dataset=dataset)}")
        with connected(source) as connection:
            agg = read_aggregate(connection, source, dataset, config, sink)
            sink.raise_first()
            loaded = to_dataset(agg, config, sink)
            sink.raise_first()
            if dataset == "workforce":  # after the values, as for a file
                _refuse_repeated_people(connection, agg)
    except WresError as exc:
        message = database_message(exc.message, sink.aggregate)
        raise type(exc)(message, hint=exc.hint) from None
    assert loaded is not None  # a raising sink has raised about any missing column
    return loaded


def repeated_people(
    connection: Any, agg: Aggregate, limit: int
) -> tuple[int, int, list[tuple[str, str, int]]]:
    """(person ID and year pairs on more than one row, the rows repeating one, the first ``limit`` pairs as
    (ID, year as written, rows)): counted in the database, which sends one row per repeated pair shown."""
    from sqlalchemy import func, select

    assert agg.person_id is not None
    sel = agg.selectable
    person = sel.c[agg.person_id]
    year_header = agg.layout.columns.get("year")
    keys = [person] + ([sel.c[year_header]] if year_header else [])
    pairs = (
        select(*keys, func.count().label("n"))
        .select_from(sel)
        .where(person.is_not(None))
        .group_by(*keys)
        .having(func.count() > 1)
    )
    counted = pairs.subquery()
    total = connection.execute(select(func.count(), func.sum(counted.c.n - 1))).one()
    first = connection.execute(pairs.order_by(*keys).limit(limit)).all() if total[0] else []
    shown = [(as_text(r[0]) or "", (as_text(r[1]) or "") if year_header else "", int(r[-1])) for r in first]
    return int(total[0]), int(total[1] or 0), shown


def _refuse_repeated_people(connection: Any, agg: Aggregate) -> None:
    """The workforce holds each person once a year (as a file must): refused otherwise, naming the first."""
    if agg.person_id is None or "count" in agg.layout.columns:
        return
    pairs, repeats, first = repeated_people(connection, agg, 1)
    if not pairs:
        return
    person, year, rows = first[0]
    when = f" in {year}" if year else ""
    raise InputError(
        f"{agg.location}, column {agg.person_id!r}: person ID {person!r} is on {rows} rows{when}, so the person "
        f"would be counted more than once ({repeats:,} repeated row(s) in all); {ONE_ROW_PER_PERSON}"
    )


def rows_without_org(ds: DatabaseDataset) -> tuple[str, list[str]] | None:
    """(what to say, the first person IDs) about table rows with no organisation when the table has an
    organisation column (with --by org they count in "All" only); None when there are none."""
    if "org" not in ds.frame:
        return None
    blank = ds.frame["org"].isna().to_numpy()
    if not blank.any():
        return None
    people, rows = int(ds.frame["count"].to_numpy()[blank].sum()), int(ds.group_rows[blank].sum())
    ids = (
        sorted((i for i in ds.first_ids[blank] if i is not None), key=_id_order)[:3]
        if ds.first_ids is not None
        else []
    )
    first = f" (first person IDs {', '.join(ids)})" if ids else ""
    return (
        f"{people:,} people on {rows:,} row(s) have no organisation{first}; they count in 'All' but in no "
        "organisation's figures",
        ids,
    )

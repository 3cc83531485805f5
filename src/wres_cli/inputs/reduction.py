"""Raw values that read alike, merged in the database, so that the aggregate has one row per combination of
what the values mean rather than of how they are spelled.

A column of a real table holds many spellings of one thing ('A', 'A White - British', ' A White - British';
'Y', 'Yes', 'y'), and an aggregate grouped on every spelling of every column grows with the number of
organisations and years. So each column's distinct values are first read on their own and mapped by the
parsers files go through (:func:`~wres_cli.inputs.canonical.from_table`, on a table of those values alone).
Values that map to the same canonical values are then one class, and the aggregate groups on a
``CASE`` expression giving each value its class's first spelling; the aggregate's rows are mapped by the same
parsers again, so every figure is what the raw values give. Blank values, and values a parser reports (not
mapped, not yes/no, not a number), stay as they are, so that warnings and errors name and count them as a file
would. Years, organisations, counts and person IDs are never merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import Layout
from wres_cli.inputs.dataset import ProblemSink, Source
from wres_cli.inputs.read import MAX_FIELD_CHARS, EmptyFileError, Table
from wres_cli.inputs.sources import Location, as_text

NEVER_MERGED = ("year", "org", "count", "person_id")
MOST_VALUES = 2_000  # a column with more distinct values is grouped on as it is
GROUPING_SETS = ("postgresql", "mssql", "oracle", "snowflake", "databricks", "bigquery", "redshift")
_BLANK = "\x00wres blank"  # a header no table has: a required column left blank while one column is mapped


def year_filter(connection: Any, sel: Any, header: str, years: Sequence[int], location: Location) -> Any:
    """A WHERE clause keeping the rows of ``years``: the column's distinct raw values are read as reporting
    years by the parser files go through, and the raw values of those years kept (blank and unreadable ones
    too, so that they are reported as they would be in a file). None when every row is kept."""
    from sqlalchemy import or_, select

    from wres_cli.inputs.values import parse_years

    raw = [row[0] for row in connection.execute(select(sel.c[header]).distinct())]
    src = Source("years", location, {"year": header}, pd.RangeIndex(len(raw)), 1, ProblemSink.collecting())
    parsed = parse_years(src, pd.Series([as_text(v) for v in raw], dtype=object))
    wanted = set(years)
    kept = [v for v, y in zip(raw, parsed, strict=True) if y in wanted or y < 0]
    if not any(y in wanted for y in parsed):
        present = ", ".join(str(y) for y in sorted({int(y) for y in parsed if y >= 0})) or "none"
        raise EmptyFileError(
            f"{location}: no rows for the years asked ({', '.join(map(str, years))}); years in the table: {present}"
        )
    if len(kept) == len(raw):
        return None
    col = sel.c[header]
    values = [v for v in kept if v is not None]
    return or_(col.in_(values), col.is_(None)) if len(values) < len(kept) else col.in_(values)


def merged_columns(
    connection: Any, sel: Any, layout: Layout, headers: Sequence[str], config: Config, where: Any
) -> dict[str, Any]:
    """header -> the expression to group on instead of the column, for each column whose spellings merge."""

    canonicals: dict[str, list[str]] = {}
    for canonical, header in layout.columns.items():
        canonicals.setdefault(header, []).append(canonical)
    mergeable = [h for h in headers if not any(c in NEVER_MERGED for c in canonicals.get(h, []))]
    out = {}
    for header, raw in distinct_values(connection, sel, mergeable, where).items():
        if len(raw) < 2 or len(raw) > MOST_VALUES:
            continue
        classes = value_classes(layout, header, canonicals[header], raw, config)
        if len(classes) < len(raw):
            out[header] = _case(sel.c[header], classes)
    return out


def distinct_values(connection: Any, sel: Any, headers: Sequence[str], where: Any) -> dict[str, list[Any]]:
    """Each column's distinct values: in one pass with GROUPING SETS where the database has them, else one
    SELECT DISTINCT per column (at most MOST_VALUES + 1 values each, as more are not merged)."""
    from sqlalchemy import func, select

    if not headers:
        return {}
    columns = [sel.c[h] for h in headers]
    if connection.dialect.name in GROUPING_SETS and len(headers) > 1:
        statement = select(*columns, *[func.grouping(c) for c in columns]).select_from(sel)
        if where is not None:
            statement = statement.where(where)
        out: dict[str, list[Any]] = {h: [] for h in headers}
        n = len(headers)
        for row in connection.execute(statement.group_by(func.grouping_sets(*columns))):
            for i, header in enumerate(headers):  # GROUPING(column) is 0 in the rows grouped on that column
                if not row[n + i]:
                    out[header].append(row[i])
        return out
    out = {}
    for header, column in zip(headers, columns, strict=True):
        statement = select(column).select_from(sel).distinct()
        if where is not None:
            statement = statement.where(where)
        out[header] = [row[0] for row in connection.execute(statement.limit(MOST_VALUES + 1))]
    return out


def value_classes(
    layout: Layout, header: str, canonicals: list[str], raw: list[Any], config: Config
) -> list[list[Any]]:
    """The raw values of one column in classes that map alike, each class's first value its spelling; blank
    values are one class of their own, and a value a parser reports is a class of its own."""
    classes: dict[Any, list[Any]] = {}
    for value, key in zip(raw, class_keys(layout, header, canonicals, raw, config), strict=True):
        classes.setdefault(key, []).append(value)
    return [members for key, members in classes.items() if key != ("blank",)] + (
        [[None, *classes[("blank",)]]] if ("blank",) in classes else []
    )


def class_keys(
    layout: Layout, header: str, canonicals: list[str], raw: list[Any], config: Config
) -> list[Any]:
    """A key for each raw value of one column: values with equal keys map to the same canonical values, so
    grouping on the key instead of the value changes no figure. Blank values share ("blank",); a value a parser
    reports, or too long to read, has a key of its own (("reported", value)), so it is named and counted as the
    file holds it. File reads group on these keys while counting (grouped.py)."""
    texts = [as_text(v) for v in raw]
    frame, reported = _mapped_alone(layout, header, canonicals, texts, config)
    keys: list[Any] = []
    for i, value in enumerate(raw):
        if texts[i] is None:
            keys.append(("blank",))
        elif reported[i] or frame is None or len(texts[i]) > MAX_FIELD_CHARS:  # reported as in a file
            keys.append(("reported", value))
        else:
            keys.append(("value", *(_same(v) for v in frame.iloc[i].tolist())))
    return keys


def _same(value: Any) -> Any:
    """A canonical value as a key (NaN and NA equal to each other)."""
    return (
        None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else value
    )


def _mapped_alone(
    layout: Layout, header: str, canonicals: list[str], texts: list[str | None], config: Config
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """The canonical columns of a table holding only these values of the column (required columns blank),
    and which values a parser reported (not mapped, not yes/no...)."""
    columns = {c: header for c in canonicals}
    alone = replace(layout, headers=(header, _BLANK), columns=columns)
    for canonical in alone.missing():
        columns[canonical] = _BLANK
    alone = replace(alone, columns=columns)
    frame = pd.DataFrame(
        {
            header: pd.Series(texts, dtype=object).astype("category"),
            _BLANK: pd.Series([None] * len(texts), dtype=object),
        }
    )
    sink = ProblemSink.collecting()
    reported = np.zeros(len(texts), bool)
    try:
        loaded = from_table(Table([header, _BLANK], frame, first_line=1), alone, config, sink)
    except Exception:  # a parser that cannot read a lone column: the column is grouped on as it is
        return None, np.ones(len(texts), bool)
    stripped = pd.Series(texts, dtype=object).astype("string").str.strip()
    for problem in sink.take():
        if problem.kind in ("missing", "configured", "duplicate"):
            continue  # about columns this table of one column lacks, not about its values
        if problem.bad is not None and len(problem.bad) == len(texts):
            reported |= np.asarray(problem.bad, dtype=bool)
        if problem.values:
            reported |= stripped.isin([str(v) for v in problem.values]).to_numpy(dtype=bool, na_value=False)
        if problem.bad is None and not problem.values:
            reported[:] = True  # a problem with no rows named: merge nothing
    if loaded is None:
        return None, np.ones(len(texts), bool)
    return loaded.frame.drop(columns=["count"], errors="ignore"), reported


def _case(column: Any, classes: list[list[Any]]) -> Any:
    """CASE giving each value its class's first spelling (NULL for blanks); other values as they are."""
    from sqlalchemy import case, literal, null

    whens = []
    for first, *others in classes:
        others = [v for v in others if v is not None]
        if first is None:
            whens.append((column.in_(others), null()) if others else None)
        elif others:
            typed = None if column.type._isnull else column.type  # a query's columns have no known type
            whens.append((column.in_(others), literal(first, type_=typed)))
    whens = [w for w in whens if w is not None]
    return case(*whens, else_=column) if whens else column

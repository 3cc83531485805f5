"""Where a dataset comes from: a file, or a table or query in a database.

A database source is written ``URL#TABLE`` wherever a file is accepted (``sqlite:///esr.db#staff_in_post``,
``postgresql://analyst@dw/esr#wres.staff_in_post``), or configured under ``sources:`` in wres.yaml with a
``table`` or a ``query`` and optionally the ``years`` to fetch. A URL may hold ``${NAME}`` placeholders,
filled from the environment when connecting; every message shows the URL with its password and connection
parameters hidden (:func:`redact`). Here too: connecting (read-only, the driver named when missing), the
table (or query) a source names, and the text of the raw values it holds; the aggregate is read in
:mod:`wres_cli.inputs.database`.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wres_cli.core.config import Config
from wres_cli.core.config_keys import SOURCE_KEYS
from wres_cli.core.errors import ConfigError, InputError
from wres_cli.inputs.read import NULLS

URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# connection parameters shown as written; the value of any other one is hidden (it may be a password or key)
SHOWN_PARAMETERS = frozenset(
    {"sslmode", "connect_timeout", "application_name", "driver", "charset", "mode", "target_session_attrs"}
)
POSTGRES_EXTRA = "pip install 'wres-cli[postgres]'"
_NULLS = frozenset(NULLS)
POSTGRES_WORK_MEM = "64MB"


class Location(str):
    """How a database source is named in messages and metadata: its redacted URL and table (or query).

    A text, so that it goes wherever a file name goes; ``name`` is the table's name (or "query").
    """

    @property
    def name(self) -> str:
        return self.rpartition("#")[2] if "#" in self else "query"


@dataclass(frozen=True)
class DatabaseSource:
    """A table or a query in a database; ``url`` may hold a password and is never shown (see ``location``)."""

    url: str = field(repr=False)
    table: str | None = None
    query: str | None = field(default=None, repr=False)
    years: tuple[int, ...] | None = None  # fetch only these reporting years (None: every year)
    origin: str = ""  # "sources.workforce" when it comes from the configuration

    @property
    def location(self) -> Location:
        shown = redact(self.url)
        if self.table:
            return Location(f"{shown}#{self.table}")
        return Location(f"{shown} ({self.origin or 'query'})" if self.origin else f"{shown} (query)")

    def __str__(self) -> str:
        return str(self.location)

    def expanded_url(self) -> str:
        """The URL with each ``${NAME}`` replaced by that environment variable."""

        def value(match: re.Match) -> str:
            name = match[1]
            if name not in os.environ:
                raise InputError(
                    f"{self.location}: the environment variable {name} named in the URL is not set; "
                    f"set it (e.g. export {name}=...) before running wres"
                )
            return os.environ[name]

        return _PLACEHOLDER.sub(value, self.url)


def redact(url: str) -> str:
    """The URL with its password (and the value of every connection parameter not known to be harmless)
    replaced by ***, so that it can be printed."""
    from urllib.parse import parse_qsl, urlencode

    scheme, sep, rest = url.partition("://")
    if not sep:
        return "***"
    user = ""
    if not rest.startswith("/") and "@" in rest:  # user[:password]@host...; the password may hold / ? or @
        userinfo, _, rest = rest.rpartition("@")
        name, colon, _password = userinfo.partition(":")
        user = f"{name}{':***' if colon else ''}@"
    rest, qmark, query = rest.partition("?")
    if qmark:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, v if k.lower() in SHOWN_PARAMETERS else "***") for k, v in pairs], safe="*/")
    return f"{scheme}://{user}{rest}{qmark}{query}"


def is_database(value: object) -> bool:
    """True for a database source: a DatabaseSource, a configured mapping, or text that is a URL."""
    if isinstance(value, DatabaseSource | Mapping):
        return True
    return isinstance(value, str) and not isinstance(value, Path) and bool(URL_SCHEME.match(value))


def database_source(value: object, origin: str = "") -> DatabaseSource | None:
    """The DatabaseSource ``value`` names (``URL#TABLE`` text, a configured mapping), or None for a file."""
    if isinstance(value, DatabaseSource):
        return value
    if isinstance(value, Mapping):
        return _configured(value, origin)
    if not is_database(value):
        return None
    url, hashmark, table = str(value).rpartition("#")
    if not hashmark or not url or not table.strip():
        raise InputError(
            f"{redact(str(value))}: name the table after '#', e.g. sqlite:///esr.db#staff_in_post or "
            "postgresql://analyst@dw/esr#wres.staff_in_post (or configure a query under sources: in wres.yaml)"
        )
    return DatabaseSource(url, table=table.strip(), origin=origin)


def _configured(spec: Mapping[str, Any], origin: str) -> DatabaseSource:
    """A source configured as {url, table | query, years}; the configuration's own check has run already,
    so this refuses only what reaches it from the Python API."""
    where = origin or "source"
    unknown = sorted(set(spec) - set(SOURCE_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; a source has {', '.join(SOURCE_KEYS)}")
    url = spec.get("url")
    if not isinstance(url, str) or not URL_SCHEME.match(url):
        raise ConfigError(
            f"{where}.url must be a database URL such as sqlite:///esr.db or postgresql://host/db"
        )
    table, query = spec.get("table"), spec.get("query")
    if (table is None) == (query is None):
        raise ConfigError(f"{where}: give either table (a table or view) or query (one SELECT), not both")
    years = spec.get("years")
    if years is not None:
        if isinstance(years, int) and not isinstance(years, bool):
            years = [years]
        if not isinstance(years, list | tuple) or not all(isinstance(y, int) for y in years):
            raise ConfigError(f"{where}.years must be a list of reporting years, e.g. [2025, 2026]")
        years = tuple(sorted(set(years)))
    return DatabaseSource(
        url,
        table=str(table) if table is not None else None,
        query=str(query) if query is not None else None,
        years=years,
        origin=origin,
    )


def with_configured(paths: Mapping[str, Any], config: Config) -> dict[str, Any]:
    """The inputs given, with the configuration's ``sources`` filling in the datasets not given (each as a
    list of one source, as a dataset given as several files is)."""
    merged = dict(paths)
    for name, spec in config.sources.items():
        if not merged.get(name):
            merged[name] = [database_source(spec, f"sources.{name}") or spec]
    if not merged.get("workforce"):
        raise InputError(
            "no workforce input: give the workforce file (or a database table as URL#TABLE), or name its table "
            "under sources.workforce in the configuration"
        )
    return merged


# ------------------------------------------------------------------------------------------ connecting


def _reason(exc: BaseException, url: Any) -> str:
    """The first line of what the database said, with the password blanked out should it be quoted."""
    original = getattr(exc, "orig", None) or exc
    text = " ".join(str(original).strip().splitlines()[:1]) or type(original).__name__
    password = getattr(url, "password", None)
    return text.replace(str(password), "***") if password else text


def _driver(url: Any, location: Location) -> Any:
    """PostgreSQL URLs without a driver use psycopg (3), or psycopg2 when only that is installed."""
    import importlib

    if url.drivername not in ("postgresql", "postgres"):
        return url
    for module in ("psycopg", "psycopg2"):
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        return url.set(drivername=f"postgresql+{module}")
    raise InputError(
        f"{location}: reading PostgreSQL needs its driver (psycopg), which is not installed; {POSTGRES_EXTRA}"
    )


def _engine(source: DatabaseSource) -> Any:
    """A SQLAlchemy engine for ``source`` that only reads; a missing driver is an InputError naming it."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError
    from sqlalchemy.pool import NullPool

    location = source.location
    try:
        url = _driver(make_url(source.expanded_url()), location)
    except ArgumentError:
        raise InputError(
            f"{location}: not a database URL (e.g. sqlite:///esr.db, postgresql://host/db)"
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        _check_sqlite_file(url, location)
    try:
        engine = create_engine(url, poolclass=NullPool)
    except NoSuchModuleError:
        raise InputError(
            f"{location}: unknown kind of database {url.drivername!r}; wres reads sqlite:// and postgresql:// "
            "(PostgreSQL: " + POSTGRES_EXTRA + ") and any database whose SQLAlchemy dialect is installed"
        ) from None
    except ImportError as exc:
        extra = POSTGRES_EXTRA if backend == "postgresql" else f"pip install {exc.name or 'its driver'}"
        raise InputError(
            f"{location}: the database driver for {url.drivername} ({exc.name}) is not installed; {extra}"
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA query_only = ON"))
    return engine


def _check_sqlite_file(url: Any, location: Location) -> None:
    """SQLite creates a missing database file on connecting; a source must exist already."""
    from pathlib import Path

    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    if not Path(database).is_file():
        raise InputError(
            f"{location}: no such database file {database!r} (relative paths start from {Path.cwd()})"
        )


def _more_work_mem(connection: Any) -> None:
    """Room to group in memory rather than sort on disk, for this transaction only; a server that refuses
    the setting is read with its own."""
    from sqlalchemy.exc import DBAPIError

    try:
        with connection.begin_nested():
            connection.exec_driver_sql(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
    except DBAPIError:
        pass


@contextlib.contextmanager
def connected(source: DatabaseSource) -> Iterator[Any]:
    """A read-only connection; every database error in the block becomes an InputError naming the source
    (its URL redacted) and what the database said."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(source)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection = connection.execution_options(postgresql_readonly=True)
                _more_work_mem(connection)
            yield connection
            connection.rollback()
    except SQLAlchemyError as exc:
        raise InputError(f"{source.location}: {_reason(exc, engine.url)}") from None
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------------------ the source


def _checked_query(query: str, location: Location) -> str:
    """The configured query, which must be one SELECT (or WITH ... SELECT) statement."""
    body = query.strip().rstrip(";").strip()
    bare = re.sub(r"--[^\n]*|/\*.*?\*/", " ", body, flags=re.S).strip()
    if not re.match(r"(?i)(select|with)\b", bare) or ";" in bare:
        raise InputError(
            f"{location}: the query must be one SELECT statement (a view of the data), without ';' inside"
        )
    return body + "\n"  # a closing parenthesis after the query is not swallowed by a -- comment


def selectable(connection: Any, source: DatabaseSource) -> tuple[Any, list[str], dict[str, Any]]:
    """(the table or the query as a subquery, its column names, column name -> SQL type when known)."""
    from sqlalchemy import column, inspect, table, text
    from sqlalchemy.exc import NoSuchTableError

    location = source.location
    if source.query is None:
        assert source.table is not None
        schema, _, name = source.table.rpartition(".")
        try:  # the columns alone: one catalogue query, not a reflection of keys, indexes and comments
            found = inspect(connection).get_columns(name, schema=schema or None)
        except NoSuchTableError:
            found = []
        if not found:
            raise InputError(
                f"{location}: no table or view {source.table!r}{_tables_hint(connection, schema)}"
            )
        columns = [column(str(c["name"]), c["type"]) for c in found]
        return (
            table(name, *columns, schema=schema or None),
            [c.name for c in columns],
            {c.name: c.type for c in columns},
        )
    query = _checked_query(source.query, location).replace(":", r"\:")  # no bind parameters in the text
    probe = connection.execute(text(f"SELECT * FROM ({query}) wres_source WHERE 1 = 0"))
    keys = probe.keys()
    names = [str(n) for n in keys]
    probe.close()
    subquery = text(query).columns(*[column(n) for n in dict.fromkeys(names)]).subquery("wres_source")
    return subquery, names, {}


def _tables_hint(connection: Any, schema: str) -> str:
    from sqlalchemy import inspect

    try:
        names = inspect(connection).get_table_names(schema=schema or None)
        names += inspect(connection).get_view_names(schema=schema or None)
    except Exception:  # the hint is a courtesy; the error above stands without it
        return ""
    where = f" in schema {schema!r}" if schema else ""
    if not names:
        return f"; the database has no tables{where}"
    shown = ", ".join(sorted(names)[:20]) + (" ..." if len(names) > 20 else "")
    return f"; tables and views{where}: {shown}"


def as_text(value: Any) -> str | None:
    """A value fetched from a database as the text a CSV export holds (a whole float without its .0, dates as
    ISO dates, booleans as True/False); None for NULL and for the texts files read as missing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool | np.bool_):
        text = "True" if value else "False"
    elif isinstance(value, float):
        if value != value:  # NaN
            return None
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None
        text = str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, bytes | bytearray | memoryview):
        text = bytes(value).decode("utf-8", errors="replace")
    else:
        text = str(value)
    return None if text in _NULLS else text

"""A throwaway PostgreSQL server for the database tests, started from the server binaries on this machine.

``initdb`` and ``pg_ctl`` run on a temporary data directory with the socket in a temporary directory, listening
on a free loopback port, with password authentication over TCP (the tests connect with PGPASSWORD, as a user
would). PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user (or ``nobody``).
Where no server binary exists the tests skip, saying so; under CI=true they fail instead, so that CI cannot
pass without them.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

USER = "wres_test"
PASSWORD = "throwaway-Xq7-password"  # of a server that lives for one test session on 127.0.0.1


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str = "postgres", *, password: bool = False) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{self.user}{secret}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=database,
            autocommit=True,
        )

    def create_database(self, name: str) -> str:
        with self.connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return name


def server_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: $WRES_PG_BIN, PATH, or the newest /usr/lib/postgresql/*/bin."""
    candidates = [os.environ.get("WRES_PG_BIN")]
    found = shutil.which("pg_ctl")
    candidates.append(str(Path(found).resolve().parent) if found else None)
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    candidates += sorted(glob.glob("/usr/pgsql-*/bin"), reverse=True)
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user() -> tuple[Callable[[], None] | None, int | None, int | None]:
    """(pre-exec function dropping to an unprivileged user, uid, gid) when running as root."""
    if os.geteuid() != 0:
        return None, None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        uid, gid = entry.pw_uid, entry.pw_gid

        def drop(uid: int = uid, gid: int = gid) -> None:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)

        return drop, uid, gid
    raise Unavailable("running as root, and there is no postgres or nobody user to run PostgreSQL as")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests must run under CI=true: {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """Start a throwaway server; stop it and remove its files afterwards. Raises Unavailable when this
    machine has no server binaries or no driver."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install 'wres-cli[postgres]')") from None
    folder = server_bin()
    if folder is None:
        raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    drop, uid, gid = _as_user()
    # a short path the server's user can reach (the socket's path is limited to about 100 characters)
    root = Path(tempfile.mkdtemp(prefix="wres-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    data, sockets = root / "data", root / "socket"
    sockets.mkdir()
    secret = root / "pwfile"
    secret.write_text(PASSWORD + "\n")
    if uid is not None:
        for path in (root, sockets, secret):
            os.chown(path, uid, gid)
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run(args, preexec_fn=drop, capture_output=True, text=True, timeout=120, cwd=root)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    watchdog = None
    try:
        run(str(folder / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={secret}",
            "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync")  # fmt: skip
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(folder / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
        watchdog = _watchdog(folder, data, root, drop)
        yield Server("127.0.0.1", port, USER, PASSWORD)
    finally:
        if watchdog is not None:
            watchdog.kill()
            watchdog.wait()
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                preexec_fn=drop, capture_output=True, timeout=120, cwd=root,
            )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def _watchdog(folder: Path, data: Path, root: Path, drop: Callable[[], None] | None) -> subprocess.Popen:
    """A process that stops the server and removes its files should this one be killed before it can."""
    script = (
        f"while [ -d /proc/{os.getpid()} ]; do sleep 1; done; "
        f'"{folder / "pg_ctl"}" -D "{data}" -m immediate -w stop; rm -rf "{root}"'
    )
    return subprocess.Popen(
        ["/bin/sh", "-c", script],
        preexec_fn=drop,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Unavailable(Exception):
    """No PostgreSQL server can be started on this machine."""


@pytest.fixture(scope="session", name="postgres")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server for the session, removed afterwards; skipped (failed under CI=true) where none
    can be started."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_server())
        except Unavailable as exc:
            _unavailable(str(exc))
        yield server


# ------------------------------------------------------------------------------------------ tables


def read_text(path: Path) -> pd.DataFrame:
    """A CSV file as text columns, every cell as written ('' for an empty cell)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def sqlite_tables(
    database: Path, tables: Mapping[str, pd.DataFrame], types: Mapping[str, str] | None = None
) -> Path:
    """Write each frame as a table of a SQLite database: every column TEXT unless ``types`` names it."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        for name, frame in tables.items():
            columns = ", ".join(f'"{c}" {(types or {}).get(c, "TEXT")}' for c in frame.columns)
            connection.execute(f'DROP TABLE IF EXISTS "{name}"')
            connection.execute(f'CREATE TABLE "{name}" ({columns})')
            marks = ", ".join("?" * len(frame.columns))
            rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
            connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        connection.commit()
    return database


def postgres_tables(
    server: Server, database: str, tables: Mapping[str, pd.DataFrame], types: Mapping[str, str] | None = None
) -> None:
    """Write each frame as a table (``schema.name`` creates the schema) by COPY of its CSV text: every column
    text unless ``types`` names it; empty cells become NULL."""
    import io

    with server.connect(database) as connection:
        for name, frame in tables.items():
            schema, _, _ = name.rpartition(".")
            if schema:
                connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            quoted = ".".join(f'"{part}"' for part in name.split("."))
            columns = ", ".join(f'"{c}" {(types or {}).get(c, "text")}' for c in frame.columns)
            connection.execute(f"DROP TABLE IF EXISTS {quoted}")
            connection.execute(f"CREATE TABLE {quoted} ({columns})")
            text = io.StringIO()
            frame.to_csv(text, index=False)
            copy = f"COPY {quoted} FROM STDIN WITH (FORMAT csv, HEADER true)"
            with connection.cursor() as cursor, cursor.copy(copy) as stream:
                stream.write(text.getvalue().encode())
            connection.execute(f"ANALYZE {quoted}")


def large_sqlite(database: Path, seed: pd.DataFrame, rows: int, *, orgs: int = 10) -> Path:
    """A table ``workforce`` of ``rows`` rows made in SQLite itself from copies of ``seed`` (a workforce with
    Organisation and Employee Number columns): copy i is renamed to organisation ``i % orgs`` and its person
    IDs suffixed with i, so that nobody is repeated in a year."""
    import sqlite3

    sqlite_tables(database, {"seed": seed})
    copies = -(-rows // len(seed))
    columns = []
    for column in seed.columns:
        if column == "Organisation":
            columns.append(
                f'CASE WHEN copy.i % {orgs} = 0 THEN seed."{column}" '
                f"ELSE seed.\"{column}\" || ' ' || (copy.i % {orgs}) END"
            )
        elif column == "Employee Number":
            columns.append(f"seed.\"{column}\" || '-' || copy.i")
        else:
            columns.append(f'seed."{column}"')
    select = ", ".join(
        f'{expression} AS "{name}"' for expression, name in zip(columns, seed.columns, strict=True)
    )
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("DROP TABLE IF EXISTS workforce")
        connection.execute(
            f"CREATE TABLE workforce AS WITH RECURSIVE copy(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM copy "
            f"WHERE i < {copies - 1}) SELECT {select} FROM copy CROSS JOIN seed LIMIT {rows}"
        )
        connection.execute("DROP TABLE seed")
        connection.commit()
    return database


def export_csv(database: Path, table: str, path: Path) -> Path:
    """A SQLite table written as CSV, as an analyst's export of it would be (NULL as an empty cell)."""
    import csv
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection, path.open("w", newline="") as out:
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        writer = csv.writer(out)
        writer.writerow([d[0] for d in cursor.description])
        while part := cursor.fetchmany(50_000):
            writer.writerows(part)
    return path


def postgres_csv(
    server: Server, database: str, name: str, path: Path, types: Mapping[str, str] | None = None
) -> None:
    """A CSV file copied as it is into a table ``name`` (``schema.name`` creates the schema): every column text
    unless ``types`` names it; empty cells become NULL."""
    import csv

    with path.open(newline="") as handle:
        header = next(csv.reader(handle))
    schema, _, _ = name.rpartition(".")
    quoted = ".".join(f'"{part}"' for part in name.split("."))
    columns = ", ".join(f'"{c}" {(types or {}).get(c, "text")}' for c in header)
    with server.connect(database) as connection:
        if schema:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        connection.execute(f"DROP TABLE IF EXISTS {quoted}")
        connection.execute(f"CREATE TABLE {quoted} ({columns})")
        copy = f"COPY {quoted} FROM STDIN WITH (FORMAT csv, HEADER true)"
        with connection.cursor() as cursor, cursor.copy(copy) as stream, path.open("rb") as data:
            while chunk := data.read(1 << 20):
                stream.write(chunk)
        connection.execute(f"ANALYZE {quoted}")


_MADE: dict[str, tuple[Path, Path]] = {}


@pytest.fixture(scope="session", name="million")
def million_rows(tmp_path_factory) -> tuple[Path, Path]:
    """A 1,000,000-row workforce table in SQLite (copies of the sample in 10 organisations) and its CSV export,
    made once for the session (the modules that import this fixture share it)."""
    if "million" not in _MADE:
        folder = tmp_path_factory.mktemp("million")
        sample = Path(__file__).resolve().parent.parent / "sample_data" / "workforce.csv"
        database = large_sqlite(folder / "million.db", read_text(sample), 1_000_000)
        _MADE["million"] = (database, export_csv(database, "workforce", folder / "workforce.csv"))
    return _MADE["million"]

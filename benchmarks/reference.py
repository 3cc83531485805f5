#!/usr/bin/env python3
"""Run the DuckDB SQL reference (reference.sql) over CSV or Parquet inputs and print its rows as JSON.

    python benchmarks/reference.py --workforce W.csv --recruitment R.csv --board B.csv > reference.json

DuckDB is a benchmark-only dependency (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SQL = Path(__file__).with_name("reference.sql")
COLUMNS = ("indicator", "org", "section", "breakdown", "grp", "measure", "numerator", "denominator", "value")


def source(path: str | Path) -> str:
    """A DuckDB table function reading one input file (every CSV column as text, as a spreadsheet would)."""
    text = str(path).replace("'", "''")
    if str(path).lower().endswith((".parquet", ".pq")):
        return f"read_parquet('{text}')"
    return f"read_csv('{text}', header = true, all_varchar = true)"


def reference_rows(workforce, recruitment, board, threads: int | None = None) -> list[dict]:
    """The reference figures as a list of dicts (keys: COLUMNS)."""
    import duckdb

    script = SQL.read_text(encoding="utf-8").format(
        workforce=source(workforce), recruitment=source(recruitment), board=source(board)
    )
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    statements = [s for s in script.split(";\n") if s.strip() and not _only_comments(s)]
    for statement in statements[:-1]:
        con.execute(statement)
    result = con.execute(statements[-1]).fetchall()
    return [dict(zip(COLUMNS, row, strict=True)) for row in result]


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workforce", required=True)
    parser.add_argument("--recruitment", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    args = parser.parse_args(argv)
    rows = reference_rows(args.workforce, args.recruitment, args.board, args.threads)
    json.dump(rows, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

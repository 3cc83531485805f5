#!/usr/bin/env python3
"""National-scale benchmark inputs in canonical spellings, sized by one number, seeded.

    python benchmarks/generate.py --rows 3000000              # the national inputs (CSV and Parquet)
    python benchmarks/generate.py --rows 100000 --format csv

``--rows`` is the number of workforce rows (staff x 2 reporting years). Everything else scales with it as
at national level (3,000,000 rows): 1.5 million staff a year in 220 organisations, 3 million shortlisted
applications over the two years, 600,000 survey responses and a board for every organisation. The people
come from sample_data/generate.py (same seed -> byte-identical files), written with canonical spellings
(``--clean``) so that the SQL reference reads them as they are.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
NATIONAL_ROWS = 3_000_000
NATIONAL_ORGS = 220
SEED = 20260331
FORMATS = ("csv", "parquet")


def _sample_generator():
    spec = importlib.util.spec_from_file_location(
        "wres_sample_generate", HERE.parent / "sample_data" / "generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sizes(rows: int, orgs: int | None = None) -> dict[str, int]:
    """Generator parameters for ``rows`` workforce rows (two years), in national proportions."""
    if rows < 2:
        raise ValueError("need at least 2 workforce rows")
    staff = rows // 2
    orgs = orgs or max(1, round(NATIONAL_ORGS * rows / NATIONAL_ROWS))
    return {
        "staff": staff,
        "orgs": min(orgs, staff),
        "years": 2,
        "applications": staff,  # per year: 3 million over two years at national size
        "survey": max(1, rows // 5),
    }


def folder(rows: int, fmt: str, root: Path = DATA) -> Path:
    """Where the inputs of one size and format live (benchmarks/.data/ is git-ignored)."""
    return root / f"rows-{rows}" / fmt


def generate(
    rows: int, fmt: str = "csv", *, root: Path = DATA, orgs: int | None = None, seed: int = SEED
) -> Path:
    """Write the inputs (unless already there) and return their folder."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    out = folder(rows, fmt, root)
    if not (out / "README.md").exists():  # README is written last: its presence means a complete set
        _sample_generator().generate(out, fmt=fmt, seed=seed, messy=False, **sizes(rows, orgs))
    return out


def inputs(out: Path) -> dict[str, Path]:
    """The workforce, recruitment, board and survey files of a generated folder."""
    ext = "parquet" if out.name == "parquet" else "csv"
    return {name: out / f"{name}.{ext}" for name in ("workforce", "recruitment", "board", "survey")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=NATIONAL_ROWS, help=f"workforce rows ({NATIONAL_ROWS:,})")
    parser.add_argument("--orgs", type=int, default=None, help="organisations (default: in proportion, 220)")
    parser.add_argument("--format", choices=(*FORMATS, "both"), default="both")
    parser.add_argument("--root", type=Path, default=DATA, help=f"output root ({DATA})")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for fmt in FORMATS if args.format == "both" else (args.format,):
        started = time.perf_counter()
        out = generate(args.rows, fmt, root=args.root, orgs=args.orgs, seed=args.seed)
        print(f"{out}  ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

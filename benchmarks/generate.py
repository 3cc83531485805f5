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
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
NATIONAL_ROWS = 3_000_000
NATIONAL_ORGS = 220
SEED = 20260331
FORMATS = ("csv", "parquet")
NAMES = ("workforce", "recruitment", "board", "survey")
PART_ROWS = NATIONAL_ROWS  # larger inputs are written a part of this size at a time (the 10 x scaling run)


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
    if (out / "README.md").exists():  # README is written last: its presence means a complete set
        return out
    if rows > PART_ROWS and fmt == "csv" and orgs is None:
        return _stacked(rows, out, seed)
    _sample_generator().generate(out, fmt=fmt, seed=seed, messy=False, **sizes(rows, orgs))
    return out


def _stacked(rows: int, out: Path, seed: int) -> Path:
    """CSV inputs larger than national size, written one national-size part at a time (each its own seed, its
    organisations and person IDs prefixed with the part's number so that none is shared), so that 10 x national
    is generated in the memory one national set takes."""
    parts = -(-rows // PART_ROWS)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as scratch:
        for k in range(parts):
            part = Path(scratch) / f"part-{k}"
            share = rows // parts + (1 if k < rows % parts else 0)
            _sample_generator().generate(
                part, fmt="csv", seed=seed + k, messy=False, frameworks=False, **sizes(share)
            )
            for name in NAMES:
                _append(part / f"{name}.csv", out / f"{name}.csv", f"P{k} ", header=k == 0)
            shutil.rmtree(part)
    (out / "README.md").write_text(
        f"# Synthetic benchmark inputs: {rows:,} workforce rows\n\n{parts} parts written by "
        f"benchmarks/generate.py (seeds {seed} to {seed + parts - 1}), organisations and person IDs prefixed "
        "P0, P1, ... by part.\n",
        encoding="utf-8",
    )
    return out


def _append(source: Path, target: Path, prefix: str, *, header: bool) -> None:
    """Copy a CSV file onto the end of another a block at a time, its organisations and person IDs prefixed."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = source.open(encoding="utf-8").readline().rstrip("\n").split(",")
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    prefixed = {"Organisation", "Employee Number"}
    with target.open("ab") as handle:
        if header:
            handle.write((",".join(names) + "\n").encode())
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        with pacsv.CSVWriter(handle, reader.schema, write_options=options) as writer:
            for batch in reader:
                columns = [
                    pc.binary_join_element_wise(prefix, column, "") if name in prefixed else column
                    for name, column in zip(names, batch.columns, strict=True)
                ]
                writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=reader.schema))


def inputs(out: Path) -> dict[str, Path]:
    """The workforce, recruitment, board and survey files of a generated folder."""
    ext = "parquet" if out.name == "parquet" else "csv"
    return {name: out / f"{name}.{ext}" for name in NAMES}


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

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
NAMES = ("workforce", "recruitment", "board", "survey")
PART_ROWS = NATIONAL_ROWS  # larger inputs are copies of inputs of at most this size (the 10 x scaling run)


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
    """CSV inputs larger than national size: copies of the inputs of ``rows / parts`` rows (national size for
    10 x national), each copy's person IDs prefixed with its number so that nobody is in two copies. The same
    organisations with more staff each: the figures, and the output, keep the size of a national run, so what
    grows is only the reading. Written a copy at a time, a block at a time."""
    parts = -(-rows // PART_ROWS)
    source = inputs(generate(rows // parts, "csv", root=out.parent.parent, seed=seed))
    out.mkdir(parents=True, exist_ok=True)
    for k in range(parts):
        for name in NAMES:
            _append(source[name], out / f"{name}.csv", f"C{k}-", header=k == 0)
    (out / "README.md").write_text(
        f"# Synthetic benchmark inputs: {rows // parts * parts:,} workforce rows requested\n\n{parts} copies of "
        f"the inputs for {rows // parts:,} rows (benchmarks/generate.py, seed {seed}), person IDs prefixed C0-, "
        "C1-, ... by copy.\n",
        encoding="utf-8",
    )
    return out


def _append(source: Path, target: Path, prefix: str, *, header: bool) -> None:
    """Copy a CSV file onto the end of another a block at a time, its person IDs prefixed."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = source.open(encoding="utf-8").readline().rstrip("\n").split(",")
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    prefixed = {"Employee Number"}
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

#!/usr/bin/env python3
"""Benchmark `wres compute --by org` against the DuckDB SQL reference (reference.sql).

    python benchmarks/run.py                   # national size: 3,000,000 workforce rows
    python benchmarks/run.py --rows 100000     # quick
    make bench SIZE=100000

1. Generates the inputs (benchmarks/generate.py; CSV and Parquet, cached in benchmarks/.data/).
2. Checks that every figure of indicators 1-4 and 9 from `wres compute --format json` equals the reference's;
   stops with exit 1 before timing anything if one differs.
3. Times whole processes, alternating the commands, median of ``--runs``: wall time, CPU time and peak
   memory (RSS, from wait4), the ratio wres / DuckDB, `wres --help`, CSV vs Parquet, the time per million
   rows from 100,000 rows up to ``--rows``, and `wres validate` against reading the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PYTHON = sys.executable
WRES = [PYTHON, "-m", "wres_cli"]
INDICATORS = ("1", "2", "3", "4", "9")
MEASURES = ("percent", "relative_likelihood", "difference_pp")
SCALING = (100_000, 300_000, 1_000_000, 3_000_000)
SCALE = 10  # the scaling series ends at 10 x --rows: 30 million workforce rows at national size
READ_SNIPPET = (  # what compute reads: the workforce file as counts of its raw values
    "import sys; from wres_cli.core.config import load_config; from wres_cli.inputs.load import load_dataset; "
    "load_dataset(sys.argv[1], 'workforce', load_config(None), grouped=True)"
)
READ_ALL_SNIPPET = (  # every column validate checks, the person IDs included
    "import sys; from pathlib import Path; from wres_cli.core.config import load_config; "
    "from wres_cli.inputs.canonical import from_table; from wres_cli.inputs.columns import ColumnPicker; "
    "from wres_cli.inputs.dataset import ProblemSink; from wres_cli.inputs.read import read_table; "
    "c, p, s = load_config(None), Path(sys.argv[1]), ProblemSink.collecting(); "
    "k = ColumnPicker('workforce', c, p, s, checking=True); from_table(read_table(p, select=k), k.layout, c, s)"
)

ARROW_READ_SNIPPET = (  # a plain Arrow read (both cores) of the columns named after the path, nothing else
    "import sys, pyarrow.csv as c; c.read_csv(sys.argv[1], convert_options=c.ConvertOptions(include_columns=sys.argv[2:]))"
)


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Timing:
    label: str
    runs: list[Run]
    checked: int = 0  # figures found to agree with DuckDB at this size (the scaling series)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


# ------------------------------------------------------------------------------------------- commands


def wres_compute(files: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        *WRES,
        "compute",
        str(files["workforce"]),
        "--recruitment",
        str(files["recruitment"]),
        "--board",
        str(files["board"]),
        "--survey",
        str(files["survey"]),
        "--by",
        "org",
        "--format",
        "json",
        "--output",
        str(out),
        *extra,
    ]


def duckdb_reference(files: dict[str, Path]) -> list[str]:
    return [
        PYTHON,
        str(HERE / "reference.py"),
        "--workforce",
        str(files["workforce"]),
        "--recruitment",
        str(files["recruitment"]),
        "--board",
        str(files["board"]),
    ]


def measure(command: list[str]) -> Run:
    """Run one process to the end: wall time, CPU time (user + system) and peak RSS.

    GNU time (when installed) starts the command from a tiny process, so a small command's peak RSS is not
    inflated by this script's own memory (a forked child starts out sharing it); otherwise wait4's.
    """
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = (
            [str(gnu_time), "-f", "%U %S %M", "-o", report.name, *command] if gnu_time.exists() else command
        )
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{errors}")
        if gnu_time.exists():
            user, system, rss_kb = report.read().split()[-3:]
            return Run(wall, float(user) + float(system), int(rss_kb) / 1024)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Each command once per round, in turn, so that a slow spell of the machine hits all of them."""
    timings = {label: Timing(label, []) for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            timings[label].runs.append(measure(command))
    return timings


# ------------------------------------------------------------------------------------------- agreement


def _key(row: dict) -> tuple:
    group = row.get("group", row.get("grp"))
    return (row["indicator"], row["org"], row["section"] or "", row["breakdown"], group, row["measure"])


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def compare(wres_rows: list[dict], reference_rows: list[dict]) -> list[str]:
    """Differences between the wres rows of indicators 1-4 and 9 and the reference rows ([] = agree)."""
    ours = {_key(r): r for r in wres_rows if r["indicator"] in INDICATORS and r["measure"] in MEASURES}
    theirs = {_key(r): r for r in reference_rows}
    problems = []
    for key, ref in theirs.items():
        row = ours.get(key)
        if row is None:
            problems.append(f"missing in wres: {key}")
            continue
        for column in ("numerator", "denominator", "value"):
            if not _close(row[column], ref[column]):
                problems.append(f"{key} {column}: wres {row[column]!r} vs reference {ref[column]!r}")
    for key, row in ours.items():
        substantive = (row["numerator"] or 0) > 0 if row["measure"] == "percent" else row["value"] is not None
        if substantive and key not in theirs:
            problems.append(f"not in the reference: {key} = {row['value']!r}")
    return problems


def check_agreement(files: dict[str, Path], scratch: Path, written: Path | None = None) -> int:
    """Compare the figures (of ``written``, a JSON file wres wrote for ``files``, or of a new run); return how
    many were checked. Exits 1 on any difference."""
    from reference import reference_rows

    out = written or scratch / "wres.json"
    if written is None:
        measure(wres_compute(files, out))
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    reference = reference_rows(files["workforce"], files["recruitment"], files["board"])
    problems = compare(rows, reference)
    if problems:
        shown = "\n  ".join(problems[:20])
        raise SystemExit(f"wres and the DuckDB reference disagree ({len(problems)} differences):\n  {shown}")
    return len(reference)


# ------------------------------------------------------------------------------------------- report


def _rows_in(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_metadata(path).num_rows
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(lines: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    out = [fmt.format(*header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=generate.NATIONAL_ROWS, help="workforce rows (3,000,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median; at least 3)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling series")
    parser.add_argument(
        "--scale",
        type=int,
        default=SCALE,
        help=f"the scaling series goes up to this many times --rows ({SCALE})",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    runs = max(3, args.runs)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    say(f"generating inputs for {args.rows:,} workforce rows in {generate.DATA} ...")
    csv_files = generate.inputs(generate.generate(args.rows, "csv"))
    parquet_files = generate.inputs(generate.generate(args.rows, "parquet"))
    scratch = Path(tempfile.mkdtemp(prefix="wres-bench-"))
    try:
        say("checking that wres and the DuckDB reference give the same figures (CSV and Parquet) ...")
        checked = check_agreement(csv_files, scratch)
        if check_agreement(parquet_files, scratch) != checked:
            raise SystemExit("the Parquet inputs give a different number of figures from the CSV inputs")
        say(f"  {checked:,} figures of indicators 1-4 and 9 agree, from either format")

        say(f"timing ({runs} alternating runs each) ...")
        timings = alternate(
            {
                "wres (CSV)": wres_compute(csv_files, scratch / "a.json"),
                "DuckDB SQL (CSV)": duckdb_reference(csv_files),
                "wres (Parquet)": wres_compute(parquet_files, scratch / "b.json"),
                "DuckDB SQL (Parquet)": duckdb_reference(parquet_files),
                "wres (CSV, --compact JSON)": wres_compute(csv_files, scratch / "c.json", "--compact"),
            },
            runs,
        )
        timings.update(alternate({"wres --help": [*WRES, "--help"]}, max(runs, 5)))
        validate = _validate_timings(csv_files["workforce"], runs)
        timings.update(validate)
        scaling = {} if args.no_scaling else _scaling(args.rows, max(1, args.scale), runs, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    rows = {name: _rows_in(path) for name, path in csv_files.items()}
    report = _report(args.rows, rows, timings, scaling, runs, checked)
    print(report)
    if args.json:
        figures = {
            label: vars(t) | {"wall": t.wall, "cpu": t.cpu, "rss_mb": t.rss_mb}
            for label, t in timings.items()
        }
        figures = {k: {**v, "runs": [vars(r) for r in v["runs"]]} for k, v in figures.items()}
        scaled = {
            size: {"wall": t.wall, "cpu": t.cpu, "rss_mb": t.rss_mb, "checked": t.checked}
            for size, t in scaling.items()
        }
        args.json.write_text(json.dumps({"rows": rows, "timings": figures, "scaling": scaled}, indent=1))
    return 0


def _validate_timings(workforce: Path, runs: int) -> dict[str, Timing]:
    probe = subprocess.run([*WRES, "validate", "--help"], capture_output=True)
    if probe.returncode != 0:
        return {}
    return alternate(
        {
            "wres validate (workforce)": [*WRES, "validate", str(workforce)],
            "read (workforce)": [PYTHON, "-c", READ_SNIPPET, str(workforce)],
            "read with person IDs": [PYTHON, "-c", READ_ALL_SNIPPET, str(workforce)],
            "Arrow read (same columns)": [
                PYTHON,
                "-c",
                ARROW_READ_SNIPPET,
                str(workforce),
                *_checked_columns(workforce),
            ],
        },
        runs,
    )


def _checked_columns(workforce: Path) -> list[str]:
    """The columns of a workforce file that `wres validate` reads."""
    from wres_cli.core.config import load_config
    from wres_cli.inputs.columns import ColumnPicker
    from wres_cli.inputs.dataset import ProblemSink

    picker = ColumnPicker("workforce", load_config(None), workforce, ProblemSink.collecting(), checking=True)
    with workforce.open(encoding="utf-8") as handle:
        return picker(handle.readline().rstrip("\n").split(","))


def _scaling(top: int, scale: int, runs: int, scratch: Path) -> dict[int, Timing]:
    """`wres compute --by org` (CSV) per size, 100,000 rows up to ``top`` and then ``scale`` x ``top`` (inputs
    larger than national size are generated a national-size part at a time)."""
    sizes = sorted({s for s in SCALING if s < top} | {top} | ({top * scale} if scale > 1 else set()))
    out = {}
    for size in sizes:
        files = generate.inputs(generate.generate(size, "csv"))
        out[size] = alternate({"wres": wres_compute(files, scratch / "s.json")}, runs)["wres"]
        out[size].checked = check_agreement(files, scratch, written=scratch / "s.json")  # the last run's
        print(
            f"  {size:,} rows: {out[size].checked:,} figures agree with DuckDB", file=sys.stderr, flush=True
        )
    return out


def _scaling_table(scaling: dict[int, Timing]) -> str:
    """Wall time, time per million rows, time per extra million rows since the size before, and peak memory."""
    lines, before = [], None
    for size, timing in scaling.items():
        extra = "" if before is None else f"{(timing.wall - before[1]) / ((size - before[0]) / 1e6):.2f} s"
        per_million = f"{timing.wall / (size / 1e6):.2f} s"
        lines.append(
            (
                f"{size:,}",
                _seconds(timing.wall),
                per_million,
                extra,
                f"{timing.rss_mb:,.0f} MB",
                f"{timing.checked:,}",
            )
        )
        before = (size, timing.wall)
    header = (
        "workforce rows",
        "wres wall (median)",
        "per million rows",
        "per extra million",
        "peak RSS",
        "figures agreeing",
    )
    return table(lines, header)


def _report(size, rows, timings, scaling, runs, checked) -> str:
    duck = {"CSV": timings["DuckDB SQL (CSV)"], "Parquet": timings["DuckDB SQL (Parquet)"]}
    lines = []
    for label, t in timings.items():
        ratio = ""
        if label.startswith("wres (") and label != "wres --help":
            ratio = f"{t.wall / duck[label[6:-1].split(',')[0]].wall:.2f}"
        lines.append((label, _seconds(t.wall), _seconds(t.cpu), f"{t.rss_mb:,.0f} MB", ratio))
    out = [
        f"wres-cli benchmark: {size:,} workforce rows requested; files: "
        + ", ".join(f"{name} {n:,}" for name, n in rows.items()),
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"median of {runs} alternating runs; {checked:,} figures checked against DuckDB first",
        "",
        table(lines, ("command", "wall (median)", "CPU (median)", "peak RSS", "wres ÷ DuckDB")),
        "",
    ]
    csv_wall, parquet_wall = timings["wres (CSV)"].wall, timings["wres (Parquet)"].wall
    out.append(f"Parquet vs CSV (wres): {csv_wall / parquet_wall:.1f}x faster")
    if "wres validate (workforce)" in timings:
        v, r = timings["wres validate (workforce)"].wall, timings["read (workforce)"].wall
        with_ids = timings["read with person IDs"].wall
        arrow = timings["Arrow read (same columns)"].wall
        out.append(
            f"validate vs read (workforce): {v / r:.2f}x; vs the whole read with the person IDs: "
            f"{v / with_ids:.2f}x; vs a plain Arrow read of the same columns: {v / arrow:.2f}x"
        )
    if scaling:
        out += ["", _scaling_table(scaling)]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark harness (benchmarks/): seeded generator, figure agreement with the DuckDB reference, and the
progress display shown for large inputs."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from wres_cli import api
from wres_cli.cli.progress import estimate_rows, progress
from wres_cli.outputs import tidy as export

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run as bench  # noqa: E402


def test_sizes_keep_national_proportions():
    assert generate.sizes(3_000_000) == {
        "staff": 1_500_000,
        "orgs": 220,
        "years": 2,
        "applications": 1_500_000,
        "survey": 600_000,
    }
    assert generate.sizes(100_000)["orgs"] == 7  # 220 x 100,000 / 3,000,000 = 7.3
    assert generate.sizes(10, orgs=50)["orgs"] == 5  # never more organisations than staff


def test_generator_is_seeded_and_writes_canonical_spellings(tmp_path):
    first = generate.inputs(generate.generate(600, "csv", root=tmp_path / "a", orgs=3))
    second = generate.inputs(generate.generate(600, "csv", root=tmp_path / "b", orgs=3))
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name
    lines = first["workforce"].read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:4] == ["Organisation", "Year", "Employee Number", "Ethnic Origin"]
    assert 540 <= len(lines) - 1 <= 660  # 300 staff a year, two years, ~90% stay and 2% growth
    disciplinary = {line.split(",")[-2] for line in lines[1:]}
    assert disciplinary <= {"Y", "N"}  # canonical: no y / Yes / blanks mixed in
    assert len({line.split(",")[0] for line in lines[1:]}) == 3


def test_generator_writes_parquet_with_the_same_people(tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    csv = generate.inputs(generate.generate(400, "csv", root=tmp_path, orgs=2))
    parquet = generate.inputs(generate.generate(400, "parquet", root=tmp_path, orgs=2))
    assert parquet["workforce"].suffix == ".parquet"
    assert pq.read_metadata(parquet["workforce"]).num_rows == pacsv.read_csv(csv["workforce"]).num_rows


def _row(org="All", group="BME", numerator=5, denominator=10, value=50.0, measure="percent"):
    return {
        "indicator": "2",
        "org": org,
        "section": "",
        "breakdown": "Appointed from shortlisting",
        "group": group,
        "measure": measure,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
    }


def test_compare_finds_every_kind_of_difference():
    reference = [{**_row(), "grp": "BME"}]
    for r in reference:
        del r["group"]
    assert bench.compare([_row()], reference) == []
    assert bench.compare([_row(numerator=6, value=60.0)], reference)[0].endswith(
        "numerator: wres 6 vs reference 5"
    )
    assert bench.compare([], reference)[0].startswith("missing in wres")
    extra = bench.compare([_row(), _row(org="X1", numerator=1, value=10.0)], reference)
    assert extra == [
        "not in the reference: ('2', 'X1', '', 'Appointed from shortlisting', 'BME', 'percent') = 10.0"
    ]
    # a group with nobody in it in one organisation (0 of n) is shown by wres and need not be in the reference
    assert bench.compare([_row(), _row(org="X1", numerator=0, value=0.0)], reference) == []


def test_wres_agrees_with_the_duckdb_reference(tmp_path):
    pytest.importorskip("duckdb")
    from reference import reference_rows

    files = generate.inputs(generate.generate(4000, "csv", root=tmp_path, orgs=4))
    results = api.compute(
        files["workforce"],
        recruitment=files["recruitment"],
        board=files["board"],
        survey=files["survey"],
        by_org=True,
    )
    rows = json.loads(export.json_text(results))["rows"]
    reference = reference_rows(files["workforce"], files["recruitment"], files["board"])
    assert len(reference) > 300  # 4 organisations + All, indicators 1-4 and 9
    assert bench.compare(rows, reference) == []
    assert {r["indicator"] for r in reference} == {"1", "2", "3", "4", "9"}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_unless_stderr_is_a_terminal(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("a,b\n" + "x,y\n" * 1000, encoding="utf-8")
    assert estimate_rows(path) == 1001  # header included: an estimate from the line length
    pipe = io.StringIO()
    with progress([path], stream=pipe, threshold=10) as shown:
        assert not shown.shown
    assert pipe.getvalue() == ""
    small = _Terminal()
    with progress([path], stream=small, threshold=10_000) as shown:  # a terminal, but a small file
        assert not shown.shown
    assert small.getvalue() == ""
    terminal = _Terminal()
    with progress([path, None], stream=terminal, threshold=10) as shown:
        assert shown.shown
    assert "Reading about 1,001 rows from 1 file(s)" in terminal.getvalue()


def test_inputs_larger_than_a_part_are_copies_with_their_own_people(tmp_path, monkeypatch):
    """The 10 x national scaling inputs: copies of a national-size set, one header, no person in two copies."""
    import pandas as pd

    monkeypatch.setattr(generate, "PART_ROWS", 400)
    files = generate.inputs(generate.generate(1200, "csv", root=tmp_path))
    part = generate.inputs(generate.generate(400, "csv", root=tmp_path))
    workforce = pd.read_csv(files["workforce"], dtype=str)
    one = pd.read_csv(part["workforce"], dtype=str)
    assert len(workforce) == 3 * len(one) and not (workforce["Organisation"] == "Organisation").any()
    assert set(workforce["Organisation"]) == set(one["Organisation"])
    assert {i.split("-")[0] for i in workforce["Employee Number"]} == {"C0", "C1", "C2"}
    assert not workforce.duplicated(["Employee Number", "Year"]).any()
    results = api.compute(files["workforce"], recruitment=files["recruitment"], survey=files["survey"])
    assert results.rows["indicator"].nunique() > 3
    assert generate.inputs(generate.generate(1200, "csv", root=tmp_path)) == files  # complete: kept


def test_scaling_table_gives_the_time_per_extra_million_rows():
    timings = {
        1_000_000: bench.Timing("wres", [bench.Run(3.0, 3.0, 300.0)] * 3, checked=1_234),
        3_000_000: bench.Timing("wres", [bench.Run(4.0, 4.0, 310.0)] * 3),
    }
    text = bench._scaling_table(timings)
    assert "| 3,000,000      | 4.00 s" in text and "| 0.50 s" in text and "310 MB" in text
    assert "| 1,234 " in text  # the figures found to agree with DuckDB at that size

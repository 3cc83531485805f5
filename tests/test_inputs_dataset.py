"""A Dataset is built once and never changes; problems go to a sink that raises (compute) or collects (validate);
reading a file leaves the process as it found it."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import ColumnPicker
from wres_cli.inputs.dataset import Dataset, Problem, ProblemSink
from wres_cli.inputs.load import load_dataset
from wres_cli.inputs.read import read_table
from wres_cli.tallies.tally import summary_of


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def collect(path: Path, dataset: str = "workforce", config: Config | None = None):
    """Read a file as `wres validate` does: (Dataset or None, every problem found)."""
    config = config or Config()
    sink = ProblemSink.collecting()
    picker = ColumnPicker(dataset, config, path, sink, checking=True)
    table = read_table(path, select=picker)
    return from_table(table, picker.layout, config, sink), sink.take()


# ------------------------------------------------------------------------------------------ Dataset


def test_a_dataset_cannot_be_changed_after_it_is_built(tmp_path):
    ds = load_dataset(
        write(tmp_path, "wf.csv", "Year,Ethnicity,Disciplinary", "2025,A,Y", "2026,N,"), "workforce", Config()
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.frame = ds.frame.head(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.years = (2026,)
    with pytest.raises(AttributeError):
        ds.warnings.append("more")  # a tuple, complete when the Dataset was made
    assert ds.years == (2025, 2026)
    assert len(ds.warnings) == 1 and "blank value(s) in column 'Disciplinary' counted as No" in ds.warnings[0]


def test_years_are_worked_out_when_the_dataset_is_made():
    frame = pd.DataFrame({"year": np.array([2026, -1, 2024, 2026], np.int32), "count": np.ones(4, np.int64)})
    assert Dataset("workforce", Path("wf.csv"), frame, {}).years == (2024, 2026)
    assert Dataset("workforce", Path("wf.csv"), frame.drop(columns="year"), {}).years == ()


def test_derived_values_are_worked_out_once_per_dataset():
    frame = pd.DataFrame({"ethnicity": pd.Categorical(["White", "BME"]), "count": np.array([2, 3], np.int64)})
    ds = Dataset("workforce", Path("wf.csv"), frame, {})
    calls = []

    def work(f):
        calls.append(1)
        return len(f)

    assert ds.derived("rows", work) == ds.derived("rows", work) == 2
    assert calls == [1]
    assert summary_of(ds) is summary_of(ds)
    other = Dataset("workforce", Path("wf.csv"), frame, {})
    assert other.derived("rows", lambda f: "its own") == "its own"  # the cache is per instance


# ------------------------------------------------------------------------------------------ the sink


def test_a_raising_sink_raises_the_first_problem_and_a_collecting_one_keeps_them_all():
    first = Problem("flag", "disciplinary", InputError("wf.csv line 2: 'maybe' is not a yes/no value"))
    second = Problem("year", "year", InputError("wf.csv line 3: 'soon' is not a year"))
    with pytest.raises(InputError, match="maybe"):
        ProblemSink.raising().fail(first)
    sink = ProblemSink.collecting()
    sink.fail(first)
    sink.fail(second)
    assert sink.take() == [first, second]
    assert sink.take() == []


def test_compute_stops_at_the_first_problem_validate_collects_every_one(tmp_path):
    path = write(
        tmp_path,
        "wf.csv",
        "Year,Ethnicity,Disciplinary,Count",
        "2026,A,Y,1",
        "2026,X9,maybe,2",
        "soon,N,N,-1",
    )
    with pytest.raises(InputError, match=r"column 'Ethnicity'.*'X9' \(1 row, first at line 3\)"):
        load_dataset(path, "workforce", Config())
    ds, problems = collect(path)
    assert [(p.kind, p.column) for p in problems] == [
        ("unmapped", "ethnicity"),
        ("flag", "disciplinary"),
        ("year", "year"),
        ("range", "count"),
    ]
    assert problems[3].bad.tolist() == [False, False, True]
    assert ds is not None and ds.frame["count"].tolist() == [1, 2, 0]  # the bad count is left at 0


def test_missing_required_columns_are_problems_and_no_dataset_is_made(tmp_path):
    path = write(tmp_path, "rec.csv", "Ethnicity,Shortlisted", "A,Y")
    with pytest.raises(InputError, match="'appointed' is missing"):
        load_dataset(path, "recruitment", Config())
    ds, problems = collect(path, "recruitment")
    assert ds is None and [(p.kind, p.column) for p in problems] == [("missing", "appointed")]


# ------------------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    "lines",
    [
        ("Ethnicity,Disciplinary", "A,Y", "N,N"),
        (
            "Ethnicity,Disciplinary",
            "A,Y",
            '"N,Y',
            "A,N",
            "N,Y",
        ),  # a quote left open: the rows it swallows are sought
    ],
    ids=["clean", "unbalanced quote"],
)
def test_reading_a_file_leaves_the_csv_field_size_limit_as_it_was(tmp_path, lines):
    path = write(tmp_path, "wf.csv", *lines)
    before = csv.field_size_limit()
    try:
        csv.field_size_limit(12_345)  # whatever the process had set, it keeps
        with contextlib.suppress(InputError):  # the second file is refused, naming the quote
            load_dataset(path, "workforce", Config())
        assert csv.field_size_limit() == 12_345
    finally:
        csv.field_size_limit(before)

"""The one parser of aggregated survey files: what `wres compute` refuses, `wres validate` reports, row by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import ColumnPicker
from wres_cli.inputs.dataset import ProblemSink
from wres_cli.inputs.load import load_dataset
from wres_cli.inputs.read import read_table
from wres_cli.inputs.survey import survey_indicators


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "agg.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[str, str, list[int]]]:
    """(kind, column, bad row positions) of every problem, read as `wres validate` reads."""
    sink = ProblemSink.collecting()
    picker = ColumnPicker("survey", Config(), path, sink, checking=True)
    from_table(read_table(path, select=picker), picker.layout, Config(), sink)
    return [(p.kind, p.column, [] if p.bad is None else p.bad.nonzero()[0].tolist()) for p in sink.take()]


def test_every_framework_s_indicators_are_known():
    known = survey_indicators(Config())
    assert {"5", "6", "7", "8", "4a(i)", "4a(ii)", "4a(iii)", "4b", "9a", "sc6", "sc7a", "sc7b"} <= set(known)


def test_social_care_and_labelled_indicators_are_read(tmp_path):
    path = write(
        tmp_path,
        "indicator,group,n,percent",
        "sc6,White,200,20",
        "Indicator 5,BME,100,30",
        "Metric 4a (ii),BME,50,10",
    )
    ds = load_dataset(path, "survey", Config())
    assert ds.form == "aggregated"
    assert ds.frame["indicator"].tolist() == ["sc6", "5", "4a(ii)"]
    assert ds.frame["count"].tolist() == [200, 100, 50]
    assert ds.frame["yes_share"].tolist() == pytest.approx([0.2, 0.3, 0.1])
    assert problems(path) == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["12,White,100,30"], r"line 2, column 'indicator': '12' is not a survey indicator"),
        (["5,Martian,100,30"], r"column 'group'.*'Martian'"),
        (["5,White,lots,30"], r"line 2, column 'n': 'lots' is not a whole number >= 0"),
        (["5,White,100,140"], r"line 2, column 'percent': '140' is not a percentage from 0 to 100"),
    ],
)
def test_compute_refuses_a_bad_row_naming_line_and_column(tmp_path, rows, message):
    with pytest.raises(InputError, match=message):
        load_dataset(write(tmp_path, "indicator,group,n,percent", *rows), "survey", Config())


def test_more_yes_than_respondents(tmp_path):
    path = write(tmp_path, "indicator,group,n,yes", "5,White,100,30", "5,BME,50,51")
    with pytest.raises(InputError, match="line 3: more 'yes' answers than respondents"):
        load_dataset(path, "survey", Config())
    assert problems(path) == [("excess", "yes", [1])]


def test_validate_collects_every_bad_row_and_goes_on(tmp_path):
    path = write(
        tmp_path,
        "indicator,group,n,percent",
        "5,White,100,30",
        "12,BME,50,20",
        "6,Martian,50,20",
        "6,BME,-1,20",
        "6,BME,50,",
        "7,White,50,140",
    )
    assert problems(path) == [
        ("indicator", "indicator", [1]),
        ("unmapped", "group", []),
        ("range", "n", [3]),
        ("type", "percent", [4]),
        ("range", "percent", [5]),
    ]


def test_missing_percent_and_yes(tmp_path):
    path = write(tmp_path, "indicator,group,n", "5,White,100")
    with pytest.raises(InputError, match="required column 'percent' is missing"):
        load_dataset(path, "survey", Config())
    assert problems(path) == [("missing", "percent", [])]

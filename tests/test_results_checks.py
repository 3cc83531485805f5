"""The check of an indicator's returned rows against the tidy schema: what passes, and what each problem says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE
from wres_cli import api, not_computed, rows
from wres_cli.results.checks import problems


def good() -> pd.DataFrame:
    return rows(org=["All", "R1"], group="BME", measure="percent", numerator=[3, 1], denominator=[10, 4])


def test_rows_from_the_builders_pass():
    assert problems(good()) == []
    assert problems(not_computed("X", "needs --survey")) == []  # no measure on a 'not computed' row
    assert problems(good().assign(extra="mine")) == []  # columns of its own are allowed
    assert problems(good().iloc[0:0]) == []  # no rows at all is not malformed


@pytest.mark.parametrize(
    "framework, inputs",
    [
        ("nhs-wres", {"recruitment": "recruitment.csv", "board": "board.csv", "survey": "survey.csv"}),
        ("wdes", {"recruitment": "wdes/recruitment.csv", "board": "wdes/board.csv", "survey": "wdes/survey.csv"}),
    ],
)
def test_every_built_in_indicator_passes_on_the_sample_data(framework, inputs):
    """The pipeline raises on a built-in indicator whose rows fail; this names the check's verdict too."""
    workforce = SAMPLE / ("workforce.csv" if framework == "nhs-wres" else "wdes/workforce.csv")
    given = {name: SAMPLE / path for name, path in inputs.items()}
    results = api.compute(workforce, framework=framework, by_org=True, **given)
    for indicator in results.indicators:
        assert problems(results.indicator(indicator.id)) == [], indicator.key


@pytest.mark.parametrize(
    "returned, said",
    [
        ({"value": 1.0}, "compute() returned dict, not a pandas DataFrame"),
        (None, "compute() returned NoneType, not a pandas DataFrame"),
        (pd.DataFrame(), "missing columns framework, indicator, org"),
        (good().drop(columns="status"), "missing column status"),
        (good().assign(measure="odds"), "unknown measure 'odds' (known: percent, relative_likelihood"),
        (good().assign(measure=""), "unknown measure ''"),
        (good().assign(status=["done", "computed"]), "unknown status 'done' (known: computed"),
        (good().assign(value="high"), "value holds text ('high'), not numbers"),
        (good().assign(value=[1.0, "n/a"]), "value holds text ('n/a'), not numbers"),
        (good().assign(numerator=[True, False]), "numerator holds True/False, not numbers"),
        (good().assign(year="2025"), "year holds text ('2025'), not numbers"),
        (good().assign(group=[1, 2]), "group holds integer, not text"),
        (good().assign(org=["All", 3]), "org holds mixed values, not text"),
        (good().assign(headline=["yes", "no"]), "headline holds text ('yes', 'no'), not True/False"),
        (good().assign(headline=[True, None]), "headline is missing on some rows"),
    ],
)
def test_each_problem_is_named(returned, said):
    found = problems(returned)
    assert any(said in problem for problem in found), found


def test_many_offending_values_are_counted_not_listed():
    frame = rows(org="All", group="BME", measure=[f"m{i}" for i in range(6)], value=np.arange(6.0))
    (problem,) = problems(frame)
    assert problem.startswith("unknown measure 'm0', 'm1', 'm2' and 3 more")

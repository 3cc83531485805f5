"""Notes and warnings in Results: each said once, with counts taken from the rows that cover everyone, and a
Results that nothing can change after it is made."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from conftest import expand, write
from wres_cli import api

WHITE, BME = "A White - British", "N Black or Black British - African"
ORGS = ("R1 Trust", "R2 Trust")


@pytest.fixture
def workforce(tmp_path):
    """Two organisations in 2025, each with 40 White and 20 BME staff and 3 bank-only workers."""
    spec = [
        {"Organisation": org, "Year": 2025, "Ethnic Origin": ethnicity, "Assignment Category": category, "n": n}
        for org in ORGS
        for ethnicity, category, n in ((WHITE, "Permanent", 40), (BME, "Permanent", 20), (WHITE, "Bank", 3))
    ]
    return write(tmp_path / "workforce.csv", expand(spec))


@pytest.fixture
def survey_2024(tmp_path):
    """A record-level staff survey from the year before the workforce's only year."""
    answers = {"Q14a": "1-2", "Q14b": "Never", "Q14c": "Never", "Q15": "Yes", "Q16b": "No"}
    rows = [
        {"Year": 2024, "Ethnicity": ethnicity, **answers}
        for ethnicity in ["White"] * 6 + ["Black / African / Caribbean / Black British"] * 4
    ]
    return write(tmp_path / "survey.csv", pd.DataFrame(rows))


def meta(run, *args) -> dict:
    return json.loads(run("compute", *args, "-f", "json").stdout)["meta"]


def test_the_survey_year_note_is_given_once_however_many_indicators_use_the_survey(run, workforce, survey_2024):
    notes = meta(run, workforce, "--survey", survey_2024)["notes"]
    said = [n for n in notes if n.startswith("staff survey:")]
    assert said == [
        "staff survey: reporting year 2025 uses the 2024 survey (survey_year_offset 1, this framework's default)"
    ]


def test_the_survey_year_note_is_once_in_results_too(workforce, survey_2024):
    results = api.compute(workforce, survey=survey_2024)
    assert sum(n.startswith("staff survey:") for n in results.notes) == 1
    for indicator in "5678":  # every survey indicator still computed from the 2024 answers
        assert results.headline(indicator)["status"] == "computed"


@pytest.mark.parametrize("by_org", [False, True])
def test_bank_only_staff_are_counted_once_also_by_org(run, workforce, by_org):
    notes = meta(run, workforce, *(["--by", "org"] if by_org else []))["notes"]
    bank = [n for n in notes if "bank-only" in n]
    assert len(bank) == 1 and bank[0].startswith("6 bank-only staff in 2025 not counted: ")
    assert "left out of every indicator" in bank[0]


def test_results_cannot_be_changed_after_they_are_made(workforce, survey_2024):
    results = api.compute(workforce, survey=survey_2024)
    for name in ("summary", "indicators", "datasets", "warnings", "notes"):
        assert isinstance(getattr(results, name), tuple), name
    assert isinstance(results.datasets[0].years, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.notes = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.datasets[0].people = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        results.warnings.append("added later")  # type: ignore[attr-defined]


def test_a_new_results_is_made_for_suppression_and_the_trend(workforce, survey_2024):
    plain = api.compute(workforce, survey=survey_2024)
    published = api.compute(workforce, survey=survey_2024, suppress=10, trend=True)
    assert plain.trend is None and published.trend is not None
    # the same notes, not appended to by the later stages; under --suppress their counts are "<10" or rounded
    assert len(plain.notes) + 1 == len(published.notes)
    assert plain.notes[0].startswith("6 bank-only staff") and published.notes[0].startswith("<10 bank-only staff")
    assert plain.notes[1:] == published.notes[1:-1]
    assert published.notes[-1].startswith("Suppression at 10: ")  # what was withheld, with no count of people
    assert dict(published.headline("1"))["reading"]  # summary entries keep working as mappings

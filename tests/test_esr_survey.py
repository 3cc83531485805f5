"""The staff survey a reporting year uses, and WDES metric 4 in the WDES's own numbering.

tests/data/esr/staff-survey-2024-2025.csv holds two fieldwork years of 100 White and 100 BME respondents each:
harassment from the public (Q14a) at least once for 10 White / 20 BME in 2024 and 30 White / 40 BME in 2025.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from wres_cli import api
from wres_cli.core.errors import InputError

ESR = ROOT / "tests" / "data" / "esr"
STAFF = ESR / "staff-in-post-2025-2026.csv"
SURVEY = ESR / "staff-survey-2024-2025.csv"


def share(results, indicator="5", group="White"):
    rows = results.indicator(indicator)
    return rows.loc[(rows["group"] == group) & (rows["measure"] == "percent"), "value"].iloc[0]


def test_wres_year_t_uses_the_survey_run_in_the_autumn_before():
    assert share(api.compute(STAFF, survey=SURVEY)) == pytest.approx(30.0)  # 2026 <- 2025 survey
    results = api.compute(STAFF, survey=SURVEY, year=2025)
    assert share(results) == pytest.approx(10.0)  # 2025 <- 2024 survey, not the 2025 one
    assert share(results, group="BME") == pytest.approx(20.0)
    [note] = [n for n in results.notes if n.startswith("staff survey:")]
    assert (
        note
        == "staff survey: reporting year 2025 uses the 2024 survey (survey_year_offset 1, this framework's default)"
    )


def test_the_offset_is_a_setting(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("survey_year_offset: 0\n", encoding="utf-8")
    results = api.compute(STAFF, survey=SURVEY, year=2025, config=config)
    assert share(results) == pytest.approx(30.0)
    assert any("uses the 2025 survey (survey_year_offset 0)" in n for n in results.notes)
    config.write_text("survey_year_offset: 9\n", encoding="utf-8")
    with pytest.raises(Exception, match="survey_year_offset is how many years the survey comes before"):
        api.compute(STAFF, survey=SURVEY, config=config)


def test_a_missing_survey_year_is_a_warning_naming_the_year_used(tmp_path):
    results = api.compute(STAFF, survey=SURVEY, year=2026, survey_year_offset=0)
    assert share(results) == pytest.approx(30.0)
    assert any(
        "reporting year 2026 uses the 2026 survey (survey_year_offset 0), but the file has none; used 2025"
        in w
        for w in results.warnings
    )


def test_a_survey_without_a_year_says_which_survey_it_is_taken_for():
    answers = {"Once or twice": "yes", "Prefer not to answer": "not counted"}
    results = api.compute(STAFF, survey=ESR / "staff-survey-own-words.csv", survey_answers=answers)
    said = "the file has no year column, so all of it is read as the survey for reporting year 2026 (by convention"
    assert any(said in n and "the survey of 2025" in n for n in results.notes)


# ------------------------------------------------------------------------------------------ WDES metric 4


def wdes(survey):
    return api.compute(ESR / "wdes-staff-in-post.csv", framework="wdes", survey=survey)


def test_wdes_metric_4_is_numbered_as_the_wdes_numbers_it():
    results = wdes(ESR / "wdes-survey-aggregated.csv")
    ids = [i.id for i in results.indicators if i.id.startswith("4")]
    assert ids == ["4a(i)", "4a(ii)", "4a(iii)", "4b"]
    assert results.headline("4a(ii)")["value"] == pytest.approx(15.0 - 10.0)  # managers
    assert results.headline("4b")["value"] == pytest.approx(49.0 - 50.0)  # reported it, never managers
    assert "reporting" in results.headline("4b")["title"].lower()


def test_an_aggregated_file_in_the_old_lettering_is_refused_not_misread():
    with pytest.raises(InputError) as error:
        wdes(ESR / "wdes-survey-old-numbering.csv")
    message = str(error.value)
    assert "line 2, column 'Metric': '4a' is not a survey indicator" in message
    assert "4a(i) harassment from patients or the public, 4a(ii) from managers" in message


def test_wdes_uses_last_autumn_s_survey_by_default_too(tmp_path):
    rows = ["Survey Year,Metric,Group,n,Percent"]
    rows += [f"{y},4a(i),{g},100,{p}" for y, g, p in ((2025, "Disabled", 40), (2025, "Non-disabled", 30),
                                                      (2026, "Disabled", 90), (2026, "Non-disabled", 10))]  # fmt: skip
    (tmp_path / "wdes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert wdes(tmp_path / "wdes.csv").headline("4a(i)")["value"] == pytest.approx(10.0)

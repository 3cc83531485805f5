"""Trend verdicts (better / worse / no significant change, or why a year is not compared) and benchmarking ranks
on hand-made data."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from conftest import expand, write
from wres_cli import api

WHITE, BME = "A White - British", "N Black or Black British - African"


def people(year, org="RX1 Trust", *, white=(10, 400), bme=(10, 100)):
    """1000 White and 1000 BME staff; (disciplinary, training) counts per group."""
    return [
        {
            "Organisation": org,
            "Year": year,
            "Ethnic Origin": group,
            "n": 1000,
            "Disciplinary": d,
            "Non-mandatory training": t,
        }
        for group, (d, t) in ((WHITE, white), (BME, bme))
    ]


@pytest.fixture
def three_years(tmp_path):
    # training (White ÷ BME): 4.00 -> 1.05 -> 1.08; disciplinary (BME ÷ White, single year): 1.00 -> 1.00 -> 4.00
    spec = people(2024) + people(2025, bme=(10, 380)) + people(2026, bme=(40, 370))
    return write(tmp_path / "workforce.csv", expand(spec, counts=True))


def headline_trend(results, indicator):
    trend = results.trend
    rows = trend.loc[(trend["indicator"] == indicator) & trend["key"] & (trend["org"] == "All")]
    return rows.set_index("year")


def test_trend_verdicts_on_hand_made_years(three_years):
    results = api.compute(three_years, trend=True, indicator_3_method="1y")
    training = headline_trend(results, "4")
    assert list(training.index) == [2024, 2025, 2026]
    assert training.loc[2024, "value"] == pytest.approx(4.0)
    assert training.loc[2025, "value"] == pytest.approx(400 / 380)
    assert training.loc[2024, "direction"] == ""  # nothing to compare with
    assert training.loc[2025, "direction"] == "better"  # much closer to 1.00
    assert training.loc[2026, "direction"] == "no significant change"  # 1.05 -> 1.08
    assert training.loc[2025, "change"] == pytest.approx(400 / 380 - 4.0)

    disciplinary = headline_trend(results, "3")
    assert disciplinary.loc[2025, "direction"] == "no significant change"  # identical: p = 1
    assert disciplinary.loc[2025, "change_p"] == pytest.approx(1.0)
    assert disciplinary.loc[2026, "direction"] == "worse"  # 1.00 -> 4.00, further from 1
    # by hand: SE of ln RR each year from the counts, z = |ln 4 - ln 1| / sqrt(se25² + se26²), two-sided p
    se25 = math.sqrt(1 / 10 - 1 / 1000 + 1 / 10 - 1 / 1000)
    se26 = math.sqrt(1 / 40 - 1 / 1000 + 1 / 10 - 1 / 1000)
    z = math.log(4) / math.hypot(se25, se26)
    assert disciplinary.loc[2026, "change_p"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-6)
    assert disciplinary.loc[2026, "change_p"] < 0.05

    share = headline_trend(results, "1")  # BME share of the workforce: descriptive, no verdict
    assert set(share["direction"]) == {""}
    assert share.loc[2026, "value"] == pytest.approx(50.0)


def test_benchmark_ranks_organisations(tmp_path):
    spec = people(2026, "RA1 Near Trust", bme=(10, 380)) + people(2026, "RB2 Far Trust", bme=(10, 200))
    path = write(tmp_path / "workforce.csv", expand(spec, counts=True))
    results = api.compute(path, by_org=True, trend=True)
    bench = results.benchmark
    training = bench.loc[bench["indicator"] == "4"].set_index("org")
    assert training.loc["RA1 Near Trust", "rank"] == 1  # 1.05 is closer to 1.00 than 2.00
    assert training.loc["RB2 Far Trust", "rank"] == 2
    assert list(training.loc[["RA1 Near Trust", "RB2 Far Trust"], "quartile"]) == [1, 3]
    assert training.loc["RB2 Far Trust", "value"] == pytest.approx(2.0)
    assert pd.isna(training.loc["All", "rank"])  # the reference is not ranked


def test_compute_trend_in_csv_and_json(run, three_years):
    csv = run("compute", three_years, "--trend", "--method", "1y", "--format", "csv").stdout
    header = csv.splitlines()[0].split(",")
    assert {"year", "change", "change_p", "direction"} <= set(header)
    assert any(line.endswith(",worse") for line in csv.splitlines())
    payload = json.loads(run("compute", three_years, "--trend", "--format", "json").stdout)
    assert {r["year"] for r in payload["trend"]} == {2024, 2025, 2026}
    assert "benchmark" not in payload


def test_a_band_new_this_year_stays_with_its_table(tmp_path):
    """Rows follow the reporting year's order, so a band first seen this year is not appended at the end."""
    spec = [
        {
            "Year": year,
            "Staff Group": "Administrative and Clerical",
            "Pay Band": band,
            "Ethnicity": eth,
            "n": 5,
        }
        for year, bands in ((2025, ("Band 5", "Band 6")), (2026, ("Band 5", "Band 6", "Band 9")))
        for band in bands
        for eth in ("A", "N")
    ]
    trend = api.compute(write(tmp_path / "wf.csv", expand(spec)), trend=True).trend
    rows = trend.loc[(trend["indicator"] == "1") & (trend["group"] == "BME")]
    sequence = list(dict.fromkeys(rows["breakdown"]))
    assert sequence.index("Band 9") == sequence.index("Band 6") + 1


def test_what_is_tracked_comes_from_kind_and_better_not_from_ids(three_years):
    """WRES 4 under other ids in a framework of its own: declared a likelihood it is judged as one; with no
    kind its headline is followed without a verdict."""
    from dataclasses import replace

    from wres_cli.indicators.registry import Registry, load_registry

    (training,) = [i for i in load_registry(entry_points=False).indicators if i.key == "nhs-wres:4"]
    judged = replace(training, framework="local", id="T1")
    plain = replace(training, framework="local", id="T2", kind="", better="")
    results = api.compute(three_years, framework="local", registry=Registry([judged, plain]), trend=True)
    ratio = headline_trend(results, "T1")
    assert ratio.loc[2025, "direction"] == "better" and set(ratio["better"]) == {"towards 1.00"}
    rates = results.trend.loc[(results.trend["indicator"] == "T1") & ~results.trend["key"]]
    assert set(rates["group"]) == {"White", "BME"}  # the two groups the ratio compares, not Unknown
    untyped = results.trend.loc[results.trend["indicator"] == "T2"]
    assert set(untyped["measure"]) == {"relative_likelihood"}  # its headline only
    assert set(untyped["direction"]) == {""} and set(untyped["better"]) == {""}


def test_survey_kind_follows_the_groups_its_gap_names():
    """A WDES survey metric declared kind "survey": the first group of "Disabled − Non-disabled" is judged."""
    from dataclasses import replace

    from conftest import SAMPLE
    from wres_cli.results.trends import tracked

    wdes = SAMPLE / "wdes"
    results = api.compute(wdes / "workforce.csv", survey=wdes / "survey.csv", framework="wdes")
    declared = tuple(replace(i, kind="survey", better="lower") if i.id == "5" else i for i in results.indicators)
    rows = tracked(results.rows, declared)
    metric = rows.loc[(rows["indicator"] == "5") & (rows["org"] == "All")]
    judged = metric.loc[metric["better"] != ""]
    assert set(judged["group"]) == {"Disabled"} and set(judged["better"]) == {"lower"}
    assert set(metric["group"]) == {"Disabled", "Non-disabled", "Disabled − Non-disabled"}
    assert list(metric.loc[metric["key"], "group"]) == ["Disabled"]


# --- like with like: pooled two-year figures, method changes, zero rates -------------------------------------


@pytest.fixture
def four_years(tmp_path):
    """Disciplinary per year (White, BME of 1,000 each): 2023 10/10, 2024 10/20, 2025 10/30, 2026 10/60."""
    spec = []
    for year, bme in ((2023, 10), (2024, 20), (2025, 30), (2026, 60)):
        spec += people(year, white=(10, 400), bme=(bme, 400))
    return write(tmp_path / "workforce.csv", expand(spec, counts=True))


def test_pooled_two_year_figures_are_compared_only_with_periods_they_do_not_share(four_years):
    """Indicator 3 pools each year with the one before: 2024 (2023+2024) follows a single-year 2023, 2025
    (2024+2025) shares 2024 with 2024's figure, 2026 (2025+2026) is compared with 2024 (2023+2024)."""
    from wres_cli.results.trends import METHOD_CHANGED, OVERLAP

    trend = headline_trend(api.compute(four_years, trend=True), "3")
    assert list(trend["note"].str.extract(r"^([a-z -]+)")[0].str.strip()) == [
        "single year", "two-year rolling average", "two-year rolling average", "two-year rolling average",
    ]  # fmt: skip
    assert list(trend["direction"]) == ["", METHOD_CHANGED, OVERLAP, "worse"]
    assert trend[["change", "change_p"]].loc[[2024, 2025]].isna().all().all()
    # 2026 (BME 90 of 2,000, White 20 of 2,000) against 2024 (BME 30, White 20, of 2,000 each)
    assert trend.loc[2024, "value"] == pytest.approx(30 / 20) and trend.loc[2026, "value"] == pytest.approx(90 / 20)
    assert trend.loc[2026, "change"] == pytest.approx(90 / 20 - 30 / 20)
    se26 = math.sqrt(1 / 90 - 1 / 2000 + 1 / 20 - 1 / 2000)
    se24 = math.sqrt(1 / 30 - 1 / 2000 + 1 / 20 - 1 / 2000)
    z = math.log(90 / 30) / math.hypot(se26, se24)
    assert trend.loc[2026, "change_p"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)


def test_single_year_figures_are_compared_year_on_year(four_years):
    trend = headline_trend(api.compute(four_years, trend=True, indicator_3_method="1y"), "3")
    assert list(trend["direction"]) == ["", "no significant change", "no significant change", "no significant change"]
    assert trend.loc[2025, "change"] == pytest.approx(3.0 - 2.0)  # single years, each against the one before


def test_a_rate_of_zero_is_labelled_not_tested_and_never_prints_inf(tmp_path, run):
    from wres_cli.results.trends import ZERO_RATE

    spec = people(2025, white=(0, 400), bme=(10, 400)) + people(2026, white=(10, 400), bme=(10, 400))
    path = write(tmp_path / "workforce.csv", expand(spec, counts=True))
    trend = headline_trend(api.compute(path, trend=True, indicator_3_method="1y"), "3")
    assert math.isinf(trend.loc[2025, "value"])  # at least ... as likely: no upper limit
    assert trend.loc[2026, "direction"] == ZERO_RATE and pd.isna(trend.loc[2026, "change"])
    csv = run("compute", path, "--trend", "--method", "1y", "--format", "csv").stdout
    assert ZERO_RATE in csv and not re.search(r"\b(inf|nan)\b", csv)


def test_percentages_change_by_the_score_test_and_every_label_is_in_the_vocabulary(four_years):
    from wres_cli.results.trends import VERDICTS
    from wres_cli.statistics.inference import score_p_value

    trend = api.compute(four_years, trend=True, indicator_3_method="1y").trend
    bme = trend.loc[(trend["indicator"] == "3") & (trend["group"] == "BME") & (trend["org"] == "All")]
    bme = bme.set_index("year")
    assert bme.loc[2026, "change_p"] == pytest.approx(score_p_value(60, 1000, 30, 1000), rel=1e-12)
    assert set(trend["direction"]) <= {"", *VERDICTS}

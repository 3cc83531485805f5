"""Social Care WRES, WDES and --characteristic against hand-worked numbers: orientation, Unknown, zeros."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import SAMPLE, expand, write
from wres_cli import api
from wres_cli.core.config import Config

WHITE, BME, UNKNOWN = "A White - British", "N Black or Black British - African", "Z Not Stated"


def head(results, indicator, measure=None):
    """The headline row of one indicator (all organisations)."""
    rows = results.indicator(indicator)
    rows = rows.loc[rows["headline"].astype(bool) & (rows["org"] == "All")]
    if measure:
        rows = rows.loc[rows["measure"] == measure]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def share(results, indicator, group, **match):
    rows = results.indicator(indicator)
    rows = rows.loc[(rows["group"] == group) & (rows["measure"] == "percent") & (rows["org"] == "All")]
    for key, value in match.items():
        rows = rows.loc[rows[key] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def answers(spec: list[tuple[dict, int, dict[str, int]]]) -> pd.DataFrame:
    """Survey rows: (fixed columns, respondents, {question: how many answered yes}); the rest answer no."""
    out = []
    for fixed, n, yes in spec:
        for i in range(n):
            out.append({**fixed, **{q: ("1-2" if i < k else "Never") for q, k in yes.items()}})
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------------------ sc-wres


@pytest.fixture
def council(tmp_path):
    """White 100 (80 at Grade 5, 20 at Grade 14), BME 50 (45 / 5), Unknown 10; see each test for events."""
    flags = ("Disciplinary", "Non-mandatory CPD", "Leaver", "Regulated", "Fitness to Practise")
    spec = [
        (WHITE, "Grade 5", 80, (2, 32, 8, 20, 1)),
        (WHITE, "Grade 14", 20, (0, 8, 2, 0, 0)),
        (BME, "Grade 5", 45, (3, 15, 8, 10, 2)),
        (BME, "Grade 14", 5, (0, 0, 0, 0, 0)),
        (UNKNOWN, "Grade 5", 10, (5, 0, 5, 5, 5)),  # Unknown: shown, never in a ratio
    ]
    workforce = expand(
        [{"Ethnicity": e, "Pay Grade": g, "n": n, **dict(zip(flags, k, strict=True))} for e, g, n, k in spec]
    )
    recruitment = expand(
        [
            {"Ethnicity": WHITE, "n": 100, "Appointed": 20},
            {"Ethnicity": BME, "n": 50, "Appointed": 5},
            {"Ethnicity": UNKNOWN, "n": 10, "Appointed": 10},
        ]
    )
    survey = answers(
        [
            ({"Ethnicity": WHITE}, 100, {"Q14a": 30, "Q14c": 10, "Q14b": 5}),
            ({"Ethnicity": BME}, 50, {"Q14a": 20, "Q14c": 10, "Q14b": 0}),
            ({"Ethnicity": UNKNOWN}, 10, {"Q14a": 10, "Q14c": 10, "Q14b": 10}),
        ]
    )
    return {
        "workforce": write(tmp_path / "workforce.csv", workforce),
        "recruitment": write(tmp_path / "recruitment.csv", recruitment),
        "survey": write(tmp_path / "survey.csv", survey),
    }


@pytest.fixture
def sc(council):
    config = Config(senior_grade="Grade 14", local_population_bme=25.0)
    return api.compute(**council, config=config, framework="sc-wres")


def test_sc_wres_ratios_are_minority_ethnic_over_white(sc):
    assert head(sc, "2")["group"] == "BME ÷ White"
    assert head(sc, "2")["value"] == pytest.approx((5 / 50) / (20 / 100))  # 0.5: half as likely
    assert head(sc, "3")["value"] == pytest.approx((3 / 50) / (2 / 100))  # 3.0
    assert head(sc, "5")["value"] == pytest.approx((15 / 50) / (40 / 100))  # 0.75
    assert head(sc, "8")["value"] == pytest.approx((8 / 50) / (10 / 100))  # 1.6
    for indicator in ("2", "3", "4", "5", "8"):
        entry = sc.headline(indicator)
        assert entry["orientation"] == "minority ethnic ÷ White"


def test_sc_wres_4_counts_regulated_professionals_only(sc):
    assert head(sc, "4")["value"] == pytest.approx((2 / 10) / (1 / 20))  # 4.0, not (2/50) / (1/100)
    assert share(sc, "4", "BME")["denominator"] == 10
    assert share(sc, "4", "Unknown")["numerator"] == 5  # shown, not in the ratio


def test_sc_wres_1_shares_by_grade_and_overall(sc):
    assert share(sc, "1", "BME", breakdown="Grade 5")["value"] == pytest.approx(100 * 45 / 135)
    assert share(sc, "1", "BME", breakdown="Grade 14")["value"] == pytest.approx(20.0)
    assert share(sc, "1", "Unknown", breakdown="Total")["value"] == pytest.approx(100 * 10 / 160)
    assert head(sc, "1")["value"] == pytest.approx(100 * 50 / 160)  # 31.25%


def test_sc_wres_9_senior_minus_workforce_and_local_population(sc):
    assert head(sc, "9")["value"] == pytest.approx(20.0 - 31.25)
    rows = sc.indicator("9")
    local = rows.loc[rows["section"] == "Senior management − local population"].iloc[0]
    assert local["value"] == pytest.approx(20.0 - 25.0)
    assert head(sc, "9")["measure"] == "difference_pp"


def test_sc_wres_9_needs_a_senior_threshold(council):
    results = api.compute(**council, framework="sc-wres")
    assert results.headline("9")["status"] == "not_computed"
    assert "senior_grade" in results.headline("9")["reason"]


def test_sc_wres_survey_metrics_are_ratios_of_percentages(sc):
    assert head(sc, "6")["measure"] == "ratio_of_percents"
    assert head(sc, "6")["value"] == pytest.approx(40.0 / 30.0)
    assert head(sc, "7a")["value"] == pytest.approx(20.0 / 10.0)  # colleagues (Q14c)
    zero = head(sc, "7b")  # managers: no minority ethnic respondent said yes: a ratio of 0, "at most" its limit
    assert zero["status"] == "computed" and zero["value"] == 0 and zero["ci_low"] == 0 < zero["ci_high"]
    assert "the rate for BME is 0%" in zero["note"] and not pd.isna(zero["p_value"])


def test_sc_wres_survey_ratio_needs_no_haldane(council):
    """7b with --zero-cells haldane: the option is accepted, but the zero percentage already has its one-sided
    score interval and p-value, so no figure changes; a warning says so."""
    config = Config(senior_grade="Grade 14", local_population_bme=25.0, zero_cells="haldane")
    asked = api.compute(**council, config=config, framework="sc-wres")
    plain = api.compute(**council, config=Config(senior_grade="Grade 14", local_population_bme=25.0),
                        framework="sc-wres")  # fmt: skip
    pd.testing.assert_series_equal(head(asked, "7b"), head(plain, "7b"))
    assert "Haldane" not in head(asked, "7b")["note"]
    assert any("'haldane' no longer changes any figure" in w for w in asked.warnings)


def test_sc_wres_is_the_reciprocal_of_nhs_wres_2_and_4(council):
    sc = api.compute(**council, framework="sc-wres")
    nhs = api.compute(council["workforce"], recruitment=council["recruitment"])
    assert head(sc, "2")["value"] == pytest.approx(1 / head(nhs, "2")["value"])
    assert head(sc, "5")["value"] == pytest.approx(1 / head(nhs, "4")["value"])
    assert head(sc, "2")["ci_low"] == pytest.approx(1 / head(nhs, "2")["ci_high"])


# --------------------------------------------------------------------------------------------- wdes


@pytest.fixture
def trust(tmp_path):
    """2026: Disabled 40 (2 capability), Non-disabled 400 (4), Unknown 60 (3); 2025: 30 (1), 380 (6)."""
    workforce = expand(
        [
            {"Year": 2025, "Disability": "Yes", "Pay Band": "Band 3", "n": 30, "Capability": 1},
            {"Year": 2025, "Disability": "No", "Pay Band": "Band 6", "n": 380, "Capability": 6},
            {"Year": 2026, "Disability": "Yes", "Pay Band": "Band 3", "n": 40, "Capability": 2},
            {"Year": 2026, "Disability": "No", "Pay Band": "Band 6", "n": 300, "Capability": 4},
            {"Year": 2026, "Disability": "No", "Pay Band": "Band 8c", "n": 100, "Capability": 0},
            {"Year": 2026, "Disability": "Not Declared", "Pay Band": "Band 3", "n": 60, "Capability": 3},
        ]
    )
    recruitment = expand(
        [
            {"Year": 2026, "Disability": "No", "n": 200, "Appointed": 50},
            {"Year": 2026, "Disability": "Yes", "n": 40, "Appointed": 5},
            {"Year": 2026, "Disability": "Prefer not to say", "n": 10, "Appointed": 10},
        ]
    )
    board = pd.DataFrame(
        {
            "Year": 2026,
            "Disability": ["Yes"] + ["No"] * 8 + ["Prefer not to say"],
            "Voting": ["Y"] * 10,
            "Executive": ["Y"] * 5 + ["N"] * 5,
        }
    )
    survey = answers([({"Disability": "Yes"}, 20, {"Q14a": 8}), ({"Disability": "No"}, 80, {"Q14a": 16})])
    survey["Q31b"] = ["Yes"] * 10 + ["No"] * 5 + ["No adjustment required"] * 5 + [None] * 80
    survey["Engagement"] = [6.0] * 10 + [8.0] * 10 + [7.5] * 80
    return {
        "workforce": write(tmp_path / "workforce.csv", workforce),
        "recruitment": write(tmp_path / "recruitment.csv", recruitment),
        "board": write(tmp_path / "board.csv", board),
        "survey": write(tmp_path / "survey.csv", survey),
    }


@pytest.fixture
def wdes(trust):
    return api.compute(**trust, framework="wdes")


def test_wdes_2_is_non_disabled_over_disabled(wdes):
    row = head(wdes, "2")
    assert row["group"] == "Non-disabled ÷ Disabled"
    assert row["value"] == pytest.approx((50 / 200) / (5 / 40))  # 2.0
    assert wdes.headline("2")["orientation"] == "Non-disabled ÷ Disabled"
    assert share(wdes, "2", "Unknown")["denominator"] == 10  # shown, not in the ratio


def test_wdes_3_disabled_over_non_disabled_two_year_pooled(wdes):
    row = head(wdes, "3")
    assert row["group"] == "Disabled ÷ Non-disabled"
    assert row["value"] == pytest.approx((3 / 70) / (10 / 780))  # 3.342857
    assert "2025 and 2026 pooled" in row["note"]


def test_wdes_3_single_year_and_mean_of_ratios(trust):
    single = api.compute(**trust, framework="wdes", indicator_3_method="1y")
    assert head(single, "3")["value"] == pytest.approx((2 / 40) / (4 / 400))  # 5.0
    mean = api.compute(**trust, framework="wdes", indicator_3_method="mean-of-ratios")
    assert head(mean, "3")["value"] == pytest.approx((5.0 + (1 / 30) / (6 / 380)) / 2)  # 3.5556
    assert pd.isna(head(mean, "3")["ci_low"])


def test_wdes_3_without_the_previous_year_falls_back_with_a_warning(trust, tmp_path):
    frame = pd.read_csv(trust["workforce"])
    only = write(tmp_path / "only.csv", frame.loc[frame["Year"] == 2026])
    results = api.compute(only, framework="wdes")
    assert head(results, "3")["value"] == pytest.approx(5.0)
    assert any("no 2025 data" in w for w in results.warnings)


def test_wdes_3_zero_capability_is_a_ratio_of_0_not_not_calculable(trust, tmp_path):
    frame = pd.read_csv(trust["workforce"])
    frame.loc[frame["Disability"] == "Yes", "Capability"] = "N"
    results = api.compute(write(tmp_path / "zero.csv", frame), framework="wdes")
    row = head(results, "3")
    assert row["status"] == "computed" and row["value"] == 0 and row["ci_low"] == 0 < row["ci_high"]
    assert "is 0%" in row["note"]


def test_wdes_1_clusters_with_unknown_in_every_denominator(wdes):
    cluster1 = "Cluster 1 (Bands 1-4)"
    assert share(wdes, "1", "Disabled", breakdown=cluster1)["value"] == pytest.approx(40.0)  # 40 of 100
    assert share(wdes, "1", "Unknown", breakdown=cluster1)["value"] == pytest.approx(60.0)
    assert share(wdes, "1", "Non-disabled", breakdown="Cluster 4 (Bands 8c-9 and VSM)")["value"] == 100.0
    assert head(wdes, "1")["value"] == pytest.approx(100 * 40 / 500)  # 8%


def test_wdes_10_board_minus_workforce(wdes):
    assert head(wdes, "10")["value"] == pytest.approx(10.0 - 8.0)  # voting: 1 of 10
    rows = wdes.indicator("10")
    executive = rows.loc[
        (rows["section"] == "Executive board members") & (rows["measure"] == "difference_pp")
    ]
    assert executive.iloc[0]["value"] == pytest.approx(20.0 - 8.0)  # 1 of 5


def test_wdes_survey_metrics(wdes):
    gap = head(wdes, "4a(i)")
    assert gap["group"] == "Disabled − Non-disabled"
    assert gap["value"] == pytest.approx(40.0 - 20.0)
    assert head(wdes, "8")["value"] == pytest.approx(100 * 10 / 15)  # 'No adjustment required' not counted
    assert head(wdes, "8")["group"] == "Disabled"
    assert head(wdes, "9a")["value"] == pytest.approx(7.0 - 7.5)
    assert wdes.headline("4a(ii)")["status"] == "not_computed"  # no Q14b column: says so, no crash
    assert wdes.headline("9b")["measure"] == "narrative"
    assert "narrative" in wdes.headline("9b")["reading"].lower()


# ----------------------------------------------------------------------------------- characteristic


def test_characteristic_ratios_against_the_configured_reference(tmp_path, run):
    workforce = expand(
        [
            {"Ethnicity": WHITE, "Age band": "16-34", "n": 100, "Disciplinary": 4},
            {"Ethnicity": WHITE, "Age band": "35-54", "n": 200, "Disciplinary": 4},
            {"Ethnicity": WHITE, "Age band": "55+", "n": 50, "Disciplinary": 0},
            {"Ethnicity": WHITE, "Age band": "", "n": 10, "Disciplinary": 10},
        ]
    )
    path = write(tmp_path / "w.csv", workforce)
    config = tmp_path / "wres.yaml"
    config.write_text("characteristics:\n  Age band:\n    reference: 35-54\n")
    result = run("compute", path, "--characteristic", "Age band", "-c", config, "-f", "csv")
    from io import StringIO

    rows = pd.read_csv(StringIO(result.stdout), dtype={"indicator": str})
    ratios = rows.loc[(rows["indicator"] == "3") & (rows["measure"] == "relative_likelihood")]
    by_group = ratios.set_index("group")
    assert by_group.loc["16-34 ÷ 35-54", "value"] == pytest.approx(2.0)
    assert by_group.loc["55+ ÷ 35-54", "status"] == "computed"  # 0 of 50: a ratio of 0, "at most" its limit
    assert by_group.loc["55+ ÷ 35-54", "value"] == 0
    assert (rows["framework"] == "characteristic").all()
    unknown = rows.loc[(rows["indicator"] == "3") & (rows["group"] == "Unknown")].iloc[0]
    assert unknown["numerator"] == 10  # blank values are Unknown: counted, shown, never compared


# -------------------------------------------------------------------------------------- command line


def test_list_shows_every_framework(run):
    out = run("list").stdout
    for framework in ("nhs-wres", "sc-wres", "wdes", "characteristic"):
        assert framework in out
    assert "minority ethnic ÷ White" in out and "Disabled ÷ Non-disabled" in out


@pytest.mark.parametrize(
    ("framework", "args"),
    [
        ("wdes", ["--recruitment", "wdes/recruitment.csv", "--board", "wdes/board.csv", "--survey",
                  "wdes/survey.csv"]),
        ("sc-wres", ["-c", "sc-wres/wres.yaml", "--recruitment", "sc-wres/recruitment.csv", "--survey",
                     "sc-wres/survey.csv"]),
    ],
)  # fmt: skip
def test_sample_data_computes_every_metric(run, framework, args):
    paths = [SAMPLE / a if a.endswith((".csv", ".yaml")) else a for a in args]
    result = run("compute", SAMPLE / framework / "workforce.csv", "--framework", framework, *paths,
                 "-f", "json", "--strict")  # fmt: skip
    assert '"status": "not_computed"' not in result.stdout

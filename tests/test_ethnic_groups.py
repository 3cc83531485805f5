"""--groups detailed: the census group behind each ethnicity value, each minority group against White with its
own interval and p-value and Holm's adjustment over the groups, the shares of indicators 1 and 9 by group, and
the broad figures unchanged. Hand-worked numbers, cross-checked with statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from conftest import SAMPLE, expand, write
from wres_cli import api
from wres_cli.core.errors import ConfigError
from wres_cli.inputs.ethnicity import census_group, ethnic_group
from wres_cli.statistics.inference import ratio_inference
from wres_cli.statistics.multiple import holm

# ------------------------------------------------------------------------------------------ the mapping


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("A", "White"),
        ("CP White Polish", "White"),
        ("D", "Mixed"),
        ("GC Mixed - Black and White", "Mixed"),
        ("H Asian or Asian British - Indian", "Asian"),
        ("LK", "Asian"),
        ("N Black or Black British - African", "Black"),
        ("PC", "Black"),
        ("R Chinese", "Other"),  # NHS Data Dictionary: Other ethnic groups - Chinese
        ("S Any other ethnic group", "Other"),
        ("Z", "Unknown"),
        ("99 Not known", "Unknown"),
        ("T", "White"),  # Gypsy or Irish Traveller: White in the census
        ("Asian or Asian British: Chinese", "Asian"),  # 2021 census label
        ("Chinese", "Asian"),
        ("Other ethnic group: Arab", "Other"),
        ("Black, Black British, Caribbean or African: Caribbean", "Black"),
        ("Mixed or Multiple ethnic groups: White and Asian", "Mixed"),
        ("White: English, Welsh, Scottish, Northern Irish or British", "White"),
        ("BAME", "BME (group not given)"),
        ("Prefer not to say", "Unknown"),
        (None, "Unknown"),
    ],
)
def test_each_value_keeps_its_census_group(raw, group):
    values = pd.Series([raw], dtype=object)
    broad = ethnic_group(values).values
    assert list(census_group(values, broad)) == [group]


def test_the_broad_group_wins_and_the_configuration_overrides():
    values = pd.Series(["X9", "X9", "H", "Gypsy"], dtype=object)
    broad = ethnic_group(values, {"X9": "BME"}).values
    assert list(census_group(values, broad)) == ["BME (group not given)"] * 2 + ["Asian", "White"]
    assert list(census_group(values, broad, {"X9": "Black"}))[:2] == ["Black", "Black"]
    travellers = ethnic_group(values, {"X9": "BME"}, gypsy_traveller="BME").values
    assert list(census_group(values, travellers, gypsy_traveller="BME"))[3] == "Other"


# ------------------------------------------------------------------------------------------ Holm


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=8))
def test_holm_agrees_with_statsmodels(p_values):
    expected = multipletests(p_values, method="holm")[1]
    assert holm(p_values) == pytest.approx(expected, abs=1e-12)


def test_holm_leaves_missing_p_values_out_of_the_family():
    assert holm([0.01, np.nan, 0.04]) == pytest.approx([0.02, np.nan, 0.04], nan_ok=True)


# ------------------------------------------------------------------------------------------ indicators

# Indicator 3 (one year): White 10 of 200, Asian 6 of 60, Black 2 of 40, Mixed 0 of 10; Unknown 1 of 20.
STAFF = [
    {"Ethnicity": "A", "n": 200, "Disciplinary": 10},
    {"Ethnicity": "H", "n": 60, "Disciplinary": 6},
    {"Ethnicity": "N", "n": 40, "Disciplinary": 2},
    {"Ethnicity": "D", "n": 10, "Disciplinary": 0},
    {"Ethnicity": "Z", "n": 20, "Disciplinary": 1},
]


@pytest.fixture
def staff(tmp_path):
    return write(tmp_path / "staff.csv", expand(STAFF, counts=True))


def test_each_group_against_white_by_hand(staff):
    rows = api.compute(staff, indicator_3_method="1y", groups="detailed").indicator("3")
    ratio = rows.loc[rows["measure"] == "relative_likelihood"].set_index("group")
    assert ratio.loc["BME ÷ White", "value"] == pytest.approx((8 / 110) / (10 / 200))  # the standard, unchanged
    assert ratio.loc["Asian ÷ White", "value"] == pytest.approx((6 / 60) / (10 / 200))  # 2.00
    assert ratio.loc["Black ÷ White", "value"] == pytest.approx((2 / 40) / (10 / 200))  # 1.00
    assert ratio.loc["Mixed ÷ White", "value"] == 0  # a zero rate: a one-sided figure, not "not calculable"
    for group, (a, n) in {"Asian": (6, 60), "Black": (2, 40)}.items():
        own = ratio_inference(a, n, 10, 200)
        row = ratio.loc[f"{group} ÷ White"]
        assert (row["ci_low"], row["ci_high"], row["p_value"]) == pytest.approx((own.ci_low, own.ci_high, own.p_value))
    rates = rows.loc[rows["measure"] == "percent"].set_index("group")
    assert rates.loc["Asian", ["numerator", "denominator"]].tolist() == [6, 60]
    assert "Unknown" in rates.index and "Other" not in rates.index  # nobody is Other: no row
    # Holm over the three comparisons with White, as statsmodels computes it
    compared = ratio.loc[["Asian ÷ White", "Black ÷ White", "Mixed ÷ White"]]
    adjusted = multipletests(compared["p_value"].astype(float), method="holm")[1]
    for note, p in zip(compared["note"], adjusted, strict=True):
        assert "over 3 comparisons with White" in note
        shown = "< 0.001" if p < 0.001 else f"= {p:.2f}" if p >= 0.1 else f"= {p:.2g}"
        assert f"Holm-adjusted p {shown}" in note
    assert not rows.loc[rows["group"].str.contains("Asian|Black|Mixed"), "headline"].any()


def test_shares_by_group_sum_to_the_bme_share(staff):
    rows = api.compute(staff, groups="detailed").indicator("1")
    overall = rows.loc[(rows["section"] == "Overall workforce") & (rows["measure"] == "percent")]
    counts = dict(zip(overall["group"], overall["numerator"], strict=True))
    assert {g: counts[g] for g in ("White", "BME", "Asian", "Black", "Mixed", "Unknown")} == {
        "White": 200, "BME": 110, "Asian": 60, "Black": 40, "Mixed": 10, "Unknown": 20
    }  # fmt: skip
    assert set(overall["denominator"]) == {330}


def test_the_standard_figures_are_the_same_with_or_without_detailed_groups():
    files = {
        "recruitment": SAMPLE / "recruitment.csv",
        "board": SAMPLE / "board.csv",
        "survey": SAMPLE / "survey.csv",
    }
    broad = api.compute(SAMPLE / "workforce.csv", **files)
    detailed = api.compute(SAMPLE / "workforce.csv", **files, groups="detailed")
    same = detailed.rows.iloc[: len(broad.rows)].reset_index(drop=True)
    pd.testing.assert_frame_equal(same, broad.rows.reset_index(drop=True))
    assert detailed.summary == broad.summary
    extra = detailed.rows.iloc[len(broad.rows) :]
    assert set(extra["group"]) >= {"Asian", "Black", "Mixed", "Other", "White ÷ Asian", "Black − White"}
    assert any("Holm" in n for n in detailed.notes) or any("ethnic groups" in n for n in detailed.notes)


def test_detailed_groups_are_suppressed_with_the_broad_ones(staff):
    """Under --suppress the detailed counts are cells like any other: small ones are '<10', BME stays the sum of
    its groups, and an adjusted p-value whose family has a withheld comparison is withheld too."""
    plain = api.compute(staff, groups="detailed").rows
    shown = api.compute(staff, groups="detailed", suppress=10).rows
    detailed = shown["group"].isin(["Asian", "Black", "Mixed", "Other"]) & (shown["measure"] == "percent")
    counts = shown.loc[detailed, "numerator"]
    assert not counts.map(lambda v: not isinstance(v, str) and 0 < v < 10).any()
    small = plain.loc[detailed, "numerator"].between(1, 9)
    assert small.any() and (counts[small] == "<10").all()
    withheld = shown["note"].fillna("").str.contains("Holm-adjusted p withheld")
    compared = shown["p_value"].astype(str) == "*"
    if compared.any():
        assert withheld.any()
    assert not shown.loc[withheld, "note"].str.contains(r"Holm-adjusted p [=<]", regex=True).any()
    assert not shown["note"].fillna("").str.startswith("; ").any()


def test_a_family_with_a_withheld_comparison_shows_no_adjusted_p():
    """Holm's adjustment needs every p-value of the family: shown as '*' for all of it when one is withheld,
    never recomputed over the p-values left (which would be a different, smaller family)."""
    from wres_cli.results.detailed import holm_shown

    rows = api.compute(
        SAMPLE / "workforce.csv", recruitment=SAMPLE / "recruitment.csv", groups="detailed", suppress=10
    ).rows
    compared = rows["group"].astype(str).str.contains("÷ White|White ÷", regex=True)
    compared &= rows["group"].astype(str).str.contains("Asian|Black|Mixed|Other", regex=True)
    part = rows.loc[compared]
    shown = holm_shown(part)
    for _, family in part.assign(holm=shown).groupby(["indicator", "org"]):
        if (family["p_value"].astype(str) == "*").any():
            assert (family["holm"] == "*").all()
        else:
            assert family["holm"].map(lambda v: isinstance(v, float)).all()
    assert (shown == "*").any() and any(isinstance(v, float) for v in shown)


def test_detailed_groups_are_refused_where_they_cannot_be_given():
    with pytest.raises(ConfigError, match="details ethnic groups"):
        api.compute(SAMPLE / "wdes" / "workforce.csv", framework="wdes", groups="detailed")
    with pytest.raises(ConfigError, match="ethnic_groups maps values to one of"):
        api.compute(staff, groups="detailed", ethnic_groups={"H": "Martian"})


def test_the_command_line_and_every_output_show_the_groups(run, staff, tmp_path):
    table = run("compute", staff, "--method", "1y", "--groups", "detailed").stdout
    assert "By ethnic group" in table and "Asian ÷ White" in table and "Holm p" in table
    csv = run("compute", staff, "--method", "1y", "--groups", "detailed", "--format", "csv").stdout
    assert "Asian ÷ White" in csv and "Holm-adjusted p" in csv
    report = tmp_path / "report.md"
    run("report", staff, "--method", "1y", "--groups", "detailed", "--no-charts", "-o", report)
    text = report.read_text()
    assert "By ethnic group" in text and "| Asian ÷ White |" in text


def test_each_group_has_a_reading_in_its_indicators_words(staff):
    """Asian 6 of 60 against White 10 of 200 entered the disciplinary process: (6/60)/(10/200) = 2.00."""
    from wres_cli.results.detailed import group_readings

    results = api.compute(staff, indicator_3_method="1y", groups="detailed")
    readings = group_readings(results.rows, results.indicators)
    asian = next(r for r in readings if r.startswith("Asian staff"))
    assert "more likely to enter the formal disciplinary process than White staff: 2.00× as likely" in asian
    assert "Holm-adjusted p" in asian and "BME" not in asian
    assert len(readings) == len([g for g in results.rows["group"] if str(g).endswith("÷ White") and "BME" not in g])

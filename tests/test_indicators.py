"""Every formula against hand-worked numbers: orientation, Unknown, zero counts, the two-year rule."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import expand, write
from wres_cli import api

WHITE, BME, UNKNOWN = "A White - British", "N Black or Black British - African", "Z Not Stated"


def ratio(results, indicator):
    rows = results.indicator(indicator)
    row = rows.loc[(rows["measure"] == "relative_likelihood") & rows["headline"]].iloc[0]
    return row


def group_row(results, indicator, group, **match):
    rows = results.indicator(indicator)
    rows = rows.loc[(rows["group"] == group) & (rows["measure"] == "percent")]
    for key, value in match.items():
        rows = rows.loc[rows[key] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.fixture
def workforce(tmp_path):
    """White 1000 (10 disciplinary in 2025, 1200 with 14 in 2026), BME 300/6 then 340/8, Unknown 50/5 (2026)."""
    spec = [
        {"Year": 2025, "Ethnic Origin": WHITE, "n": 1000, "Disciplinary": 10, "Non-mandatory training": 300},
        {"Year": 2025, "Ethnic Origin": BME, "n": 300, "Disciplinary": 6, "Non-mandatory training": 60},
        {"Year": 2026, "Ethnic Origin": WHITE, "n": 1200, "Disciplinary": 14, "Non-mandatory training": 480},
        {"Year": 2026, "Ethnic Origin": BME, "n": 340, "Disciplinary": 8, "Non-mandatory training": 85},
        {"Year": 2026, "Ethnic Origin": UNKNOWN, "n": 50, "Disciplinary": 5, "Non-mandatory training": 50},
    ]
    return write(tmp_path / "workforce.csv", expand(spec))


def test_indicator_3_pooled_two_year_matches_reference(workforce):
    # reference: White (10, 14) of (1000, 1200), BME (6, 8) of (300, 340): pooled 2.0052
    row = ratio(api.compute(workforce), "3")
    expected = ((6 + 8) / (300 + 340)) / ((10 + 14) / (1000 + 1200))
    assert row["value"] == pytest.approx(expected, rel=1e-12)
    assert round(row["value"], 4) == 2.0052
    assert row["group"] == "BME ÷ White"
    assert "two-year" in row["note"]


def test_indicator_3_mean_of_ratios_and_single_year(workforce):
    mean = ratio(api.compute(workforce, indicator_3_method="mean-of-ratios"), "3")
    assert round(mean["value"], 4) == 2.0084
    assert mean["value"] == pytest.approx(((6 / 300) / (10 / 1000) + (8 / 340) / (14 / 1200)) / 2)
    assert "mean of" in mean["note"]
    single = ratio(api.compute(workforce, indicator_3_method="1y"), "3")
    assert single["value"] == pytest.approx((8 / 340) / (14 / 1200))
    assert "single year" in single["note"]


def test_a_mean_of_ratios_with_a_zero_rate_year_is_not_calculable(tmp_path):
    """WDES metric 3 (the two-year builder): a year with no non-disabled case has a ratio with no upper limit,
    so the mean of the two yearly ratios has no finite value; pooled, that year is just part of the counts."""
    spec = [
        {"Year": 2025, "Disability": "No", "n": 1000, "Capability": 0},
        {"Year": 2025, "Disability": "Yes", "n": 300, "Capability": 6},
        {"Year": 2026, "Disability": "No", "n": 1200, "Capability": 14},
        {"Year": 2026, "Disability": "Yes", "n": 340, "Capability": 8},
    ]
    path = write(tmp_path / "workforce.csv", expand(spec, counts=True))
    mean = ratio(api.compute(path, framework="wdes", indicator_3_method="mean-of-ratios"), "3")
    assert mean["status"] == "not_calculable" and math.isnan(mean["value"])
    assert mean["reason"] == "a yearly ratio is not calculable: a rate of 0% gives it no finite value"
    pooled = ratio(api.compute(path, framework="wdes"), "3")
    assert pooled["value"] == pytest.approx((14 / 640) / (14 / 2200)) and pooled["status"] == "computed"


def test_indicator_3_falls_back_to_one_year_with_a_warning(tmp_path, workforce):
    frame = pd.read_csv(workforce)
    only = write(tmp_path / "one.csv", frame.loc[frame["Year"] == 2026])
    results = api.compute(only)
    assert ratio(results, "3")["value"] == pytest.approx((8 / 340) / (14 / 1200))
    assert any("no 2025 data" in w for w in results.warnings)


def test_indicator_4_orientation_white_over_bme_and_unknown_excluded(workforce):
    results = api.compute(workforce)
    row = ratio(results, "4")
    assert row["value"] == pytest.approx((480 / 1200) / (85 / 340))
    assert row["group"] == "White ÷ BME"
    unknown = group_row(results, "4", "Unknown")
    assert (unknown["numerator"], unknown["denominator"]) == (50, 50)  # counted and shown ...
    assert unknown["value"] == 100.0  # ... but not in the ratio above


def test_reporting_year_defaults_to_latest_and_can_be_chosen(workforce):
    assert api.compute(workforce).year == 2026
    earlier = api.compute(workforce, year=2025, indicator_3_method="1y")
    assert ratio(earlier, "4")["value"] == pytest.approx((300 / 1000) / (60 / 300))


def recruitment(tmp_path, white=(470, 1000), bme=(100, 682), unknown=(3, 40), counts=False):
    spec = [
        {"Ethnicity": "White - British", "n": white[1], "Appointed": white[0]},
        {"Ethnicity": "Asian or Asian British - Indian", "n": bme[1], "Appointed": bme[0]},
        {"Ethnicity": "Prefer not to say", "n": unknown[1], "Appointed": unknown[0]},
    ]
    return write(tmp_path / f"recruitment{'_agg' if counts else ''}.csv", expand(spec, counts=counts))


def test_indicator_2_white_over_bme_with_rates_beside(tmp_path, workforce):
    results = api.compute(workforce, recruitment=recruitment(tmp_path))
    row = ratio(results, "2")
    assert row["value"] == pytest.approx(0.47 / (100 / 682))
    assert group_row(results, "2", "BME")["value"] == pytest.approx(100 * 100 / 682)
    assert group_row(results, "2", "White")["value"] == pytest.approx(47.0)
    summary = results.headline("2")
    assert summary["reading"].startswith(
        "White applicants are more likely to be appointed from shortlisting than BME applicants: 3.21× as likely"
    )


def test_indicator_2_zero_rate_is_one_sided_never_inf(tmp_path, workforce):
    """No BME applicant appointed: White ÷ BME has no upper limit, "at least" its lower one; never inf."""
    results = api.compute(workforce, recruitment=recruitment(tmp_path, bme=(0, 50)))
    row = ratio(results, "2")
    assert row["status"] == "computed" and row["reason"] == ""
    assert math.isinf(row["value"]) and math.isinf(row["ci_high"]) and row["ci_low"] > 1
    assert row["significant"] and row["p_value"] < 0.05
    assert "the rate for BME shortlisted applicants is 0%" in row["note"]
    text = results.headline("2")["reading"]
    assert "at least" in text and "inf" not in text and "statistically significant" in text


def test_empty_group_is_not_calculable(tmp_path, workforce):
    results = api.compute(workforce, recruitment=recruitment(tmp_path, bme=(0, 0)))
    row = ratio(results, "2")
    assert row["status"] == "not_calculable" and "no BME" in row["reason"]


def test_aggregated_counts_equal_record_level(tmp_path, workforce):
    records = api.compute(workforce, recruitment=recruitment(tmp_path))
    aggregated = api.compute(workforce, recruitment=recruitment(tmp_path, counts=True))
    pd.testing.assert_frame_equal(
        records.indicator("2").reset_index(drop=True), aggregated.indicator("2").reset_index(drop=True)
    )


def test_missing_inputs_are_not_computed_with_the_option_named(workforce):
    results = api.compute(workforce)
    assert results.headline("2")["status"] == "not_computed"
    assert results.headline("2")["reason"] == "needs --recruitment"
    assert results.headline("9")["reason"] == "needs --board"
    assert results.headline("5")["reason"] == "needs --survey"


def band_workforce(tmp_path, counts=False):
    """A small trust: non-clinical and clinical bands in several spellings, doctors, a bank worker."""
    spec = [
        {"Ethnic Origin": WHITE, "Staff Group": "Administrative and Clerical", "Pay Band": "Band 3", "n": 30},
        {"Ethnic Origin": BME, "Staff Group": "Administrative and Clerical", "Pay Band": "3", "n": 10},
        {
            "Ethnic Origin": UNKNOWN,
            "Staff Group": "Administrative and Clerical",
            "Pay Band": "AfC Band 3",
            "n": 2,
        },
        {
            "Ethnic Origin": WHITE,
            "Staff Group": "Estates and Ancillary",
            "Pay Band": "Band 8 - Range A",
            "n": 4,
        },
        {"Ethnic Origin": BME, "Staff Group": "Administrative and Clerical", "Pay Band": "8A", "n": 1},
        {
            "Ethnic Origin": WHITE,
            "Staff Group": "Nursing and Midwifery Registered",
            "Pay Band": "Band 5",
            "n": 20,
        },
        {
            "Ethnic Origin": BME,
            "Staff Group": "Nursing and Midwifery Registered",
            "Pay Band": "Band 5",
            "n": 25,
        },
        {
            "Ethnic Origin": BME,
            "Staff Group": "Nursing and Midwifery Registered",
            "Pay Band": "Band 5",
            "n": 7,
            "Assignment Category": "Bank",
        },
        {"Ethnic Origin": WHITE, "Staff Group": "Medical and Dental", "Grade": "Consultant", "n": 6},
        {"Ethnic Origin": BME, "Staff Group": "Medical and Dental", "Grade": "Consultant", "n": 4},
        {"Ethnic Origin": BME, "Staff Group": "Medical and Dental", "Grade": "Medical Director", "n": 1},
        {"Ethnic Origin": WHITE, "Staff Group": "Medical and Dental", "Grade": "Specialty Registrar", "n": 3},
        {"Ethnic Origin": BME, "Staff Group": "Medical and Dental", "Grade": "Foundation Year 1", "n": 5},
    ]
    frame = expand(spec, counts=counts)
    frame["Assignment Category"] = frame["Assignment Category"].fillna("Permanent")
    return write(tmp_path / "bands.csv", frame)


def test_indicator_1_bands_sections_and_spellings(tmp_path):
    results = api.compute(band_workforce(tmp_path))
    band3 = group_row(results, "1", "BME", section="Non-clinical", breakdown="Band 3")
    assert (band3["numerator"], band3["denominator"]) == (10, 42)  # "Band 3", "3", "AfC Band 3" are one band
    assert band3["value"] == pytest.approx(100 * 10 / 42)
    band8a = group_row(results, "1", "White", section="Non-clinical", breakdown="Band 8a")
    assert (band8a["numerator"], band8a["denominator"]) == (4, 5)
    nursing = group_row(results, "1", "BME", section="Clinical non-medical", breakdown="Band 5")
    assert (nursing["numerator"], nursing["denominator"]) == (25, 45)  # bank-only staff excluded


def test_indicator_1_medical_subgroups_and_total_counts_each_doctor_once(tmp_path):
    results = api.compute(band_workforce(tmp_path))
    consultants = group_row(results, "1", "BME", section="Medical & dental", breakdown="Consultants")
    assert (consultants["numerator"], consultants["denominator"]) == (5, 11)
    senior = group_row(
        results, "1", "BME", section="Medical & dental", breakdown="of which senior medical managers"
    )
    assert (senior["numerator"], senior["denominator"]) == (1, 1)
    trainees = group_row(results, "1", "BME", section="Medical & dental", breakdown="Trainee grades")
    assert (trainees["numerator"], trainees["denominator"]) == (5, 8)
    total = group_row(results, "1", "BME", section="Medical & dental", breakdown="Total")
    assert (total["numerator"], total["denominator"]) == (10, 19)


def test_indicator_1_overall_workforce_is_the_headline(tmp_path):
    results = api.compute(band_workforce(tmp_path))
    head = results.headline("1")
    assert head["group"] == "BME" and head["section"] == "Overall workforce"
    assert head["numerator"] == 10 + 1 + 25 + 4 + 1 + 5  # bank excluded
    assert head["denominator"] == 118 - 7
    assert set(head["figures"]) == {"White", "BME", "Unknown"}


def test_indicator_1_aggregated_equals_record_level(tmp_path):
    a = api.compute(band_workforce(tmp_path)).indicator("1").reset_index(drop=True)
    b = api.compute(band_workforce(tmp_path, counts=True)).indicator("1").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def survey_file(tmp_path):
    """White: 10 respondents, BME: 8, Unknown: 2, with answers chosen by hand."""
    rows = []
    white = (
        [("Never", "Never", "1-2", "Yes", "No")] * 3
        + [("3-5", "Never", "Never", "No", "Yes")] * 2
        + [("Never", "Never", "Never", "Don't know", "No")] * 4
        + [("", "", "", "", "")]
    )
    bme = [("1-2", "6-10", "More than 10", "No", "Yes")] * 4 + [("Never", "Never", "Never", "Yes", "No")] * 4
    unknown = [("Never", "Never", "Never", "Yes", "No")] * 2
    for group, answers in (
        ("White", white),
        ("Black / African / Caribbean / Black British", bme),
        ("Prefer not to say", unknown),
    ):
        for q14a, q14b, q14c, q15, q16b in answers:
            rows.append(
                {"Ethnicity": group, "Q14a": q14a, "Q14b": q14b, "Q14c": q14c, "Q15": q15, "Q16b": q16b}
            )
    return write(tmp_path / "survey.csv", pd.DataFrame(rows))


def test_survey_indicators_percentages_and_gap(tmp_path, workforce):
    results = api.compute(workforce, survey=survey_file(tmp_path))
    # 5: at least once from the public: White 2 of 9 answering, BME 4 of 8
    assert group_row(results, "5", "White")[["numerator", "denominator"]].tolist() == [2, 9]
    assert group_row(results, "5", "BME")[["numerator", "denominator"]].tolist() == [4, 8]
    gap = results.headline("5")
    assert gap["measure"] == "difference_pp"
    assert gap["value"] == pytest.approx(100 * (4 / 8 - 2 / 9))
    # 6: Q14b or Q14c, a respondent counted once: White 3 (via Q14c) of 9, BME 4 of 8
    assert group_row(results, "6", "White")[["numerator", "denominator"]].tolist() == [3, 9]
    # 7: Yes of all answering, Don't know counted as answering: White 3 of 9
    assert group_row(results, "7", "White")[["numerator", "denominator"]].tolist() == [3, 9]
    assert group_row(results, "7", "BME")[["numerator", "denominator"]].tolist() == [4, 8]
    # 8: discrimination: White 2 of 9, BME 4 of 8
    assert group_row(results, "8", "BME")[["numerator", "denominator"]].tolist() == [4, 8]
    assert group_row(results, "8", "Unknown")[["numerator", "denominator"]].tolist() == [0, 2]


def test_aggregated_survey_gives_the_same_figures(tmp_path, workforce):
    records = api.compute(workforce, survey=survey_file(tmp_path))
    agg = []
    for indicator in "5678":
        for group in ("White", "BME"):
            row = group_row(records, indicator, group)
            agg.append(
                {
                    "indicator": indicator,
                    "group": group,
                    "n": int(row["denominator"]),
                    "yes": int(row["numerator"]),
                }
            )
    aggregated = api.compute(workforce, survey=write(tmp_path / "agg.csv", pd.DataFrame(agg)))
    for indicator in "5678":
        assert aggregated.headline(indicator)["value"] == pytest.approx(records.headline(indicator)["value"])


def test_indicator_9_board_minus_workforce_for_voting_and_executive(tmp_path, workforce):
    board = pd.DataFrame(
        {
            "Ethnicity": ["White - British"] * 8
            + ["Black or Black British - African"] * 2
            + ["Prefer not to say"],
            "Voting": ["Yes"] * 9 + ["No", "Yes"],
            "Executive": ["Yes"] * 4 + ["No"] * 4 + ["Yes", "No", "No"],
            "Year": 2026,
        }
    )
    results = api.compute(workforce, board=write(tmp_path / "board.csv", board))
    staff_bme = 100 * 340 / (1200 + 340 + 50)
    head = results.headline("9")
    assert head["section"] == "Voting board members"
    assert head["value"] == pytest.approx(100 * 1 / 10 - staff_bme)  # 1 BME of 10 voting (Unknown included)
    rows = results.indicator("9")
    executive = rows.loc[
        (rows["section"] == "Executive board members") & (rows["measure"] == "difference_pp")
    ]
    assert executive["value"].iloc[0] == pytest.approx(100 * 1 / 5 - staff_bme)
    assert "below" in head["reading"]


def test_by_org_gives_each_org_and_the_total(tmp_path):
    spec = [
        {"Organisation": org, "Ethnicity": eth, "n": n, "Appointed": k}
        for org, eth, n, k in (
            ("R1", "White", 100, 50),
            ("R1", "Indian", 100, 25),
            ("R2", "White", 50, 10),
            ("R2", "Indian", 50, 10),
        )
    ]
    wf = write(
        tmp_path / "wf.csv", expand([{"Organisation": o, "Ethnicity": "White", "n": 5} for o in ("R1", "R2")])
    )
    results = api.compute(wf, recruitment=write(tmp_path / "rec.csv", expand(spec)), by_org=True)
    rows = results.indicator("2")
    ratios = rows.loc[rows["measure"] == "relative_likelihood"].set_index("org")["value"]
    assert ratios["R1"] == pytest.approx(2.0)
    assert ratios["R2"] == pytest.approx(1.0)
    assert ratios["All"] == pytest.approx((60 / 150) / (35 / 150))


def test_sample_aggregated_survey_gives_the_record_level_figures():
    """Percentages published to 1 dp give the record-level figures to within that rounding."""
    from conftest import SAMPLE

    workforce = SAMPLE / "workforce.csv"
    records = api.compute(workforce, survey=SAMPLE / "survey.csv")
    published = api.compute(workforce, survey=SAMPLE / "survey_aggregated.csv")
    for key in ("5", "6", "7", "8"):
        ours = published.indicator(key).set_index(["group", "measure"])
        ours = ours.loc[ours.index.get_level_values("group") != "Unknown"]  # the file gives White and BME only
        theirs = records.indicator(key).set_index(["group", "measure"]).loc[ours.index]
        assert len(ours) == 3
        tolerance = theirs["denominator"].astype(float).max() * 0.05 / 100  # ±0.05 points of n; a gap ±0.1
        for column, within in (("numerator", tolerance), ("denominator", 0), ("value", 0.1), ("ci_low", 0.15)):
            assert ours[column].astype(float).to_numpy() == pytest.approx(
                theirs[column].astype(float).to_numpy(), abs=within, nan_ok=True
            ), (key, column)

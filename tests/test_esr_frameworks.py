"""WDES and Social Care WRES details on realistic exports: capability on grounds of performance only, doctors in
no WDES cluster shown apart from trainees, and the Social Care WRES as Skills for Care's 2024 report gives it
(metric 1 by salary band, metric 9 as a relative likelihood).

tests/data/esr/wdes-staff-in-post.csv: 120 staff at 31 March 2025 and 2026, of whom 20 Disabled, 90
Non-disabled, 10 Not Declared; every 6th a doctor (Consultant, Specialty Registrar, Clinical Fellow, Specialty
Doctor in turn). In 2026 staff 0, 1, 2 (Disabled) and 30, 31 (Non-disabled) entered capability on grounds of
performance, 4 (Disabled) and 33, 34 (Non-disabled) on grounds of ill health.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from wres_cli import api

ESR = ROOT / "tests" / "data" / "esr"
WDES = ESR / "wdes-staff-in-post.csv"


def rates(results, indicator="3"):
    rows = results.indicator(indicator)
    rows = rows.loc[(rows["measure"] == "percent") & (rows["org"] == "All")]
    return {
        g: (int(n), int(d)) for g, n, d in rows[["group", "numerator", "denominator"]].itertuples(index=False)
    }


def test_wdes_3_counts_capability_on_grounds_of_performance_not_ill_health():
    results = api.compute(WDES, framework="wdes", indicator_3_method="1y")
    assert rates(results)["Disabled"] == (3, 20) and rates(results)["Non-disabled"] == (2, 90)
    assert results.headline("3")["value"] == pytest.approx((3 / 20) / (2 / 90))
    assert any("ill health are not counted (performance only)" in n for n in results.notes)


def test_wdes_3_from_a_file_of_capability_cases_with_a_reason_column():
    results = api.compute(
        WDES, framework="wdes", capability=ESR / "capability-cases.csv", indicator_3_method="1y"
    )
    assert rates(results)["Disabled"] == (2, 20)  # CAP-1, CAP-2; CAP-3 is ill health
    assert rates(results)["Non-disabled"] == (1, 90)  # CAP-4; CAP-5 is sickness absence
    assert any(
        "on grounds of performance are counted; 2 on grounds of ill health are not" in n
        for n in results.notes
    )


def test_other_doctors_are_not_counted_as_trainees():
    rows = api.compute(WDES, framework="wdes").indicator("1")
    medical = rows.loc[(rows["section"] == "Medical & dental") & (rows["group"] == "Disabled")]
    cells = dict(zip(medical["breakdown"].astype(str), medical["denominator"].astype(int), strict=True))
    # 20 doctors: 5 each of consultants, registrars (trainees), clinical fellows (Other), specialty doctors
    assert cells["Cluster 7 (Medical trainee grades)"] == 5
    assert cells["Other medical and dental (in no cluster)"] == 5


# ------------------------------------------------------------------------------------ Social Care WRES


def council(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text(
        "grade_order: [Grade 5, Grade 8, Grade 11, Grade 14, Grade 15]\nsenior_grade: Grade 14\n",
        encoding="utf-8",
    )
    return api.compute(ESR / "council-staff.csv", framework="sc-wres", config=config)


def test_sc_wres_1_by_salary_band_as_well_as_grade(tmp_path):
    rows = council(tmp_path).indicator("1")
    bands = rows.loc[(rows["section"] == "Salary band") & (rows["group"] == "BME")]
    assert list(bands["breakdown"].astype(str)) == [
        "Under £30,000",
        "£30,000 to £69,999",
        "£70,000 and over",
        "Total",
    ]
    top = bands.loc[bands["breakdown"] == "£70,000 and over"].iloc[0]
    assert (top["numerator"], top["denominator"]) == (2, 20)  # grades 14-15: 18 White, 2 minority ethnic
    assert not rows.loc[rows["section"] == "Pay grade"].empty


def test_sc_wres_9_is_also_a_relative_likelihood(tmp_path):
    results = council(tmp_path)
    rows = results.indicator("9")
    ratio = rows.loc[rows["measure"] == "relative_likelihood"].iloc[0]
    assert ratio["value"] == pytest.approx((2 / 25) / (18 / 70))
    assert (
        ratio["note"]
        == "minority ethnic staff 69% less likely than White staff to hold a senior management post"
    )
    assert results.headline("9")["measure"] == "difference_pp"  # the headline stays the gap in points


def test_salary_bands_are_a_setting(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("salary_bands: [40000]\n", encoding="utf-8")
    rows = api.compute(ESR / "council-staff.csv", framework="sc-wres", config=config).indicator("1")
    shown = set(rows.loc[rows["section"] == "Salary band", "breakdown"].astype(str))
    assert shown == {"Under £40,000", "£40,000 and over", "Total"}

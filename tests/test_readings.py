"""How readings are worded: each case is the four counts of a table and the exact sentence the tool prints for it.

The tables below double as documentation (docs/statistics.md, "How readings are worded"): every sentence comes
from the real row builder and the real reading maker, so a change of wording shows up here as a plain-text diff.
The last tests count, over thousands of random tables and the sample data, how often the word "significant"
disagrees with the p-value printed beside it (always zero); ``python tests/significance_audit.py`` prints the
same counts for any version of the package.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import significance_audit
from wres_cli.core.config import Config
from wres_cli.indicators.contract import Context
from wres_cli.indicators.likelihood import ratio_row
from wres_cli.indicators.readings import (
    SMALL_NUMBERS,
    describe_group_likelihood,
    describe_likelihood,
    describe_percent_gap,
    magnitude,
    p_text,
)
from wres_cli.indicators.registry import load_registry
from wres_cli.indicators.rows import difference_rows, percent_rows
from wres_cli.indicators.survey import ratio_of_percents_rows
from wres_cli.results.plain import records

DISCIPLINARY = describe_likelihood("BME staff", "White staff", "to enter the formal disciplinary process")
HARASSMENT = describe_percent_gap("who experienced harassment")
OUTCOME = "to enter the formal disciplinary process"


def context(**config) -> Context:
    return Context(config=Config(**config), datasets={})


def ratio_head(a, n1, c, n2, ctx: Context | None = None) -> dict:
    """The summary entry of one relative-likelihood row (BME ÷ White), as a reading maker receives it."""
    row = ratio_row(ctx or context(), "3", "All", a, n1, c, n2, group="BME ÷ White", labels=("BME", "White"))
    return records(row)[0]


def tally(a, n1, c, n2) -> pd.DataFrame:
    groups = pd.Categorical(["BME", "White"], categories=["BME", "White"])
    return pd.DataFrame({"org": "All", "ethnicity": groups, "people": [n1, n2], "yes": [a, c]}).astype(
        {"people": float, "yes": float}
    )


def gap_reading(a, n1, c, n2) -> str:
    ctx, counts = context(), tally(a, n1, c, n2)
    figures = {r["group"]: r for r in records(percent_rows(ctx, counts, "5", numerator="yes", denominator="people"))}
    return HARASSMENT(records(difference_rows(ctx, counts, "5", event="yes"))[0], figures)


# --------------------------------------------------------------------------------------- relative likelihoods

RATIOS = [
    # the worked example of docs/statistics.md
    (
        (10, 75, 12, 225),
        "BME staff are more likely to enter the formal disciplinary process than White staff: 2.50× as likely "
        "(CI 1.14–5.41; p = 0.022), statistically significant.",
    ),
    # below 1 reads "less likely", never "0.42× as likely" alone
    (
        (21, 100, 50, 100),
        "BME staff are less likely to enter the formal disciplinary process than White staff: 0.420× as likely "
        "(CI 0.272–0.636; p < 0.001), statistically significant.",
    ),
    (
        (30, 100, 35, 100),
        "BME staff are less likely to enter the formal disciplinary process than White staff: 0.857× as likely "
        "(CI 0.573–1.28; p = 0.45), not statistically significant.",
    ),
    (
        (20, 100, 20, 100),
        "BME staff are about as likely to enter the formal disciplinary process as White staff: 1.00× as likely "
        "(CI 0.577–1.73; p = 1.0), not statistically significant.",
    ),
    # 1 of 1 against 6 of 19 was "3.17× ... (statistically significant)" beside p = 0.35
    (
        (1, 1, 6, 19),
        "BME staff are more likely to enter the formal disciplinary process than White staff: 3.17× as likely "
        "(CI 0.578–6.63; p = 0.17), not statistically significant. Based on small numbers; read with caution.",
    ),
    # zero rates: a one-sided figure with the score interval named, never "not calculable"
    (
        (7, 7, 0, 5),
        "BME staff are more likely to enter the formal disciplinary process than White staff (the rate for White "
        "staff is 0%): at least 2.19× as likely (score interval with no upper limit; p < 0.001), statistically "
        "significant. Based on small numbers; read with caution.",
    ),
    (
        (8, 17, 0, 65),
        "BME staff are more likely to enter the formal disciplinary process than White staff (the rate for White "
        "staff is 0%): at least 8.22× as likely (score interval with no upper limit; p < 0.001), statistically "
        "significant.",
    ),
    (
        (0, 65, 8, 17),
        "BME staff are less likely to enter the formal disciplinary process than White staff (the rate for BME "
        "staff is 0%): at most 0.122× as likely (score interval from 0; p < 0.001), statistically significant.",
    ),
    (
        (1, 1, 0, 1),
        "BME staff are more likely to enter the formal disciplinary process than White staff (the rate for White "
        "staff is 0%): the ratio has no upper limit but could be as low as 0.260× (score interval; p = 0.32), "
        "not statistically significant. Based on small numbers; read with caution.",
    ),
    (
        (0, 1, 1, 1),
        "BME staff are less likely to enter the formal disciplinary process than White staff (the rate for BME "
        "staff is 0%): the ratio is 0 but could be as high as 3.84× (score interval; p = 0.32), not "
        "statistically significant. Based on small numbers; read with caution.",
    ),
    (
        (0, 5, 0, 7),
        "The rate is 0% for both BME staff and White staff: no ratio, and no evidence of a difference "
        "(p = 1.0), not statistically significant. Based on small numbers; read with caution.",
    ),
    (
        (5, 5, 7, 7),
        "BME staff are about as likely to enter the formal disciplinary process as White staff: 1.00× as likely "
        "(CI 0.544–1.60; p = 1.0), not statistically significant. Based on small numbers; read with caution.",
    ),
    # only an empty group is not calculable
    ((0, 0, 3, 4), "Not calculable: no BME people in the denominator"),
    # magnitudes: three significant figures, "under 0.01" and "over 100" (was "0.00×" and "999.00×")
    (
        (1, 1000, 999, 1000),
        "BME staff are less likely to enter the formal disciplinary process than White staff: under 0.01× as "
        "likely (CI entirely under 0.01; p < 0.001), statistically significant.",
    ),
    (
        (999, 1000, 1, 1000),
        "BME staff are more likely to enter the formal disciplinary process than White staff: over 100× as "
        "likely (CI entirely over 100; p < 0.001), statistically significant.",
    ),
    (
        (400, 1000, 1, 1000),
        "BME staff are more likely to enter the formal disciplinary process than White staff: over 100× as "
        "likely (CI 70.8 to over 100; p < 0.001), statistically significant.",
    ),
    # a figure that is not 1 never prints as "1.00", and an interval never prints as zero-width
    (
        (500_000_000, 10**9, 499_000_000, 10**9),
        "BME staff are more likely to enter the formal disciplinary process than White staff: 1.002× as likely "
        "(CI 1.0019–1.0021; p < 0.001), statistically significant.",
    ),
    (
        (2 * 10**9, 4 * 10**9, 2 * 10**9, 4 * 10**9),
        "BME staff are about as likely to enter the formal disciplinary process as White staff: 1.00× as likely "
        "(CI 0.99996–1.0000; p = 1.0), not statistically significant.",
    ),
    # p near 0.05: never "0.050" beside "significant", and a limit beyond 1 never prints as 1.00
    (
        (13, 30, 22, 90),
        "BME staff are more likely to enter the formal disciplinary process than White staff: 1.77× as likely "
        "(CI 1.001–2.99; p = 0.0496), statistically significant.",
    ),
    (
        (9, 60, 18, 60),
        "BME staff are less likely to enter the formal disciplinary process than White staff: 0.500× as likely "
        "(CI 0.244–1.00; p = 0.0501), not statistically significant.",
    ),
    (
        (0, 39, 12, 130),
        "BME staff are less likely to enter the formal disciplinary process than White staff (the rate for BME "
        "staff is 0%): at most 0.997× as likely (score interval from 0; p = 0.0496), statistically significant.",
    ),
]


@pytest.mark.parametrize(("counts", "sentence"), RATIOS, ids=[str(c) for c, _ in RATIOS])
def test_relative_likelihood_readings(counts, sentence):
    assert DISCIPLINARY(ratio_head(*counts), {}) == sentence


def test_a_mean_of_yearly_ratios_says_it_has_no_interval():
    head = {
        "status": "computed", "value": 1.5, "ci_low": None, "ci_high": None, "p_value": None,
        "significant": None, "reason": "no confidence interval for a mean of yearly ratios", "note": "",
    }  # fmt: skip
    assert DISCIPLINARY(head, {}) == (
        "BME staff are more likely to enter the formal disciplinary process than White staff: 1.50× as likely "
        "(no confidence interval for a mean of yearly ratios)."
    )


def test_a_characteristic_reading_names_its_groups_from_the_row():
    describe = describe_group_likelihood("staff entering the formal disciplinary process")
    row = ratio_row(context(), "3", "All", 12, 200, 10, 400, group="Female ÷ Male", labels=("Female", "Male"))
    assert describe(records(row)[0], {}) == (
        "Female are more likely than Male to be among staff entering the formal disciplinary process: 2.40× as "
        "likely (CI 1.08–5.34; p = 0.032), statistically significant."
    )


# --------------------------------------------------------------------------------------- survey figures

GAPS = [
    # "+100 points (statistically significant)" from four respondents: now with its p and a caution
    (
        (2, 2, 0, 2),
        "100.0% of BME vs 0.0% of White staff who experienced harassment: a gap of +100.0 points (CI -12.3 to "
        "+100.0; p = 0.083), not statistically significant. Based on small numbers; read with caution.",
    ),
    (
        (31, 100, 28, 100),
        "31.0% of BME vs 28.0% of White staff who experienced harassment: a gap of +3.0 points (CI -9.7 to "
        "+15.6; p = 0.64), not statistically significant.",
    ),
    (
        (160, 1000, 70, 1000),
        "16.0% of BME vs 7.0% of White staff who experienced harassment: a gap of +9.0 points (CI +6.3 to "
        "+11.8; p < 0.001), statistically significant.",
    ),
    (
        (25, 100, 25, 100),
        "25.0% of BME vs 25.0% of White staff who experienced harassment: a gap of 0.0 points (CI -12.1 to "
        "+12.1; p = 1.0), not statistically significant.",
    ),
    # a gap that is not 0 is never printed as "+0.0"
    (
        (500_001, 10**6, 500_000, 10**6),
        "50.0% of BME vs 50.0% of White staff who experienced harassment: a gap of +0.0001 points (CI -0.1 to "
        "+0.1; p = 1.0), not statistically significant.",
    ),
    ((0, 0, 5, 10), "Not calculable: no BME respondents"),
]


@pytest.mark.parametrize(("counts", "sentence"), GAPS, ids=[str(c) for c, _ in GAPS])
def test_survey_gap_readings(counts, sentence):
    assert gap_reading(*counts) == sentence


SC_SURVEY = [
    # Social Care WRES survey metrics now carry their significance (respondents implied by percentages)
    (
        (30.6, 120, 20.4, 100),
        "Minority ethnic staff are more likely to report harassment, bullying or abuse from people who use "
        "services, relatives or the public than White staff: 1.25× as likely (CI 0.769–2.05; p = 0.37), not "
        "statistically significant.",
    ),
    (
        (12, 40, 0, 35),
        "Minority ethnic staff are more likely to report harassment, bullying or abuse from people who use "
        "services, relatives or the public than White staff (the rate for White staff is 0%): at least 2.94× as "
        "likely (score interval with no upper limit; p < 0.001), statistically significant.",
    ),
]


@pytest.mark.parametrize(("counts", "sentence"), SC_SURVEY, ids=[str(c) for c, _ in SC_SURVEY])
def test_social_care_survey_readings(counts, sentence):
    rows = ratio_of_percents_rows(
        context(), tally(*counts), "6", event="yes", top="BME", bottom="White", framework="sc-wres"
    )
    head = records(rows.loc[rows["measure"] == "ratio_of_percents"])[0]
    describe = next(i for i in load_registry(entry_points=False).indicators if i.key == "sc-wres:6").describe
    assert describe(head, {}) == sentence


# --------------------------------------------------------------------------------------- numbers in words


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.5, "2.50"), (0.42, "0.420"), (12.345, "12.3"), (9.996, "10.0"), (0.0123, "0.0123"), (1.0, "1.00"),
        (0.01, "0.0100"), (100.0, "100"), (0.001, "under 0.01"), (999.0, "over 100"), (0.0, "0"),
    ],
)  # fmt: skip
def test_magnitudes_have_three_significant_figures_and_limits(value, text):
    assert magnitude(value) == text


@pytest.mark.parametrize(
    ("p", "significant", "text"),
    [
        (0.022, True, "p = 0.022"),
        (0.17, False, "p = 0.17"),
        (0.0496, True, "p = 0.0496"),  # ordinary rounding would give 0.050 beside "significant"
        (0.04996, True, "p = 0.0499"),
        (0.0501, False, "p = 0.0501"),  # ... and 0.050 beside "not significant"
        (0.05, False, "p = 0.050"),
        (0.0104, False, "p = 0.0104"),  # at the 99% level
        (0.0996, True, "p = 0.0996"),  # at the 90% level
        (0.4016, False, "p = 0.40"),
        (0.0009, True, "p < 0.001"),
        (0.0009, False, "p = 0.00090"),  # "< 0.001" only beside "significant"
        (1.0, False, "p = 1.0"),
        (None, None, ""),
        ("*", True, ""),  # withheld
    ],
)
def test_p_values_never_contradict_their_verdict(p, significant, text):
    assert p_text(p, significant) == text


def test_the_small_numbers_caution_rides_in_the_note():
    assert SMALL_NUMBERS in ratio_head(1, 9, 3, 100)["note"]  # 9 people in a group
    assert SMALL_NUMBERS in ratio_head(1, 100, 3, 100)["note"]  # 4 with the outcome in all
    assert SMALL_NUMBERS in ratio_head(98, 100, 99, 100)["note"]  # 3 without it
    assert SMALL_NUMBERS not in ratio_head(2, 10, 3, 10)["note"]  # 10 each, 5 with, 15 without
    assert ratio_head(0, 0, 3, 100)["note"] == ""  # an empty group is not calculable, not small


def test_haldane_is_accepted_but_changes_nothing_and_says_so():
    ctx = context(zero_cells="haldane")
    assert ratio_head(0, 20, 5, 50, ctx) == ratio_head(0, 20, 5, 50)
    assert any("'haldane' no longer changes any figure" in w for w in ctx.warnings)


# --------------------------------------------------------------------------------------- the word and the p


def test_significant_agrees_with_p_on_thousands_of_random_tables():
    """Every kind of comparison, through the row builders and the readings: the word, the p-value in the row
    and the p printed in the sentence never disagree, and no figure is "not calculable" beside p < 0.05."""
    for kind, counts in significance_audit.random_audit(seed=7, size=3000, most=60).items():
        assert counts["word"] == counts["figures"] == 3000, kind
        disagreements = {k: v for k, v in counts.items() if k not in ("figures", "word") and v}
        assert disagreements == {}, kind


def test_significant_agrees_with_p_in_every_figure_of_the_sample_data():
    counts = significance_audit.sample_audit()
    assert counts["figures"] > 40 and counts["readings_with_word"] > 40
    assert (counts["word_without_p"], counts["word_vs_p"], counts["reading_p_vs_word"]) == (0, 0, 0)


def test_every_reading_of_the_sample_data_is_a_sentence_without_inf_or_nan(run, monkeypatch):
    monkeypatch.setenv("WRES_NO_PLUGINS", "1")
    for args in significance_audit.SAMPLE.values():
        paths = [
            str(significance_audit.ROOT / "sample_data" / a) if a.endswith((".csv", ".yaml")) else a for a in args
        ]
        text = run("compute", *paths, "--by", "org", "--format", "json").stdout
        assert not re.search(r"\b(inf|nan|NaN|Infinity)\b", text)


def test_a_withheld_figure_can_drop_the_notes_that_describe_its_counts():
    from wres_cli.indicators.readings import without_figure_notes

    note = ratio_head(0, 6, 12, 600, context())["note"]
    assert "the rate for BME is 0%" in note and SMALL_NUMBERS in note
    assert without_figure_notes(f"single year 2025; {note}") == "single year 2025"
    assert without_figure_notes("two-year rolling average (counts of 2025 and 2026 pooled)") == (
        "two-year rolling average (counts of 2025 and 2026 pooled)"
    )

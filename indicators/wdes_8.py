"""WDES metric 8 (NHS Staff Survey): percentage of disabled staff saying their employer has made adequate
adjustment(s) to enable them to carry out their work. Disabled respondents only; 'No adjustment required' is
not counted as answering. Higher is better. Question column: ``wdes_survey_questions: {8: ...}`` (default
Q31b)."""

import pandas as pd

from wres_cli import Indicator, percent, percent_rows, survey_tally


def compute(ctx):
    found = survey_tally(
        ctx,
        "8",
        framework="wdes",
        group_column="disability",
        prefix="wdes",
        questions=ctx.config.wdes_survey_questions,
    )
    if isinstance(found, pd.DataFrame):
        return found
    tally, event = found
    disabled = tally.loc[tally["disability"] == "Disabled"]
    rows = percent_rows(
        ctx,
        disabled,
        "8",
        numerator=event,
        denominator="people",
        breakdown="Adequate adjustments made",
        framework="wdes",
        group_column="disability",
    )
    rows["headline"] = True
    return rows


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    return f"{percent(head['value'])} of disabled staff say adequate adjustments have been made for them"


INDICATOR = Indicator(
    id="8",
    framework="wdes",
    short="Adequate adjustments (disabled staff)",
    title="Staff survey: disabled staff saying their employer has made adequate adjustments",
    compute=compute,
    needs=("survey",),
    orientation="% of disabled staff (higher is better)",
    describe=describe,
    order=8,
    group_column="disability",
)

"""WRES indicator 7 (NHS Staff Survey): staff believing the organisation provides equal opportunities for
career progression or promotion.

Percentage of respondents answering the question, per group, and the BME − White gap in percentage points;
lower is worse; 'Don't know' counts as answering, not as Yes. Question columns come from survey_questions in
the configuration; an aggregated survey file (indicator, group, n, percent) gives the same rows.
"""

from wres_cli import Indicator, describe_percent_gap, survey_rows


def compute(ctx):
    return survey_rows(ctx, "7")


INDICATOR = Indicator(
    id="7",
    short="Equal opportunities for progression",
    title="Staff believing the organisation provides equal opportunities for career progression or promotion",
    compute=compute,
    needs=("survey",),
    orientation="BME − White (percentage points)",
    describe=describe_percent_gap("who believe there are equal opportunities for career progression"),
    order=7,
    kind="survey",
    better="higher",
)

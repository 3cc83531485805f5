"""WRES indicator 8 (NHS Staff Survey): staff personally experiencing discrimination at work from a manager,
team leader or other colleagues.

Percentage of respondents answering the question, per group, and the BME − White gap in percentage points;
higher is worse. Question columns come from survey_questions in the configuration; an aggregated survey file
(indicator, group, n, percent) gives the same rows.
"""

from wres_cli import Indicator, describe_percent_gap, survey_rows


def compute(ctx):
    return survey_rows(ctx, "8")


INDICATOR = Indicator(
    id="8",
    short="Discrimination from manager or colleagues",
    title="Staff personally experiencing discrimination at work from a manager, team leader or other colleagues",
    compute=compute,
    needs=("survey",),
    orientation="BME − White (percentage points)",
    describe=describe_percent_gap("who experienced discrimination from a manager or colleagues"),
    order=8,
    kind="survey",
    better="lower",
)

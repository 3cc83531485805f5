"""WRES indicator 5 (NHS Staff Survey): staff experiencing harassment, bullying or abuse from patients,
relatives or the public in the last 12 months.

Percentage of respondents answering the question, per group, and the BME − White gap in percentage points;
higher is worse. Question columns come from survey_questions in the configuration; an aggregated survey file
(indicator, group, n, percent) gives the same rows.
"""

from wres_cli import Indicator, describe_percent_gap, survey_rows


def compute(ctx):
    return survey_rows(ctx, "5")


INDICATOR = Indicator(
    id="5",
    short="Harassment from patients or public",
    title="Staff experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
    compute=compute,
    needs=("survey",),
    orientation="BME − White (percentage points)",
    describe=describe_percent_gap(
        "who experienced harassment, bullying or abuse from patients, relatives or the public"
    ),
    order=5,
    kind="survey",
    better="lower",
)

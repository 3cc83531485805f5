"""WRES indicator 6 (NHS Staff Survey): staff experiencing harassment, bullying or abuse from staff in the last
12 months.

Percentage of respondents answering the question, per group, and the BME − White gap in percentage points;
higher is worse; a respondent counts once if either question is at least once. Question columns come from
survey_questions in the configuration; an aggregated survey file (indicator, group, n, percent) gives the
same rows.
"""

from wres_cli import Indicator, describe_percent_gap, survey_rows


def compute(ctx):
    return survey_rows(ctx, "6")


INDICATOR = Indicator(
    id="6",
    short="Harassment from staff",
    title="Staff experiencing harassment, bullying or abuse from staff in the last 12 months",
    compute=compute,
    needs=("survey",),
    orientation="BME − White (percentage points)",
    describe=describe_percent_gap(
        "who experienced harassment, bullying or abuse from managers or colleagues"
    ),
    order=6,
    kind="survey",
    better="lower",
)

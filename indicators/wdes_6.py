"""WDES metric 6 (NHS Staff Survey): pressure from their manager to come to work when not feeling well enough.
Percentage of respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in
percentage points (higher is worse). Question column: ``wdes_survey_questions: {6: ...}`` (default Q11e)."""

from wres_cli import Indicator
from wres_cli.measures import describe_group_gap, survey_rows


def compute(ctx):
    return survey_rows(
        ctx,
        "6",
        framework="wdes",
        group_column="disability",
        first="Disabled",
        second="Non-disabled",
        prefix="wdes",
        questions=ctx.config.wdes_survey_questions,
    )


INDICATOR = Indicator(
    id="6",
    framework="wdes",
    short="Pressure from their manager to come to work when not feeling well enough",
    title="Staff survey: pressure from their manager to come to work when not feeling well enough",
    compute=compute,
    needs=("survey",),
    orientation="Disabled − Non-disabled (percentage points)",
    describe=describe_group_gap("Disabled", "Non-disabled", "who felt it"),
    order=6,
    group_column="disability",
)

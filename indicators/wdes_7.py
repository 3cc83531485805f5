"""WDES metric 7 (NHS Staff Survey): satisfaction with the extent the organisation values their work.
Percentage of respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in
percentage points (higher is better). Question column: ``wdes_survey_questions: {7: ...}`` (default Q4b)."""

from wres_cli import Indicator
from wres_cli.measures import describe_group_gap, survey_rows


def compute(ctx):
    return survey_rows(
        ctx,
        "7",
        framework="wdes",
        group_column="disability",
        first="Disabled",
        second="Non-disabled",
        prefix="wdes",
        questions=ctx.config.wdes_survey_questions,
    )


INDICATOR = Indicator(
    id="7",
    framework="wdes",
    short="Satisfaction with the extent the organisation values their work",
    title="Staff survey: satisfaction with the extent the organisation values their work",
    compute=compute,
    needs=("survey",),
    orientation="Disabled − Non-disabled (percentage points)",
    describe=describe_group_gap("Disabled", "Non-disabled", "who are satisfied"),
    order=7,
    group_column="disability",
)

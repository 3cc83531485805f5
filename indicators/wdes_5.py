"""WDES metric 5 (NHS Staff Survey): equal opportunities for career progression or promotion. Percentage of
respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in percentage points
(higher is better). Question column: ``wdes_survey_questions: {5: ...}`` (default Q15)."""

from wres_cli import Indicator
from wres_cli.measures import describe_group_gap, survey_rows


def compute(ctx):
    return survey_rows(
        ctx,
        "5",
        framework="wdes",
        group_column="disability",
        first="Disabled",
        second="Non-disabled",
        prefix="wdes",
        questions=ctx.config.wdes_survey_questions,
    )


INDICATOR = Indicator(
    id="5",
    framework="wdes",
    short="Equal opportunities for career progression or promotion",
    title="Staff survey: equal opportunities for career progression or promotion",
    compute=compute,
    needs=("survey",),
    orientation="Disabled − Non-disabled (percentage points)",
    describe=describe_group_gap("Disabled", "Non-disabled", "who believe the organisation provides them"),
    order=5,
    group_column="disability",
)

"""WDES metric 5 (NHS Staff Survey): equal opportunities for career progression or promotion. Percentage of
respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in percentage points
(higher is better). Question column: ``wdes_survey_questions: {5: ...}`` (default Q15)."""

from wres_cli import wdes_survey_indicator

INDICATOR = wdes_survey_indicator(
    "5",
    "equal opportunities for career progression or promotion",
    "who believe the organisation provides them",
    order=5,
)

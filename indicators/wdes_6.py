"""WDES metric 6 (NHS Staff Survey): pressure from their manager to come to work when not feeling well enough.
Percentage of respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in
percentage points (higher is worse). Question column: ``wdes_survey_questions: {6: ...}`` (default Q11e)."""

from wres_cli import wdes_survey_indicator

INDICATOR = wdes_survey_indicator(
    "6", "pressure from their manager to come to work when not feeling well enough", "who felt it", order=6
)

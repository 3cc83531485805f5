"""WDES metric 7 (NHS Staff Survey): satisfaction with the extent the organisation values their work.
Percentage of respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in
percentage points (higher is better). Question column: ``wdes_survey_questions: {7: ...}`` (default Q4b)."""

from wres_cli import wdes_survey_indicator

INDICATOR = wdes_survey_indicator(
    "7", "satisfaction with the extent the organisation values their work", "who are satisfied", order=7
)

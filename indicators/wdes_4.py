"""WDES metric 4 (NHS Staff Survey): staff experiencing harassment, bullying or abuse in the last 12 months
from (a) patients, relatives or the public, (b) managers, (c) other colleagues, and (d) the share who said they
or a colleague reported it the last time. Percentages of respondents answering, Disabled vs Non-disabled, and
the Disabled − Non-disabled gap in percentage points; for 4a-4c higher is worse, for 4d lower is worse.
Question columns: ``wdes_survey_questions`` (defaults Q14a-Q14d)."""

from wres_cli import wdes_survey_indicator

PARTS = (
    ("4a", "harassment, bullying or abuse from patients, relatives or the public", "who experienced it"),
    ("4b", "harassment, bullying or abuse from managers", "who experienced it"),
    ("4c", "harassment, bullying or abuse from other colleagues", "who experienced it"),
    ("4d", "reporting the last experience of harassment, bullying or abuse", "who reported it"),
)


INDICATORS = [wdes_survey_indicator(m, t, w, 4 + i / 10) for i, (m, t, w) in enumerate(PARTS, 1)]

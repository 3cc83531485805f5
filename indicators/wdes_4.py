"""WDES metric 4 (NHS Staff Survey), numbered as the WDES does: staff experiencing harassment, bullying or abuse
in the last 12 months from 4a(i) patients, service users, relatives or the public, 4a(ii) managers and 4a(iii)
other colleagues, and 4b the share who said they or a colleague reported it the last time. Percentages of
respondents answering, Disabled vs Non-disabled, and the Disabled − Non-disabled gap in percentage points; for
4a(i)-4a(iii) higher is worse, for 4b lower is worse. Question columns: ``wdes_survey_questions`` (defaults
Q14a-Q14d); an aggregated file names the parts the same way ("4a(ii)"; "4b" is reporting, never managers)."""

from wres_cli import wdes_survey_indicator

PARTS = (
    ("4a(i)", "harassment, bullying or abuse from patients, relatives or the public", "who experienced it"),
    ("4a(ii)", "harassment, bullying or abuse from managers", "who experienced it"),
    ("4a(iii)", "harassment, bullying or abuse from other colleagues", "who experienced it"),
    ("4b", "reporting the last experience of harassment, bullying or abuse", "who reported it"),
)


INDICATORS = [wdes_survey_indicator(m, t, w, 4 + i / 10) for i, (m, t, w) in enumerate(PARTS, 1)]

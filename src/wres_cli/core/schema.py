"""The tidy result table every indicator returns and every writer reads: its columns, measures and statuses.

One row per indicator x org x year x section x breakdown x group x measure. This is the schema a plugin's rows
are checked against when they come back (see ``results.checks``).
"""

from __future__ import annotations

ALL = "All"  # the org value of rows that cover every organisation

# The tidy result table: one row per indicator x org x year x section x breakdown x group x measure.
COLUMNS = (
    "framework",
    "indicator",
    "org",
    "year",
    "section",
    "breakdown",
    "group",
    "measure",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "p_value",
    "significant",
    "status",
    "reason",
    "note",
    "flag",
    "headline",
    "suppression",
)
MEASURES = ("percent", "relative_likelihood", "difference_pp", "ratio_of_percents", "mean", "narrative")
STATUSES = ("computed", "not_calculable", "not_computed")

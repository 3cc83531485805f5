"""The row builders under their first import path (``from wres_cli.measures import likelihood_rows``), kept so
that indicator modules written against it keep working. New code imports the same names from ``wres_cli``."""

from wres_cli.indicators.likelihood import (
    group_ratio_rows,
    likelihood_rows,
    ratio_row,
    ratio_rows,
    two_year_likelihood_rows,
)
from wres_cli.indicators.readings import (
    describe_group_gap,
    describe_likelihood,
    describe_percent_gap,
    fmt_ratio,
)
from wres_cli.indicators.rows import band_flag, difference_rows, not_computed, percent_rows, rows
from wres_cli.indicators.shares import composition_rows, mean_rows, narrative_rows, share_gap_rows, share_rows
from wres_cli.indicators.survey import ratio_of_percents_rows, survey_rows, survey_tally

__all__ = [
    "band_flag",
    "composition_rows",
    "describe_group_gap",
    "describe_likelihood",
    "describe_percent_gap",
    "difference_rows",
    "fmt_ratio",
    "group_ratio_rows",
    "likelihood_rows",
    "mean_rows",
    "narrative_rows",
    "not_computed",
    "percent_rows",
    "ratio_of_percents_rows",
    "ratio_row",
    "ratio_rows",
    "rows",
    "share_gap_rows",
    "share_rows",
    "survey_rows",
    "survey_tally",
    "two_year_likelihood_rows",
]

"""The frameworks table: each framework's title, the group column it compares, its groups and reference group.

The small amount of metadata that names a framework and its groups, so that statistics, suppression and
reports stay free of framework-specific code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from wres_cli.core.groups import DISABILITY_GROUPS, ETHNIC_GROUPS

if TYPE_CHECKING:
    from wres_cli.core.config import Config

GROUP_COLUMNS = ("ethnicity", "disability", "characteristic")
UNKNOWN = "Unknown"
TITLES = {
    "nhs-wres": "NHS Workforce Race Equality Standard",
    "sc-wres": "Social Care Workforce Race Equality Standard",
    "wdes": "Workforce Disability Equality Standard",
    "characteristic": "Relative likelihood by characteristic",
}
WHAT = {"ethnicity": "ethnicity", "disability": "disability", "characteristic": "characteristic"}
# The indicator whose two years are combined as `indicator_3_method` (--method) says, per framework
TWO_YEAR_METHOD = {"nhs-wres": "3", "wdes": "3"}
# Reporting year minus the year of the staff survey it uses (`survey_year_offset` overrides): the WRES and WDES
# of year t (31 March t) use the NHS Staff Survey run in the autumn of t-1; other frameworks the same year.
SURVEY_YEAR_OFFSET = {"nhs-wres": 1, "wdes": 1}


def framework_title(framework: str, config: Config | None = None) -> str:
    """The heading of a framework's report (a plugin framework is shown by its name)."""
    title = TITLES.get(framework, framework)
    if framework == "characteristic" and config is not None and config.characteristic:
        title = f"{title}: {config.characteristic}"
    return title


def survey_year_offset(framework: str, config: Config) -> int:
    """How many years before the reporting year the staff survey it uses was run."""
    if config.survey_year_offset is not None:
        return config.survey_year_offset
    return SURVEY_YEAR_OFFSET.get(framework, 0)


def two_year_indicator(framework: str) -> str | None:
    """The id of the framework's indicator computed with the configured two-year method, if it has one."""
    return TWO_YEAR_METHOD.get(framework)


def group_column_of(indicators: Iterable[Any]) -> str:
    """The group column most of a framework's indicators compare (ethnicity when there are none)."""
    columns = [i.group_column for i in indicators]
    return max(dict.fromkeys(columns), key=columns.count) if columns else "ethnicity"


def groups_of(column: str, config: Config) -> tuple[str, ...]:
    """The groups of a canonical group column, in display order, Unknown last."""
    if column == "ethnicity":
        return ETHNIC_GROUPS
    if column == "disability":
        return DISABILITY_GROUPS
    spec = config.characteristics.get(config.characteristic or "")
    return (*(g for g in spec.order if g != UNKNOWN), UNKNOWN) if spec else (UNKNOWN,)


def reference_of(config: Config) -> str:
    """The configured reference group of the characteristic being compared."""
    return config.characteristics[config.characteristic].reference

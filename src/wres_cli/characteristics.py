"""Groups beyond ethnicity: disability, any configured characteristic, council pay grades, WDES answers.

Also the small amount of metadata that names a framework and its groups, so that statistics, suppression and
reports stay free of framework-specific code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import groups

if TYPE_CHECKING:
    from .config import Characteristic, Config
    from .indicator import Indicator

GROUP_COLUMNS = ("ethnicity", "disability", "characteristic")
UNKNOWN = "Unknown"
TITLES = {
    "nhs-wres": "NHS Workforce Race Equality Standard",
    "sc-wres": "Social Care Workforce Race Equality Standard",
    "wdes": "Workforce Disability Equality Standard",
    "characteristic": "Relative likelihood by characteristic",
}
WHAT = {"ethnicity": "ethnicity", "disability": "disability", "characteristic": "characteristic"}


def framework_title(framework: str, config: Config | None = None) -> str:
    """The heading of a framework's report (a plugin framework is shown by its name)."""
    title = TITLES.get(framework, framework)
    if framework == "characteristic" and config is not None and config.characteristic:
        title = f"{title}: {config.characteristic}"
    return title


def group_column_of(indicators: Iterable[Indicator]) -> str:
    """The group column most of a framework's indicators compare (ethnicity when there are none)."""
    columns = [i.group_column for i in indicators]
    return max(dict.fromkeys(columns), key=columns.count) if columns else "ethnicity"


def groups_of(column: str, config: Config) -> tuple[str, ...]:
    """The groups of a canonical group column, in display order, Unknown last."""
    if column == "ethnicity":
        return groups.ETHNIC_GROUPS
    if column == "disability":
        return groups.DISABILITY_GROUPS
    spec = config.characteristics.get(config.characteristic or "")
    return (*(g for g in spec.order if g != UNKNOWN), UNKNOWN) if spec else (UNKNOWN,)


def reference_of(config: Config) -> str:
    """The configured reference group of the characteristic being compared."""
    return config.characteristics[config.characteristic].reference


def likelihood_indicator(
    id: str, *, dataset: str, event: str, short: str, who: str, where: dict | None = None
) -> Indicator:
    """A characteristic indicator: each group's rate of ``event`` ÷ the reference group's, one ratio per
    group; ``who`` completes "as likely as ... (who)", e.g. "staff entering the formal disciplinary process"."""
    from .indicator import Indicator
    from .measures import group_ratio_rows

    column = "characteristic"

    def compute(ctx):
        years = [ctx.year] if ctx.year is not None else None
        tally = ctx.tally(dataset, [column], events=[event], years=years, where=where)
        return group_ratio_rows(
            ctx,
            tally,
            id,
            event=event,
            reference=reference_of(ctx.config),
            groups=[g for g in dict.fromkeys(tally[column].astype(str)) if g != UNKNOWN],
            breakdown=short,
            framework="characteristic",
            group_column=column,
        )

    def describe(head, figures):
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        top, bottom = head["group"].split(" ÷ ")
        return f"{top} {head['value']:.2f}× as likely as {bottom} ({who})"

    return Indicator(
        id=id,
        framework="characteristic",
        short=short,
        title=f"Relative likelihood of {who} by group",
        compute=compute,
        needs=(f"{dataset}.characteristic", f"{dataset}.{event}"),
        orientation="group ÷ reference group",
        describe=describe,
        order=int(id),
        group_column=column,
    )


def wdes_survey_indicator(metric: str, title: str, what: str, order: float) -> Indicator:
    """One WDES staff-survey metric: Disabled and Non-disabled percentages and the gap between them in
    points; ``what`` completes the reading ("... of Disabled staff who experienced it")."""
    from .indicator import Indicator
    from .measures import describe_group_gap, survey_rows

    def compute(ctx):
        return survey_rows(
            ctx,
            metric,
            framework="wdes",
            group_column="disability",
            first="Disabled",
            second="Non-disabled",
            prefix="wdes",
            questions=ctx.config.wdes_survey_questions,
        )

    return Indicator(
        id=metric,
        framework="wdes",
        short=title[0].upper() + title[1:],
        title=f"Staff survey: {title}",
        compute=compute,
        needs=("survey",),
        orientation="Disabled − Non-disabled (percentage points)",
        describe=describe_group_gap("Disabled", "Non-disabled", what),
        order=order,
        group_column="disability",
    )


# ------------------------------------------------------------------------------------- characteristic


def _natural(text: str) -> tuple:
    """Sort key putting 'Grade 9' before 'Grade 10' and '16-24' before '25-34'."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", str(text))
        if part
    )


def characteristic_group(series: Any, spec: Characteristic) -> groups.Mapped:
    """Raw values -> the configured groups (missing -> Unknown); with no groups listed, the raw values."""
    import pandas as pd

    if spec.groups:
        categories = (*(g for g in spec.order if g != UNKNOWN), UNKNOWN)
        by_text = {groups.normalise_text(g): g for g in categories}
        return groups.map_values(
            series, lambda text: by_text.get(text), categories, missing=UNKNOWN, overrides=spec.groups
        )
    text = pd.Series(series).astype("string").str.strip()
    present = {v for v in text.dropna().unique() if groups.normalise_text(v) not in ("", UNKNOWN.lower())}
    categories = (*sorted(present, key=_natural), UNKNOWN)
    by_text = {groups.normalise_text(c): c for c in categories}
    return groups.map_values(text, lambda t: by_text.get(t), categories, missing=UNKNOWN)


# ------------------------------------------------------------------------------------- council grades


def pay_grades(series: Any, order: Sequence[str] = ()) -> groups.Mapped:
    """Council pay grades as an ordered category: the configured order, else natural order of the values."""
    import pandas as pd

    text = pd.Series(series).astype("string").str.strip()
    categories = (
        tuple(order) if order else tuple(sorted({v for v in text.dropna().unique() if v}, key=_natural))
    )
    by_text = {groups.normalise_text(g): g for g in categories}
    return groups.map_values(text, lambda t: by_text.get(t), categories or ("",), missing=None)


def senior_grades(categories: Sequence[str], threshold: str, order: Sequence[str] = ()) -> list[bool]:
    """Per grade: at or above the senior threshold (by the configured order, else natural order)."""
    if order:
        position = {g: i for i, g in enumerate(order)}
        return [position[g] >= position[threshold] for g in categories]
    return [_natural(g) >= _natural(threshold) for g in categories]


# ------------------------------------------------------------------------------------- WDES answers

_POSITIVE = re.compile(r"^(?:(?:very |strongly )?(?:satisfied|agree)|always|often|most of the time)$")
_NEGATIVE = re.compile(r"^(?:(?:very |strongly )?(?:dissatisfied|disagree)|neither.*|rarely|sometimes)$")
_NOT_ASKED = re.compile(r"^(?:no adjustments? (?:required|needed)|not applicable|n/?a|does not apply)$")


def _wdes_rule(text: str) -> str | None:
    if _NOT_ASKED.match(text):
        return groups.AS_MISSING
    if _POSITIVE.match(text):
        return "yes"
    if _NEGATIVE.match(text):
        return "no"
    return groups._survey_rule(text)


def wdes_answer(series: Any) -> groups.Mapped:
    """Staff-survey answers for WDES metrics: the WRES answers plus satisfaction and agreement scales
    (satisfied or agree counts as yes) and 'No adjustment required' (not counted as answering)."""
    return groups.map_values(series, _wdes_rule, groups.YES_NO, missing=None)

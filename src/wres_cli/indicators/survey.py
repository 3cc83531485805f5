"""Staff-survey figures: each group's percentage answering yes, from record-level or aggregated answers, and
either the gap in points (NHS WRES, WDES) or the ratio of the percentages (Social Care WRES)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from wres_cli.core.frameworks import survey_year_offset
from wres_cli.indicators.likelihood import ratios_by_org
from wres_cli.indicators.rows import GROUP, difference_rows, not_computed, percent_rows

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["ratio_of_percents_rows", "survey_rows", "survey_tally", "survey_years"]


def survey_rows(
    ctx: Context,
    indicator: str,
    *,
    source: str | None = None,
    framework: str = "nhs-wres",
    breakdown: str = "",
    group_column: str = GROUP,
    first: str = "BME",
    second: str = "White",
    prefix: str = "q",
    questions: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Staff-survey percentages per group (Wilson) and the first − second gap (score test), from either form.

    ``source`` is the survey indicator whose answers are used (defaults to ``indicator``); record-level
    answers are the columns ``{prefix}{source}_yes`` / ``_answered`` made by the loader from ``questions``.
    """
    found = survey_tally(
        ctx,
        indicator,
        source=source,
        framework=framework,
        group_column=group_column,
        prefix=prefix,
        questions=questions,
    )
    if isinstance(found, pd.DataFrame):
        return found
    tally, event = found
    share = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    gap = difference_rows(
        ctx,
        tally,
        indicator,
        event=event,
        breakdown=breakdown,
        framework=framework,
        first=first,
        second=second,
        group_column=group_column,
    )
    return pd.concat([share, gap], ignore_index=True)


def survey_tally(
    ctx: Context,
    indicator: str,
    *,
    source: str | None = None,
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    prefix: str = "q",
    questions: Mapping[str, Sequence[str]] | None = None,
) -> tuple[pd.DataFrame, str] | pd.DataFrame:
    """(tally with people and the yes count per group, event column), or a 'not computed' row."""
    source = source or indicator
    frame = ctx.frame("survey")
    years = survey_years(ctx, framework)
    if ctx.form("survey") == "aggregated":
        if not (frame["indicator"] == source).any():
            return not_computed(
                indicator,
                f"the aggregated survey file has no rows for indicator {source}",
                framework,
                ctx.year,
            )
        tally = ctx.tally(
            "survey", [group_column], events=["yes_share"], years=years, where={"indicator": source}
        )
        return tally, "yes_share"
    if f"{prefix}{source}_yes" not in frame:
        mapping = ctx.config.survey_questions if questions is None else questions
        named = ", ".join(mapping.get(source, ()))
        return not_computed(
            indicator, f"the survey file has no column for this question ({named})", framework, ctx.year
        )
    event = f"{prefix}{source}_yes"
    tally = ctx.tally(
        "survey", [group_column], events=[event], years=years, where={f"{prefix}{source}_answered": 1}
    )
    return tally, event


def survey_years(ctx: Context, framework: str = "nhs-wres") -> list[int] | None:
    """The survey year the reporting year uses (``survey_year_offset`` years before it: by default the WRES and
    WDES of year t use the NHS Staff Survey of autumn t-1), said in the notes; when the file has no rows for
    it, its latest year before that (or its latest), with a warning. None: the file has no year column."""
    offset = survey_year_offset(framework, ctx.config)
    rule = f"survey_year_offset {offset}" + (
        ", this framework's default" if ctx.config.survey_year_offset is None else ""
    )
    years = ctx.years("survey")
    if "year" not in ctx.frame("survey") or ctx.year is None or not years:
        if ctx.year is not None:
            ctx.note(
                f"staff survey: the file has no year column, so all of it is read as the survey for reporting year "
                f"{ctx.year} (by convention the survey of {ctx.year - offset}: {rule})"
            )
        return None
    wanted = ctx.year - offset
    if wanted in years:
        ctx.note(f"staff survey: reporting year {ctx.year} uses the {wanted} survey ({rule})")
        return [wanted]
    earlier = [y for y in years if y < wanted]
    used = earlier[-1] if earlier else years[-1]
    ctx.warn(
        f"staff survey: reporting year {ctx.year} uses the {wanted} survey ({rule}), but the file has none; "
        f"used {used} (survey years in the file: {', '.join(map(str, years))})"
    )
    return [used]


def ratio_of_percents_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Per-group percentages and the ratio of the two percentages (``top`` % ÷ ``bottom`` %) per org.

    The form Skills for Care publishes survey metrics in. Counts may be fractional (aggregated input given as
    percentages): the value is the exact ratio of the shares, with the score interval and p-value.
    """
    shares = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        section=section,
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    shares["note"] = note
    ratios = ratios_by_org(
        ctx,
        tally,
        note=note,
        names=(top, bottom),
        who="respondents",
        event=event,
        top=top,
        bottom=bottom,
        group_column=group_column,
        framework=framework,
        indicator=indicator,
        section=section,
        breakdown=breakdown,
        group=f"{top} % ÷ {bottom} %",
        measure="ratio_of_percents",
    )
    return pd.concat([shares, ratios], ignore_index=True)

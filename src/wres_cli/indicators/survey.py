"""Staff-survey figures: each group's percentage answering yes, from record-level or aggregated answers, and
either the gap in points (NHS WRES, WDES) or the ratio of the percentages (Social Care WRES)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core import formatting as fmt
from wres_cli.indicators.likelihood import ratios_by_org
from wres_cli.indicators.rows import GROUP, band_flag, difference_rows, not_computed, percent_rows
from wres_cli.statistics import proportions as stats

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["ratio_of_percents_rows", "survey_rows", "survey_tally"]


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
    """Staff-survey percentages per group (Wilson) and the first − second gap (Newcombe), from either form.

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
    years = _survey_years(ctx, frame)
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


def _survey_years(ctx: Context, frame: pd.DataFrame) -> list[int] | None:
    """The survey year matching the reporting year if present, else the survey's latest."""
    if "year" not in frame:
        return None
    years = ctx.years("survey")
    if ctx.year in years:
        return [ctx.year]
    if years:
        ctx.note(f"staff survey: no {ctx.year} rows, used the latest survey year ({years[-1]})")
        return [years[-1]]
    return None


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
    percentages): the value is the exact ratio of the shares and the interval the Katz log interval.
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
        lambda *four: _ratio_of_percents_columns(ctx, *four, labels=(top, bottom), note=note),
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


def _ratio_of_percents_columns(
    ctx: Context, a: float, n1: float, c: float, n2: float, *, labels: tuple[str, str], note: str
) -> dict[str, object]:
    """(a/n1 × 100) ÷ (c/n2 × 100) with its Katz interval (``_RATIO_KEYS``); not calculable on an empty side,
    nor on a zero percentage unless ``zero_cells`` is "haldane" (0.5 added to every cell, as for ratios)."""
    empty = [label for label, n in zip(labels, (n1, n2), strict=True) if n <= 0]
    zero = [
        f"{label} (0 of {fmt.count(n)})"
        for label, k, n in zip(labels, (a, c), (n1, n2), strict=True)
        if k <= 0 and n > 0
    ]
    figures: dict[str, object] = {
        "value": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan, "significant": pd.NA,
        "status": "not_calculable", "reason": "", "note": note, "flag": "",
    }  # fmt: skip
    if empty:
        return {**figures, "reason": f"no {' or '.join(empty)} respondents"}
    if zero:
        figures["reason"] = "zero percentage for " + " and ".join(zero)
        if ctx.config.zero_cells != "haldane":
            return figures
        a, n1, c, n2 = a + 0.5, n1 + 1, c + 0.5, n2 + 1
        figures["note"] = "; ".join(n for n in (note, stats.HALDANE_NOTE) if n)
    value = (a * n2) / (c * n1)
    low, high = stats.katz_interval(a, n1, c, n2, ctx.config.confidence)
    return {
        **figures,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "significant": not (low <= 1 <= high),
        "status": "computed",
        "flag": band_flag(ctx, value),
    }

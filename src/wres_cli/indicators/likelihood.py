"""Relative likelihoods: each group's rate of an event and the ratio of two groups' rates, with the score
interval and p-value of one test (so "significant", the p-value and the interval always agree; see
docs/statistics.md); the two-year methods and one ratio per group against a reference.

A zero rate on one side gives a one-sided figure (value 0 or infinite, one limit), said in the row's note; only
an empty group is not calculable. Small groups carry the caution of :data:`readings.SMALL_NUMBERS`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.indicators.readings import SMALL_NUMBERS, bound_notes, small_numbers
from wres_cli.indicators.rows import GROUP, band_flag, by_group, count_columns, percent_rows, rows
from wres_cli.statistics import proportions as stats

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["group_ratio_rows", "likelihood_rows", "ratio_row", "ratio_rows", "two_year_likelihood_rows"]

# the figures of a ratio row that depend on its four counts
_RATIO_KEYS = ("value", "ci_low", "ci_high", "p_value", "significant", "status", "reason", "note", "flag")
ZERO_CELLS_WARNING = (
    "zero_cells: 'haldane' no longer changes any figure: every ratio has a score interval and p-value that need "
    "no correction for a zero count (a zero rate gives a one-sided figure, said in its note)"
)


def likelihood_rows(
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
    labels: tuple[str, str] | None = None,
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Per-group rates plus the relative likelihood (rate of ``top`` ÷ rate of ``bottom``) per org.

    ``tally`` has columns org, ``group_column``, people and ``event``. Unknown is shown, never in the ratio.
    """
    rates = percent_rows(
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
    rates["note"] = note
    ratio = ratio_rows(
        ctx,
        tally,
        indicator,
        event=event,
        top=top,
        bottom=bottom,
        section=section,
        breakdown=breakdown,
        note=note,
        framework=framework,
        labels=labels,
        group_column=group_column,
    )
    return pd.concat([rates, ratio], ignore_index=True)


def ratio_rows(
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
    labels: tuple[str, str] | None = None,
    group_column: str = GROUP,
) -> pd.DataFrame:
    """The relative-likelihood row per org, with its score interval and p-value and the optional band flag."""
    return ratios_by_org(
        ctx,
        tally,
        None,
        note=note,
        names=labels or (top, bottom),
        event=event,
        top=top,
        bottom=bottom,
        group_column=group_column,
        framework=framework,
        indicator=indicator,
        section=section,
        breakdown=breakdown,
        group=f"{top} ÷ {bottom}",
        measure="relative_likelihood",
    )


def ratios_by_org(
    ctx: Context,
    tally: pd.DataFrame,
    figures_of: Callable[[float, float, float, float], dict[str, object]] | None = None,
    *,
    event: str,
    top: str,
    bottom: str,
    group_column: str,
    note: str = "",
    names: tuple[str, str] | None = None,
    who: str = "people",
    **labels: str,
) -> pd.DataFrame:
    """One ratio row per org of ``top``'s rate ÷ ``bottom``'s. By default every organisation's figures come
    from one vectorised score test (:func:`ratio_figures`; the groups are named ``names`` and counted as
    ``who`` in notes and reasons); a ``figures_of(a, n1, c, n2)`` given instead makes one row's
    ``_RATIO_KEYS`` from its four counts. ``labels``: framework, indicator, section, breakdown, group and
    measure of the rows."""
    wide = by_group(tally[["org", group_column, "people", event]], [], group_column)
    counts = count_columns(wide, (event, top), ("people", top), (event, bottom), ("people", bottom))
    if figures_of is None:
        columns = ratio_figures(ctx, *counts, note=note, labels=names or (top, bottom), who=who)
    else:
        figures = [figures_of(*four) for four in zip(*(c.tolist() for c in counts), strict=True)]
        columns = {key: [f[key] for f in figures] for key in _RATIO_KEYS}
    return rows(org=wide.index.to_numpy(dtype=object), year=ctx.year, headline=True, **labels, **columns)


def ratio_figures(
    ctx: Context, a, n1, c, n2, *, note: str, labels: tuple[str, str], who: str = "people"
) -> dict[str, object]:
    """The ``_RATIO_KEYS`` columns of many ratio rows at once: (a/n1) ÷ (c/n2) per element, with the score
    interval and p-value of :func:`stats.ratio_inference_arrays` (the figures :func:`stats.ratio_inference`
    gives table by table). Counts may be fractional (respondents implied by published percentages)."""
    _zero_cells(ctx)
    a, n1, c, n2 = (np.asarray(x, dtype=np.float64) for x in (a, n1, c, n2))
    result = stats.ratio_inference_arrays(a, n1, c, n2, confidence=ctx.config.confidence)
    ok = result.calculable
    empty1, empty2 = n1 <= 0, n2 <= 0
    reason = np.select(
        [empty1 & empty2, empty1, empty2, ~ok],
        [
            f"no {labels[0]} or {labels[1]} {who} in the denominator",
            f"no {labels[0]} {who} in the denominator",
            f"no {labels[1]} {who} in the denominator",
            f"fewer than 2 {who} in all",
        ],
        "",
    )
    notes = _notes(note, bound_notes(result.bound, labels), small_numbers(a, n1, c, n2))
    shown = zip(result.value.tolist(), result.bound.tolist(), ok.tolist(), strict=True)
    flags = [band_flag(ctx, v) if bound == "" and calculable else "" for v, bound, calculable in shown]
    return {
        "value": result.value,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "p_value": result.p_value,
        "significant": np.where(ok, result.significant, None),
        "status": np.where(ok, "computed", "not_calculable"),
        "reason": reason,
        "note": notes,
        "flag": np.array(flags, dtype=object),
    }


def _notes(note: str, bound_notes: np.ndarray, small: np.ndarray) -> np.ndarray:
    """Each row's note: the indicator's, then how to read a zero rate, then the small-numbers caution."""
    parts = zip(bound_notes.tolist(), np.asarray(small).tolist(), strict=True)
    return np.array(
        ["; ".join(x for x in (note, bound, SMALL_NUMBERS if tiny else "") if x) for bound, tiny in parts],
        dtype=object,
    )


def _zero_cells(ctx: Context) -> None:
    if ctx.config.zero_cells == "haldane":
        ctx.warn(ZERO_CELLS_WARNING)


def _ratio_columns(ctx: Context, a, n1, c, n2, *, note: str, labels: tuple[str, str]) -> dict[str, object]:
    """The figures of one relative-likelihood row (``_RATIO_KEYS``) from the four counts: those
    :func:`ratio_figures` gives for the same table."""
    _zero_cells(ctx)
    result = stats.ratio_inference(a, n1, c, n2, confidence=ctx.config.confidence, labels=labels)
    return {
        "value": _num(result.value),
        "ci_low": _num(result.ci_low),
        "ci_high": _num(result.ci_high),
        "p_value": _num(result.p_value),
        "significant": pd.NA if result.significant is None else result.significant,
        "status": result.status,
        "reason": result.reason,
        "note": _notes(note, bound_notes([result.bound], labels), small_numbers(a, n1, c, n2).reshape(1))[0],
        "flag": band_flag(ctx, result.value) if result.bound == "" else "",
    }


def ratio_row(
    ctx: Context,
    indicator: str,
    org: str,
    a: float,
    n1: float,
    c: float,
    n2: float,
    *,
    group: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    labels: tuple[str, str] = ("group 1", "group 2"),
) -> pd.DataFrame:
    """One relative-likelihood row from the four counts."""
    return rows(
        framework=framework,
        indicator=indicator,
        org=org,
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=group,
        measure="relative_likelihood",
        headline=True,
        **_ratio_columns(ctx, a, n1, c, n2, note=note, labels=labels),
    )


def _num(value: float | None) -> float:
    return np.nan if value is None else float(value)


def two_year_likelihood_rows(
    ctx: Context,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    breakdown: str,
    labels: tuple[str, str],
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    dataset: str = "workforce",
) -> pd.DataFrame:
    """A relative likelihood by the configured two-year method (``indicator_3_method``), always labelled.

    ``pooled-2y`` adds the counts of the reporting and previous year (equal to averaging them), ``1y`` uses
    the reporting year, ``mean-of-ratios`` averages the two yearly ratios (no interval). Without the previous
    year the single-year figure is given with a warning.
    """
    method, year = ctx.config.indicator_3_method, ctx.year
    what = f"{framework} {indicator}"
    if year is None:
        if method != "1y":
            ctx.warn(f"{what}: the {dataset} file has no year column, so the two-year method cannot be used")
        method, years = "1y", None
    elif method != "1y" and year - 1 not in ctx.years(dataset):
        ctx.warn(
            f"{what}: no {year - 1} data in the {dataset} file for the two-year method; used {year} alone"
        )
        method, years = "1y", [year]
    else:
        years = [year] if method == "1y" else [year - 1, year]
    common = dict(
        event=event, top=top, bottom=bottom, labels=labels, framework=framework, group_column=group_column
    )
    if method != "mean-of-ratios":
        if method == "pooled-2y":
            note = f"two-year rolling average (counts of {years[0]} and {years[1]} pooled)"
        else:
            note = f"single year {years[0]}" if years else "single snapshot"
        tally = ctx.tally(dataset, [group_column], events=[event], years=years)
        return likelihood_rows(ctx, tally, indicator, breakdown=breakdown, note=note, **common)
    parts, ratios = [], []
    for one in years:
        tally = ctx.tally(dataset, [group_column], events=[event], years=[one])
        yearly = likelihood_rows(
            ctx, tally, indicator, breakdown=f"{breakdown}, {one}", note=f"year {one}", **common
        )
        yearly["headline"] = False
        parts.append(yearly)
        ratios.append(yearly.loc[yearly["measure"] == "relative_likelihood", ["org", "value", "reason"]])
    both = ratios[0].merge(ratios[1], on="org", suffixes=("_a", "_b"))
    value_a, value_b = both["value_a"].to_numpy(float), both["value_b"].to_numpy(float)
    ok = np.isfinite(value_a) & np.isfinite(value_b)
    why = both["reason_a"].where(both["reason_a"] != "", both["reason_b"])
    why = why.where(why != "", "a rate of 0% gives it no finite value").to_numpy()
    parts.append(
        rows(
            framework=framework,
            indicator=indicator,
            org=both["org"].to_numpy(),
            year=ctx.year,
            group=f"{top} ÷ {bottom}",
            breakdown=breakdown,
            measure="relative_likelihood",
            value=np.where(ok, (value_a + value_b) / 2, np.nan),
            status=np.where(ok, "computed", "not_calculable"),
            reason=np.where(
                ok,
                "no confidence interval for a mean of yearly ratios",
                "a yearly ratio is not calculable: " + why,
            ),
            note=f"mean of the {years[0]} and {years[1]} ratios",
            headline=True,
        )
    )
    return pd.concat(parts, ignore_index=True)


def group_ratio_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    reference: str,
    groups: Sequence[str],
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Rates of every group and, for each of ``groups`` other than ``reference``, its rate ÷ the reference's."""
    rates = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    rates["note"] = note
    parts = [rates]
    for group in groups:
        if group == reference:
            continue
        parts.append(
            ratio_rows(
                ctx,
                tally,
                indicator,
                event=event,
                top=group,
                bottom=reference,
                breakdown=breakdown,
                note=note,
                framework=framework,
                group_column=group_column,
            )
        )
    return pd.concat(parts, ignore_index=True)

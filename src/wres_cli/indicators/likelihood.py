"""Relative likelihoods: each group's rate of an event and the ratio of two groups' rates, with the Katz
interval and Fisher's exact p-value; the two-year methods and one ratio per group against a reference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.indicators.rows import GROUP, band_flag, by_group, count_columns, percent_rows, rows
from wres_cli.statistics import proportions as stats

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["group_ratio_rows", "likelihood_rows", "ratio_row", "ratio_rows", "two_year_likelihood_rows"]

# the figures of a ratio row that depend on its four counts
_RATIO_KEYS = ("value", "ci_low", "ci_high", "p_value", "significant", "status", "reason", "note", "flag")


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
    """The relative-likelihood row per org, with Katz interval, Fisher p-value and the optional band flag."""
    labels = labels or (top, bottom)
    return ratios_by_org(
        ctx,
        tally,
        lambda *four: _ratio_columns(ctx, *four, note=note, labels=labels),
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
    figures_of: Callable[[float, float, float, float], dict[str, object]],
    *,
    event: str,
    top: str,
    bottom: str,
    group_column: str,
    **labels: str,
) -> pd.DataFrame:
    """One ratio row per org: ``figures_of(a, n1, c, n2)`` gives its ``_RATIO_KEYS`` from the four counts
    (called once per organisation; Fisher's test is exact, table by table). ``labels``: framework,
    indicator, section, breakdown, group and measure of the rows."""
    wide = by_group(tally[["org", group_column, "people", event]], [], group_column)
    counts = count_columns(wide, (event, top), ("people", top), (event, bottom), ("people", bottom))
    figures = [figures_of(*four) for four in zip(*(c.tolist() for c in counts), strict=True)]
    return rows(
        org=wide.index.to_numpy(dtype=object),
        year=ctx.year,
        headline=True,
        **labels,
        **{key: [f[key] for f in figures] for key in _RATIO_KEYS},
    )


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


def _ratio_columns(ctx: Context, a, n1, c, n2, *, note: str, labels: tuple[str, str]) -> dict[str, object]:
    """The figures of one relative-likelihood row (``_RATIO_KEYS``) from the four counts."""
    result = stats.relative_likelihood(
        int(a),
        int(n1),
        int(c),
        int(n2),
        confidence=ctx.config.confidence,
        zero_cells=ctx.config.zero_cells,
        labels=labels,
    )
    return {
        "value": _num(result.value),
        "ci_low": _num(result.ci_low),
        "ci_high": _num(result.ci_high),
        "p_value": _num(result.p_value),
        "significant": pd.NA if result.significant is None else result.significant,
        "status": result.status,
        "reason": result.reason,
        "note": "; ".join(n for n in (note, result.note) if n),
        "flag": band_flag(ctx, result.value),
    }


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
    ok = (both["value_a"].notna() & both["value_b"].notna()).to_numpy()
    why = both["reason_a"].where(both["reason_a"] != "", both["reason_b"]).to_numpy()
    parts.append(
        rows(
            framework=framework,
            indicator=indicator,
            org=both["org"].to_numpy(),
            year=ctx.year,
            group=f"{top} ÷ {bottom}",
            breakdown=breakdown,
            measure="relative_likelihood",
            value=((both["value_a"] + both["value_b"]) / 2).to_numpy(),
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

"""Benchmarking with --by org: each organisation's figure for every indicator, its place on a funnel plot
and (kept for compatibility, not to be read as a league table) its rank and quartile.

The funnel (statistics/funnel.py, docs/funnel.md) is how organisations are compared: for every percentage and
ratio, each organisation's z-score against the overall ("All") figure, its 95% and 99.8% control limits and
whether it lies above, within or below the 99.8% limits, with the over-dispersion adjustment chosen by
``funnel_overdispersion``. Only published figures enter it: a withheld or not calculable figure gets no
z-score, limits or outcome and is left out of the over-dispersion estimate.

Rank 1 is the best figure by the same rule as the trend (see trends.py); descriptive figures (the BME share
of the workforce) rank highest first and are not a judgement. Suppressed or not calculable figures are not
ranked. A rank ignores how big each organisation is, so a small one comes top or bottom by chance.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.schema import ALL
from wres_cli.results.trends import HIGHER, LOWER, RATIOS, TOWARDS_ONE, tracked
from wres_cli.statistics.funnel import (
    LEVELS,
    proportion_funnel,
    proportion_limits,
    ratio_funnel,
    ratio_limits,
)

if TYPE_CHECKING:
    from wres_cli.results.model import Results

LIMITS = ("funnel_low_95", "funnel_high_95", "funnel_low_998", "funnel_high_998")  # in the order of LEVELS
FUNNEL_COLUMNS = ("funnel_z", *LIMITS, "funnel_outcome", "funnel_dispersion")
BENCHMARK_COLUMNS = (
    "framework",
    "indicator",
    "section",
    "breakdown",
    "group",
    "measure",
    "org",
    "year",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "significant",
    "status",
    "reason",
    "suppression",
    "better",
    "rank",
    "quartile",
    "ranked",
    *FUNNEL_COLUMNS,
)
KEY = ["framework", "indicator", "section", "breakdown", "group", "measure"]
FUNNELLED = ("percent", *RATIOS)  # the measures compared on a funnel plot


def benchmark_table(results: Results) -> pd.DataFrame:
    """One row per indicator and organisation (plus "All" as the reference, unranked)."""
    table = tracked(results.rows, results.indicators)
    table = table.loc[table["key"]].copy()
    value = pd.to_numeric(table["value"], errors="coerce").to_numpy(float)
    better = table["better"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.select(
            [better == TOWARDS_ONE, better == LOWER, better == HIGHER],
            [np.abs(np.log(np.where(value > 0, value, np.nan))), value, -value],
            -value,
        )
    rankable = (table["org"] != ALL).to_numpy() & ~np.isnan(score)
    table["score"] = np.where(rankable, score, np.nan)
    groups = table.groupby(KEY, sort=False, dropna=False)["score"]
    table["rank"] = groups.rank(method="min").astype("Int64")
    table["ranked"] = groups.transform("count").astype("Int64")
    ranked = table["ranked"].where(table["rank"].notna())
    table["quartile"] = (1 + (4 * (table["rank"] - 1)) // ranked).astype("Int64")
    table = add_funnels(table, results.config.confidence, results.config.funnel_overdispersion)
    table = table.sort_values([*KEY[:2], "rank"], kind="stable", na_position="first")
    return table[list(BENCHMARK_COLUMNS)].reset_index(drop=True)


def _numbers(series: pd.Series) -> np.ndarray:
    """Withheld text ('<10', '*') becomes NaN."""
    return pd.to_numeric(series, errors="coerce").to_numpy(float)


def _log_se(table: pd.DataFrame, confidence: float) -> np.ndarray:
    """The standard error of ln(ratio), read back from the published interval: (ln high − ln low) / (2·z)."""
    low, high = _numbers(table["ci_low"]), _numbers(table["ci_high"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(high) - np.log(low)) / (2 * NormalDist().inv_cdf(0.5 + confidence / 2))


def _published(table: pd.DataFrame) -> np.ndarray:
    """Each row's value where it is computed and not withheld, else NaN."""
    published = (table["status"] == "computed").to_numpy() & table["suppression"].fillna("").eq("").to_numpy()
    return np.where(published, _numbers(table["value"]), np.nan)


def add_funnels(table: pd.DataFrame, confidence: float, overdispersion: str) -> pd.DataFrame:
    """The funnel columns of each percentage and ratio: every organisation against the "All" row of the same
    figure. A percentage is p = value/100 of ``denominator`` people; a ratio's standard error on the log scale
    is read back from its published interval, (ln high − ln low) / (2·z) at ``confidence``."""
    value, people, log_se = _published(table), _numbers(table["denominator"]), _log_se(table, confidence)
    reference = (table["org"] == ALL).to_numpy()
    columns = {c: np.full(len(table), np.nan) for c in FUNNEL_COLUMNS}
    columns["funnel_outcome"] = np.full(len(table), "", dtype=object)
    figures = table.groupby(KEY, sort=False, dropna=False).indices.values()
    for rows in figures:
        measure = table["measure"].iat[rows[0]]
        centre, units = rows[reference[rows]], rows[~reference[rows]]
        if (
            measure not in FUNNELLED
            or len(centre) != 1
            or not np.isfinite(value[centre[0]])
            or not len(units)
        ):
            continue
        if measure == "percent":
            funnel = proportion_funnel(value[units] / 100, people[units], value[centre[0]] / 100,
                                       overdispersion=overdispersion)  # fmt: skip
            unit = 100.0
        else:
            funnel = ratio_funnel(
                value[units], log_se[units], value[centre[0]], overdispersion=overdispersion
            )
            unit = 1.0
        columns["funnel_z"][units] = funnel.z
        for level, (low, high) in zip(LEVELS, (LIMITS[:2], LIMITS[2:]), strict=True):
            columns[low][units] = funnel.low[level] * unit
            columns[high][units] = funnel.high[level] * unit
        columns["funnel_outcome"][units] = funnel.outcome
        placed = units[funnel.outcome != ""]
        columns["funnel_dispersion"][placed] = np.nan if funnel.phi is None else funnel.phi
    return table.assign(**columns)


@dataclass(frozen=True)
class FunnelCurves:
    """What a funnel chart of one figure draws: its organisations' positions along the x axis (people for a
    percentage, the precision 1/SE² of ln(ratio) for a ratio; NaN where withheld), the centre and the control
    limits of each level of ``LEVELS`` along ``x``, on the figure's scale (percent or ratio)."""

    x: np.ndarray
    low: dict[float, np.ndarray]
    high: dict[float, np.ndarray]
    centre: float
    units_x: np.ndarray


def funnel_curves(
    part: pd.DataFrame, confidence: float, overdispersion: str, size: int = 121
) -> FunnelCurves | None:
    """The curves of one figure's funnel chart (``part``: its benchmark rows, "All" among them), drawn with
    the same limits and over-dispersion adjustment as the funnel columns; None without a published centre."""
    value = _published(part)
    reference = (part["org"] == ALL).to_numpy()
    if reference.sum() != 1 or not np.isfinite(value[reference][0]) or reference.all():
        return None
    centre, units = float(value[reference][0]), ~reference
    percent = part["measure"].iat[0] == "percent"
    if percent:
        units_x = np.where(np.isfinite(value[units]), _numbers(part["denominator"])[units], np.nan)
        funnel = proportion_funnel(value[units] / 100, units_x, centre / 100, overdispersion=overdispersion)
    else:
        se = _log_se(part, confidence)[units]
        with np.errstate(divide="ignore"):
            units_x = np.where(np.isfinite(value[units]) & (se > 0), 1 / se**2, np.nan)
        funnel = ratio_funnel(value[units], se, centre, overdispersion=overdispersion)
    shown = units_x[np.isfinite(units_x)]
    if not len(shown):
        return None
    top = shown.max() * 1.08
    x = np.unique(np.rint(np.geomspace(1, top, size))) if percent else np.geomspace(top / 400, top, size)
    low, high = {}, {}
    for level in LEVELS:
        if percent:
            limits = proportion_limits(x, centre / 100, level, funnel.scale) * 100
        else:
            limits = ratio_limits(1 / np.sqrt(x), centre, level, funnel.scale)
        low[level], high[level] = limits[0], limits[1]
    return FunnelCurves(x, low, high, centre, units_x)

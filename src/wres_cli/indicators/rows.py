"""The tidy row and the builders every other one rests on: percentages, differences, 'not computed'.

Each builder takes a tally (see :meth:`Context.tally`) and returns tidy rows with counts beside every figure,
confidence intervals, and a status and reason wherever a figure cannot be calculated. The other builders live
beside this module by kind of figure: ``likelihood`` (relative likelihoods), ``survey`` (staff-survey
percentages), ``shares`` (compositions, shares, means, narratives) and ``readings`` (headline sentences);
plugin authors import all of them from ``wres_cli``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.schema import COLUMNS
from wres_cli.indicators.readings import SMALL_NUMBERS, small_numbers
from wres_cli.statistics import proportions as stats

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["band_flag", "difference_rows", "not_computed", "percent_rows", "rows"]

GROUP = "ethnicity"  # the canonical column compared unless a builder is told another


def rows(**columns) -> pd.DataFrame:
    """Tidy rows from column values (scalars broadcast); absent columns get their empty default."""
    length = max((len(v) for v in columns.values() if _is_vector(v)), default=1)
    defaults = {
        "numerator": np.nan,
        "denominator": np.nan,
        "value": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "p_value": np.nan,
        "significant": pd.NA,
        "status": "computed",
        "reason": "",
        "note": "",
        "flag": "",
        "headline": False,
        "suppression": "",
        "section": "",
        "breakdown": "",
        "group": "",
        "year": pd.NA,
    }
    data = {}
    for name in COLUMNS:
        value = columns.get(name, defaults.get(name))
        data[name] = value if _is_vector(value) else [value] * length
    frame = pd.DataFrame(data)
    frame["significant"] = frame["significant"].astype("boolean")
    return frame


def _is_vector(value: object) -> bool:
    return isinstance(value, (list, tuple, np.ndarray, pd.Series, pd.Index))


def percent_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    numerator: str,
    denominator: str,
    section: str = "",
    breakdown: str | pd.Series = "",
    group: str | pd.Series | None = None,
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """One percentage row per tally row: numerator / denominator x 100 with a Wilson interval."""
    num = tally[numerator].to_numpy(dtype=float)
    den = tally[denominator].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan)
    low, high = stats.wilson_interval(num, den, ctx.config.confidence)
    low, high = np.asarray(low, float) * 100, np.asarray(high, float) * 100
    empty = den <= 0
    return rows(
        framework=framework,
        indicator=indicator,
        org=tally["org"].to_numpy(),
        year=ctx.year,
        section=section,
        breakdown=_vector(breakdown, tally),
        group=_vector(group, tally, group_column),
        measure="percent",
        numerator=num,
        denominator=den,
        value=value,
        ci_low=low,
        ci_high=high,
        status=np.where(empty, "not_calculable", "computed"),
        reason=np.where(empty, "no people in this group", ""),
    )


def _vector(
    value: str | pd.Series | None, tally: pd.DataFrame, default_column: str | None = None
) -> np.ndarray:
    if value is None:
        value = tally[default_column]
    if isinstance(value, pd.Series):
        return value.astype(str).to_numpy()
    return np.full(len(tally), value, dtype=object)


def count_columns(wide: pd.DataFrame, *keys: tuple[str, str]) -> list[np.ndarray]:
    """The (measure, group) columns of a :func:`by_group` table as float arrays, one per key (shared with the
    other builder modules; not one of the public names)."""
    return [wide[key].to_numpy(dtype=np.float64) for key in keys]


def by_group(tally: pd.DataFrame, keys: Sequence[str], group_column: str = GROUP) -> pd.DataFrame:
    """Tally rows indexed by org (+ keys) with one column block per group, so that two groups' counts line up
    organisation by organisation without a loop."""
    return tally.set_index(["org", *keys, group_column]).unstack(group_column, fill_value=0)


def difference_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    first: str = "BME",
    second: str = "White",
    section: str = "",
    breakdown: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Percentage-point difference first − second per org, with the Miettinen–Nurminen score interval and the
    p-value of the same score test (so "significant", p and the interval agree; see docs/statistics.md)."""
    wide = by_group(tally[["org", group_column, "people", event]], [], group_column)
    k1, n1, k2, n2 = count_columns(
        wide, (event, first), ("people", first), (event, second), ("people", second)
    )
    result = stats.difference_inference_arrays(k1, n1, k2, n2, confidence=ctx.config.confidence)
    calculable = result.calculable
    value, ci_low, ci_high = (100.0 * x for x in (result.value, result.ci_low, result.ci_high))
    significant = np.where(calculable, result.significant, None)
    status = np.where(calculable, "computed", "not_calculable")
    empty1, empty2 = n1 <= 0, n2 <= 0
    reason = np.select(
        [empty1 & empty2, empty1, empty2],
        [f"no {first} and {second} respondents", f"no {first} respondents", f"no {second} respondents"],
        "",
    )
    return rows(
        framework=framework,
        indicator=indicator,
        org=wide.index.to_numpy(dtype=object),
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=f"{first} − {second}",
        measure="difference_pp",
        value=value,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=result.p_value,
        significant=significant,
        status=status,
        reason=reason,
        note=np.where(calculable & small_numbers(k1, n1, k2, n2), SMALL_NUMBERS, ""),
        headline=True,
    )


def not_computed(
    indicator: str, reason: str, framework: str = "nhs-wres", year: int | None = None
) -> pd.DataFrame:
    """The single row of an indicator whose input was not given."""
    return rows(
        framework=framework,
        indicator=indicator,
        org="All",
        year=year,
        status="not_computed",
        reason=reason,
        headline=True,
        measure="",
    )


def band_flag(ctx: Context, value: float | None) -> str:
    """Descriptive marker for a ratio outside the optional --band; never a verdict."""
    band = ctx.config.band
    if band is None or value is None or band[0] <= value <= band[1]:
        return ""
    return f"outside {band[0]:.2f}–{band[1]:.2f}"

"""Builders shared by every framework for figures that are not rates of an event: each group's share of a band
or of everyone, the gap between two shares, mean scores, and a written account in place of a number."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.indicators.rows import GROUP, percent_rows, rows

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = ["composition_rows", "mean_rows", "narrative_rows", "share_gap_rows", "share_rows"]


def composition_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    key: str,
    section: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    total: str = "Total",
) -> pd.DataFrame:
    """Share of each group in every value of ``key`` (a pay band, grade or cluster) plus a ``total`` row.

    ``tally`` has columns org, ``key``, ``group_column`` and people; values of ``key`` with nobody in them
    (all organisations together) are left out. Unknown is part of every denominator.
    """
    tally = tally[["org", key, group_column, "people"]].copy()
    tally[key] = tally[key].astype(object).where(tally[key].notna(), "Not recorded")
    order = list(dict.fromkeys(tally[key]))
    totals = tally.groupby(["org", group_column], observed=True, sort=False, as_index=False)["people"].sum()
    totals[key] = total
    both = pd.concat([tally, totals], ignore_index=True)
    both["cell"] = both.groupby(["org", key], sort=False)["people"].transform("sum")
    shown = both.loc[both["org"] == "All"].groupby(key, sort=False)["people"].sum()
    keep = [k for k in [*order, total] if k == total or shown.get(k, 0) > 0]
    both = both.loc[both[key].isin(keep)].copy()
    both[key] = pd.Categorical(both[key], categories=keep)
    both = both.sort_values(["org", key, group_column], kind="stable")
    return percent_rows(
        ctx,
        both,
        indicator,
        numerator="people",
        denominator="cell",
        section=section,
        breakdown=both[key],
        framework=framework,
        group_column=group_column,
    )


def share_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    section: str,
    breakdown: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Each group's share of everyone in the tally (org, group, people), Unknown in the denominator."""
    tally = tally.copy()
    tally["total"] = tally.groupby("org")["people"].transform("sum")
    return percent_rows(
        ctx,
        tally,
        indicator,
        numerator="people",
        denominator="total",
        section=section,
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )


def share_gap_rows(
    ctx: Context,
    first: pd.DataFrame,
    second: pd.DataFrame | float,
    indicator: str,
    *,
    group: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    headline: bool = False,
) -> pd.DataFrame:
    """Percentage points: the ``group`` share in ``first`` minus that in ``second`` (rows from
    :func:`share_rows`, or one fixed percentage such as a local population share), per org of ``first``."""
    a = first.loc[first["group"] == group].set_index("org")[["value", "denominator"]]
    if isinstance(second, pd.DataFrame):
        b = second.loc[second["group"] == group].set_index("org")[["value", "denominator"]]
    else:
        b = pd.DataFrame({"value": float(second), "denominator": 1.0}, index=a.index)
    both = a.merge(b, how="left", left_index=True, right_index=True, suffixes=("_a", "_b"))
    empty_a = both["denominator_a"].fillna(0).to_numpy() <= 0
    empty_b = both["denominator_b"].fillna(0).to_numpy() <= 0
    reason = np.where(empty_a, "nobody in the first group", np.where(empty_b, "nobody to compare with", ""))
    calculable = ~(empty_a | empty_b)
    return rows(
        framework=framework,
        indicator=indicator,
        org=both.index.to_numpy(),
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=group,
        measure="difference_pp",
        value=(both["value_a"] - both["value_b"]).where(calculable).to_numpy(),
        status=np.where(calculable, "computed", "not_calculable"),
        reason=reason,
        note=note,
        headline=headline,
    )


def mean_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    total: str,
    first: str,
    second: str,
    scale: float = 1.0,
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Mean score per group (``total`` / people × ``scale``) and the first − second gap (measure ``mean``)."""
    people = tally["people"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(
            people > 0, scale * tally[total].to_numpy(dtype=float) / np.where(people > 0, people, 1), np.nan
        )
    groups_ = tally[group_column].astype(str).to_numpy()
    base = dict(framework=framework, indicator=indicator, year=ctx.year, breakdown=breakdown, note=note)
    per_group = rows(
        **base,
        org=tally["org"].to_numpy(),
        group=groups_,
        measure="mean",
        denominator=people,
        value=mean,
        status=np.where(people > 0, "computed", "not_calculable"),
        reason=np.where(people > 0, "", "no respondents in this group"),
    )
    wide = per_group.pivot_table(index="org", columns="group", values="value", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=[first, second])
    gap = (wide[first] - wide[second]).to_numpy()
    ok = ~np.isnan(gap)
    head = rows(
        **base,
        org=wide.index.to_numpy(),
        group=f"{first} − {second}",
        measure="mean",
        value=gap,
        status=np.where(ok, "computed", "not_calculable"),
        reason=np.where(ok, "", f"no {first} or no {second} respondents"),
        headline=True,
    )
    return pd.concat([per_group, head], ignore_index=True)


def narrative_rows(ctx: Context, indicator: str, text: str, *, framework: str = "nhs-wres") -> pd.DataFrame:
    """The row of a metric that is a written account, not a number."""
    return rows(
        framework=framework,
        indicator=indicator,
        org="All",
        year=ctx.year,
        measure="narrative",
        note=text,
        headline=True,
    )

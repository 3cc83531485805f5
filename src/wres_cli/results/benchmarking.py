"""Benchmarking with --by org: each organisation's figure for every indicator, its rank and quartile.

Rank 1 is the best figure by the same rule as the trend (see trends.py); descriptive figures (the BME share
of the workforce) rank highest first and are not a judgement. Suppressed or not calculable figures are not
ranked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.schema import ALL
from wres_cli.results.trends import HIGHER, LOWER, TOWARDS_ONE, tracked

if TYPE_CHECKING:
    from wres_cli.results.model import Results

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
)
KEY = ["framework", "indicator", "section", "breakdown", "group", "measure"]


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
    table = table.sort_values([*KEY[:2], "rank"], kind="stable", na_position="first")
    return table[list(BENCHMARK_COLUMNS)].reset_index(drop=True)

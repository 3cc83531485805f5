"""Year by year: each indicator's figures for every reporting year in the workforce file up to the chosen one,
with the change against the previous year marked better, worse or no significant change.

What is followed comes from each indicator's ``kind`` and which way is better from its ``better`` (see
``Indicator``), never from a table of ids: a "likelihood" indicator's headline ratio (better "towards 1.00")
and the two groups' rates beside it; a "survey" indicator's percentages and gap (the first group's percentage
judged "lower" or "higher"); a "composition" indicator's share of the first group in every band (judged only
in the senior bands) and overall; a "board" indicator's board-minus-workforce differences. An indicator of no
kind (other frameworks, plugins) has its headline rows followed without a verdict. A change is significant
when a z-test rejects "no change" at the configured level: log ratios with the Katz standard error (read back
from the interval), percentages with a two-proportion test, differences with the standard errors of their
parts.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wres_cli.indicators.contract import Indicator
    from wres_cli.results.model import Results

TREND_COLUMNS = (
    "framework",
    "indicator",
    "org",
    "year",
    "section",
    "breakdown",
    "group",
    "measure",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "status",
    "reason",
    "note",
    "suppression",
    "better",
    "change",
    "change_p",
    "direction",
)
IDENTITY = ["framework", "indicator", "org", "section", "breakdown", "group", "measure"]
SENIOR = (
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
    "Consultants",
    "of which senior medical managers",
)
TOWARDS_ONE, LOWER, HIGHER = "towards 1.00", "lower", "higher"
RATIOS = ("relative_likelihood", "ratio_of_percents")
WORKFORCE = "Overall workforce"  # the section in which a board indicator gives the workforce's shares
COMPARED = r" ÷ | − "  # between the two groups a headline ratio or gap compares ("White ÷ BME", "BME − White")


def tracked(rows: pd.DataFrame, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """The rows followed over time and across organisations, with ``better`` ('' = descriptive) and ``key``
    (the one figure per indicator and org that is charted and ranked); which rows, by each indicator's kind."""
    ident = rows["framework"].astype(str) + ":" + rows["indicator"].astype(str)
    kind = ident.map({i.key: i.kind for i in indicators}).fillna("").to_numpy()
    way = ident.map({i.key: i.better for i in indicators}).fillna("").to_numpy()
    measure = rows["measure"]
    head = rows["headline"].astype(bool).to_numpy()
    computed = (rows["status"] != "not_computed").to_numpy()
    pct, gap = (measure == "percent").to_numpy(), (measure == "difference_pp").to_numpy()
    first, compared = _compared_groups(rows, ident, head)
    typed = kind != ""
    ratio = (kind == "likelihood") & measure.isin(RATIOS).to_numpy() & head
    pairs = pd.MultiIndex.from_arrays([ident, rows["breakdown"]])
    same = pairs.isin(pairs[ratio])
    survey = kind == "survey"
    staff = (kind == "composition") & pct & first
    rates = (kind == "likelihood") & pct & compared & same
    board = (kind == "board") & gap
    keep = computed & ((~typed & head) | staff | ratio | rates | board | (survey & ((pct & compared) | gap)))
    better = np.full(len(rows), "", dtype=object)
    judged = (staff & rows["breakdown"].isin(SENIOR).to_numpy()) | ratio | (survey & pct & first) | board
    better[judged] = way[judged]
    key = (~typed & head) | ratio | (survey & pct & first) | (board & head) | (staff & head)
    out = rows.loc[keep].copy()
    out["kind"] = kind[keep]
    out["better"] = better[keep]
    out["key"] = key[keep]
    return out


def _compared_groups(rows: pd.DataFrame, ident: pd.Series, head: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: is its group the first one its indicator's headline names ("BME" in "BME − White", or the
    group of a headline share), and is it one of the groups compared at all."""
    named_groups = rows.loc[head, "group"].astype(str).str.replace(" %", "", regex=False)  # "X % ÷ Y %"
    heads = named_groups.str.split(COMPARED, n=1, expand=True, regex=True).reindex(columns=[0, 1])
    named = ident[head].to_numpy()
    firsts = pd.MultiIndex.from_arrays([named, heads[0].to_numpy()])
    seconds = pd.MultiIndex.from_arrays([named, heads[1].to_numpy()])
    groups = pd.MultiIndex.from_arrays([ident, rows["group"].astype(str)])
    first = groups.isin(firsts)
    return first, first | groups.isin(seconds)


def trend_table(results: Results, by_year: dict[int, Results], available: dict[str, list[int]]) -> pd.DataFrame:
    """Tracked rows of every year up to the reporting year (``by_year``: each year computed from the same
    inputs), each with the change against the previous year. A year is left out for an indicator whose other
    inputs (recruitment, board, survey) have no rows for it (``available``: the years of each input), so a trend
    never repeats one year's figures."""
    needs = {i.id: {n.partition(".")[0] for n in i.needs} for i in results.indicators}
    confidence = results.config.confidence
    frames = []
    for year, res in by_year.items():
        part = tracked(res.rows, res.indicators)
        part["se"] = standard_errors(part, res.rows, confidence)
        if year != results.year:
            ok = {
                i
                for i, names in needs.items()
                if all(year in available[n] for n in names if n in available)
            }
            part = part.loc[part["indicator"].isin(ok)]
        frames.append(part)
    table = pd.concat(frames[::-1], ignore_index=True)  # the reporting year's order of rows comes first
    table = add_changes(table, confidence)
    return table[[*TREND_COLUMNS, "key"]].reset_index(drop=True)


def _numbers(series: pd.Series) -> np.ndarray:
    """Suppressed text ('<10', '*') becomes NaN."""
    return pd.to_numeric(series, errors="coerce").to_numpy(float)


def standard_errors(part: pd.DataFrame, rows: pd.DataFrame, confidence: float) -> np.ndarray:
    """Standard error of each tracked figure on the scale its change is tested on (log for ratios)."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    value, low, high = _numbers(part["value"]), _numbers(part["ci_low"]), _numbers(part["ci_high"])
    num, den = _numbers(part["numerator"]), _numbers(part["denominator"])
    measure = part["measure"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = num / den
        se = np.full(len(part), np.nan)
        is_ratio = np.isin(measure, RATIOS)
        se[is_ratio] = ((np.log(high) - np.log(low)) / (2 * z))[is_ratio]
        is_pct = measure == "percent"
        se[is_pct] = (100 * np.sqrt(p * (1 - p) / den))[is_pct]
        is_diff = measure == "difference_pp"
        se[is_diff] = ((high - low) / (2 * z))[is_diff]
    missing = is_diff & np.isnan(se) & (part["kind"] == "board").to_numpy() & ~np.isnan(value)
    if missing.any():  # a board gap: the board's share and the workforce's share are independent parts
        se[missing] = [_board_gap_se(rows, r) for r in part.loc[missing].to_dict("records")]
    return se


def _board_gap_se(rows: pd.DataFrame, gap: dict) -> float:
    """Standard error of a board-minus-workforce gap from the two shares' binomial errors."""

    def share_se(section: str) -> float:
        r = rows.loc[
            (rows["framework"] == gap["framework"])
            & (rows["indicator"] == gap["indicator"])
            & (rows["org"] == gap["org"])
            & (rows["section"] == section)
            & (rows["group"] == gap["group"])
            & (rows["measure"] == "percent")
        ]
        if r.empty:
            return np.nan
        num, den = _numbers(r["numerator"])[0], _numbers(r["denominator"])[0]
        p = num / den if den > 0 else np.nan
        return 100 * np.sqrt(p * (1 - p) / den) if den > 0 else np.nan

    return float(np.hypot(share_se(gap["section"]), share_se(WORKFORCE)))


def add_changes(table: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Change against the previous year present, its p-value and the verdict."""
    order = table.groupby(IDENTITY, sort=False, dropna=False).ngroup()  # as the indicators list them
    table = table.assign(_order=order).sort_values(["_order", "year"], kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
    value = _numbers(table["value"])
    ratio = np.isin(table["measure"].to_numpy(), RATIOS)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(ratio, np.log(value), value)
    frame = pd.DataFrame({"value": value, "scale": scale, "se": table["se"].to_numpy(float)})
    previous = frame.groupby([table[c] for c in IDENTITY], sort=False, dropna=False).shift(1)
    has_previous = table.groupby(IDENTITY, sort=False, dropna=False).cumcount().to_numpy() > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        step = frame["scale"].to_numpy() - previous["scale"].to_numpy()
        spread = np.sqrt(frame["se"].to_numpy() ** 2 + previous["se"].to_numpy() ** 2)
        z = np.where(spread > 0, np.abs(step) / spread, np.where(step == 0, 0.0, np.inf))
    p = np.vectorize(math.erfc, otypes=[float])(z / math.sqrt(2)) if len(z) else z
    p = np.where(np.isnan(step) | np.isnan(spread), np.nan, p)
    table["change"] = value - previous["value"].to_numpy()
    table["change_p"] = p
    before = previous["value"].to_numpy()
    table["direction"] = _verdicts(table, has_previous, value, before, p, 1 - confidence)
    table.loc[~has_previous, ["change", "change_p"]] = np.nan
    return table


def _verdicts(table, has_previous, value, before, p, alpha) -> np.ndarray:
    better = table["better"].to_numpy()
    improved = np.select(
        [better == TOWARDS_ONE, better == LOWER, better == HIGHER],
        [
            np.abs(np.log(np.where(value > 0, value, np.nan)))
            < np.abs(np.log(np.where(before > 0, before, np.nan))),
            value < before,
            value > before,
        ],
        False,
    )
    unknown = np.isnan(value) | np.isnan(before)
    out = np.where(p < alpha, np.where(improved, "better", "worse"), "no significant change").astype(object)
    out[np.isnan(p)] = "not assessed (no interval)"
    out[unknown] = "not assessed (suppressed or not calculable)"
    out[(better == "") | ~has_previous] = ""
    return out

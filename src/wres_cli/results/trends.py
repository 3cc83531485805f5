"""Year by year: each indicator's figures for every reporting year in the workforce file up to the chosen one,
with the change against the previous year marked better, worse or no significant change.

What is followed comes from each indicator's ``kind`` and which way is better from its ``better`` (see
``Indicator``), never from a table of ids: a "likelihood" indicator's headline ratio (better "towards 1.00")
and the two groups' rates beside it; a "survey" indicator's percentages and gap (the first group's percentage
judged "lower" or "higher"); a "composition" indicator's share of the first group in every band (judged only
in the senior bands) and overall; a "board" indicator's board-minus-workforce differences. An indicator of no
kind (other frameworks, plugins) has its headline rows followed without a verdict.

Like is compared with like. Each figure is compared with the latest earlier one made the same way: a figure
whose method differs from the year before's (a single year against a pooled two-year figure) is labelled
"not compared: method changed" instead of tested; a pooled two-year figure is compared with the pooled figure
two years before, whose years it does not share (the year before's shares a year with it, so the two are not
independent), and is labelled "not compared: two-year periods overlap" when there is none. A change is
significant when a test rejects "no change" at the configured level: percentages with the score test of two
proportions (the test every comparison of the tool uses), ratios on the log scale with the standard error
of ln(a/n1) − ln(c/n2) from the counts (read back from a two-sided interval where the counts are withheld),
differences with the standard errors of their parts. A ratio with a rate of 0% has no finite logarithm and is
labelled "not compared: a rate of 0%". The labels are :data:`VERDICTS`.
"""

from __future__ import annotations

import math
import re
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.statistics.inference import score_p_value

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
COMPARED = (
    r" ÷ | − "  # between the two groups a headline ratio or gap compares ("White ÷ BME", "BME − White")
)
BETTER, WORSE, NO_CHANGE = "better", "worse", "no significant change"
METHOD_CHANGED = "not compared: method changed"
OVERLAP = "not compared: two-year periods overlap"
ZERO_RATE = "not compared: a rate of 0%"
UNAVAILABLE = "not compared: withheld or not calculable"
NO_TEST = "not compared: no interval"
VERDICTS = (BETTER, WORSE, NO_CHANGE, METHOD_CHANGED, OVERLAP, ZERO_RATE, UNAVAILABLE, NO_TEST)
_POOLED = re.compile(r"counts of (\d{4}) and (\d{4}) pooled")
_MEAN_OF_RATIOS = re.compile(r"mean of the \d{4} and \d{4} ratios")


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


def trend_table(
    results: Results, by_year: dict[int, Results], available: dict[str, list[int]]
) -> pd.DataFrame:
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
                i for i, names in needs.items() if all(year in available[n] for n in names if n in available)
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
    """Standard error of each tracked figure on the scale its change is tested on (log for ratios).

    A ratio's is that of ln(a/n1) − ln(c/n2), √(1/a − 1/n1 + 1/c − 1/n2), from the counts of the two groups'
    percentage rows (none when a rate is 0%); a gap's, √(p1(1 − p1)/n1 + p2(1 − p2)/n2). Where those counts
    are withheld, it is read back from a two-sided interval, (high − low)/2z on the figure's scale."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    value, low, high = _numbers(part["value"]), _numbers(part["ci_low"]), _numbers(part["ci_high"])
    num, den = _numbers(part["numerator"]), _numbers(part["denominator"])
    measure = part["measure"].to_numpy()
    is_ratio, is_pct, is_diff = np.isin(measure, RATIOS), measure == "percent", measure == "difference_pp"
    a, n1, c, n2 = _group_counts(part, rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        p, p1, p2 = num / den, a / n1, c / n2
        se = np.full(len(part), np.nan)
        ratio_se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        ratio_se = np.where(
            np.isnan(ratio_se) & (high < np.inf), (np.log(high) - np.log(low)) / (2 * z), ratio_se
        )
        se[is_ratio] = np.where((a == 0) | (c == 0), np.nan, ratio_se)[is_ratio]
        se[is_pct] = (100 * np.sqrt(p * (1 - p) / den))[is_pct]
        gap_se = 100 * np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        se[is_diff] = np.where(np.isnan(gap_se), (high - low) / (2 * z), gap_se)[is_diff]
    missing = is_diff & np.isnan(se) & (part["kind"] == "board").to_numpy() & ~np.isnan(value)
    if missing.any():  # a board gap: the board's share and the workforce's share are independent parts
        se[missing] = [_board_gap_se(rows, r) for r in part.loc[missing].to_dict("records")]
    return se


def _group_counts(part: pd.DataFrame, rows: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(a, n1, c, n2) of each ratio or gap in ``part``: the numerator and denominator of the percentage rows
    of its two groups ("White ÷ BME", "BME % ÷ White %", "BME − White") in the same section and breakdown;
    NaN where a row compares no two groups or their counts are withheld."""
    where = ["framework", "indicator", "org", "section", "breakdown"]
    named = part["group"].astype(str).str.replace(" %", "", regex=False)
    sides = named.str.split(COMPARED, n=1, expand=True, regex=True).reindex(columns=[0, 1])
    percents = rows.loc[rows["measure"] == "percent", [*where, "group", "numerator", "denominator"]]
    percents = percents.astype({k: str for k in [*where, "group"]}).drop_duplicates([*where, "group"])
    out = []
    for side in (0, 1):
        group = sides[side].astype(object)
        keys = part[where].astype(str).assign(group=group.where(group.notna(), "").astype(str).to_numpy())
        found = keys.reset_index(drop=True).merge(percents, on=[*where, "group"], how="left")
        out += [_numbers(found["numerator"]), _numbers(found["denominator"])]
    return tuple(out)


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
    """Change against the latest earlier figure made the same way (see the module's note), its p-value and
    the verdict; rows with nothing to compare keep the reason in ``direction``."""
    order = table.groupby(IDENTITY, sort=False, dropna=False).ngroup()  # as the indicators list them
    table = table.assign(_order=order).sort_values(["_order", "year"], kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
    partner, skipped = compared_with(table)
    value = _numbers(table["value"])
    has = partner >= 0
    at = np.where(has, partner, 0)
    before = np.where(has, value[at], np.nan)
    p = _change_p(table, at, has, value)
    bounded = _bounded(table)
    zero = has & (bounded | bounded[at])  # no finite change on the log scale
    tested = has & ~zero
    with np.errstate(invalid="ignore"):
        table["change"] = np.where(tested, value - before, np.nan)
    table["change_p"] = np.where(tested, p, np.nan)
    table["direction"] = _verdicts(table, has, zero, skipped, value, before, p, 1 - confidence)
    return table


def method_of(note: str) -> str:
    """How a figure was made, as its note says: 'pooled', 'mean of ratios' or 'single' (one year)."""
    if _POOLED.search(note):
        return "pooled"
    return "mean of ratios" if _MEAN_OF_RATIOS.search(note) else "single"


def compared_with(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each row (sorted by figure, then year): the position of the row it is compared with (-1: none),
    and why there is none when there is an earlier row (METHOD_CHANGED or OVERLAP, else "")."""
    notes = table["note"].fillna("").astype(str)
    method = notes.map(method_of).to_numpy()
    years = pd.to_numeric(table["year"], errors="coerce").to_numpy(float)
    pooled = notes.str.extract(_POOLED).apply(pd.to_numeric, errors="coerce").to_numpy(float)
    first = np.where(np.isnan(pooled[:, 0]), years, pooled[:, 0])
    last = np.where(np.isnan(pooled[:, 1]), years, pooled[:, 1])
    position = np.arange(len(table))
    rank = table.groupby(IDENTITY, sort=False, dropna=False).cumcount().to_numpy()
    partner = np.full(len(table), -1)
    skipped = np.full(len(table), "", dtype=object)
    one, two = position - 1, position - 2
    earlier = rank >= 1
    same = earlier & (method == method[np.maximum(one, 0)])
    skipped[earlier & ~same] = METHOD_CHANGED
    apart = same & (last[np.maximum(one, 0)] < first)
    partner[apart] = one[apart]
    overlap = same & ~apart
    second = overlap & (rank >= 2)
    back = np.maximum(two, 0)
    usable = second & (method[back] == method) & (last[back] < first)
    partner[usable] = two[usable]
    skipped[overlap & ~usable] = OVERLAP
    return partner, skipped


def _change_p(table: pd.DataFrame, at: np.ndarray, has: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Two-sided p-value of "no change" per compared row: percentages by the score test of the two years'
    counts, everything else by z = change / √(se² + se_before²) on the figure's scale (log for ratios)."""
    measure = table["measure"].to_numpy()
    ratio = np.isin(measure, RATIOS)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(ratio, np.log(value), value)
        se = table["se"].to_numpy(float)
        step = scale - scale[at]
        spread = np.sqrt(se**2 + se[at] ** 2)
        z = np.where(spread > 0, np.abs(step) / spread, np.where(step == 0, 0.0, np.inf))
    p = np.vectorize(math.erfc, otypes=[float])(z / math.sqrt(2)) if len(z) else z
    p = np.where(np.isnan(step) | np.isnan(spread), np.nan, p)
    num, den = _numbers(table["numerator"]), _numbers(table["denominator"])
    counted = (
        has & (measure == "percent") & np.isfinite(num + den + num[at] + den[at]) & (den > 0) & (den[at] > 0)
    )
    counted &= (num <= den) & (num[at] <= den[at]) & (num >= 0) & (num[at] >= 0)
    if counted.any():
        p[counted] = score_p_value(num[counted], den[counted], num[at][counted], den[at][counted])
    return p


def _bounded(table: pd.DataFrame) -> np.ndarray:
    """Ratios with a rate of 0% on a side: infinite or zero value, or an interval reaching 0 or infinity."""
    value, low, high = _numbers(table["value"]), _numbers(table["ci_low"]), _numbers(table["ci_high"])
    ratio = np.isin(table["measure"].to_numpy(), RATIOS) & (table["status"] == "computed").to_numpy()
    with np.errstate(invalid="ignore"):
        return ratio & ((value == 0) | np.isinf(value) | np.isinf(high) | ((low == 0) & np.isnan(value)))


def _verdicts(table, has, zero, skipped, value, before, p, alpha) -> np.ndarray:
    better = table["better"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
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
    out = np.where(p < alpha, np.where(improved, BETTER, WORSE), NO_CHANGE).astype(object)
    out[np.isnan(p)] = NO_TEST
    out[np.isnan(value) | np.isnan(before)] = UNAVAILABLE
    out[zero] = ZERO_RATE
    out[~has] = skipped[~has]
    out[better == ""] = ""
    return out

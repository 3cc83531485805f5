"""``--groups detailed``: the census groups behind "BME", next to the broad White / BME / Unknown figures.

The broad figures stay exactly as they are: they are the standard. Detailed rows are added beside them, and
none of them is a headline. Each indicator is computed again on a *view* of the same inputs, so that every
formula, method and note is the indicator's own:

- **Shares** (indicator 1's bands, the board): on a view in which each person's group is their census group,
  so each band gives the share of Asian, Black, Mixed and Other staff of the same total as the broad share.
  The minority groups' rows are kept (White's and Unknown's are the broad rows already).
- **Comparisons** (relative likelihoods, survey gaps and ratios): once per minority group, on a view that keeps
  White, Unknown and that group only, so that the indicator compares that group with White exactly as it
  compares BME with White. Its rows are relabelled from "BME" to the group's name.

A table is a comparison table when the broad result has a ratio or a two-group gap in it. The p-values of one
table's comparisons are a family: each comparison's note gives its Holm-adjusted p-value (see
:mod:`wres_cli.statistics.multiple`); its interval, p-value and "significant" are its own, unadjusted.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from wres_cli.core.groups import CENSUS_GROUPS, GROUP_NOT_GIVEN, MINORITY_GROUPS, compared_groups
from wres_cli.statistics.multiple import holm

BROAD_MINORITY = "BME"
NOTE = (
    "ethnic groups (--groups detailed): each group behind BME is compared with White, and the shares of "
    "indicators 1 and 9 are given by group; ESR codes follow the NHS Data Dictionary's headings (D-G Mixed; "
    "H-L Asian; M-P Black; R Chinese and S any other: Other), census labels the 2021 census (Chinese: Asian); "
    "ethnic_groups in the configuration overrides them. Each comparison's note gives its Holm-adjusted p-value "
    "over the comparisons of its indicator; the broad White / BME / Unknown figures are the standard"
)
DETAILED = (*MINORITY_GROUPS, GROUP_NOT_GIVEN)  # the groups detailed rows are about
TABLE = ["indicator", "org", "year", "section", "breakdown"]
RATIOS = ("relative_likelihood", "ratio_of_percents")
_BROAD = re.compile(rf"\b{BROAD_MINORITY}\b")
_VIEW_GROUPS = (CENSUS_GROUPS[0], BROAD_MINORITY, *CENSUS_GROUPS[1:])


def census_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each person's census group as their group (BME stays a category, with nobody in it, so
    that an indicator comparing BME with White still runs; its comparison rows are not kept)."""
    return frame.assign(ethnicity=pd.Categorical(frame["census_group"], categories=_VIEW_GROUPS))


def one_group_view(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    """White, Unknown and ``group`` only; ``group`` in the place of BME (its people are BME already)."""
    keep = (frame["ethnicity"] != BROAD_MINORITY).to_numpy() | (frame["census_group"] == group).to_numpy()
    return frame.loc[keep]


def groups_present(frames: list[pd.DataFrame]) -> list[str]:
    """The detailed groups with anyone in them, in display order."""
    seen = set()
    for frame in frames:
        if "census_group" in frame:
            counted = frame.groupby("census_group", observed=True)["count"].sum()
            seen |= {str(g) for g, n in counted.items() if n > 0}
    return [g for g in DETAILED if g in seen]


def comparison_mask(rows: pd.DataFrame) -> np.ndarray:
    """Rows that compare two groups: a ratio, or a gap between two groups' percentages ("BME − White")."""
    measure, group = rows["measure"].astype(str), rows["group"].astype(str)
    gap = (measure == "difference_pp") & group.str.contains(" − ", regex=False)
    return (measure.isin(RATIOS) | gap).to_numpy()


def _tables(rows: pd.DataFrame) -> pd.Series:
    """Each row's table as one key (indicator, org, year, section, breakdown), missing parts as ''."""
    if rows.empty:
        return pd.Series([], index=rows.index, dtype=object)
    parts = [rows[c].astype(object).where(rows[c].notna(), "").astype(str) for c in TABLE]
    return pd.Series(["\x1f".join(key) for key in zip(*parts, strict=True)], index=rows.index)


def shares(census_rows: pd.DataFrame, broad: pd.DataFrame, present: list[str]) -> pd.DataFrame:
    """The percentages of the ``present`` detailed groups in the tables of ``broad`` that compare no two
    groups."""
    compared = set(_tables(broad.loc[comparison_mask(broad)]))
    keep = (
        (census_rows["measure"] == "percent").to_numpy()
        & census_rows["group"].isin(present).to_numpy()
        & ~_tables(census_rows).isin(compared).to_numpy()
    )
    return census_rows.loc[keep].assign(headline=False)


def comparisons(group_rows: pd.DataFrame, group: str, broad: pd.DataFrame) -> pd.DataFrame:
    """``group``'s rate and its comparisons with White, from a one-group view, in the tables of ``broad``
    that compare two groups; "BME" in the group, reason and note becomes the group's name."""
    compared = set(_tables(broad.loc[comparison_mask(broad)]))
    rows = group_rows.loc[_tables(group_rows).isin(compared).to_numpy()].copy()
    for column in ("group", "reason", "note"):
        rows[column] = (
            rows[column]
            .astype(object)
            .map(lambda text: _BROAD.sub(group, text) if isinstance(text, str) else text)
        )
    mentions = rows["group"].astype(str).map(lambda text: group in compared_groups(text))
    return rows.loc[mentions.to_numpy()].assign(headline=False)


def holm_column(rows: pd.DataFrame) -> np.ndarray:
    """The Holm-adjusted p-value of each comparison over the comparisons of its table (NaN elsewhere)."""
    compared = comparison_mask(rows)
    p = pd.to_numeric(rows["p_value"], errors="coerce").to_numpy(dtype=np.float64)
    adjusted = np.full(len(rows), np.nan)
    positions = np.flatnonzero(compared)
    if not positions.size:
        return adjusted
    tables = _tables(rows.iloc[positions]).to_numpy()
    for table in dict.fromkeys(tables):
        family = positions[tables == table]
        adjusted[family] = holm(p[family])
    return adjusted


def holm_shown(rows: pd.DataFrame) -> np.ndarray:
    """The Holm-adjusted p-values as a table shows them: "*" for every comparison of a table in which one
    p-value is withheld (the adjustment needs them all, and would give the withheld one back)."""
    shown = holm_column(rows).astype(object)
    withheld = (rows["p_value"].astype(str) == "*").to_numpy()
    if withheld.any():
        tables = _tables(rows).to_numpy()
        shown[np.isin(tables, tables[withheld]) & comparison_mask(rows)] = "*"
    return shown


def with_holm(rows: pd.DataFrame) -> pd.DataFrame:
    """Each comparison's note gains its Holm-adjusted p-value over the comparisons of its table."""
    if rows.empty:
        return rows
    adjusted = holm_column(rows)
    tables = _tables(rows)
    family = tables.map(tables[comparison_mask(rows)].value_counts()).fillna(0).to_numpy()
    notes = rows["note"].fillna("").astype(str).to_numpy(dtype=object)
    for i in np.flatnonzero(~np.isnan(adjusted)):
        said = holm_note(adjusted[i], int(family[i]))
        notes[i] = f"{notes[i]}; {said}" if notes[i] else said
    return rows.assign(note=notes)


def holm_note(p: float, family: int) -> str:
    """'Holm-adjusted p = 0.031 over 4 comparisons with White' (the wording the readings use for p)."""
    shown = "< 0.001" if p < 0.001 else f"= {p:.2f}" if p >= 0.1 else f"= {p:.2g}"
    return f"Holm-adjusted p {shown} over {family} comparisons with White"


def group_readings(rows: pd.DataFrame, indicators) -> list[str]:
    """A plain reading of each detailed comparison for "All", in its indicator's own words with the group's
    name for BME ("Asian staff are more likely to ..."), followed by its Holm-adjusted p-value."""
    by_id = {i.id: i for i in indicators}
    group_of = (
        rows["group"].astype(str).map(lambda g: next((p for p in compared_groups(g) if p in DETAILED), ""))
    )
    chosen = comparison_mask(rows) & (group_of != "").to_numpy() & (rows["org"] == "All").to_numpy()
    tables = _tables(rows)
    family = tables[chosen].value_counts()
    adjusted = holm_shown(rows.loc[chosen])
    percent = (rows["measure"] == "percent").to_numpy()
    out = []
    for position, holm_p in zip(np.flatnonzero(chosen), adjusted, strict=True):
        head, group = rows.iloc[position].to_dict(), group_of.iloc[position]
        indicator = by_id.get(head["indicator"])
        if indicator is None or indicator.describe is None:
            continue
        if isinstance(head["value"], str):
            out.append(
                f"{head['group']}: withheld ({head['value']}): it would reveal a count below the threshold"
            )
            continue
        same = rows.loc[percent & (tables == tables.iloc[position]).to_numpy()].to_dict("records")
        figures = {BROAD_MINORITY if r["group"] == group else r["group"]: r for r in same}
        broad = {**head, "group": head["group"].replace(group, BROAD_MINORITY)}
        text = _BROAD.sub(group, indicator.describe(broad, figures))
        if isinstance(holm_p, float) and not np.isnan(holm_p):
            text = f"{text.rstrip('.')} ({holm_note(holm_p, int(family[tables.iloc[position]]))})."
        out.append(text)
    return out

"""Small-number suppression, applied once on the tidy result table so no output format can bypass it.

Counts become cells; what the published tables let a reader add up becomes equations (a band's total is the
sum of its groups, a section total the sum of its bands, the "All" organisation the sum of the others, a
group's headcount the same wherever it appears). Counts 1..N-1 are hidden (``small_count``), then further
cells until nothing hidden can be worked out from what is shown (``secondary``), then every figure computed
from a hidden count (``derived_from_suppressed``). Ratios, intervals and p-values built on a withheld count are
withheld too unless ``suppress_ratios`` is turned off; a ratio whose counts are all shown stays published.
Counts in notes, warnings and the inputs' metadata are given as "<N" or rounded (``disclosure_notes``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.groups import compared_groups
from wres_cli.results.disclosure_cells import NOTHING, WHOLE_POPULATION, Cells, build_cells, public_rows
from wres_cli.results.disclosure_notes import protect_texts
from wres_cli.statistics import disclosure, disclosure_lp

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wres_cli.results.model import Results

DERIVED = ("value", "ci_low", "ci_high")
HOLM = re.compile(r"(?P<sep>; )?Holm-adjusted p [^;]*? comparisons with White")
UNPROTECTED = (
    "suppression: some small counts follow from figures that are shown whatever is hidden (for example people "
    "with no organisation, from the organisations' totals); run wres disclosure-check to list them before "
    "publishing, and publish without --by org if they are"
)
HIDDEN = "*"  # a count hidden so a small one cannot be worked out, or a figure computed from hidden counts
COUNTS_IN_WORDS = r" \(\d[\d,.]* of \d[\d,.]*\)"  # "zero rate for BME staff (0 of 6)" names a count


def apply_suppression(results: Results) -> Results:
    """Suppress counts below config.suppress and everything that would reveal them."""
    return protect_together([results])[0]


def protect_together(runs: Sequence[Results], behind: pd.DataFrame | None = None) -> list[Results]:
    """Suppress runs published together (every year of a trend) as one system of counts, so that no
    combination across them gives a hidden count back. ``behind``: rows no reader sees that say what the
    published ones are made of (the single years behind a pooled two-year figure)."""
    frames = [run.rows for run in runs]
    hidden_rows = [] if behind is None or behind.empty else [behind]
    rows = pd.concat(frames + hidden_rows, ignore_index=True)
    published = np.concatenate(
        [np.ones(len(f), bool) for f in frames] + [np.zeros(len(f), bool) for f in hidden_rows]
    )
    cells, num_cell, den_cell = build_cells(rows, published)
    config = runs[0].config
    public = public_rows(rows, config.public)
    open_cells = np.zeros(len(cells.values), bool)  # counts of a public dataset: shown whatever they are
    open_cells[num_cell[public & (num_cell >= 0)]] = True
    open_cells[den_cell[public & (den_cell >= 0)]] = True
    masks = _choose(cells, config, open_cells, _losses(rows, published, num_cell, den_cell))
    out, offset = [], 0
    for run in runs:
        size = len(run.rows)
        part = slice(offset, offset + size)
        out.append(_withhold(run, num_cell[part], den_cell[part], masks, public[part]))
        offset += size
    return out


def _losses(rows: pd.DataFrame, published: np.ndarray, num_cell: np.ndarray, den_cell: np.ndarray):
    """What hiding a set of counts costs a reader: each published percentage withheld, weighted by what it
    is (a headline or a figure behind an indicator's ratio 5, a table's total 3, a band's share 1)."""
    percent = published & (rows["measure"].to_numpy() == "percent") & (num_cell >= 0) & (den_cell >= 0)
    shared = rows.groupby(["framework", "indicator", "org", "year", "section", "breakdown"], dropna=False)[
        "denominator"
    ].transform("nunique")
    weight = np.where(
        rows["headline"].fillna(False).astype(bool).to_numpy() | (shared.to_numpy() > 1),
        5.0,
        np.where(rows["breakdown"].isin(["Total", "All staff"]).to_numpy(), 3.0, 1.0),
    )

    def lost(hidden: np.ndarray) -> float:
        withheld = percent & (hidden[np.maximum(num_cell, 0)] | hidden[np.maximum(den_cell, 0)])
        return float(weight[withheld].sum())

    return lost


def _choose(cells: Cells, config, open_cells: np.ndarray, lost) -> tuple:
    """(hidden, ranged, reason) per cell: the small counts and the further ones hidden to protect them, by
    the way of choosing them (``Cells.costs``) that leaves fewest counts unprotectable, then withholds the least
    (``lost``); and how many counts no hiding could protect."""
    threshold = config.suppress
    values = np.asarray(cells.values, dtype=float)
    unpublished = ~np.asarray(cells.published, dtype=bool)
    free = np.zeros(len(cells.values), bool)
    free[list(cells.free)] = True
    locked = np.array([key == NOTHING for key in cells.index], dtype=bool) | open_cells
    primary = disclosure.primary_mask(values, threshold, suppress_zeros=config.suppress_zeros) & ~unpublished
    primary &= ~locked
    locked |= values == 0  # a hidden zero can only move up, and metadata may say it is zero: never secondary
    bounds = disclosure.reader_bounds(primary, threshold, suppress_zeros=config.suppress_zeros)
    rule = disclosure_lp.Rule(threshold, config.suppress_zeros)
    tried = []
    for cost in cells.costs():
        futile: list[int] = []
        masks = disclosure_lp.protect(
            values,
            cells.equations,
            primary,
            bounds,
            rule,
            implicit=unpublished & ~free,
            free=free,
            cost=cost,
            trim_above=0.0,
            locked=locked,
            futile=futile,
        )
        tried.append((len(futile), lost(primary | masks[0]), masks))
    unprotected, _, (secondary, vague) = min(tried, key=lambda t: t[:2])
    ranged = primary & ~vague  # shown as "<N"; a small count whose range would give a cell away shows as "*"
    hidden = primary | secondary
    # a small count shown as "*" gives "secondary" as its reason: "small_count" would restore its range
    reason = np.where(ranged, "small_count", np.where(hidden, "secondary", ""))
    return hidden, ranged, reason, unprotected


def _withhold(
    results: Results, num_cell: np.ndarray, den_cell: np.ndarray, masks, public: np.ndarray
) -> Results:
    """One run's rows with its hidden counts, and every figure computed from them, withheld."""
    from wres_cli.results.summary import summarise

    hidden, ranged, reason, unprotected = masks
    config = results.config
    threshold = config.suppress
    rows = results.rows.copy()
    label = f"<{threshold}"  # a small count
    for column in ("numerator", "denominator", *DERIVED, "p_value"):
        rows[column] = rows[column].astype(object)
    has_num, has_den = num_cell >= 0, den_cell >= 0
    num_hidden = np.zeros(len(rows), bool)
    den_hidden = np.zeros(len(rows), bool)
    num_hidden[has_num] = hidden[num_cell[has_num]]
    den_hidden[has_den] = hidden[den_cell[has_den]]
    rows.loc[num_hidden, "numerator"] = np.where(ranged[num_cell[num_hidden]], label, HIDDEN)
    rows.loc[den_hidden, "denominator"] = np.where(ranged[den_cell[den_hidden]], label, HIDDEN)
    why = np.where(
        num_hidden, reason[np.maximum(num_cell, 0)], np.where(den_hidden, reason[np.maximum(den_cell, 0)], "")
    )
    rows["suppression"] = why
    rows["reason"] = rows["reason"].fillna("").astype(str).str.replace(COUNTS_IN_WORDS, "", regex=True)
    derived = num_hidden | den_hidden | (_reveals_everyone(rows, threshold) & ~public)
    rows.loc[derived, list(DERIVED)] = HIDDEN
    rows.loc[derived & (rows["suppression"] == ""), "suppression"] = "derived_from_suppressed"
    _suppress_comparisons(rows, derived, HIDDEN, config.suppress_ratios)
    _withhold_adjusted(rows)
    notes = (*results.notes, _withheld_note(rows, threshold))
    warnings = (*results.warnings, UNPROTECTED) if unprotected else results.warnings
    summary = summarise(rows, results.indicators)
    return protect_texts(replace(results, rows=rows, summary=summary, notes=notes, warnings=warnings))


def _withhold_adjusted(rows: pd.DataFrame) -> None:
    """A Holm-adjusted p-value is worked out from every p-value of its family, so it can give a withheld one
    back: where a comparison of a table is withheld, no adjusted p-value of that table is given."""
    notes = rows["note"].fillna("").astype(str)
    adjusted = notes.str.contains("Holm-adjusted p ", regex=False).to_numpy()
    if not adjusted.any():
        return
    parts = [rows[c].map(str) for c in ("framework", "indicator", "org", "year", "section", "breakdown")]
    table = pd.Series(["|".join(key) for key in zip(*parts, strict=True)], index=rows.index)
    withheld = set(table[adjusted & (rows["p_value"].astype(str) == HIDDEN).to_numpy()])
    hit = adjusted & table.isin(withheld).to_numpy()
    said = r"\g<sep>Holm-adjusted p withheld with a comparison of its family"
    rows.loc[hit, "note"] = notes[hit].str.replace(HOLM, said, regex=True)


def _withheld_note(rows: pd.DataFrame, threshold: int) -> str:
    """What was withheld, how much and why, in rows of the tables (no count of people)."""
    why = rows["suppression"].value_counts()
    small, more, derived = (
        int(why.get(k, 0)) for k in ("small_count", "secondary", "derived_from_suppressed")
    )
    return (
        f"Suppression at {threshold}: {small:,} table rows show a count below {threshold} as '<{threshold}'; "
        f"{more:,} more are hidden ('*') so that no hidden count can be worked out from the totals, the other "
        f"groups, organisations or years; {derived:,} figures computed from hidden counts are withheld "
        "(the suppression column says which)"
    )


def _reveals_everyone(rows: pd.DataFrame, threshold: int) -> np.ndarray:
    """0% or 100% of a group smaller than the threshold tells everyone's answer."""
    value = pd.to_numeric(rows["value"], errors="coerce").to_numpy()
    den = pd.to_numeric(rows["denominator"], errors="coerce").to_numpy()
    percent = rows["measure"].to_numpy() == "percent"
    return percent & ((value == 0) | (value == 100)) & (den > 0) & (den < threshold)


def _suppress_comparisons(rows: pd.DataFrame, derived: np.ndarray, label: str, ratios: bool) -> None:
    """Differences between suppressed percentages are suppressed; ratios too when asked."""
    hidden_groups = {
        (r["framework"], r["indicator"], r["org"], r["section"], r["group"])
        for r in rows.loc[derived].to_dict("records")
    }
    for position, r in enumerate(rows.to_dict("records")):
        measure = r["measure"]
        if measure not in ("difference_pp", "relative_likelihood", "ratio_of_percents"):
            continue
        if measure != "difference_pp" and not ratios:
            continue
        parts = compared_groups(r["group"])
        # a board-minus-workforce gap uses the board's share ("Senior management − workforce") and the workforce's
        sections = (r["section"], str(r["section"]).split(" − ")[0].strip(), *WHOLE_POPULATION)
        if any(
            (r["framework"], r["indicator"], r["org"], s, p) in hidden_groups for s in sections for p in parts
        ):
            rows.iloc[position, rows.columns.get_indexer([*list(DERIVED), "p_value"])] = label
            rows.iloc[position, rows.columns.get_loc("suppression")] = "derived_from_suppressed"

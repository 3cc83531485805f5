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
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.schema import ALL
from wres_cli.results.disclosure_notes import protect_texts
from wres_cli.statistics import disclosure, disclosure_lp

if TYPE_CHECKING:
    from wres_cli.results.model import Results

TOTAL = "Total"
SUBSET_PREFIX = "of which"  # rows that are part of another row, not added into totals
DERIVED = ("value", "ci_low", "ci_high")
WHOLE_POPULATION = ("Overall workforce",)
NOTHING = ("the sum of no rows",)  # a count every reader knows is 0: never hidden
HIDDEN = "*"  # a count hidden so a small one cannot be worked out, or a figure computed from hidden counts
COUNTS_IN_WORDS = r" \(\d[\d,.]* of \d[\d,.]*\)"  # "zero rate for BME staff (0 of 6)" names a count


class Cells:
    """A registry of distinct counts (published, or implicit: a count no table shows that follows from the
    others, such as the people with no organisation) and the equations between them."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.values: list[float] = []
        self.published: list[bool] = []
        self.groups: list[str] = []
        self.equations: list[list[int]] = []
        self.seen: set[tuple] = set()
        self.smaller: set[int] = set()  # counts of a group that is not the largest in some row

    def cell(self, key: tuple, value: float, published: bool = True, group: str = TOTAL) -> int:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(float(round(value)))  # respondents implied by a published % may be fractional
            self.published.append(published)
            self.groups.append(group)
        elif published:
            self.published[self.index[key]] = True
        return self.index[key]

    def equation(self, total: int, parts: list[int], residual: tuple | None = None) -> None:
        """Record total = sum(parts) when it holds. When the total is larger and ``residual`` names what the
        difference is (people with no organisation, or no staff group), that difference is a count too: an
        implicit cell completes the equation. Anything else reveals nothing and is left out."""
        parts = [p for p in parts if p != total]
        if not parts:
            return
        gap = self.values[total] - sum(self.values[p] for p in parts)
        if abs(gap) < 1e-9:
            self._add([total, *parts])
        elif gap > 0 and residual is not None:
            extra = self.cell(residual, gap, published=False, group=self.groups[total])
            if extra not in parts and extra != total:
                self._add([total, *parts, extra])

    def _add(self, equation: list[int]) -> None:
        key = (equation[0], *sorted(equation[1:]))
        if key not in self.seen:
            self.seen.add(key)
            self.equations.append(equation)

    def rank(self, members: list[int]) -> None:
        """Among the groups of one row, the largest (other than Unknown) is the cheaper one to hide."""
        named = [int(c) for c in members if self.groups[c] not in ("Unknown", TOTAL)]
        if named:
            largest = max(named, key=lambda c: self.values[c])
            self.smaller.update(c for c in named if c != largest)

    def cost(self) -> np.ndarray:
        """The price of hiding each count: Unknown first, then the largest group of its row, the other groups,
        totals, and zeros last (a zero can only move up; metadata may say it is 0). Below 0 for Unknown,
        which is not shown again once hidden; within a tier, the larger count first (it can move further)."""
        values = np.asarray(self.values, dtype=float)
        tier = np.array([0.0 if g == "Unknown" else 3.0 if g == TOTAL else 1.0 for g in self.groups])
        tier[list(self.smaller)] = np.maximum(tier[list(self.smaller)], 2.0)
        tier[values == 0] = 4.0
        return tier * 1e9 - values


def _people_key(org: str, group: str, value: float) -> tuple:
    """A headcount of a group shown in several places is one cell (merging equal values only ever hides more)."""
    return ("people", org, group, float(value))


def build_cells(rows: pd.DataFrame) -> tuple[Cells, np.ndarray, np.ndarray]:
    """Cells and equations for every percentage row; returns (cells, numerator cell, denominator cell) per row."""
    cells = Cells()
    num_cell = np.full(len(rows), -1)
    den_cell = np.full(len(rows), -1)
    percent = rows["measure"].to_numpy() == "percent"
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for position in np.flatnonzero(percent):
        r = rows.iloc[position]
        blocks[(r["framework"], r["indicator"], r["org"], r["section"], r["breakdown"])].append(position)
    composition_blocks = {}
    block_cells: dict[tuple, dict[str, int]] = {}
    for key, positions in blocks.items():
        _framework, _indicator, org, section, _breakdown = key
        part = rows.iloc[positions]
        shared = part["denominator"].nunique(dropna=False) == 1
        composition_blocks[key] = shared
        whole = section in WHOLE_POPULATION
        members = []
        for position, r in zip(positions, part.to_dict("records"), strict=True):
            if shared:
                nkey = _people_key(org, r["group"], r["numerator"]) if whole else ("n", *key, r["group"])
                dkey = _people_key(org, TOTAL, r["denominator"]) if whole else ("n", *key, TOTAL)
            else:
                nkey = ("e", *key, r["group"])
                dkey = _people_key(org, r["group"], r["denominator"])
            num_cell[position] = cells.cell(nkey, r["numerator"], group=r["group"])
            den_cell[position] = cells.cell(dkey, r["denominator"], group=TOTAL if shared else r["group"])
            members.append(num_cell[position] if shared else den_cell[position])
        cells.rank(members)
        if shared:
            cells.equation(den_cell[positions[0]], members)
            block_cells[key] = {
                **{g: int(num_cell[q]) for q, g in zip(positions, part["group"], strict=True)},
                TOTAL: int(den_cell[positions[0]]),
            }
        else:  # the groups' headcounts add up to everyone, which another table may show
            everyone = float(part["denominator"].sum())
            cells.equation(cells.cell(_people_key(org, TOTAL, everyone), everyone, published=False), members)
    _section_totals(rows, cells, num_cell, composition_blocks)
    _overall_totals(rows, cells, num_cell, den_cell, composition_blocks)
    _org_totals(rows, cells, num_cell, den_cell, percent)
    _senior_totals(cells, block_cells)
    return cells, num_cell, den_cell


def _section_totals(rows: pd.DataFrame, cells: Cells, num_cell: np.ndarray, composition: dict) -> None:
    """A section's Total row is the sum of its other rows, group by group."""
    columns: dict[tuple, dict[str, int]] = defaultdict(dict)
    for position in np.flatnonzero(num_cell >= 0):
        r = rows.iloc[position]
        key = (r["framework"], r["indicator"], r["org"], r["section"], r["breakdown"])
        if not composition.get(key) or str(r["breakdown"]).startswith(SUBSET_PREFIX):
            continue
        columns[(*key[:4], r["group"])][r["breakdown"]] = num_cell[position]
    for by_breakdown in columns.values():
        if TOTAL in by_breakdown and len(by_breakdown) > 1:
            cells.equation(by_breakdown[TOTAL], [c for b, c in by_breakdown.items() if b != TOTAL])
        elif TOTAL in by_breakdown:  # a Total of no rows is 0, whatever is shown
            cells.equation(by_breakdown[TOTAL], [cells.cell(NOTHING, 0.0)])


def _overall_totals(
    rows: pd.DataFrame, cells: Cells, num_cell: np.ndarray, den_cell: np.ndarray, composition: dict
) -> None:
    """The whole workforce of a table is the sum of its sections' Total rows, plus the people in no section
    (no staff group): an implicit count."""
    overall: dict[tuple, dict[str, tuple[int, int]]] = defaultdict(dict)
    sections: dict[tuple, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for position in np.flatnonzero(num_cell >= 0):
        r = rows.iloc[position]
        key = (r["framework"], r["indicator"], r["org"], r["section"], r["breakdown"])
        if not composition.get(key):
            continue
        table = (r["framework"], r["indicator"], r["org"])
        pair = (int(num_cell[position]), int(den_cell[position]))
        if r["section"] in WHOLE_POPULATION:
            overall[table][r["group"]] = pair
        elif r["breakdown"] == TOTAL:
            sections[table][r["group"]].append(pair)
    for table, by_group in overall.items():
        for group, (num, den) in by_group.items():
            parts = sections.get(table, {}).get(group, [])
            if len(parts) < 1:
                continue
            cells.equation(num, [p[0] for p in parts], residual=("no staff group", *table, group))
            cells.equation(den, [p[1] for p in parts], residual=("no staff group", *table, TOTAL))


def _senior_totals(cells: Cells, blocks: dict[tuple, dict[str, int]]) -> None:
    """A row such as "Grade 14 and above" is the sum of another table's grades 14, 15, ... group by group."""
    for (framework, indicator, org, _section, breakdown), counts in blocks.items():
        found = re.match(r"^(.*?)(\d+) and above$", str(breakdown))
        if not found:
            continue
        prefix, first = found.group(1), int(found.group(2))
        by_table: dict[tuple, list[dict[str, int]]] = defaultdict(list)
        for (f, i, o, s, b), other in blocks.items():
            grade = re.match(rf"^{re.escape(prefix)}(\d+)$", str(b))
            if (f, o) == (framework, org) and i != indicator and grade and int(grade.group(1)) >= first:
                by_table[(i, s)].append(other)
        for parts in by_table.values():
            for group, cell in counts.items():
                if all(group in p for p in parts):
                    cells.equation(cell, [p[group] for p in parts])


def _org_totals(
    rows: pd.DataFrame, cells: Cells, num_cell: np.ndarray, den_cell: np.ndarray, percent: np.ndarray
) -> None:
    """With --by org, every count for "All" is the sum of the same count over the organisations."""
    if (rows["org"] != ALL).sum() == 0:
        return
    same: dict[tuple, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for position in np.flatnonzero(percent):
        r = rows.iloc[position]
        for role, cell in (("numerator", num_cell[position]), ("denominator", den_cell[position])):
            key = (r["framework"], r["indicator"], r["section"], r["breakdown"], r["group"], role)
            same[key][r["org"]].add(int(cell))
    for key, by_org in same.items():
        if ALL in by_org and len(by_org) > 1:
            total = next(iter(by_org[ALL]))
            parts = [next(iter(c)) for org, c in by_org.items() if org != ALL]
            cells.equation(total, parts, residual=("no organisation", *key))


def apply_suppression(results: Results) -> Results:
    """Suppress counts below config.suppress and everything that would reveal them."""
    from wres_cli.results.summary import summarise

    config = results.config
    threshold = config.suppress
    rows = results.rows.copy()
    cells, num_cell, den_cell = build_cells(rows)
    values = np.asarray(cells.values, dtype=float)
    unpublished = ~np.asarray(cells.published, dtype=bool)
    locked = np.array([key == NOTHING for key in cells.index], dtype=bool)
    primary = disclosure.primary_mask(values, threshold, suppress_zeros=config.suppress_zeros) & ~unpublished
    primary &= ~locked
    locked |= values == 0  # a hidden zero can only move up, and metadata may say it is zero: never secondary
    bounds = disclosure.reader_bounds(primary, threshold, suppress_zeros=config.suppress_zeros)
    rule = disclosure_lp.Rule(threshold, config.suppress_zeros)
    secondary, vague = disclosure_lp.protect(
        values,
        cells.equations,
        primary,
        bounds,
        rule,
        implicit=unpublished,
        cost=cells.cost(),
        trim_above=0.0,
        locked=locked,
    )
    ranged = primary & ~vague  # shown as "<N"; a small count whose range would give a cell away shows as "*"
    hidden = primary | secondary
    label = f"<{threshold}"  # a small count
    # a small count shown as "*" gives "secondary" as its reason: "small_count" would restore its range
    reason = np.where(ranged, "small_count", np.where(hidden, "secondary", ""))
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
    derived = num_hidden | den_hidden | _reveals_everyone(rows, threshold)
    rows.loc[derived, list(DERIVED)] = HIDDEN
    rows.loc[derived & (rows["suppression"] == ""), "suppression"] = "derived_from_suppressed"
    _suppress_comparisons(rows, derived, HIDDEN, config.suppress_ratios)
    return protect_texts(replace(results, rows=rows, summary=summarise(rows, results.indicators)))


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
        parts = [p.strip() for p in str(r["group"]).replace("÷", "|").replace("−", "|").split("|")]
        # a board-minus-workforce gap uses the board's share ("Senior management − workforce") and the workforce's
        sections = (r["section"], str(r["section"]).split(" − ")[0].strip(), *WHOLE_POPULATION)
        if any(
            (r["framework"], r["indicator"], r["org"], s, p) in hidden_groups for s in sections for p in parts
        ):
            rows.iloc[position, rows.columns.get_indexer([*list(DERIVED), "p_value"])] = label
            rows.iloc[position, rows.columns.get_loc("suppression")] = "derived_from_suppressed"

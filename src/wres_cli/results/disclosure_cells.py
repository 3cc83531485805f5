"""The counts a run publishes, as cells, and what a reader can add up between them, as equations.

Every percentage row gives a numerator and a denominator cell. A band's total is the sum of its groups, a
section's Total row the sum of its bands, the overall workforce the sum of the sections (plus the people in no
section), the "All" organisation the sum of the others (plus the people with no organisation), a senior row
("Grade 14 and above") the sum of another table's grades, and a pooled two-year figure the sum of its two
years. A group's headcount is one cell wherever it appears. Cells are keyed by the years they count, so the
tables of every year of a run (the trend) are one system: a reader who subtracts last year's figure from a
pooled one is modelled.

Counts no table shows, but that follow from the others (the people with no organisation or no staff group,
one year of a pooled figure), are *implicit* cells: never hidden or shown, but judged when they could be
small. Rows that are computed only to know those counts (a single year behind a pooled figure) are given
with ``published=False``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from wres_cli.core.groups import GROUP_NOT_GIVEN, MINORITY_GROUPS
from wres_cli.core.schema import ALL

TOTAL = "Total"
SUBSET_PREFIX = "of which"  # rows that are part of another row, not added into totals
WHOLE_POPULATION = ("Overall workforce",)
NOTHING = ("the sum of no rows",)  # a count every reader knows is 0: never hidden
BROAD_MINORITY = "BME"
DETAILED_GROUPS = (*MINORITY_GROUPS, GROUP_NOT_GIVEN)  # the groups behind BME with --groups detailed
BOARD = "Board"  # the breakdown of a board's own shares (the board file's counts)
# rates whose denominator is a part of each group's workforce, which a reader knows from the published methods:
# a group's staff are its regulated professionals plus the others, so each is at most the other
PARTS_OF_THE_WORKFORCE = {("sc-wres", "4"): "staff who are not regulated professionals"}
_POOLED = re.compile(r"counts of (\d{4}) and (\d{4}) pooled")
_ONE_YEAR = re.compile(r"^(?:single )?year (\d{4})$")


def years_counted(rows: pd.DataFrame) -> list[tuple]:
    """The years each row counts: both of a pooled two-year figure, else the one its note or year names."""
    out = []
    for note, year in zip(rows["note"].fillna("").astype(str), rows["year"], strict=True):
        pooled = _POOLED.search(note)
        one = _ONE_YEAR.match(note)
        if pooled:
            out.append((int(pooled.group(1)), int(pooled.group(2))))
        elif one:
            out.append((int(one.group(1)),))
        else:
            out.append((None if pd.isna(year) else int(year),))
    return out


def _breakdown_of(breakdown: str, years: tuple) -> str:
    """A yearly part of a mean of ratios ("Entered ..., 2025") is the single-year figure of that year."""
    suffix = f", {years[0]}" if len(years) == 1 else None
    return breakdown[: -len(suffix)] if suffix and breakdown.endswith(suffix) else breakdown


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
        self.important: set[int] = set()  # counts behind a headline figure or a table's totals
        self.detailed: set[int] = set()  # counts of a group behind BME (--groups detailed)
        self.whole: set[int] = set()  # the whole workforce of each group (the overall workforce row)
        self.free: set[int] = set()  # unknown counts that only bound others (see at_most): never judged
        self.residuals: dict[tuple, list[tuple]] = {}  # equations with a residual, by table (see settle)

    def cell(self, key: tuple, value: float, published: bool = True, group: str = TOTAL) -> int:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(float(round(value)))  # respondents implied by a published % may be fractional
            self.published.append(published)
            self.groups.append(group)
        elif published:
            self.published[self.index[key]] = True
        return self.index[key]

    def equation(
        self, total: int, parts: list[int], residual: tuple | None = None, family: tuple = ()
    ) -> None:
        """Record total = sum(parts) when it holds. When ``residual`` names what the difference is (people with
        no organisation, or no staff group) the equation waits for ``settle``: that difference is a count too.
        Anything else that does not add up reveals nothing and is left out."""
        parts = [p for p in parts if p != total]
        if not parts:
            return
        gap = self.values[total] - sum(self.values[p] for p in parts)
        if residual is not None and gap > -1e-9:
            self.residuals.setdefault(family, []).append((total, parts, residual, gap))
        elif abs(gap) < 1e-9 and residual is None:
            self._add([total, *parts])

    def at_most(self, whole: int, part: int, key: tuple) -> None:
        """A part is at most its whole (a rate's events are among its people, a group's regulated professionals
        among its staff): whole = part + the rest, where the rest is an unknown count a reader knows only to be
        0 or more. It bounds the others (a hidden whole is at least a shown part) and is never judged itself:
        no table shows it and the standard's methods name no such count."""
        if whole == part or whole < 0 or part < 0:
            return
        gap = self.values[whole] - self.values[part]
        if gap < -1e-9:
            return
        rest = self.cell(key, gap, published=False, group=self.groups[whole])
        self.free.add(rest)
        self._add([whole, part, rest])

    def settle(self) -> None:
        """Complete the equations with a residual. Where a table has no such people at all, a reader knows it
        (the run warns of people with no organisation or staff group whenever there are any): its totals are
        the plain sums. Otherwise each difference, 0 or not, is an implicit count no reader knows."""
        for equations in self.residuals.values():
            none = all(abs(gap) < 1e-9 for *_, gap in equations)
            for total, parts, residual, gap in equations:
                if none:
                    self._add([total, *parts])
                    continue
                extra = self.cell(residual, gap, published=False, group=self.groups[total])
                if extra not in parts and extra != total:
                    self._add([total, *parts, extra])
        self.residuals.clear()

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

    def costs(self) -> list[np.ndarray]:
        """Prices of hiding each count (cheapest first), one per way of weighing what is lost. Suppression is
        run with each and the one that withholds the least is kept (``suppression.least_lost``).

        Every one hides, within its row, Unknown first, then the largest group, then the other groups, and
        zeros never (a zero can only move up; metadata may say it is 0). They differ in what comes after: a
        band's total (which every share of its row needs) last, or a table's totals and the counts behind an
        indicator's own figures (what a board reads first) last, or totals simply after groups. Below 0 for an
        Unknown in a band, which is not shown again once hidden; within a tier, the larger count first (it can
        move further)."""
        values = np.asarray(self.values, dtype=float)
        whole = np.array([g == TOTAL for g in self.groups])
        base = np.where(whole, 3.0, np.array([0.0 if g == "Unknown" else 1.0 for g in self.groups]))
        base[list(self.smaller)] = np.maximum(base[list(self.smaller)], 2.0)
        base[list(self.detailed)] = 0.5  # the standard's broad figures are worth more than their parts
        important = np.zeros(values.size, bool)
        important[list(self.important)] = True
        band_totals_last = np.where(whole, 6.0, base)
        band_totals_last[important & ~whole] += 3.0
        band_totals_last[important & whole] = 8.0
        totals_last = base + np.where(important, 5.0, 0.0)
        overall = np.zeros(values.size, bool)
        overall[list(self.whole)] = True
        band_totals_last[overall] += 0.5  # after every section total: every indicator's rates rest on it
        totals_last[overall] += 0.5
        out = []
        for tier in (band_totals_last, totals_last, base):
            tier = tier.copy()
            tier[values == 0] = 10.0
            out.append(tier * 1e9 - values)
        return out


def _people_key(org: str, group: str, years: tuple, value: float) -> tuple:
    """A headcount of a group shown in several places is one cell (merging equal values only ever hides more)."""
    return ("people", org, group, years, float(value))


def build_cells(rows: pd.DataFrame, published=None) -> tuple[Cells, np.ndarray, np.ndarray]:
    """Cells and equations for every percentage row; returns (cells, numerator cell, denominator cell) per row.

    ``published`` marks the rows a reader sees (default: all); the others only give implicit counts."""
    cells = Cells()
    num_cell = np.full(len(rows), -1)
    den_cell = np.full(len(rows), -1)
    shown = np.ones(len(rows), bool) if published is None else np.asarray(published, dtype=bool)
    percent = rows["measure"].to_numpy() == "percent"
    table = _keyed(rows)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for position in np.flatnonzero(percent):
        blocks[table[position]["block"]].append(position)
    composition_blocks = {}
    block_cells: dict[tuple, dict[str, int]] = {}
    staff: dict[tuple, int] = {}  # each group's whole workforce, by (framework, org, years, group)
    parts: list[tuple[tuple, str, int]] = []  # (the same key, what the rest are, cell) of each part of it
    for key, positions in blocks.items():
        _framework, _indicator, org, section, _breakdown, years = key
        part = rows.iloc[positions]
        shared = part["denominator"].nunique(dropna=False) == 1
        composition_blocks[key] = shared
        whole = section in WHOLE_POPULATION
        members = []
        for position, r in zip(positions, part.to_dict("records"), strict=True):
            seen = bool(shown[position])
            if shared:
                nkey = (
                    _people_key(org, r["group"], years, r["numerator"]) if whole else ("n", *key, r["group"])
                )
                dkey = _people_key(org, TOTAL, years, r["denominator"]) if whole else ("n", *key, TOTAL)
            else:
                nkey = ("e", *key, r["group"])
                dkey = _people_key(org, r["group"], years, r["denominator"])
            num_cell[position] = cells.cell(nkey, r["numerator"], seen, group=r["group"])
            den_cell[position] = cells.cell(
                dkey, r["denominator"], seen, group=TOTAL if shared else r["group"]
            )
            if whole and shared:
                staff[(_framework, org, years, r["group"])] = int(num_cell[position])
            rest = PARTS_OF_THE_WORKFORCE.get((_framework, _indicator))
            if rest is not None and not shared:
                parts.append(((_framework, org, years, r["group"]), rest, int(den_cell[position])))
            if not shared:  # a rate's events are among its people
                cells.at_most(int(den_cell[position]), int(num_cell[position]), ("rest", *key, r["group"]))
            if r["group"] in DETAILED_GROUPS:  # a part of BME (--groups detailed), not another group
                cells.detailed.add(int(num_cell[position]))
                continue
            members.append(num_cell[position] if shared else den_cell[position])
        members = list(dict.fromkeys(members))  # a row both published and behind a pooled one is one cell
        _detailed_parts(
            cells, part["group"].tolist(), num_cell[positions], None if shared else den_cell[positions]
        )
        if not shared or whole or _breakdown == TOTAL:  # an indicator's own figures, or a table's totals
            cells.important.update(int(num_cell[q]) for q in positions)
            cells.important.update(int(den_cell[q]) for q in positions)
        if whole:  # the whole workforce by group: the base of indicator 1's headline and of every rate
            cells.whole.update(int(num_cell[q]) for q in positions)
        cells.rank(members)
        if shared:
            cells.equation(den_cell[positions[0]], members)
            block_cells[key] = {
                **{g: int(num_cell[q]) for q, g in zip(positions, part["group"], strict=True)},
                TOTAL: int(den_cell[positions[0]]),
            }
        else:  # the groups' headcounts add up to everyone, which another table may show
            everyone = float(sum(cells.values[m] for m in members))
            whole_cell = cells.cell(_people_key(org, TOTAL, years, everyone), everyone, published=False)
            cells.equation(whole_cell, members)
    _section_totals(table, cells, num_cell, composition_blocks)
    _overall_totals(table, cells, num_cell, den_cell, composition_blocks)
    _org_totals(table, cells, num_cell, den_cell, percent)
    _senior_totals(cells, block_cells)
    _pooled_years(table, cells, num_cell, den_cell, composition_blocks)
    _parts_of_the_workforce(cells, staff, parts)
    cells.settle()
    return cells, num_cell, den_cell


def _parts_of_the_workforce(cells: Cells, staff: dict[tuple, int], parts: list[tuple[tuple, str, int]]) -> None:
    """A group's regulated professionals (the people a rate counts) are at most its whole workforce."""
    for key, rest, cell in parts:
        whole = staff.get(key)
        if whole is not None:
            cells.at_most(whole, cell, (rest, *key))


def _detailed_parts(cells: Cells, groups: list[str], nums: np.ndarray, dens: np.ndarray | None) -> None:
    """BME is the sum of the detailed groups behind it (Asian, Black, Mixed, Other and BME of no given group),
    for the count and, where each group has its own, for the headcount."""
    if BROAD_MINORITY not in groups or not any(g in DETAILED_GROUPS for g in groups):
        return
    broad = groups.index(BROAD_MINORITY)
    parts = [i for i, g in enumerate(groups) if g in DETAILED_GROUPS]
    cells.equation(int(nums[broad]), [int(nums[i]) for i in parts])
    if dens is not None:
        cells.equation(int(dens[broad]), [int(dens[i]) for i in parts])


def _keyed(rows: pd.DataFrame) -> list[dict]:
    """Each row's identity as the cells see it: its block (a table's one row of groups, for the years it
    counts), group and breakdown, with a yearly part of a mean of ratios read as that year's own figure."""
    out = []
    years = years_counted(rows)
    records = rows[["framework", "indicator", "org", "section", "breakdown", "group"]].to_dict("records")
    for r, counted in zip(records, years, strict=True):
        breakdown = _breakdown_of(str(r["breakdown"]), counted)
        block = (r["framework"], r["indicator"], r["org"], r["section"], breakdown, counted)
        out.append({**r, "breakdown": breakdown, "years": counted, "block": block})
    return out


def _section_totals(table: list[dict], cells: Cells, num_cell: np.ndarray, composition: dict) -> None:
    """A section's Total row is the sum of its other rows, group by group."""
    columns: dict[tuple, dict[str, int]] = defaultdict(dict)
    for position in np.flatnonzero(num_cell >= 0):
        r = table[position]
        if not composition.get(r["block"]) or r["breakdown"].startswith(SUBSET_PREFIX):
            continue
        fw, ind, org, section, _breakdown, years = r["block"]
        columns[(fw, ind, org, section, years, r["group"])][r["breakdown"]] = num_cell[position]
    for by_breakdown in columns.values():
        if TOTAL in by_breakdown and len(by_breakdown) > 1:
            cells.equation(by_breakdown[TOTAL], [c for b, c in by_breakdown.items() if b != TOTAL])
        elif TOTAL in by_breakdown:  # a Total of no rows is 0, whatever is shown
            cells.equation(by_breakdown[TOTAL], [cells.cell(NOTHING, 0.0)])


def _overall_totals(
    table: list[dict], cells: Cells, num_cell: np.ndarray, den_cell: np.ndarray, composition: dict
) -> None:
    """The whole workforce of a table is the sum of its sections' Total rows, plus the people in no section
    (no staff group): an implicit count."""
    overall: dict[tuple, dict[str, tuple[int, int]]] = defaultdict(dict)
    sections: dict[tuple, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for position in np.flatnonzero(num_cell >= 0):
        r = table[position]
        if not composition.get(r["block"]):
            continue
        fw, ind, org, section, breakdown, years = r["block"]
        whole = (fw, ind, org, years)
        pair = (int(num_cell[position]), int(den_cell[position]))
        if section in WHOLE_POPULATION:
            overall[whole][r["group"]] = pair
        elif breakdown == TOTAL:
            sections[whole][r["group"]].append(pair)
    for whole, by_group in overall.items():
        for group, (num, den) in by_group.items():
            parts = sections.get(whole, {}).get(group, [])
            if len(parts) < 1:
                continue
            family = ("no staff group", *whole)
            cells.equation(num, [p[0] for p in parts], ("no staff group", *whole, group), family)
            cells.equation(den, [p[1] for p in parts], ("no staff group", *whole, TOTAL), family)


def _senior_totals(cells: Cells, blocks: dict[tuple, dict[str, int]]) -> None:
    """A row such as "Grade 14 and above" is the sum of another table's grades 14, 15, ... group by group."""
    for (framework, indicator, org, _section, breakdown, years), counts in blocks.items():
        found = re.match(r"^(.*?)(\d+) and above$", str(breakdown))
        if not found:
            continue
        prefix, first = found.group(1), int(found.group(2))
        by_table: dict[tuple, list[dict[str, int]]] = defaultdict(list)
        for (f, i, o, s, b, y), other in blocks.items():
            grade = re.match(rf"^{re.escape(prefix)}(\d+)$", str(b))
            if (
                (f, o, y) == (framework, org, years)
                and i != indicator
                and grade
                and int(grade.group(1)) >= first
            ):
                by_table[(i, s)].append(other)
        for parts in by_table.values():
            for group, cell in counts.items():
                if all(group in p for p in parts):
                    cells.equation(cell, [p[group] for p in parts])


def _org_totals(
    table: list[dict], cells: Cells, num_cell: np.ndarray, den_cell: np.ndarray, percent: np.ndarray
) -> None:
    """With --by org, every count for "All" is the sum of the same count over the organisations."""
    if all(r["org"] == ALL for r in table):
        return
    same: dict[tuple, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for position in np.flatnonzero(percent):
        r = table[position]
        fw, ind, _org, section, breakdown, years = r["block"]
        for role, cell in (("numerator", num_cell[position]), ("denominator", den_cell[position])):
            same[(fw, ind, section, breakdown, r["group"], role, years)][r["org"]].add(int(cell))
    for key, by_org in same.items():
        if ALL in by_org and len(by_org) > 1:
            total = next(iter(by_org[ALL]))
            parts = [next(iter(c)) for org, c in by_org.items() if org != ALL]
            fw, ind, *_, years = key
            cells.equation(total, parts, ("no organisation", *key), ("no organisation", fw, ind, years))


def _pooled_years(
    table: list[dict], cells: Cells, num_cell: np.ndarray, den_cell: np.ndarray, composition: dict
) -> None:
    """A pooled two-year count is the sum of the same count in each year (given, published or not, by the
    single-year rows of those years)."""
    single: dict[tuple, tuple[int, int]] = {}
    pooled = []
    for position in np.flatnonzero(num_cell >= 0):
        r = table[position]
        if composition.get(r["block"]):
            continue
        *where, years = r["block"]
        pair = (int(num_cell[position]), int(den_cell[position]))
        if len(years) == 1:
            single[(*where, years, r["group"])] = pair
        else:
            pooled.append(((*where, r["group"]), years, pair))
    for (*where, group), years, (num, den) in pooled:
        parts = [single.get((*where, (year,), group)) for year in years]
        if all(p is not None for p in parts):
            cells.equation(num, [p[0] for p in parts])
            cells.equation(den, [p[1] for p in parts])


def public_rows(rows: pd.DataFrame, public: tuple[str, ...]) -> np.ndarray:
    """Rows whose counts come from a dataset declared public (the board's shares, with ``public: [board]``)."""
    if "board" not in public:
        return np.zeros(len(rows), bool)
    return ((rows["measure"] == "percent") & (rows["breakdown"] == BOARD)).to_numpy()

"""``wres disclosure-check``: what a reader can still work out from a suppressed run, before it is published.

The check starts again from the published figures, not from the choices suppression made: every count shown as
a number is known, "<N" is 1..N-1 (0..N-1 when zeros are hidden too), "*" is any count, and the counts no table
shows (people with no organisation or staff group, one year of a pooled figure) are unknown. Over every equation
a reader can write (``disclosure_cells``) linear programmes give each unknown count its smallest and largest
value; a count whose range breaks the rule (``disclosure_lp.Rule``) is a finding, with the published figures
that combine to give it and what to change. Two more findings need no programme: a ratio, interval, p-value or
difference published beside a withheld count (``--keep-ratios``), which gives it back by inversion, and a count
of fewer than N people printed in a note or warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core.groups import compared_groups
from wres_cli.results.disclosure_cells import TOTAL, build_cells
from wres_cli.results.disclosure_notes import _PEOPLE
from wres_cli.statistics import disclosure_lp
from wres_cli.statistics.disclosure import _components, _equations

if TYPE_CHECKING:
    from wres_cli.results.model import Results

COMPARISONS = ("relative_likelihood", "ratio_of_percents", "difference_pp")
FIX_RANGE = "hide one more count in these tables by hand, publish fewer breakdowns (without --by org), or raise --suppress"
FIX_RATIO = "leave ratios on withheld counts withheld (drop --keep-ratios / suppress_ratios: false)"
FIX_TEXT = "remove the number from the note, or run with --suppress so that notes are rounded"


@dataclass(frozen=True)
class Finding:
    """One count a reader can narrow below the rule: which, how it is shown, the range left, and why."""

    count: str
    shown: str
    low: float
    high: float
    through: tuple[str, ...]
    fix: str

    def range_text(self) -> str:
        if self.low == self.high:
            return f"exactly {self.low:g}"
        return f"{self.low:g} to {self.high:g}" if np.isfinite(self.high) else f"at least {self.low:g}"


@dataclass(frozen=True)
class Audit:
    threshold: int  # the N of --suppress N
    checked: int  # counts a reader does not see (hidden, "<N", or shown by no table)
    findings: tuple[Finding, ...]

    @property
    def safe(self) -> bool:
        return not self.findings


def audit(plain: list[Results], shown: list[Results], behind: pd.DataFrame | None) -> Audit:
    """Check the suppressed runs ``shown`` (one publication: every year of it) against the same runs before
    suppression (``plain``, row for row) and the rows behind pooled figures (``behind``)."""
    config = shown[0].config
    rule = disclosure_lp.Rule(config.suppress, config.suppress_zeros)
    frames = [run.rows for run in plain] + ([behind] if behind is not None and not behind.empty else [])
    rows = pd.concat(frames, ignore_index=True)
    published_rows = sum(len(run.rows) for run in plain)
    published = np.arange(len(rows)) < published_rows
    cells, num_cell, den_cell = build_cells(rows, published)
    values = np.asarray(cells.values, dtype=float)
    seen = pd.concat([run.rows for run in shown], ignore_index=True)
    lower, upper, unknown, label = _what_a_reader_knows(cells, seen, num_cell, den_cell, rule)
    eqs = _equations(cells.equations, values.astype(np.int64))
    names = _names(cells, rows, num_cell, den_cell)
    findings = []
    for group, touching in _components(eqs, unknown):
        span = disclosure_lp.ranges(values, eqs, group, touching, lower, upper)
        for cell, (low, high) in span.items():
            if cell in cells.free:  # only bounds the others (Cells.at_most)
                continue
            implicit = not cells.published[cell]
            if rule.safe(low, high) or (implicit and not rule.could_be_small(low, high)):
                continue
            through = tuple(_equation_text(eqs[k], names) for k in touching if cell in eqs[k])
            findings.append(Finding(names[cell], label[cell], low, high, through[:4], FIX_RANGE))
    findings += _kept_comparisons(seen)
    findings += _texts(shown, config.suppress)
    return Audit(config.suppress, int(unknown.sum()), tuple(findings))


def _what_a_reader_knows(cells, seen: pd.DataFrame, num_cell, den_cell, rule) -> tuple:
    """(lower, upper, unknown, shown-as) per cell, read from the published rows only."""
    size = len(cells.values)
    unknown = ~np.asarray(cells.published, dtype=bool)
    lower, upper = np.zeros(size), np.full(size, np.inf)
    label = np.array(["not shown"] * size, dtype=object)
    for column, cell_of in (("numerator", num_cell), ("denominator", den_cell)):
        for position, text in enumerate(seen[column].tolist()):
            cell = cell_of[position]
            if cell < 0 or not isinstance(text, str):
                continue
            unknown[cell] = True
            label[cell] = text
            if text.startswith("<"):
                lower[cell] = 0.0 if rule.suppress_zeros else 1.0
                upper[cell] = float(rule.threshold - 1)
    return lower, upper, unknown, label


def _names(cells, rows: pd.DataFrame, num_cell, den_cell) -> list[str]:
    """A reader's name for every cell: the first published row that shows it, else what the count is."""
    names = [_key_text(key) for key in cells.index]
    records = rows[["indicator", "org", "year", "section", "breakdown", "group"]].to_dict("records")
    for role, cell_of in (("count", num_cell), ("of", den_cell)):
        for position in reversed(range(len(records))):
            cell = cell_of[position]
            if cell >= 0 and cells.published[cell]:
                r = records[position]
                where = " / ".join(str(x) for x in (r["section"], r["breakdown"]) if x)
                who = "everyone" if role == "of" and cells.groups[cell] == TOTAL else r["group"]
                names[cell] = f"indicator {r['indicator']}, {r['org']}, {r['year']}, {where}: {who}"
    return names


def _key_text(key: tuple) -> str:
    if key and key[0] in ("no organisation", "no staff group"):
        return f"people with {key[0]} ({', '.join(str(k) for k in key[1:] if k not in ('', None))})"
    return "a count no table shows (" + ", ".join(str(k) for k in key if k not in ("", None)) + ")"


def _equation_text(eq, names: list[str]) -> str:
    return f"{names[eq[0]]} = " + " + ".join(names[c] for c in eq[1:])


def _kept_comparisons(seen: pd.DataFrame) -> list[Finding]:
    """A ratio, interval, p-value or difference published beside a withheld count of its groups."""
    hidden = seen["numerator"].map(lambda v: isinstance(v, str)) | seen["denominator"].map(
        lambda v: isinstance(v, str)
    )
    withheld = {
        (r["framework"], r["indicator"], r["org"], r["year"], r["section"], r["group"])
        for r in seen.loc[hidden].to_dict("records")
    }
    out = []
    for r in seen.loc[seen["measure"].isin(COMPARISONS)].to_dict("records"):
        if isinstance(r["value"], str) or pd.isna(r["value"]):
            continue
        parts = compared_groups(r["group"])
        key = (r["framework"], r["indicator"], r["org"], r["year"])
        behind = [p for p in parts if (*key, r["section"], p) in withheld or (*key, "", p) in withheld]
        if behind:
            out.append(
                Finding(
                    f"indicator {r['indicator']}, {r['org']}, {r['year']}: {', '.join(behind)} counts",
                    "withheld",
                    np.nan,
                    np.nan,
                    (
                        f"{r['group']} = {r['value']:.4g} with its interval and p-value, beside the other counts",
                    ),
                    FIX_RATIO,
                )
            )
    return out


def _texts(shown: list[Results], threshold: int) -> list[Finding]:
    """Counts of 1..N-1 people printed outright in a note or warning."""
    out = []
    for text in dict.fromkeys(t for run in shown for t in (*run.notes, *run.warnings)):
        for match in _PEOPLE.finditer(text):
            value = int(match.group("n").replace(",", ""))
            if 0 < value < threshold:
                out.append(Finding(match.group(0), "printed", value, value, (text,), FIX_TEXT))
    return out

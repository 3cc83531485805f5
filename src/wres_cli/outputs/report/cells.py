"""What every part of the report shares: how a tidy row becomes table cells and chart numbers, how indicators
are named, and how lists of indicator ids read in headings and prose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import ALL
from wres_cli.outputs.report.charts import Chart, missing

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.indicators.contract import Indicator
    from wres_cli.results.model import Results

Draw = Callable[..., list[Chart]]  # draws one chart when charts are wanted and possible, else returns []

GROUPS = ("White", "BME", "Unknown")
OVERALL = "Overall workforce"  # the section of a composition or board indicator that covers everyone
KIND = {
    "percent": "percent",
    "relative_likelihood": "ratio",
    "ratio_of_percents": "ratio",
    "difference_pp": "points",
    "mean": "ratio",  # a score or a gap between scores: two decimals, as ratios
}
SUPPRESSION = {
    "small_count": "withheld: small count",
    "secondary": "withheld so a small count cannot be worked out",
    "derived_from_suppressed": "withheld: built on a withheld count",
}


def number(value: Any) -> float | None:
    """A plotted number, or None when withheld (text) or missing."""
    return None if missing(value) else float(value)


def value_kind(measure: str) -> str:
    return KIND.get(measure, "text")


def org_rows(results: Results, indicator: str, org: str = ALL) -> pd.DataFrame:
    rows = results.rows
    return rows.loc[(rows["indicator"] == indicator) & (rows["org"] == org)]


def notes(record: dict[str, Any]) -> str:
    """Status, note, flag and suppression of one row, as the words shown in a table's Notes column."""
    parts = []
    if record.get("status") == "not_calculable":
        parts.append(f"not calculable: {record.get('reason') or ''}".rstrip(": "))
    elif record.get("status") == "not_computed":
        parts.append(f"not computed: {record.get('reason') or ''}".rstrip(": "))
    for key in ("note", "flag"):
        if record.get(key):
            parts.append(str(record[key]))
    if record.get("suppression"):
        parts.append(SUPPRESSION.get(record["suppression"], f"withheld ({record['suppression']})"))
    return "; ".join(parts)


def indicator_of(results: Results, indicator_id: str) -> Indicator | None:
    return next((i for i in results.indicators if i.id == indicator_id), None)


def title(results: Results, indicator_id: str) -> str:
    match = indicator_of(results, indicator_id)
    return f"Indicator {indicator_id}: {match.title}" if match else f"Indicator {indicator_id}"


def label(results: Results, indicator_id: str) -> str:
    match = indicator_of(results, indicator_id)
    return match.label if match else ""


def kind_of(results: Results, indicator_id: str) -> str:
    match = indicator_of(results, indicator_id)
    return match.kind if match else ""


def sheet(results: Results, indicator_id: str) -> str:
    return f"{indicator_id} {label(results, indicator_id)}".strip()


def ids_heading(ids: Sequence[str]) -> str:
    """'Indicator 1', 'Indicators 2-4' (consecutive numbers) or 'Indicators 5, 7 and 9'."""
    if len(ids) == 1:
        return f"Indicator {ids[0]}"
    return f"Indicators {ids_span(ids)}"


def ids_span(ids: Sequence[str]) -> str:
    """'2-4' for consecutive numbers, else the ids listed ('5, 7 and 9')."""
    numbers = [int(i) if str(i).isdigit() else None for i in ids]
    if None not in numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{ids[0]}-{ids[-1]}"
    return listed(ids)


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(text).lower()).strip("-")


def wrap(text: str, width: int = 18) -> str:
    """Break a long axis label onto lines of about ``width`` characters."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def sentence(clauses: Sequence[str], join: str = "; ") -> str:
    """Clauses as one sentence: joined, the first letter capitalised, a full stop at the end ('' if none)."""
    text = join.join(c for c in clauses if c)
    return f"{text[0].upper()}{text[1:]}." if text else ""

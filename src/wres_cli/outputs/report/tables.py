"""The report's tables of one indicator: every tidy row (detail), or a composition indicator as one line per
band with each group's count and share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wres_cli.outputs.report.cells import GROUPS, notes, sheet, title, value_kind
from wres_cli.outputs.report.model import Cell, Table, cell

if TYPE_CHECKING:
    from wres_cli.results.model import Results


def detail_table(results: Results, indicator_id: str) -> Table:
    """Every tidy row of one indicator (every organisation with --by org)."""
    rows = results.rows.loc[results.rows["indicator"] == indicator_id]
    columns = ["Section", "Breakdown", "Group", "Yes / in group", "Of", "Value", "Low", "High", "p", "Notes"]
    if results.by_org:
        columns.insert(0, "Organisation")
    body = []
    for r in rows.to_dict("records"):
        kind = value_kind(r["measure"])
        line = [
            cell(r["section"]),
            cell(r["breakdown"]),
            cell(r["group"]),
            cell(r["numerator"], "count"),
            cell(r["denominator"], "count"),
            cell(r["value"], kind),
            cell(r["ci_low"], kind),
            cell(r["ci_high"], kind),
            cell(r["p_value"], "p"),
            cell(notes(r)),
        ]
        if results.by_org:
            line.insert(0, cell(r["org"]))
        body.append(line)
    note = f"Intervals: {results.config.confidence:.0%} confidence. Percentages of the group's total."
    return Table(title(results, indicator_id), columns, body, note, sheet=sheet(results, indicator_id))


def composition_table(results: Results, indicator_id: str) -> Table:
    """A composition indicator as one line per band: count and share of each group, and the band's total."""
    rows = results.rows
    rows = rows.loc[(rows["indicator"] == indicator_id) & (rows["measure"] == "percent")]
    keys = ["org", "section", "breakdown"]
    columns = ["Section", "Band / grade"]
    for group in GROUPS:
        columns += [f"{group} n", f"{group} %"]
    columns.append("Total")
    if results.by_org:
        columns.insert(0, "Organisation")
    by_key: dict[tuple, dict[str, dict]] = {}
    for r in rows.to_dict("records"):
        by_key.setdefault(tuple(r[k] for k in keys), {})[r["group"]] = r
    body = []
    for key, groups in by_key.items():
        line: list[Cell] = [cell(key[1]), cell(key[2])]
        for group in GROUPS:
            r = groups.get(group, {})
            line += [cell(r.get("numerator"), "count"), cell(r.get("value"), "percent")]
        first = next(iter(groups.values()))
        line.append(cell(first.get("denominator"), "count"))
        if results.by_org:
            line.insert(0, cell(key[0]))
        body.append(line)
    return Table(
        title(results, indicator_id),
        columns,
        body,
        "Share of each band's headcount; bank-only staff are not counted.",
        sheet=sheet(results, indicator_id),
    )

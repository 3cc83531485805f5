"""The report's appendix for ``--groups detailed``: each ethnic group behind BME against White, with the
Holm-adjusted p-value over the groups compared in one indicator, and the shares of indicators 1 and 9 by group
(in their own appendices' tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wres_cli.core.groups import compared_groups
from wres_cli.core.schema import ALL
from wres_cli.outputs.report.cells import value_kind
from wres_cli.outputs.report.model import Section, Table, cell
from wres_cli.results.detailed import DETAILED, NOTE, comparison_mask, group_readings, holm_shown

if TYPE_CHECKING:
    from wres_cli.results.model import Results


def detailed_section(results: Results) -> Section | None:
    """The appendix, or None when the run compared no detailed groups."""
    rows = results.rows
    mentions = rows["group"].astype(str).map(lambda g: any(part in DETAILED for part in compared_groups(g)))
    keep = comparison_mask(rows) & mentions.to_numpy()
    chosen = rows.loc[keep].assign(holm=holm_shown(rows.loc[keep]))
    if not results.by_org:
        chosen = chosen.loc[chosen["org"] == ALL]
    if chosen.empty:
        return None
    titles = {s["indicator"]: s.get("short") or s["title"] for s in results.summary}
    columns = ["Indicator", "Comparison", "Result", "Low", "High", "p", "Holm p"]
    if results.by_org:
        columns.insert(1, "Organisation")
    body = []
    for r in chosen.to_dict("records"):
        kind = value_kind(r["measure"])
        line = [
            cell(f"{r['indicator']}. {titles.get(r['indicator'], '')}"),
            cell(r["group"]),
            cell(r["value"], kind),
            cell(r["ci_low"], kind),
            cell(r["ci_high"], kind),
            cell(r["p_value"], "p"),
            cell(r["holm"], "p"),
        ]
        if results.by_org:
            line.insert(1, cell(r["org"]))
        body.append(line)
    note = (
        f"Intervals: {results.config.confidence:.0%} confidence, for each comparison on its own. Holm p: the "
        "p-value adjusted for the several groups compared in one indicator."
    )
    table = Table("Each ethnic group against White", columns, body, note, sheet="Ethnic groups")
    paragraph = NOTE[0].upper() + NOTE[1:] + "."
    readings = group_readings(results.rows, results.indicators)
    return Section("ethnic-groups", "By ethnic group", [paragraph, *readings], [table])

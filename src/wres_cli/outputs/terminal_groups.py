"""``--groups detailed`` on the terminal: each ethnic group behind BME against White, indicator by indicator.

One line per comparison (Asian ÷ White, Black − White, ...) with its figure, interval, p-value and the
Holm-adjusted p-value over the comparisons of the same indicator; for indicators of shares (1 and 9), each
group's share of the headline table. Only the organisations together: by organisation, the same rows are in
the CSV and JSON output, and the detail tables (``--detail``) show every band by group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from wres_cli.core import formatting as fmt
from wres_cli.core.groups import compared_groups
from wres_cli.core.schema import ALL
from wres_cli.outputs.terminal_layout import Col, Sheet, fitted
from wres_cli.outputs.terminal_summary import LABEL_MIN, LABEL_WIDTH
from wres_cli.results.detailed import DETAILED, comparison_mask, holm_shown

if TYPE_CHECKING:
    from wres_cli.results.model import Results

HEADING = "By ethnic group: each group against White"
EXPLAINED = (
    "Holm p: the p-value adjusted for the several groups compared in one indicator (Holm's method), which keeps "
    "the chance of any false 'significant' among them at 5%. The broad figures above are the standard."
)


def detailed_comparisons(results: Results, console: Console, width: int) -> list[RenderableType]:
    """The section, or nothing when the run has no detailed comparisons."""
    rows = results.rows
    mentions = rows["group"].astype(str).map(lambda g: any(part in DETAILED for part in compared_groups(g)))
    keep = comparison_mask(rows) & mentions.to_numpy()
    chosen = rows.loc[keep].assign(holm=holm_shown(rows.loc[keep]))
    chosen = chosen.loc[chosen["org"] == ALL]
    if chosen.empty:
        return []
    wide = Sheet(_columns(), title=HEADING, after=[EXPLAINED])
    narrow = Sheet(_columns(interval_below=True), title=HEADING, after=[EXPLAINED])
    compared = dict(list(chosen.groupby("indicator", sort=False)))
    for entry in results.summary:
        if entry["org"] != ALL:
            continue
        lines = _lines(compared[entry["indicator"]]) if entry["indicator"] in compared else _shares(rows, entry)
        if not lines:
            continue
        label = f"{entry['indicator']}  {entry.get('short') or entry['title']}"
        wide.add_row(Text(label, style="bold"), "", "", "", "")
        narrow.add_row(Text(label, style="bold"), "", "", "")
        for name, figure, interval, p, holm in lines:
            wide.add_row(f"  {name}", figure, interval, p, holm)
            narrow.add_row(f"  {name}", Text(f"{figure}\n{interval}", justify="right"), p, holm)
        wide.end_section()
        narrow.end_section()
    return fitted([wide, narrow], width, console)


def _lines(part) -> list[tuple[str, str, str, str, str]]:
    """(comparison, figure, interval, p, Holm p) of each comparison of one indicator."""
    return [
        (
            str(row["group"]),
            fmt.value(row["value"], row["measure"]),
            fmt.interval(row["ci_low"], row["ci_high"], row["measure"]),
            fmt.p_value(row["p_value"]),
            fmt.p_value(row["holm"]),
        )
        for row in part.to_dict("records")
    ]


def _shares(rows, entry) -> list[tuple[str, str, str, str, str]]:
    """(group, share, interval, '', '') of each detailed group in the table of an indicator of shares'
    headline (its section's first table when the headline is a comparison of its own, as the board's is)."""
    mine = rows.loc[
        (rows["indicator"] == entry["indicator"])
        & (rows["org"] == entry["org"])
        & (rows["section"] == entry["section"])
        & rows["group"].isin(DETAILED)
        & (rows["measure"] == "percent")
    ]
    same = mine.loc[mine["breakdown"] == entry["breakdown"]]
    if same.empty and not mine.empty:
        same = mine.loc[mine["breakdown"] == mine["breakdown"].iloc[0]]
    return [
        (f"{r['group']} share", fmt.percent(r["value"]), fmt.interval(r["ci_low"], r["ci_high"], "percent"), "", "")
        for r in same.to_dict("records")
    ]


def _columns(*, interval_below: bool = False) -> list[Col]:
    name = Col("Group", max_width=LABEL_WIDTH, min_width=LABEL_MIN)
    figures = [Col("Result", "right", figure=True)]
    if not interval_below:
        figures.append(Col("Interval", "right", figure=True))
    return [name, *figures, Col("p", "right", figure=True), Col("Holm p", "right", figure=True)]

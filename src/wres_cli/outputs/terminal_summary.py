"""The summary table (one block per indicator, one row per organisation with --by org) and the readings.

Three layouts, the first that fits the width wins: groups across with the interval beside the result; groups
across with the interval under it; groups stacked one per line (narrow terminals). The widths of labels are
capped, so above the width of the widest layout the table no longer changes with the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.text import Text

from wres_cli.core import formatting as fmt
from wres_cli.core.frameworks import group_column_of, groups_of
from wres_cli.core.schema import ALL
from wres_cli.outputs.terminal_layout import Col, Sheet, fitted, indent

if TYPE_CHECKING:
    from wres_cli.results.model import Results

LABEL_WIDTH = 30  # indicator names and organisations wrap at word boundaries within this many cells
LABEL_MIN = 16  # narrower than this, the groups are stacked instead
STATUS_STYLE = {"not_calculable": "yellow", "not_computed": "dim"}
ALL_ORGS = "All organisations"


def summary(results: Results, console: Console, width: int) -> list[RenderableType]:
    """'Summary' and the table in the widest layout that fits ``width``."""
    shown = groups_shown(results)
    blocks = _blocks(results)
    layouts = [
        _across(results, shown, blocks, inline=True),
        _across(results, shown, blocks, inline=False),
        _stacked(results, shown, blocks),
    ]
    return [Text("Summary", style="bold"), *fitted(layouts, width, console)]


def groups_shown(results: Results) -> list[str]:
    """The groups of the summary's figures: the framework's own order, then any other in first-seen order."""
    seen = list(dict.fromkeys(g for entry in results.summary for g in entry.get("figures", {})))
    order = groups_of(group_column_of(results.indicators), results.config)
    return [g for g in order if g in seen] + [g for g in seen if g not in order]


def _blocks(results: Results) -> list[list[dict[str, Any]]]:
    """Summary entries by indicator, in order (one entry each, or one per organisation)."""
    blocks: dict[str, list[dict[str, Any]]] = {}
    for entry in results.summary:
        blocks.setdefault(entry["indicator"], []).append(entry)
    return list(blocks.values())


def org_name(org: str) -> str:
    return ALL_ORGS if org == ALL else str(org)


def _numbered(entry: dict[str, Any]) -> tuple[str, str]:
    """(the # cell, the label) of an indicator: a part such as WDES 4a(iii) shows "4a" under # and "(iii)"
    before its name, so that the # column stays as narrow as the figures need."""
    label = entry.get("short") or entry["title"]
    number, part, rest = str(entry["indicator"]).partition("(")
    return (number, f"({rest} {label}") if part else (number, label)


def _across(results: Results, shown: list[str], blocks: list, *, inline: bool) -> Sheet:
    """Groups as columns, each cell its % over n/N; the result with its interval beside it or under it."""
    columns = [
        Col("#", "right", figure=True),
        Col("Indicator", max_width=LABEL_WIDTH, min_width=LABEL_MIN),
        *(Col(g, "right", figure=True) for g in shown),
        Col("Result", "right", figure=True),
    ]
    sheet = Sheet(columns)
    for block in blocks:
        first = block[0]
        number, label = _numbered(first)
        if results.by_org:
            sheet.add_row(number, label, *([""] * (len(shown) + 1)))
        for entry in block:
            figures = entry.get("figures", {})
            cells = [_figure(figures.get(g)) for g in shown]
            result = _joined(result_lines(entry), " " if inline else "\n", inline)
            if results.by_org:
                sheet.add_row("", indent(org_name(entry["org"])), *cells, result)
            else:
                sheet.add_row(number, label, *cells, result)
        sheet.end_section()
    return sheet


def _stacked(results: Results, shown: list[str], blocks: list) -> Sheet:
    """Groups as rows under each indicator (and organisation): for terminals too narrow for groups across."""
    columns = [
        Col("#", "right", figure=True),
        Col("Indicator, group", max_width=LABEL_WIDTH, min_width=LABEL_MIN),
        Col("%", "right", figure=True),
        Col("n/N", "right", figure=True),
        Col("Result", "right", figure=True),
    ]
    sheet = Sheet(columns)
    for block in blocks:
        first = block[0]
        number, label = _numbered(first)
        level = 1
        if results.by_org:
            sheet.add_row(number, label, "", "", "")
            level = 2
        for entry in block:
            figures = [(g, entry.get("figures", {}).get(g)) for g in shown]
            figures = [(g, f) for g, f in figures if f]
            results_by_row = _spread(result_lines(entry), len(figures) + 1)
            head = indent(org_name(entry["org"])) if results.by_org else label
            sheet.add_row("" if results.by_org else number, head, "", "", results_by_row[0])
            for (group, row), result in zip(figures, results_by_row[1:], strict=True):
                counts = f"{fmt.count(row.get('numerator'))}/{fmt.count(row.get('denominator'))}"
                sheet.add_row("", indent(group, level), fmt.percent(row.get("value")), counts, result)
        sheet.end_section()
    return sheet


def _spread(lines: list[Text], slots: int) -> list[Text]:
    """``lines`` one to a row over ``slots`` rows, the last row taking what is left."""
    out = [lines[i] if i < len(lines) else Text("") for i in range(slots - 1)]
    return [*out, _joined(lines[slots - 1 :], "\n", False)]


def _figure(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    return f"{fmt.percent(row.get('value'))}\n{fmt.count(row.get('numerator'))}/{fmt.count(row.get('denominator'))}"


def result_lines(entry: dict[str, Any]) -> list[Text]:
    """The headline as lines: the value (or its status), its interval, the optional band flag."""
    if entry["status"] != "computed":
        return [Text(entry["status"].replace("_", " "), style=STATUS_STYLE.get(entry["status"], ""))]
    lines = [Text(fmt.value(entry["value"], entry["measure"]), style="bold")]
    ci = fmt.interval(entry.get("ci_low"), entry.get("ci_high"), entry["measure"])
    if ci:
        lines.append(Text(ci, style="" if entry.get("significant") else "dim"))
    if entry.get("flag"):
        lines.append(Text(entry["flag"], style="magenta"))
    return lines


def _joined(lines: list[Text], gap: str, inline: bool) -> Text:
    """Lines in one cell: the value and interval on one line when ``inline``; a flag always on its own."""
    out = Text()
    for i, line in enumerate(lines):
        if i:
            out.append(gap if inline and i == 1 else "\n")
        out.append_text(line)
    return out


def readings(results: Results, console: Console, width: int) -> list[RenderableType]:
    """The plain-English reading of every headline, numbered as in the summary."""
    sheet = Sheet([Col("", "right", figure=True), Col("")], options={"box": None, "show_header": False})
    for block in _blocks(results):
        for i, entry in enumerate(block):
            text = Text(entry["reading"], style=STATUS_STYLE.get(entry["status"], ""))
            if results.by_org:
                text = Text.assemble((f"{org_name(entry['org'])}: ", "bold"), text)
            sheet.add_row("" if i else entry["indicator"], text)
    return fitted([sheet], width, console)

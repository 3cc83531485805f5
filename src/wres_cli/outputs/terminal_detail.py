"""The counts behind one indicator: band x group grids for shares of a whole, group rates, comparisons.

Each table has layouts from widest to narrowest (see terminal_layout.fitted): a grid splits into a headcount
table and a percentage table, then stacks its groups; an interval moves under its rate or value; a comparison's
status moves under the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.text import Text

from wres_cli.core import formatting as fmt
from wres_cli.outputs.terminal_layout import Col, Sheet, fitted, indent
from wres_cli.outputs.terminal_summary import STATUS_STYLE
from wres_cli.results.plain import records

if TYPE_CHECKING:
    import pandas as pd

LABEL_WIDTH = 32  # band, grade and comparison names wrap at word boundaries within this many cells
STATUS_WIDTH = 40
LABEL_MIN = 16  # a label column narrower than this reads a word per line: another layout first
TOTALS = ("Total", "All staff", "Board")


def detail(
    indicator, rows: pd.DataFrame, console: Console, width: int, order: list[str]
) -> list[RenderableType]:
    """The heading, tables and notes of one indicator; ``order`` is the display order of the groups."""
    out: list[RenderableType] = [Text(f"Indicator {indicator.id}: {indicator.title}", style="bold underline")]
    if (rows["status"] == "not_computed").all():
        reason = next((r for r in rows["reason"] if r), "")
        return [*out, Text(f"Not computed: {reason}" if reason else "Not computed", style="dim"), Text("")]
    percent = rows.loc[rows["measure"] == "percent"]
    others = rows.loc[rows["measure"] != "percent"]
    for section, part in percent.groupby("section", sort=False):
        title = f"{section}" if section else ""
        if _is_composition(part):
            out += grid(title, part, console, width, order)
        else:
            out += rates(title, part, console, width)
    if not others.empty:
        out += comparisons(others, console, width)
    notes = sorted({n for n in rows["note"] if n})
    if notes:
        out += [Text("\n".join(notes), style="italic"), Text("")]
    return out


def _is_composition(part: pd.DataFrame) -> bool:
    """True when every group in a breakdown shares one denominator (shares of a whole, e.g. a band)."""
    return bool((part.groupby("breakdown", sort=False)["denominator"].nunique(dropna=False) <= 1).all())


def grid(
    title: str, part: pd.DataFrame, console: Console, width: int, order: list[str]
) -> list[RenderableType]:
    """Rows = bands (or other breakdown), columns = n and % per group, then the row total. Narrower: a headcount
    table and a percentage table; narrower still, the groups stacked under each band."""
    present = dict.fromkeys(part["group"])
    groups = [g for g in order if g in present] + [g for g in present if g not in order]
    by_breakdown: dict[str, dict[str, dict[str, Any]]] = {}
    for r in records(part):
        by_breakdown.setdefault(str(r["breakdown"]), {})[r["group"]] = r
    label = Col("", max_width=LABEL_WIDTH, min_width=LABEL_MIN)
    whole = Sheet([label, *_figures(*(f"{g} {x}" for g in groups for x in ("n", "%")), "Total")], title=title)
    counts = Sheet([label, *_figures(*groups, "Total")], title=f"{title}: headcount".lstrip(": "))
    shares = Sheet(
        [label, *_figures(*(f"{g} %" for g in groups))], title=f"{title}: % of each row's total".lstrip(": ")
    )
    stacked = Sheet([label, *_figures("n", "%", "Total")], title=title)
    for name, by_group in by_breakdown.items():
        style = "bold" if name in TOTALS else ""
        total = fmt.count(next(iter(by_group.values()))["denominator"])
        n = [fmt.count(by_group.get(g, {}).get("numerator")) for g in groups]
        p = [fmt.percent(by_group.get(g, {}).get("value")) for g in groups]
        whole.add_row(name, *(x for pair in zip(n, p, strict=True) for x in pair), total, style=style)
        counts.add_row(name, *n, total, style=style)
        shares.add_row(name, *p, style=style)
        stacked.add_row(name, "", "", total, style=style)
        for g, count, share in zip(groups, n, p, strict=True):
            stacked.add_row(indent(g), count, share, "", style=style)
        stacked.end_section()
    return fitted([whole, [counts, shares], stacked], width, console)


def _figures(*headers: str) -> list[Col]:
    return [Col(header, "right", figure=True) for header in headers]


def rates(title: str, part: pd.DataFrame, console: Console, width: int) -> list[RenderableType]:
    """One row per group: how many had the event, of how many, the rate and its interval."""
    breakdowns = list(dict.fromkeys(part["breakdown"]))
    if len(breakdowns) == 1:
        heading = " — ".join(x for x in (title, breakdowns[0]) if x)
        return fitted([_rates(heading, part, inline) for inline in (True, False)], width, console)
    apart = [part.loc[part["breakdown"] == b] for b in breakdowns]
    return fitted(
        [
            _rates(title, part, True, by_breakdown=True),
            _rates(title, part, False, by_breakdown=True),
            [
                _rates(" — ".join(x for x in (title, b) if x), p, True)
                for b, p in zip(breakdowns, apart, strict=True)
            ],
            [
                _rates(" — ".join(x for x in (title, b) if x), p, False)
                for b, p in zip(breakdowns, apart, strict=True)
            ],
        ],
        width,
        console,
    )


def _rates(title: str, part: pd.DataFrame, inline: bool, *, by_breakdown: bool = False) -> Sheet:
    """The rates table with the interval in its own column (``inline``) or under each rate."""
    columns = [Col("", max_width=LABEL_WIDTH, min_width=LABEL_MIN)] if by_breakdown else []
    columns += [Col("Group"), Col("Yes", "right", figure=True), Col("Of", "right", figure=True)]
    columns += (
        [Col("Rate", "right", figure=True), Col("Interval", "right", figure=True)]
        if inline
        else [Col("Rate, interval", "right", figure=True)]
    )
    sheet = Sheet(columns, title=title)
    for r in records(part):
        rate = fmt.percent(r["value"], 2)
        ci = fmt.interval(r["ci_low"], r["ci_high"], "percent")
        cells = [r["breakdown"]] if by_breakdown else []
        cells += [r["group"], fmt.count(r["numerator"]), fmt.count(r["denominator"])]
        cells += [rate, ci] if inline else ["\n".join(x for x in (rate, ci) if x)]
        sheet.add_row(*cells)
    return sheet


def comparisons(rows: pd.DataFrame, console: Console, width: int) -> list[RenderableType]:
    """Ratios and differences: value, interval, p and any status; empty columns are left out."""
    entries = []
    for r in records(rows):
        status = "" if r["status"] == "computed" else f"{r['status'].replace('_', ' ')}: {r['reason']}"
        entries.append(
            {
                "label": ": ".join(x for x in (r["section"], r["group"]) if x),
                "value": fmt.value(r["value"], r["measure"]),
                "ci": fmt.interval(r["ci_low"], r["ci_high"], r["measure"]),
                "p": fmt.p_value(r.get("p_value")),
                "status": Text(status or (r.get("flag") or ""), style=STATUS_STYLE.get(r["status"], "")),
            }
        )
    has = {key: any(str(e[key]) for e in entries) for key in ("ci", "p", "status")}
    layouts = [_comparisons(entries, has, inline=True), _comparisons(entries, has, inline=False)]
    if has["status"]:
        layouts.append(_comparisons(entries, {**has, "status": False}, inline=False, status_below=True))
    return fitted(layouts, width, console)


def _comparisons(
    entries: list[dict[str, Any]], has: dict[str, bool], *, inline: bool, status_below: bool = False
) -> Sheet:
    columns = [Col("Comparison", max_width=LABEL_WIDTH, min_width=LABEL_MIN)]
    if inline or not has["ci"]:
        columns += [Col("Value", "right", figure=True)] + (
            [Col("Interval", "right", figure=True)] if has["ci"] else []
        )
    else:
        columns += [Col("Value, interval", "right", figure=True)]
    columns += [Col("p", "right", figure=True)] if has["p"] else []
    columns += [Col("Status", max_width=STATUS_WIDTH)] if has["status"] else []
    sheet = Sheet(columns)
    for e in entries:
        cells: list[Any] = [e["label"]]
        if inline or not has["ci"]:
            cells += [e["value"]] + ([e["ci"]] if has["ci"] else [])
        else:
            cells += ["\n".join(x for x in (e["value"], e["ci"]) if x)]
        cells += [e["p"]] if has["p"] else []
        cells += [e["status"]] if has["status"] else []
        sheet.add_row(*cells)
        if status_below and str(e["status"]):
            sheet.after.append(f"{e['label']}: {e['status']}")
    return sheet

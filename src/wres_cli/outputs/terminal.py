"""Rich terminal tables: a summary of every indicator, then the detail behind each. The only module that
imports rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wres_cli.core import formatting as fmt
from wres_cli.core.schema import ALL

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.results.model import Results

GROUPS = ("White", "BME", "Unknown")
STATUS_STYLE = {"not_calculable": "yellow", "not_computed": "dim"}


def render(results: Results, console: Console) -> None:
    """Print the whole report."""
    console.print(_title(results))
    wide = console.width >= 120
    console.print(summary_table(results, readings=wide, compact=console.width < 100))
    if not wide:
        console.print(readings(results))
    for indicator in results.indicators:
        rows = results.rows.loc[(results.rows["indicator"] == indicator.id) & (results.rows["org"] == ALL)]
        if (rows["status"] == "not_computed").all():
            continue
        console.print(detail(indicator, rows))
    console.print(notes_panel(results))


def _title(results: Results) -> Text:
    year = (
        f"reporting year {results.year} (workforce at 31 March {results.year})"
        if results.year
        else "single snapshot (no year column)"
    )
    from wres_cli.core.frameworks import framework_title

    name = framework_title(results.framework, results.config)
    return Text.assemble((name, "bold"), f" — {year}")


def readings(results: Results) -> Table:
    """The plain-English reading of each headline, for terminals too narrow to hold it in the summary."""
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for entry in results.summary:
        label = f"{entry['indicator']}" + (f" {entry['org']}" if results.by_org else "")
        table.add_row(label, Text(entry["reading"], style=STATUS_STYLE.get(entry["status"], "")))
    return table


def summary_table(results: Results, *, readings: bool = True, compact: bool = False) -> Table:
    """One row per indicator (per org with --by org): group figures, headline with interval, reading.

    ``compact`` (a narrow terminal) puts each interval under its figure so the names keep their room.
    """
    table = Table(title="Summary", box=box.SIMPLE_HEAVY, show_lines=True, title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    if results.by_org:
        table.add_column("Org")
    table.add_column("Indicator", ratio=2, min_width=14)
    shown = groups_shown(results)
    for group in shown:
        table.add_column(group, justify="right", min_width=7)
    table.add_column("Result", justify="right", min_width=11, overflow="fold")
    if readings:
        table.add_column("What it means", ratio=3)
    for entry in results.summary:
        figures = entry.get("figures", {})
        cells = [entry["indicator"]]
        if results.by_org:
            cells.append(entry["org"])
        cells.append(entry.get("short") or entry["title"])
        cells += [_figure(figures.get(g)) for g in shown]
        cells.append(_result(entry, "\n" if compact else " "))
        if readings:
            cells.append(Text(entry["reading"], style=STATUS_STYLE.get(entry["status"], "")))
        table.add_row(*cells)
    return table


def groups_shown(results: Results) -> list[str]:
    """The groups of the framework's figures in first-seen order (White, BME, Unknown for the WRES)."""
    seen = dict.fromkeys(g for entry in results.summary for g in entry.get("figures", {}))
    return list(GROUPS) if set(seen) <= set(GROUPS) else list(seen)


def _figure(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    return f"{fmt.percent(row.get('value'))}\n{fmt.count(row.get('numerator'))}/{fmt.count(row.get('denominator'))}"


def _result(entry: dict[str, Any], gap: str = " ") -> Text:
    if entry["status"] != "computed":
        return Text(entry["status"].replace("_", " "), style=STATUS_STYLE.get(entry["status"], ""))
    text = Text(fmt.value(entry["value"], entry["measure"]), style="bold")
    ci = fmt.interval(entry.get("ci_low"), entry.get("ci_high"), entry["measure"])
    if ci:
        text.append(f"{gap}{ci}", style="" if entry.get("significant") else "dim")  # "1.67 (1.56–1.78)"
    if entry.get("flag"):
        text.append(f"\n{entry['flag']}", style="magenta")
    return text


def detail(indicator, rows: pd.DataFrame) -> Group:
    """The counts behind one indicator: band x group grids for shares of a whole, group rates otherwise."""
    percent = rows.loc[rows["measure"] == "percent"]
    others = rows.loc[rows["measure"] != "percent"]
    tables = []
    for section, part in percent.groupby("section", sort=False):
        title = f"{section}" if section else ""
        tables.append(_grid(title, part) if _is_composition(part) else _rates(title, part))
    if not others.empty:
        tables.append(_comparisons(others))
    notes = sorted({n for n in rows["note"] if n})
    caption = Text("\n".join(notes), style="italic") if notes else Text("")
    heading = Text(f"\nIndicator {indicator.id}: {indicator.title}", style="bold underline")
    return Group(heading, *tables, caption)


def _is_composition(part: pd.DataFrame) -> bool:
    """True when every group in a breakdown shares one denominator (shares of a whole, e.g. a band)."""
    return bool((part.groupby("breakdown", sort=False)["denominator"].nunique(dropna=False) <= 1).all())


def _rates(title: str, part: pd.DataFrame) -> Table:
    """One row per group: how many had the event, of how many, the rate and its interval."""
    single = part["breakdown"].nunique() == 1
    heading = " — ".join(x for x in (title, part["breakdown"].iloc[0] if single else "") if x)
    table = Table(title=heading or None, box=box.SIMPLE, title_justify="left")
    columns = [] if single else [("", "left")]
    for name, justify in (
        *columns,
        ("Group", "left"),
        ("Yes", "right"),
        ("Of", "right"),
        ("Rate", "right"),
        ("Interval", "right"),
    ):
        table.add_column(name, justify=justify)
    for r in part.to_dict("records"):
        cells = [] if single else [r["breakdown"]]
        table.add_row(
            *cells,
            r["group"],
            fmt.count(r["numerator"]),
            fmt.count(r["denominator"]),
            fmt.percent(r["value"], 2),
            fmt.interval(r["ci_low"], r["ci_high"], "percent"),
        )
    return table


def _grid(title: str, part: pd.DataFrame) -> Table:
    """Rows = bands (or other breakdown), columns = n and % per group, then the row total."""
    table = Table(title=title or None, box=box.SIMPLE, title_justify="left")
    table.add_column("", overflow="fold", min_width=12)
    groups = [
        *(g for g in GROUPS if g in set(part["group"])),
        *(g for g in dict.fromkeys(part["group"]) if g not in GROUPS),
    ]
    for group in groups:
        table.add_column(f"{group} n", justify="right")
        table.add_column(f"{group} %", justify="right")
    table.add_column("Total", justify="right")
    for breakdown, row in part.groupby("breakdown", sort=False):
        by_group = {r["group"]: r for r in row.to_dict("records")}
        cells = [str(breakdown)]
        for group in groups:
            r = by_group.get(group, {})
            cells += [fmt.count(r.get("numerator")), fmt.percent(r.get("value"))]
        cells.append(fmt.count(row["denominator"].iloc[0]))
        table.add_row(*cells, style="bold" if breakdown in ("Total", "All staff", "Board") else "")
    return table


def _comparisons(rows: pd.DataFrame) -> Table:
    table = Table(box=box.SIMPLE, show_header=True)
    for name, justify in (
        ("Comparison", "left"),
        ("Value", "right"),
        ("Interval", "right"),
        ("p", "right"),
        ("Status", "left"),
    ):
        table.add_column(name, justify=justify)
    for r in rows.to_dict("records"):
        label = ": ".join(x for x in (r["section"], r["group"]) if x)
        status = "" if r["status"] == "computed" else f"{r['status'].replace('_', ' ')}: {r['reason']}"
        p = fmt.p_value(r.get("p_value"))
        table.add_row(
            label,
            fmt.value(r["value"], r["measure"]),
            fmt.interval(r["ci_low"], r["ci_high"], r["measure"]),
            p,
            Text(status or (r.get("flag") or ""), style=STATUS_STYLE.get(r["status"], "")),
        )
    return table


def notes_panel(results: Results) -> Panel:
    """Data notes that belong with the tables: Unknown counts, methods, suppression, confidence level."""
    lines = []
    for d in results.datasets:
        share = f" ({100 * d.unknown / d.people:.1f}%)" if d.people else ""
        lines.append(
            f"{d.name}: {d.path} — {d.people:,} people, Unknown ethnicity {d.unknown:,}{share}; "
            "Unknown is shown but excluded from every ratio"
        )
    config = results.config
    lines.append(
        f"Intervals: {config.confidence:.0%} (Katz for ratios, Wilson for percentages, Newcombe for "
        "differences); p-values: Fisher's exact test"
    )
    if config.suppress:
        lines.append(
            f"Counts from 1 to {config.suppress - 1} are shown as <{config.suppress}; * marks a count hidden "
            "so that a small one cannot be worked out from totals, or a figure computed from "
            "hidden counts"
        )
    lines += results.notes
    return Panel("\n".join(lines), title="Notes", title_align="left", box=box.ROUNDED)


def make_console(file=None, *, width: int | None = None, color: bool | None = None) -> Console:
    return Console(
        file=file,
        width=width,
        no_color=color is False,
        highlight=False,
        force_terminal=color if color else None,
    )

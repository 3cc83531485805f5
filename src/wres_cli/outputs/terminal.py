"""Rich terminal output: the title, a summary of every indicator, the reading of each, and the data notes; the
detail behind an indicator on request. Imported only when a table is printed (it and the outputs.terminal_*
modules it uses load rich), so that `wres --help` and CSV/JSON output stay fast.

No figure is ever cut or wrapped at any width from 60 columns: tables change layout instead (see
terminal_layout). Prose (readings, notes) is set no wider than PROSE_WIDTH so that it stays readable, and so
that what is printed stops changing once the terminal is wide enough for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, RenderableType
from rich.constrain import Constrain
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wres_cli.core import formatting as fmt
from wres_cli.core.errors import ConfigError
from wres_cli.core.frameworks import WHAT, group_column_of
from wres_cli.core.schema import ALL
from wres_cli.outputs.terminal_detail import detail as indicator_detail
from wres_cli.outputs.terminal_groups import detailed_comparisons
from wres_cli.outputs.terminal_summary import groups_shown, readings, summary

if TYPE_CHECKING:
    from wres_cli.results.model import DatasetSummary, Results

PROSE_WIDTH = 100

__all__ = ["make_console", "notes_panel", "render"]


def render(
    results: Results,
    console: Console,
    *,
    detail: bool = False,
    indicators: Iterable[str | int] | None = None,
) -> None:
    """Print the title, the summary, the readings and the notes.

    ``detail``: also the tables behind every indicator that was computed. ``indicators``: the ids of the
    indicators whose tables to show (with or without ``detail``); an id the framework does not have is a
    ConfigError, raised before anything is printed."""
    chosen, asked = _chosen(results, detail, indicators)
    width = console.width
    prose = min(width, PROSE_WIDTH)
    console.print(Constrain(_title(results), prose))
    parts = [
        *summary(results, console, width),
        *readings(results, console, prose),
        *detailed_comparisons(results, console, width),
        *_details(results, chosen, asked, console, width),
        notes_panel(results),
    ]
    for part in parts:  # tables at their own width; headings, captions and notes wrap within the prose width
        console.print(part if isinstance(part, Table) else Constrain(part, prose))


def _chosen(
    results: Results, detail: bool, indicators: Iterable[str | int] | None
) -> tuple[list[Any], set[str]]:
    """The indicators whose detail to show, in the framework's order, and the ids asked for by name."""
    wanted = [str(i) for i in indicators or ()]
    ids = [i.id for i in results.indicators]
    unknown = [i for i in wanted if i not in ids]
    if unknown:
        listed = ", ".join(ids)
        raise ConfigError(
            f"no indicator {', '.join(unknown)} in {results.framework}",
            hint=f"its indicators are {listed}",
        )
    chosen = [i for i in results.indicators if detail or i.id in wanted]
    return chosen, set(wanted)


def _details(
    results: Results, chosen: list[Any], asked: set[str], console: Console, width: int
) -> list[RenderableType]:
    """The tables behind each chosen indicator (one computed for every organisation together); an indicator
    that was not computed is skipped unless it was asked for by id."""
    out: list[RenderableType] = []
    order = groups_shown(results)
    for indicator in chosen:
        rows = results.rows.loc[(results.rows["indicator"] == indicator.id) & (results.rows["org"] == ALL)]
        if (rows["status"] == "not_computed").all() and indicator.id not in asked:
            continue
        out += indicator_detail(indicator, rows, console, width, order)
    return out


def _title(results: Results) -> Text:
    year = (
        f"reporting year {results.year} (workforce at 31 March {results.year})"
        if results.year
        else "single snapshot (no year column)"
    )
    from wres_cli.core.frameworks import framework_title

    name = framework_title(results.framework, results.config)
    return Text.assemble((name, "bold"), f" — {year}")


def notes_panel(results: Results) -> Panel:
    """Data notes that belong with the tables: Unknown counts and the population they cover, methods,
    suppression, confidence level."""
    lines = [_dataset_line(results, d) for d in results.datasets]
    what = WHAT.get(group_column_of(results.indicators), "group")
    lines.append(f"Unknown {what} is shown but excluded from every ratio")
    config = results.config
    lines.append(
        f"Intervals: {config.confidence:.0%} (Miettinen–Nurminen score intervals for ratios and gaps, Wilson "
        "for percentages); p-values: the same score test, so 'significant' always agrees with p"
    )
    if config.suppress:
        lines.append(
            f"Counts from {0 if config.suppress_zeros else 1} to {config.suppress - 1} are shown as "
            f"<{config.suppress}; * marks a count withheld so that no small count can be worked out from what is "
            "published (totals, organisations, years, notes), or a figure computed from withheld counts"
        )
    lines += results.notes
    return Panel("\n".join(lines), title="Notes", title_align="left", box=box.ROUNDED)


def _dataset_line(results: Results, d: DatasetSummary) -> str:
    """'workforce: path — Unknown ethnicity 290 of 6,000 people in the file (4.8%), bank-only staff included;
    every indicator: Unknown 278 of 5,693 (4.9%), bank-only staff excluded'.

    The file's count covers every person in it in the reporting year; the indicators may count fewer (bank-only
    staff are left out of every indicator), so where the two differ both are given. The
    file's count is of ethnicity, so a framework comparing another characteristic shows only the indicator's."""
    bank = any("bank-only" in note for note in results.notes)
    column = group_column_of(results.indicators)
    line = f"{d.name}: {d.path} — "
    counted = isinstance(d.people, int) and isinstance(d.unknown, int)  # not withheld (see suppression)
    if column == "ethnicity":
        share = f" ({100 * d.unknown / d.people:.1f}%)" if counted and d.people else ""
        line += f"Unknown ethnicity {fmt.count(d.unknown)} of {fmt.count(d.people)} people in the file{share}"
    else:
        line += f"{fmt.count(d.people)} people in the file"
    if d.name != "workforce":
        return line
    if bank:
        line += ", bank-only staff included"
    population = _workforce_population(results)
    if population is None:
        return line
    key, unknown, total, share = population
    if column == "ethnicity" and (unknown, total) == (d.unknown, d.people):
        return line
    counted_in = "every indicator" if bank else f"indicator {key}"  # bank-only staff: left out of all of them
    line += f"; {counted_in}: Unknown {WHAT.get(column, column)} {fmt.count(unknown)} of {fmt.count(total)}"
    line += f" ({fmt.percent(share)})" if share is not None else ""
    return line + (", bank-only staff excluded" if bank else "")


def _workforce_population(results: Results) -> tuple[str, Any, Any, Any] | None:
    """(indicator id, Unknown, everyone, Unknown %) of the first workforce-only indicator whose headline is a
    share of the whole workforce (the NHS WRES indicator 1: staff by pay band), if there is one."""
    workforce_only = {i.id for i in results.indicators if {n.split(".")[0] for n in i.needs} == {"workforce"}}
    for entry in results.summary:
        if entry["org"] != ALL or entry["indicator"] not in workforce_only:
            continue
        unknown = entry.get("figures", {}).get("Unknown")
        if entry.get("measure") == "percent" and unknown:
            return (
                entry["indicator"],
                unknown.get("numerator"),
                unknown.get("denominator"),
                unknown.get("value"),
            )
    return None


def make_console(file=None, *, width: int | None = None, color: bool | None = None) -> Console:
    return Console(
        file=file,
        width=width,
        no_color=color is False,
        highlight=False,
        force_terminal=color if color else None,
    )

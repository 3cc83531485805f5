"""The report's trend section (every reporting year, when the inputs hold two or more) and its benchmarking
section (every organisation, with --by org), from the trend and benchmark tables of the results.

Which figures are charted, and the rules the prose states for "better", come from each indicator's ``kind``
and ``better`` (see ``Indicator``), never from its id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.core.frameworks import two_year_indicator
from wres_cli.core.schema import ALL
from wres_cli.outputs.report import charts as ch
from wres_cli.outputs.report.cells import (
    OVERALL,
    Draw,
    kind_of,
    label,
    listed,
    notes,
    number,
    sentence,
    slug,
    title,
    value_kind,
)
from wres_cli.outputs.report.charts import missing
from wres_cli.outputs.report.funnel import RANK_WARNING, funnel_sections
from wres_cli.outputs.report.model import Chart, Notes, Section, Table, cell
from wres_cli.outputs.report.sections import by_better

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from wres_cli.indicators.contract import Indicator
    from wres_cli.results.model import Results

RATIOS = ("relative_likelihood", "ratio_of_percents")
TOWARDS_ONE = "towards 1.00"
WAYS = ("lower", "higher")


def trend_sections(results: Results, draw: Draw) -> list[Section]:
    """One section with a chart and table per indicator, when the trend covers two or more years."""
    trend = results.trend
    if trend is None or trend.empty or trend["year"].nunique() < 2:
        return []
    years = sorted(int(y) for y in trend["year"].dropna().unique())
    blocks: list[Any] = []
    for indicator in dict.fromkeys(trend["indicator"]):
        part = trend.loc[trend["indicator"] == indicator]
        if part["year"].nunique() < 2:
            continue
        blocks += _trend_chart(results, indicator, part, years, draw)
        shown = part if not results.by_org else part.loc[part["key"].astype(bool)]
        blocks.append(_trend_table(results, indicator, shown))
    if not blocks:
        return []
    config = results.config
    paragraphs = [
        f"Figures for each reporting year {years[0]}-{years[-1]}, with the change against the previous year "
        f"marked better, worse or no significant change (a test at the {config.confidence:.0%} level; ratios "
        "compared on the log scale). A figure is compared only with an earlier one made the same way; otherwise "
        "it is marked 'not compared' with the reason. A figure withheld in every year is named under its table "
        "instead of being shown as a row of marks."
    ]
    paragraphs[0] += "".join(f" {s}" for s in (_trend_rules(results.indicators), _method(results)) if s)
    return [Section("trends", "Trends", paragraphs, blocks)]


def _trend_rules(indicators: Sequence[Indicator]) -> str:
    """Which way is better, by kind: 'A ratio is better when it is closer to 1.00; for indicator 1 a higher
    BME share of senior bands is better; for 5, 6 and 8 a lower BME percentage, for 7 a higher one; …'."""
    named = []  # the first ids mentioned are introduced as 'indicator(s)'

    def ids(group: list[Indicator]) -> str:
        text = listed([i.id for i in group])
        if named:
            return text
        named.append(True)
        return f"indicator{'s' if len(group) > 1 else ''} {text}"

    def of(kind: str) -> dict[str, list[Indicator]]:
        return by_better([i for i in indicators if i.kind == kind], WAYS)

    clauses = []
    if any(i.kind == "likelihood" and i.better == TOWARDS_ONE for i in indicators):
        clauses.append("a ratio is better when it is closer to 1.00")
    for better, group in of("composition").items():
        clauses.append(f"for {ids(group)} a {better} BME share of senior bands is better")
    survey = [
        f"for {ids(group)} a {better} " + ("one" if n else "BME percentage")
        for n, (better, group) in enumerate(of("survey").items())
    ]
    clauses.append(", ".join(survey))
    for better, group in of("board").items():
        clauses.append(f"for {ids(group)} a {better} board-minus-workforce difference")
    return sentence(clauses)


def _method(results: Results) -> str:
    """How the indicator with the two-year method was computed in each year, as its rows say (the earliest
    year has no year before it to pool with)."""
    indicator = two_year_indicator(results.framework)
    trend = results.trend
    if indicator is None or trend is None or not any(i.id == indicator for i in results.indicators):
        return ""
    rows = trend.loc[(trend["indicator"] == indicator) & (trend["org"] == ALL) & trend["key"].astype(bool)]
    by_year = {int(r["year"]): r["note"] for r in rows.to_dict("records") if r["note"]}
    if not by_year:
        return ""
    return f"Indicator {indicator} by year: " + "; ".join(f"{y}, {note}" for y, note in by_year.items()) + "."


def _trend_chart(
    results: Results, indicator: str, part: pd.DataFrame, years: list[int], draw: Draw
) -> list[Chart]:
    part = part.loc[part["org"] == ALL]
    survey = kind_of(results, indicator) == "survey"
    lines = part.loc[part["key"].astype(bool) | (survey & (part["measure"] == "percent"))]
    if lines.empty:
        return []
    series: dict[str, list[tuple]] = {}
    measures = set(lines["measure"])
    for (section, group), line in lines.groupby(["section", "group"], sort=False):
        points = {int(r["year"]): r for r in line.to_dict("records")}
        name = " ".join(x for x in (section, group) if x)
        if section == OVERALL and group == "BME":
            name = "BME share of the workforce"
        series[name] = [
            tuple(number(points[y][k]) if y in points else None for k in ("value", "ci_low", "ci_high"))
            for y in years
        ]
    ratio = measures <= set(RATIOS)
    points = measures == {"difference_pp"}
    ylabel = (
        "Relative likelihood (log scale)" if ratio else "Percentage points" if points else "% of the group"
    )
    return draw(
        ch.trend_lines,
        f"trend-{slug(indicator)}",
        f"Indicator {indicator} ({label(results, indicator)}): trend",
        years,
        series,
        ylabel=ylabel,
        log=ratio,
        reference=1.0 if ratio else 0.0 if points else None,
    )


def _trend_table(results: Results, indicator: str, part: pd.DataFrame) -> Table | Notes:
    """One line per figure with its value in each year, then the latest change, its p-value and the verdict.
    Figures withheld in every year are named in the note instead of filling rows with marks."""
    years = sorted(int(y) for y in part["year"].dropna().unique())
    columns = ["Section", "Breakdown", "Group", *map(str, years), "Change", "p", "Against previous"]
    if results.by_org:
        columns.insert(0, "Organisation")
    figures: dict[tuple, dict[int, dict]] = {}
    for r in part.to_dict("records"):
        key = tuple(r[k] for k in ("org", "section", "breakdown", "group", "measure"))
        figures.setdefault(key, {})[int(r["year"])] = r
    body, withheld = [], []
    for (org, section, breakdown, group, measure), by_year in figures.items():
        kind = value_kind(measure)
        if all(missing(r["value"]) for r in by_year.values()):
            withheld.append(
                " ".join(x for x in (org if results.by_org else "", section, breakdown, group) if x)
            )
            continue
        last = by_year[max(by_year)]
        change_kind = (
            "ratio_change" if kind == "ratio" else "points" if kind in ("percent", "points") else kind
        )
        line = [cell(section), cell(breakdown), cell(group)]
        line += [cell(by_year[y]["value"], kind) if y in by_year else cell("") for y in years]
        line += [
            cell(last["change"], change_kind),
            cell(last["change_p"], "p"),
            cell(last["direction"] or ("" if last["better"] else "descriptive")),
        ]
        if results.by_org:
            line.insert(0, cell(org))
        body.append(line)
    heading = f"{title(results, indicator)}: year by year"
    note = (
        f"Withheld (small numbers) or not calculable in every year: {'; '.join(withheld)}."
        if withheld
        else ""
    )
    if not body:
        return Notes([note or "Nothing to show."], heading)
    return Table(heading, columns, body, note, sheet="Trend")


def benchmark_sections(results: Results, draw: Draw) -> list[Section]:
    """Each organisation's headline figures ranked, with a chart per indicator of ratios."""
    table = results.benchmark
    if table is None or table.empty:
        return []
    blocks: list[Any] = []
    for indicator in dict.fromkeys(table["indicator"]):
        part = table.loc[(table["indicator"] == indicator) & table["measure"].isin(RATIOS)]
        if part.empty:
            continue
        items = [
            (_org_name(r["org"]), number(r["value"]), number(r["ci_low"]), number(r["ci_high"]))
            for r in part.to_dict("records")
        ]
        blocks += draw(
            ch.dot_intervals,
            f"bench-{slug(indicator)}",
            f"Indicator {indicator} ({label(results, indicator)}): by organisation",
            items,
            band=tuple(results.config.band) if results.config.band else None,
            highlight="All organisations",
        )
    blocks.append(_benchmark_table(table))
    paragraphs = [
        sentence(
            [
                f"each organisation's headline figure, its rank{_rank_rules(results.indicators)} and its quartile"
            ]
        )
        + "".join(f" {s}" for s in (_descriptive_ranks(results.indicators),) if s)
        + " Withheld or not calculable figures are not ranked; 'All organisations' is the reference."
        + (f" {RANK_WARNING}" if (funnels := funnel_sections(results, draw)) else "")
    ]
    return [*funnels, Section("benchmarking", "Benchmarking organisations", paragraphs, blocks)]


def _benchmark_table(table: pd.DataFrame) -> Table:
    columns = [
        "Indicator",
        "Figure",
        "Organisation",
        "Value",
        "Low",
        "High",
        "Rank",
        "Ranked",
        "Quartile",
        "Notes",
    ]
    body = []
    for r in table.to_dict("records"):
        kind = value_kind(r["measure"])
        body.append(
            [
                cell(r["indicator"]),
                cell(" ".join(x for x in (r["section"], r["breakdown"], r["group"]) if x)),
                cell(_org_name(r["org"])),
                cell(r["value"], kind),
                cell(r["ci_low"], kind),
                cell(r["ci_high"], kind),
                cell(r["rank"], "int"),
                cell(r["ranked"], "int"),
                cell(r["quartile"], "int"),
                cell(notes(r) if r["org"] != ALL else "reference (not ranked)"),
            ]
        )
    return Table("Benchmarking", columns, body, sheet="Benchmark")


def _org_name(org: str) -> str:
    return org if org != ALL else "All organisations"


def _rank_rules(indicators: Sequence[Indicator]) -> str:
    """' (1 = best by the same rule as the trend: a ratio closest to 1.00, a lower percentage for 5, 6 and 8,
    …)', by kind; '' when no indicator has a better direction."""
    rules = []
    if any(i.kind == "likelihood" and i.better == TOWARDS_ONE for i in indicators):
        rules.append("a ratio closest to 1.00")
    survey = by_better([i for i in indicators if i.kind == "survey"], WAYS)
    rules += [
        f"a {better} percentage for {listed([i.id for i in group])}" for better, group in survey.items()
    ]
    board = by_better([i for i in indicators if i.kind == "board"], WAYS)
    rules += [f"a {better} board-minus-workforce difference" for better in board]
    return f" (1 = best by the same rule as the trend: {', '.join(rules)})" if rules else ""


def _descriptive_ranks(indicators: Sequence[Indicator]) -> str:
    composition = [i.id for i in indicators if i.kind == "composition"]
    if not composition:
        return ""
    many = "s" if len(composition) > 1 else ""
    return (
        f"For indicator{many} {listed(composition)} the rank orders the BME share of the workforce from highest "
        "and is descriptive, not a judgement."
    )

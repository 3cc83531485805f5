"""The report's first page: every headline figure with last year's beside it, the direction of change, a
plain reading each and the method in one sentence; then notes (what was not computed and why, withheld figures,
the population counted). The headline figures by group, and by organisation, are an appendix (Appendix A).

Everything here comes from the summary entries and the trend table of the results; indicators that could not
be computed are named in the notes, never in a reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.core.frameworks import group_column_of, groups_of, two_year_indicator
from wres_cli.core.schema import ALL
from wres_cli.outputs.report.cells import ids_heading, value_kind
from wres_cli.outputs.report.model import Notes, Section, Table, cell, display

if TYPE_CHECKING:
    from wres_cli.results.model import Headline, Results

IDENTITY = ("indicator", "org", "section", "breakdown", "group", "measure")
NO_EARLIER = "–"  # in the previous-year column: the inputs hold no earlier figure for this indicator
NOT_COMPUTED = "not computed"


def summary_section(results: Results, *, methods: str = "", by_org: str = "") -> Section:
    """The one-page summary (all organisations together, with --by org); ``methods`` and ``by_org`` name the
    appendices with the method and with each organisation's figures."""
    heads = [s for s in results.summary if s["org"] == ALL] or list(results.summary)
    history = _history(results)
    previous = _previous_year(results, history)
    columns = ["#", "Indicator"]
    if previous is not None:
        columns.append(str(previous))
    columns += [str(results.year) if results.year else "Figure", f"{results.config.confidence:.0%} interval"]
    if previous is not None:
        columns.append(f"Change since {previous}")
    columns.append("What it says")
    body = []
    for s in heads:
        kind = value_kind(s["measure"])
        computed = s["status"] != "not_computed"
        line = [cell(s["indicator"]), cell(s["short"])]
        if previous is not None:
            earlier = history.get(_key(s), {}).get(previous)
            line.append(cell(earlier["value"], kind) if earlier else cell(NO_EARLIER))
        line.append(cell(s["value"], kind) if computed else cell(NOT_COMPUTED))
        line.append(cell(_interval(s, kind) if computed else ""))
        if previous is not None:
            line.append(cell(_change(results, s, history) if computed else ""))
        line.append(cell(s["reading"] if computed else ""))
        body.append(line)
    table = Table("Headline figures", columns, body, sheet="Summary")
    notes = Notes(
        [method_line(results, methods), *summary_notes(results, heads, history, previous)], "Method and notes"
    )
    intro = []
    if results.by_org:
        where = f" are in Appendix {by_org}" if by_org else " follow"
        intro.append(f"All organisations together; each organisation's figures{where}.")
    return Section("summary", "Summary", intro, [table, notes])


def _key(entry: dict[str, Any]) -> tuple:
    return tuple(entry[k] for k in IDENTITY)


def _history(results: Results) -> dict[tuple, dict[int, dict[str, Any]]]:
    """Trend rows by figure and year (the figures the trend follows, all organisations together)."""
    trend = results.trend
    if trend is None or trend.empty or results.year is None:
        return {}
    out: dict[tuple, dict[int, dict[str, Any]]] = {}
    for r in trend.loc[(trend["org"] == ALL) & trend["year"].notna()].to_dict("records"):
        out.setdefault(_key(r), {})[int(r["year"])] = r
    return out


def _previous_year(results: Results, history: dict[tuple, dict[int, dict]]) -> int | None:
    """The latest year before the reporting year that any headline figure has, if any."""
    years = {y for by_year in history.values() for y in by_year if results.year and y < results.year}
    return max(years) if years else None


def _interval(entry: Headline, kind: str) -> str:
    low, high = display(entry["ci_low"], kind), display(entry["ci_high"], kind)
    if not low and not high:
        return ""
    if low == high and not low[:1].isdigit() and low[:1] not in "+-":
        return low  # both withheld: '*'
    return f"{low} to {high}" if kind == "points" else f"{low}–{high}"


def _change(results: Results, entry: Headline, history: dict[tuple, dict[int, dict]]) -> str:
    """'no significant change (+0.01)', 'worse (+2.1)', '-0.1 points (descriptive)', or the dash when there is no
    earlier figure. A headline the trend does not judge (a survey gap) takes the verdict of the figure it
    does judge (the first group's percentage), named."""
    years = history.get(_key(entry), {})
    now = years.get(results.year)
    if now is None or len(years) < 2:
        return NO_EARLIER
    kind = value_kind(entry["measure"])
    change = display(now["change"], "ratio_change" if kind == "ratio" else "points")
    direction = now["direction"]
    if not direction:
        judged = _judged(results, entry, history)
        if judged:
            return judged
    if not direction:
        unit = " points" if kind in ("percent", "points") else ""
        return f"{change}{unit} (descriptive)" if change else NO_EARLIER
    return f"{direction} ({change})" if change and not direction.startswith("not ") else direction


def _judged(results: Results, entry: Headline, history: dict[tuple, dict[int, dict]]) -> str:
    """The verdict on the trend's key figure of the same indicator, when it is not the headline itself."""
    for key, years in history.items():
        row = years.get(results.year)
        if key[:2] == _key(entry)[:2] and row is not None and row["key"] and row["direction"]:
            kind = value_kind(row["measure"])
            shown = f"{row['group']} %" if kind == "percent" else row["group"]
            return f"{row['direction']} ({shown})"
    return ""


def method_line(results: Results, appendix: str = "") -> str:
    """How the figures were made, in one sentence, from the options and the rows (what was actually done)."""
    config = results.config
    rows = results.rows
    measures = set(rows.loc[rows["status"] == "computed", "measure"])
    parts = [
        f"Method: headcount at 31 March {results.year}" if results.year else "Method: headcount in the files"
    ]
    compared = [
        text
        for measure, text in (
            ("relative_likelihood", "relative likelihoods are ratios of the groups' rates"),
            ("ratio_of_percents", "ratios of the groups' percentages"),
            ("difference_pp", "gaps are differences in percentage points"),
        )
        if measure in measures
    ]
    if compared:
        parts.append(", ".join(compared))
    parts.append(
        f"every figure has a {config.confidence:.0%} confidence interval; a comparison is statistically "
        f"significant when its p-value is below {1 - config.confidence:.2g}, which is exactly when its interval "
        "leaves out 'no difference' (one score test gives both)"
    )
    two_year = _two_year(results)
    if two_year:
        parts.append(two_year)
    if config.zero_cells == "haldane":
        parts.append("0.5 added to every cell of a ratio with a zero count")
    if config.band:
        parts.append(f"ratios outside {config.band[0]:.2f}–{config.band[1]:.2f} flagged (descriptive only)")
    if config.suppress:
        parts.append(
            f"counts of 1-{config.suppress - 1} withheld as <{config.suppress}, and others as * so they "
            "cannot be worked out"
        )
    else:
        parts.append("no counts withheld (not for publication as it stands)")
    where = f"Appendix {appendix}" if appendix else "the methods section"
    return "; ".join(parts) + f". The full method and the input files are in {where}."


def _two_year(results: Results) -> str:
    """'indicator 3: two-year rolling average (counts of 2025 and 2026 pooled)', as its headline row says."""
    indicator = two_year_indicator(results.framework)
    entry = next((s for s in results.summary if s["indicator"] == indicator and s["org"] == ALL), None)
    if entry is None or entry["status"] == "not_computed" or not entry["note"]:
        return ""
    return f"indicator {indicator}: {entry['note']}"


def summary_notes(
    results: Results, heads: list[Headline], history: dict[tuple, dict[int, dict]], previous: int | None
) -> list[str]:
    """What a reader of the first page needs besides the figures: what was not computed and why, what the
    marks mean, and which population the figures cover."""
    notes = []
    missing: dict[str, list[str]] = {}
    for s in heads:
        if s["status"] == "not_computed":
            missing.setdefault(s["reason"] or "its input was not given", []).append(s["indicator"])
    for reason, ids in missing.items():
        verb = "was" if len(ids) == 1 else "were"
        notes.append(f"{ids_heading(ids)} {verb} not computed: {reason}.")
    if previous is not None:
        absent = [
            s["indicator"]
            for s in heads
            if s["status"] != "not_computed" and previous not in history.get(_key(s), {})
        ]
        if absent:
            notes.append(f"{NO_EARLIER} {ids_heading(absent)}: no {previous} figure in the inputs.")
    if results.config.suppress:
        notes.append(
            f"<{results.config.suppress} and *: withheld so that no one can be identified from a small count."
        )
    notes += [f"{n[:1].upper()}{n[1:]}." if not n.endswith(".") else n for n in results.notes]
    return notes


def headline_section(results: Results) -> Section:
    """Appendix A: every headline figure with each group's percentage and the interval, by organisation with
    --by org, and the readings of each organisation."""
    known = groups_of(group_column_of(results.indicators), results.config)
    groups = [g for g in known if any(g in s["figures"] for s in results.summary)]
    columns = ["#", "Indicator", *[f"{g} %" for g in groups], "Result", "Low", "High", "Comparison"]
    if results.by_org:
        columns.insert(0, "Organisation")
    body, readings = [], []
    for s in results.summary:
        kind = value_kind(s["measure"])
        computed = s["status"] != "not_computed"
        line = [cell(s["indicator"]), cell(s["short"])]
        line += [cell(s["figures"].get(g, {}).get("value"), "percent") for g in groups]
        line += [
            cell(s["value"], kind) if computed else cell(NOT_COMPUTED),
            cell(s["ci_low"], kind),
            cell(s["ci_high"], kind),
            cell(s["orientation"] or "descriptive"),
        ]
        if results.by_org:
            line.insert(0, cell(s["org"]))
            if computed:
                readings.append([cell(s["org"]), cell(s["indicator"]), cell(s["reading"])])
        body.append(line)
    survey = any(i.kind == "survey" for i in results.indicators)
    blocks: list[Any] = [
        Table(
            "Headline figures by group",
            columns,
            body,
            f"Low and High bound the {results.config.confidence:.0%} confidence interval. Ratios above 1.00 mean "
            "the first-named group is more likely"
            + (
                "; survey gaps are the difference between the groups in percentage points." if survey else "."
            ),
            sheet="Summary",
        )
    ]
    if readings:
        blocks.append(
            Table("What the figures say", ["Organisation", "#", "Reading"], readings, sheet="Summary")
        )
    scope = "each organisation and all organisations together" if results.by_org else "the whole workforce"
    paragraphs = [f"The headline figure of every indicator for {scope}, with each group's percentage."]
    return Section("headlines", "Headline figures in full", paragraphs, blocks)

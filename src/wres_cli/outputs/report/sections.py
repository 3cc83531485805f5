"""The report's indicator sections, chosen by each indicator's ``kind`` (see ``Indicator``), never by its id.

A "composition" indicator (shares of each group by band) and a "board" indicator (board against workforce)
each get a section of their own; every "likelihood" indicator shares one section with one chart of the
ratios, and every "survey" indicator one with a chart of both groups' percentages. An indicator of no kind
(other frameworks, plugins) gets a section with its table. The prose names the indicators it describes from
their ids, titles and ``better``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from wres_cli.outputs.report import charts as ch
from wres_cli.outputs.report.cells import (
    OVERALL,
    Draw,
    ids_heading,
    listed,
    number,
    org_rows,
    sentence,
    slug,
    title,
    wrap,
)
from wres_cli.outputs.report.model import Section
from wres_cli.outputs.report.tables import composition_table, detail_table

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Indicator
    from wres_cli.results.model import Results

WORSE = {"lower": "a higher percentage is worse", "higher": "a lower percentage is worse"}


def indicator_sections(results: Results, draw: Draw) -> list[Section]:
    """A section per composition, board or kind-less indicator, and one for all likelihood indicators and one
    for all survey indicators, in the order of each section's first indicator."""
    sections, done = [], set()
    for indicator in results.indicators:
        if indicator.kind in SHARED:
            if indicator.kind not in done:
                done.add(indicator.kind)
                same = [i for i in results.indicators if i.kind == indicator.kind]
                sections.append(SHARED[indicator.kind](results, same, draw))
        elif indicator.kind in OWN:
            sections.append(OWN[indicator.kind](results, indicator, draw))
        else:
            sections.append(indicator_section(results, indicator))
    return sections


def composition_section(results: Results, indicator: Indicator, draw: Draw) -> Section:
    """Each group's share of every band, one chart per staff section, the whole workforce's share as a line."""
    rows = org_rows(results, indicator.id)
    percents = rows.loc[rows["measure"] == "percent"]
    overall = percents.loc[(percents["section"] == OVERALL) & (percents["group"] == "BME")]
    reference = number(overall["value"].iloc[0]) if len(overall) else None
    several = sum(i.kind == indicator.kind for i in results.indicators) > 1
    prefix = f"staff-{slug(indicator.id)}" if several else "staff"
    blocks: list[Any] = []
    drawn = []
    for section in dict.fromkeys(percents.loc[percents["section"] != OVERALL, "section"]):
        part = percents.loc[(percents["section"] == section) & (percents["breakdown"] != "Total")]
        if part.empty:
            continue
        drawn.append(f"{section[:1].lower()}{section[1:]} staff")
        bands = list(dict.fromkeys(part["breakdown"]))
        shares = [
            {r["group"]: number(r["value"]) for r in part.loc[part["breakdown"] == b].to_dict("records")}
            for b in bands
        ]
        blocks += draw(ch.band_shares, f"{prefix}-{slug(section)}", section, bands, shares, reference)
    blocks.append(composition_table(results, indicator.id))
    where = f", for {listed(drawn)}" if drawn else ""
    paragraphs = [
        f"Share of White, BME and Unknown staff in each pay band{where}; the dashed line is the BME share of "
        "the whole workforce."
    ]
    heading = f"{ids_heading([indicator.id])}: staff in each pay band"
    return Section(f"indicator-{slug(indicator.id)}", heading, paragraphs, blocks)


def likelihood_section(results: Results, indicators: Sequence[Indicator], draw: Draw) -> Section:
    """Every relative likelihood in one chart on a log scale (with the descriptive band, if set)."""
    ids = [i.id for i in indicators]
    items = []
    for indicator in ids:
        heads = org_rows(results, indicator)
        heads = heads.loc[heads["headline"].astype(bool)]
        for r in heads.to_dict("records"):
            name = f"{indicator}. {r['group']}" if r["group"] else indicator
            items.append((name, number(r["value"]), number(r["ci_low"]), number(r["ci_high"])))
    band = results.config.band
    blocks: list[Any] = draw(
        ch.dot_intervals,
        "likelihoods",
        f"Relative likelihoods ({ids_heading(ids).lower()})",
        items,
        band=tuple(band) if band else None,
    )
    blocks += [detail_table(results, i) for i in ids]
    paragraphs = [
        "Relative likelihoods with their confidence intervals on a log scale: 1.00 means equal likelihood. "
        + sentence([_comparison(i, n == 0) for n, i in enumerate(indicators)], ", ")
    ]
    if band:
        paragraphs.append(
            f"The shaded band {band[0]:.2f}-{band[1]:.2f} is descriptive only: it is not an NHS England threshold."
        )
    return Section("likelihoods", f"{ids_heading(ids)}: relative likelihoods", paragraphs, blocks)


def _comparison(indicator: Indicator, first: bool) -> str:
    """'indicator 2 compares White with BME applicants appointed from shortlisting', read from the title
    ('Relative likelihood of White applicants being appointed … compared to BME applicants') and the
    orientation ('White ÷ BME'); ``first=False`` leaves out 'compares', as a list goes on."""
    verb = " compares" if first else ""
    top, _, bottom = indicator.orientation.partition(" ÷ ")
    if not (top and bottom):
        return f"indicator {indicator.id}{verb} {indicator.label[:1].lower()}{indicator.label[1:]}"
    match = re.fullmatch(
        rf"Relative likelihood of {re.escape(top)} (?P<who>\S+) (?:being )?(?P<what>.+) compared to "
        rf"{re.escape(bottom)} (?P=who)",
        indicator.title,
    )
    what = f"{match['who']} {match['what']}" if match else f"({indicator.label})"
    return f"indicator {indicator.id}{verb} {top} with {bottom} {what}"


def survey_section(results: Results, indicators: Sequence[Indicator], draw: Draw) -> Section:
    """Both groups' percentages for every survey indicator, side by side, with their intervals."""
    ids = [i.id for i in indicators]
    items = []
    for indicator in indicators:
        rows = org_rows(results, indicator.id)
        rows = rows.loc[rows["measure"] == "percent"]
        groups = {
            r["group"]: (number(r["value"]), number(r["ci_low"]), number(r["ci_high"]))
            for r in rows.to_dict("records")
            if r["group"] in ("White", "BME")
        }
        items.append((f"{indicator.id}. {wrap(indicator.label)}", groups))
    blocks: list[Any] = draw(ch.paired_bars, "survey", "Staff survey: White and BME respondents", items)
    blocks += [detail_table(results, i) for i in ids]
    paragraphs = [
        "Percentages of White and BME respondents with their confidence intervals. " + _worse(indicators)
    ]
    return Section("survey", f"{ids_heading(ids)}: staff survey", paragraphs, blocks)


def _worse(indicators: Sequence[Indicator]) -> str:
    """'For 5, 6 and 8 a higher percentage is worse; for 7 (equal opportunities) a lower percentage is worse':
    the indicators grouped by ``better``; a group of one named by its topic when there are several groups."""
    groups = by_better(indicators, WORSE)
    clauses = []
    for better, group in groups.items():
        topic = f" ({topic_of(group[0])})" if len(group) == 1 and len(groups) > 1 else ""
        clauses.append(f"for {listed([i.id for i in group])}{topic} {WORSE[better]}")
    return sentence(clauses)


def by_better(indicators: Sequence[Indicator], known: Any) -> dict[str, list[Indicator]]:
    """The indicators grouped by which way is better (only the ways in ``known``), in first-seen order."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.better in known:
            groups.setdefault(indicator.better, []).append(indicator)
    return groups


def topic_of(indicator: Indicator) -> str:
    """A few words for what an indicator is about: its short name up to 'for' ('equal opportunities')."""
    return re.split(r" for ", indicator.label, maxsplit=1)[0].lower()


def board_section(results: Results, indicator: Indicator, draw: Draw) -> Section:
    """The BME share of each kind of board member against the workforce's."""
    rows = org_rows(results, indicator.id)
    bme = rows.loc[(rows["measure"] == "percent") & (rows["group"] == "BME")]
    items = [
        (
            "Workforce" if r["section"] == OVERALL else r["section"],
            number(r["value"]),
            number(r["ci_low"]),
            number(r["ci_high"]),
        )
        for r in bme.to_dict("records")
    ]
    several = sum(i.kind == indicator.kind for i in results.indicators) > 1
    key = f"board-{slug(indicator.id)}" if several else "board"
    blocks: list[Any] = draw(ch.share_bars, key, "BME share: board and workforce", items)
    blocks.append(detail_table(results, indicator.id))
    paragraphs = [
        "The BME share of voting and of executive board members against the BME share of the workforce; the "
        "difference is in percentage points, negative when BME people are under-represented on the board."
    ]
    heading = f"{ids_heading([indicator.id])}: board and workforce"
    return Section(f"indicator-{slug(indicator.id)}", heading, paragraphs, blocks)


def indicator_section(results: Results, indicator: Indicator) -> Section:
    return Section(
        f"indicator-{slug(indicator.id)}",
        title(results, indicator.id),
        [],
        [detail_table(results, indicator.id)],
    )


SHARED: dict[str, Callable[[Results, Sequence[Indicator], Draw], Section]] = {
    "likelihood": likelihood_section,
    "survey": survey_section,
}
OWN: dict[str, Callable[[Results, Indicator, Draw], Section]] = {
    "composition": composition_section,
    "board": board_section,
}

"""Results -> Report: the board pack's sections, tables and charts, built only from the tidy results of
``api.compute`` (the same numbers and the same suppression as ``wres compute``).

Sections for NHS WRES: summary; indicator 1 by band; relative likelihoods 2-4; staff survey 5-8; board vs
workforce (9); trends (when the inputs hold several years); benchmarking (by organisation); methods and data
quality. Other frameworks get the summary, one table per indicator, trends, benchmarking and methods.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres_cli import __version__
from wres_cli.core.schema import ALL
from wres_cli.outputs.report import charts as ch
from wres_cli.outputs.report.model import Cell, Chart, Report, Section, Table, cell

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.results.model import Results

GROUPS = ("White", "BME", "Unknown")
KIND = {
    "percent": "percent",
    "relative_likelihood": "ratio",
    "ratio_of_percents": "ratio",
    "difference_pp": "points",
}
NAMES = {"nhs-wres": "NHS Workforce Race Equality Standard"}
INSTALL = "pip install 'wres-cli[charts]'"
NO_MATPLOTLIB = f"Charts are not included because matplotlib is not installed; to add them run: {INSTALL}"
STAFF_SECTIONS = ("Non-clinical", "Clinical non-medical", "Medical & dental")
SUPPRESSION = {
    "small_count": "withheld: small count",
    "secondary": "withheld so a small count cannot be worked out",
    "derived_from_suppressed": "withheld: built on a withheld count",
}


def charts_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


class _Charts:
    """Draws charts when asked for and possible; otherwise says why in one place."""

    def __init__(self, wanted: bool) -> None:
        self.wanted = wanted
        self.available = wanted and charts_available()

    def __call__(self, draw, *args, **kwargs) -> list[Chart]:
        if not self.available:
            return []
        return [draw(*args, **kwargs)]


def build(results: Results, *, charts: bool = True, now: datetime | None = None) -> Report:
    """The report for ``results``; ``charts=False`` leaves the charts out (tables only)."""
    draw = _Charts(charts)
    nhs = results.framework == "nhs-wres"
    name = NAMES.get(results.framework, results.framework)
    year = f"reporting year {results.year}" if results.year else "single snapshot (no year column)"
    scope = "by organisation" if results.by_org else "all organisations together"
    sections = [summary_section(results)]
    if nhs:
        sections += [
            staff_section(results, draw),
            likelihood_section(results, draw),
            survey_section(results, draw),
            board_section(results, draw),
        ]
    else:
        sections += [indicator_section(results, i) for i in results.indicators]
    sections += trend_sections(results, draw) + benchmark_sections(results, draw)
    sections.append(methods_section(results, now or datetime.now().astimezone()))
    notice = NO_MATPLOTLIB if charts and not draw.available else ""
    return Report(f"{name}: {year}", f"{scope}; produced by wres-cli {__version__}", sections, notice)


# ----------------------------------------------------------------------------------------------- helpers


def _missing(value: Any) -> bool:
    return ch._missing(value)


def _number(value: Any) -> float | None:
    """A plotted number, or None when withheld (text) or missing."""
    return None if _missing(value) else float(value)


def _value_kind(measure: str) -> str:
    return KIND.get(measure, "text")


def _org_rows(results: Results, indicator: str, org: str = ALL) -> pd.DataFrame:
    rows = results.rows
    return rows.loc[(rows["indicator"] == indicator) & (rows["org"] == org)]


def _notes(record: dict[str, Any]) -> str:
    parts = []
    if record.get("status") == "not_calculable":
        parts.append(f"not calculable: {record.get('reason') or ''}".rstrip(": "))
    elif record.get("status") == "not_computed":
        parts.append(f"not computed: {record.get('reason') or ''}".rstrip(": "))
    for key in ("note", "flag"):
        if record.get(key):
            parts.append(str(record[key]))
    if record.get("suppression"):
        parts.append(SUPPRESSION.get(record["suppression"], f"withheld ({record['suppression']})"))
    return "; ".join(parts)


def _title(results: Results, indicator_id: str) -> str:
    match = next((i for i in results.indicators if i.id == indicator_id), None)
    return f"Indicator {indicator_id}: {match.title}" if match else f"Indicator {indicator_id}"


def _label(results: Results, indicator_id: str) -> str:
    match = next((i for i in results.indicators if i.id == indicator_id), None)
    return match.label if match else ""


def _sheet(results: Results, indicator_id: str) -> str:
    return f"{indicator_id} {_label(results, indicator_id)}".strip()


def detail_table(results: Results, indicator_id: str) -> Table:
    """Every tidy row of one indicator (every organisation with --by org)."""
    rows = results.rows.loc[results.rows["indicator"] == indicator_id]
    columns = ["Section", "Breakdown", "Group", "Yes / in group", "Of", "Value", "Low", "High", "p", "Notes"]
    if results.by_org:
        columns.insert(0, "Organisation")
    body = []
    for r in rows.to_dict("records"):
        kind = _value_kind(r["measure"])
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
            cell(_notes(r)),
        ]
        if results.by_org:
            line.insert(0, cell(r["org"]))
        body.append(line)
    note = f"Intervals: {results.config.confidence:.0%} confidence. Percentages of the group's total."
    return Table(_title(results, indicator_id), columns, body, note, sheet=_sheet(results, indicator_id))


def staff_table(results: Results) -> Table:
    """Indicator 1 as one line per band: count and share of each group, and the band's total."""
    rows = results.rows.loc[(results.rows["indicator"] == "1") & (results.rows["measure"] == "percent")]
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
        _title(results, "1"),
        columns,
        body,
        "Share of each band's headcount; bank-only staff are not counted.",
        sheet=_sheet(results, "1"),
    )


# ---------------------------------------------------------------------------------------------- sections


def summary_section(results: Results) -> Section:
    groups = [g for g in GROUPS if any(g in s["figures"] for s in results.summary)] or []
    columns = ["#", "Indicator", *[f"{g} %" for g in groups], "Result", "Low", "High", "Comparison"]
    if results.by_org:
        columns.insert(0, "Organisation")
    body, readings = [], []
    for s in results.summary:
        kind = _value_kind(s["measure"])
        line = [cell(s["indicator"]), cell(s["short"])]
        line += [cell(s["figures"].get(g, {}).get("value"), "percent") for g in groups]
        line += [
            cell(s["value"], kind),
            cell(s["ci_low"], kind),
            cell(s["ci_high"], kind),
            cell(s["orientation"] or "descriptive"),
        ]
        reading = [cell(s["indicator"]), cell(s["reading"])]
        if results.by_org:
            line.insert(0, cell(s["org"]))
            reading.insert(0, cell(s["org"]))
        body.append(line)
        readings.append(reading)
    confidence = f"{results.config.confidence:.0%}"
    table = Table(
        "Headline figures",
        columns,
        body,
        f"Low and High bound the {confidence} confidence interval. Ratios above 1.00 mean the first-named "
        "group is more likely; survey gaps are BME minus White in percentage points.",
        sheet="Summary",
    )
    said = Table(
        "What the figures say",
        ["Organisation", "#", "Reading"] if results.by_org else ["#", "Reading"],
        readings,
        sheet="Summary",
    )
    return Section("summary", "Summary", [], [table, said])


def staff_section(results: Results, draw: _Charts) -> Section:
    rows = _org_rows(results, "1")
    percents = rows.loc[rows["measure"] == "percent"]
    overall = percents.loc[(percents["section"] == "Overall workforce") & (percents["group"] == "BME")]
    reference = _number(overall["value"].iloc[0]) if len(overall) else None
    blocks: list[Any] = []
    for section in STAFF_SECTIONS:
        part = percents.loc[(percents["section"] == section) & (percents["breakdown"] != "Total")]
        if part.empty:
            continue
        bands = list(dict.fromkeys(part["breakdown"]))
        shares = [
            {r["group"]: _number(r["value"]) for r in part.loc[part["breakdown"] == b].to_dict("records")}
            for b in bands
        ]
        blocks += draw(ch.band_shares, f"staff-{_slug(section)}", section, bands, shares, reference)
    blocks.append(staff_table(results))
    paragraphs = [
        "Share of White, BME and Unknown staff in each pay band, for non-clinical staff, clinical non-medical "
        "staff and medical & dental staff; the dashed line is the BME share of the whole workforce."
    ]
    return Section("indicator-1", "Indicator 1: staff in each pay band", paragraphs, blocks)


def likelihood_section(results: Results, draw: _Charts) -> Section:
    items = []
    for indicator in ("2", "3", "4"):
        heads = _org_rows(results, indicator)
        heads = heads.loc[heads["headline"].astype(bool)]
        for r in heads.to_dict("records"):
            label = f"{indicator}. {r['group']}" if r["group"] else indicator
            items.append((label, _number(r["value"]), _number(r["ci_low"]), _number(r["ci_high"])))
    band = results.config.band
    blocks: list[Any] = draw(
        ch.dot_intervals,
        "likelihoods",
        "Relative likelihoods (indicators 2-4)",
        items,
        band=tuple(band) if band else None,
    )
    blocks += [detail_table(results, i) for i in ("2", "3", "4")]
    paragraphs = [
        "Relative likelihoods with their confidence intervals on a log scale: 1.00 means equal likelihood. "
        "Indicator 2 compares White with BME applicants appointed from shortlisting, indicator 3 BME with "
        "White staff entering the formal disciplinary process, indicator 4 White with BME staff accessing "
        "non-mandatory training and CPD."
    ]
    if band:
        paragraphs.append(
            f"The shaded band {band[0]:.2f}-{band[1]:.2f} is descriptive only: it is not an NHS England threshold."
        )
    return Section("likelihoods", "Indicators 2-4: relative likelihoods", paragraphs, blocks)


def survey_section(results: Results, draw: _Charts) -> Section:
    items = []
    for indicator in ("5", "6", "7", "8"):
        rows = _org_rows(results, indicator)
        rows = rows.loc[rows["measure"] == "percent"]
        label = next((i.label for i in results.indicators if i.id == indicator), indicator)
        groups = {
            r["group"]: (_number(r["value"]), _number(r["ci_low"]), _number(r["ci_high"]))
            for r in rows.to_dict("records")
            if r["group"] in ("White", "BME")
        }
        items.append((f"{indicator}. {_wrap(label)}", groups))
    blocks: list[Any] = draw(ch.paired_bars, "survey", "Staff survey: White and BME respondents", items)
    blocks += [detail_table(results, i) for i in ("5", "6", "7", "8")]
    paragraphs = [
        "Percentages of White and BME respondents with their confidence intervals. For 5, 6 and 8 a higher "
        "percentage is worse; for 7 (equal opportunities) a lower percentage is worse."
    ]
    return Section("survey", "Indicators 5-8: staff survey", paragraphs, blocks)


def board_section(results: Results, draw: _Charts) -> Section:
    rows = _org_rows(results, "9")
    bme = rows.loc[(rows["measure"] == "percent") & (rows["group"] == "BME")]
    items = [
        (
            "Workforce" if r["section"] == "Overall workforce" else r["section"],
            _number(r["value"]),
            _number(r["ci_low"]),
            _number(r["ci_high"]),
        )
        for r in bme.to_dict("records")
    ]
    blocks: list[Any] = draw(ch.share_bars, "board", "BME share: board and workforce", items)
    blocks.append(detail_table(results, "9"))
    paragraphs = [
        "The BME share of voting and of executive board members against the BME share of the workforce; the "
        "difference is in percentage points, negative when BME people are under-represented on the board."
    ]
    return Section("indicator-9", "Indicator 9: board and workforce", paragraphs, blocks)


def indicator_section(results: Results, indicator) -> Section:
    return Section(
        f"indicator-{_slug(indicator.id)}",
        _title(results, indicator.id),
        [],
        [detail_table(results, indicator.id)],
    )


def trend_sections(results: Results, draw: _Charts) -> list[Section]:
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
    paragraphs = [
        f"Figures for each reporting year {years[0]}-{years[-1]}, with the change against the previous year "
        f"marked better, worse or no significant change (a z-test at the {results.config.confidence:.0%} level; "
        "ratios compared on the log scale). A ratio is better when it is closer to 1.00; for indicator 1 a higher "
        "BME share of senior bands is better; for 5, 6 and 8 a lower BME percentage, for 7 a higher one; for 9 a "
        "higher board-minus-workforce difference. Indicator 3 is computed for each year with the chosen method "
        f"({results.config.indicator_3_method})."
    ]
    return [Section("trends", "Trends", paragraphs, blocks)]


def _trend_chart(results, indicator, part, years, draw) -> list[Chart]:
    part = part.loc[part["org"] == ALL]
    survey = indicator in ("5", "6", "7", "8") and results.framework == "nhs-wres"
    lines = part.loc[part["key"].astype(bool) | (survey & (part["measure"] == "percent"))]
    if lines.empty:
        return []
    series: dict[str, list[tuple]] = {}
    measures = set(lines["measure"])
    for (section, group), line in lines.groupby(["section", "group"], sort=False):
        points = {int(r["year"]): r for r in line.to_dict("records")}
        label = " ".join(x for x in (section, group) if x)
        if section == "Overall workforce" and group == "BME":
            label = "BME share of the workforce"
        series[label] = [
            tuple(_number(points[y][k]) if y in points else None for k in ("value", "ci_low", "ci_high"))
            for y in years
        ]
    ratio = measures <= {"relative_likelihood", "ratio_of_percents"}
    points = measures == {"difference_pp"}
    ylabel = (
        "Relative likelihood (log scale)" if ratio else "Percentage points" if points else "% of the group"
    )
    return draw(
        ch.trend_lines,
        f"trend-{_slug(indicator)}",
        f"Indicator {indicator} ({_label(results, indicator)}): trend",
        years,
        series,
        ylabel=ylabel,
        log=ratio,
        reference=1.0 if ratio else 0.0 if points else None,
    )


def _trend_table(results: Results, indicator: str, part: pd.DataFrame) -> Table:
    columns = [
        "Section",
        "Breakdown",
        "Group",
        "Year",
        "Value",
        "Low",
        "High",
        "Change",
        "p",
        "Against previous",
    ]
    if results.by_org:
        columns.insert(0, "Organisation")
    body = []
    for r in part.to_dict("records"):
        kind = _value_kind(r["measure"])
        change_kind = (
            "ratio_change" if kind == "ratio" else "points" if kind in ("percent", "points") else kind
        )
        line = [
            cell(r["section"]),
            cell(r["breakdown"]),
            cell(r["group"]),
            cell(r["year"], "int"),
            cell(r["value"], kind),
            cell(r["ci_low"], kind),
            cell(r["ci_high"], kind),
            cell(r["change"], change_kind),
            cell(r["change_p"], "p"),
            cell(r["direction"] or ("" if r["better"] else "descriptive")),
        ]
        if results.by_org:
            line.insert(0, cell(r["org"]))
        body.append(line)
    return Table(f"{_title(results, indicator)}: year by year", columns, body, sheet="Trend")


def benchmark_sections(results: Results, draw: _Charts) -> list[Section]:
    table = results.benchmark
    if table is None or table.empty:
        return []
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
    blocks: list[Any] = []
    for r in table.to_dict("records"):
        kind = _value_kind(r["measure"])
        figure = " ".join(x for x in (r["section"], r["breakdown"], r["group"]) if x)
        body.append(
            [
                cell(r["indicator"]),
                cell(figure),
                cell(r["org"] if r["org"] != ALL else "All organisations"),
                cell(r["value"], kind),
                cell(r["ci_low"], kind),
                cell(r["ci_high"], kind),
                cell(r["rank"], "int"),
                cell(r["ranked"], "int"),
                cell(r["quartile"], "int"),
                cell(_notes(r) if r["org"] != ALL else "reference (not ranked)"),
            ]
        )
    for indicator in dict.fromkeys(table["indicator"]):
        part = table.loc[
            (table["indicator"] == indicator)
            & table["measure"].isin(["relative_likelihood", "ratio_of_percents"])
        ]
        if part.empty:
            continue
        items = [
            (
                r["org"] if r["org"] != ALL else "All organisations",
                _number(r["value"]),
                _number(r["ci_low"]),
                _number(r["ci_high"]),
            )
            for r in part.to_dict("records")
        ]
        blocks += draw(
            ch.dot_intervals,
            f"bench-{_slug(indicator)}",
            f"Indicator {indicator} ({_label(results, indicator)}): by organisation",
            items,
            band=tuple(results.config.band) if results.config.band else None,
            highlight="All organisations",
        )
    blocks.append(Table("Benchmarking", columns, body, sheet="Benchmark"))
    paragraphs = [
        "Each organisation's headline figure, its rank (1 = best by the same rule as the trend: a ratio closest "
        "to 1.00, a lower harassment or discrimination percentage, a higher equal-opportunities percentage, a "
        "higher board-minus-workforce difference) and its quartile. For indicator 1 the rank orders the BME "
        "share of the workforce from highest and is descriptive, not a judgement. Withheld or not calculable "
        "figures are not ranked; 'All organisations' is the reference."
    ]
    return [Section("benchmarking", "Benchmarking organisations", paragraphs, blocks)]


def methods_section(results: Results, now: datetime) -> Section:
    config = results.config
    limit = config.suppress
    datasets = Table(
        "Inputs and data quality",
        [
            "Input",
            "File",
            "SHA-256",
            "Form",
            "Rows read",
            "People (reporting year)",
            "Unknown",
            "Unknown %",
            "Years",
        ],
        [],
        "Unknown: ethnicity not stated or not known; counted and shown, left out of every ratio.",
        sheet="Methods",
    )
    for d in results.datasets:
        people, unknown = _published(d.people, config), _published(d.unknown, config)
        share = d.unknown / d.people * 100 if d.people else None
        if isinstance(people, str) or isinstance(unknown, str):
            share = "*"
        datasets.rows.append(
            [
                cell(d.name),
                cell(Path(d.path).name),
                cell(sha256(d.path)),
                cell(d.form),
                cell(_published(d.rows, config), "count"),
                cell(people, "count"),
                cell(unknown, "count"),
                cell(share, "percent"),
                cell(", ".join(map(str, d.years)) or "no year column"),
            ]
        )
    if limit:
        suppression = (
            f"counts 1-{limit - 1} shown as '<{limit}', with secondary suppression ('*') so that a hidden count "
            "cannot be worked out from totals; percentages and intervals of withheld counts withheld"
            + ("; zeros hidden too" if config.suppress_zeros else "")
            + ("; ratios built on withheld counts withheld" if config.suppress_ratios else "")
        )
    else:
        suppression = "none (all counts shown: not for publication without --suppress)"
    method = {
        "pooled-2y": "two-year rolling average: counts of the reporting year and the year before pooled",
        "1y": "single year",
        "mean-of-ratios": "mean of the two yearly ratios",
    }.get(config.indicator_3_method, config.indicator_3_method)
    facts = [
        ("Framework", results.framework),
        ("Reporting year", str(results.year) if results.year else "no year column"),
        ("Breakdown", "by organisation" if results.by_org else "all organisations together"),
        ("Suppression", suppression),
        ("Indicator 3 method", method),
        ("Confidence level", f"{config.confidence:.0%}"),
        ("Zero cells", config.zero_cells),
        ("Descriptive band", f"{config.band[0]:.2f}-{config.band[1]:.2f}" if config.band else "none"),
        ("Configuration", config.source),
        ("Tool", f"wres-cli {__version__}"),
        ("Produced", now.strftime("%Y-%m-%d %H:%M %Z").strip()),
    ]
    facts += [("Note", n) for n in results.notes] + [("Warning", w) for w in results.warnings]
    table = Table("Method", ["Item", "Value"], [[cell(k), cell(v)] for k, v in facts], sheet="Methods")
    paragraphs = [
        "Every figure in this report comes from the same computation as `wres compute` with the same options; "
        "the SHA-256 fingerprints identify the exact input files used."
    ]
    return Section("methods", "Methods and data quality", paragraphs, [table, datasets])


def _published(value: int, config) -> int | str:
    """A dataset-level count under the same small-number rule as the results."""
    limit = config.suppress
    if limit and (0 < value < limit or (config.suppress_zeros and value == 0)):
        return f"<{limit}"
    return value


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "(file not readable)"
    return digest.hexdigest()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(text).lower()).strip("-")


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label onto lines of about ``width`` characters."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])

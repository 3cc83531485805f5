"""Results -> Report: the board pack's sections, tables and charts, built only from the tidy results of
``api.compute`` (the same numbers and the same suppression as ``wres compute``).

Sections: the summary; the indicators, by kind (sections.py: for NHS WRES indicator 1 by band, the relative
likelihoods 2-4, the staff survey 5-8 and the board against the workforce, 9; one table per indicator for
indicators of no kind); trends when the inputs hold several years and benchmarking by organisation
(history.py); methods and data quality (methods.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from wres_cli import __version__
from wres_cli.core.frameworks import framework_title, group_column_of, groups_of
from wres_cli.outputs.report.cells import value_kind
from wres_cli.outputs.report.history import benchmark_sections, trend_sections
from wres_cli.outputs.report.methods import methods_section
from wres_cli.outputs.report.model import Chart, Report, Section, Table, cell
from wres_cli.outputs.report.sections import indicator_sections

if TYPE_CHECKING:
    from wres_cli.results.model import Results

INSTALL = "pip install 'wres-cli[charts]'"
NO_MATPLOTLIB = f"Charts are not included because matplotlib is not installed; to add them run: {INSTALL}"


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
    name = framework_title(results.framework, results.config)
    year = f"reporting year {results.year}" if results.year else "single snapshot (no year column)"
    scope = "by organisation" if results.by_org else "all organisations together"
    sections = [summary_section(results), *indicator_sections(results, draw)]
    sections += trend_sections(results, draw) + benchmark_sections(results, draw)
    sections.append(methods_section(results, now or datetime.now().astimezone()))
    notice = NO_MATPLOTLIB if charts and not draw.available else ""
    return Report(f"{name}: {year}", f"{scope}; produced by wres-cli {__version__}", sections, notice)


def summary_section(results: Results) -> Section:
    """Every indicator's headline figure with its interval, and what it says in words."""
    known = groups_of(group_column_of(results.indicators), results.config)
    groups = [g for g in known if any(g in s["figures"] for s in results.summary)]
    columns = ["#", "Indicator", *[f"{g} %" for g in groups], "Result", "Low", "High", "Comparison"]
    if results.by_org:
        columns.insert(0, "Organisation")
    body, readings = [], []
    for s in results.summary:
        kind = value_kind(s["measure"])
        line = [cell(s["indicator"]), cell(s["short"])]
        line += [cell(s["figures"].get(g, {}).get("value"), "percent") for g in groups]
        line += [
            cell(s["value"], kind),
            cell(s["ci_low"], kind),
            cell(s["ci_high"], kind),
            cell(s["orientation"] or "descriptive"),
        ]
        reading: list[Any] = [cell(s["indicator"]), cell(s["reading"])]
        if results.by_org:
            line.insert(0, cell(s["org"]))
            reading.insert(0, cell(s["org"]))
        body.append(line)
        readings.append(reading)
    survey = any(i.kind == "survey" for i in results.indicators)
    table = Table(
        "Headline figures",
        columns,
        body,
        f"Low and High bound the {results.config.confidence:.0%} confidence interval. Ratios above 1.00 mean "
        "the first-named group is more likely"
        + ("; survey gaps are BME minus White in percentage points." if survey else "."),
        sheet="Summary",
    )
    said = Table(
        "What the figures say",
        ["Organisation", "#", "Reading"] if results.by_org else ["#", "Reading"],
        readings,
        sheet="Summary",
    )
    return Section("summary", "Summary", [], [table, said])

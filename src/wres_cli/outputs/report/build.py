"""Results -> Report: the board pack's sections, tables and charts, built only from the tidy results of
``api.compute`` (the same numbers and the same suppression as ``wres compute``).

First the one-page summary (summary.py); then the appendices, lettered in order: the headline figures in full
(summary.py); the indicators, by kind (sections.py: for NHS WRES indicator 1 by band, the relative likelihoods
2-4, the staff survey 5-8 and the board against the workforce, 9; one table per indicator for indicators of no
kind); trends when the inputs hold several years and benchmarking by organisation (history.py); methods and data
quality (methods.py).
"""

from __future__ import annotations

import string
from datetime import datetime
from typing import TYPE_CHECKING

from wres_cli import __version__
from wres_cli.core.errors import WresError
from wres_cli.core.frameworks import framework_title
from wres_cli.outputs.report.groups import detailed_section
from wres_cli.outputs.report.history import benchmark_sections, trend_sections
from wres_cli.outputs.report.methods import methods_section
from wres_cli.outputs.report.model import Chart, Report
from wres_cli.outputs.report.sections import indicator_sections
from wres_cli.outputs.report.summary import headline_section, summary_section

if TYPE_CHECKING:
    from wres_cli.results.model import Results

INSTALL = "pip install --upgrade wres-cli"  # matplotlib is one of its dependencies


class MissingLibrary(WresError):
    """A library the report needs (matplotlib for charts, python-docx for Word) is not installed."""


def charts_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def require_charts() -> None:
    """Charts are part of the report: without matplotlib, stop with what to do rather than leave them out."""
    if not charts_available():
        raise MissingLibrary(
            "the report's charts need matplotlib, which is not installed in this Python environment",
            hint=f"reinstall wres-cli, which installs it ({INSTALL}, or pip install matplotlib), "
            "or give --no-charts for a report without charts",
        )


class _Charts:
    """Draws charts when asked for (as SVG, and as PNG too when ``png``)."""

    def __init__(self, wanted: bool, png: bool = False) -> None:
        self.wanted = wanted
        self.png = png
        if wanted:
            require_charts()

    def __call__(self, draw, *args, **kwargs) -> list[Chart]:
        if not self.wanted:
            return []
        return [draw(*args, png=self.png, **kwargs)]


def build(results: Results, *, charts: bool = True, png: bool = False, now: datetime | None = None) -> Report:
    """The report for ``results``; ``charts=False`` leaves the charts out (tables only), ``png=True`` renders
    each chart as a PNG image as well as SVG (for Word). Charts need matplotlib: MissingLibrary without it."""
    draw = _Charts(charts, png)
    name = framework_title(results.framework, results.config)
    year = f"reporting year {results.year}" if results.year else "single snapshot (no year column)"
    scope = "by organisation" if results.by_org else "all organisations together"
    appendices = [headline_section(results), *indicator_sections(results, draw)]
    if (groups := detailed_section(results)) is not None:
        appendices.append(groups)
    appendices += trend_sections(results, draw) + benchmark_sections(results, draw)
    appendices.append(methods_section(results, now or datetime.now().astimezone()))
    for letter, section in zip(_letters(), appendices, strict=False):
        section.appendix = letter
    summary = summary_section(results, methods=appendices[-1].appendix, by_org=appendices[0].appendix)
    return Report(f"{name}: {year}", f"{scope}; produced by wres-cli {__version__}", [summary, *appendices])


def _letters():
    """A, B, ... Z, then AA, AB, ..."""
    yield from string.ascii_uppercase
    for first in string.ascii_uppercase:
        for second in string.ascii_uppercase:
            yield first + second

"""The report as plain content (sections of paragraphs, tables, charts and notes) that every format renders.

The first section is the one-page summary; every later one is an appendix (its title says which).

A table cell is a (value, kind) pair: numbers stay numbers until a format displays them, and text that
suppression put in place of a number (e.g. "<10", "*") passes through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wres_cli.core import formatting as fmt
from wres_cli.outputs.report.charts import Chart

Cell = tuple[Any, str]  # (value, kind): text, count, percent, ratio, points, ratio_change, p, int, bool


def cell(value: Any, kind: str = "text") -> Cell:
    return (value, kind)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    sheet: str = ""  # the workbook sheet it belongs on ("" = not in the workbook)


@dataclass
class Notes:
    """Short paragraphs after a table (the summary's method line and its notes); ``title`` heads them."""

    paragraphs: list[str]
    title: str = ""


Block = Table | Chart | Notes


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    appendix: str = ""  # the appendix letter ("" for the summary)

    @property
    def heading(self) -> str:
        """The title as printed: 'Appendix B. Indicator 1: staff in each pay band'."""
        return f"Appendix {self.appendix}. {self.title}" if self.appendix else self.title


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section]
    notice: str = ""  # shown at the top

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def display(value: Any, kind: str) -> str:
    """A cell as text, in the same rounding everywhere: percentages 1 dp, ratios 2 dp, points 1 dp."""
    if kind == "text":
        return "" if fmt.missing(value) else str(value)
    if isinstance(value, str):
        return value
    if fmt.missing(value):
        return ""
    if kind == "count":
        return fmt.count(value)
    if kind == "percent":
        return fmt.percent(value)
    if kind == "ratio":
        return fmt.ratio(value)
    if kind == "points":
        return f"{value:+.1f}"
    if kind == "ratio_change":
        return f"{value:+.2f}"
    if kind == "p":
        return fmt.p_value(value)
    if kind == "int":
        return f"{int(value)}"
    if kind == "bool":
        return "yes" if value else "no"
    return str(value)

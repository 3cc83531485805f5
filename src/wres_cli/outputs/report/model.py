"""The report as plain content (sections of paragraphs, tables and charts) that every format renders.

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
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Table | Chart] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section]
    notice: str = ""  # shown at the top (e.g. charts not available)

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

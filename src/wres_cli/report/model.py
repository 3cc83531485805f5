"""The report as plain content (sections of paragraphs, tables and charts) that every format renders.

A table cell is a (value, kind) pair: numbers stay numbers until a format displays them, and text that
suppression put in place of a number (e.g. "<10", "*") passes through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import formatting as fmt
from .charts import Chart

Cell = tuple[Any, str]  # (value, kind): kind is text, count, percent, ratio, points, p, int


def cell(value: Any, kind: str = "text") -> Cell:
    return (value, kind)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""


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


def display(value: Any, kind: str) -> str:
    """A cell as text, in the same rounding everywhere: percentages 1 dp, ratios 2 dp, points 1 dp."""
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
    if kind == "p":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if kind == "int":
        return f"{int(value)}"
    if kind == "bool":
        return "yes" if value else "no"
    return str(value)

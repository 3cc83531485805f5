"""The report as an Excel workbook: a Summary sheet, a Charts sheet, one sheet per indicator, Trend and
Benchmark sheets when present, and a Methods sheet. Numbers are stored as numbers (percentages as fractions formatted 0.0%),
withheld cells as text ('<10', '*'), text that a spreadsheet would run as a formula is neutralised; header
rows are frozen and columns sized to their contents."""

from __future__ import annotations

from typing import Any, BinaryIO

from wres_cli.outputs.report.model import Notes, Report, Table, display
from wres_cli.results.tidy import neutralise

FORMATS = {
    "count": "#,##0",
    "percent": "0.0%",
    "ratio": "0.00",
    "points": "+0.0;-0.0;0.0",
    "ratio_change": "+0.00;-0.00;0.00",
    "p": "0.000",
    "int": "0",
}
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = name.translate(FORBIDDEN).strip()
    if len(base) > 31:  # cut at a word boundary
        base = base[:32].rsplit(" ", 1)[0]
    base = base[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _value(value: Any, kind: str) -> tuple[Any, str | None]:
    """The stored cell value and its number format."""
    if isinstance(value, str) or kind in ("text", "bool"):
        return neutralise(display(value, kind) or None), None
    if value is None or value != value:
        return None, None
    if kind == "percent":
        return float(value) / 100, FORMATS["percent"]
    if kind == "count" and not float(value).is_integer():
        return float(value), "#,##0.0"
    if kind in ("count", "int"):
        return int(value), FORMATS[kind]
    return float(value), FORMATS.get(kind)


def _by_sheet(report: Report) -> dict[str, list[Table | Notes]]:
    """The tables of each sheet in report order; a section's notes go on the sheet of its last table."""
    by_sheet: dict[str, list[Table | Notes]] = {}
    for section in report.sections:
        sheet = ""
        for block in section.blocks:
            if isinstance(block, Table) and block.sheet:
                sheet = block.sheet
                by_sheet.setdefault(sheet, []).append(block)
            elif isinstance(block, Notes) and (sheet or block.title):
                by_sheet.setdefault(sheet or "Trend", []).append(block)
    return by_sheet


def write(report: Report, stream: BinaryIO) -> None:
    """The workbook: Summary first, then Charts (when the charts were drawn as PNG), one sheet per indicator,
    then Trend, Benchmark and Methods."""
    from openpyxl import Workbook

    by_sheet = _by_sheet(report)
    first, last = ["Summary"], ["Trend", "Benchmark", "Methods"]
    middle = [s for s in by_sheet if s not in first + last]
    order = [s for s in first + middle + last if s in by_sheet]
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name in order:
        _write_sheet(book.create_sheet(sheet_name(name, used)), by_sheet[name])
        if name == "Summary":
            _write_charts(book, report, used)
    if not book.sheetnames:
        book.create_sheet("Summary")
    book.save(stream)


def _write_sheet(sheet, blocks: list[Table | Notes]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F3F3F3")
    widths: dict[int, int] = {}
    row = 1
    tables = [b for b in blocks if isinstance(b, Table)]
    for block in blocks:
        if isinstance(block, Notes):
            if block.title:
                sheet.cell(row, 1, neutralise(block.title)).font = bold
                row += 1
            for paragraph in block.paragraphs:
                sheet.cell(row, 1, neutralise(paragraph))
                row += 1
            row += 1
            continue
        table = block
        if len(tables) > 1:
            sheet.cell(row, 1, neutralise(table.title)).font = bold
            row += 1
        for col, title in enumerate(table.columns, 1):
            c = sheet.cell(row, col, neutralise(title))
            c.font, c.fill = bold, fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
            widths[col] = max(widths.get(col, 0), min(len(title), 24))
        if table is tables[0]:
            sheet.freeze_panes = sheet.cell(row + 1, 1)
        row += 1
        for line in table.rows:
            for col, (value, kind) in enumerate(line, 1):
                stored, number_format = _value(value, kind)
                c = sheet.cell(row, col, stored)
                if number_format:
                    c.number_format = number_format
                elif isinstance(stored, str) and kind not in ("text", "bool"):
                    c.alignment = Alignment(horizontal="right")
                widths[col] = max(widths.get(col, 0), len(display(value, kind)))
            row += 1
        if table.note:
            sheet.cell(row, 1, neutralise(table.note)).font = Font(italic=True)
            row += 1
        row += 1
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(8, min(width + 2, 60))


def _write_charts(book, report: Report, used: set[str]) -> None:
    """A Charts sheet with every chart drawn as PNG, one under the other, each under its title."""
    from io import BytesIO

    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    charts = [c for c in report.charts() if c.png]
    if not charts:
        return
    sheet = book.create_sheet(sheet_name("Charts", used))
    sheet.column_dimensions["A"].width = 110
    row = 1
    for chart in charts:
        sheet.cell(row, 1, neutralise(chart.title)).font = Font(bold=True)
        image = Image(BytesIO(chart.png))
        scale = min(1.0, 900 / image.width)  # about the width of an A4 page at 96 dpi
        image.width, image.height = int(image.width * scale), int(image.height * scale)
        sheet.add_image(image, f"A{row + 1}")
        row += 3 + int(image.height / 20)  # rows are 20 pixels high

"""Hints for a file whose header wres did not find: the other sheets of a workbook whose first sheet is a cover
sheet, and --header-row when a title or a block of report parameters sits above the header."""

from __future__ import annotations

from pathlib import Path

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def sheet_names(path: Path) -> list[str]:
    """The sheets of an Excel workbook, in order (none for any other file, or one that cannot be opened)."""
    if Path(path).suffix.lower() not in EXCEL_SUFFIXES:
        return []
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def layout_hint(path: Path, sheet: str | None = None, header_row: int | None = None) -> str:
    """'; the workbook's other sheets: 'Data', 'Notes' (choose one with --sheet); if the header is not the
    first row ... give its row number with --header-row', for a message saying no known column was found."""
    hints = []
    sheets = sheet_names(path)
    if len(sheets) > 1:
        shown = sheet or sheets[0]
        others = ", ".join(repr(s) for s in sheets if s != shown)
        hints.append(
            f"the workbook's other sheets are {others} (the sheet read was {shown!r}; choose with --sheet)"
        )
    if header_row is None:
        hints.append(
            "if the header is not the first row (a title or a block of report parameters above it), give its "
            "row number with --header-row"
        )
    return "; ".join(hints)

"""The report as a Word document (python-docx, imported on first use), made to paste into a board paper.

Word's own styles carry the structure: Title, Heading 1 for the summary and each appendix, Heading 2 for notes,
Caption above every table and figure, and a table style for the tables, so the document takes on the look of
whatever template it is pasted into. ``template`` names the trust's own .docx: its styles, page size, margins,
headers and footers are kept and its body text is replaced by the report. Charts are PNG images with their
text alternative as the picture's description; withheld cells show their mark ('<10', '*') as in every format.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from wres_cli.core.errors import OutputError
from wres_cli.outputs.report.model import Chart, Notes, Report, Table, display

if TYPE_CHECKING:
    from docx.document import Document

NUMERIC = {"count", "percent", "ratio", "points", "ratio_change", "p", "int"}
TABLE_TEXT = "WRES table text"  # a paragraph style made here (8 pt, no spacing) unless the template has it
NOTE_TEXT = "WRES note text"  # the same for the summary's method line and notes (8.5 pt)
TABLE_STYLES = ("Table Grid", "Light List Accent 1", "Normal Table")


def write(report: Report, stream: BinaryIO, template: Path | None = None) -> None:
    document = open_document(template)
    _heading(document, report.title, "Title")
    _paragraph(document, report.subtitle, "Subtitle")
    if report.notice:
        _paragraph(document, report.notice)
    figure = 0
    for n, section in enumerate(report.sections):
        heading = _heading(document, section.heading, "Heading 1")
        if n == 1:  # the appendices start on the second page, after the one-page summary
            heading.paragraph_format.page_break_before = True
        for text in section.paragraphs:
            _paragraph(document, text)
        for block in section.blocks:
            if isinstance(block, Table):
                add_table(document, block)
            elif isinstance(block, Notes):
                add_notes(document, block)
            elif isinstance(block, Chart):
                figure += 1
                add_chart(document, block, figure)
    document.save(stream)


def open_document(template: Path | None) -> Document:
    """A new A4 document, or the template with its body emptied (styles, page setup, headers kept)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    if template is None:
        document = Document()
        for section in document.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
            section.top_margin = section.bottom_margin = Cm(1.8)
        styles = document.styles
        styles["Normal"].font.name = "Arial"
        styles["Normal"].font.size = Pt(10)
        styles["Normal"].paragraph_format.space_after = Pt(4)
        styles["Title"].font.size = Pt(18)
        styles["Heading 1"].paragraph_format.space_before = Pt(12)
        styles["Heading 2"].paragraph_format.space_before = Pt(8)
        return document
    try:
        document = Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise OutputError(
            f"--template {template}: not a Word document that can be read ({type(exc).__name__}: {exc})",
            hint="give a .docx file (a .dotx or .doc can be saved as .docx from Word)",
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last section's page setup stays
            body.remove(child)
    return document


def _has_style(document: Document, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _ensure(document: Document, name: str, base: str = "Normal") -> str:
    """The style ``name``, added (based on ``base``) when the template does not have it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    if not _has_style(document, name):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
        if name.startswith(("Heading", "Title")):
            style.font.bold = True
            style.font.size = Pt({"Title": 20, "Heading 1": 14}.get(name, 11))
        if name == TABLE_TEXT:
            style.font.size = Pt(8)
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.space_before = Pt(0)
        if name == NOTE_TEXT:
            style.font.size = Pt(8.5)
            style.paragraph_format.space_after = Pt(2)
    return name


def _heading(document: Document, text: str, style: str):
    return document.add_paragraph(text, style=_ensure(document, style))


def _paragraph(document: Document, text: str, style: str = "Normal"):
    return document.add_paragraph(text, style=_ensure(document, style))


def add_notes(document: Document, notes: Notes) -> None:
    if notes.title:
        _heading(document, notes.title, "Heading 2")
    for text in notes.paragraphs:
        _paragraph(document, text, NOTE_TEXT)


def add_table(document: Document, table: Table) -> None:
    """A caption, then the table with its header row repeated on every page, numbers aligned right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    caption = _paragraph(document, table.title, "Caption")
    caption.paragraph_format.keep_with_next = True
    text_style = _ensure(document, TABLE_TEXT)
    grid = document.add_table(rows=1, cols=len(table.columns))
    style = next((s for s in TABLE_STYLES if _has_style(document, s)), None)
    if style:
        grid.style = document.styles[style]
    numeric = [any(r[i][1] in NUMERIC for r in table.rows) for i in range(len(table.columns))]
    header = grid.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for i, (target, name) in enumerate(zip(header.cells, table.columns, strict=True)):
        paragraph = target.paragraphs[0]
        paragraph.style = text_style
        paragraph.add_run(name).bold = True
        if numeric[i]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for target, (value, kind) in zip(grid.add_row().cells, row, strict=True):
            paragraph = target.paragraphs[0]
            paragraph.style = text_style
            paragraph.add_run(display(value, kind))
            if kind in NUMERIC:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_widths(document, grid, table)
    if table.note:
        note = _paragraph(document, table.note)
        for run in note.runs:
            run.italic = True


def _set_widths(document: Document, grid: Any, table: Table) -> None:
    """Column widths that fill the text width: a number column as wide as its longest figure (figures are
    not broken), a text column at least as wide as its longest word, and the rest shared by text length."""
    from docx.shared import Cm, Emu

    section = document.sections[-1]
    usable = int(section.page_width - section.left_margin - section.right_margin)
    char, pad = int(Cm(0.165)), int(Cm(0.45))  # an 8 pt character, and the cell's margins
    fixed, floor, weight = [], [], []
    for i, name in enumerate(table.columns):
        texts = [display(v, k) for v, k in (r[i] for r in table.rows)]
        numeric = any(r[i][1] in NUMERIC for r in table.rows)
        words = [min(len(w), 24) for t in [*texts, name] for w in t.split()] or [1]  # a digest may break
        longest = max([len(t) for t in texts] + [1])
        fixed.append((numeric and longest <= 24) or longest <= 12)
        floor.append(pad + char * (max(longest, max(words)) if fixed[-1] else max(words)))
        weight.append(0 if fixed[-1] else sum(map(len, texts)) / max(len(texts), 1))
    spare = usable - sum(floor)
    if spare < 0 or not any(weight):  # too wide even at the least: shrink every column alike
        widths = [int(w * usable / sum(floor)) for w in floor] if spare < 0 else floor
        if spare > 0:
            widths = [w + spare // len(widths) for w in widths]
    else:
        widths = [f + int(spare * w / sum(weight)) for f, w in zip(floor, weight, strict=True)]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Emu(width)
        for target in column.cells:
            target.width = Emu(width)


def add_chart(document: Document, chart: Chart, number: int) -> None:
    """'Figure n. Title' as a caption, the PNG at the text width with its description, then its notes."""
    caption = _paragraph(document, f"Figure {number}. {chart.title}", "Caption")
    caption.paragraph_format.keep_with_next = True
    if not chart.png:
        _paragraph(document, f"Nothing to draw: {chart.alt}. {chart.note}".strip())
        return
    from io import BytesIO

    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    document.add_paragraph().add_run().add_picture(BytesIO(chart.png), width=usable)
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", f"{chart.title}. {chart.alt}")
    picture._inline.docPr.set("title", chart.title)
    if chart.note:
        _paragraph(document, chart.note)

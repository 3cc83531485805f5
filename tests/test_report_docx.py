"""`wres report -o report.docx`: a Word document that opens with python-docx and holds the one-page summary,
the readings, every table and every chart (as a picture with its description), in Word's heading styles;
`--template` takes the styles, page setup and headers of the trust's own document."""

from __future__ import annotations

import json
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from conftest import SAMPLE, SAMPLE_ARGS, Run, expand, write
from wres_cli import api
from wres_cli.outputs.report import build

COUNT_COLUMNS = {"Yes / in group", "Of", "White n", "BME n", "Unknown n", "Total", "People (reporting year)"}


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The Word report of sample_data, compute's JSON and the report model (built once for the module)."""
    out = tmp_path_factory.mktemp("docx") / "report.docx"
    run = Run()
    result = run("report", *SAMPLE_ARGS, "-o", out)
    assert result.stderr.strip().endswith(f"Wrote {out}")
    payload = json.loads(run("compute", *SAMPLE_ARGS, "--format", "json").stdout)
    results = api.compute(
        SAMPLE / "workforce.csv",
        recruitment=SAMPLE / "recruitment.csv",
        board=SAMPLE / "board.csv",
        survey=SAMPLE / "survey.csv",
        suppress=10,
        trend=True,
    )
    return Document(str(out)), payload, build.build(results, charts=True)


def test_docx_uses_word_heading_styles_and_starts_with_the_summary(sample):
    document, _, report = sample
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == report.title
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [s.heading for s in report.sections]
    assert headings[0].text == "Summary" and headings[1].text == "Appendix A. Headline figures in full"
    assert headings[1].paragraph_format.page_break_before  # the summary has the first page to itself
    assert not headings[0].paragraph_format.page_break_before
    assert "Method and notes" in [p.text for p in paragraphs if p.style.name == "Heading 2"]
    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    assert [t.title for t in report.tables()] == [c for c in captions if not c.startswith("Figure ")]


def test_docx_summary_table_has_both_years_the_change_and_the_readings(sample):
    document, payload, _ = sample
    summary = cells(document.tables[0])
    header = summary[0]
    assert header == ["#", "Indicator", "2025", "2026", "95% interval", "Change since 2025", "What it says"]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in summary[1:]}
    assert list(rows) == [str(i) for i in range(1, 10)]
    for entry in payload["summary"]:
        assert rows[entry["indicator"]]["What it says"] == entry["reading"]
    assert rows["2"]["2026"] == f"{payload['summary'][1]['value']:.2f}"
    assert rows["9"]["2026"] == "*"
    repeat = document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert repeat is not None  # the header row repeats on every page of a long table


def test_docx_holds_every_table_and_every_chart_as_a_described_picture(sample):
    document, _, report = sample
    assert len(document.tables) == len(report.tables())
    for table, expected in zip(document.tables, report.tables(), strict=True):
        assert cells(table)[0] == expected.columns
        assert len(table.rows) == len(expected.rows) + 1
    drawn = [c for c in report.charts() if c.svg]
    pictures = document.inline_shapes
    assert len(drawn) >= 6 and len(pictures) == len(drawn)
    for picture, chart in zip(pictures, drawn, strict=True):
        assert picture._inline.docPr.get("descr") == f"{chart.title}. {chart.alt}"
        assert picture.width <= Cm(17.01)  # within the text width of A4 with 2 cm margins
    blobs = [r.target_part.blob for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(blobs) == len(drawn) and all(b.startswith(b"\x89PNG") for b in blobs)
    figure_captions = [p.text for p in document.paragraphs if re.match(r"Figure \d+\. ", p.text)]
    assert len(figure_captions) == len(report.charts())


def test_docx_is_a4_and_keeps_suppression(sample):
    document, _, _ = sample
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    checked = withheld = 0
    for table in document.tables:
        rows = cells(table)
        for i, name in enumerate(rows[0]):
            if name in COUNT_COLUMNS:
                for row in rows[1:]:
                    text = row[i].replace(",", "")
                    if re.fullmatch(r"\d+", text):
                        assert int(text) == 0 or int(text) >= 10, (name, row)
                        checked += 1
                    withheld += row[i] == "<10"
    assert checked > 50 and withheld > 0


@pytest.fixture
def template(tmp_path):
    """A trust template: Georgia headings in dark red, narrow margins, a header, and body text of its own."""
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    section.header.paragraphs[0].text = "Trust Board, public session"
    document.add_paragraph("Template body text that the report replaces.")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "trust.docx"
    document.save(str(path))
    return path


def test_template_gives_its_styles_page_and_header_not_its_body(tmp_path, template):
    wf = write(
        tmp_path / "wf.csv",
        expand([{"Ethnic Origin": "A", "n": 60, "Disciplinary": 2}, {"Ethnic Origin": "N", "n": 30, "Disciplinary": 3}]),
    )
    out = tmp_path / "paper.docx"
    Run()("report", wf, "-o", out, "--template", template)
    document = Document(str(out))
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Georgia" and heading.font.color.rgb == RGBColor(0x80, 0x00, 0x20)
    assert next(p.text for p in document.paragraphs if p.style.name == "Heading 1") == "Summary"
    assert round(document.sections[0].left_margin.cm, 2) == 1.5
    assert document.sections[0].header.paragraphs[0].text == "Trust Board, public session"
    assert all("Template body text" not in p.text for p in document.paragraphs)
    assert cells(document.tables[0])[0][0] == "#"  # the template's own table is gone too
    picture = document.inline_shapes[0]
    usable = document.sections[0].page_width - Cm(3)
    assert abs(picture.width - usable) < Cm(0.05)  # charts fill the template's text width


def test_template_must_be_a_word_document(run, tmp_path, template):
    wf = write(tmp_path / "wf.csv", expand([{"Ethnic Origin": "A", "n": 20}, {"Ethnic Origin": "N", "n": 12}]))
    out = tmp_path / "paper.docx"
    result = run("report", wf, "-o", tmp_path / "paper.html", "--template", template, code=2)
    assert "a Word template is for a .docx report" in result.stderr
    dotx = tmp_path / "trust.dotx"
    dotx.write_bytes(template.read_bytes())
    assert "save it as .docx" in run("report", wf, "-o", out, "--template", dotx, code=2).stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    result = run("report", wf, "-o", out, "--template", broken, code=2)
    assert "not a Word document that can be read" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert "does not exist" in run("report", wf, "-o", out, "--template", tmp_path / "none.docx", code=2).stderr

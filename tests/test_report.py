"""`wres report`: a one-page summary then appendices; self-contained HTML with charts, Markdown with its chart
files and Excel from the same numbers as `compute`; suppression in every format; every extension written or
refused; atomic writes. (Word: test_report_docx.py; PDF and the browser: test_report_render.py.)"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser
from io import StringIO

import pandas as pd
import pytest
from openpyxl import load_workbook

from conftest import SAMPLE, SAMPLE_ARGS, Run, expand, write
from wres_cli import api
from wres_cli.outputs.report import build, html, xlsx
from wres_cli.outputs.report.write import write_report

WHITE, BME, UNKNOWN = "A White - British", "N Black or Black British - African", "Z Not Stated"
COUNT_COLUMNS = {
    "Yes / in group",
    "Of",
    "White n",
    "BME n",
    "Unknown n",
    "Total",
    "People (reporting year)",
    "Unknown",
}


class Page(HTMLParser):
    """Tags, attributes and tables (caption, header, rows of cell text) of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.tables: dict[str, tuple[list[str], list[list[str]]]] = {}
        self._where: list[str] = []
        self._text: list[str] | None = None
        self._caption, self._header, self._rows = "", [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("caption", "th", "td"):
            self._text = []
        elif tag == "table":
            self._caption, self._header, self._rows = "", [], []
        elif tag == "tr":
            self._rows.append([])

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td") and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "caption":
                self._caption = text
            elif tag == "th":
                self._header.append(text)
            else:
                self._rows[-1].append(text)
            self._text = None
        elif tag == "table":
            self.tables[self._caption] = (self._header, [r for r in self._rows if r])


def shown(value, measure: str) -> str:
    """How a figure from compute's JSON must read in the report."""
    if isinstance(value, str) or value is None:
        return value or ""
    if measure in ("relative_likelihood", "ratio_of_percents"):
        return f"{value:.2f}"
    if measure == "difference_pp":
        return f"{value:+.1f}"
    return f"{value:.1f}%"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The HTML report and compute's JSON for sample_data (computed once for the module)."""
    out = tmp_path_factory.mktemp("sample") / "report.html"
    run = Run()
    result = run("report", *SAMPLE_ARGS, "--output", out)
    assert f"Wrote {out}" in result.stderr and result.stdout == ""
    payload = json.loads(run("compute", *SAMPLE_ARGS, "--format", "json").stdout)
    return out.read_text(encoding="utf-8"), payload


def test_html_is_self_contained_and_printable(sample):
    text, _ = sample
    page = Page(text)
    names = [tag for tag, _ in page.tags]
    assert names[0] == "html" and "style" in names
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(names)
    for _, attrs in page.tags:  # nothing to fetch: only in-page anchors and SVG fragment references
        for key in ("src", "href", "xlink:href", "srcset", "data"):
            if key in attrs:
                assert attrs[key].startswith("#"), (key, attrs[key])
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", text) and "@import" not in text
    assert "@page" in text and "section.summary { break-after: page; }" in text


def test_html_has_charts_with_titles_and_text_alternatives(sample):
    text, _ = sample
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", text, flags=re.S)
    assert len(svgs) >= 6  # three band charts, likelihoods, survey, board, trends
    for svg in svgs:
        assert 'role="img"' in svg and "aria-label=" in svg and "<title" in svg
    assert text.count("<figcaption") == len(svgs)
    assert "Trends" in text  # sample_data holds 2025 and 2026


def test_html_summary_has_the_same_figures_as_compute_json(sample):
    text, payload = sample
    page = Page(text)
    header, rows = page.tables["Headline figures by group"]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert sorted(by_id) == [str(i) for i in range(1, 10)]
    for entry in payload["summary"]:
        row = by_id[entry["indicator"]]
        assert row["Result"] == shown(entry["value"], entry["measure"])
        assert row["Low"] == shown(entry["ci_low"], entry["measure"])
        assert row["High"] == shown(entry["ci_high"], entry["measure"])
        for group in ("White", "BME", "Unknown"):
            figure = entry["figures"].get(group)
            assert row[f"{group} %"] == (shown(figure["value"], "percent") if figure else "")
    assert by_id["2"]["Result"] == "1.60"  # sample data: White 876/4,377 vs BME 403/3,230


def test_the_first_section_is_a_one_page_summary_of_this_year_and_last(sample):
    """The nine headline figures, last year beside this year, the change, a reading each and the method."""
    text, payload = sample
    first = text.index('<section id="summary" class="summary">')
    assert first < text.index("<section id=\"headlines\" class=\"appendix\">") < text.index("<h2>Appendix B.")
    header, rows = Page(text).tables["Headline figures"]
    assert header == ["#", "Indicator", "2025", "2026", "95% interval", "Change since 2025", "What it says"]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert list(by_id) == [str(i) for i in range(1, 10)]
    for entry in payload["summary"]:
        row = by_id[entry["indicator"]]
        assert row["2026"] == shown(entry["value"], entry["measure"])
        assert row["What it says"] == entry["reading"]
    trend = json.loads(Run()("compute", *SAMPLE_ARGS, "--format", "json", "--trend").stdout)["trend"]
    ratio = next(t for t in trend if t["indicator"] == "2" and t["year"] == 2025 and t["group"] == "White ÷ BME")
    assert by_id["2"]["2025"] == shown(ratio["value"], "relative_likelihood")
    assert by_id["2"]["Change since 2025"].startswith("no significant change (")
    assert by_id["9"]["2026"] == "*" and by_id["9"]["Change since 2025"].startswith("not ")  # not compared
    notes = text[text.index('<div class="notes">', first) : text.index("</section>", first)]
    assert "Method: headcount at 31 March 2026" in notes and "Appendix G" in notes
    assert "withheld" in notes


def test_what_was_not_computed_is_a_note_not_a_reading(run, tmp_path):
    out = tmp_path / "report.md"
    run("report", SAMPLE / "workforce.csv", "--suppress", "10", "-o", out, "--no-charts")
    text = md_text(out.read_text(encoding="utf-8"))
    summary = text[: text.index("## Appendix A")]
    assert "Not computed:" not in text and "needs --recruitment" not in summary.split("**Method and notes**")[0]
    assert "| 2 | Appointed from shortlisting |" in summary and "| not computed |" in summary
    assert "Indicator 2 was not computed: needs --recruitment." in summary
    assert "Indicators 5-8 were not computed: needs --survey." in summary


def test_methods_name_each_input_with_its_sha256(sample):
    text, _ = sample
    header, rows = Page(text).tables["Inputs and data quality"]
    files = {r[header.index("File")]: r for r in rows}
    for name in ("workforce.csv", "recruitment.csv", "board.csv", "survey.csv"):
        digest = hashlib.sha256((SAMPLE / name).read_bytes()).hexdigest()
        assert files[name][header.index("SHA-256")] == digest
    method = dict(Page(text).tables["Method"][1])
    assert method["Tool"].startswith("wres-cli ")
    assert method["Indicator 3 computed from"] == "two-year rolling average (counts of 2025 and 2026 pooled)"
    assert "'<10'" in method["Suppression"]


def test_the_method_says_what_was_done_when_the_two_year_method_could_not_be_used(run, tmp_path):
    """--year 2025 has no 2024 to pool with: the methods say 'single year 2025', never 'two-year average'."""
    out = tmp_path / "report.md"
    run("report", SAMPLE / "workforce.csv", "--year", "2025", "-o", out, "--no-charts")
    text = md_text(out.read_text(encoding="utf-8"))
    row = next(line for line in text.splitlines() if line.startswith("| Indicator 3 computed from |"))
    assert "single year 2025" in row and "needs the year before" in row
    assert "two-year rolling average (counts" not in text
    assert "indicator 3: single year 2025" in text  # the summary's method line says the same


# ------------------------------------------------------------------------------ small data, every format


@pytest.fixture
def small(tmp_path):
    """Two organisations (one with a formula-like name), small bands that suppression must hide."""
    spec = []
    for org, scale in (("=HYPERLINK(1)", 1), ("RB2 Trust", 2)):
        for year in (2025, 2026):
            for group, n, band in ((WHITE, 60, "Band 5"), (BME, 25, "Band 5"), (UNKNOWN, 4, "Band 5"),
                                   (WHITE, 12, "Band 8a"), (BME, 3, "Band 8a")):  # fmt: skip
                spec.append(
                    {
                        "Organisation": org,
                        "Year": year,
                        "Ethnic Origin": group,
                        "Staff Group": "Administrative and Clerical",
                        "Pay Band": band,
                        "n": n * scale,
                        "Disciplinary": 1,
                        "Non-mandatory training": n * scale // 3,
                    }
                )
    return write(tmp_path / "workforce.csv", expand(spec, counts=True))


def _count_ok(text: str) -> bool:
    """A published count: text such as '<10' / '*' / '' or a number that is 0 or at least 10."""
    cleaned = text.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return True
    return float(cleaned) == 0 or float(cleaned) >= 10


def test_suppression_holds_in_html_markdown_and_xlsx(run, small, tmp_path):
    outputs = {"html": tmp_path / "report.html"}
    run("report", small, "--by", "org", "--suppress", "10", "-o", outputs["html"])
    results = api.compute(small, by_org=True, suppress=10, trend=True)  # as the command does
    for ext in ("md", "xlsx"):
        outputs[ext] = tmp_path / f"report.{ext}"
        write_report(results, outputs[ext], ext)
    checked = 0
    page = Page(outputs["html"].read_text(encoding="utf-8"))
    for header, rows in page.tables.values():
        for i, name in enumerate(header):
            if name in COUNT_COLUMNS:
                for row in rows:
                    assert _count_ok(row[i]), (name, row)
                    checked += 1
    markdown = md_text(outputs["md"].read_text(encoding="utf-8"))
    header = []
    for line in markdown.splitlines():
        if not line.startswith("| "):
            header = []
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if not header:
            header = cells
        elif not set(line) <= set("|-: "):
            for name, value in zip(header, cells, strict=True):
                if name in COUNT_COLUMNS:
                    assert _count_ok(value), (name, line)
                    checked += 1
    book = load_workbook(outputs["xlsx"])
    withheld = 0
    for sheet in book.worksheets:
        for col in sheet.iter_cols():
            head = next((c.value for c in col if c.font.bold and isinstance(c.value, str)), None)
            if head in COUNT_COLUMNS:
                for c in col:
                    if isinstance(c.value, int | float):
                        assert c.value == 0 or c.value >= 10, (sheet.title, c.coordinate, c.value)
                    withheld += c.value == "<10"
    assert checked > 100 and withheld > 0
    assert "| <10 |" in markdown
    assert any("<10" in row for _, rows in page.tables.values() for row in rows)


def test_xlsx_sheets_types_and_formula_safety(small, tmp_path):
    results = api.compute(small, by_org=True, suppress=10, trend=True)
    out = tmp_path / "report.xlsx"
    write_report(results, out, "xlsx")
    book = load_workbook(out)
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-3:] == ["Trend", "Benchmark", "Methods"]
    assert "1 Staff by pay band" in book.sheetnames and "4 Non-mandatory training and" in book.sheetnames
    staff = book["1 Staff by pay band"]
    assert staff.freeze_panes == "A2"
    header = [c.value for c in staff[1]]
    assert header[:3] == ["Organisation", "Section", "Band / grade"]
    rows = list(staff.iter_rows(min_row=2, values_only=False))
    # counts and shares that the suppression leaves shown keep their number formats
    cells = [(str(h), r[i]) for r in rows for i, h in enumerate(header)]
    counts = [c for h, c in cells if h.endswith(" n") and isinstance(c.value, int)]
    shares = [c for h, c in cells if h.endswith(" %") and isinstance(c.value, float)]
    assert counts and all(c.data_type == "n" and c.number_format == "#,##0" for c in counts)
    assert shares and all(c.number_format == "0.0%" for c in shares)
    rb2 = next(r for r in rows if r[0].value == "RB2 Trust" and r[2].value == "Total")
    unknown_n = rb2[header.index("Unknown n")]  # 8 people
    assert unknown_n.value == "<10" and unknown_n.data_type == "s"
    orgs = {r[0].value for r in rows if r[0].value}
    assert "'=HYPERLINK(1)" in orgs and "=HYPERLINK(1)" not in orgs  # shown as text, never run
    unsuppressed = tmp_path / "unsuppressed.xlsx"  # with --suppress 10 these small ratios are withheld
    write_report(api.compute(small, by_org=True), unsuppressed, "xlsx", charts=False)
    ratio = load_workbook(unsuppressed)["4 Non-mandatory training and"]
    head = [c.value for c in ratio[1]]
    values = [
        r[head.index("Value")]
        for r in ratio.iter_rows(min_row=2)
        if r[head.index("Group")].value == "White ÷ BME"
    ]
    assert values and all(isinstance(c.value, float) and c.number_format == "0.00" for c in values)
    assert staff.column_dimensions["A"].width >= 12


def test_markdown_tables_match_the_csv(run, small, tmp_path):
    # --keep-ratios: the ratios on '<10' counts stay published, so the likelihoods chart is drawn too
    csv = run("compute", small, "--suppress", "10", "--keep-ratios", "--format", "csv").stdout
    out = tmp_path / "report.md"
    run("report", small, "--suppress", "10", "--keep-ratios", "-o", out)
    markdown = md_text(out.read_text(encoding="utf-8"))

    rows = pd.read_csv(StringIO(csv), dtype=str, keep_default_na=False)
    rows = rows.loc[rows["indicator"].isin(["3", "4"])]
    assert len(rows) >= 8
    for r in rows.to_dict("records"):
        measure = r["measure"]
        value = (
            r["value"]
            if not re.fullmatch(r"-?[\d.]+(e-?\d+)?", r["value"])
            else shown(float(r["value"]), measure)
        )
        count = lambda v: v if not v.isdigit() else f"{int(v):,}"  # noqa: E731
        cells = [
            r["section"],
            r["breakdown"],
            r["group"],
            count(r["numerator"]),
            count(r["denominator"]),
            value,
        ]
        line = "| " + " | ".join(cells) + " |"
        assert line in markdown, line
    assert "<svg" not in markdown  # charts are files beside the report, linked by default
    assert "](report-charts/likelihoods.svg)" in markdown and (tmp_path / "report-charts" / "likelihoods.svg").exists()


def md_text(markdown: str) -> str:
    """Markdown with its escapes undone (what a reader sees), cell separators kept."""
    return unescape(re.sub(r"\\([\\`*_\[\]!~#+=-])", r"\1", markdown))


def test_markdown_escapes_text_from_the_data(run, tmp_path):
    """An organisation name cannot add HTML, a link or an image to the Markdown report."""
    hostile = "<img src=x onerror=alert(1)> [site](javascript:alert(1)) ![i](http://x/t.png) a|b"
    frame = pd.read_csv(SAMPLE / "workforce.csv", dtype=str)
    frame["Organisation"] = frame["Organisation"].where(frame.index % 2 == 0, hostile)
    workforce = tmp_path / "workforce.csv"
    frame.to_csv(workforce, index=False)
    out = tmp_path / "paper.md"
    run("report", workforce, "--by", "org", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert hostile.split()[0] in md_text(text)  # shown as written ...
    assert "<img" not in text  # ... never as markup: no HTML, and every bracket of a link or image escaped
    assert not re.search(r"(?<!\\)\]\(javascript|(?<!\\)!\[i", text)
    assert "a\\|b" in text  # a bar in a value does not split the table cell


def test_markdown_charts_folder(run, small, tmp_path):
    out, charts = tmp_path / "paper.md", tmp_path / "charts"
    result = run("report", small, "-o", out, "--charts", charts)
    svgs = sorted(p.name for p in charts.glob("*.svg"))
    assert "likelihoods.svg" in svgs and "staff-non-clinical.svg" in svgs
    text = out.read_text(encoding="utf-8")
    assert "](charts/likelihoods.svg)" in text
    assert f"Wrote {charts / 'likelihoods.svg'}" in result.stderr
    assert not (tmp_path / "paper-charts").exists()
    other = tmp_path / "svg"
    run("report", small, "-o", tmp_path / "r.html", "--charts", other)  # HTML holds them, and DIR gets files
    assert sorted(p.name for p in other.glob("*.svg")) == svgs
    bare = tmp_path / "bare.md"
    run("report", small, "-o", bare, "--no-charts")
    assert "![" not in bare.read_text(encoding="utf-8") and not (tmp_path / "bare-charts").exists()
    result = run("report", small, "-o", bare, "--no-charts", "--charts", other, code=2)
    assert "--no-charts" in result.stderr


def test_charts_dir_is_never_left_empty(run, tmp_path):
    """A report with nothing to chart says so and creates no folder."""
    wf = write(tmp_path / "wf.csv", expand([{"Ethnic Origin": WHITE, "n": 30}, {"Ethnic Origin": BME, "n": 20}]))
    charts = tmp_path / "charts"
    results = api.compute(wf)
    bare = dataclasses.replace(results, indicators=[dataclasses.replace(i, kind="") for i in results.indicators],
                               trend=None)
    written = write_report(bare, tmp_path / "r.md", "md", charts_dir=charts)
    assert written == [tmp_path / "r.md"] and not charts.exists()


def test_without_matplotlib_the_report_stops_and_says_how_to_install(run, small, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "charts_available", lambda: False)
    out, charts = tmp_path / "report.html", tmp_path / "charts"
    result = run("report", small, "-o", out, "--charts", charts, code=2)
    assert "matplotlib, which is not installed" in result.stderr and "--no-charts" in result.stderr
    assert not out.exists() and not charts.exists()
    with pytest.raises(build.MissingLibrary):
        build.build(api.compute(small))
    text = html.render(build.build(api.compute(small), charts=False))
    assert "<svg" not in text and "Headline figures" in text
    run("report", small, "-o", out, "--no-charts")
    assert "<svg" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "given", "says"),
    [
        ("report.docx", "html", "--format html would write HTML into it"),
        ("report.html", "xlsx", "--format xlsx would write Excel into it"),
        ("report.txt", None, "does not write .txt; for .txt write .md (Markdown) instead"),
        ("report.doc", None, "for .doc write .docx (Word) instead"),
        ("report", None, "does not write a file without an extension"),
        ("report.out", "html", "HTML reports are written to files ending in .html"),
    ],
)
def test_every_extension_is_written_or_refused(run, small, tmp_path, name, given, says):
    """Content never goes into a file whose extension names another format."""
    out = tmp_path / name
    args = ["--format", given] if given else []
    result = run("report", small, "-o", out, *args, code=2)
    assert says in result.stderr and "Error:" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [small]


def test_each_extension_writes_its_format(run, small, tmp_path):
    from docx import Document

    for name in ("r.htm", "r.markdown", "r.xlsx", "r.docx"):
        run("report", small, "-o", tmp_path / name, "--no-charts")
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.markdown").read_text(encoding="utf-8").startswith("# NHS Workforce Race Equality")
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Summary"
    assert Document(str(tmp_path / "r.docx")).paragraphs[0].style.name == "Title"


def test_xlsx_has_the_charts_as_images(small, tmp_path):
    out = tmp_path / "report.xlsx"
    write_report(api.compute(small, trend=True), out, "xlsx")
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["Summary", "Charts"]
    assert len(book["Charts"]._images) >= 4


def test_report_refuses_to_overwrite_an_input_and_writes_atomically(run, small, tmp_path, monkeypatch):
    named = tmp_path / "workforce.md"  # an input that happens to have a report's extension
    named.write_bytes(small.read_bytes())
    result = run("report", named, "-o", named, code=2)
    assert "one of the input files" in result.stderr and named.read_bytes() == small.read_bytes()

    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous report")
    results = api.compute(small)

    def broken(report, stream):
        stream.write(b"PK partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx, "write", broken)
    with pytest.raises(RuntimeError):
        write_report(results, out, "xlsx")
    assert out.read_bytes() == b"previous report"  # the old file is untouched ...
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # ... and no temp file left


# ------------------------------------------------------------------------ no global state, no table of ids


def test_building_a_report_leaves_matplotlib_settings_alone(small):
    """The house style applies only while a chart is drawn: the caller's settings, backend and figures stay."""
    import sys

    import matplotlib

    pyplot_before = "matplotlib.pyplot" in sys.modules
    results = api.compute(small, trend=True)
    with matplotlib.rc_context({"font.size": 13.0, "axes.titleweight": "normal", "svg.fonttype": "path"}):
        before = dict(dict.items(matplotlib.rcParams))  # the stored values: reading them resolves nothing
        report = build.build(results, charts=True)
        after = dict(dict.items(matplotlib.rcParams))
    charts = report.charts()
    drawn = [c.svg for c in charts if c.svg]
    assert len(drawn) >= 4 and "font-size: 9px" in drawn[0]  # drawn, in the house style
    assert after == before
    assert ("matplotlib.pyplot" in sys.modules) == pyplot_before  # no pyplot, so no figure kept open


def test_the_wdes_report_is_titled_with_the_framework_name(tmp_path, run):
    wdes = SAMPLE / "wdes"
    out = tmp_path / "wdes.md"
    args = ["--recruitment", wdes / "recruitment.csv", "--board", wdes / "board.csv", "--survey", wdes / "survey.csv"]
    run("report", wdes / "workforce.csv", "--framework", "wdes", *args, "-o", out)
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# Workforce Disability Equality Standard: reporting year 2026"
    results = api.compute(SAMPLE / "sc-wres" / "workforce.csv", framework="sc-wres", config=SAMPLE / "sc-wres" / "wres.yaml")
    assert build.build(results, charts=False).title.startswith("Social Care Workforce Race Equality Standard: ")


def _renamed(results, names: dict[str, str], framework: str):
    """The same results with every indicator id (and the framework) renamed."""
    import dataclasses

    def frame(table):
        if table is None:
            return None
        table = table.copy()
        table["indicator"] = table["indicator"].map(names)
        table["framework"] = framework
        return table

    return dataclasses.replace(
        results,
        framework=framework,
        rows=frame(results.rows),
        trend=frame(results.trend),
        benchmark=frame(results.benchmark),
        summary=[{**s, "indicator": names[s["indicator"]], "framework": framework} for s in results.summary],
        indicators=[dataclasses.replace(i, id=names[i.id], framework=framework) for i in results.indicators],
    )


def test_sections_and_charts_follow_each_indicators_kind_not_its_id():
    results = api.compute(
        SAMPLE / "workforce.csv",
        recruitment=SAMPLE / "recruitment.csv",
        board=SAMPLE / "board.csv",
        survey=SAMPLE / "survey.csv",
        by_org=True,
        trend=True,
    )
    names = dict(zip([str(n) for n in range(1, 10)], "ABCDEFGHI", strict=True))
    original = build.build(results, charts=True)
    renamed = build.build(_renamed(results, names, "local-wres"), charts=True)
    assert [s.title for s in renamed.sections] == [
        "Summary",
        "Headline figures in full",
        "Indicator A: staff in each pay band",
        "Indicators B, C and D: relative likelihoods",
        "Indicators E, F, G and H: staff survey",
        "Indicator I: board and workforce",
        "Trends",
        "Benchmarking organisations",
        "Methods and data quality",
    ]
    assert [s.key for s in renamed.sections] == [s.key.replace("-1", "-a").replace("-9", "-i") for s in original.sections]
    assert [c.key for c in renamed.charts()] == [
        re.sub(r"-(\d)$", lambda m: f"-{names[m[1]].lower()}", c.key) for c in original.charts()
    ]
    assert len(renamed.tables()) == len(original.tables())
    likelihoods = next(s for s in renamed.sections if s.key == "likelihoods").paragraphs[0]
    assert "Indicator B compares White with BME applicants appointed from shortlisting, indicator C BME" in likelihoods
    survey = next(s for s in renamed.sections if s.key == "survey").paragraphs[0]
    assert survey.endswith(
        "For E, F and H a higher percentage is worse; for G (equal opportunities) a lower percentage is worse."
    )
    assert renamed.title.startswith("local-wres: reporting year 2026")


def test_the_report_code_names_no_framework_and_no_indicator_id():
    from conftest import ROOT

    for path in sorted((ROOT / "src" / "wres_cli" / "outputs" / "report").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert '"nhs-wres"' not in text, path.name
        for match in re.finditer(r"""(==|\bin)\s*\(?\s*["']\d+["']""", text):  # e.g. == "1", in ("2", "3")
            line = text[text.rfind("\n", 0, match.start()) + 1 : match.end()]
            assert re.match(r"\s*for\b", line), (path.name, line)  # a loop over literals is not a test of an id

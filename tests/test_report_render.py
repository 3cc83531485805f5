"""The board pack as a real browser prints it: `wres report -o report.pdf` through headless Chromium.

The summary must fit the first A4 page on its own (every headline figure, every reading, the method line and
the notes on page 1; the appendices from page 2), and every table and chart of the report must be in the PDF,
the charts drawn in their colours. Pages are read with poppler (pdftotext, pdftoppm).

Without a browser or poppler the test is skipped on a workstation (Debian: ``apt-get install chromium
poppler-utils``) but fails in CI (CI=true), where `.ci/run` installs them: CI must check the page a board
member sees. The error for a missing browser is tested everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from conftest import SAMPLE, SAMPLE_ARGS, Run
from wres_cli import api
from wres_cli.outputs.report import build, pdf

A4_POINTS = (595, 842)  # 210 x 297 mm
# Okabe-Ito blue (White) and orange (BME) of the charts as 0-255 RGB, and the pixels each needs over the pages
# at 50 dpi: the bar charts alone cover several thousand of each; text and rules cover almost none.
CHART_COLOURS = {"White blue": ((0, 114, 178), 4_000), "BME orange": ((230, 159, 0), 4_000)}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def need(what: str, found: str | None, install: str) -> str:
    """The tool, or a skip on a workstation and a failure in CI."""
    if found:
        return found
    message = f"no {what} found; on Debian: {install}"
    if in_ci():
        pytest.fail(f"CI=true and {message} (.ci/run installs it)")
    pytest.skip(message)


def squeeze(text: str) -> str:
    """Text without any whitespace, so that words wrapped or hyphenated at a line end still compare."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The sample report as PDF, its pages' text, the report model and compute's JSON."""
    need("headless Chromium (chromium, chromium-browser, google-chrome)", pdf.find_browser(), "apt-get install chromium")
    need("pdftotext (poppler)", shutil.which("pdftotext") and shutil.which("pdftoppm"), "apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("pdf")
    out = folder / "report.pdf"
    run = Run()
    result = run("report", *SAMPLE_ARGS, "-o", out)
    assert result.stderr.strip().endswith(f"Wrote {out}")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    texts = [
        subprocess.run(
            ["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, pages + 1)
    ]
    results = api.compute(
        SAMPLE / "workforce.csv",
        recruitment=SAMPLE / "recruitment.csv",
        board=SAMPLE / "board.csv",
        survey=SAMPLE / "survey.csv",
        suppress=10,
        trend=True,
    )
    payload = json.loads(run("compute", *SAMPLE_ARGS, "--format", "json").stdout)
    return {
        "pdf": out,
        "size": (round(float(size[1])), round(float(size[2]))),
        "pages": texts,
        "report": build.build(results, charts=True),
        "payload": payload,
    }


def test_pdf_is_a4_and_the_summary_has_the_first_page_to_itself(printed):
    assert printed["pdf"].read_bytes().startswith(b"%PDF")
    assert printed["size"] == A4_POINTS
    first, second = printed["pages"][0], printed["pages"][1]
    page = squeeze(first)
    report = printed["report"]
    assert page.startswith(squeeze(report.title))
    for entry in printed["payload"]["summary"]:
        assert squeeze(entry["short"]) in page, entry["short"]
        assert squeeze(entry["reading"]) in page, entry["reading"]  # every reading is on page 1, whole
    notes = next(b for b in report.sections[0].blocks if not hasattr(b, "rows") and hasattr(b, "paragraphs"))
    for paragraph in notes.paragraphs:  # the method line and the last note too: nothing spills to page 2
        assert squeeze(paragraph) in page, paragraph
    assert "Appendix" not in first.replace("Appendix G", "")  # only the method line's reference to it
    assert second.lstrip().startswith("Appendix A. Headline figures in full")


def test_every_table_and_chart_of_the_report_is_in_the_pdf(printed):
    text = squeeze("".join(printed["pages"]))
    report = printed["report"]
    for table in report.tables():
        assert squeeze(table.title) in text, table.title
        assert all(squeeze(c) in text for c in table.columns), table.title
    charts = [c for c in report.charts() if c.svg]
    assert len(charts) >= 6
    for chart in charts:  # chart text is real text in the SVG, so a drawn chart's title is in the PDF
        assert squeeze(chart.title) in text, chart.title
    assert len(printed["pages"]) <= 14, f"{len(printed['pages'])} pages"


def test_the_charts_are_drawn_in_their_colours(printed, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(printed["pdf"]), str(tmp_path / "page")], check=True)
    from matplotlib import image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(printed["pages"])
    totals = dict.fromkeys(CHART_COLOURS, 0)
    for path in pages:
        rgb = np.rint(np.asarray(image.imread(path))[..., :3] * 255).astype(np.int16)
        ink = (rgb < 200).any(axis=2).mean()
        assert 0.002 < ink < 0.6, f"{path.name}: ink covers {ink:.1%} of the page"
        for name, (colour, _) in CHART_COLOURS.items():
            totals[name] += int((np.abs(rgb - np.array(colour)) <= 12).all(axis=2).sum())
    for name, (colour, least) in CHART_COLOURS.items():
        assert totals[name] > least, f"{name} {colour} covers only {totals[name]} pixels; the charts did not render"


def test_without_a_browser_pdf_is_refused_with_how_to_install_one(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(pdf.ENV, raising=False)
    monkeypatch.setattr(pdf, "PLACES", ())
    out = tmp_path / "report.pdf"
    result = run("report", SAMPLE / "workforce.csv", "-o", out, code=2)
    assert "headless Chromium" in result.stderr and "apt-get install chromium" in result.stderr
    assert "WRES_CHROMIUM" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
    monkeypatch.setenv(pdf.ENV, str(tmp_path / "no-such-browser"))
    result = run("report", SAMPLE / "workforce.csv", "-o", out, code=2)
    assert "no-such-browser is not a browser that can be run" in result.stderr


def test_a_browser_that_prints_nothing_is_an_error_not_an_empty_pdf(run, tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(pdf.ENV, str(fake))
    out = tmp_path / "report.pdf"
    result = run("report", SAMPLE / "workforce.csv", "-o", out, "--no-charts", code=2)
    assert "did not print the report" in result.stderr and "cannot open display" in result.stderr
    assert not out.exists()

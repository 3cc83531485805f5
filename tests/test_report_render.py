"""The sample HTML report rendered by headless Chromium: a real browser draws the page and its inline SVG charts.

Skipped when no Chromium is installed (Debian: ``apt-get install chromium``); ``make sample-report`` writes the same
report to docs/ with its PNG.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import numpy as np
import pytest

from conftest import SAMPLE

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Okabe-Ito blue (White) and orange (BME) of the charts as 0-255 RGB, with the pixels each needs on the first
# page: the indicator 1 bars cover about 108,000 and 6,300; without the charts only about 3,600 blue pixels remain
# (headings' rules and links) and no orange.
CHART_COLOURS = {"White blue": ((0, 114, 178), 20_000), "BME orange": ((230, 159, 0), 2_000)}


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(f"no headless browser on PATH ({', '.join(BROWSERS)}); on Debian: apt-get install chromium")


def test_sample_report_renders_in_headless_chromium(run, tmp_path):
    browser = _browser()
    page = tmp_path / "report.html"
    run(
        "report",
        SAMPLE / "workforce.csv",
        "--recruitment",
        SAMPLE / "recruitment.csv",
        "--board",
        SAMPLE / "board.csv",
        "--survey",
        SAMPLE / "survey.csv",
        "--suppress",
        "10",
        "--output",
        page,
    )
    png = tmp_path / "report.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--screenshot={png}",
        page.as_uri(),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{browser} did not render the report within 60 s")
    took = time.perf_counter() - started
    assert png.exists(), f"no screenshot after {took:.1f}s (exit {done.returncode}):\n{done.stderr[-2000:]}"

    data = png.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 50_000, f"a {len(data)}-byte PNG is too small for a page of tables and charts"

    from matplotlib import image

    pixels = np.asarray(image.imread(png))[..., :3]  # floats in 0..1, alpha dropped
    rgb = np.rint(pixels * 255).astype(np.int16)
    # Not a blank page: a good share of the page carries ink, and it is spread down the page, not in one band.
    ink = (rgb < 200).any(axis=2)
    assert 0.01 < ink.mean() < 0.6, f"ink covers {ink.mean():.1%} of the page"
    tenths = [ink[i * height // 10 : (i + 1) * height // 10].mean() for i in range(10)]
    assert sum(t > 0.005 for t in tenths) >= 6, f"ink per tenth of the page: {np.round(tenths, 3)}"
    # The SVG charts were drawn: both group colours appear over a visible area.
    for name, (colour, least) in CHART_COLOURS.items():
        near = (np.abs(rgb - np.array(colour)) <= 12).all(axis=2).sum()
        assert near > least, f"{name} {colour} covers only {near} pixels; the charts did not render"

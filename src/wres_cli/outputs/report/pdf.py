"""The report as PDF: the HTML report printed by a headless Chromium (or Chrome, or Edge) with its print
stylesheet, so the PDF is the page a board member would print: the summary alone on page 1, A4.

The browser is found on PATH (or named by WRES_CHROMIUM) and runs with a throwaway profile on a page that
needs nothing from the network; the PDF is written beside the output and renamed into place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from wres_cli.core.errors import WresError

ENV = "WRES_CHROMIUM"
NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
)
PLACES = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
)
TIMEOUT = 180  # seconds; a report of every organisation in England prints in well under a minute


class NoBrowser(WresError):
    """PDF output was asked for and no headless Chromium is installed."""


class PrintFailed(WresError):
    """The browser ran but did not produce the PDF."""


def find_browser() -> str | None:
    """The browser named by WRES_CHROMIUM, else the first Chromium-family browser installed."""
    named = os.environ.get(ENV, "").strip()
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return next((p for p in PLACES if Path(p).is_file()), None)


def require_browser(output: Path) -> str:
    """The browser, or a NoBrowser error saying how to get one (checked before any work is done)."""
    browser = find_browser()
    if browser:
        return browser
    named = os.environ.get(ENV, "").strip()
    if named:
        raise NoBrowser(f"--output {output}: {ENV}={named} is not a browser that can be run")
    raise NoBrowser(
        f"--output {output}: PDF is printed from the HTML report by a headless Chromium, and none is installed "
        f"(looked for {', '.join(NAMES[:3])} and Chrome or Edge)",
        hint="install one: on Debian or Ubuntu `apt-get install chromium`, on Fedora `dnf install chromium`, "
        "on macOS `brew install --cask chromium`, on Windows Google Chrome or Microsoft Edge; "
        f"or name it with {ENV}=/path/to/browser; or write -o report.html and print it from a browser",
    )


def command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    args = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",  # the same, for browsers older than 2023
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(2, "--no-sandbox")  # Chromium will not start as root with its sandbox (CI containers)
    return args


def html_to_pdf(html: str, browser: str) -> bytes:
    """The PDF of ``html`` as ``browser`` prints it."""
    with tempfile.TemporaryDirectory(prefix="wres-pdf-") as temp:
        folder = Path(temp)
        page, pdf = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                command(browser, page, pdf, folder / "profile"),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise PrintFailed(f"{browser} did not print the report within {TIMEOUT} s") from None
        except OSError as exc:
            raise PrintFailed(f"cannot run {browser}: {exc.strerror or exc}") from None
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF"):
            detail = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise PrintFailed(
                f"{browser} did not print the report (exit {done.returncode})\n{detail}".rstrip()
            )
        return data

"""The report's last section: how every figure was made (options, method, suppression, tool, time) and which
files it was made from, each named with its SHA-256 so that a reader can tell the exact inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres_cli import __version__
from wres_cli.core.frameworks import two_year_indicator
from wres_cli.core.schema import ALL
from wres_cli.outputs.report.model import Section, Table, cell

if TYPE_CHECKING:
    from datetime import datetime

    from wres_cli.core.config import Config
    from wres_cli.results.model import Results

METHODS = {
    "pooled-2y": "two-year rolling average: counts of the reporting year and the year before pooled",
    "1y": "single year",
    "mean-of-ratios": "mean of the two yearly ratios",
}


def methods_section(results: Results, now: datetime) -> Section:
    config = results.config
    facts = [
        ("Framework", results.framework),
        ("Reporting year", str(results.year) if results.year else "no year column"),
        ("Breakdown", "by organisation" if results.by_org else "all organisations together"),
        ("Suppression", _suppression(config)),
        *_two_year(results),
        ("Confidence level", f"{config.confidence:.0%}"),
        ("Zero cells", config.zero_cells),
        ("Descriptive band", f"{config.band[0]:.2f}-{config.band[1]:.2f}" if config.band else "none"),
        ("Configuration", config.source),
        ("Tool", f"wres-cli {__version__}"),
        ("Produced", now.strftime("%Y-%m-%d %H:%M %Z").strip()),
    ]
    facts += [("Note", n) for n in results.notes] + [("Warning", w) for w in results.warnings]
    table = Table("Method", ["Item", "Value"], [[cell(k), cell(v)] for k, v in facts], sheet="Methods")
    paragraphs = [
        "Every figure in this report comes from the same computation as `wres compute` with the same options; "
        "the SHA-256 fingerprints identify the exact input files used."
    ]
    return Section("methods", "Methods and data quality", paragraphs, [table, _inputs_table(results)])


def _two_year(results: Results) -> list[tuple[str, str]]:
    """What the indicator with the two-year method was computed from, as its headline row says, and the
    method asked for when the data did not allow it (no year before the reporting year)."""
    indicator = two_year_indicator(results.framework)
    if indicator is None or not any(i.id == indicator for i in results.indicators):
        return []
    chosen = METHODS.get(results.config.indicator_3_method, results.config.indicator_3_method)
    entry = next((s for s in results.summary if s["indicator"] == indicator and s["org"] == ALL), None)
    if entry is None or entry["status"] == "not_computed" or not entry["note"]:
        return [(f"Indicator {indicator} method", f"{chosen} (not computed in this report)")]
    done = str(entry["note"])
    if results.config.indicator_3_method != "1y" and done.startswith("single"):
        done += f"; the {chosen.split(':')[0]} needs the year before, which the inputs do not hold"
    return [(f"Indicator {indicator} computed from", done)]


def _suppression(config: Config) -> str:
    limit = config.suppress
    if not limit:
        return "none (all counts shown: not for publication without --suppress)"
    return (
        f"counts 1-{limit - 1} shown as '<{limit}', with further counts hidden ('*') until no hidden count can be "
        f"narrowed to fewer than {limit - 1} possible values from the published figures: groups, bands, sections "
        "and the overall workforce, organisations and 'All', and every year up to this one with the two years of "
        "a pooled figure (suppressed together, with or without the trend); percentages and intervals of "
        "withheld counts withheld; counts in notes rounded"
        + ("; zeros hidden too" if config.suppress_zeros else "")
        + ("; ratios built on withheld counts withheld" if config.suppress_ratios else "")
        + ("; board counts published as public" if "board" in config.public else "")
        + " (docs/disclosure.md; check a publication with `wres disclosure-check`)"
    )


def _inputs_table(results: Results) -> Table:
    config = results.config
    columns = [
        "Input",
        "File",
        "SHA-256",
        "Form",
        "Rows read",
        "People (reporting year)",
        "Unknown",
        "Unknown %",
    ]
    table = Table(
        "Inputs and data quality",
        [*columns, "Years"],
        [],
        "Unknown: ethnicity not stated or not known; counted and shown, left out of every ratio.",
        sheet="Methods",
    )
    for d in results.datasets:
        people, unknown = _published(d.people, config), _published(d.unknown, config)
        share: Any = "*"
        if not (isinstance(people, str) or isinstance(unknown, str)):
            share = unknown / people * 100 if people else None
        table.rows.append(
            [
                cell(d.name),
                cell(d.path if "://" in d.path else Path(d.path).name),
                cell(sha256(d.path)),
                cell(d.form),
                cell(_published(d.rows, config), "count"),
                cell(people, "count"),
                cell(unknown, "count"),
                cell(share, "percent"),
                cell(", ".join(map(str, d.years)) or "no year column"),
            ]
        )
    return table


def _published(value: int | str, config: Config) -> int | str:
    """A dataset-level count under the same small-number rule as the results (as published already when it is
    text: '<10', '*')."""
    if isinstance(value, str):
        return value
    limit = config.suppress
    if limit and (0 < value < limit or (config.suppress_zeros and value == 0)):
        return f"<{limit}"
    return value


def sha256(path: str | Path) -> str:
    if "://" in str(path):  # a table in a database (URL#TABLE): no file to fingerprint
        return "(database table)"
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "(file not readable)"
    return digest.hexdigest()

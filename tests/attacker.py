"""An attacker for wres-cli's small-number suppression, working only from what a run writes.

The attacker reads every output of one run (JSON with --trend, the tidy CSV, the trend CSV, the Markdown
report), turns each published count into a cell ("<10": a whole number 1..9, "*": any count, a number: that
number), writes down every equation a reader who knows how the figures are computed can write (groups add up to
their band, bands to their section, sections to the overall workforce, organisations to "All", two years to the
pooled figure, the file's headcount to the staff counted plus bank-only staff, the numbers in notes and
metadata), and adds what published rates, percentages, ratios, confidence intervals and p-values say about the
counts behind them. Integer linear programming (scipy's HiGHS MILP) then gives, for every hidden count, the
smallest and largest value consistent with everything published; the nonlinear figures are turned into
finite tables of allowed count combinations by enumeration over the candidates the linear part leaves, and
those tables enter the programme as choices.

The figures are read back from the files, so the attacker keeps working whatever the package's insides look
like; only the score interval and p-value of a comparison are recomputed with the package's own statistics.
``collect`` drives the command line to produce the files.

The safety rule (``is_safe``): a hidden count is safe when what is published leaves it at least ``min_values``
possible values (by default as many as "<N" itself leaves: 1..N-1, or 0..N-1 when zeros are hidden too) or a
range that covers both 0 and N (a reader cannot tell whether it is small at all). Counts that no table shows
(people with no organisation or staff group, bank-only staff, one year of a pooled figure) are judged only when
they could be small (their range meets 1..N-1); a count published outright in a note counts as a range of one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse, stats
from scipy.optimize import Bounds, LinearConstraint, milp

# The published interval and p-value of a comparison are the score test's (docs/statistics.md); the attacker
# recomputes them for candidate counts with the same functions, which tests/test_inference.py checks against
# statsmodels and scipy.
from wres_cli.statistics.inference import difference_inference_arrays as score_difference
from wres_cli.statistics.inference import ratio_inference_arrays as score_ratio
from wres_cli.statistics.inference import score_p_value

ALL = "All"
NO_ORG = "(no organisation)"  # the people a file lists without an organisation: in "All" only
TOTAL = "*total*"  # the whole of a band / section / overall block
BIG = 10_000_000.0  # "no upper bound" for a count
COUNT_FIELDS = ("numerator", "denominator")
FIGURE_FIELDS = ("value", "ci_low", "ci_high", "p_value")

# What a reader knows about each framework (from its published methods): which groups partition everyone,
# which tables are compositions (groups share the band's denominator), which population each rate is of.
GROUPS = {
    "nhs-wres": ("White", "BME", "Unknown"),
    "sc-wres": ("White", "BME", "Unknown"),
    "wdes": ("Disabled", "Non-disabled", "Unknown"),
}
ETHNICITY = {"nhs-wres", "sc-wres"}  # metadata's "Unknown" is Unknown ethnicity: a group of these frameworks
COMPOSITION = {"nhs-wres": {"1", "9"}, "sc-wres": {"1", "9"}, "wdes": {"1", "10"}}
BANK_NOTE = {"nhs-wres"}  # prints "N bank-only staff are not counted" whenever N > 0
NOSG_WARNING = {"nhs-wres"}  # warns "N staff with no staff group" whenever N > 0
POPULATION = {  # denominator of a rate: whose headcount
    ("nhs-wres", "2"): "shortlisted",
    ("nhs-wres", "3"): "allstaff",
    ("nhs-wres", "4"): "allstaff",
    ("sc-wres", "2"): "shortlisted",
    ("sc-wres", "3"): "staff",
    ("sc-wres", "4"): "regulated",
    ("sc-wres", "5"): "staff",
    ("sc-wres", "8"): "staff",
    ("sc-wres", "9"): "staff",  # senior management's relative likelihood: of each group's staff
    ("wdes", "2"): "shortlisted",
    ("wdes", "3"): "allstaff",
}
SURVEY = {
    "nhs-wres": {"5", "6", "7", "8"},
    "sc-wres": {"6", "7a", "7b"},
    "wdes": {"4a", "4b", "4c", "4d", "5", "6", "7", "8"},
}
OVERALL = ("Overall workforce", "All staff")
BOARD_SECTIONS = {"Voting board members": "board_voting", "Executive board members": "board_exec"}
SECTION_TOTAL = "Total"
# a number of people printed in a note or warning ("4 bank-only staff", "3 people on 3 row(s) have no ...")
# ("about 1,240" is a count rounded to a multiple of the threshold: at least that many values, read as nothing)
PRINTED = r"(?<![\w.<])(?<!about )(?P<n>\d[\d,]*) (?:bank-only staff|staff|people|respondents|applicants|members)\b"
SUBSET = "of which"
DETAILED = ("Asian", "Black", "Mixed", "Other", "BME (group not given)")  # the groups behind BME

# Families of knowledge: every equation and figure the attacker uses belongs to one, so a leak can be traced to
# the kind of published information that makes it possible.
FAMILIES = {
    "table": "groups add up to their band and bands to their section total (the tables as printed)",
    "orgs": "organisations add up to 'All' (with people who have no organisation in 'All' only)",
    "overall": "section totals add up to the overall workforce (with people who have no staff group)",
    "cross": "the same headcount appears in several indicators",
    "bank": "the file's headcount in the metadata = the staff counted + bank-only staff",
    "years": "a pooled two-year figure is the sum of its two years (trend rows give one of them)",
    "meta": "input sizes and Unknown counts in the metadata and the report's inputs table",
    "notes": "numbers in notes and warnings, and what their absence says",
    "percent": "published percentages and their Wilson intervals",
    "ratio": "published relative likelihoods and their score intervals",
    "pvalue": "published Fisher exact p-values",
    "difference": "published differences in percentage points and their intervals",
    "format": "a count hidden in one output but shown in another",
    "detailed": "with --groups detailed, BME is the sum of the groups behind it (Asian, Black, Mixed, Other)",
}
# the leak classes a reader of the report thinks in, and the families that make each
CLASSES = {
    "ratios, intervals, p-values and published differences": {"ratio", "pvalue", "percent", "difference"},
    "overall workforce not linked to its sections": {"overall"},
    "residuals (no organisation / no staff group)": set(),  # decided by the kind of cell
    "trends and pooled years": {"years"},
    "notes, warnings and metadata": {"meta", "notes"},
    "bank-only staff": {"bank"},
    "same headcount in several indicators": {"cross"},
    "formats disagree": {"format"},
    "subtraction within the printed tables": {"table", "orgs", "detailed"},
}


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Shown:
    """One published field: a number (with the tolerance its rounding allows), '<N', '*', or nothing."""

    kind: str  # "number" | "small" | "hidden" | "absent" | "below"
    value: float | None = None
    tol: float | None = None  # absolute tolerance of a rounded number; None: full precision

    @property
    def number(self) -> bool:
        return self.kind == "number"

    def text(self) -> str:
        if self.kind == "number":
            return f"{self.value:g}"
        if self.kind == "small":
            return f"<{self.value:g}"
        if self.kind == "below":
            return f"<{self.value:g}"
        return {"hidden": "*", "absent": ""}[self.kind]


ABSENT = Shown("absent")
HIDDEN = Shown("hidden")
_SMALL = re.compile(r"^<\s*(\d+)$")
_BELOW = re.compile(r"^<\s*(\d*\.\d+)$")


def parse_field(x, *, rounded: bool = False) -> Shown:
    """A published field; ``rounded``: text from a report, whose numbers carry display rounding."""
    if x is None or isinstance(x, bool):
        return ABSENT
    if isinstance(x, int | float):
        return ABSENT if isinstance(x, float) and not math.isfinite(x) else Shown("number", float(x))
    s = html.unescape(str(x)).replace("\\", "").strip().lstrip("'").strip()
    if s in ("", "—", "-", "None", "nan", "NaN"):
        return ABSENT
    if s == "*":
        return HIDDEN
    if m := _SMALL.match(s):
        return Shown("small", float(m.group(1)))
    if m := _BELOW.match(s):
        return Shown("below", float(m.group(1)))
    s = s.rstrip("%").replace(",", "").replace("+", "").replace("−", "-").strip()
    try:
        v = float(s)
    except ValueError:
        return ABSENT
    if not math.isfinite(v):
        return ABSENT
    if rounded and "." in s:
        return Shown("number", v, 0.5 * 10 ** -len(s.split(".")[1]) + 1e-12)
    if rounded and ("e" not in s.lower()):
        return (
            Shown("number", v, 0.5 + 1e-12)
            if abs(v) >= 1 and not float(v).is_integer()
            else Shown("number", v)
        )
    return Shown("number", v)


@dataclass
class Record:
    """One published figure (a tidy row), merged over every output that shows it."""

    key: tuple
    fields: dict[str, Shown] = field(default_factory=dict)
    status: str = ""
    reason: str = ""
    note: str = ""
    sources: set[str] = field(default_factory=set)
    revealed: dict[str, Shown] = field(default_factory=dict)  # field -> how another output hid it
    revealed_in: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Shown:
        return self.fields.get(name, ABSENT)

    @property
    def framework(self):
        return self.key[0]

    @property
    def indicator(self):
        return self.key[1]

    @property
    def org(self):
        return self.key[2]

    @property
    def year(self):
        return self.key[3]

    @property
    def section(self):
        return self.key[4]

    @property
    def breakdown(self):
        return self.key[5]

    @property
    def group(self):
        return self.key[6]

    @property
    def measure(self):
        return self.key[7]

    def label(self) -> str:
        fw, ind, org, year, section, breakdown, group, _measure = self.key
        where = " / ".join(x for x in (section, breakdown) if x)
        return f"{fw} {ind} {org} {year} {where + ' / ' if where else ''}{group}"


@dataclass
class Outputs:
    """Everything one run published, merged: tidy records, metadata, notes and warnings."""

    records: dict[tuple, Record] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    inputs: dict[str, dict] = field(
        default_factory=dict
    )  # dataset -> {"people": Shown, "unknown": Shown, ...}
    texts: list[tuple[str, str]] = field(default_factory=list)  # (source, note or warning)
    conflicts: list[str] = field(default_factory=list)
    threshold: int | None = None
    suppress_zeros: bool = False
    zero_cells: str = "none"
    confidence: float = 0.95
    reporting_year: int | None = None
    sources: list[str] = field(default_factory=list)
    notes_seen: bool = False  # a format that carries the notes and warnings was read

    # -- adding --------------------------------------------------------------------------------------

    def add_row(self, row: dict, source: str, *, rounded: bool = False) -> None:
        key = _row_key(row)
        if key is None:
            return
        rec = self.records.setdefault(key, Record(key))
        rec.sources.add(source)
        for name in (*COUNT_FIELDS, *FIGURE_FIELDS):
            if name in row:
                self._merge(rec, name, parse_field(row[name], rounded=rounded), source)
        for name in ("status", "reason", "note"):
            text = _text(row.get(name))
            if text and not getattr(rec, name):
                setattr(rec, name, text)

    def _merge(self, rec: Record, name: str, new: Shown, source: str) -> None:
        old = rec.get(name)
        if new.kind == "absent":
            return
        if old.kind == "absent":
            rec.fields[name] = new
            rec.fields.setdefault("_src_" + name, Shown("absent"))
            rec.revealed.pop(name, None)
            self._where(rec, name, new, source)
            return
        if old.number and new.number:
            tol = max(old.tol or 0, new.tol or 0) + 1e-9 * max(1.0, abs(old.value))
            if abs(old.value - new.value) > tol:
                self.conflicts.append(f"{rec.label()} {name}: {old.text()} vs {new.text()} ({source})")
            if (new.tol or 0) < (old.tol or 0):
                rec.fields[name] = new
            return
        if old.number != new.number:  # one output shows what another hides
            shown, hidden, hidden_in = (
                (old, new, source) if old.number else (new, old, self._first(rec, name))
            )
            rec.fields[name] = shown
            if name in COUNT_FIELDS:
                rec.revealed[name] = hidden
                rec.revealed_in[name] = hidden_in
            return
        if old.kind == "hidden" and new.kind == "small":
            rec.fields[name] = new

    def _where(self, rec, name, shown, source):
        rec.__dict__.setdefault("_first", {})[name] = source

    def _first(self, rec, name):
        return rec.__dict__.get("_first", {}).get(name, "another output")

    # -- reading files -------------------------------------------------------------------------------

    def read(self, path: str | Path) -> Outputs:
        path = Path(path)
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            self.read_json(json.loads(text), path.name)
        elif path.suffix == ".csv":
            self.read_csv(text, path.name)
        elif path.suffix in (".md", ".markdown"):
            self.read_markdown(text, path.name)
        else:
            raise ValueError(f"cannot read {path}")
        return self

    def read_json(self, doc: dict, source: str = "json") -> Outputs:
        self.sources.append(source)
        meta = doc.get("meta") or {}
        self._meta(meta)
        for part in ("rows", "trend", "benchmark"):
            for row in doc.get(part) or []:
                self.add_row(row, f"{source}:{part}")
        for entry in doc.get("summary") or []:
            self.add_row(entry, f"{source}:summary")
            for fig in (entry.get("figures") or {}).values():
                self.add_row(fig, f"{source}:summary")
        if meta:
            self.notes_seen = True
        for name in ("notes", "warnings"):
            for line in meta.get(name) or []:
                self._text_line(f"{source}:meta.{name}", line)
        for item in meta.get("inputs") or []:
            self._input(item.get("name"), item, source)
        return self

    def read_csv(self, text: str, source: str = "csv") -> Outputs:
        self.sources.append(source)
        for row in csv.DictReader(io.StringIO(text)):
            self.add_row(row, source)
        return self

    def read_markdown(self, text: str, source: str = "md") -> Outputs:
        """Indicator tables, the notes and warnings of the methods table, and the inputs table."""
        self.sources.append(source)
        framework = self.meta.get("framework") or _framework_from_title(text)
        if m := re.search(r"reporting year (\d{4})", text):
            year = int(m.group(1))
            self.reporting_year = self.reporting_year or year
        else:
            year = self.reporting_year
        title, in_trends = "", False
        for heading, table in _markdown_tables(text):
            if heading.startswith("##"):
                in_trends = heading.strip("# ").startswith(("Trends", "Benchmarking"))
                continue
            title = heading
            header = table[0]
            if (in_trends or "Organisation" not in header) and "Item" not in header and "Input" not in header:
                continue
            if header[:2] == ["Item", "Value"]:
                self.notes_seen = True
                for item, value in (r[:2] for r in table[1:]):
                    if item in ("Note", "Warning"):
                        self._text_line(f"{source}:methods", value)
                    elif item == "Zero cells" and "haldane" in value.lower():
                        self.zero_cells = "haldane"
                    elif item == "Suppression" and (m := re.search(r"counts 0-", value)):
                        self.suppress_zeros = True
                continue
            if header and header[0] == "Input":
                for r in table[1:]:
                    row = dict(zip(header, r, strict=False))
                    self._input(
                        row.get("Input"),
                        {"people": row.get("People (reporting year)"), "unknown": row.get("Unknown")},
                        source,
                        rounded=True,
                    )
                continue
            m = re.match(r"Indicator (\w+):", title)
            if not m or "year by year" in title:
                continue
            indicator = m.group(1)
            self._markdown_indicator(table, framework, indicator, year, source)
        return self

    def _markdown_indicator(self, table, framework, indicator, year, source):
        header = table[0]
        groups = [h[:-2] for h in header if h.endswith(" n")]
        for r in table[1:]:
            row = dict(zip(header, r, strict=False))
            org = row.get("Organisation", "")
            base = {"framework": framework, "indicator": indicator, "org": org, "year": year}
            if groups:  # the wide composition table: one line per band, a pair of columns per group
                band = next((row[h] for h in header if h in ("Band / grade", "Band", "Grade", "Cluster")), "")
                if not band:
                    band = r[2] if len(r) > 2 else ""
                for g in groups:
                    self.add_row(
                        {
                            **base,
                            "section": row.get("Section", ""),
                            "breakdown": band,
                            "group": g,
                            "measure": "percent",
                            "numerator": row.get(f"{g} n"),
                            "denominator": row.get("Total"),
                            "value": row.get(f"{g} %"),
                        },
                        source,
                        rounded=True,
                    )
                continue
            group = row.get("Group", "")
            if not group:
                continue
            value = row.get("Value", "")
            section, breakdown = row.get("Section", ""), row.get("Breakdown", "")
            known = self.measures.get((framework, indicator, org, year, section, breakdown, group))
            if known is not None:
                measure = known
            elif "÷" in group:
                measure = "ratio_of_percents" if "%" in group else "relative_likelihood"
            elif "−" in group or "−" in breakdown or "−" in section:
                measure = "difference_pp"
            elif value.endswith("%") or (value in ("*", "") and _text(row.get("Of"))):
                measure = "percent"
            else:
                continue  # means and other figures that are not counts
            if measure not in ("percent", "relative_likelihood", "ratio_of_percents", "difference_pp"):
                continue
            note = row.get("Notes", "")
            note = re.sub(r";?\s*withheld:.*$", "", note).strip()
            self.add_row(
                {
                    **base,
                    "section": section,
                    "breakdown": breakdown,
                    "group": group,
                    "measure": measure,
                    "numerator": row.get("Yes / in group"),
                    "denominator": row.get("Of"),
                    "value": value,
                    "ci_low": row.get("Low"),
                    "ci_high": row.get("High"),
                    "p_value": row.get("p"),
                    "note": note,
                },
                source,
                rounded=True,
            )

    # -- metadata, notes ---------------------------------------------------------------------------------

    def _meta(self, meta: dict) -> None:
        for k, v in meta.items():
            if k not in ("inputs", "notes", "warnings"):
                self.meta.setdefault(k, v)
        if isinstance(meta.get("suppress"), int | float) and meta.get("suppress"):
            self.threshold = int(meta["suppress"])
        if isinstance(meta.get("confidence"), int | float):
            self.confidence = float(meta["confidence"])
        if isinstance(meta.get("reporting_year"), int):
            self.reporting_year = meta["reporting_year"]
        if meta.get("suppress_zeros"):
            self.suppress_zeros = True
        if meta.get("zero_cells") == "haldane":
            self.zero_cells = "haldane"

    def _input(self, name, item: dict, source: str, *, rounded: bool = False) -> None:
        if not name:
            return
        entry = self.inputs.setdefault(name, {})
        for k in ("people", "unknown"):
            shown = parse_field(item.get(k), rounded=rounded)
            if shown.kind != "absent" and (k not in entry or not entry[k].number):
                entry[k] = shown
        for k in ("path", "years"):
            if item.get(k) is not None and k not in entry:
                entry[k] = item[k]

    def _text_line(self, source: str, line: str) -> None:
        line = html.unescape(str(line)).replace("\\", "").strip()
        if line and all(line != t for _, t in self.texts):
            self.texts.append((source, line))

    # -- views -----------------------------------------------------------------------------------------

    @property
    def measures(self) -> dict[tuple, str]:
        """The measure of each figure already read (so a report's rounded table finds its JSON twin)."""
        return {k[:7]: k[7] for k in self.records}

    @property
    def orgs(self) -> list[str]:
        return sorted({r.org for r in self.records.values() if r.org != ALL})

    @property
    def by_org(self) -> bool:
        return bool(self.orgs) or bool(self.meta.get("by_org"))

    @property
    def frameworks(self) -> list[str]:
        return sorted({r.framework for r in self.records.values()})


def _text(x) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    return html.unescape(str(x)).replace("\\", "").strip().lstrip("'")


def _row_key(row: dict) -> tuple | None:
    measure = _text(row.get("measure"))
    if not measure or not _text(row.get("framework")) or not _text(row.get("indicator")):
        return None
    year = row.get("year")
    try:
        year = int(float(year)) if year not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    org = _text(row.get("org")) or ALL
    if org == "All organisations":
        org = ALL
    return (
        _text(row.get("framework")),
        _text(row.get("indicator")),
        org,
        year,
        _text(row.get("section")),
        _text(row.get("breakdown")),
        _text(row.get("group")),
        measure,
    )


def _framework_from_title(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    if "Social Care" in first:
        return "sc-wres"
    if "Disability" in first:
        return "wdes"
    return "nhs-wres"


def _markdown_tables(text: str) -> Iterable[tuple[str, list[list[str]]]]:
    """(heading, table) for each pipe table, headed by the bold line or '##' heading above it."""
    lines = text.splitlines()
    heading, i = "", 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("## "):
            yield line, [[]]
            heading = line
        elif line.startswith("**") and line.endswith("**"):
            heading = line.strip("*").strip()
        elif line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|\s*:?-{3}", lines[i + 1].strip()):
            table = [_cells(line)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                table.append(_cells(lines[i].strip()))
                i += 1
            yield heading, table
            continue
        i += 1


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [html.unescape(p.strip()).replace("\\", "") for p in parts]


def read_outputs(*paths: str | Path, suppress_zeros: bool = False) -> Outputs:
    """Outputs of one run from its files (.json first, so the metadata is known when the report is read)."""
    out = Outputs(suppress_zeros=suppress_zeros)
    for p in sorted(paths, key=lambda p: (Path(p).suffix != ".json", str(p))):
        out.read(p)
    return out


def collect(args: list[str], workdir: str | Path, *, formats=("json", "csv", "trend-csv", "md")) -> Outputs:
    """Run ``wres`` through its command line with ``args`` (inputs and options, no --format/--output) and read
    everything the run writes. Raises RuntimeError when a command does not succeed."""
    from typer.testing import CliRunner

    from wres_cli.cli import app

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    args = [str(a) for a in args]
    plain = [a for a in args if a != "--trend"]
    jobs = {
        "json": ["compute", *plain, "--trend", "-f", "json", "-o", str(workdir / "out.json")],
        "csv": ["compute", *plain, "-f", "csv", "-o", str(workdir / "out.csv")],
        "trend-csv": ["compute", *plain, "--trend", "-f", "csv", "-o", str(workdir / "trend.csv")],
        "md": ["report", *plain, "-o", str(workdir / "report.md")],
    }
    paths = []
    for name in formats:
        command = jobs[name]
        result = runner.invoke(app, command, catch_exceptions=False)
        if result.exit_code != 0:
            raise RuntimeError(f"wres {' '.join(command)} exited {result.exit_code}:\n{result.output}")
        paths.append(Path(command[-1]))
    return read_outputs(*paths, suppress_zeros="--suppress-zeros" in args)


# ---------------------------------------------------------------------------------------------- the model


@dataclass
class Cell:
    """A count the attacker reasons about: a published one (shown, '<N' or '*') or one no table shows."""

    key: tuple  # variable key
    label: str
    kind: str  # "small" ("<N"), "hidden" ("*"), "shown", "implicit"
    shown: str = ""
    residual: bool = False  # people with no organisation or no staff group


@dataclass
class Check:
    """A nonlinear published figure: ``test(*columns)`` says which combinations of the counts it allows."""

    vars: list[tuple]
    test: object  # callable(np.ndarray, ...) -> bool mask
    family: str
    label: str
    solve: object = None  # optional callable(position, columns) -> float candidate for the var at position
    after: object = (
        None  # optional exact filter on a few candidate tuples (p-values): callable(tuple) -> bool
    )


@dataclass
class Linear:
    coefs: dict[tuple, float]
    lo: float
    hi: float
    family: str
    label: str


class Model:
    """Integer variables (counts), linear constraints and nonlinear checks, each tagged with a family."""

    def __init__(self) -> None:
        self.vars: dict[tuple, int] = {}
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[bool] = []
        self.linear: list[Linear] = []
        self.checks: list[Check] = []
        self.cells: dict[tuple, Cell] = {}
        self.dataset: dict[tuple, str] = {}
        self.notes: list[str] = []  # what the attacker could not use

    def var(self, key: tuple, *, dataset: str | None = None) -> tuple:
        if key not in self.vars:
            self.vars[key] = len(self.lb)
            self.lb.append(0.0)
            self.ub.append(BIG)
            self.integer.append(True)
        if dataset and key not in self.dataset:
            self.dataset[key] = dataset
        return key

    def bound(self, key: tuple, lo: float | None = None, hi: float | None = None) -> None:
        i = self.vars[key]
        if lo is not None:
            self.lb[i] = max(self.lb[i], lo)
        if hi is not None:
            self.ub[i] = min(self.ub[i], hi)

    def add(self, coefs: dict, lo: float, hi: float, family: str, label: str) -> None:
        coefs = {k: v for k, v in coefs.items() if v}
        for k in coefs:
            self.var(k)
        if coefs:
            self.linear.append(Linear(coefs, lo, hi, family, label))

    def equal(self, left: dict, right: dict, family: str, label: str) -> None:
        coefs = defaultdict(float)
        for k, v in left.items():
            coefs[k] += v
        for k, v in right.items():
            coefs[k] -= v
        self.add(dict(coefs), 0.0, 0.0, family, label)


def _sum(*exprs: dict) -> dict:
    out = defaultdict(float)
    for e in exprs:
        for k, v in e.items():
            out[k] += v
    return dict(out)


def _one(key: tuple) -> dict:
    return {key: 1.0}


def _parts(group: str) -> list[str]:
    return [p.strip().rstrip("%").strip() for p in re.split(r"[÷−]", group)]


def _years(rec: Record) -> tuple:
    note = rec.note
    if m := re.search(r"counts of (\d{4}) and (\d{4}) pooled", note):
        return (int(m.group(1)), int(m.group(2)))
    if m := re.search(r"(?:single year|year) (\d{4})", note):
        return (int(m.group(1)),)
    return (rec.year,)


def _plain_breakdown(breakdown: str) -> str:
    return re.sub(r", \d{4}$", "", breakdown)


class Builder:
    """Turns published Outputs into a Model."""

    def __init__(self, out: Outputs) -> None:
        self.out = out
        self.m = Model()
        self.threshold = out.threshold or 0
        recs = out.records.values()
        self.groups = {fw: GROUPS.get(fw) or self._groups_of(fw) for fw in out.frameworks}
        # the band rows of each composition section and year (the same for every organisation)
        self.bands: dict[tuple, list[str]] = defaultdict(list)
        for r in recs:
            if r.measure == "percent" and self._composition(r) and r.breakdown != SECTION_TOTAL:
                k = (r.framework, r.indicator, r.year, r.section)
                if r.breakdown not in self.bands[k]:
                    self.bands[k].append(r.breakdown)
        self.board_year = {}
        for _, text in out.texts:
            if m := re.search(
                r"(?:indicator|metric) (\d+): no (\d{4}) board rows; used the board of (\d{4})", text
            ):
                self.board_year[int(m.group(2))] = int(m.group(3))

    def _groups_of(self, fw):
        return tuple(
            dict.fromkeys(
                r.group
                for r in self.out.records.values()
                if r.framework == fw and r.measure == "percent" and not set("÷−") & set(r.group)
            )
        )

    def _composition(self, r: Record) -> bool:
        return (
            r.indicator in COMPOSITION.get(r.framework, ())
            and r.measure == "percent"
            and "relative likelihood" not in r.section  # each group's rate of its own staff, not shares
        )

    # -- expressions for published counts --------------------------------------------------------------

    def comp(self, fw, org, ind, year, section, breakdown, group) -> dict:
        """The count of ``group`` in a composition table's cell (group TOTAL: the whole cell)."""
        if (section, breakdown) == OVERALL:
            key = ("staff", fw, org, year, group)
        elif section in BOARD_SECTIONS:
            key = (BOARD_SECTIONS[section], fw, org, self.board_year.get(year, year), group)
        else:
            key = ("c", fw, org, ind, year, section, breakdown, group)
        dataset = "board" if section in BOARD_SECTIONS else "workforce"
        return _one(self.m.var(key, dataset=dataset))

    def population(self, fw, org, name, year, group) -> dict:
        if name == "staff":
            return _one(self.m.var(("staff", fw, org, year, group), dataset="workforce"))
        if name == "allstaff":  # one rule: bank-only staff are left out of every indicator
            return _one(self.m.var(("staff", fw, org, year, group), dataset="workforce"))
        dataset = {"shortlisted": "recruitment"}.get(name, "workforce")
        return _one(self.m.var((name, fw, org, year, group), dataset=dataset))

    def counts(self, r: Record) -> tuple[dict, dict, str, str] | None:
        """(numerator expression, denominator expression, family of each one's link to the base counts)."""
        fw, ind, org = r.framework, r.indicator, r.org
        g = r.group
        if self._composition(r):
            num = self.comp(fw, org, ind, r.year, r.section, r.breakdown, g)
            den = self.comp(fw, org, ind, r.year, r.section, r.breakdown, TOTAL)
            return num, den, "table", "table"
        years = _years(r)
        family = "years" if len(years) > 1 else "cross"
        breakdown = _plain_breakdown(r.breakdown)
        if ind in SURVEY.get(fw, ()):
            num = _one(self.m.var(("yes", fw, org, ind, r.year, breakdown, g), dataset="survey"))
            den = _one(self.m.var(("answered", fw, org, ind, r.year, breakdown, g), dataset="survey"))
            return num, den, "table", "table"
        name = POPULATION.get((fw, ind))
        dataset = ("recruitment" if name == "shortlisted" else "workforce") if name else None
        num = _sum(
            *(_one(self.m.var(("event", fw, org, ind, y, breakdown, g), dataset=dataset)) for y in years)
        )
        if name is None:
            den = _sum(*(_one(self.m.var(("den", fw, org, ind, y, breakdown, g))) for y in years))
            den_family = family
        else:
            den = _sum(*(self.population(fw, org, name, y, g) for y in years))
            den_family = family
        return num, den, family, den_family

    # -- building --------------------------------------------------------------------------------------

    def build(self) -> Model:
        out = self.out
        for r in out.records.values():
            if r.measure != "percent":
                continue
            exprs = self.counts(r)
            for name, expr, family in zip(COUNT_FIELDS, exprs[:2], exprs[2:], strict=True):
                self.publish(r, name, expr, family)
        self.structure()
        self.comparisons()
        self.percentages()
        self.metadata()
        self.texts()
        self.organisations()
        for key in self.m.vars:  # every count the model names is a count of people someone could look for
            if key not in self.m.cells and key[0] not in ("q", "choice"):
                self.m.cells[key] = Cell(key, _describe(key), "implicit", residual=key[0] == "nosg")
        return self.m

    def publish(self, r: Record, name: str, expr: dict, family: str) -> None:
        """The published field ``name`` of ``r`` says ``expr`` is that number, '<N' or '*'."""
        m = self.m
        shown = r.get(name)
        label = f"{r.label()}: {'people' if name == 'denominator' else 'count'}"
        if len(expr) == 1 and next(iter(expr))[-1] == TOTAL:
            fw, ind, org, year, section, breakdown = r.key[:6]
            label = f"{fw} {ind} {org} {year} {' / '.join(x for x in (section, breakdown) if x)}: everyone"
        if len(expr) == 1 and next(iter(expr.values())) == 1.0:
            key = next(iter(expr))
        else:
            key = ("q", *r.key, name)
            if key not in m.vars:
                m.var(key)
                m.equal(_one(key), expr, family, f"{label} = its parts")
        hidden_as = r.revealed.get(name)
        kind = {"number": "shown", "small": "small", "hidden": "hidden"}.get(shown.kind)
        if kind is None:
            return
        if hidden_as is not None:  # hidden in one output, shown in another: judged as hidden
            kind = {"small": "small"}.get(hidden_as.kind, "hidden")
        text = hidden_as.text() if hidden_as is not None else shown.text()
        old = m.cells.get(key)
        rank = {"shown": 0, "hidden": 1, "small": 2}
        if old is None or rank[kind] > rank.get(old.kind, -1):
            m.cells[key] = Cell(key, label, kind, text)
        if shown.number:
            fam = "format" if hidden_as is not None else "published"
            v = shown.value
            where = f" ({r.revealed_in.get(name, '')} hid it as {hidden_as.text()})" if hidden_as else ""
            if shown.tol is None or v.is_integer():
                m.add(_one(key), v, v, fam, f"{label} = {v:g}{where}")
            else:
                m.add(_one(key), v - shown.tol, v + shown.tol, fam, f"{label} ≈ {v:g}")
            if not v.is_integer():
                m.integer[m.vars[key]] = False  # respondents implied by a published percentage
        if shown.kind == "small" or (hidden_as is not None and hidden_as.kind == "small"):
            limit = (shown if shown.kind == "small" else hidden_as).value
            low = 0.0 if self.out.suppress_zeros else 1.0
            m.add(_one(key), low, limit - 1, "published", f"{label} is <{limit:g}")

    def structure(self) -> None:
        """Sums: groups to cells, bands to sections, sections to the overall workforce; subsets; populations."""
        m, out = self.m, self.out
        blocks = defaultdict(set)
        for r in out.records.values():
            if self._composition(r):
                blocks[(r.framework, r.indicator, r.org, r.year, r.section)].add(r.breakdown)
        for (fw, ind, org, year, section), breakdowns in blocks.items():
            for b in breakdowns:  # a cell's groups add up to the cell
                m.equal(
                    self.comp(fw, org, ind, year, section, b, TOTAL),
                    _sum(*(self.comp(fw, org, ind, year, section, b, g) for g in self.groups[fw])),
                    "table",
                    f"{fw} {ind} {org} {year} {section} / {b}: groups add up to the total",
                )
            bands = [b for b in self.bands[(fw, ind, year, section)] if not b.startswith(SUBSET)]
            if SECTION_TOTAL in breakdowns and bands:
                for g in (*self.groups[fw], TOTAL):
                    total = self.comp(fw, org, ind, year, section, SECTION_TOTAL, g)
                    parts = [self.comp(fw, org, ind, year, section, b, g) for b in bands]
                    m.equal(
                        total,
                        _sum(*parts),
                        "table",
                        f"{fw} {ind} {org} {year} {section}: Total {_g(g)} = sum of the bands",
                    )
                    for b in self.bands[(fw, ind, year, section)]:
                        if b.startswith(SUBSET):
                            sub = self.comp(fw, org, ind, year, section, b, g)
                            m.add(
                                _sum(total, _neg(sub)),
                                0,
                                BIG,
                                "table",
                                f"{section} / {b} {_g(g)} is part of it",
                            )
            if section in BOARD_SECTIONS:
                for g in self.groups[fw]:
                    part = self.comp(fw, org, ind, year, section, "Board", g)
                    board = _one(
                        m.var(("board", fw, org, self.board_year.get(year, year), g), dataset="board")
                    )
                    m.add(_sum(board, _neg(part)), 0, BIG, "cross", f"{section} {g} are board members")
            if len(breakdowns) == 1 and (mm := re.match(r"^(.*?)(\d+) and above$", next(iter(breakdowns)))):
                self._senior(fw, ind, org, year, section, next(iter(breakdowns)), mm)
        for fw, ind, org, year, section in list(blocks):
            if section != OVERALL[0]:
                continue
            sections = [
                s
                for (f, i, o, y, s), bds in blocks.items()
                if (f, i, o, y) == (fw, ind, org, year) and SECTION_TOTAL in bds
            ]
            if not sections:
                continue
            for g in self.groups[fw]:
                whole = self.comp(fw, org, ind, year, *OVERALL, g)
                key = ("nosg", fw, org, ind, year, g)
                nosg = _one(m.var(key, dataset="workforce"))
                parts = [self.comp(fw, org, ind, year, s, SECTION_TOTAL, g) for s in sections]
                m.equal(
                    whole,
                    _sum(nosg, *parts),
                    "overall",
                    f"{fw} {ind} {org} {year} overall {g} = section totals + staff with no staff group",
                )
                self.residual(key, f"{fw} {ind} {org} {year}: {g} staff with no staff group")
        for key in list(m.vars):
            if key[0] == "regulated":
                m.add(
                    _sum(_one(m.var(("staff", *key[1:]))), _neg(_one(key))),
                    0,
                    BIG,
                    "cross",
                    "regulated professionals are staff",
                )
        # indicator 9's (WDES 10's) overall workforce and indicator 1's are the same people: both tables read
        # the one "staff" count of each group (see comp), so nothing needs adding here
        self.detailed_parts()

    def detailed_parts(self) -> None:
        """--groups detailed: in every count that has both, BME is the sum of the groups behind it (a group
        with nobody in it has no row, and adds nothing)."""
        m = self.m
        parts = defaultdict(list)
        for key in list(m.vars):
            if isinstance(key, tuple) and len(key) > 1 and key[-1] in DETAILED:
                parts[key[:-1]].append(key)
        for prefix, keys in parts.items():
            broad = (*prefix, "BME")
            if broad in m.vars:
                label = f"{' '.join(str(k) for k in prefix[1:] if k not in ('', None))}: BME = its groups"
                m.equal(_one(broad), _sum(*(_one(k) for k in keys)), "detailed", label)

    def _senior(self, fw, ind, org, year, section, breakdown, match) -> None:
        """'Grade 14 and above' is the sum of indicator 1's grades 14, 15, ..."""
        prefix, first = match.group(1), int(match.group(2))
        for (f, i, y, s), bands in list(self.bands.items()):
            if f != fw or i == ind or y != year:
                continue
            chosen = [
                b
                for b in bands
                if (mm := re.match(rf"^{re.escape(prefix)}(\d+)$", b)) and int(mm.group(1)) >= first
            ]
            if not chosen:
                continue
            for g in (*self.groups[fw], TOTAL):
                self.m.equal(
                    self.comp(fw, org, ind, year, section, breakdown, g),
                    _sum(*(self.comp(fw, org, i, year, s, b, g) for b in chosen)),
                    "cross",
                    f"{fw} {ind} {org} {year} {breakdown} {_g(g)} = indicator {i}'s grades",
                )

    def residual(self, key, label) -> None:
        if key not in self.m.cells:
            self.m.cells[key] = Cell(key, label, "implicit", residual=True)

    # -- nonlinear figures -------------------------------------------------------------------------------

    def _quantity(self, r: Record, name: str) -> tuple | None:
        exprs = self.counts(r)
        if exprs is None:
            return None
        expr = exprs[0 if name == "numerator" else 1]
        if len(expr) == 1 and next(iter(expr.values())) == 1.0:
            return next(iter(expr))
        key = ("q", *r.key, name)
        return key if key in self.m.vars else None

    def _known(self, key) -> bool:
        cell = self.m.cells.get(key)
        return cell is not None and cell.kind == "shown"

    def comparisons(self) -> None:
        """Ratios (value, score interval and p-value, 'no people' reasons) and differences in points."""
        out, m = self.out, self.m
        for r in list(out.records.values()):
            if r.measure in ("relative_likelihood", "ratio_of_percents"):
                parts = _parts(r.group)
                sides = [out.records.get((*r.key[:6], p, "percent")) for p in parts]
                if len(parts) != 2 or None in sides:
                    continue
                keys = [self._quantity(s, n) for s in sides for n in COUNT_FIELDS]
                if None in keys:
                    continue
                a, n1, c, n2 = keys
                if r.status == "not_calculable":
                    for p, (k_num, k_den) in zip(parts, ((a, n1), (c, n2)), strict=True):
                        said = re.search(r"zero rate for (.*)$", r.reason)
                        if said and _names(p, said.group(1)):
                            m.add(_one(k_num), 0, 0, "ratio", f"{r.label()}: 'zero rate' for {p}")
                        said = re.search(r"no (.*) people in the denominator", r.reason)
                        if said and _names(p, said.group(1)):
                            m.add(_one(k_den), 0, 0, "ratio", f"{r.label()}: 'no people' for {p}")
                if all(self._known(k) for k in keys):
                    continue
                self._ratio_check(r, [a, n1, c, n2])
            elif r.measure == "difference_pp":
                self._difference_check(r)

    def _ratio_check(self, r: Record, keys) -> None:
        value, low, high, p = (r.get(f) for f in ("value", "ci_low", "ci_high", "p_value"))
        label = f"{r.label()} = {value.text() or '(not calculable)'}"
        if low.number:
            label += f" ({low.text()}–{high.text()})"

        def test(a, n1, c, n2):
            a, n1, c, n2 = (np.asarray(x, dtype=float) for x in (a, n1, c, n2))
            ok = (a <= n1) & (c <= n2)
            figures = score_ratio(a, n1, c, n2, confidence=self.out.confidence)
            defined = figures.calculable
            if value.number:
                ok &= defined & _close(figures.value, value)
            elif r.status == "not_calculable":
                ok &= ~defined
            for shown, limit in ((low, figures.ci_low), (high, figures.ci_high)):
                if shown.number:
                    ok &= defined & _close(limit, shown)
            return ok

        def solve(position, cols):
            if not value.number:
                return None
            a, n1, c, n2 = (np.asarray(x, dtype=float) if x is not None else None for x in cols)
            v = value.value
            with np.errstate(divide="ignore", invalid="ignore"):
                return [
                    lambda: v * c * n1 / n2,
                    lambda: a * n2 / (v * c),
                    lambda: a * n2 / (v * n1),
                    lambda: v * c * n1 / a,
                ][position]()

        if value.number or low.number or r.status == "not_calculable":
            self.m.checks.append(Check(list(keys), test, "ratio", label, solve=solve))
        if p.number:

            def score_test(t, target=p):
                a, n1, c, n2 = (round(x) for x in t)
                if min(a, n1, c, n2) < 0 or n1 < a or n2 < c:
                    return False
                return bool(_close(np.asarray(score_p_value(a, n1, c, n2)), target, rel=1e-6))

            def plausible(a, n1, c, n2):
                a, n1, c, n2 = (np.asarray(x, dtype=float) for x in (a, n1, c, n2))
                return (a <= n1) & (c <= n2)

            self.m.checks.append(
                Check(list(keys), plausible, "pvalue", f"{r.label()}: p = {p.text()}", after=score_test)
            )

    def _difference_check(self, r: Record) -> None:
        """BME − White in points (survey; score interval) or board/senior share − workforce share."""
        out = self.out
        value, low, high = r.get("value"), r.get("ci_low"), r.get("ci_high")
        if not value.number:
            return
        fw, ind, org, year, section, breakdown, group, _ = r.key
        constant = None
        if "−" in group:  # survey: the two groups' percentages in the same table
            a, b = _parts(group)
            left = out.records.get((fw, ind, org, year, section, breakdown, a, "percent"))
            right = out.records.get((fw, ind, org, year, section, breakdown, b, "percent"))
        elif "−" in breakdown:  # board − workforce
            left = out.records.get(
                (fw, ind, org, year, section, breakdown.split("−")[0].strip(), group, "percent")
            )
            right = out.records.get((fw, ind, org, year, *OVERALL, group, "percent"))
        elif "−" in section:  # senior management − workforce / − local population
            first, second = (s.strip() for s in section.split("−", 1))
            left = next(
                (
                    x
                    for x in out.records.values()
                    if x.key[:4] == (fw, ind, org, year)
                    and x.section == first
                    and x.group == group
                    and x.measure == "percent"
                ),
                None,
            )
            if second.startswith("workforce"):
                right = out.records.get((fw, ind, org, year, *OVERALL, group, "percent"))
            else:
                mm = re.search(r"minus ([\d.]+)%", r.note)
                right, constant = None, float(mm.group(1)) if mm else None
                if constant is None:
                    return
        else:
            return
        if left is None or (right is None and constant is None):
            return
        keys = [self._quantity(left, n) for n in COUNT_FIELDS]
        if right is not None:
            keys += [self._quantity(right, n) for n in COUNT_FIELDS]
        if None in keys or all(self._known(k) for k in keys):
            return
        scored = "−" in group and low.number  # two groups' percentages: the score interval of the difference

        def test(*cols):
            x1, d1 = (np.asarray(v, dtype=float) for v in cols[:2])
            with np.errstate(divide="ignore", invalid="ignore"):
                p1 = x1 / d1
                if constant is None:
                    x2, d2 = (np.asarray(v, dtype=float) for v in cols[2:])
                    p2 = x2 / d2
                    ok = (x1 <= d1) & (x2 <= d2) & (d1 > 0) & (d2 > 0)
                    ok &= _close(100 * (p1 - p2), value)
                else:
                    ok = (x1 <= d1) & (d1 > 0) & _close(100 * p1 - constant, value)
            if scored and ok.any():
                figures = score_difference(x1, d1, x2, d2, confidence=out.confidence)
                ok &= _close(100 * figures.ci_low, low) & _close(100 * figures.ci_high, high)
            return ok

        label = f"{r.label()} = {value.text()} points"
        self.m.checks.append(Check(keys, test, "difference", label))

    def percentages(self) -> None:
        """A percentage (and Wilson interval) published beside a hidden numerator or denominator."""
        out = self.out
        z = stats.norm.ppf(0.5 + out.confidence / 2)
        for r in out.records.values():
            if r.measure != "percent":
                continue
            keys = [self._quantity(r, n) for n in COUNT_FIELDS]
            if None in keys:
                continue
            x, d = keys
            self.m.add(
                {x: -1.0, d: 1.0} if x != d else {}, 0, BIG, "table", f"{r.label()}: part of its whole"
            )
            value, low, high = r.get("value"), r.get("ci_low"), r.get("ci_high")
            if all(self._known(k) for k in keys) or not (value.number or low.number or high.number):
                continue

            def test(xs, ds, value=value, low=low, high=high):
                xs, ds = np.asarray(xs, float), np.asarray(ds, float)
                ok = (xs <= ds) & (ds > 0)
                with np.errstate(divide="ignore", invalid="ignore"):
                    if value.number:
                        ok &= _close(100 * xs / ds, value)
                    lo_, hi_ = _wilson(xs, ds, z)
                    if low.number:
                        ok &= _close(100 * lo_, low)
                    if high.number:
                        ok &= _close(100 * hi_, high)
                return ok

            def solve(position, cols, value=value):
                if not value.number or position != 0:
                    return None
                return value.value * np.asarray(cols[1], float) / 100

            self.m.checks.append(
                Check([x, d], test, "percent", f"{r.label()} = {value.text()}%", solve=solve)
            )

    # -- metadata, notes, organisations ----------------------------------------------------------------

    def metadata(self) -> None:
        out, m = self.out, self.m
        year = out.reporting_year
        for fw in out.frameworks:
            groups = self.groups[fw]
            unknown_group = "Unknown" if fw in ETHNICITY and "Unknown" in groups else None
            for name, info in out.inputs.items():
                people, unknown = info.get("people", ABSENT), info.get("unknown", ABSENT)
                if name == "workforce":  # the file's people: the staff counted and the bank-only staff
                    whole = {
                        g: _sum(
                            self.population(fw, ALL, "staff", year, g),
                            _one(m.var(("bank", fw, ALL, year, g), dataset="workforce")),
                        )
                        for g in groups
                    }
                    exact = True
                elif name == "recruitment":
                    whole = {g: self.population(fw, ALL, "shortlisted", year, g) for g in groups}
                    exact = False
                elif name == "survey":
                    whole = {g: _one(m.var(("surveyed", fw, ALL, year, g), dataset="survey")) for g in groups}
                    exact = True
                    for k in list(m.vars):
                        if k[0] == "answered" and k[1] == fw and k[2] == ALL and k[-1] in whole:
                            m.add(
                                _sum(whole[k[-1]], _neg(_one(k))),
                                0,
                                BIG,
                                "meta",
                                f"indicator {k[3]} respondents are survey respondents",
                            )
                elif name == "board":
                    if year in self.board_year:
                        continue
                    whole = {g: _one(m.var(("board", fw, ALL, year, g), dataset="board")) for g in groups}
                    exact = True
                else:
                    continue
                label = f"metadata: {name} {{}} in {year}"
                for shown, expr in (
                    (people, _sum(*whole.values())),
                    (unknown, whole.get(unknown_group) if unknown_group else None),
                ):
                    if expr is None or shown.kind == "absent":
                        continue
                    what = "people" if shown is people else "Unknown"
                    if shown.number:
                        self.printed(
                            ("printed", name, what),
                            shown.value,
                            "meta",
                            f"metadata: {name} {what} {shown.text()}",
                        )
                        lo = shown.value - (shown.tol or 0) if exact else 0
                        m.add(
                            expr,
                            lo,
                            shown.value + (shown.tol or 0),
                            "meta",
                            label.format(f"{what} {shown.text()}"),
                        )
                    elif shown.kind == "small":
                        m.add(
                            expr,
                            0 if not exact else (0 if out.suppress_zeros else 1),
                            shown.value - 1,
                            "meta",
                            label.format(f"{what} {shown.text()}"),
                        )

    def texts(self) -> None:
        """Numbers in notes and warnings, and what a warning's absence says (the tool prints it whenever the
        number is not zero)."""
        out, m = self.out, self.m
        year = out.reporting_year
        joined = "\n".join(t for _, t in out.texts)
        for _, t in out.texts:  # every count of people printed outright
            for mm in re.finditer(PRINTED, t):
                n = float(mm.group("n").replace(",", ""))
                self.printed(
                    ("printed", t[: mm.start()] + "#" + t[mm.end() :]),
                    n,
                    "notes",
                    f"{'note' if 'note' in _ else 'warning'}: {t}",
                )
        for fw in out.frameworks:
            groups = self.groups[fw]
            if fw not in BANK_NOTE or not any(k[0] == "bank" and k[1] == fw for k in m.vars):
                continue
            bank_all = _sum(*(_one(m.var(("bank", fw, ALL, year, g), dataset="workforce")) for g in groups))
            self.implicit_total(("banktotal", fw, ALL, year), bank_all, f"{fw} {year}: bank-only staff")
            found = re.search(r"(?<![\w.<])(?<!about )([\d,]+) bank-only staff", joined)
            if found is None and re.search(r"bank-only staff", joined):  # mentioned but not counted ("<10")
                continue
            if found:
                n = float(found.group(1).replace(",", ""))
                # the note counts "All" once, or "All" and every organisation again: either reading
                orgs = _sum(
                    *(
                        _one(m.var(("bank", fw, o, year, g), dataset="workforce"))
                        for o in out.orgs
                        for g in groups
                    )
                )
                self._either(bank_all, _sum(bank_all, orgs), n, "notes", f"note: {n:g} bank-only staff")
            elif out.notes_seen:
                m.add(bank_all, 0, 0, "notes", "no note of bank-only staff: there are none this year")
        for fw in out.frameworks:
            if fw not in NOSG_WARNING:
                continue
            nosg = [k for k in m.vars if k[0] == "nosg" and k[1] == fw and k[2] == ALL and k[4] == year]
            if not nosg:
                continue
            found = re.search(r"(?<![\w.<])(?<!about )([\d,]+) staff with no staff group", joined)
            if found is None and re.search(r"staff with no staff group", joined):
                continue
            total = _sum(*(_one(k) for k in nosg))
            self.implicit_total(
                ("nosgtotal", fw, ALL, year), total, f"{fw} {year}: staff with no staff group"
            )
            if found or out.notes_seen:
                n = float(found.group(1).replace(",", "")) if found else 0.0
                m.add(
                    total,
                    n,
                    n,
                    "notes",
                    f"warning: {n:g} staff with no staff group"
                    if found
                    else "no warning of staff with no staff group: there are none",
                )
        self.no_org = {}
        for name, info in out.inputs.items():
            path = str(info.get("path") or "")
            hit = None
            for _, t in out.texts:
                if "have no organisation" in t and hit is None:
                    hit = -1.0  # mentioned without a number: some, how many unknown
                mm = re.search(r"^(.*?): ([\d,]+) people on [\d,.<]+ row\(s\) have no organisation", t)
                if mm and (not path or mm.group(1) == path or Path(mm.group(1)).name == Path(path).name):
                    hit = float(mm.group(2).replace(",", ""))
            self.no_org[name] = hit

    def printed(self, key, value: float, family: str, label: str) -> None:
        """A count printed outright in metadata, a note or a warning: a cell whose range is that number."""
        m = self.m
        if key in m.vars:
            return
        m.var(key)
        m.add(_one(key), value, value, family, label)
        m.cells[key] = Cell(key, label, "implicit")

    def implicit_total(self, key, expr, label) -> None:
        m = self.m
        if key in m.vars:
            return
        m.var(key)
        m.equal(_one(key), expr, "published", label)
        m.cells[key] = Cell(key, label, "implicit")

    def _either(self, first: dict, second: dict, n: float, family: str, label: str) -> None:
        """first == n or second == n, where first <= second always: a choice between two readings."""
        m = self.m
        choice = m.var(("choice", label))
        m.bound(choice, 0, 1)
        people = self.out.inputs.get("workforce", {}).get("people", ABSENT)
        spread = 2 * people.value + 10 if people.number else 1e6
        m.add(first, 0, n, family, label)  # first <= n <= second in both readings
        m.add(second, n, BIG, family, label)
        m.add(_sum(first, {choice: n}), n, BIG, family, label)  # choice 0: first >= n
        m.add(_sum(second, {choice: spread}), 0, n + spread, family, label)  # choice 1: second <= n

    def organisations(self) -> None:
        """With --by org: every count of "All" is the organisations' plus the people with no organisation."""
        out, m = self.out, self.m
        if not out.by_org:
            return
        orgs = out.orgs
        no_org = getattr(self, "no_org", {})
        for key in list(m.vars):
            if (
                len(key) < 3
                or key[2] != ALL
                or key[0] in ("q", "choice", "banktotal", "nosgtotal", "printed")
            ):
                continue
            dataset = m.dataset.get(key)
            parts = []
            for org in [*orgs, NO_ORG]:
                k = (key[0], key[1], org, *key[3:])
                m.var(k, dataset=dataset)
                parts.append(_one(k))
                if k in m.cells:
                    continue
                m.cells[k] = Cell(k, _describe(k), "implicit", residual=org == NO_ORG)
                if org == NO_ORG and out.notes_seen and dataset in out.inputs and no_org.get(dataset) is None:
                    m.add(
                        _one(k), 0, 0, "notes", f"no warning of people without an organisation in {dataset}"
                    )
            m.equal(_one(key), _sum(*parts), "orgs", f"{_describe(key)}: organisations add up to All")
        for name, hit in no_org.items():
            if hit is None or hit <= 0 or name not in ("workforce", "survey", "board"):
                continue
            people = {"workforce": ("staff", "bank"), "survey": ("surveyed",), "board": ("board",)}[name]
            keys = [k for k in m.vars if k[2:3] == (NO_ORG,) and k[0] in people and k[-1] != TOTAL]
            if keys:
                m.add(
                    _sum(*(_one(k) for k in keys)),
                    0,
                    hit,
                    "notes",
                    f"warning: {hit:g} people in {name} have no organisation",
                )


def _g(g):
    return "all" if g == TOTAL else g


def _neg(expr: dict) -> dict:
    return {k: -v for k, v in expr.items()}


ALIASES = {"BME": ("BME", "minority ethnic"), "Disabled": ("Disabled",), "Non-disabled": ("Non-disabled",)}


def _names(group: str, text: str) -> bool:
    """Whether a reason's words name ``group`` ('zero rate for BME staff', '... minority ethnic staff')."""
    return any(
        re.search(rf"(?<![\w-]){re.escape(n)}\b", text, flags=0 if n[0].isupper() else re.I)
        for n in ALIASES.get(group, (group,))
    )


def _describe(key: tuple) -> str:
    kind = key[0]
    rest = " ".join(str(x) for x in key[1:] if x not in ("", None))
    names = {
        "c": "count",
        "staff": "staff (bank-only staff left out)",
        "bank": "bank-only staff",
        "nosg": "staff with no staff group",
        "event": "events",
        "yes": "survey 'yes'",
        "answered": "survey respondents",
        "board": "board members",
        "board_voting": "voting board members",
        "board_exec": "executive board members",
        "shortlisted": "shortlisted applicants",
        "surveyed": "survey respondents",
        "den": "people",
        "regulated": "regulated professionals",
    }
    return f"{names.get(kind, kind)}: {rest}"


def _close(got, shown: Shown, rel: float = 1e-7):
    got = np.asarray(got, dtype=float)
    v = shown.value
    tol = (shown.tol or 0.0) + rel * max(abs(v), 1e-300) + 1e-12
    with np.errstate(invalid="ignore"):
        return np.isfinite(got) & (np.abs(got - v) <= tol)


def _wilson(x, n, z):
    x, n = np.asarray(x, float), np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 2 * (n + z * z)
        centre = (2 * x + z * z) / denom
        delta = z / denom * np.sqrt(np.maximum(0, 4 * n * p * (1 - p) + z * z))
    low = np.where(x == 0, 0.0, np.clip(centre - delta, 0, 1))
    high = np.where(x == n, 1.0, np.clip(centre + delta, 0, 1))
    return low, high


# ---------------------------------------------------------------------------------------------- solving


TABLE_LIMIT = 400  # allowed combinations above which a check only narrows bounds
ENUM_LIMIT = 2_000_000  # combinations enumerated at most
AFTER_LIMIT = 20_000  # candidate combinations checked one by one against a p-value at most
VALUE_SCAN = 40  # ranges up to this many values are scanned value by value for holes


class Solver:
    """Min and max of a count over the integer points of a model.

    Bound propagation first fixes every count that simple subtraction determines; the counts left free fall
    into independent groups (linked by constraints once fixed counts are constants), each solved on its own.
    """

    def __init__(self, model: Model, families: set[str] | None = None, fixed: dict | None = None) -> None:
        self.m = model
        self.families = families  # None: all
        self.infeasible: list[str] = []

        def allowed(fam):
            return families is None or fam == "published" or fam in families

        self.index = model.vars
        self.linear = [
            (
                np.array([self.index[k] for k in c.coefs]),
                np.array(list(c.coefs.values()), dtype=float),
                c.lo,
                c.hi,
            )
            for c in model.linear
            if allowed(c.family)
        ]
        self.checks = [c for c in model.checks if allowed(c.family)]
        self.lb = np.array(model.lb, dtype=float)
        self.ub = np.array(model.ub, dtype=float)
        self.integer = np.array(model.integer, dtype=bool)
        self.tables: list[tuple[np.ndarray, np.ndarray, Check]] = []  # (positions, allowed tuples, check)
        self.errors: list[str] = []
        self.solves = 0
        for key, value in (fixed or {}).items():
            if key in self.index:
                i = self.index[key]
                if not self.lb[i] - 1e-6 <= value <= self.ub[i] + 1e-6:
                    self.infeasible.append(f"{key}: {value:g} outside {self.lb[i]:g}..{self.ub[i]:g}")
                self.lb[i] = self.ub[i] = value
        self._propagate()
        self._components()
        self._enumerate()

    # -- structure -------------------------------------------------------------------------------------

    def _components(self) -> None:
        n = len(self.lb)
        free = self.lb < self.ub
        parent = np.arange(n)

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(idx):
            idx = [int(i) for i in idx if free[i]]
            for j in idx[1:]:
                a, b = find(idx[0]), find(j)
                if a != b:
                    parent[b] = a

        for idx, _w, _lo, _hi in self.linear:
            join(idx)
        for positions, _t, _c in self.tables:
            join(positions)
        self.comp = np.array([find(i) if free[i] else -1 - i for i in range(n)])
        self.free = free
        self.rows_of = defaultdict(list)
        for r, (idx, _w, _lo, _hi) in enumerate(self.linear):
            f = idx[free[idx]]
            if len(f):
                self.rows_of[self.comp[f[0]]].append(r)
        self.tables_of = defaultdict(list)
        for t, (positions, _tuples, _c) in enumerate(self.tables):
            f = positions[free[positions]]
            if len(f):
                self.tables_of[self.comp[f[0]]].append(t)
        self._cache: dict[int, tuple] = {}
        self.pool: dict[int, tuple] = {}
        self._seeded: set[int] = set()

    def has_tables(self, i: int) -> bool:
        return bool(self.tables_of.get(self.comp[i]))

    def _rows(self, comp: int):
        """(variables, position of each, A, lo, hi, bounds, integrality) of one group of free counts."""
        if comp in self._cache:
            return self._cache[comp]
        vars_ = np.flatnonzero(self.comp == comp)
        local = {int(v): i for i, v in enumerate(vars_)}
        rows, cols, vals, lo, hi = [], [], [], [], []
        r = 0
        for c in self.rows_of.get(comp, []):
            idx, w, l_, h_ = self.linear[c]
            f = self.free[idx]
            const = float(np.dot(w[~f], self.lb[idx[~f]]))
            for v, wv in zip(idx[f], w[f], strict=True):
                rows.append(r)
                cols.append(local[int(v)])
                vals.append(wv)
            lo.append(l_ - const)
            hi.append(h_ - const)
            r += 1
        nx = len(vars_)
        extra = 0
        for t in self.tables_of.get(comp, []):
            positions, tuples, _check = self.tables[t]
            keep = np.ones(len(tuples), dtype=bool)
            for j, p in enumerate(positions):
                if not self.free[p]:
                    keep &= np.abs(tuples[:, j] - self.lb[p]) < 1e-9
            tuples = tuples[keep]
            k = len(tuples)
            base = nx + extra
            extra += k
            rows += [r] * k
            cols += list(range(base, base + k))
            vals += [1.0] * k
            lo.append(1.0)
            hi.append(1.0)
            r += 1
            for j, p in enumerate(positions):
                if not self.free[p]:
                    continue
                rows.append(r)
                cols.append(local[int(p)])
                vals.append(1.0)
                rows += [r] * k
                cols += list(range(base, base + k))
                vals += list(-tuples[:, j].astype(float))
                lo.append(0.0)
                hi.append(0.0)
                r += 1
        size = nx + extra
        a = sparse.csr_matrix((vals, (rows, cols)), shape=(r, size)) if r else None
        lb = np.concatenate([self.lb[vars_], np.zeros(extra)])
        ub = np.concatenate([self.ub[vars_], np.ones(extra)])
        integ = np.concatenate([self.integer[vars_], np.ones(extra, dtype=bool)]).astype(int)
        out = (vars_, local, a, np.array(lo, dtype=float), np.array(hi, dtype=float), lb, ub, integ)
        self._cache[comp] = out
        return out

    # -- solving -----------------------------------------------------------------------------------------

    def extreme(self, coefs: dict[int, float], sense: int, *, fix: tuple | None = None):
        """min (sense 1) or max (sense -1) of sum(coefs) over free counts of one group; None if infeasible.

        With ``fix`` = (lo, hi): whether the sum can lie in lo..hi (0.0 if it can, None if not)."""
        const = sum(w * self.lb[v] for v, w in coefs.items() if not self.free[v])
        coefs = {v: w for v, w in coefs.items() if self.free[v]}
        if not coefs:
            if fix is None:
                return const
            return 0.0 if fix[0] - 1e-9 <= const <= fix[1] + 1e-9 else None
        comp = self.comp[next(iter(coefs))]
        vars_, local, a, lo, hi, lb, ub, integ = self._rows(comp)
        c = np.zeros(len(lb))
        for v, w in coefs.items():
            c[local[v]] += sense * w
        constraints = [LinearConstraint(a, lo, hi)] if a is not None else []
        if fix is not None:
            constraints.append(LinearConstraint(c[None, :] * sense, fix[0] - const, fix[1] - const))
            c = np.zeros(len(lb))
        res = milp(
            c,
            integrality=integ,
            bounds=Bounds(lb, ub),
            constraints=constraints,
            options={"presolve": True, "mip_rel_gap": 0, "time_limit": 30},
        )
        self.solves += 1
        if res.status != 0 or res.x is None:
            return None
        self._remember(comp, res.x[: len(vars_)])
        return float(sense * res.fun) + const if fix is None else 0.0

    def range_of(self, coefs: dict[int, float]) -> tuple[float, float] | None:
        lo = self.extreme(coefs, 1)
        hi = self.extreme(coefs, -1)
        if lo is None or hi is None:
            return None
        return lo, hi

    def _remember(self, comp, x) -> None:
        """Keep the smallest and largest value each count took in any solution found: an inner range."""
        low, high = self.pool.get(comp, (None, None))
        if low is None:
            self.pool[comp] = (x.copy(), x.copy())
        else:
            np.minimum(low, x, out=low)
            np.maximum(high, x, out=high)

    def seen(self, i: int) -> tuple[float, float] | None:
        """Values this count is known to be able to take (from the solutions found so far)."""
        if not self.free[i]:
            return self.lb[i], self.lb[i]
        comp = self.comp[i]
        if comp not in self.pool and comp not in self._seeded:
            self._seed(comp)
        low, high = self.pool.get(comp, (None, None))
        if low is None:
            return None
        j = self._rows(comp)[1][i]
        return float(round(low[j])), float(round(high[j]))

    def _seed(self, comp, tries: int = 4) -> None:
        """A few solutions in different directions, so most ranges are seen to be wide without solving for them."""
        self._seeded.add(comp)
        free = [int(v) for v in np.flatnonzero(self.comp == comp)]
        rng = np.random.default_rng(len(free))
        for t in range(tries):
            w = np.ones(len(free)) if t < 2 else rng.choice([-1.0, 1.0], len(free))
            self.extreme(dict(zip(free, w, strict=True)), 1 if t % 2 == 0 else -1)

    # -- bound propagation (fast outer bounds) -----------------------------------------------------------

    def _propagate(self, rounds: int = 100) -> None:
        lb, ub, integer = self.lb, self.ub, self.integer
        active = list(range(len(self.linear)))
        watch = defaultdict(list)
        for r, (idx, _w, _lo, _hi) in enumerate(self.linear):
            for v in idx:
                watch[int(v)].append(r)
        for _ in range(rounds):
            touched = set()
            for r in active:
                idx, w, lo, hi = self.linear[r]
                mins = np.where(w > 0, w * lb[idx], w * ub[idx])
                maxs = np.where(w > 0, w * ub[idx], w * lb[idx])
                smin, smax = mins.sum(), maxs.sum()
                if smin >= lo - 1e-9 and smax <= hi + 1e-9:
                    continue  # cannot tighten anything
                rest_min, rest_max = smin - mins, smax - maxs
                with np.errstate(divide="ignore", invalid="ignore"):
                    a_ = (lo - rest_max) / w
                    b_ = (hi - rest_min) / w
                new_lo = np.where(w > 0, a_, b_)
                new_hi = np.where(w > 0, b_, a_)
                for j, v in enumerate(idx):
                    nl, nh = new_lo[j], new_hi[j]
                    if integer[v]:
                        nl, nh = math.ceil(nl - 1e-7), math.floor(nh + 1e-7)
                    if nl > ub[v] + 1e-6 or nh < lb[v] - 1e-6:
                        self.infeasible.append(
                            f"row {r}: variable {int(v)} needs {nl:g}..{nh:g}, has {lb[v]:g}..{ub[v]:g}"
                        )
                    if nl > lb[v] + 1e-9:
                        lb[v] = min(nl, ub[v])
                        touched.add(int(v))
                    if nh < ub[v] - 1e-9:
                        ub[v] = max(nh, lb[v])
                        touched.add(int(v))
            if not touched:
                break
            active = sorted({r for v in touched for r in watch[v]})

    # -- nonlinear checks as tables ----------------------------------------------------------------------

    def _domain(self, p: int) -> tuple[int, int] | None:
        lo, hi = self.lb[p], self.ub[p]
        if hi - lo > 50 and hi < BIG:
            tight = self.range_of({p: 1.0})
            if tight is None:
                return None
            lo, hi = tight
        return round(lo), round(hi)

    def _enumerate(self, rounds: int = 4) -> None:
        pending = list(self.checks)
        done = {}
        for _ in range(rounds):
            if not pending:
                break
            changed = False
            for check in pending:
                positions = np.array([self.index[k] for k in check.vars])
                domains = [self._domain(int(p)) for p in positions]
                if None in domains:
                    self.errors.append(f"no solution before {check.label}")
                    continue
                if done.get(id(check)) == domains:
                    continue
                done[id(check)] = domains
                tuples = _allowed(check, domains)
                if tuples is None:
                    continue
                if len(tuples) == 0:
                    self.errors.append(f"nothing fits {check.label} (ranges {domains})")
                    continue
                for j, p in enumerate(positions):
                    lo_, hi_ = tuples[:, j].min(), tuples[:, j].max()
                    if lo_ > self.lb[p] + 1e-9 or hi_ < self.ub[p] - 1e-9:
                        changed = True
                    self.lb[p], self.ub[p] = max(self.lb[p], lo_), min(self.ub[p], hi_)
                if len(tuples) <= TABLE_LIMIT:
                    self.tables = [t for t in self.tables if t[2] is not check]
                    self.tables.append((positions, tuples, check))
                    changed = True
            if not changed:
                break
            self._propagate()
            self._components()
            pending = list(self.checks)


def _allowed(check: Check, domains: list[tuple[int, int]]) -> np.ndarray | None:
    """Every combination of whole numbers within ``domains`` that the check allows (None: too many to try)."""
    sizes = [hi - lo + 1 for lo, hi in domains]
    if min(sizes) <= 0:
        return np.zeros((0, len(domains)))
    total = math.prod(sizes)
    if total <= ENUM_LIMIT:
        grids = np.meshgrid(*(np.arange(lo, hi + 1) for lo, hi in domains), indexing="ij")
        cols = [g.ravel() for g in grids]
    else:
        if check.solve is None:
            return None
        big = int(np.argmax(sizes))
        rest = math.prod(s for j, s in enumerate(sizes) if j != big)
        if rest > ENUM_LIMIT:
            return None
        grids = np.meshgrid(
            *(np.arange(lo, hi + 1) for j, (lo, hi) in enumerate(domains) if j != big), indexing="ij"
        )
        others = [g.ravel() for g in grids]
        full = [*others[:big], None, *others[big:]]
        guess = check.solve(big, full)
        if guess is None:
            return None
        guess = np.asarray(guess, dtype=float)
        cols_list = []
        for shift in (-1, 0, 1):
            cand = np.round(np.nan_to_num(guess, nan=-1, posinf=-1, neginf=-1)) + shift
            keep = (cand >= domains[big][0]) & (cand <= domains[big][1])
            cols_list.append([*(o[keep] for o in others[:big]), cand[keep], *(o[keep] for o in others[big:])])
        cols = [np.concatenate([c[j] for c in cols_list]) for j in range(len(domains))]
    ok = check.test(*cols)
    tuples = (
        np.unique(np.stack([c[ok] for c in cols], axis=1), axis=0) if ok.any() else np.zeros((0, len(cols)))
    )
    if check.after is not None and len(tuples):
        if len(tuples) > AFTER_LIMIT:
            return None
        keep = np.array([check.after(tuple(t)) for t in tuples], dtype=bool)
        tuples = tuples[keep]
    return tuples


# ---------------------------------------------------------------------------------------------- the attack


@dataclass
class Finding:
    """What the attacker can say about one count."""

    cell: str  # which count
    kind: str  # "small" ("<N"), "hidden" ("*"), "implicit" (no table shows it)
    shown: str  # as published
    low: float
    high: float
    values: list[int] | None  # the possible values when few (None: every whole number in low..high)
    safe: bool
    judged: bool  # whether the rule applies (implicit counts only when they could be small)
    truth: float | None = None
    pinned_by: list[str] = field(default_factory=list)  # published figures and equations behind the range
    families: list[str] = field(default_factory=list)  # the kinds of knowledge needed (explain=True)
    key: tuple = ()
    residual: bool = False
    exact: bool = True  # False: a range seen in solutions, enough to clear the count, not its full extent

    @property
    def n_values(self) -> int:
        if self.values is not None:
            return len(self.values)
        return int(self.high - self.low) + 1 if self.high < BIG / 2 else 10**9

    def describe(self) -> str:
        rng = (
            f"{self.values}"
            if self.values is not None and len(self.values) <= 12
            else f"{self.low:g}..{'∞' if self.high >= BIG / 2 else f'{self.high:g}'}"
        )
        truth = "" if self.truth is None else f" (true {self.truth:g})"
        return f"{self.cell} [{self.shown or self.kind}] → {rng}{truth}"


def is_safe(
    low: float,
    high: float,
    threshold: int,
    *,
    n_values: int | None = None,
    kind: str = "hidden",
    suppress_zeros: bool = False,
    min_values: int | None = None,
) -> bool:
    """The safety rule. At least ``min_values`` possible values (default: what '<N' itself leaves, N-1 or N
    with zeros hidden) or a range covering both 0 and N."""
    if min_values is None:
        min_values = threshold if suppress_zeros else threshold - 1
    count = n_values if n_values is not None else (round(high - low) + 1 if high < BIG / 2 else 10**9)
    if low <= 0 and high >= threshold:
        return True
    return count >= min_values


def could_be_small(low: float, high: float, threshold: int, suppress_zeros: bool = False) -> bool:
    first = 0 if suppress_zeros else 1
    return low <= threshold - 1 and high >= first


class Attack:
    """Build the model of a run's outputs and find the range of every count."""

    def __init__(
        self,
        outputs: Outputs,
        *,
        threshold: int | None = None,
        min_values: int | None = None,
        families: set[str] | None = None,
    ) -> None:
        self.out = outputs
        self.threshold = threshold or outputs.threshold or 10
        self.min_values = min_values
        self.model = Builder(outputs).build()
        self.families = families
        self.solver = Solver(self.model, families)

    def findings(
        self,
        *,
        truth: dict | None = None,
        all_cells: bool = False,
        explain: bool = False,
        keys: Iterable[tuple] | None = None,
        exact: bool = False,
    ) -> list[Finding]:
        """One Finding per count the attacker reasons about (hidden and implicit ones; ``all_cells``: every one).

        Ranges are exact for every count the rule does not clear at a glance; a count already seen to take
        enough different values in solutions found along the way is reported with that (inner) range."""
        m, s = self.model, self.solver
        found = []
        wanted = set(keys) if keys is not None else None
        for key, cell in m.cells.items():
            if wanted is not None and key not in wanted:
                continue
            i = m.vars[key]
            if cell.kind == "shown" and not all_cells:
                v = s.lb[i]
                if not (
                    s.lb[i] == s.ub[i]
                    and could_be_small(v, v, self.threshold, self.out.suppress_zeros)
                    and cell.residual is False
                    and key[0] != "q"
                ):
                    continue
            f = self.judge(key, cell, s, exact=exact)
            if f is None:
                continue
            f.truth = (truth or {}).get(key)
            if not f.safe:
                f.pinned_by = self.pinned_by(key)
                if explain:
                    f.families = self.explain(key, f)
            found.append(f)
        return found

    def judge(self, key, cell, s: Solver, *, exact: bool = False) -> Finding | None:
        i = self.model.vars[key]
        zeros = self.out.suppress_zeros
        rule = dict(suppress_zeros=zeros, min_values=self.min_values)
        lo, hi = s.lb[i], s.ub[i]
        if lo != hi:
            if cell.kind not in ("small", "hidden") and not could_be_small(lo, hi, self.threshold, zeros):
                return Finding(
                    cell.label,
                    cell.kind,
                    cell.shown,
                    lo,
                    hi,
                    None,
                    True,
                    False,
                    key=key,
                    residual=cell.residual,
                )
            seen = None if exact else s.seen(i)
            if seen is not None and is_safe(*seen, self.threshold, **rule):
                return Finding(
                    cell.label,
                    cell.kind,
                    cell.shown,
                    seen[0],
                    seen[1],
                    None,
                    True,
                    cell.kind in ("small", "hidden") or could_be_small(lo, hi, self.threshold, zeros),
                    key=key,
                    residual=cell.residual,
                    exact=False,
                )
            rng = s.range_of({i: 1.0})
            if rng is None:
                s.errors.append(f"no solution for {cell.label}")
                return None
            lo, hi = rng
        judged = (
            cell.kind in ("small", "hidden")
            or cell.kind == "shown"
            or could_be_small(lo, hi, self.threshold, zeros)
        )
        safe = not judged or is_safe(lo, hi, self.threshold, **rule)
        values = None
        if judged and safe and hi - lo + 1 <= VALUE_SCAN and s.has_tables(i) and lo != hi:
            values = [
                v for v in range(round(lo), round(hi) + 1) if s.extreme({i: 1.0}, 1, fix=(v, v)) is not None
            ]
            safe = is_safe(lo, hi, self.threshold, n_values=len(values), **rule)
        return Finding(
            cell.label, cell.kind, cell.shown, lo, hi, values, safe, judged, key=key, residual=cell.residual
        )

    def violations(self, truth: dict[tuple, float]) -> list[str]:
        """What in the attacker's model the true counts contradict (empty: the model is sound for this run).

        Each equation and published figure is checked on the true values; then the model with every known
        count fixed to its true value must still have a solution, which puts every true value inside the
        range the attacker gives it."""
        m = self.model
        wrong = []
        for c in m.linear:
            if all(k in truth for k in c.coefs):
                v = sum(w * truth[k] for k, w in c.coefs.items())
                if not c.lo - 1e-6 <= v <= c.hi + 1e-6:
                    wrong.append(f"{c.label} [{c.family}]: {v:g} not in {c.lo:g}..{c.hi:g}")
        for c in m.checks:
            if all(k in truth for k in c.vars):
                t = [truth[k] for k in c.vars]
                ok = bool(c.test(*[np.array([x]) for x in t])[0]) and (c.after is None or c.after(tuple(t)))
                if not ok:
                    wrong.append(f"{c.label} [{c.family}]: not met by {t}")
        if wrong:
            return wrong
        solver = Solver(m, None, fixed=truth)
        wrong += solver.infeasible + solver.errors
        for comp in sorted({int(c) for c in solver.comp if c >= 0}):
            first = int(np.flatnonzero(solver.comp == comp)[0])
            if solver.extreme({first: 1.0}, 1) is None:
                names = [k for k, i in m.vars.items() if solver.comp[i] == comp][:6]
                wrong.append(f"no solution with the true counts fixed, among {names}")
        return wrong

    def pinned_by(self, key: tuple, limit: int = 8) -> list[str]:
        """The published figures and equations that mention this count directly (a reader's starting point)."""
        order = [
            "ratio",
            "pvalue",
            "difference",
            "percent",
            "format",
            "notes",
            "meta",
            "bank",
            "years",
            "cross",
            "overall",
            "orgs",
            "table",
        ]
        found = [(c.family, c.label) for c in self.model.checks if key in c.vars]
        found += [
            (c.family, c.label) for c in self.model.linear if key in c.coefs and c.family != "published"
        ]
        found.sort(key=lambda fl: order.index(fl[0]) if fl[0] in order else len(order))
        # a pooled count's or a band total's own definition says little: list it last
        found.sort(key=lambda fl: fl[1].endswith("= its parts"))
        return list(dict.fromkeys(label for _, label in found))[:limit]

    def explain(self, key: tuple, finding: Finding | None = None) -> list[str]:
        """A smallest set of knowledge families that still narrows this count as far as everything does
        (deletion over families, the exotic ones first; "published" figures are always known)."""
        full = self._range_with(key, None) if finding is None else (finding.low, finding.high)
        used = {c.family for c in self.model.linear} | {c.family for c in self.model.checks}
        used &= set(FAMILIES)
        for fam in [
            "format",
            "pvalue",
            "ratio",
            "difference",
            "percent",
            "notes",
            "meta",
            "years",
            "bank",
            "cross",
            "overall",
            "orgs",
            "table",
        ]:
            if fam not in used:
                continue
            trial = used - {fam}
            got = self._range_with(key, trial)
            if got is not None and full is not None and got[0] >= full[0] - 1e-9 and got[1] <= full[1] + 1e-9:
                used = trial
        return sorted(used)

    def _range_with(self, key, families) -> tuple[float, float] | None:
        cache = self.__dict__.setdefault("_solvers", {})
        frozen = None if families is None else frozenset(families)
        if frozen not in cache:
            cache[frozen] = self.solver if families is None else Solver(self.model, set(families))
        solver = cache[frozen]
        i = self.model.vars[key]
        if solver.lb[i] == solver.ub[i]:
            return solver.lb[i], solver.ub[i]
        return solver.range_of({i: 1.0})


def leak_classes(finding: Finding) -> list[str]:
    """The report's leak classes for an unsafe finding explained with ``explain=True``."""
    fams = set(finding.families)
    out = []
    if finding.residual:
        out.append("residuals (no organisation / no staff group)")
    for name, members in CLASSES.items():
        if members and fams & members and name != "subtraction within the printed tables":
            out.append(name)
    if not out:
        out.append("subtraction within the printed tables")
    return out


def truth_of(unsuppressed: Outputs) -> dict[tuple, float]:
    """Every count the unsuppressed run determines: the answer key for a suppressed run of the same inputs."""
    attack = Attack(unsuppressed, threshold=10)
    out = {}
    for f in attack.findings(all_cells=True):
        if f.low == f.high:
            out[f.key] = f.low
    return out


def unsafe_cells(
    outputs: Outputs,
    threshold: int | None = None,
    *,
    min_values: int | None = None,
    truth: dict | None = None,
    explain: bool = False,
) -> list[Finding]:
    """The hidden counts that what is published pins down below the safety rule."""
    attack = Attack(outputs, threshold=threshold, min_values=min_values)
    return [f for f in attack.findings(truth=truth, explain=explain) if not f.safe]


def attack(outputs: Outputs, threshold: int | None = None, **kw) -> Attack:
    return Attack(outputs, threshold=threshold, **kw)


__all__ = [
    "Attack",
    "Finding",
    "Outputs",
    "attack",
    "collect",
    "could_be_small",
    "is_safe",
    "leak_classes",
    "read_outputs",
    "truth_of",
    "unsafe_cells",
]

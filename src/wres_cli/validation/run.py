"""`wres validate`: check the inputs of `wres compute` without computing indicators, and optionally check a
return written earlier by `wres compute --format csv` against them.

Files are read with reading.py and mapped with loading.py (collecting problems instead of stopping at the
first), so validation and computation agree on every spelling. Every check is vectorised; a finding carries a
stable code (findings.CHECKS), file, line (the header is line 1), column, message and hint.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config, load_config
from wres_cli.core.errors import ConfigError, WresError
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs import categories as groups
from wres_cli.inputs.dataset import (
    EVENT_FLAGS,
    FIRST_LINES,
    REQUIRED,
    Dataset,
    Problem,
    from_table,
    missing_column_error,
    resolve_columns,
    survey_columns,
    without_org,
)
from wres_cli.inputs.read import EmptyFileError, read_table
from wres_cli.validation.catalog import LIMIT, Finding, Report, collapse, more_like

# canonical column -> (check code, what its values are called)
MAPPED = {
    "ethnicity": ("E201", "ethnicity"),
    "pay_band": ("E202", "pay band"),
    "pay_grade": ("E202", "pay grade"),
    "staff_group": ("E203", "staff group"),
    "grade": ("E204", "medical grade"),
}
IDENTIFIERS = (
    (
        "a name",
        r"^(?:(?:first|last|fore|sur|given|family|full|middle|maiden|preferred|known as|staff|employee"
        r"|person|applicant|candidate|member|director) ?)?names?$|^(?:surname|forename)s?$",
    ),
    ("an NHS number", r"\bnhs (?:no|number|num)\b"),
    ("a National Insurance number", r"\bni (?:no|number|num)\b|\bnino\b|\bnational insurance\b"),
    ("a date of birth", r"\bdate of birth\b|\bdob\b|\bbirth ?date\b|\bbirthday\b"),
    ("an email address", r"\be ?mail\b"),
    ("a full postcode", r"^(?:home |full |staff |employee )?post ?code$|^(?:home )?address\b"),
)
RETURN_KEY = ("framework", "indicator", "org", "year", "section", "breakdown", "group", "measure")
FIGURES = ("numerator", "denominator", "value", "ci_low", "ci_high")
RATIOS = ("relative_likelihood", "ratio_of_percents")


class Collector:
    """Findings and the checks that ran, with helpers that never build more than LIMIT findings per kind."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ran: set[str] = set()
        self.notes: list[str] = []

    def check(self, *codes: str) -> None:
        self.ran.update(codes)

    def add(self, code: str, file: Any, message: str, line: Any = None, column: str | None = None) -> None:
        self.ran.add(code)
        self.findings.append(Finding(code, str(file), message, line=line, column=column))

    def rows(
        self,
        code: str,
        file: Any,
        lines: np.ndarray,
        column: str | None,
        message: Callable[[int], str],
        summary: str,
    ) -> None:
        """One finding for each of the first LIMIT rows (``message(i)`` for the i-th), then one for the rest."""
        self.ran.add(code)
        for i in range(min(LIMIT, len(lines))):
            line = lines[i]
            self.add(code, file, message(i), None if line is None or line < 0 else int(line), column)
        if len(lines) > LIMIT:
            self.findings.append(
                more_like(Finding(code, str(file), summary, column=column), len(lines) - LIMIT)
            )


@dataclass
class Checked:
    """One input file after the file-level checks: its text columns and, when it could be mapped, the Dataset."""

    name: str
    path: Path
    headers: list[str]
    raw: pd.DataFrame
    first_line: int
    columns: dict[str, str]
    dataset: Dataset | None = None
    errors: int = 0

    @property
    def lines(self) -> np.ndarray:
        return self.raw.index.to_numpy() + self.first_line


@dataclass
class Target:
    """What `wres validate` checks: the inputs, the options of `wres compute`, and an optional return."""

    paths: Mapping[str, str | Path | None]
    config: Config
    year: int | None = None
    by_org: bool = False
    framework: str = "nhs-wres"
    indicators_dirs: Sequence[str | Path] = ()
    read_options: Mapping[str, Any] = field(default_factory=dict)
    against: str | Path | None = None
    tolerance: float = 0.005


def validate(
    workforce: str | Path,
    *,
    recruitment: str | Path | None = None,
    board: str | Path | None = None,
    survey: str | Path | None = None,
    config: Config | str | Path | None = None,
    year: int | None = None,
    by_org: bool = False,
    framework: str = "nhs-wres",
    indicators_dirs: Iterable[str | Path] = (),
    read_options: Mapping[str, Any] | None = None,
    against: str | Path | None = None,
    tolerance: float = 0.005,
    strict: bool = False,
    **options: Any,
) -> Report:
    """Check the inputs (and, with ``against``, a return written by `wres compute --format csv`).

    Raises ConfigError only when the configuration or options are wrong; everything about the files is a
    finding in the returned Report.
    """
    config = config if isinstance(config, Config) else load_config(config)
    config = config.with_options(**options)
    if tolerance < 0:
        raise ConfigError(f"--tolerance must be 0 or more, not {tolerance}")
    paths = {"workforce": workforce, "recruitment": recruitment, "board": board, "survey": survey}
    target = Target(
        paths,
        config,
        year,
        by_org,
        framework,
        tuple(indicators_dirs),
        dict(read_options or {}),
        against,
        tolerance,
    )
    c = Collector()
    checked = {
        name: check_file(c, name, Path(path), config, target.read_options)
        for name, path in paths.items()
        if path is not None
    }
    datasets = {name: ch.dataset for name, ch in checked.items() if ch is not None and ch.dataset is not None}
    check_logic(c, datasets, checked, target)
    if against is not None:
        input_errors = any(f.severity == "error" for f in c.findings)
        check_return(c, Path(against), target, None if input_errors else datasets)
    files = [str(p) for p in paths.values() if p is not None] + ([str(against)] if against else [])
    return Report(collapse(c.findings), files, c.ran, strict, c.notes)


# ------------------------------------------------------------------------------------------- files


def _without_path(path: Path, text: str) -> str:
    """Messages from the reader start with the file name; the finding carries it already."""
    for prefix in (f"{path}: ", f"{path} "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def identifier_kind(header: str) -> str | None:
    """What a header looks like if it names a direct identifier (e.g. 'a date of birth'), else None."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", str(header).casefold()).split())
    for kind, pattern in IDENTIFIERS:
        if re.search(pattern, text):
            return kind
    return None


def check_file(
    c: Collector, name: str, path: Path, config: Config, read_options: Mapping[str, Any]
) -> Checked | None:
    """Structure and value checks of one input; the Dataset (when it can be mapped) for the logic checks."""
    c.check("E101", "E102", "E103", "E104", "E105", "W106", "W501")
    state: dict[str, Any] = {"columns": {}}
    extra = survey_columns(name, config)

    def select(headers: Sequence[str]) -> list[str]:
        state["headers"] = [str(h) for h in headers]
        try:
            state["columns"] = resolve_columns(headers, name, config, path, extra)
        except WresError as exc:  # a configured column that is not in the file
            state["config_error"] = exc
        wanted = list(dict.fromkeys(state["columns"].values()))
        return wanted or list(headers[:1])

    ragged: list[tuple[int, int, int]] = []
    try:
        table = read_table(path, select=select, ragged=ragged, **read_options)
    except EmptyFileError as exc:
        if not ragged:
            c.add("E102", path, _without_path(path, str(exc)))
            return None
        table = None  # every row had the wrong number of fields: reported below
    except WresError as exc:
        c.add("E101", path, _without_path(path, str(exc)))
        return None
    headers, columns = state["headers"], state["columns"]
    header_line = table.first_line - 1 if table is not None else None
    for dupe in sorted({h for h in headers if headers.count(h) > 1}):
        c.add("E104", path, f"column {dupe!r} appears {headers.count(dupe)} times", header_line, dupe)
    used = set(columns.values())
    for header in dict.fromkeys(headers):
        kind = identifier_kind(header)
        if kind:
            c.add("W501", path, f"column {header!r} looks like {kind}", header_line, header)
        elif header not in used and header.strip():
            c.add("W106", path, f"column {header!r} is not used by wres", header_line, header)
    c.rows(
        "E105",
        path,
        np.array([r[0] if r[0] is not None else -1 for r in ragged]),
        None,
        lambda i: f"expected {ragged[i][1]} fields but found {ragged[i][2]}; the row was not read",
        "row with the wrong number of fields",
    )
    if table is None:
        return None
    checked = Checked(name, path, headers, table.frame, table.first_line, dict(columns))
    if "config_error" in state:
        c.add("E103", path, _without_path(path, str(state["config_error"])))
        return checked
    aggregated = name == "survey" and {"indicator", "group", "n"} <= columns.keys()
    missing = [
        canonical
        for canonical in REQUIRED[name]
        if canonical not in columns and not (canonical == "ethnicity" and columns.keys() & GROUP_COLUMNS)
    ]
    if aggregated:
        missing = [] if columns.keys() & {"percent", "yes"} else ["percent"]
    for canonical in missing:
        error = missing_column_error(path, name, canonical, headers)
        c.add("E103", path, _without_path(path, str(error)), header_line)
    if missing:
        return checked
    before = len(c.findings)
    if aggregated:
        check_aggregated(c, checked, config)
        if any(f.severity == "error" for f in c.findings[before:]):
            return checked
    problems: list[Problem] = []
    try:
        checked.dataset = from_table(table, name, config, path, problems=None if aggregated else problems)
    except WresError as exc:
        c.add("E100", path, _without_path(path, str(exc)))
        return checked
    for problem in problems:
        report_problem(c, checked, problem)
    if checked.dataset is not None and name == "workforce":
        check_medical(c, checked)
    return checked


def value_lines(
    raw: pd.Series, values: Sequence[str], lines: np.ndarray, mask: np.ndarray | None = None
) -> list[tuple[str, int, np.ndarray]]:
    """(value, rows, first lines) for each raw value (compared trimmed): one pass over the categories."""
    cat = raw.astype("category")
    which = {v: i for i, v in enumerate(values)}
    lookup = np.array([which.get(str(t).strip(), -1) for t in cat.cat.categories] + [-1], dtype=np.int64)
    per_row = lookup[cat.cat.codes.to_numpy()]
    if mask is not None:
        per_row = np.where(mask, per_row, -1)
    positions = np.flatnonzero(per_row >= 0)
    of = per_row[positions]
    order = np.argsort(of, kind="stable")
    counts = np.bincount(of, minlength=len(values))
    starts = np.concatenate([[0], np.cumsum(counts)])
    out = []
    for i, value in enumerate(values):
        first = positions[order[starts[i] : starts[i] + FIRST_LINES]]
        if counts[i]:
            out.append((value, int(counts[i]), lines[first]))
    return out


def _per_value(
    c: Collector,
    code: str,
    checked: Checked,
    header: str,
    values: Sequence[str],
    what: Callable[[str], str],
    mask: np.ndarray | None = None,
) -> None:
    """One finding per value (its row count and first lines); beyond LIMIT values, one for the rest."""
    found = value_lines(checked.raw[header], values[: LIMIT + 1], checked.lines, mask)
    for value, rows, first in found[:LIMIT]:
        at = ", ".join(str(n) for n in first)
        plural = "s" if rows != 1 else ""
        c.add(
            code,
            checked.path,
            f"{what(value)} ({rows:,} row{plural}, first at line{plural} {at})",
            first[0],
            header,
        )
    if len(values) > LIMIT:
        rest = len(values) - LIMIT
        c.findings.append(
            more_like(Finding(code, str(checked.path), f"{what('...')}: further values", column=header), rest)
        )


def report_problem(c: Collector, checked: Checked, problem: Problem) -> None:
    """Turn a problem that loading recorded into findings with lines."""
    ds = checked.dataset
    path, cols = checked.path, checked.columns
    if problem.kind == "flag":
        _per_value(
            c, "E108", checked, cols[problem.column], problem.values, lambda v: f"{v!r} is not a yes/no value"
        )
    elif problem.kind == "unmapped" and problem.column in MAPPED:
        code, noun = MAPPED[problem.column]
        mask = None
        if problem.column == "grade" and ds is not None and "staff_category" in ds.frame:
            mask = (ds.frame["staff_category"] == "Medical & dental").to_numpy()
        _per_value(
            c,
            code,
            checked,
            cols[problem.column],
            problem.values,
            lambda v: f"{noun} {v!r} is not mapped",
            mask,
        )
    elif problem.kind == "unmapped" and checked.name == "survey" and problem.column not in GROUP_COLUMNS:
        _per_value(
            c, "E206", checked, cols[problem.column], problem.values, lambda v: f"{v!r} is not a known answer"
        )
    elif problem.kind in ("count", "year") and problem.bad is not None:
        header = cols[problem.column]
        text = checked.raw[header].astype("string").str.strip()
        positions = np.flatnonzero(problem.bad)
        shown = text.iloc[positions].to_numpy(dtype=object, na_value=None)
        lines = checked.lines[positions]
        if problem.kind == "year":
            c.rows(
                "E107",
                path,
                lines,
                header,
                lambda i: f"{shown[i]!r} is not a year (2026 or 2025/26)",
                "value that is not a year",
            )
            return
        numbers = pd.to_numeric(pd.Series(shown, dtype="string"), errors="coerce").to_numpy(
            float, na_value=np.nan
        )
        typed = ~np.isfinite(numbers) | (numbers > 2**53)
        c.rows(
            "E107",
            path,
            lines[typed],
            header,
            lambda i: "blank count" if shown[typed][i] is None else f"{shown[typed][i]!r} is not a number",
            "count that is not a number",
        )
        c.rows(
            "E109",
            path,
            lines[~typed],
            header,
            lambda i: f"count {shown[~typed][i]!r} is not a whole number of people >= 0",
            "negative or fractional count",
        )
    elif problem.kind == "missing":
        c.add("E103", path, _without_path(path, str(problem.error)), checked.first_line - 1)
    elif problem.kind == "unmapped" and problem.values and cols.get(problem.column) in checked.raw:
        noun = problem.column.replace("_", " ")  # e.g. disability: each value once, with its lines
        _per_value(
            c,
            "E100",
            checked,
            cols[problem.column],
            problem.values,
            lambda v: f"{noun} {v!r} is not in the {noun} mapping of wres.yaml",
        )
    else:
        c.add("E100", path, _without_path(path, str(problem.error)))


def check_medical(c: Collector, checked: Checked) -> None:
    """Medical & dental staff with a blank grade have no subgroup for indicator 1 (E204)."""
    ds = checked.dataset
    assert ds is not None
    if "grade" not in checked.columns or "staff_category" not in ds.frame:
        return
    c.check("E204")
    blank = checked.raw[checked.columns["grade"]].isna().to_numpy()
    doctors = (ds.frame["staff_category"] == "Medical & dental").to_numpy()
    lines = checked.lines[np.flatnonzero(blank & doctors)]
    c.rows(
        "E204",
        checked.path,
        lines,
        checked.columns["grade"],
        lambda i: "medical & dental staff member with no grade",
        "medical & dental staff member with no grade",
    )


def _numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, not-a-number mask) of a text column; a trailing % is allowed."""
    text = series.astype("string").str.strip().str.rstrip("%")
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return numbers, ~np.isfinite(numbers)


def check_aggregated(c: Collector, checked: Checked, config: Config) -> None:
    """Aggregated survey rows (indicator, group, n, percent or yes): E107, E109, E201, E207, E304, E305."""
    c.check("E107", "E109", "E201", "E207", "E304", "E305")
    raw, cols, path, lines = checked.raw, checked.columns, checked.path, checked.lines
    indicator = raw[cols["indicator"]].astype("string").str.strip()
    for prefix in ("Indicator ", "indicator ", "Metric ", "metric "):
        indicator = indicator.str.removeprefix(prefix)
    known = list(dict.fromkeys([*config.survey_questions, *config.wdes_survey_questions, "9a"]))
    bad = ~indicator.isin(known).to_numpy(dtype=bool, na_value=False)
    shown = raw[cols["indicator"]].to_numpy(dtype=object)[bad]
    c.rows(
        "E207",
        path,
        lines[bad],
        cols["indicator"],
        lambda i: f"{shown[i]!r} is not a survey indicator ({', '.join(known)})",
        "unknown survey indicator",
    )
    group = raw[cols["group"]]
    ethnic = groups.ethnic_group(group, config.ethnicity, gypsy_traveller=config.gypsy_traveller)
    if ethnic.unmapped and groups.disability_group(group, config.disability).unmapped:
        _per_value(c, "E201", checked, cols["group"], ethnic.unmapped, lambda v: f"group {v!r} is not mapped")
    values = {}
    for canonical in ("n", "yes", "percent"):
        if canonical not in cols:
            continue
        header = cols[canonical]
        numbers, typed = _numbers(raw[header])
        values[canonical] = numbers
        text = raw[header].to_numpy(dtype=object)
        c.rows(
            "E107",
            path,
            lines[typed],
            header,
            lambda i, t=text[typed]: f"{t[i]!r} is not a number",
            f"{canonical} that is not a number",
        )
        if canonical == "percent":
            out = ~typed & ((numbers < 0) | (numbers > 100))
            c.rows(
                "E304",
                path,
                lines[out],
                header,
                lambda i, v=numbers[out]: f"percent {v[i]:g} is outside 0-100",
                "percent outside 0-100",
            )
        else:
            fractional = ~typed & ((numbers < 0) | (numbers != np.floor(numbers)))
            c.rows(
                "E109",
                path,
                lines[fractional],
                header,
                lambda i, t=text[fractional], k=canonical: f"{k} {t[i]!r} is not a whole number >= 0",
                f"negative or fractional {canonical}",
            )
    if "yes" in values:
        more = np.nan_to_num(values["yes"]) > np.nan_to_num(values["n"], nan=np.inf)
        yes, n = values["yes"][more], values["n"][more]
        c.rows(
            "E305",
            path,
            lines[more],
            cols["yes"],
            lambda i: f"yes {yes[i]:g} is more than n {n[i]:g}",
            "more yes answers than respondents",
        )


# ------------------------------------------------------------------------------------------- logic


def _rows_in(ds: Dataset, year: int | None) -> np.ndarray:
    """Rows of the reporting year (all rows when the file has no year or not that year)."""
    if year is None or "year" not in ds.frame or year not in ds.years:
        return np.ones(len(ds.frame), bool)
    return ds.frame["year"].to_numpy() == year


def check_logic(
    c: Collector, datasets: Mapping[str, Dataset], checked: Mapping[str, Checked | None], target: Target
) -> None:
    """Checks across rows and files: E205, E208, E301-E303, E306, E307 and the data-quality warnings."""
    config = target.config
    thresholds = config.thresholds
    wf = datasets.get("workforce")
    ids = None  # person IDs are hashed while the checks below run (E302 needs them last)
    if wf is not None and "person_id" in wf.frame and "count" not in wf.columns:
        ids = _in_background(_id_codes, wf.frame["person_id"])
    years = wf.years if wf is not None else []
    chosen = target.year if target.year is not None else config.reporting_year
    c.check("E205", "E208")
    if wf is not None and chosen is not None and years and chosen not in years:
        c.add(
            "E208",
            wf.path,
            f"no rows for reporting year {chosen}; years in the file: {', '.join(map(str, years))}",
            column=wf.columns.get("year"),
        )
    year = chosen if chosen is not None and chosen in years else (years[-1] if years else None)
    for ds in datasets.values():
        if "year" not in ds.frame:
            continue
        y = ds.frame["year"].to_numpy()
        outside = (y >= 0) & ((y < thresholds.min_year) | (y > thresholds.max_year))
        for value in np.unique(y[outside])[:LIMIT]:
            positions = np.flatnonzero(y == value)
            at = ", ".join(str(n) for n in ds.line(positions[:FIRST_LINES]))
            plural = "s" if positions.size > 1 else ""
            c.add(
                "E205",
                ds.path,
                f"year {value} is outside {thresholds.min_year}-{thresholds.max_year} "
                f"({positions.size:,} row{plural}, first at line{plural} {at})",
                ds.line(positions[:1])[0],
                ds.columns.get("year"),
            )
    if "recruitment" in datasets:
        check_recruitment(c, datasets["recruitment"])
    people_at = len(c.findings)  # E302 is listed here, but worked out last
    if wf is not None:
        check_two_year(c, wf, config, year, target.by_org)
        check_headcount(c, wf, thresholds.headcount_change)
    if "board" in datasets:
        check_board(c, datasets["board"])
    if target.by_org:
        check_orgs(c, datasets, year)
    check_unknown(c, datasets, thresholds.unknown_share)
    check_small_groups(c, datasets, year, thresholds.small_group, target.by_org)
    for ch in checked.values():
        if ch is not None and ch.dataset is not None and ch.dataset.form == "records":
            check_blank_flags(c, ch)
    if wf is not None:
        later = Collector()
        check_people(later, wf, ids)
        c.findings[people_at:people_at] = later.findings
        c.ran |= later.ran


def check_recruitment(c: Collector, ds: Dataset) -> None:
    """E301: an appointed applicant who was not shortlisted."""
    if "shortlisted" not in ds.columns:
        return
    c.check("E301")
    f = ds.frame
    bad = (f["appointed"].to_numpy() == 1) & (f["shortlisted"].to_numpy() == 0) & (f["count"].to_numpy() > 0)
    c.rows(
        "E301",
        ds.path,
        ds.line(np.flatnonzero(bad)),
        ds.columns["appointed"],
        lambda i: "appointed but not shortlisted",
        "appointed but not shortlisted",
    )


def _in_background(work: Callable[..., Any], *args: Any) -> Future:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-check")
    try:
        return pool.submit(work, *args)
    finally:
        pool.shutdown(wait=False)


def _id_codes(ids: pd.Series) -> np.ndarray:
    """A code per distinct person ID (-1: none); hashing the IDs releases the GIL."""
    return pd.factorize(ids)[0]


def check_people(c: Collector, ds: Dataset, codes: Future | None = None) -> None:
    """E302: the same person ID twice in one reporting year (record-level files with an ID column)."""
    if "person_id" not in ds.frame or "count" in ds.columns:
        return
    c.check("E302")
    f = ds.frame
    ids = codes.result() if codes is not None else _id_codes(f["person_id"])
    year = f["year"].to_numpy() if "year" in f else np.zeros(len(f), np.int32)
    years, known = pd.factorize(year)
    positions = np.flatnonzero(ids >= 0)
    key = ids[positions].astype(np.int64) * len(known) + years[positions]  # (ID, year) as one dense int
    if not key.size or np.bincount(key).max() < 2:
        return
    order = np.argsort(key, kind="stable")  # rows of a key together, in file order
    starts = np.r_[True, key[order][1:] != key[order][:-1]]
    first = np.empty_like(positions)
    first[order] = positions[order][np.maximum.accumulate(np.where(starts, np.arange(key.size), 0))]
    repeated = first != positions
    labels = f.index.to_numpy()
    lines = labels[positions[repeated]] + ds.first_line
    first_lines = labels[first[repeated]] + ds.first_line
    again = positions[repeated]
    ids, yrs = f["person_id"].to_numpy(dtype=object)[again], year[again]
    c.rows(
        "E302",
        ds.path,
        lines,
        ds.columns["person_id"],
        lambda i: (
            f"person ID {ids[i]!r} is already at line {first_lines[i]}"
            + (f" for {yrs[i]}" if "year" in f else "")
        ),
        "person ID repeated in the same year",
    )


def check_board(c: Collector, ds: Dataset) -> None:
    """E303: a board (per organisation and year) with no voting or no executive members."""
    c.check("E303")
    f = ds.frame
    keys = [k for k in ("org", "year") if k in f]
    weights = f.assign(voting=f["voting"] * f["count"], executive=f["executive"] * f["count"])
    sums = weights.groupby(keys, observed=True)[["voting", "executive"]].sum() if keys else None
    if sums is None:
        sums = pd.DataFrame([weights[["voting", "executive"]].sum()], index=["the board"])
    for label, row in sums.iterrows():  # one iteration per board, not per person
        where = ", ".join(map(str, label)) if isinstance(label, tuple) else str(label)
        for kind in ("voting", "executive"):
            if row[kind] == 0:
                c.add("E303", ds.path, f"{where}: no {kind} members", column=ds.columns[kind])


def check_two_year(c: Collector, ds: Dataset, config: Config, year: int | None, by_org: bool) -> None:
    """E306: indicator 3's two-year method needs the previous year's rows."""
    if "disciplinary" not in ds.frame or config.indicator_3_method == "1y":
        return
    c.check("E306")
    method = config.indicator_3_method
    if year is None:
        c.add("E306", ds.path, f"no year column, so indicator 3's {method} method has no previous year")
        return
    if year - 1 not in ds.years:
        c.add(
            "E306", ds.path, f"no {year - 1} rows for indicator 3's {method} method (reporting year {year})"
        )
        return
    if by_org and "org" in ds.frame:
        f = ds.frame
        now = set(f.loc[f["year"] == year, "org"].dropna().unique())
        before = set(f.loc[f["year"] == year - 1, "org"].dropna().unique())
        for org in sorted(map(str, now - before))[:LIMIT]:
            c.add(
                "E306",
                ds.path,
                f"organisation {org!r} has no {year - 1} rows for indicator 3's {method} method",
            )


def check_orgs(c: Collector, datasets: Mapping[str, Dataset], year: int | None) -> None:
    """E307: under --by org, an organisation present in one file and absent from another; W405: rows with
    no organisation."""
    c.check("E307", "W405")
    orgs = {}
    for name, ds in datasets.items():
        if found := without_org(ds):
            c.add("W405", ds.path, found[0], found[1], ds.columns.get("org"))
        if "org" in ds.frame:
            orgs[name] = set(map(str, ds.frame["org"].loc[_rows_in(ds, year)].dropna().unique()))
    if not orgs:
        return
    for name, ds in datasets.items():
        if name not in orgs:
            c.add("E307", ds.path, "no organisation column; with --by org every file needs one")
            continue
        for org in sorted(set().union(*orgs.values()) - orgs[name])[:LIMIT]:
            elsewhere = ", ".join(n for n in orgs if org in orgs[n])
            c.add("E307", ds.path, f"organisation {org!r} is in the {elsewhere} file(s) but not in this one")


def check_unknown(c: Collector, datasets: Mapping[str, Dataset], share: float) -> None:
    """W401: Unknown ethnicity above the threshold in any dataset (per year when it has several)."""
    c.check("W401")
    for ds in datasets.values():
        if ds.form != "records" or "ethnicity" not in ds.frame:
            continue
        f = ds.frame
        unknown = (f["ethnicity"] == "Unknown").to_numpy() * f["count"].to_numpy()
        by = f["year"].to_numpy() if "year" in f else np.zeros(len(f), int)
        table = pd.DataFrame({"by": by, "unknown": unknown, "all": f["count"].to_numpy()}).groupby("by").sum()
        for key, row in table.iterrows():  # one iteration per year
            if row["all"] and row["unknown"] / row["all"] > share:
                when = f" in {key}" if "year" in f else ""
                c.add(
                    "W401",
                    ds.path,
                    f"{row['unknown'] / row['all']:.1%} of {int(row['all']):,} have Unknown ethnicity{when} "
                    f"(threshold {share:.0%})",
                    column=ds.columns.get("ethnicity"),
                )


def check_small_groups(
    c: Collector, datasets: Mapping[str, Dataset], year: int | None, small: int, by_org: bool
) -> None:
    """W402: fewer than ``small`` White or BME people behind a relative likelihood (indicators 2-4)."""
    c.check("W402")
    behind = []
    if "recruitment" in datasets:
        behind.append((datasets["recruitment"], "shortlisted", "shortlisted applicants behind indicator 2"))
    wf = datasets.get("workforce")
    if wf is not None and {"disciplinary", "non_mandatory_training"} & set(wf.frame.columns):
        behind.append((wf, None, "staff behind indicators 3 and 4"))
    for ds, flag, what in behind:
        if "ethnicity" not in ds.frame:
            continue
        f = ds.frame
        weight = f["count"].to_numpy() * (f[flag].to_numpy() if flag else 1)
        people = _sums(f, _rows_in(ds, year), weight, by_org, "ethnicity")
        counts = {(org, group): n for org, group, n in people.itertuples(index=False)}
        for org in sorted(set(people["org"]))[:LIMIT]:
            for group in ("White", "BME"):
                n = int(counts.get((org, group), 0))
                if n < small:
                    where = f"{org}: " if org else ""
                    c.add("W402", ds.path, f"{where}only {n} {group} {what} (fewer than {small})")


def _sums(f: pd.DataFrame, rows: np.ndarray, weight: np.ndarray, by_org: bool, key: str) -> pd.DataFrame:
    """org (text; "" without a breakdown), ``key`` and n = ``weight`` summed over ``rows``, for each pair
    present, sorted by org then ``key``. Counted on integer codes, so no text is made per row."""
    orgs = _dense_codes(f["org"]) if by_org and "org" in f else (np.zeros(len(f), np.int64), pd.Index([""]))
    keys = _dense_codes(f[key])
    kept = rows & (orgs[0] >= 0) & (keys[0] >= 0)  # blank org or key: not counted
    pair = orgs[0][kept].astype(np.int64) * len(keys[1]) + keys[0][kept]
    size = len(orgs[1]) * len(keys[1])
    present = np.flatnonzero(np.bincount(pair, minlength=size))
    n = np.bincount(pair, weights=weight[kept], minlength=size)[present]  # whole counts: exact in float64
    values = keys[1][present % len(keys[1])]
    sums = pd.DataFrame(
        {
            "org": [str(o) for o in orgs[1][present // len(keys[1])]],
            key: [str(v) for v in values] if isinstance(f[key].dtype, pd.CategoricalDtype) else values,
            "n": n.round().astype(np.int64),
        }
    )
    return sums.sort_values(["org", key], kind="stable", ignore_index=True)


def _dense_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(a code per row, -1 for missing; the value of each code), straight from category codes or small
    integers (years) without hashing; pd.factorize otherwise."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    numbers = values.to_numpy()
    if numbers.dtype.kind in "iu" and numbers.size and int(numbers.max()) - int(numbers.min()) < 1 << 20:
        low = int(numbers.min())
        return numbers.astype(np.int64) - low, pd.Index(np.arange(low, int(numbers.max()) + 1))
    return pd.factorize(values)


def check_headcount(c: Collector, ds: Dataset, change: float) -> None:
    """W403: headcount (per organisation) changing by more than ``change`` from one year to the next."""
    if "year" not in ds.frame:
        return
    c.check("W403")
    f = ds.frame
    heads = _sums(f, f["year"].to_numpy() >= 0, f["count"].to_numpy(), True, "year")
    heads["before"] = heads.groupby("org")["n"].shift()
    heads["gap"] = heads["year"] - heads.groupby("org")["year"].shift()
    jumps = heads.loc[(heads["gap"] == 1) & (abs(heads["n"] / heads["before"] - 1) > change)]
    for row in jumps.head(LIMIT).itertuples():
        where = f"{row.org}: " if row.org else ""
        c.add(
            "W403",
            ds.path,
            f"{where}headcount {int(row.before):,} in {row.year - 1} -> {int(row.n):,} in {row.year} "
            f"({row.n / row.before - 1:+.0%}, threshold {change:.0%})",
            column=ds.columns.get("year"),
        )


def check_blank_flags(c: Collector, checked: Checked) -> None:
    """W404: blank yes/no values, which count as No."""
    c.check("W404")
    for flag in EVENT_FLAGS:
        header = checked.columns.get(flag)
        if header is None or header not in checked.raw:
            continue
        blank = checked.raw[header].isna().to_numpy()
        if blank.any():
            positions = np.flatnonzero(blank)
            lines = checked.lines[positions[:FIRST_LINES]]
            c.add(
                "W404",
                checked.path,
                f"{positions.size:,} blank value(s) counted as No (first at line(s) "
                f"{', '.join(map(str, lines))})",
                lines[0],
                header,
            )


# ------------------------------------------------------------------------------------------- return


def read_return(text_or_path: Path | str) -> pd.DataFrame:
    """A CSV written by `wres compute --format csv`, every field as text ("" when blank)."""
    source = io.StringIO(text_or_path) if isinstance(text_or_path, str) else text_or_path
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    return frame.apply(lambda s: s.str.strip())


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def check_return(c: Collector, path: Path, target: Target, datasets: Mapping[str, Dataset] | None) -> None:
    """E601-E605: the return's figures against its own counts and against a recomputation from the inputs."""
    c.check("E601", "E602", "E603", "E604", "E605")
    try:
        ret = read_return(path)
    except FileNotFoundError:
        c.add("E101", path, "no such file; check the path")
        return
    except pd.errors.EmptyDataError:
        c.add("E102", path, "the file is empty")
        return
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        c.add("E101", path, f"cannot be read as CSV ({str(exc).splitlines()[0]})")
        return
    missing = [col for col in (*RETURN_KEY, *FIGURES, "status", "note") if col not in ret.columns]
    if missing or ret.empty:
        what = f"columns {', '.join(missing)} are missing" if missing else "no rows"
        c.add("E605", path, f"{what}; this is not a CSV written by `wres compute --format csv`", 1)
        return
    ret.index = ret.index + 2  # file lines: the header is line 1
    check_consistency(c, path, ret, target.tolerance)
    if datasets is None:
        c.notes.append(f"{path}: figures not recomputed, because the inputs have errors")
        return
    try:
        fresh = recompute(ret, datasets, target)
    except WresError as exc:
        c.add("E100", path, f"the inputs could not be recomputed: {exc}")
        return
    compare(c, path, ret, fresh, target.tolerance)


def recompute(ret: pd.DataFrame, datasets: Mapping[str, Dataset], target: Target) -> pd.DataFrame:
    """The inputs computed for the return's framework, year and breakdown, as `wres compute --format csv`."""
    from wres_cli import pipeline
    from wres_cli.indicators.registry import load_registry
    from wres_cli.results.tidy import tidy_frame

    frameworks = [f for f in ret["framework"].unique() if f]
    framework = frameworks[0] if len(frameworks) == 1 else target.framework
    years = [int(y) for y in ret["year"].unique() if y.isdigit()]
    year = target.year if target.year is not None else (years[0] if len(years) == 1 else None)
    has_org = any("org" in ds.frame for ds in datasets.values())
    by_org = target.by_org or (has_org and bool((ret["org"] != "All").any()))
    registry = load_registry(target.indicators_dirs)
    chosen = registry.framework(framework)
    if not chosen:
        raise ConfigError(f"unknown framework {framework!r}; known: {', '.join(registry.frameworks)}")
    loaded = pipeline.Loaded(framework, target.config, chosen, dict(datasets), list(registry.errors))
    results = pipeline.compute_loaded(loaded, year=year, by_org=by_org)
    buffer = io.StringIO()  # the same text a CSV return holds, so that both are read back alike
    tidy_frame(results).to_csv(buffer, index=False, lineterminator="\n")
    return read_return(buffer.getvalue())


def _operands(ret: pd.DataFrame) -> pd.DataFrame:
    """Ratio and difference rows with the percent rows their value is made of (left, right)."""
    from wres_cli.statistics.proportions import HALDANE_NOTE

    base = ["framework", "indicator", "org", "year", "section"]
    pct = ret.loc[ret["measure"] == "percent", [*base, "breakdown", "group"]].assign(
        p=_num(ret, "value")[ret["measure"] == "percent"]
    )
    pct = pct.drop_duplicates([*base, "breakdown", "group"])
    rows = ret.loc[ret["measure"].isin([*RATIOS, "difference_pp"]) & (ret["status"] == "computed")]
    rows = rows.loc[~rows["note"].str.contains(HALDANE_NOTE, regex=False)]
    rows = rows.assign(line=rows.index, v=_num(rows, "value"))
    sign = np.where(rows["measure"] == "difference_pp", " − ", " ÷ ")
    by_group = pd.Series(
        [g.count(s) == 1 for g, s in zip(rows["group"], sign, strict=True)], index=rows.index
    )
    parts = rows["group"].str.split(r" ÷ | − ", n=1, regex=True, expand=True).reindex(columns=[0, 1])
    left = rows.assign(
        bl=rows["breakdown"],
        gl=parts[0],
        sl=rows["section"],
        br=rows["breakdown"],
        gr=parts[1],
        sr=rows["section"],
    )
    left = left.loc[by_group]
    # indicator 9 style: breakdown "Board − workforce", group BME -> Board % minus the workforce %
    other = rows.loc[~by_group & rows["breakdown"].str.endswith(" − workforce")]
    other = other.assign(
        bl=other["breakdown"].str.removesuffix(" − workforce"),
        gl=other["group"],
        sl=other["section"],
        br="All staff",
        gr=other["group"],
        sr="Overall workforce",
    )
    pairs = pd.concat([left, other])
    keys = ["framework", "indicator", "org", "year"]
    for side in ("l", "r"):
        right = pct.rename(
            columns={"breakdown": f"b{side}", "group": f"g{side}", "section": f"s{side}", "p": f"p{side}"}
        )
        pairs = pairs.merge(right, on=[*keys, f"s{side}", f"b{side}", f"g{side}"], how="left")
    return pairs


def check_consistency(c: Collector, path: Path, ret: pd.DataFrame, tol: float) -> None:
    """E602: percents that are not 100 x numerator / denominator; ratios and differences that are not made of
    their own group percentages (an inverted ratio or a reversed difference says so)."""
    num, den, val = _num(ret, "numerator"), _num(ret, "denominator"), _num(ret, "value")
    percent = (ret["measure"] == "percent").to_numpy() & np.isfinite(num) & (den > 0) & np.isfinite(val)
    expected = 100 * np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)
    bad = percent & (np.abs(val - expected) > tol)
    shown = ret.loc[bad, ["numerator", "denominator", "value"]].to_numpy()
    exp = expected[bad]
    c.rows(
        "E602",
        path,
        ret.index.to_numpy()[bad],
        "value",
        lambda i: f"percent {shown[i][2]} but {shown[i][0]} / {shown[i][1]} gives {exp[i]:.4f}",
        "percent inconsistent with its numerator and denominator",
    )
    pairs = _operands(ret)
    if pairs.empty:
        return
    ratio = pairs["measure"].isin(RATIOS).to_numpy()
    pl, pr, v = pairs["pl"].to_numpy(float), pairs["pr"].to_numpy(float), pairs["v"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.where(ratio, pl / pr, pl - pr)
    known = np.isfinite(want) & np.isfinite(v)
    off = known & (np.abs(v - want) > tol)
    with np.errstate(divide="ignore", invalid="ignore"):
        flipped = np.where(ratio, np.abs(v * want - 1) <= tol, np.abs(v + want) <= tol)
    groups_ = pairs["group"].to_numpy(dtype=object)
    lines = pairs["line"].to_numpy()[off]
    v, want, flipped, groups_ = v[off], want[off], flipped[off], groups_[off]
    c.rows(
        "E602",
        path,
        lines,
        "value",
        lambda i: (
            f"{groups_[i]} is {v[i]:g} but its group percentages give {want[i]:.4f}"
            + ("; it looks inverted" if flipped[i] else "")
        ),
        "ratio or difference inconsistent with its group percentages",
    )


def compare(c: Collector, path: Path, ret: pd.DataFrame, fresh: pd.DataFrame, tol: float) -> None:
    """E601 figures differing beyond ``tol``, E603 rows only in the return, E604 rows only recomputed."""
    key = list(RETURN_KEY)
    ret = ret.assign(line=ret.index).drop_duplicates(key)
    both = ret.merge(fresh.drop_duplicates(key), on=key, how="outer", suffixes=("", "_new"), indicator=True)
    text = both[key].fillna("")
    label = ("indicator " + text["indicator"]).str.cat([text[k] for k in key[2:]], sep=", ")
    label = label.str.replace(r"(?:, )+(?=, )", "", regex=True)  # blank parts
    extra = (both["_merge"] == "left_only").to_numpy()
    names = label.to_numpy(dtype=object)
    c.rows(
        "E603",
        path,
        both["line"].to_numpy()[extra],
        None,
        lambda i, n=names[extra]: f"row not produced by the inputs: {n[i]}",
        "row not produced by the inputs",
    )
    lacking = (both["_merge"] == "right_only").to_numpy()
    c.rows(
        "E604",
        path,
        np.full(int(lacking.sum()), -1),
        None,
        lambda i, n=names[lacking]: f"recomputed row missing from the return: {n[i]}",
        "recomputed row missing from the return",
    )
    common = both.loc[both["_merge"] == "both"]
    for column in FIGURES:
        old, new = common[column].to_numpy(dtype=object), common[f"{column}_new"].to_numpy(dtype=object)
        a, b = _num(common, column), _num(common, f"{column}_new")
        numeric = np.isfinite(a) & np.isfinite(b)
        differs = np.where(numeric, np.abs(a - b) > tol, old != new)
        where = np.flatnonzero(differs)
        what = common["line"].to_numpy()[where]
        c.rows(
            "E601",
            path,
            what,
            column,
            lambda i, o=old[where], n=new[where], r=names[both["_merge"].to_numpy() == "both"][where], k=column: (
                f"{k} {o[i] or '(blank)'} in the return, {n[i] or '(blank)'} recomputed ({r[i]})"
            ),
            f"{column} differs from the recomputed figure",
        )

"""File and value checks of `wres validate`: each input is read and mapped by the parsers `wres compute` uses,
with a collecting ProblemSink, and every problem they find becomes findings with their lines.

So validation and computation agree on every spelling and every rule: a file that validates computes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError, WresError
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import EVENT_FLAGS, ColumnPicker, Layout
from wres_cli.inputs.combine import combine
from wres_cli.inputs.dataset import Problem, ProblemSink
from wres_cli.inputs.grouped import Grouped, groupable, read_grouped
from wres_cli.inputs.load import files_of
from wres_cli.inputs.read import EmptyFileError, Table, read_table
from wres_cli.inputs.survey import survey_indicators
from wres_cli.inputs.values import FIRST_LINES
from wres_cli.validation.catalog import LIMIT, Finding, more_like
from wres_cli.validation.collector import Checked, Collector

# canonical column whose values no mapping recognised -> (check code, what its values are called)
MAPPED = {
    "ethnicity": ("E201", "ethnicity"),
    "group": ("E201", "group"),
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


def without_path(path: Path, text: str) -> str:
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
    c: Collector,
    name: str,
    path: Path,
    config: Config,
    read_options: Mapping[str, Any],
    grouped: bool = False,
) -> Checked | None:
    """Structure and value checks of one input; the Dataset (when it can be mapped) for the logic checks.

    ``grouped`` first reads a large record file as counts of its raw values, as `wres compute` does: when
    the parsers find nothing to report in them, the file checks have nothing to say about its rows, and only
    its header is looked at (see :func:`exact_on_counts` for the checks that come after)."""
    c.check("E101", "E102", "E103", "E104", "E105", "W106", "W501")
    if grouped and groupable(path, name) and read_options.get("sheet") is None:
        options = {k: read_options.get(k) for k in ("encoding", "delimiter", "header_row")}
        found = read_grouped(path, name, config, checking=True, **options)
        if found is not None:
            return _checked_grouped(c, name, found)
    sink = ProblemSink.collecting()
    picker = ColumnPicker(name, config, path, sink, checking=True)
    ragged: list[tuple[int, int, int]] = []
    try:
        table: Table | None = read_table(path, select=picker, ragged=ragged, **read_options)
    except EmptyFileError as exc:
        if not ragged:
            c.add("E102", path, without_path(path, str(exc)))
            return None
        table = None  # every row had the wrong number of fields: reported below
    except WresError as exc:
        c.add("E101", path, without_path(path, str(exc)))
        return None
    layout = picker.layout
    assert layout is not None  # the header row was read, or reading failed above
    header_problems = sink.take()
    check_headers(c, layout, None if table is None else table.first_line - 1, header_problems)
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
    checked = Checked(name, path, list(layout.headers), table.frame, table.first_line, dict(layout.columns))
    misconfigured = [p for p in header_problems if p.kind == "configured"]
    for problem in misconfigured:  # values would be read from the wrong columns: not checked
        c.add("E103", path, without_path(path, str(problem.error)))
    if not misconfigured:
        check_values(c, checked, table, layout, config, sink)
    return checked


def _checked_grouped(c: Collector, name: str, found: Grouped) -> Checked:
    """The file checks of a file read as counts, whose values all mapped: its header, and the medical grades."""
    layout, table = found.layout, found.table
    check_headers(c, layout, table.first_line - 1, [])
    c.check("E105")
    checked = Checked(
        name, layout.path, list(layout.headers), table.frame, table.first_line, dict(layout.columns)
    )
    checked.dataset = found.dataset
    c.check(*value_checks(checked))
    if name == "workforce":
        check_medical(c, checked)
    return checked


def check_inputs(
    c: Collector,
    name: str,
    paths: Any,
    config: Config,
    read_options: Mapping[str, Any],
    grouped: bool = False,
) -> Checked | None:
    """:func:`check_file` for each file of one dataset; given several (one per year), a Checked holding each of
    them in ``parts`` and the dataset they make together (E309 when they do not fit together). ``grouped``:
    a dataset given as one file may be read as counts (:func:`check_file`)."""
    files = [Path(p) for p in files_of(paths)]
    if len(files) == 1:
        return check_file(c, name, files[0], config, read_options, grouped)
    c.check("E309")
    parts = [check_file(c, name, path, config, read_options) for path in files]
    done = [p for p in parts if p is not None]
    if not done:
        return None
    first = done[0]
    whole = Checked(name, first.path, first.headers, first.raw, first.first_line, first.columns, parts=done)
    if len(done) == len(files) and all(p.dataset is not None for p in done):
        try:
            whole.dataset = combine([p.dataset for p in done if p.dataset is not None])
        except InputError as exc:
            c.add("E309", files[-1], without_path(files[-1], str(exc)))
    return whole


def check_headers(c: Collector, layout: Layout, line: int | None, problems: Sequence[Problem]) -> None:
    """E104 duplicate names, W501 direct identifiers and W106 columns no check reads, on the header line."""
    headers = list(layout.headers)
    c.check("E110")
    for problem in problems:
        for dupe in problem.values if problem.kind == "duplicate" else ():
            c.add("E104", layout.path, f"column {dupe!r} appears {headers.count(dupe)} times", line, dupe)
        if problem.kind == "ambiguous":
            c.add(
                "E110",
                layout.path,
                without_path(layout.path, str(problem.error)).removeprefix("line 1: "),
                line,
            )
    ignored = set(layout.ignored)
    for header in dict.fromkeys(headers):
        kind = identifier_kind(header)
        if kind:
            c.add("W501", layout.path, f"column {header!r} looks like {kind}", line, header)
        elif header in ignored and header.strip():
            c.add("W106", layout.path, f"column {header!r} is not one wres reads", line, header)


def check_values(
    c: Collector, checked: Checked, table: Table, layout: Layout, config: Config, sink: ProblemSink
) -> None:
    """Map the file as `wres compute` does and report every problem found on the way (E100, E103, E107-E109,
    E201-E207, E304, E305)."""
    if layout.aggregated and not layout.missing():
        c.check("E107", "E109", "E201", "E207", "E304", "E305")
    try:
        checked.dataset = from_table(table, layout, config, sink)
    except WresError as exc:  # e.g. an override in wres.yaml naming a group that does not exist
        c.add("E100", checked.path, without_path(checked.path, str(exc)))
    for problem in sink.take():
        report_problem(c, checked, problem, config)
    if checked.dataset is not None:
        c.check(*value_checks(checked))
    if checked.dataset is not None and checked.name == "workforce":
        check_medical(c, checked)


def value_checks(checked: Checked) -> list[str]:
    """The value checks that ran on a mapped file: each one whose column the file has (a check of a column the
    file does not have did not run, and is reported as skipped, not passed)."""
    columns = checked.columns
    codes = ["E100"]
    if {"year", "count", "n", "percent"} & set(columns):
        codes.append("E107")
    if any(flag in columns for flag in EVENT_FLAGS):
        codes.append("E108")
    if {"count", "n"} & set(columns):
        codes.append("E109")
    codes += [code for column, (code, _) in MAPPED.items() if column in columns]
    if checked.name == "survey" and checked.dataset is not None and checked.dataset.form == "records":
        codes.append("E206")
    return codes


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


def report_problem(c: Collector, checked: Checked, problem: Problem, config: Config) -> None:
    """Turn a problem the parsers found into findings with their lines."""
    path, header = checked.path, checked.columns.get(problem.column)
    if problem.kind in ("missing", "configured"):
        line = checked.first_line - 1 if problem.kind == "missing" else None
        c.add("E103", path, without_path(path, str(problem.error)), line)
    elif problem.kind == "flag" and header in checked.raw:
        _per_value(c, "E108", checked, header, problem.values, lambda v: f"{v!r} is not a yes/no value")
    elif problem.kind == "unmapped" and problem.values and header in checked.raw:
        _report_unmapped(c, checked, problem)
    elif problem.bad is not None and header in checked.raw and problem.kind in ROW_FINDINGS:
        shown = checked.raw[header].astype("string").str.strip().to_numpy(dtype=object, na_value=None)
        code, message, summary = ROW_FINDINGS[problem.kind](checked, problem, config)
        rows = np.flatnonzero(problem.bad)
        c.rows(code, path, checked.lines[rows], header, lambda i: message(shown[rows[i]], rows[i]), summary)
    else:
        c.add("E100", path, without_path(path, str(problem.error)))


def _report_unmapped(c: Collector, checked: Checked, problem: Problem) -> None:
    """E201-E204 for the mapped workforce columns, E206 for survey answers, E100 for any other mapping."""
    header, column = checked.columns[problem.column], problem.column
    if column in MAPPED:
        code, noun = MAPPED[column]
        mask = None
        ds = checked.dataset
        if column == "grade" and ds is not None and "staff_category" in ds.frame:
            mask = (ds.frame["staff_category"] == "Medical & dental").to_numpy()
        _per_value(c, code, checked, header, problem.values, lambda v: f"{noun} {v!r} is not mapped", mask)
    elif checked.name == "survey" and column not in GROUP_COLUMNS:
        _per_value(c, "E206", checked, header, problem.values, lambda v: f"{v!r} is not a known answer")
    else:
        noun = column.replace("_", " ")  # e.g. disability: each value once, with its lines
        _per_value(
            c,
            "E100",
            checked,
            header,
            problem.values,
            lambda v: f"{noun} {v!r} is not in the {noun} mapping of wres.yaml",
        )


RowFinding = tuple[str, Callable[[Any, int], str], str]  # code, message(value shown, row position), summary


def _not_a_number(checked: Checked, problem: Problem, config: Config) -> RowFinding:
    noun = problem.column
    return (
        "E107",
        lambda shown, _: f"blank {noun}" if shown is None else f"{shown!r} is not a number",
        f"{noun} that is not a number",
    )


def _out_of_range(checked: Checked, problem: Problem, config: Config) -> RowFinding:
    noun = problem.column
    if noun == "percent":
        return "E304", lambda shown, _: f"percent {shown} is outside 0-100", "percent outside 0-100"
    whole = "a whole number of people >= 0" if noun == "count" else "a whole number >= 0"
    return "E109", lambda shown, _: f"{noun} {shown!r} is not {whole}", f"negative or fractional {noun}"


def _not_a_year(checked: Checked, problem: Problem, config: Config) -> RowFinding:
    return (
        "E107",
        lambda shown, _: (
            "blank year" if shown is None else f"{shown!r} is not a year (2026, 2025/26 or a date)"
        ),
        "value that is not a year",
    )


def _unknown_indicator(checked: Checked, problem: Problem, config: Config) -> RowFinding:
    known = ", ".join(survey_indicators(config))
    return (
        "E207",
        lambda shown, _: f"{shown!r} is not a survey indicator ({known})",
        "unknown survey indicator",
    )


def _more_yes_than_n(checked: Checked, problem: Problem, config: Config) -> RowFinding:
    n = checked.raw[checked.columns["n"]].astype("string").str.strip().to_numpy(dtype=object, na_value=None)
    return (
        "E305",
        lambda shown, row: f"yes {shown} is more than n {n[row]}",
        "more yes answers than respondents",
    )


ROW_FINDINGS: dict[str, Callable[[Checked, Problem, Config], RowFinding]] = {
    "type": _not_a_number,
    "range": _out_of_range,
    "year": _not_a_year,
    "indicator": _unknown_indicator,
    "excess": _more_yes_than_n,
}


def check_medical(c: Collector, checked: Checked) -> None:
    """Medical & dental staff with a blank grade have no subgroup for indicator 1 (E204)."""
    ds = checked.dataset
    assert ds is not None
    if "grade" not in checked.columns or "staff_category" not in ds.frame:
        return
    c.check("E204")
    grade = checked.raw[checked.columns["grade"]]
    blank = (grade.isna() | grade.astype("string").str.strip().eq("")).to_numpy(dtype=bool, na_value=True)
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

"""Files -> canonical DataFrames: the only place that knows file formats, header spellings and raw values.

Every dataset becomes a frame of categoricals and small integers plus a ``count`` column (1 per row when the
file has none), so record-level and pre-aggregated inputs flow through the same code afterwards.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError, where
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs import categories as groups
from wres_cli.inputs import characteristics
from wres_cli.inputs.read import Table, read_table

_SPACE = re.compile(r"[\s_\-./()]+")


def header_key(name: object) -> str:
    """Header matching ignores case, spaces, hyphens, underscores and punctuation."""
    return _SPACE.sub("", str(name)).casefold()


DISABILITY_HEADERS = ("disability", "disabled", "disability status", "disability flag", "esr disability")
# canonical column -> known header spellings (compared with header_key)
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "workforce": {
        "ethnicity": (
            "ethnicity",
            "ethnic origin",
            "ethnic group",
            "ethnic category",
            "ethnicity code",
            "ethnic origin code",
            "ethnic category code",
        ),
        "pay_band": ("pay band", "band", "afc band", "agenda for change band", "pay band description"),
        "grade": ("grade", "medical grade", "grade description", "medical and dental grade"),
        "staff_group": ("staff group", "esr staff group", "occupation group", "staff group description"),
        "disciplinary": (
            "disciplinary",
            "formal disciplinary",
            "entered disciplinary",
            "entered formal disciplinary",
            "disciplinary investigation",
            "entered formal disciplinary process",
            "disciplinary case",
        ),
        "non_mandatory_training": (
            "non mandatory training",
            "non-mandatory training",
            "cpd",
            "non mandatory training cpd",
            "accessed training",
            "accessed non mandatory training",
            "non mandatory cpd",
        ),
        "assignment_category": ("assignment category", "contract type", "employment category"),
        "disability": DISABILITY_HEADERS,
        "pay_grade": ("pay grade", "council grade", "local grade", "salary grade", "council pay grade"),
        "capability": (
            "capability",
            "formal capability",
            "entered capability",
            "capability process",
            "entered formal capability process",
        ),
        "fitness_to_practise": (
            "fitness to practise",
            "fitness to practice",
            "ftp",
            "ftp referral",
            "fitness to practise proceedings",
            "entered fitness to practise",
        ),
        "regulated": ("regulated", "regulated professional", "registered professional", "regulated role"),
        "leaver": ("leaver", "left", "left in year", "left organisation", "leaver in year"),
        "person_id": (
            "employee number",
            "employee no",
            "emp no",
            "emp number",
            "assignment number",
            "staff number",
            "person id",
            "employee id",
            "person",
            "id",
        ),
    },
    "recruitment": {
        "ethnicity": ("ethnicity", "ethnic origin", "ethnic group", "applicant ethnicity"),
        "shortlisted": ("shortlisted", "short listed", "was shortlisted"),
        "appointed": ("appointed", "was appointed", "offer accepted", "hired"),
        "disability": DISABILITY_HEADERS,
        "person_id": ("applicant id", "application id", "candidate id", "id"),
    },
    "board": {
        "ethnicity": ("ethnicity", "ethnic origin", "ethnic group"),
        "voting": ("voting", "voting member", "is voting", "vote"),
        "executive": ("executive", "executive member", "is executive", "exec", "executive director"),
        "disability": DISABILITY_HEADERS,
    },
    "survey": {
        "ethnicity": ("ethnicity", "ethnic group", "ethnic background", "q ethnicity"),
        "disability": (
            *DISABILITY_HEADERS,
            "do you have a long-standing illness or disability",
            "long-standing illness or disability",
        ),
        "indicator": ("indicator", "wres indicator", "wdes metric", "metric"),
        "group": ("group", "ethnic group category"),
        "n": ("n", "respondents", "responses", "base"),
        "percent": ("percent", "percentage", "pct", "%"),
        "yes": ("yes", "number yes", "positive"),
    },
}
COMMON = {
    "year": ("year", "reporting year", "financial year", "snapshot year"),
    "org": (
        "org",
        "organisation",
        "organization",
        "org code",
        "organisation code",
        "organisation name",
        "trust",
        "employer",
    ),
    "count": ("count", "headcount", "number", "total"),
}
REQUIRED = {
    "workforce": ("ethnicity",),
    "recruitment": ("ethnicity", "appointed"),
    "board": ("ethnicity", "voting", "executive"),
    "survey": ("ethnicity",),
}
EVENT_FLAGS = (
    "disciplinary",
    "non_mandatory_training",
    "shortlisted",
    "appointed",
    "voting",
    "executive",
    "capability",
    "fitness_to_practise",
    "regulated",
    "leaver",
)
FIRST_LINES = 3


@dataclass
class Problem:
    """A defect recorded instead of raised when a Dataset collects problems (``wres validate``)."""

    kind: str  # "unmapped" | "flag" | "count" | "year" | "missing"
    column: str  # canonical column (or survey question) it concerns
    error: InputError  # what loading would have raised
    values: list[str] = field(default_factory=list)  # unrecognised raw values, once each
    bad: np.ndarray | None = None  # boolean mask of the bad rows (count, year)


@dataclass
class Dataset:
    """One input file read into canonical columns."""

    name: str
    path: Path
    frame: pd.DataFrame
    columns: dict[str, str]  # canonical -> header as written in the file
    form: str = "records"  # "records" | "aggregated" (survey only)
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers that were not used

    @property
    def years(self) -> list[int]:
        """Reporting years present (empty when the file has no year column)."""
        if "year" not in self.frame:
            return []
        return list(self.derived("years", _years_present))

    def line(self, positions: np.ndarray) -> np.ndarray:
        """File line numbers (header = line 1) for row positions."""
        return self.frame.index.to_numpy()[positions] + self.first_line

    first_line: int = 2
    problems: list[Problem] | None = None  # when a list, defects are recorded there instead of raised
    _cache: dict[str, tuple[pd.DataFrame, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def derived(self, key: str, work: Callable[[pd.DataFrame], Any]) -> Any:
        """``work(frame)``, worked out once per frame (the frame may be replaced)."""
        found = self._cache.get(key)
        if found is None or found[0] is not self.frame:
            found = self._cache[key] = (self.frame, work(self.frame))
        return found[1]

    def fail(self, problem: Problem) -> None:
        """Raise the problem's error, or record it and carry on when this dataset collects problems."""
        if self.problems is None:
            raise problem.error
        self.problems.append(problem)


def resolve_columns(
    headers: Sequence[str], dataset: str, config: Config, path: Path, extra: Sequence[str] = ()
) -> dict[str, str]:
    """Map canonical names to the file's headers (configuration first, then known spellings)."""
    by_key: dict[str, str] = {}
    for h in headers:
        by_key.setdefault(header_key(h), h)
    found: dict[str, str] = {}
    configured = config.columns.get(dataset, {})
    for canonical, header in configured.items():
        if header not in headers and header_key(header) not in by_key:
            raise InputError(
                f"{path}: column {header!r} (configured as columns.{dataset}.{canonical} in {config.source}) "
                f"is not in the file; columns found: {', '.join(map(str, headers))}"
            )
        found[canonical] = header if header in headers else by_key[header_key(header)]
    spellings = {**ALIASES[dataset], **COMMON, **{e: (e,) for e in extra}}
    if config.characteristic:  # the column compared by --characteristic
        spellings["characteristic"] = (config.characteristic,)
    for canonical, names in spellings.items():
        if canonical in found:
            continue
        for name in (canonical, *names):
            if header_key(name) in by_key:
                found[canonical] = by_key[header_key(name)]
                break
    return found


def missing_column_error(path: Path, dataset: str, canonical: str, headers: Sequence[str]) -> InputError:
    """'missing required column' with the columns found and the closest one suggested."""
    close = difflib.get_close_matches(canonical, [str(h) for h in headers], n=1, cutoff=0.4)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return InputError(
        f"{path}: required column {canonical!r} is missing; columns found: {', '.join(map(str, headers))}. "
        f"{hint}Rename it, or map it in wres.yaml under columns.{dataset}.{canonical}"
    )


def load_dataset(
    path: str | Path,
    dataset: str,
    config: Config,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Dataset:
    """Read one input file into canonical columns, raising InputError with file, line and column."""
    path = Path(path)
    extra = survey_columns(dataset, config)
    table = read_table(
        path,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        header_row=header_row,
        select=lambda headers: _needed(headers, dataset, config, path, extra, skip=("person_id",)),
    )
    return from_table(table, dataset, config, path)


def survey_columns(dataset: str, config: Config) -> tuple[str, ...]:
    """The survey question columns the configuration names (none for other datasets)."""
    if dataset != "survey":
        return ()
    questions = [
        q
        for mapping in (config.survey_questions, config.wdes_survey_questions, config.sc_survey_questions)
        for qs in mapping.values()
        for q in qs
    ]
    if config.wdes_engagement_column:
        questions.append(config.wdes_engagement_column)
    return tuple(dict.fromkeys(questions))


def from_table(
    table: Table, dataset: str, config: Config, path: Path, problems: list[Problem] | None = None
) -> Dataset:
    """Canonical columns from the text columns ``read_table`` returned; raises InputError like load_dataset
    (or, given a ``problems`` list, records value defects there and carries on)."""
    extra = survey_columns(dataset, config)
    headers, frame = table.headers, table.frame
    columns = resolve_columns(headers, dataset, config, path, extra)
    if dataset == "survey" and {"indicator", "group", "n"} <= columns.keys():
        return _aggregated_survey(path, frame, columns, config, table.first_line, headers)
    for canonical in REQUIRED[dataset]:
        if canonical not in columns and not (canonical == "ethnicity" and columns.keys() & GROUP_COLUMNS):
            raise missing_column_error(path, dataset, canonical, headers)
    ds = Dataset(
        dataset,
        path,
        frame,
        columns,
        first_line=table.first_line,
        ignored=[h for h in headers if h not in columns.values()],
        problems=problems,
    )
    ds.frame = _canonical(ds, config, extra)
    return ds


def _needed(
    headers: Sequence[str], dataset: str, config: Config, path: Path, extra: Sequence[str], skip=()
) -> list[str]:
    """Only the columns the tool uses are read (``skip``: canonical columns only `validate` checks)."""
    if len(set(headers)) != len(headers):
        dupes = sorted({h for h in headers if list(headers).count(h) > 1})
        raise InputError(
            f"{path} line 1: duplicate column names {', '.join(map(repr, dupes))}; "
            "give every column a distinct name"
        )
    columns = resolve_columns(headers, dataset, config, path, extra)
    return list(dict.fromkeys(h for canonical, h in columns.items() if canonical not in skip))


def _canonical(ds: Dataset, config: Config, extra: Sequence[str]) -> pd.DataFrame:
    raw, cols = ds.frame, ds.columns
    out: dict[str, object] = {}

    def mapped(canonical: str, result: groups.Mapped, what: str, key: str) -> pd.Series:
        if result.unmapped:
            error = unmapped_error(ds, canonical, raw[cols[canonical]], result, what, key)
            ds.fail(Problem("unmapped", canonical, error, result.unmapped))
        return result.values

    if "ethnicity" in cols:  # another group column may stand in (see GROUP_COLUMNS)
        out["ethnicity"] = mapped(
            "ethnicity",
            groups.ethnic_group(
                raw[cols["ethnicity"]], config.ethnicity, gypsy_traveller=config.gypsy_traveller
            ),
            "ethnicity mapping",
            "ethnicity",
        )
    if "disability" in cols:
        out["disability"] = mapped(
            "disability",
            groups.disability_group(raw[cols["disability"]], config.disability),
            "disability mapping",
            "disability",
        )
    if "characteristic" in cols:
        out["characteristic"] = mapped(
            "characteristic",
            characteristics.characteristic_group(
                raw[cols["characteristic"]], config.characteristics[config.characteristic]
            ),
            f"groups of {config.characteristic!r}",
            f"characteristics.{config.characteristic}.groups",
        )
    if ds.name == "workforce" and "pay_grade" in cols:
        out["pay_grade"] = mapped(
            "pay_grade",
            characteristics.pay_grades(raw[cols["pay_grade"]], config.grade_order),
            "grade_order",
            "grade_order",
        )
    if ds.name == "workforce":
        if "pay_band" in cols:
            out["pay_band"] = mapped(
                "pay_band", groups.pay_band(raw[cols["pay_band"]], config.bands), "band spellings", "bands"
            )
        if "staff_group" in cols:
            out["staff_category"] = mapped(
                "staff_group",
                groups.staff_category(raw[cols["staff_group"]], config.staff_groups),
                "staff groups",
                "staff_groups",
            )
        if "grade" in cols:
            out.update(_medical(ds, raw[cols["grade"]], out.get("staff_category"), config))
        if "assignment_category" in cols:
            values = raw[cols["assignment_category"]].astype("category")
            is_bank = np.array([groups.normalise_text(str(c)) == "bank" for c in values.cat.categories], bool)
            codes = values.cat.codes.to_numpy()
            out["bank"] = np.where(codes >= 0, is_bank[codes] if is_bank.size else False, False)
    for flag in EVENT_FLAGS:
        if flag in cols:
            out[flag] = _flag(ds, flag, raw[cols[flag]])
    if ds.name == "recruitment" and "shortlisted" not in cols:
        out["shortlisted"] = np.ones(len(raw), dtype=np.int8)
    if ds.name == "survey":
        out.update(_survey_answers(ds, raw, config))
    if "year" in cols:
        out["year"] = parse_years(ds, raw[cols["year"]])
    if "org" in cols:
        org = raw[cols["org"]].astype("category")
        out["org"] = (
            org.cat.rename_categories([str(c).strip() for c in org.cat.categories])
            if org.cat.categories.is_unique
            else org
        )
    if "person_id" in cols and cols["person_id"] in raw:  # read for `validate` only
        out["person_id"] = raw[cols["person_id"]]
    out["count"] = parse_counts(ds, raw[cols["count"]]) if "count" in cols else np.ones(len(raw), np.int64)
    return pd.DataFrame(out, index=raw.index, copy=False)  # fresh arrays (shared ones are copy-on-write)


def unmapped_error(
    ds: Dataset, canonical: str, raw: pd.Series, result: groups.Mapped, what: str, key: str
) -> InputError:
    """One line naming every unmapped value, how many rows, the first lines, and how to map it."""
    header = ds.columns[canonical]
    stripped = raw.astype("string").str.strip()
    parts = []
    for value in result.unmapped[:10]:
        positions = np.flatnonzero((stripped == value).to_numpy(dtype=bool, na_value=False))
        lines = ", ".join(str(n) for n in ds.line(positions[:FIRST_LINES]))
        rows = f"{positions.size} row{'s' if positions.size != 1 else ''}"
        parts.append(f"{value!r} ({rows}, first at line{'s' if positions.size > 1 else ''} {lines})")
    more = f" and {len(result.unmapped) - 10} more" if len(result.unmapped) > 10 else ""
    example = result.unmapped[0]
    return InputError(
        f"{where(ds.path, column=header)}: {len(result.unmapped)} value{'s' if len(result.unmapped) > 1 else ''} "
        f"not in the {what}: {'; '.join(parts)}{more}. Map them in wres.yaml, e.g. "
        f"'{key}: {{{example!r}: ...}}'"
    )


def _medical(ds: Dataset, grade: pd.Series, category: pd.Series | None, config: Config) -> dict[str, object]:
    """Medical & dental subgroup for doctors; other staff's grade column is not looked at."""
    if category is not None:
        medical = (category == "Medical & dental").to_numpy()
        grade = grade.where(medical)
    result = groups.medical_subgroup(grade, config.medical_grades)
    if result.unmapped:
        error = unmapped_error(ds, "grade", grade, result, "medical grade subgroups", "medical_grades")
        ds.fail(Problem("unmapped", "grade", error, result.unmapped))
    senior = result.extra if result.extra is not None else pd.Series(False, index=grade.index)
    return {"medical_subgroup": result.values, "senior_medical": senior.to_numpy(dtype=bool)}


def _flag(ds: Dataset, canonical: str, raw: pd.Series) -> np.ndarray:
    """Yes/no column -> int8 0/1; blanks count as no (with a warning); anything else is an error."""
    result = groups.yes_no(raw)
    if result.unmapped:
        header = ds.columns[canonical]
        stripped = raw.astype("string").str.strip()
        first = result.unmapped[0]
        positions = np.flatnonzero((stripped == first).to_numpy(dtype=bool, na_value=False))
        line = ds.line(positions[:1])[0] if positions.size else "?"
        others = ""
        if len(result.unmapped) > 1:
            others = f" (and {len(result.unmapped) - 1} other value(s): "
            others += ", ".join(map(repr, result.unmapped[1:5])) + ")"
        error = InputError(
            f"{where(ds.path, line, header)}: {first!r} is not a yes/no value{others}; "
            "use Y/N, Yes/No, True/False or 1/0"
        )
        ds.fail(Problem("flag", canonical, error, result.unmapped))
    values = result.values
    blank = values.isna().to_numpy()
    if blank.any():
        ds.warnings.append(
            f"{ds.path}: {int(blank.sum()):,} blank value(s) in column {ds.columns[canonical]!r} "
            "counted as No"
        )
    return (values == "yes").to_numpy(dtype=np.int8)


def parse_counts(ds: Dataset, raw: pd.Series) -> np.ndarray:
    """The optional count column: whole numbers >= 0."""
    header = ds.columns["count"]
    numbers = pd.to_numeric(raw.astype("string").str.strip(), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    bad = ~np.isfinite(numbers) | (numbers < 0) | (numbers != np.floor(numbers)) | (numbers > 2**53)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = raw.iloc[pos]
        why = "blank" if pd.isna(value) else f"{value!r} is not a whole number of people >= 0"
        error = InputError(
            f"{where(ds.path, int(ds.line(np.array([pos]))[0]), header)}: {why}; "
            f"a count says how many people the row stands for ({int(bad.sum())} bad row(s) in all)"
        )
        ds.fail(Problem("count", "count", error, bad=bad))
        numbers = np.where(bad, 0, numbers)
    return numbers.astype(np.int64)


_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def _year_of(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    match = _FINANCIAL_YEAR.match(text)
    if match:  # 2025/26 -> the year of its 31 March snapshot, 2026
        return int(match.group(1)) + 1
    return None


def parse_years(ds: Dataset, raw: pd.Series) -> np.ndarray:
    """Year column -> int32 (year of the 31 March snapshot; 2025/26 -> 2026); -1 where blank."""
    cat = raw.astype("category")
    lookup = np.array([_year_of(str(c)) or 0 for c in cat.cat.categories] + [-1], dtype=np.int32)
    bad = [str(c) for c, y in zip(cat.cat.categories, lookup, strict=False) if y == 0]
    if bad:
        mask = cat.isin(bad).to_numpy()
        error = InputError(
            f"{where(ds.path, int(ds.line(np.flatnonzero(mask)[:1])[0]), ds.columns['year'])}: {bad[0]!r} is "
            "not a year; write the year of the 31 March snapshot (2026) or the financial year (2025/26)"
        )
        ds.fail(Problem("year", "year", error, bad, bad=mask))
        lookup[lookup == 0] = -1
    return lookup[cat.cat.codes.to_numpy()]


def _survey_answers(ds: Dataset, raw: pd.DataFrame, config: Config) -> dict[str, pd.Series]:
    """One yes/no/blank column per survey indicator; an indicator over several questions counts a respondent
    once: yes if any answer is at least once, answered if any was answered."""
    out = {}
    for indicator, questions in config.survey_questions.items():
        present = [q for q in questions if q in ds.columns]
        if not present:
            continue
        answered = np.zeros(len(raw), bool)
        yes = np.zeros(len(raw), bool)
        for question in present:
            result = groups.survey_answer(raw[ds.columns[question]])
            if result.unmapped:
                error = unmapped_error(
                    ds,
                    question,
                    raw[ds.columns[question]],
                    result,
                    "known survey answers (Never, 1-2, 3-5, 6-10, More than 10, Yes, No)",
                    "survey_questions",
                )
                ds.fail(Problem("unmapped", question, error, result.unmapped))
            answered |= result.values.notna().to_numpy()
            yes |= (result.values == "yes").to_numpy(dtype=bool)
        out[f"q{indicator}_answered"] = answered.astype(np.int8)
        out[f"q{indicator}_yes"] = (yes & answered).astype(np.int8)
    out.update(_wdes_answers(ds, raw, config))
    if not out:
        names = ", ".join(q for qs in config.survey_questions.values() for q in qs)
        error = InputError(
            f"{ds.path}: none of the survey question columns ({names}) is in the file; name them "
            "under survey_questions in wres.yaml, or give the aggregated form "
            "(columns indicator, group, n, percent)"
        )
        ds.fail(Problem("missing", "survey_questions", error))
    return out


def _wdes_answers(ds: Dataset, raw: pd.DataFrame, config: Config) -> dict[str, np.ndarray]:
    """WDES and Social Care WRES survey metrics (``wdes{metric}_yes`` / ``sc{metric}_yes`` and ``_answered``)
    and the engagement score, when present."""
    out: dict[str, np.ndarray] = {}
    for prefix, metric, questions in [
        *(("wdes", m, q) for m, q in config.wdes_survey_questions.items()),
        *(("sc", m, q) for m, q in config.sc_survey_questions.items()),
    ]:
        present = [q for q in questions if q in ds.columns]
        if not present:
            continue
        answered = np.zeros(len(raw), bool)
        yes = np.zeros(len(raw), bool)
        for question in present:
            result = characteristics.wdes_answer(raw[ds.columns[question]])
            if result.unmapped:
                error = unmapped_error(
                    ds,
                    question,
                    raw[ds.columns[question]],
                    result,
                    "known survey answers (Never, 1-2, ..., Yes, No, Satisfied, Agree, ...)",
                    f"{'wdes' if prefix == 'wdes' else 'sc'}_survey_questions",
                )
                ds.fail(Problem("unmapped", question, error, result.unmapped))
            answered |= result.values.notna().to_numpy()
            yes |= (result.values == "yes").to_numpy(dtype=bool)
        out[f"{prefix}{metric}_answered"] = answered.astype(np.int8)
        out[f"{prefix}{metric}_yes"] = (yes & answered).astype(np.int8)
    column = config.wdes_engagement_column
    if column and column in ds.columns:
        text = raw[ds.columns[column]].astype("string").str.strip()
        score = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = (text.notna() & (text != "")).to_numpy(dtype=bool) & ~((score >= 0) & (score <= 10))
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"{where(ds.path, int(ds.line(np.array([pos]))[0]), ds.columns[column])}: "
                f"{raw[ds.columns[column]].iloc[pos]!r} is not an engagement score from 0 to 10"
            )
        out["engagement_answered"] = np.isfinite(score).astype(np.int8)
        out["engagement_score"] = np.nan_to_num(score)
    return out


def _aggregated_survey(
    path: Path,
    frame: pd.DataFrame,
    columns: dict[str, str],
    config: Config,
    first_line: int,
    headers: Sequence[str],
) -> Dataset:
    """Survey results already aggregated: one row per indicator x group with n and percent (or yes)."""
    ds = Dataset("survey", path, frame, columns, form="aggregated", first_line=first_line)
    if "percent" not in columns and "yes" not in columns:
        raise missing_column_error(path, "survey", "percent", headers)
    text = {c: frame[columns[c]].astype("string").str.strip() for c in ("indicator", "group")}
    indicator = text["indicator"].str.removeprefix("Indicator ").str.removeprefix("indicator ")
    indicator = indicator.str.removeprefix("Metric ").str.removeprefix("metric ")
    known = list(
        dict.fromkeys(
            [
                *config.survey_questions,
                *config.wdes_survey_questions,
                "9a",
                *(f"sc{m}" for m in config.sc_survey_questions),
            ]
        )
    )
    bad = ~indicator.isin(known).to_numpy(dtype=bool, na_value=False)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{where(path, pos + first_line, columns['indicator'])}: "
            f"{frame[columns['indicator']].iloc[pos]!r} is not a survey indicator "
            f"({', '.join(known)})"
        )
    group_values = _aggregated_groups(ds, frame[columns["group"]], config)
    n = _number(ds, "n")
    if "yes" in columns:
        yes = _number(ds, "yes")
    else:
        percent = _number(ds, "percent", whole=False)
        yes = percent * n / 100.0  # respondents the published percentage stands for (may be fractional)
    if (yes > n).any():
        pos = int(np.flatnonzero(yes > n)[0])
        raise InputError(f"{where(path, pos + first_line)}: more 'yes' answers than respondents (n)")
    # the same shape as record-level answers: n people per row, of whom ``yes`` said yes
    share = np.divide(yes, n, out=np.zeros_like(yes, dtype=float), where=n > 0)
    out = pd.DataFrame(
        {"indicator": pd.Categorical(indicator.to_numpy()), **group_values, "count": n, "yes_share": share},
        index=frame.index,
    )
    if "year" in columns:
        out["year"] = parse_years(ds, frame[columns["year"]])
    if "org" in columns:
        out["org"] = frame[columns["org"]].astype("string").str.strip().astype("category")
    ds.frame = out
    return ds


def _aggregated_groups(ds: Dataset, raw: pd.Series, config: Config) -> dict[str, pd.Series]:
    """The group column of aggregated survey rows, read as every kind it fits (ethnic, disability, ...)."""
    ethnic = groups.ethnic_group(raw, config.ethnicity, gypsy_traveller=config.gypsy_traveller)
    kinds = {"ethnicity": ethnic, "disability": groups.disability_group(raw, config.disability)}
    if config.characteristic:
        kinds["characteristic"] = characteristics.characteristic_group(
            raw, config.characteristics[config.characteristic]
        )
    fitting = {name: result.values for name, result in kinds.items() if not result.unmapped}
    if not fitting:
        raise unmapped_error(ds, "group", raw, ethnic, "ethnicity mapping", "ethnicity")
    return fitting


def _number(ds: Dataset, canonical: str, whole: bool = True) -> np.ndarray:
    raw = ds.frame[ds.columns[canonical]]
    values = pd.to_numeric(raw.astype("string").str.strip().str.rstrip("%"), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    bad = ~np.isfinite(values) | (values < 0)
    if whole:
        bad |= values != np.floor(values)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        kind = "a whole number >= 0" if whole else "a number >= 0"
        raise InputError(
            f"{where(ds.path, pos + ds.first_line, ds.columns[canonical])}: {raw.iloc[pos]!r} is not {kind}"
        )
    return values


def _years_present(frame: pd.DataFrame) -> list[int]:
    years = frame["year"].to_numpy()
    if years.dtype.kind in "iu" and years.size and 0 <= years.max() < 100_000:  # four digits: count them
        present = np.flatnonzero(np.bincount(years[years >= 0]))
    else:
        present = sorted(y for y in pd.unique(years) if y >= 0)
    return [int(y) for y in present]


def without_org(dataset: Dataset) -> tuple[str, int] | None:
    """(what to say, first line) about rows with no organisation in a file that has an organisation column:
    with --by org they count in "All" but in no organisation's figures. None when there are none."""
    if "org" not in dataset.frame:
        return None
    blank = np.flatnonzero(dataset.frame["org"].isna().to_numpy())
    if not blank.size:
        return None
    people = int(dataset.frame["count"].to_numpy()[blank].sum())
    first = int(dataset.line(blank[:1])[0])
    return (
        f"{people:,} people on {blank.size:,} row(s) have no organisation (first at line {first}); they count in "
        "'All' but in no organisation's figures",
        first,
    )


def load_inputs(
    paths: Mapping[str, str | Path | None],
    config: Config,
    *,
    then: Callable[[Dataset], object] | None = None,
    **read_options,
) -> dict[str, Dataset]:
    """Read every dataset that was given, two at a time (the parsers release the GIL), each handed to ``then``
    as soon as it is read (the pipeline sums it for the tallies while the other files are still being parsed);
    when several files fail, the first in the order given is reported."""
    given = {name: path for name, path in paths.items() if path}

    def load(name: str, path: str | Path) -> Dataset:
        dataset = load_dataset(path, name, config, **read_options)
        if then is not None:
            then(dataset)
        return dataset

    if len(given) < 2:
        return {name: load(name, path) for name, path in given.items()}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wres-read") as pool:
        futures = {name: pool.submit(load, name, path) for name, path in given.items()}
    return {name: future.result() for name, future in futures.items()}

"""Validation findings: the table of checks with their stable codes, the Finding record and the Report.

The codes and their meaning are listed in docs/validate.md; E = error, W = warning (W106 is information only,
never failing a run). The writers (table, JSON, JUnit) live in ``outputs.findings``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from wres_cli.core.errors import ExitCode

LIMIT = 20  # identical findings shown before the rest are summarised with a count


@dataclass(frozen=True)
class Check:
    """One check: its stable code, a short title, the area it belongs to and a one-line hint."""

    code: str
    title: str
    hint: str
    level: str = ""  # "info" for a finding that never fails a run, --strict or not

    @property
    def severity(self) -> str:
        if self.level:
            return self.level
        return "warning" if self.code.startswith("W") else "error"

    @property
    def area(self) -> str:
        return AREAS[self.code[1]]


AREAS = {
    "1": "structure",
    "2": "values",
    "3": "logic",
    "4": "data quality",
    "5": "privacy",
    "6": "return check",
}

CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check(
            "E100",
            "input rejected by the reader",
            "fix the value named in the message; it stops `wres compute` too",
        ),
        Check(
            "E101",
            "unreadable file",
            "check the path and permissions; export as UTF-8 CSV, .xlsx or .parquet (or pass --encoding)",
        ),
        Check("E102", "empty file", "export the file again with a header row and at least one data row"),
        Check(
            "E103",
            "missing required column",
            "rename the column, or map it in wres.yaml under columns.<dataset>.<name>",
        ),
        Check("E104", "duplicate column names", "give every column a distinct name"),
        Check(
            "E105",
            "ragged row",
            "the row has more or fewer fields than the header: quote values that contain the delimiter",
        ),
        Check(
            "W106",
            "column not used",
            "for information (it never fails a run, --strict or not): wres reads only the columns it knows; "
            "if this one holds one of them, map it under columns.<dataset> in wres.yaml",
            level="info",
        ),
        Check(
            "E107",
            "wrong type",
            "write a whole number for counts and n, a number for percent, a year as 2026 or 2025/26",
        ),
        Check("E108", "invalid boolean", "use Y/N, Yes/No, True/False or 1/0"),
        Check("E109", "negative or fractional count", "a count is a whole number of people, 0 or more"),
        Check(
            "E110",
            "two columns for one",
            "say which column holds it in wres.yaml, under columns.<dataset>.<name>",
        ),
        Check("E201", "unmapped ethnicity", "map the value in wres.yaml, e.g. `ethnicity: {'X9': BME}`"),
        Check(
            "E202",
            "unrecognised pay band",
            "map the value in wres.yaml, e.g. `bands: {'Band 8 Range A': Band 8a}`",
        ),
        Check(
            "E203",
            "unrecognised staff group",
            "map the value in wres.yaml under staff_groups (Non-clinical, Clinical non-medical, Medical & dental)",
        ),
        Check(
            "E204",
            "medical grade without a subgroup",
            "map the grade under medical_grades (Consultants, Non-consultant career grade, Trainee grades, Other)",
        ),
        Check(
            "E205",
            "year outside the expected range",
            "write the year of the 31 March snapshot; the range is thresholds.min_year/max_year in wres.yaml",
        ),
        Check(
            "E206",
            "unrecognised survey answer",
            "use the survey's answers (Never, 1-2, 3-5, 6-10, More than 10, Yes, No, Don't know), or say what "
            "another answer means under survey_answers in wres.yaml, e.g. `survey_answers: {'Sometimes': yes}` "
            "(yes, no or not counted)",
        ),
        Check(
            "E207",
            "unknown survey indicator",
            "aggregated survey rows are for a survey indicator: WRES 5-8, WDES 4a(i), 4a(ii), 4a(iii), 4b, 5-8, "
            "9a, Social Care WRES sc6, sc7a, sc7b",
        ),
        Check("E208", "reporting year not in the data", "choose a year the workforce file holds (--year)"),
        Check(
            "E209",
            "value mapping left unfilled",
            "give the value its group in the configuration (or delete the line if the value is not in your files)",
        ),
        Check(
            "E301",
            "appointed without shortlisted",
            "indicator 2 counts appointments from shortlisting: an appointed applicant must be shortlisted",
        ),
        Check(
            "E302", "duplicate person ID", "one row per person per reporting year: remove the repeated rows"
        ),
        Check(
            "E303",
            "board without voting or executive members",
            "mark each board member's Voting and Executive columns (Y/N)",
        ),
        Check("E304", "survey percent outside 0-100", "percent is the share answering yes, from 0 to 100"),
        Check("E305", "more yes answers than respondents", "yes cannot be larger than n"),
        Check(
            "E306",
            "previous year missing for the two-year method",
            "add the previous year's rows, or choose --method 1y (indicator_3_method in wres.yaml)",
        ),
        Check(
            "E307",
            "organisation missing from a dataset",
            "with --by org every file must cover the same organisations, spelled the same way",
        ),
        Check(
            "E308",
            "case not found in the workforce",
            "give each case a person ID that is in the workforce file, or its ethnicity (disability) and year",
        ),
        Check(
            "E309",
            "yearly files that do not fit together",
            "give each reporting year in one file, every file with a year column and the same columns",
        ),
        Check(
            "W401",
            "Unknown ethnicity above threshold",
            "improve ethnicity recording; the threshold is thresholds.unknown_share in wres.yaml",
        ),
        Check(
            "W402",
            "small group behind a ratio",
            "a ratio over so few people is unstable; read its interval (threshold: thresholds.small_group)",
        ),
        Check(
            "W403",
            "large year-on-year headcount change",
            "check that the whole workforce was exported (threshold: thresholds.headcount_change)",
        ),
        Check("W404", "blank yes/no counted as No", "fill in the blanks with Y or N"),
        Check(
            "W405",
            "row with no organisation under --by org",
            "give every row its organisation, or it counts in 'All' but in no organisation's figures",
        ),
        Check(
            "W501",
            "column looks like a direct identifier",
            "inputs should be anonymised: remove names, NHS/NI numbers, dates of birth, emails and postcodes",
        ),
        Check(
            "E601",
            "figure differs from the recomputed one",
            "the return does not match its inputs: recompute it with `wres compute --format csv`",
        ),
        Check(
            "E602",
            "figure inconsistent with its own counts",
            "value must equal 100 x numerator / denominator (and ratios the ratio of the group rates)",
        ),
        Check(
            "E603",
            "row not produced by the inputs",
            "the return holds a row the recomputation does not: was it produced from other inputs?",
        ),
        Check("E604", "figure missing from the return", "the recomputation gives a figure the return lacks"),
        Check(
            "E605",
            "not a return written by wres compute",
            "give the CSV written by `wres compute --format csv`",
        ),
    )
}


@dataclass
class Finding:
    """One problem: where it is (file, line with the header as line 1, column), what it is and how to fix it.

    ``count`` is the number of occurrences the finding stands for (more than 1 when identical ones are
    summarised).
    """

    code: str
    file: str
    message: str
    line: int | None = None
    column: str | None = None
    hint: str = ""
    count: int = 1

    def __post_init__(self) -> None:
        if not self.hint:
            self.hint = CHECKS[self.code].hint
        if self.line is not None:
            self.line = int(self.line)

    @property
    def severity(self) -> str:
        return CHECKS[self.code].severity

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "severity": self.severity,
            **{k: data[k] for k in ("code", "file", "line", "column", "message", "hint", "count")},
        }


@dataclass
class Report:
    """Every finding of one run, the checks that ran, and the exit code they give."""

    findings: list[Finding]
    files: list[str]
    ran: set[str] = field(default_factory=set)
    strict: bool = False
    notes: list[str] = field(default_factory=list)

    def total(self, severity: str) -> int:
        return sum(f.count for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        if self.total("error") or (self.strict and self.total("warning")):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.OK)

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "errors": self.total("error"),
            "warnings": self.total("warning"),
            "information": self.total("info"),
            "shown": len(self.findings),
            "checks_run": sorted(self.ran),
            "strict": self.strict,
            "exit_code": self.exit_code,
            "notes": self.notes,
        }


def collapse(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the first LIMIT of each identical finding (same code, file, column and message) and replace the
    rest with one finding carrying their count."""
    findings = list(findings)
    seen: Counter = Counter()
    extra: Counter = Counter()
    kept = []
    for f in findings:
        key = (f.code, f.file, f.column, f.message)
        seen[key] += 1
        if seen[key] <= LIMIT or f.count > 1:
            kept.append(f)
        else:
            extra[key] += f.count
    for (code, file, column, message), n in extra.items():
        kept.append(more_like(Finding(code, file, message, column=column), n))
    return kept


def more_like(finding: Finding, n: int) -> Finding:
    """The summary line standing for ``n`` further findings like ``finding``."""
    return Finding(
        finding.code,
        finding.file,
        f"{finding.message} — and {n:,} more like this",
        line=None,
        column=finding.column,
        hint=finding.hint,
        count=n,
    )

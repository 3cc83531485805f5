"""Header row -> canonical columns: the known spellings of every column, the configured ones, and which are
required. Both `wres compute` and `wres validate` (and `wres init`) resolve headers here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs.dataset import Problem, ProblemSink

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


def resolve_columns(
    headers: Sequence[str],
    dataset: str,
    config: Config,
    path: Path,
    extra: Sequence[str] = (),
    sink: ProblemSink | None = None,
) -> dict[str, str]:
    """Map canonical names to the file's headers (configuration first, then known spellings).

    A configured header the file lacks is a problem; when ``sink`` collects it, that column is left unmapped
    rather than matched by another spelling the configuration chose not to use.
    """
    sink = sink or ProblemSink.raising()
    by_key: dict[str, str] = {}
    for h in headers:
        by_key.setdefault(header_key(h), h)
    found: dict[str, str] = {}
    configured = config.columns.get(dataset, {})
    for canonical, header in configured.items():
        if header in headers or header_key(header) in by_key:
            found[canonical] = header if header in headers else by_key[header_key(header)]
            continue
        error = InputError(
            f"{path}: column {header!r} (configured as columns.{dataset}.{canonical} in {config.source}) "
            f"is not in the file; columns found: {', '.join(map(str, headers))}"
        )
        sink.fail(Problem("configured", canonical, error))
    spellings = {**ALIASES[dataset], **COMMON, **{e: (e,) for e in extra}}
    if config.characteristic:  # the column compared by --characteristic
        spellings["characteristic"] = (config.characteristic,)
    for canonical, names in spellings.items():
        if canonical in configured:
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


@dataclass(frozen=True)
class Layout:
    """What the header row of one file says: which header holds each canonical column, and so its form."""

    dataset: str
    path: Path
    headers: tuple[str, ...]
    columns: dict[str, str]  # canonical -> header as written in the file

    @property
    def aggregated(self) -> bool:
        """A survey already summed: one row per indicator and group, with n and a percent (or yes count)."""
        return self.dataset == "survey" and {"indicator", "group", "n"} <= self.columns.keys()

    @property
    def ignored(self) -> tuple[str, ...]:
        """Headers no canonical column uses."""
        used = set(self.columns.values())
        return tuple(h for h in self.headers if h not in used)

    def missing(self) -> list[str]:
        """Required canonical columns the file lacks (another group column may stand in for ethnicity)."""
        if self.aggregated:
            return [] if self.columns.keys() & {"percent", "yes"} else ["percent"]
        return [
            canonical
            for canonical in REQUIRED[self.dataset]
            if canonical not in self.columns
            and not (canonical == "ethnicity" and self.columns.keys() & GROUP_COLUMNS)
        ]

    def report_missing(self, sink: ProblemSink) -> bool:
        """Send each missing required column to ``sink``; True when any is missing."""
        missing = self.missing()
        for canonical in missing:
            error = missing_column_error(self.path, self.dataset, canonical, self.headers)
            sink.fail(Problem("missing", canonical, error))
        return bool(missing)


def layout_of(headers: Sequence[str], dataset: str, config: Config, path: Path, sink: ProblemSink) -> Layout:
    """The Layout of a header row; duplicate names and configured headers the file lacks go to ``sink``."""
    headers = [str(h) for h in headers]
    if len(set(headers)) != len(headers):
        dupes = tuple(sorted({h for h in headers if headers.count(h) > 1}))
        error = InputError(
            f"{path} line 1: duplicate column names {', '.join(map(repr, dupes))}; "
            "give every column a distinct name"
        )
        sink.fail(Problem("duplicate", dupes[0], error, dupes))
    columns = resolve_columns(headers, dataset, config, path, survey_columns(dataset, config), sink)
    return Layout(dataset, path, tuple(headers), columns)


class ColumnPicker:
    """The ``select`` callback of read_table: works out the file's Layout from its header row (kept in
    ``layout`` even when reading fails afterwards) and asks for the columns it uses.

    Checking (`wres validate`) also reads person IDs, which only the duplicate-person check needs, and at least
    one column, so that the rows of a file with no known column are still counted and checked.
    """

    def __init__(
        self, dataset: str, config: Config, path: Path, sink: ProblemSink, *, checking: bool = False
    ):
        self.dataset, self.config, self.path, self.sink, self.checking = dataset, config, path, sink, checking
        self.layout: Layout | None = None

    def __call__(self, headers: Sequence[str]) -> list[str]:
        self.layout = layout_of(headers, self.dataset, self.config, self.path, self.sink)
        skip = () if self.checking else ("person_id",)
        wanted = [h for canonical, h in self.layout.columns.items() if canonical not in skip]
        wanted = list(dict.fromkeys(wanted))
        if self.checking and not wanted:
            return list(headers[:1])
        return wanted

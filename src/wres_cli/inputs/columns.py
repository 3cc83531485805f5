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
from wres_cli.core.config_lines import at_line
from wres_cli.core.errors import InputError
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs.dataset import Problem, ProblemSink
from wres_cli.inputs.hints import layout_hint

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
        "assignment_category": (
            "assignment category",
            "contract type",
            "employment category",
            "employee category",
            "bank indicator",
        ),
        "capability_reason": ("capability reason", "capability grounds", "capability type"),
        "salary": ("salary", "annual salary", "basic salary", "fte salary", "full time equivalent salary"),
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
            "staff number",
            "esr number",
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
PERSON_IDS = (
    "employee number",
    "employee no",
    "emp no",
    "staff number",
    "esr number",
    "person id",
    "employee id",
)
CASE_DATES = (
    "date",
    "start date",
    "case start date",
    "date opened",
    "case opened",
    "date case opened",
    "case date",
    "investigation start date",
    "date investigation started",
    "referral date",
    "event date",
)
COMMON = {
    "year": (
        "year",
        "reporting year",
        "financial year",
        "snapshot year",
        "snapshot date",
        "snapshot",
        "effective date",
        "as at date",
        "census date",
        "report date",
    ),
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
ALIASES["survey"]["year"] = (*COMMON["year"], "survey year", "fieldwork year", "year of survey")
# event files: one row per case (or per person trained); canonical event column of the workforce they stand for
EVENT_DATASETS = {
    "disciplinary": "disciplinary",
    "capability": "capability",
    "training": "non_mandatory_training",
}
for _event, _dates in (
    ("disciplinary", CASE_DATES),
    ("capability", CASE_DATES),
    ("training", ("date", "course date", "date attended", "attended date", "completion date", "session date",
                  "start date", "event date")),
):  # fmt: skip
    ALIASES[_event] = {
        "ethnicity": ALIASES["workforce"]["ethnicity"],
        "disability": DISABILITY_HEADERS,
        "person_id": PERSON_IDS,
        "year": (*COMMON["year"], *_dates),
    }
ALIASES["capability"]["capability_reason"] = (
    "reason",
    "capability reason",
    "capability grounds",
    "grounds",
    "capability type",
    "case type",
)
ALIASES["training"]["mandatory"] = (
    "mandatory",
    "is mandatory",
    "mandatory training",
    "statutory mandatory",
    "statutory and mandatory",
    "stat mand",
)
REQUIRED = {
    "workforce": ("ethnicity",),
    "recruitment": ("ethnicity", "appointed"),
    "board": ("ethnicity", "voting", "executive"),
    "survey": ("ethnicity",),
    **{event: ("ethnicity",) for event in EVENT_DATASETS},  # or another group column, or a person ID
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
    "mandatory",
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


def known_columns(dataset: str, config: Config, extra: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
    """Canonical column -> its known header spellings, for one dataset."""
    spellings = {**COMMON, **ALIASES[dataset], **{e: (e,) for e in extra}}
    if config.characteristic:  # the column compared by --characteristic
        spellings["characteristic"] = (config.characteristic,)
    return spellings


def _close(word: str, options: Sequence[str]) -> str:
    """ " (did you mean 'X'?)" for the closest of ``options``, compared as headers are; else ""."""
    keys = {header_key(o): o for o in options}
    close = difflib.get_close_matches(header_key(word), list(keys), n=1, cutoff=0.6)
    return f" (did you mean {keys[close[0]]!r}?)" if close else ""


def resolve_columns(
    headers: Sequence[str],
    dataset: str,
    config: Config,
    path: Path,
    extra: Sequence[str] = (),
    sink: ProblemSink | None = None,
    ambiguous: list[str] | None = None,
) -> dict[str, str]:
    """Map canonical names to the file's headers (configuration first, then known spellings).

    A configured name that is not a column wres reads, or a configured header the file lacks, is a problem;
    so are two headers that both match one canonical column's spellings (which one holds the data is for the
    configuration to say). When ``sink`` collects problems, such a column is left unmapped.
    """
    sink = sink or ProblemSink.raising()
    by_key: dict[str, list[str]] = {}
    position: dict[str, int] = {}
    for i, h in enumerate(headers):
        by_key.setdefault(header_key(h), []).append(h)
        position.setdefault(h, i)
    found: dict[str, str] = {}
    spellings = known_columns(dataset, config, extra)
    configured = config.columns.get(dataset, {})
    for canonical, header in configured.items():
        where = at_line(config.source, ("columns", dataset, canonical))
        if canonical not in spellings:
            error = InputError(
                f"{where}: columns.{dataset}.{canonical} is not a column wres reads in the {dataset} file"
                f"{_close(canonical, list(spellings))}; {dataset} columns: {', '.join(spellings)}"
            )
            sink.fail(Problem("configured", canonical, error))
            continue
        if header in headers or header_key(header) in by_key:
            found[canonical] = header if header in headers else by_key[header_key(header)][0]
            continue
        error = InputError(
            f"{path}: column {header!r} (configured as columns.{dataset}.{canonical} in {where}) "
            f"is not in the file{_close(header, headers)}; columns found: {', '.join(map(str, headers))}"
        )
        sink.fail(Problem("configured", canonical, error))
    for canonical, names in spellings.items():
        if canonical in configured:
            continue
        matching = list(
            dict.fromkeys(h for name in (canonical, *names) for h in by_key.get(header_key(name), ()))
        )
        matching.sort(key=position.__getitem__)  # as the file orders them
        if len(matching) > 1:
            error = InputError(
                f"{path} line 1: columns {' and '.join(map(repr, matching))} both look like the {canonical!r} "
                f"column; say which one holds it in wres.yaml, e.g. columns: {{{dataset}: {{{canonical}: "
                f"{matching[0]!r}}}}}"
            )
            sink.fail(Problem("ambiguous", canonical, error, tuple(matching)))
            if ambiguous is not None:
                ambiguous.append(canonical)
            continue
        if matching:
            found[canonical] = matching[0]
    return found


def missing_column_error(path: Path, dataset: str, canonical: str, headers: Sequence[str]) -> InputError:
    """'missing required column' with the columns found and the closest one suggested."""
    close = difflib.get_close_matches(canonical, [str(h) for h in headers], n=1, cutoff=0.4)
    hint = f"did you mean {close[0]!r}? " if close else ""
    also = ""
    if dataset in EVENT_DATASETS:
        also = " (or another group column such as disability, or a person ID found in the workforce file)"
    return InputError(
        f"{path}: required column {canonical!r}{also} is missing; columns found: "
        f"{', '.join(map(str, headers))}. {hint}Rename it, or map it in wres.yaml under "
        f"columns.{dataset}.{canonical}; {layout_hint(path)}"
    )


@dataclass(frozen=True)
class Layout:
    """What the header row of one file says: which header holds each canonical column, and so its form."""

    dataset: str
    path: Path
    headers: tuple[str, ...]
    columns: dict[str, str]  # canonical -> header as written in the file
    ambiguous: tuple[str, ...] = ()  # canonical columns two headers matched (already reported)

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
        stand_in = set(GROUP_COLUMNS) | ({"person_id"} if self.dataset in EVENT_DATASETS else set())
        return [
            canonical
            for canonical in REQUIRED[self.dataset]
            if canonical not in self.columns
            and canonical not in self.ambiguous
            and not (canonical == "ethnicity" and self.columns.keys() & stand_in)
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
    ambiguous: list[str] = []
    columns = resolve_columns(
        headers, dataset, config, path, survey_columns(dataset, config), sink, ambiguous
    )
    return Layout(dataset, path, tuple(headers), columns, tuple(ambiguous))


class ColumnPicker:
    """The ``select`` callback of read_table: works out the file's Layout from its header row (kept in
    ``layout`` even when reading fails afterwards) and asks for the columns it uses.

    Person IDs are read from the workforce (one row per person and year) and event files (a case's person is
    looked up in the workforce); checking (`wres validate`) reads them everywhere, and at least one column, so
    that the rows of a file with no known column are still counted and checked.
    """

    def __init__(
        self, dataset: str, config: Config, path: Path, sink: ProblemSink, *, checking: bool = False
    ):
        self.dataset, self.config, self.path, self.sink, self.checking = dataset, config, path, sink, checking
        self.layout: Layout | None = None

    def __call__(self, headers: Sequence[str]) -> list[str]:
        self.layout = layout_of(headers, self.dataset, self.config, self.path, self.sink)
        reads_ids = self.checking or self.dataset == "workforce" or self.dataset in EVENT_DATASETS
        skip = () if reads_ids else ("person_id",)
        wanted = [h for canonical, h in self.layout.columns.items() if canonical not in skip]
        wanted = list(dict.fromkeys(wanted))
        if self.checking and not wanted:
            return list(headers[:1])
        return wanted

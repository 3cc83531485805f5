"""`wres init`: a commented starter wres.yaml built from the input files' headers and values.

Every value taken from a file (a header, an unrecognised value) is written by the YAML library, so whatever it
contains (quotes, backslashes, colons, '#', leading spaces, any script) reads back unchanged; only the comments
are written as text. The files are all read before anything is written, and the file is written atomically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wres_cli.core.config import DEFAULT_SURVEY_QUESTIONS, Config
from wres_cli.core.errors import OutputError
from wres_cli.outputs.atomic import check_destination, write_text

# the value mappings init fills in
VALUE_KEYS = ("ethnicity", "bands", "staff_groups", "medical_grades", "assignment_categories")
EXAMPLES = {
    "ethnicity": "BME",
    "bands": "Band 8a",
    "staff_groups": "Clinical non-medical",
    "medical_grades": "Consultants",
    "assignment_categories": "Bank",
}


@dataclass
class Found:
    """What the files showed: per dataset its path, the headers matched and the columns not found; per value
    mapping, the values the built-in rules could not place."""

    paths: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # dataset -> canonical -> header
    missing: dict[str, list[tuple[str, bool]]] = field(
        default_factory=dict
    )  # dataset -> (canonical, required)
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # configuration key -> raw values
    ambiguous: dict[str, dict[str, list[str]]] = field(
        default_factory=dict
    )  # dataset -> canonical -> headers


def write_starter(
    output: Path,
    paths: Mapping[str, Path | None],
    *,
    force: bool = False,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Found:
    """Inspect each file given and write the starter configuration to ``output``; returns what was found.
    ``sheet`` and ``header_row`` say where the header is, as for `wres compute`."""
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; pass --force to overwrite it")
    check_destination(output, paths.values())
    found = inspect(paths, sheet=sheet, header_row=header_row)
    write_text(output, render(found))
    return found


def inspect(
    paths: Mapping[str, Path | None], *, sheet: str | None = None, header_row: int | None = None
) -> Found:
    """Read each file's headers and its mapped columns' values (every file before anything is written).

    A file in which no column is one wres reads is refused, naming the workbook's other sheets (the first is
    often a cover sheet) and --header-row (report parameters above the header); two headers that both look like
    one column are written with the first chosen and the other named, for the user to check."""
    from wres_cli.core.errors import InputError
    from wres_cli.inputs import categories
    from wres_cli.inputs.columns import ALIASES, COMMON, REQUIRED, resolve_columns
    from wres_cli.inputs.dataset import ProblemSink
    from wres_cli.inputs.ethnicity import ethnic_group
    from wres_cli.inputs.hints import layout_hint
    from wres_cli.inputs.read import read_table

    mappers = {  # canonical column -> (mapper, configuration key)
        "ethnicity": (ethnic_group, "ethnicity"),
        "pay_band": (categories.pay_band, "bands"),
        "staff_group": (categories.staff_category, "staff_groups"),
        "grade": (categories.medical_subgroup, "medical_grades"),
        "assignment_category": (categories.assignment_group, "assignment_categories"),
    }
    config, out = Config(), Found()
    unmapped: dict[str, set[str]] = {}
    for dataset, path in paths.items():
        if path is None:
            continue
        path = Path(path)
        extra = [q for qs in DEFAULT_SURVEY_QUESTIONS.values() for q in qs] if dataset == "survey" else []
        table = read_table(path, select=list, sheet=sheet, header_row=header_row)
        sink = ProblemSink.collecting()
        columns = resolve_columns(table.headers, dataset, config, path, extra, sink)
        for problem in sink.take():  # two headers for one column: the first is written, the other named
            if problem.kind == "ambiguous":
                out.ambiguous.setdefault(dataset, {})[problem.column] = list(problem.values)
                columns[problem.column] = problem.values[0]
        if not columns:
            found = ", ".join(map(repr, table.headers[:8])) + (", ..." if len(table.headers) > 8 else "")
            raise InputError(
                f"{path}: no column of the header found (line {table.first_line - 1}: {found}) is one wres "
                f"reads for the {dataset} file; {layout_hint(path, sheet, header_row)}"
            )
        canonical = [*ALIASES[dataset], *COMMON]
        out.paths[dataset] = str(path)
        out.columns[dataset] = {c: columns[c] for c in canonical if c in columns}
        out.missing[dataset] = [(c, c in REQUIRED[dataset]) for c in canonical if c not in columns]
        for column, (mapper, key) in mappers.items():
            if column in columns:
                unmapped.setdefault(key, set()).update(mapper(table.frame[columns[column]]).unmapped)
    out.unmapped = {key: sorted(values) for key, values in unmapped.items() if values}
    return out


def render(found: Found) -> str:
    """The starter configuration as YAML text: values dumped by the YAML library, comments between them."""
    defaults = Config()
    parts = [
        _comment("wres-cli configuration: every key is optional; delete what you do not need."),
        _comment(
            "Reporting year (year of the 31 March snapshot); default: the latest year in the workforce file."
        ),
        _comment("reporting_year: 2026"),
        _comment("Indicator 3 method: pooled-2y | 1y | mean-of-ratios"),
        _dump({"indicator_3_method": defaults.indicator_3_method}),
        _comment("Confidence level of every interval"),
        _dump({"confidence": defaults.confidence}),
        _comment("Small-number suppression: e.g. 10 publishes counts 1-9 as <10"),
        _dump({"suppress": defaults.suppress}),
        "",
        _columns(found),
    ]
    for key in VALUE_KEYS:
        parts += ["", _values(key, found.unmapped.get(key, []))]
    parts += [
        "",
        _comment("Survey question columns per indicator (2021-2023 surveys)"),
        _dump({"survey_questions": {k: list(v) for k, v in DEFAULT_SURVEY_QUESTIONS.items()}}, flow=None),
    ]
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def _columns(found: Found) -> str:
    lines = [
        _comment(
            "The header of each column in your files, found from their names; correct any that is wrong."
        ),
        "columns:",
    ]
    for dataset, headers in found.columns.items():
        lines.append(_comment(f"{dataset}: {found.paths[dataset]}", indent=2))
        lines.append(f"  {dataset}:")
        if headers:
            lines.append(_indent(_dump(headers), 4))
        for canonical, both in found.ambiguous.get(dataset, {}).items():
            others = " and ".join(repr(h) for h in both[1:])
            lines.append(
                _comment(
                    f"{canonical}: {others} also look(s) like this column; keep the one that holds it", 4
                )
            )
        for canonical, required in found.missing.get(dataset, []):
            lines.append(_comment(f"{canonical}: ''   # not found" + (" (required)" if required else ""), 4))
    return "\n".join(line.rstrip("\n") for line in lines)


def _values(key: str, values: Sequence[str]) -> str:
    if values:
        return "\n".join(
            [
                _comment(
                    f"Values the defaults could not map: give each its group (e.g. {EXAMPLES[key]}); while one is "
                    "left empty, `wres compute` refuses the files and `wres validate` names its line"
                ),
                _dump({key: dict.fromkeys(values, "")}),
            ]
        )
    return "\n".join(
        [
            _comment(
                f"The defaults recognised every value; to map a local spelling, e.g. to {EXAMPLES[key]}:"
            ),
            _comment(f"{key}:"),
            _comment(f"  local spelling: {EXAMPLES[key]}"),
        ]
    )


def _dump(data: Mapping[str, Any], *, flow: bool | None = False) -> str:
    """``data`` as block YAML, one entry per line (never folded), keys in the order given."""
    import yaml

    return yaml.dump(
        dict(data),
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=flow,
        width=float("inf"),
    )


def _dumper():
    """A SafeDumper that double-quotes (and so escapes) any text holding a line break, tab or other character
    that is not printable: left to itself, the emitter would write some of them raw and read back another value."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        style = None if value.isprintable() else '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.rstrip("\n").split("\n"))


def _comment(text: str, indent: int = 0) -> str:
    """A YAML comment; a line break in ``text`` (e.g. in a file name) cannot end the comment early."""
    flat = "".join(c if c.isprintable() else " " for c in text)
    return " " * indent + "# " + flat

"""`wres init`: a commented starter wres.yaml built from the input files' headers and values."""

from __future__ import annotations

from pathlib import Path

from wres_cli.core.config import DEFAULT_SURVEY_QUESTIONS, Config
from wres_cli.core.errors import OutputError
from wres_cli.inputs import categories as groups
from wres_cli.inputs.dataset import ALIASES, COMMON, REQUIRED, resolve_columns
from wres_cli.inputs.read import read_table
from wres_cli.outputs.atomic import write_text

VALUE_CHECKS = {  # canonical column -> (mapper, configuration key)
    "ethnicity": (lambda s: groups.ethnic_group(s), "ethnicity"),
    "pay_band": (lambda s: groups.pay_band(s), "bands"),
    "staff_group": (lambda s: groups.staff_category(s), "staff_groups"),
    "grade": (lambda s: groups.medical_subgroup(s), "medical_grades"),
}


def write_starter(output: Path, paths: dict[str, Path | None], *, force: bool = False) -> None:
    """Inspect each file and write the starter configuration."""
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; pass --force to overwrite it")
    config = Config()
    lines = [
        "# wres-cli configuration: every key is optional; delete what you do not need.",
        "# Reporting year (year of the 31 March snapshot); default: the latest year in the workforce file.",
        "# reporting_year: 2026",
        "indicator_3_method: pooled-2y   # pooled-2y | 1y | mean-of-ratios",
        "confidence: 0.95",
        "suppress: 0                    # e.g. 10 publishes counts 1-9 as <10",
        "",
        "columns:",
    ]
    unmapped: dict[str, set[str]] = {}
    for dataset, path in paths.items():
        if path is None:
            continue
        extra = [q for qs in DEFAULT_SURVEY_QUESTIONS.values() for q in qs] if dataset == "survey" else []
        table = read_table(Path(path), select=lambda headers: list(headers))
        found = resolve_columns(table.headers, dataset, config, Path(path), extra)
        lines.append(f"  {dataset}:   # {path}")
        for canonical in [*ALIASES[dataset], *COMMON]:
            if canonical in found:
                lines.append(f"    {canonical}: {found[canonical]!r}")
            else:
                need = " (required)" if canonical in REQUIRED[dataset] else ""
                lines.append(f"    # {canonical}: ''   # not found{need}")
        for canonical, (mapper, key) in VALUE_CHECKS.items():
            if canonical in found:
                result = mapper(table.frame[found[canonical]])
                unmapped.setdefault(key, set()).update(result.unmapped)
    for key in ("ethnicity", "bands", "staff_groups", "medical_grades"):
        values = sorted(unmapped.get(key, ()))
        lines += [
            "",
            f"{key}:"
            + (
                "   # values the defaults could not map: fill in each"
                if values
                else "   # the defaults recognised every value; add overrides here"
            ),
        ]
        lines += [f"  {v!r}: ''" for v in values] or [f"  # 'local spelling': {_example(key)}"]
    lines += ["", "survey_questions:   # survey question columns per indicator (2021-2023 surveys)"]
    lines += [f"  '{k}': [{', '.join(v)}]" for k, v in DEFAULT_SURVEY_QUESTIONS.items()]
    write_text(output, "\n".join(lines) + "\n")


def _example(key: str) -> str:
    return {
        "ethnicity": "BME",
        "bands": "Band 8a",
        "staff_groups": "Clinical non-medical",
        "medical_grades": "Consultants",
    }[key]

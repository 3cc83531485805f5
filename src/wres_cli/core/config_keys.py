"""The configuration keys: one table entry per key of wres.yaml, naming how its YAML value is parsed and which
values it allows.

A key is added in one place (``KEYS``, plus its field on ``Config``); reading a file and applying
command-line options both check values through the same entries, so a value is refused with the same message
wherever it comes from.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from wres_cli.core.errors import ConfigError

DATASETS = ("workforce", "recruitment", "board", "survey", "disciplinary", "capability", "training")
METHODS = ("pooled-2y", "1y", "mean-of-ratios")
ZERO_CELLS = ("none", "haldane")
GROUPINGS = ("broad", "detailed")  # --groups: White / BME / Unknown, or also each census group behind BME
OVERDISPERSION = ("none", "multiplicative", "additive")  # funnel plots: how limits allow for real spread

DEFAULT_SURVEY_QUESTIONS = {"5": ("Q14a",), "6": ("Q14b", "Q14c"), "7": ("Q15",), "8": ("Q16b",)}
# WDES survey metrics -> NHS Staff Survey question columns (2023 numbering; unconfirmed for other years)
# metric 4 in the official numbering: 4a(i) public, 4a(ii) managers, 4a(iii) other colleagues, 4b reported it
DEFAULT_WDES_QUESTIONS = {
    **{"4a(i)": ("Q14a",), "4a(ii)": ("Q14b",), "4a(iii)": ("Q14c",), "4b": ("Q14d",)},
    **{"5": ("Q15",), "6": ("Q11e",), "7": ("Q4b",), "8": ("Q31b",)},
}
# Social Care WRES survey metrics -> question columns of the council's own staff survey (configurable)
DEFAULT_SC_QUESTIONS = {"6": ("Q14a",), "7a": ("Q14c",), "7b": ("Q14b",)}

WDES_METRIC_4 = (
    "WDES metric 4 parts are 4a(i) harassment from patients or the public, 4a(ii) from managers, "
    "4a(iii) from other colleagues and 4b reported it"
)
SURVEY_ANSWERS = ("yes", "no", "not counted")  # what survey_answers may map an answer to
SALARY_BANDS = (
    30_000.0,
    70_000.0,
)  # Skills for Care's 2024 salary bands: < £30,000; £30,000-£69,999; £70,000+


def metric_id(text: object) -> str:
    """A survey metric as the frameworks number it: 'Metric 4a (ii)', '4aii' and '4A(II)' are '4a(ii)'."""
    import re

    value = re.sub(r"^(?:indicator|metric)\s*", "", " ".join(str(text).split()).casefold())
    match = re.fullmatch(r"(\d+)\s*([a-z]?)\s*\(?\s*(i{1,3})?\s*\)?", value)
    if not match:
        return value
    number, letter, roman = match.groups()
    return f"{number}{letter}" + (f"({roman})" if roman else "")


Parser = Callable[[Any, str, str], Any]  # (YAML value, key, where) -> the value Config holds
Problem = Callable[[Any, Any], str | None]  # (value, whole Config) -> what is wrong with it, or None


@dataclass(frozen=True)
class Characteristic:
    """Groups of one characteristic column (raw value -> group) and the group every other is compared with."""

    reference: str
    groups: Mapping[str, str] = field(default_factory=dict)

    @property
    def order(self) -> tuple[str, ...]:
        """The groups in the order the configuration lists them (the reference group if none are listed)."""
        return tuple(dict.fromkeys(self.groups.values())) or (self.reference,)


@dataclass(frozen=True)
class Thresholds:
    """Data-quality warning thresholds used by `wres validate`."""

    unknown_share: float = 0.10
    small_group: int = 10
    headcount_change: float = 0.25
    min_year: int = 2000
    max_year: int = 2100


def suggest(key: Any, known: set[str] | tuple[str, ...]) -> str:
    """'; did you mean …?' for a mistyped key, else the list of known keys."""
    close = difflib.get_close_matches(str(key), sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(known))}"


def parse_band(text: str, where: str = "--band") -> tuple[float, float]:
    """'0.8:1.25' -> (0.8, 1.25)."""
    try:
        low, high = (float(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(f"{where}: {text!r} is not a band; write it as LOW:HIGH, e.g. 0.8:1.25") from None
    if not 0 < low < 1 < high:
        raise ConfigError(f"{where}: band {text!r} must satisfy 0 < LOW < 1 < HIGH, e.g. 0.8:1.25")
    return (low, high)


# ------------------------------------------------------------------------------------------ value parsers


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _typed(value: Any, kind: type, key: str, where: str) -> Any:
    """``value`` if it is a ``kind`` (an int is accepted as a float; a bool is never an int)."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        shown = repr(value) if _scalar(value) or value is None or isinstance(value, float) else "..."
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ConfigError(f"{where}: {key} must be {kind.__name__}, not {type(value).__name__} ({shown})")
    return value


def text(value: Any, key: str, where: str) -> str:
    return str(_typed(value, str, key, where))


def whole(value: Any, key: str, where: str) -> int:
    return _typed(value, int, key, where)


def number(value: Any, key: str, where: str) -> float:
    return _typed(value, float, key, where)


def flag(value: Any, key: str, where: str) -> bool:
    return _typed(value, bool, key, where)


def band(value: Any, key: str, where: str) -> tuple[float, float]:
    return parse_band(value, f"{where}: {key}")


def optional(parse: Parser) -> Parser:
    """``parse``, except that an empty value (``key:`` or ``key: null``) means 'not set'."""

    def parse_or_none(value: Any, key: str, where: str) -> Any:
        return None if value is None else parse(value, key, where)

    return parse_or_none


def single(value: Any, key: str, where: str) -> str | None:
    """One text or number value (a column or grade name), or nothing."""
    if value is not None and not _scalar(value):
        raise ConfigError(f"{where}: {key} must be a single value, not {type(value).__name__}")
    return None if value is None else str(value)


def mapping_of_text(value: Any, key: str, where: str) -> dict[str, str]:
    """A mapping of raw value -> text (e.g. a local ethnicity spelling -> its group)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping (key: value), not {type(value).__name__}")
    out = {}
    for k, v in value.items():
        if isinstance(v, dict | list) or v is None:
            raise ConfigError(f"{where}: {key}.{k} must be a single text value")
        out[str(k)] = str(v)
    return out


def list_of_text(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(_scalar(v) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of values, lowest first, e.g. [Grade 1, Grade 2]")
    return tuple(str(v) for v in value)


def columns(value: Any, key: str, where: str) -> dict[str, dict[str, str]]:
    """Dataset -> (canonical column -> the header in the file)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must map a dataset ({', '.join(DATASETS)}) to its column names")
    out = {}
    for dataset, mapping in value.items():
        if dataset not in DATASETS:
            raise ConfigError(f"{where}: {key}.{dataset} is not a dataset{suggest(dataset, DATASETS)}")
        out[dataset] = mapping_of_text(mapping, f"{key}.{dataset}", where)
    return out


SOURCE_KEYS = ("url", "table", "query", "years")


def sources(value: Any, key: str, where: str) -> dict[str, Any]:
    """Dataset -> its table or query in a database: 'URL#TABLE', or {url, table | query, years}."""
    example = "e.g. workforce: {url: 'sqlite:///esr.db', table: staff_in_post}"
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: {key} must map a dataset ({', '.join(DATASETS)}) to a database source, {example}"
        )
    out: dict[str, Any] = {}
    for dataset, spec in value.items():
        name = f"{key}.{dataset}"
        if dataset not in DATASETS:
            raise ConfigError(f"{where}: {name} is not a dataset{suggest(dataset, DATASETS)}")
        if isinstance(spec, str):
            if "://" not in spec or "#" not in spec:
                raise ConfigError(
                    f"{where}: {name} must be a database table as URL#TABLE or {{url: ..., table: ...}}; "
                    "input files are given on the command line"
                )
            out[dataset] = spec
            continue
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: {name} must be {{url: ..., table: ...}} or {{url: ..., query: ...}}")
        out[dataset] = _source(spec, name, where)
    return out


def _source(spec: dict, name: str, where: str) -> dict[str, Any]:
    for item in spec:
        if item not in SOURCE_KEYS:
            raise ConfigError(f"{where}: unknown key {name}.{item}{suggest(item, SOURCE_KEYS)}")
    url = spec.get("url")
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(
            f"{where}: {name}.url must be a database URL, e.g. sqlite:///esr.db or postgresql://host/db"
        )
    if (spec.get("table") is None) == (spec.get("query") is None):
        raise ConfigError(
            f"{where}: {name} needs either table (a table or view) or query (one SELECT), not both"
        )
    for item in ("table", "query"):
        if spec.get(item) is not None and not isinstance(spec[item], str):
            raise ConfigError(f"{where}: {name}.{item} must be text")
    years = spec.get("years")
    if isinstance(years, int) and not isinstance(years, bool):
        years = [years]
    if years is not None and (
        not isinstance(years, list) or not years or not all(type(y) is int for y in years)
    ):
        raise ConfigError(f"{where}: {name}.years must be a list of reporting years, e.g. [2025, 2026]")
    return {k: (years if k == "years" else v) for k, v in spec.items() if v is not None}


def _question_list(questions: Any) -> tuple[str, ...] | None:
    """One question column or a non-empty list of them, as a tuple; None when it is neither."""
    if isinstance(questions, str):
        questions = [questions]
    if not isinstance(questions, list) or not questions or not all(isinstance(q, str) for q in questions):
        return None
    return tuple(questions)


def survey_questions(value: Any, key: str, where: str) -> dict[str, tuple[str, ...]]:
    """NHS WRES indicator (5-8) -> the survey question columns it counts; unlisted indicators keep defaults."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must map an indicator (5-8) to question columns")
    out = dict(DEFAULT_SURVEY_QUESTIONS)
    for indicator, questions in value.items():
        if str(indicator) not in DEFAULT_SURVEY_QUESTIONS:
            raise ConfigError(
                f"{where}: {key}.{indicator}: only indicators 5, 6, 7 and 8 come from the survey"
            )
        parsed = _question_list(questions)
        if parsed is None:
            raise ConfigError(f"{where}: {key}.{indicator} must be a question column or a list of them")
        out[str(indicator)] = parsed
    return out


def metric_questions(defaults: Mapping[str, tuple[str, ...]]) -> Parser:
    """Survey metric -> question columns for a framework whose metrics (and defaults) are ``defaults``."""

    def parse(value: Any, key: str, where: str) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            raise ConfigError(
                f"{where}: {key} must map a survey metric ({', '.join(defaults)}) to question columns"
            )
        out = dict(defaults)
        for metric, questions in value.items():
            metric = metric_id(metric) if metric_id(metric) in defaults else metric
            if str(metric) not in defaults:
                why = f"; {WDES_METRIC_4}" if str(metric).startswith("4") and "4b" in defaults else ""
                raise ConfigError(f"{where}: {key}.{metric}: survey metrics are {', '.join(defaults)}{why}")
            parsed = _question_list(questions)
            if parsed is None:
                raise ConfigError(f"{where}: {key}.{metric} must be a question column or a list")
            out[str(metric)] = parsed
        return out

    return parse


def thresholds(value: Any, key: str, where: str) -> Thresholds:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping")
    known = {f.name: f.type for f in fields(Thresholds)}
    kwargs = {}
    for name, item in value.items():
        if name not in known:
            raise ConfigError(f"{where}: unknown key {key}.{name}{suggest(name, set(known))}")
        kind = float if known[name] == "float" else int
        kwargs[name] = _typed(item, kind, f"{key}.{name}", where)
    return Thresholds(**kwargs)


def characteristics(value: Any, key: str, where: str) -> dict[str, Characteristic]:
    """Column -> its groups and reference group, for `--characteristic COLUMN`."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must map a column name to {{reference: ..., groups: ...}}")
    out = {}
    for column, spec in value.items():
        name = f"{key}.{column}"
        if not isinstance(spec, dict) or "reference" not in spec:
            raise ConfigError(
                f"{where}: {name} needs a reference group (reference: GROUP) and optionally groups"
            )
        unknown = set(spec) - {"reference", "groups"}
        if unknown:
            raise ConfigError(f"{where}: unknown key {name}.{sorted(unknown)[0]}; known: groups, reference")
        groups = mapping_of_text(spec.get("groups"), f"{name}.groups", where)
        reference = str(spec["reference"])
        if groups and reference not in groups.values():
            raise ConfigError(
                f"{where}: {name}.reference {reference!r} is not one of its groups "
                f"({', '.join(dict.fromkeys(groups.values()))})"
            )
        out[str(column)] = Characteristic(reference, groups)
    return out


def survey_answers(value: Any, key: str, where: str) -> dict[str, str]:
    """Survey answer -> yes, no or 'not counted' (as a question not answered); YAML reads a bare yes / no as
    true / false, which mean the same here."""
    if isinstance(value, dict):
        value = {
            k: {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v for k, v in value.items()
        }
    out = mapping_of_text(value, key, where)
    for answer, meaning in out.items():
        if meaning.strip().casefold() not in SURVEY_ANSWERS and meaning.strip():
            raise ConfigError(
                f"{where}: {key}.{answer}: {meaning!r} is not one of yes, no, not counted "
                "(yes counts the respondent as experiencing it / agreeing; not counted leaves them out)"
            )
    return out


def salary_bands(value: Any, key: str, where: str) -> tuple[float, ...]:
    """The lower bounds of the salary bands above the first, in pounds, lowest first."""
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        raise ConfigError(
            f"{where}: {key} must be a list of salaries in pounds where a band starts, lowest first, "
            "e.g. [30000, 70000]"
        )
    bounds = tuple(float(v) for v in value)
    if list(bounds) != sorted(set(bounds)):
        raise ConfigError(f"{where}: {key} must rise from lowest to highest, e.g. [30000, 70000]")
    return bounds


# ------------------------------------------------------------------------------------------ value checks


def _allowed(value: Any, config: Any) -> None:
    """For keys whose parser already refuses every value it cannot use."""
    return None


def one_of(key: str, allowed: tuple[str, ...]) -> Problem:
    def problem(value: Any, config: Any) -> str | None:
        if value in allowed:
            return None
        return f"{key} must be one of {', '.join(allowed)}, not {value!r}"

    return problem


def _census_targets(value: dict[str, str], config: Any) -> str | None:
    from wres_cli.core.groups import CENSUS_GROUPS

    allowed = {g.casefold(): g for g in CENSUS_GROUPS}
    wrong = {raw: target for raw, target in value.items() if target.strip().casefold() not in allowed}
    if not wrong:
        return None
    shown = ", ".join(f"{raw!r}: {target!r}" for raw, target in wrong.items())
    return f"ethnic_groups maps values to one of {', '.join(CENSUS_GROUPS)}, not {shown}"


def _confidence(value: float, config: Any) -> str | None:
    return None if 0.5 <= value < 1 else f"confidence must be between 0.5 and 1 (e.g. 0.95), not {value}"


def _suppress(value: int, config: Any) -> str | None:
    if 0 <= value <= 1000:
        return None
    return f"suppress must be 0 (off) or a whole number up to 1000 (e.g. 10), not {value}"


def _gypsy_traveller(value: str, config: Any) -> str | None:
    return None if value in ("White", "BME") else f"gypsy_traveller must be White or BME, not {value!r}"


def _percentage(value: float | None, config: Any) -> str | None:
    if value is None or 0 <= value <= 100:
        return None
    return f"local_population_bme is a percentage (0-100), not {value}"


def _senior_grade(value: str | None, config: Any) -> str | None:
    if value is None or not config.grade_order or value in config.grade_order:
        return None
    return f"senior_grade {value!r} is not in grade_order"


def _characteristic(value: str | None, config: Any) -> str | None:
    if value is None or value in config.characteristics:
        return None
    return (
        f"characteristic {value!r} has no groups in the configuration; add 'characteristics: "
        f"{{{value}: {{reference: GROUP, groups: {{RAW VALUE: GROUP, ...}}}}}}' to wres.yaml"
    )


PUBLIC_DATASETS = ("board",)  # datasets published anyway (every trust publishes its board): never suppressed


def public_datasets(value: Any, key: str, where: str) -> tuple[str, ...]:
    """``public: [board]``: the datasets whose counts are published whatever their size."""
    items = value if isinstance(value, list) else [value]
    names = tuple(str(v).strip().casefold() for v in items)
    wrong = [n for n, v in zip(names, items, strict=True) if not _scalar(v) or n not in PUBLIC_DATASETS]
    if wrong:
        close = difflib.get_close_matches(wrong[0], PUBLIC_DATASETS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"{where}: {key} may list {', '.join(PUBLIC_DATASETS)} (board composition is published by every trust; "
            f"the other datasets' counts are not public), not {wrong[0]!r}{hint}"
        )
    return names


def _offset(value: int | None, config: Any) -> str | None:
    if value is None or 0 <= value <= 5:
        return None
    return (
        f"survey_year_offset is how many years the survey comes before the reporting year (0-5), not {value}"
    )


# ------------------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Key:
    """One configuration key: how its YAML value is parsed, and what is wrong with a value (None if fine)."""

    parse: Parser
    problem: Problem = _allowed


KEYS: dict[str, Key] = {
    "reporting_year": Key(optional(whole)),
    "indicator_3_method": Key(text, one_of("indicator_3_method", METHODS)),
    "zero_cells": Key(text, one_of("zero_cells", ZERO_CELLS)),
    "confidence": Key(number, _confidence),
    "suppress": Key(whole, _suppress),
    "suppress_zeros": Key(flag),
    "suppress_ratios": Key(flag),
    "public": Key(public_datasets),
    "band": Key(optional(band)),
    "funnel_overdispersion": Key(text, one_of("funnel_overdispersion", OVERDISPERSION)),
    "columns": Key(columns),
    "ethnicity": Key(mapping_of_text),
    "gypsy_traveller": Key(text, _gypsy_traveller),
    "groups": Key(text, one_of("groups", GROUPINGS)),
    "ethnic_groups": Key(mapping_of_text, _census_targets),
    "bands": Key(mapping_of_text),
    "staff_groups": Key(mapping_of_text),
    "medical_grades": Key(mapping_of_text),
    "survey_questions": Key(survey_questions),
    "thresholds": Key(thresholds),
    "grade_order": Key(list_of_text),
    "local_population_bme": Key(optional(number), _percentage),
    "senior_grade": Key(single, _senior_grade),
    "disability": Key(mapping_of_text),
    "characteristic": Key(single, _characteristic),
    "characteristics": Key(characteristics),
    "wdes_survey_questions": Key(metric_questions(DEFAULT_WDES_QUESTIONS)),
    "wdes_engagement_column": Key(single),
    "sc_survey_questions": Key(metric_questions(DEFAULT_SC_QUESTIONS)),
    "sources": Key(sources),
    "assignment_categories": Key(mapping_of_text),
    "capability_reasons": Key(mapping_of_text),
    "survey_answers": Key(survey_answers),
    "survey_year_offset": Key(optional(whole), _offset),
    "salary_bands": Key(salary_bands),
}

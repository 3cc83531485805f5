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

DATASETS = ("workforce", "recruitment", "board", "survey")
METHODS = ("pooled-2y", "1y", "mean-of-ratios")
ZERO_CELLS = ("none", "haldane")

DEFAULT_SURVEY_QUESTIONS = {"5": ("Q14a",), "6": ("Q14b", "Q14c"), "7": ("Q15",), "8": ("Q16b",)}
# WDES survey metrics -> NHS Staff Survey question columns (2023 numbering; unconfirmed for other years)
DEFAULT_WDES_QUESTIONS = {
    "4a": ("Q14a",),
    "4b": ("Q14b",),
    "4c": ("Q14c",),
    "4d": ("Q14d",),
    "5": ("Q15",),
    "6": ("Q11e",),
    "7": ("Q4b",),
    "8": ("Q31b",),
}
# Social Care WRES survey metrics -> question columns of the council's own staff survey (configurable)
DEFAULT_SC_QUESTIONS = {"6": ("Q14a",), "7a": ("Q14c",), "7b": ("Q14b",)}

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
            if str(metric) not in defaults:
                raise ConfigError(f"{where}: {key}.{metric}: survey metrics are {', '.join(defaults)}")
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
    "band": Key(optional(band)),
    "columns": Key(columns),
    "ethnicity": Key(mapping_of_text),
    "gypsy_traveller": Key(text, _gypsy_traveller),
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
}

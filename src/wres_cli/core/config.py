"""Configuration: YAML (safe_load only) -> a frozen Config, with errors naming the file and key."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from wres_cli.core.errors import ConfigError

DATASETS = ("workforce", "recruitment", "board", "survey")
METHODS = ("pooled-2y", "1y", "mean-of-ratios")
ZERO_CELLS = ("none", "haldane")
MAX_CONFIG_BYTES = 1_000_000
MAX_ALIASES = 200
MAX_NODES = 100_000  # values a configuration may stand for once its aliases are expanded

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


@dataclass(frozen=True)
class Config:
    """Everything that changes how inputs are read and indicators are computed."""

    reporting_year: int | None = None
    indicator_3_method: str = "pooled-2y"
    confidence: float = 0.95
    zero_cells: str = "none"
    suppress: int = 0
    suppress_zeros: bool = False
    suppress_ratios: bool = False
    band: tuple[float, float] | None = None
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    ethnicity: Mapping[str, str] = field(default_factory=dict)
    gypsy_traveller: str = "White"
    bands: Mapping[str, str] = field(default_factory=dict)
    staff_groups: Mapping[str, str] = field(default_factory=dict)
    medical_grades: Mapping[str, str] = field(default_factory=dict)
    survey_questions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_SURVEY_QUESTIONS)
    )
    thresholds: Thresholds = field(default_factory=Thresholds)
    grade_order: tuple[str, ...] = ()  # council pay grades, lowest first (default: natural order)
    senior_grade: str | None = None  # the lowest grade counted as senior management (sc-wres metric 9)
    local_population_bme: float | None = None  # % minority ethnic in the local population (sc-wres metric 9)
    disability: Mapping[str, str] = field(default_factory=dict)  # raw -> Disabled / Non-disabled / Unknown
    characteristic: str | None = None  # the column compared by the characteristic framework
    characteristics: Mapping[str, Characteristic] = field(default_factory=dict)
    wdes_survey_questions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_WDES_QUESTIONS)
    )
    wdes_engagement_column: str | None = "Engagement"  # record-level engagement score (0-10), WDES 9a
    sc_survey_questions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_SC_QUESTIONS)
    )
    source: str = "built-in defaults"

    def with_options(self, **options: Any) -> Config:
        """Return a copy with command-line options applied (None means 'not given')."""
        given = {k: v for k, v in options.items() if v is not None}
        merged = replace(self, **given)
        check(merged, "command line")
        return merged


def parse_band(text: str, where: str = "--band") -> tuple[float, float]:
    """'0.8:1.25' -> (0.8, 1.25)."""
    try:
        low, high = (float(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(f"{where}: {text!r} is not a band; write it as LOW:HIGH, e.g. 0.8:1.25") from None
    if not 0 < low < 1 < high:
        raise ConfigError(f"{where}: band {text!r} must satisfy 0 < LOW < 1 < HIGH, e.g. 0.8:1.25")
    return (low, high)


def check(config: Config, where: str) -> None:
    """Validate value ranges that the types alone do not capture."""
    if config.indicator_3_method not in METHODS:
        raise ConfigError(
            f"{where}: indicator_3_method must be one of {', '.join(METHODS)}, "
            f"not {config.indicator_3_method!r}"
        )
    if config.zero_cells not in ZERO_CELLS:
        raise ConfigError(
            f"{where}: zero_cells must be one of {', '.join(ZERO_CELLS)}, not {config.zero_cells!r}"
        )
    if not 0.5 <= config.confidence < 1:
        raise ConfigError(
            f"{where}: confidence must be between 0.5 and 1 (e.g. 0.95), not {config.confidence}"
        )
    if not 0 <= config.suppress <= 1000:
        raise ConfigError(
            f"{where}: suppress must be 0 (off) or a whole number up to 1000 (e.g. 10), not {config.suppress}"
        )
    if config.gypsy_traveller not in ("White", "BME"):
        raise ConfigError(f"{where}: gypsy_traveller must be White or BME, not {config.gypsy_traveller!r}")
    if config.local_population_bme is not None and not 0 <= config.local_population_bme <= 100:
        raise ConfigError(
            f"{where}: local_population_bme is a percentage (0-100), not {config.local_population_bme}"
        )
    grades = config.grade_order
    if config.senior_grade is not None and grades and config.senior_grade not in grades:
        raise ConfigError(f"{where}: senior_grade {config.senior_grade!r} is not in grade_order")
    if config.characteristic is not None and config.characteristic not in config.characteristics:
        raise ConfigError(
            f"{where}: characteristic {config.characteristic!r} has no groups in the "
            f"configuration; add 'characteristics: {{{config.characteristic}: "
            "{reference: GROUP, groups: {RAW VALUE: GROUP, ...}}}' to wres.yaml"
        )


class _BoundedLoader:
    """A SafeLoader that refuses alias bombs before building any object."""

    @staticmethod
    def make(path: Path):
        import yaml

        class Loader(yaml.SafeLoader):
            aliases = 0

            def compose_node(self, parent, index):
                if self.check_event(yaml.AliasEvent):
                    Loader.aliases += 1
                    if Loader.aliases > MAX_ALIASES:
                        raise ConfigError(
                            f"{path}: more than {MAX_ALIASES} YAML aliases; "
                            "write the configuration out without anchors"
                        )
                return super().compose_node(parent, index)

            def compose_document(self):
                node = super().compose_document()
                if _expanded_size(node, {}) > MAX_NODES:
                    raise ConfigError(
                        f"{path}: the YAML aliases expand to more than {MAX_NODES:,} values (or refer to "
                        "themselves); write the configuration out without anchors"
                    )
                return node

        return Loader


def _expanded_size(node: Any, sizes: dict[int, float]) -> float:
    """How many values a composed YAML node stands for with aliases expanded (inf if it contains itself);
    shared nodes are counted once each, so this takes time linear in the document."""
    import yaml

    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = float("inf")  # reached again while still being counted: a node that contains itself
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    sizes[key] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[key]


def load_config(path: str | Path | None) -> Config:
    """Read wres.yaml; None gives the built-in defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path}: configuration larger than {MAX_CONFIG_BYTES:,} bytes; is this the right file?"
        )
    import yaml

    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_BoundedLoader.make(path))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"{path}: the YAML is nested too deeply to be a wres-cli configuration") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys to values")
    config = from_mapping(data, str(path))
    check(config, str(path))
    return config


_KEYS = {f.name for f in fields(Config)} - {"source"}


def _suggest(key: str, known: set[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(key), sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(known))}"


def _mapping_of_str(value: Any, key: str, where: str) -> dict[str, str]:
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


def _typed(value: Any, kind: type, key: str, where: str) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        shown = repr(value) if _scalar(value) or value is None or isinstance(value, float) else "..."
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ConfigError(f"{where}: {key} must be {kind.__name__}, not {type(value).__name__} ({shown})")
    return value


def from_mapping(data: Mapping[str, Any], where: str) -> Config:
    """Build a Config from a parsed YAML mapping, rejecting unknown keys and wrong types."""
    values: dict[str, Any] = {"source": where}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{_suggest(key, _KEYS)}")
        if key in ("indicator_3_method", "zero_cells", "gypsy_traveller"):
            values[key] = str(_typed(value, str, key, where))
        elif key in ("reporting_year", "suppress"):
            values[key] = (
                None if value is None and key == "reporting_year" else _typed(value, int, key, where)
            )
        elif key == "confidence":
            values[key] = _typed(value, float, key, where)
        elif key in ("suppress_zeros", "suppress_ratios"):
            values[key] = _typed(value, bool, key, where)
        elif key == "band":
            values[key] = None if value is None else parse_band(value, f"{where}: band")
        elif key == "columns":
            values[key] = _columns(value, where)
        elif key in ("ethnicity", "bands", "staff_groups", "medical_grades"):
            values[key] = _mapping_of_str(value, key, where)
        elif key == "survey_questions":
            values[key] = _survey_questions(value, where)
        elif key == "thresholds":
            values[key] = _thresholds(value, where)
        elif key in ("senior_grade", "characteristic", "wdes_engagement_column"):
            if value is not None and not _scalar(value):
                raise ConfigError(f"{where}: {key} must be a single value, not {type(value).__name__}")
            values[key] = None if value is None else str(value)
        elif key == "grade_order":
            values[key] = _list_of_str(value, key, where)
        elif key == "local_population_bme":
            values[key] = None if value is None else _typed(value, float, key, where)
        elif key == "disability":
            values[key] = _mapping_of_str(value, key, where)
        elif key == "characteristics":
            values[key] = _characteristics(value, where)
        elif key == "wdes_survey_questions":
            values[key] = _wdes_questions(value, where)
        elif key == "sc_survey_questions":
            values[key] = _wdes_questions(value, where, DEFAULT_SC_QUESTIONS, key)
    return Config(**values)


def _columns(value: Any, where: str) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: columns must map a dataset ({', '.join(DATASETS)}) to its column names")
    out = {}
    for dataset, mapping in value.items():
        if dataset not in DATASETS:
            raise ConfigError(f"{where}: columns.{dataset} is not a dataset{_suggest(dataset, DATASETS)}")
        out[dataset] = _mapping_of_str(mapping, f"columns.{dataset}", where)
    return out


def _survey_questions(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: survey_questions must map an indicator (5-8) to question columns")
    out = dict(DEFAULT_SURVEY_QUESTIONS)
    for indicator, questions in value.items():
        if str(indicator) not in DEFAULT_SURVEY_QUESTIONS:
            raise ConfigError(
                f"{where}: survey_questions.{indicator}: only indicators 5, 6, 7 and 8 come from the survey"
            )
        if isinstance(questions, str):
            questions = [questions]
        if not isinstance(questions, list) or not questions or not all(isinstance(q, str) for q in questions):
            raise ConfigError(
                f"{where}: survey_questions.{indicator} must be a question column or a list of them"
            )
        out[str(indicator)] = tuple(questions)
    return out


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _list_of_str(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(_scalar(v) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of values, lowest first, e.g. [Grade 1, Grade 2]")
    return tuple(str(v) for v in value)


def _characteristics(value: Any, where: str) -> dict[str, Characteristic]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: characteristics must map a column name to {{reference: ..., groups: ...}}"
        )
    out = {}
    for column, spec in value.items():
        key = f"characteristics.{column}"
        if not isinstance(spec, dict) or "reference" not in spec:
            raise ConfigError(
                f"{where}: {key} needs a reference group (reference: GROUP) and optionally groups"
            )
        unknown = set(spec) - {"reference", "groups"}
        if unknown:
            raise ConfigError(f"{where}: unknown key {key}.{sorted(unknown)[0]}; known: groups, reference")
        groups = _mapping_of_str(spec.get("groups"), f"{key}.groups", where)
        reference = str(spec["reference"])
        if groups and reference not in groups.values():
            raise ConfigError(
                f"{where}: {key}.reference {reference!r} is not one of its groups "
                f"({', '.join(dict.fromkeys(groups.values()))})"
            )
        out[str(column)] = Characteristic(reference, groups)
    return out


def _wdes_questions(
    value: Any,
    where: str,
    defaults: Mapping[str, tuple[str, ...]] = DEFAULT_WDES_QUESTIONS,
    key: str = "wdes_survey_questions",
) -> dict[str, tuple[str, ...]]:
    """Survey metric -> question columns for WDES (or, with ``defaults``, the Social Care WRES)."""
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: {key} must map a survey metric ({', '.join(defaults)}) to question columns"
        )
    out = dict(defaults)
    for metric, questions in value.items():
        if str(metric) not in defaults:
            raise ConfigError(f"{where}: {key}.{metric}: survey metrics are {', '.join(defaults)}")
        if isinstance(questions, str):
            questions = [questions]
        if not isinstance(questions, list) or not questions or not all(isinstance(q, str) for q in questions):
            raise ConfigError(f"{where}: {key}.{metric} must be a question column or a list")
        out[str(metric)] = tuple(questions)
    return out


def _thresholds(value: Any, where: str) -> Thresholds:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: thresholds must be a mapping")
    known = {f.name: f.type for f in fields(Thresholds)}
    kwargs = {}
    for key, item in value.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key thresholds.{key}{_suggest(key, set(known))}")
        kind = float if known[key] == "float" else int
        kwargs[key] = _typed(item, kind, f"thresholds.{key}", where)
    return Thresholds(**kwargs)

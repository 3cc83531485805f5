"""Configuration: YAML (safe_load only) -> a frozen Config, with errors naming the file and key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wres_cli.core.config_keys import (
    DATASETS,
    DEFAULT_SC_QUESTIONS,
    DEFAULT_SURVEY_QUESTIONS,
    DEFAULT_WDES_QUESTIONS,
    KEYS,
    METHODS,
    SALARY_BANDS,
    ZERO_CELLS,
    Characteristic,
    Thresholds,
    parse_band,
    suggest,
)
from wres_cli.core.errors import ConfigError

__all__ = [
    "DATASETS",
    "DEFAULT_SC_QUESTIONS",
    "DEFAULT_SURVEY_QUESTIONS",
    "DEFAULT_WDES_QUESTIONS",
    "METHODS",
    "ZERO_CELLS",
    "Characteristic",
    "Config",
    "Thresholds",
    "check",
    "from_mapping",
    "load_config",
    "parse_band",
]

MAX_CONFIG_BYTES = 1_000_000
MAX_ALIASES = 200
MAX_NODES = 100_000  # values a configuration may stand for once its aliases are expanded


@dataclass(frozen=True)
class Config:
    """Everything that changes how inputs are read and indicators are computed."""

    reporting_year: int | None = None
    indicator_3_method: str = "pooled-2y"
    confidence: float = 0.95
    zero_cells: str = "none"
    suppress: int = 0
    suppress_zeros: bool = False
    suppress_ratios: bool = True  # under suppress: ratios on a withheld count are withheld too
    public: tuple[str, ...] = ()  # datasets published anyway (board): never suppressed
    band: tuple[float, float] | None = None
    funnel_overdispersion: str = "none"  # funnel plots by org: none, multiplicative (φ) or additive (τ²)
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    ethnicity: Mapping[str, str] = field(default_factory=dict)
    gypsy_traveller: str = "White"
    groups: str = "broad"  # "detailed": also each census group behind BME (Asian, Black, Mixed, Other)
    ethnic_groups: Mapping[str, str] = field(default_factory=dict)  # raw value -> census group
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
    assignment_categories: Mapping[str, str] = field(default_factory=dict)  # raw -> Bank / Substantive
    capability_reasons: Mapping[str, str] = field(default_factory=dict)  # raw -> Performance / Ill health
    survey_answers: Mapping[str, str] = field(default_factory=dict)  # answer -> yes / no / not counted
    survey_year_offset: int | None = None  # reporting year - survey year (None: the framework's default)
    salary_bands: tuple[float, ...] = (
        SALARY_BANDS  # where each salary band above the first starts (sc-wres 1)
    )
    sources: Mapping[str, Any] = field(default_factory=dict)  # dataset -> its table or query in a database
    source: str = "built-in defaults"

    def with_options(self, **options: Any) -> Config:
        """Return a copy with command-line options applied (None means 'not given')."""
        given = {k: v for k, v in options.items() if v is not None}
        merged = replace(self, **given)
        check(merged, "command line")
        return merged


def check(config: Config, where: str) -> None:
    """Refuse values that the types alone do not rule out, with each key's own check (see config_keys)."""
    for name, key in KEYS.items():
        problem = key.problem(getattr(config, name), config)
        if problem:
            raise ConfigError(f"{where}: {problem}")


def from_mapping(data: Mapping[str, Any], where: str) -> Config:
    """Build a Config from a parsed YAML mapping, each key read by its own parser; unknown keys are refused."""
    values: dict[str, Any] = {"source": where}
    for name, value in data.items():
        key = KEYS.get(name)
        if key is None:
            raise ConfigError(f"{where}: unknown key {name!r}{suggest(name, set(KEYS))}")
        values[name] = key.parse(value, name, where)
    return Config(**values)


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

"""RunOptions: what a run reads and how it computes, as one typed, immutable value.

Each command builds one from its own parameters, and ``api.run`` and ``wres validate`` take it whole, so the
inputs and options travel from the command line to the engine by name, never as loose keyword dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from wres_cli.core.config_keys import KEYS, suggest
from wres_cli.core.errors import ConfigError

READ_OPTIONS = ("encoding", "delimiter", "sheet", "header_row")


@dataclass(frozen=True)
class RunOptions:
    """The input files, the configuration file, the reporting year and breakdown, the framework, extra
    indicator folders, how to read CSV and Excel files, and configuration keys given on the command line."""

    workforce: Path
    recruitment: Path | None = None
    board: Path | None = None
    survey: Path | None = None
    config: Path | None = None
    year: int | None = None
    by_org: bool = False
    framework: str = "nhs-wres"
    indicators_dirs: tuple[Path, ...] = ()
    read_options: Mapping[str, Any] = field(default_factory=dict)  # encoding, delimiter, sheet, header_row
    overrides: Mapping[str, Any] = field(default_factory=dict)  # configuration key -> value given

    def __post_init__(self) -> None:
        # Paths given as text become Paths; mappings are stored read-only, so a run cannot change its options.
        for name in ("workforce", "recruitment", "board", "survey", "config"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Path(value))
        object.__setattr__(self, "indicators_dirs", tuple(Path(d) for d in _paths(self.indicators_dirs)))
        object.__setattr__(self, "read_options", MappingProxyType(dict(self.read_options)))
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        for name in self.read_options:
            if name not in READ_OPTIONS:
                raise ConfigError(f"unknown read option {name!r}{suggest(name, READ_OPTIONS)}")
        for name in self.overrides:
            if name not in KEYS:
                raise ConfigError(f"unknown configuration key {name!r}{suggest(name, set(KEYS))}")

    @property
    def inputs(self) -> tuple[Path | None, ...]:
        """Every file the run reads (the four inputs, then the configuration): never to be overwritten."""
        return (self.workforce, self.recruitment, self.board, self.survey, self.config)


def _paths(value: Iterable[str | Path] | str | Path | None) -> Iterable[str | Path]:
    """One folder or several (a single path is not split into its characters)."""
    if value is None:
        return ()
    if isinstance(value, str | Path):
        return (value,)
    return value

"""RunOptions: what a run reads and how it computes, as one typed, immutable value.

Each command builds one from its own parameters, and ``api.run`` and ``wres validate`` take it whole, so the
inputs and options travel from the command line to the engine by name, never as loose keyword dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from wres_cli.core.config_keys import KEYS, suggest
from wres_cli.core.errors import ConfigError

READ_OPTIONS = ("encoding", "delimiter", "sheet", "header_row")
DATABASE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")  # a table in a database: URL#TABLE


@dataclass(frozen=True)
class RunOptions:
    """The input files, the configuration file, the reporting year and breakdown, the framework, extra
    indicator folders, how to read CSV and Excel files, and configuration keys given on the command line."""

    workforce: Path | str | None  # None: the configuration's sources.workforce
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
    disciplinary: Path | None = (
        None  # event files: one row per case (--disciplinary, --capability, --training)
    )
    capability: Path | None = None
    training: Path | None = None

    def __post_init__(self) -> None:
        # Paths given as text become Paths (a database's URL#TABLE stays text); an input given as several files
        # (one per year) is a tuple of them, one given once is that one; mappings are stored read-only, so a
        # run cannot change its options.
        for name in ("config", *INPUTS):
            value = getattr(self, name)
            if isinstance(value, list | tuple):
                several = tuple(_path(v) for v in value if v not in (None, ""))
                object.__setattr__(self, name, several[0] if len(several) == 1 else several or None)
            else:
                object.__setattr__(self, name, _path(value))
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
        """Every file the run reads (each input's files, then the configuration): never to be overwritten. Of a
        table in a database, the SQLite file that holds it (nothing for a database server)."""
        given = [getattr(self, name) for name in INPUTS]
        files = [v for value in given for v in (value if isinstance(value, tuple) else (value,))]
        return (*(_file_of(value) for value in files), self.config)

    @property
    def paths(self) -> dict[str, Any]:
        """Each input by its dataset name (workforce, recruitment, ..., training), as given."""
        return {name: getattr(self, name) for name in INPUTS}


INPUTS = ("workforce", "recruitment", "board", "survey", "disciplinary", "capability", "training")


def _path(value: Any) -> Any:
    """Text naming a file becomes a Path; a database's URL#TABLE stays text."""
    if isinstance(value, str) and not DATABASE_URL.match(value):
        return Path(value)
    return value


def _file_of(value: Path | str | None) -> Path | None:
    """The file an input reads: itself, the file of a SQLite database, or None for a database server."""
    if not isinstance(value, str):
        return value
    if value.startswith("sqlite:///"):
        return Path(value.removeprefix("sqlite:///").partition("#")[0].partition("?")[0])
    return None


def _paths(value: Iterable[str | Path] | str | Path | None) -> Iterable[str | Path]:
    """One folder or several (a single path is not split into its characters)."""
    if value is None:
        return ()
    if isinstance(value, str | Path):
        return (value,)
    return value

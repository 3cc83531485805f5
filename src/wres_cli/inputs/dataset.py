"""What reading an input produces: the Dataset, and the Problems found on the way there.

Every dataset becomes a frame of categoricals and small integers plus a ``count`` column (1 per row when the
file has none), so record-level and pre-aggregated inputs flow through the same code afterwards. A Dataset is
frozen: later stages share it (two files are read at once, indicators and validation read the same object),
so nothing may change it after it is built.

Parsing sends every defect to a :class:`ProblemSink`: `wres compute` stops at the first (the sink raises
it), `wres validate` collects them all and carries on, so both read every file through the same parsers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError


@dataclass(frozen=True, eq=False)
class Problem:
    """One defect of an input file, with what `wres compute` would have said about it.

    ``kind`` says what is wrong, so that `wres validate` can give it its check code:
    "duplicate" (header names, in ``values``), "configured" (a configured column is not in the file),
    "missing" (a required column), "unmapped" (values of ``column`` no mapping recognises, in ``values``),
    "flag" (values that are not yes/no), "type" (not a number), "range" (a number out of range), "year"
    (not a year), "indicator" (an aggregated survey row for no known indicator), "excess" (more yes answers
    than respondents) or "value" (any other bad value). ``bad`` marks the rows concerned, when known.
    """

    kind: str
    column: str  # canonical column (or survey question) it concerns
    error: InputError  # what `wres compute` reports
    values: tuple[str, ...] = ()  # unrecognised raw values, once each
    bad: np.ndarray | None = None  # boolean mask of the bad rows


class ProblemSink:
    """Where parsing sends each defect: raised at once (``raising()``, for `wres compute`) or kept while parsing
    carries on with the bad values left blank (``collecting()``, for `wres validate`)."""

    def __init__(self, *, collect: bool) -> None:
        self.collect = collect
        self._found: list[Problem] = []

    @classmethod
    def raising(cls) -> ProblemSink:
        return cls(collect=False)

    @classmethod
    def collecting(cls) -> ProblemSink:
        return cls(collect=True)

    def fail(self, problem: Problem) -> None:
        """Raise the problem's error, or keep it and return so that parsing goes on."""
        if not self.collect:
            raise problem.error
        self._found.append(problem)

    def take(self) -> list[Problem]:
        """The problems kept since the last call, in the order they were found."""
        found, self._found = self._found, []
        return found


def file_lines(labels: pd.Index, positions: np.ndarray, first_line: int) -> np.ndarray:
    """File line numbers (header = line 1) of row positions; labels count the rows from the first data line,
    with rows the reader skipped left out."""
    return labels.to_numpy()[positions] + first_line


@dataclass(frozen=True, eq=False)
class Source:
    """The file being parsed: the file, line and column every message names, where its problems go and the
    warnings gathered for the Dataset."""

    name: str  # workforce | recruitment | board | survey
    path: Path
    columns: Mapping[str, str]  # canonical -> header as written in the file
    labels: pd.Index  # row labels of the text table
    first_line: int
    sink: ProblemSink
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def line(self, positions: np.ndarray) -> np.ndarray:
        return file_lines(self.labels, positions, self.first_line)

    def first_line_of(self, mask: np.ndarray) -> int | None:
        """The file line of the first row ``mask`` marks (None when it marks none)."""
        positions = np.flatnonzero(mask)
        return int(self.line(positions[:1])[0]) if positions.size else None

    def fail(self, problem: Problem) -> None:
        self.sink.fail(problem)

    def warn(self, message: str) -> None:
        """Something the figures should be read with (e.g. blanks counted as No); it never stops a run."""
        self.warnings.append(message)

    def note(self, message: str) -> None:
        """How a value was read (e.g. dates as reporting years), shown with the figures."""
        if message not in self.notes:
            self.notes.append(message)


@dataclass(frozen=True)
class Part:
    """One file of a dataset read from several (one export per year): its rows are ``start:stop``."""

    path: Path
    start: int
    stop: int


@dataclass(frozen=True, eq=False)
class Dataset:
    """One input read into canonical columns; built once, complete, and never changed afterwards.

    A dataset read from several files (one per year) has one Part per file and the file line of every row in
    ``row_lines``; ``path`` is then the first file and ``paths`` all of them.
    """

    name: str
    path: Path
    frame: pd.DataFrame
    columns: Mapping[str, str]  # canonical -> header as written in the file
    form: str = "records"  # "records" | "aggregated" (survey only)
    warnings: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()  # headers that were not used
    first_line: int = 2
    notes: tuple[str, ...] = ()  # how values were read (e.g. dates as reporting years)
    parts: tuple[Part, ...] = ()  # the files, when there are several
    row_lines: np.ndarray | None = field(default=None, repr=False)  # file line of each row (several files)
    years: tuple[int, ...] = field(init=False)  # reporting years present (none without a year column)
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", _years_present(self.frame))
        for name in ("warnings", "ignored", "notes", "parts"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file the dataset was read from."""
        return tuple(p.path for p in self.parts) or (self.path,)

    @property
    def label(self) -> str:
        """The file, or the files, named in messages about the dataset as a whole."""
        return " + ".join(map(str, self.paths))

    @property
    def rows(self) -> int:
        """Rows of the input (a dataset read from a database holds an aggregate of more rows than it has)."""
        return len(self.frame)

    def line(self, positions: np.ndarray) -> np.ndarray:
        """File line numbers (header = line 1) for row positions."""
        if self.row_lines is not None:
            return self.row_lines[np.asarray(positions, dtype=np.int64)]
        return file_lines(self.frame.index, positions, self.first_line)

    def path_of(self, position: int) -> Path:
        """The file a row position comes from."""
        for part in self.parts:
            if part.start <= position < part.stop:
                return part.path
        return self.path

    def where(self, position: int) -> tuple[Path, int]:
        """(file, line) of a row position."""
        return self.path_of(position), int(self.line(np.array([position]))[0])

    def derived(self, key: str, work: Callable[[pd.DataFrame], Any]) -> Any:
        """``work(frame)``, worked out once per dataset (the frame never changes, so neither does the answer)."""
        if key not in self._cache:
            self._cache[key] = work(self.frame)
        return self._cache[key]


def _years_present(frame: pd.DataFrame) -> tuple[int, ...]:
    if "year" not in frame:
        return ()
    years = frame["year"].to_numpy()
    if years.dtype.kind in "iu" and years.size and 0 <= years.max() < 100_000:  # four digits: count them
        present = np.flatnonzero(np.bincount(years[years >= 0]))
    else:
        present = sorted(y for y in pd.unique(years) if y >= 0)
    return tuple(int(y) for y in present)

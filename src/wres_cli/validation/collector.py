"""What every check of `wres validate` shares: the Collector of findings, the Target being checked and each
input file as the file checks left it (Checked)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.inputs.dataset import Dataset
from wres_cli.validation.catalog import LIMIT, Finding, more_like


class Collector:
    """Findings and the checks that ran; ``rows`` never builds more than LIMIT findings of one kind."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ran: set[str] = set()
        self.notes: list[str] = []

    def check(self, *codes: str) -> None:
        self.ran.update(codes)

    def add(self, code: str, file: Any, message: str, line: Any = None, column: str | None = None) -> None:
        self.ran.add(code)
        self.findings.append(Finding(code, str(file), message, line=line, column=column))

    def rows(
        self,
        code: str,
        file: Any,
        lines: np.ndarray,
        column: str | None,
        message: Callable[[int], str],
        summary: str,
    ) -> None:
        """One finding for each of the first LIMIT rows (``message(i)`` for the i-th), then one for the rest."""
        self.ran.add(code)
        for i in range(min(LIMIT, len(lines))):
            line = lines[i]
            self.add(code, file, message(i), None if line is None or line < 0 else int(line), column)
        if len(lines) > LIMIT:
            self.findings.append(
                more_like(Finding(code, str(file), summary, column=column), len(lines) - LIMIT)
            )


@dataclass
class Checked:
    """One input file after the file-level checks: its text columns and, when it could be mapped, the Dataset."""

    name: str
    path: Path
    headers: list[str]
    raw: pd.DataFrame
    first_line: int
    columns: dict[str, str]
    dataset: Dataset | None = None
    parts: list[Checked] = field(
        default_factory=list
    )  # each file, when the dataset came in several (by year)

    @property
    def lines(self) -> np.ndarray:
        return self.raw.index.to_numpy() + self.first_line


@dataclass
class Target:
    """What `wres validate` checks: the inputs, the options of `wres compute`, and an optional return."""

    paths: Mapping[str, str | Path | None]
    config: Config
    year: int | None = None
    by_org: bool = False
    framework: str = "nhs-wres"
    indicators_dirs: Sequence[str | Path] = ()
    read_options: Mapping[str, Any] = field(default_factory=dict)
    against: str | Path | None = None
    tolerance: float = 0.005

"""Results: the frozen value every later stage reads (writers, suppression, trends, the report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import ALL

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.core.config import Config
    from wres_cli.indicators.contract import Indicator
    from wres_cli.inputs.dataset import Dataset


@dataclass
class DatasetSummary:
    """What was read from one input, for notes and the methods section."""

    name: str
    path: str
    rows: int
    people: int
    unknown: int
    form: str
    years: list[int]


@dataclass
class Results:
    """The tidy rows of every indicator plus one summary entry per indicator (and org)."""

    framework: str
    year: int | None
    by_org: bool
    rows: pd.DataFrame
    summary: list[dict[str, Any]]
    indicators: list[Indicator]
    config: Config
    datasets: list[DatasetSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trend: pd.DataFrame | None = None  # headline figures of every year with the change (see trends.py)
    benchmark: pd.DataFrame | None = None  # with by_org: each organisation's figure, rank and quartile

    def indicator(self, key: str) -> pd.DataFrame:
        """Rows of one indicator by id (e.g. "2")."""
        return self.rows.loc[self.rows["indicator"] == key]

    def headline(self, key: str, org: str = ALL) -> dict[str, Any]:
        """The summary entry of one indicator."""
        return next(s for s in self.summary if s["indicator"] == key and s["org"] == org)


def describe_dataset(dataset: Dataset, year: int | None) -> DatasetSummary:
    import numpy as np

    """Rows, people and Unknown ethnicity in the reporting year (all rows when the file has no year)."""
    frame = dataset.frame
    mask = np.ones(len(frame), bool)
    if year is not None and "year" in frame and year in dataset.years:
        mask = frame["year"].to_numpy() == year
    weights = frame["count"].to_numpy()[mask]
    column = next((c for c in ("ethnicity", "disability", "characteristic") if c in frame), None)
    unknown = (frame[column] == "Unknown").to_numpy()[mask] if column else np.zeros(int(mask.sum()), bool)
    return DatasetSummary(
        dataset.name,
        str(dataset.path),
        len(frame),
        int(weights.sum()),
        int(weights[unknown].sum()),
        dataset.form,
        dataset.years,
    )

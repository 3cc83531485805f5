"""Results: the frozen value every later stage reads (writers, suppression, trends, the report).

Nothing changes a Results once made: a later stage that adds to it (suppression, the trend table) returns a
new one with ``dataclasses.replace``, so a value handed to one writer cannot be altered under another. Its
collections are tuples for the same reason; the rows stay a DataFrame, which stages copy before changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from wres_cli.core.schema import ALL

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.core.config import Config
    from wres_cli.indicators.contract import Indicator
    from wres_cli.inputs.dataset import Dataset

Number = float | int | str | None  # a count or figure; text once suppression has withheld it ("<10", "*")


class Headline(TypedDict):
    """One summary entry: an indicator's headline row for one organisation, as plain Python values, with
    the indicator's names, the percentages of the same section by group (``figures``) and a ``reading``.

    Keys are those of the tidy row (``wres_cli.COLUMNS``) plus the indicator's title, short name and
    orientation; writers read them by name (``entry["reading"]``)."""

    framework: str
    indicator: str
    title: str
    short: str
    orientation: str
    org: str
    year: int | None
    section: str
    breakdown: str
    group: str
    measure: str
    numerator: Number
    denominator: Number
    value: Number
    ci_low: Number
    ci_high: Number
    p_value: Number
    significant: bool | None
    status: str
    reason: str
    note: str
    flag: str
    headline: bool
    suppression: str
    figures: dict[str, dict[str, Any]]
    reading: str


@dataclass(frozen=True)
class DatasetSummary:
    """What was read from one input, for notes and the methods section. Under suppression ``rows``, ``people``
    and ``unknown`` are as they may be published: the number, "<N" (1..N-1) or "*" (withheld)."""

    name: str
    path: str
    rows: int | str
    people: int | str
    unknown: int | str
    form: str
    years: tuple[int, ...]


@dataclass(frozen=True)
class Results:
    """The tidy rows of every indicator plus one summary entry per indicator (and org)."""

    framework: str
    year: int | None
    by_org: bool
    rows: pd.DataFrame
    summary: tuple[Headline, ...]
    indicators: tuple[Indicator, ...]
    config: Config
    datasets: tuple[DatasetSummary, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    trend: pd.DataFrame | None = None  # headline figures of every year with the change (see trends.py)
    benchmark: pd.DataFrame | None = None  # with by_org: each organisation's figure, rank and quartile

    def __post_init__(self) -> None:
        # Callers may hand over lists (or a generator); what is stored is a tuple, so nothing can append later.
        for name in ("summary", "indicators", "datasets", "warnings", "notes"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    def indicator(self, key: str) -> pd.DataFrame:
        """Rows of one indicator by id (e.g. "2")."""
        return self.rows.loc[self.rows["indicator"] == key]

    def headline(self, key: str, org: str = ALL) -> Headline:
        """The summary entry of one indicator."""
        return next(s for s in self.summary if s["indicator"] == key and s["org"] == org)


def describe_parts(dataset: Dataset, year: int | None) -> tuple[DatasetSummary, ...]:
    """One summary per file of the dataset (a dataset read from one file per year has several)."""
    if not dataset.parts:
        return (describe_dataset(dataset, year),)
    return tuple(
        describe_dataset(dataset, year, rows=slice(part.start, part.stop), path=part.path)
        for part in dataset.parts
    )


def describe_dataset(
    dataset: Dataset, year: int | None, *, rows: slice | None = None, path: object = None
) -> DatasetSummary:
    """Rows, people and Unknown ethnicity in the reporting year (all rows when the file has no year); ``rows``
    and ``path``: one file of a dataset read from several."""
    import numpy as np

    frame = dataset.frame if rows is None else dataset.frame.iloc[rows]
    years = dataset.years
    if rows is not None and "year" in frame:
        present = frame["year"].to_numpy()
        years = tuple(int(y) for y in np.unique(present[present >= 0]))
    mask = np.ones(len(frame), bool)
    if year is not None and "year" in frame and year in years:
        mask = frame["year"].to_numpy() == year
    weights = frame["count"].to_numpy()[mask]
    column = next((c for c in ("ethnicity", "disability", "characteristic") if c in frame), None)
    unknown = (frame[column] == "Unknown").to_numpy()[mask] if column else np.zeros(int(mask.sum()), bool)
    return DatasetSummary(
        dataset.name,
        str(dataset.path if path is None else path),
        dataset.rows if rows is None else len(frame),
        int(weights.sum()),
        int(weights[unknown].sum()),
        dataset.form,
        tuple(years),
    )

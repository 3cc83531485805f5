"""The plugin contract: an indicator module exposes one ``INDICATOR = Indicator(...)``.

``compute(ctx)`` receives a :class:`Context` (canonical data, configuration, reporting year, breakdown) and
returns tidy rows built with the helpers in :mod:`wres_cli.measures`. Indicators never read files, print, or
know about output formats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .config import Config
    from .loading import Dataset

ALL = "All"  # the org value of rows that cover every organisation

# The tidy result table: one row per indicator x org x year x section x breakdown x group x measure.
COLUMNS = (
    "framework",
    "indicator",
    "org",
    "year",
    "section",
    "breakdown",
    "group",
    "measure",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "p_value",
    "significant",
    "status",
    "reason",
    "note",
    "flag",
    "headline",
    "suppression",
)
MEASURES = ("percent", "relative_likelihood", "difference_pp", "ratio_of_percents", "mean", "narrative")
STATUSES = ("computed", "not_calculable", "not_computed")


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it needs, how to compute it, and how to read its headline."""

    id: str
    title: str
    compute: Callable[[Context], pd.DataFrame]
    short: str = ""  # a few words for summary tables
    needs: tuple[str, ...] = ("workforce",)
    framework: str = "nhs-wres"
    orientation: str = ""  # e.g. "White ÷ BME"; "" for descriptive indicators
    describe: Callable[[Mapping[str, Any], Mapping[str, Mapping[str, Any]]], str] | None = None
    order: float = 0
    source: str = "built-in"
    group_column: str = "ethnicity"  # the canonical column whose groups are compared

    @property
    def label(self) -> str:
        return self.short or self.title

    @property
    def key(self) -> str:
        return f"{self.framework}:{self.id}"


@dataclass
class Context:
    """What an indicator may look at."""

    config: Config
    datasets: Mapping[str, Dataset]
    year: int | None = None
    by_org: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """True when the dataset was given."""
        return name in self.datasets

    def frame(self, name: str) -> pd.DataFrame:
        return self.datasets[name].frame

    def form(self, name: str) -> str:
        return self.datasets[name].form

    def years(self, name: str) -> list[int]:
        return self.datasets[name].years

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def tally(
        self,
        name: str,
        by: Sequence[str] = ("ethnicity",),
        *,
        events: Sequence[str] = (),
        years: Sequence[int] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """Weighted counts: ``people`` = sum of ``count`` and, per event column, the people with the event.

        Categorical ``by`` columns keep empty categories (a group with nobody shows as 0). With the
        breakdown by organisation, rows come per org and once more for all of them (org == "All").
        ``years`` restricts to those reporting years when the data has a year column.
        """
        frame = self.frame(name)
        needed = [*by, *(where or {}), *events]
        if years is not None and "year" in frame:
            needed.append("year")
        if self.by_org and "org" in frame:
            needed.append("org")
        summary = self.datasets[name].summary()
        source = frame if summary is None or not set(needed) <= set(summary.columns) else summary
        if self.by_org and "org" not in source:
            raise _missing_org(self.datasets[name])
        return _tally(source, by, events, years, where, self.by_org)


def _tally(
    frame: pd.DataFrame,
    by: Sequence[str],
    events: Sequence[str],
    years: Sequence[int] | None,
    where: Mapping[str, Any] | None,
    by_org: bool,
) -> pd.DataFrame:
    """Context.tally over ``frame``: the records or their summary (same result; see :func:`summarise`)."""
    import numpy as np
    import pandas as pd

    mask = np.ones(len(frame), dtype=bool)
    if years is not None and "year" in frame:
        mask &= np.isin(frame["year"].to_numpy(), np.asarray(list(years)))
    for column, value in (where or {}).items():
        mask &= frame[column].to_numpy() == value
    weights = frame["count"].to_numpy()
    data = {"people": np.where(mask, weights, 0)}
    for event in events:
        data[event] = np.where(mask, weights * frame[event].to_numpy(), 0)
    keys = [frame[c] for c in by]
    values = pd.DataFrame(data, index=frame.index)
    total = (
        values.groupby(keys, observed=False, sort=True, dropna=False).sum()
        if keys
        else values.sum().to_frame().T
    )
    total = total.reset_index() if keys else total
    total.insert(0, "org", ALL)
    if not by_org:
        return total
    known = frame["org"].notna().to_numpy()  # rows without an organisation count in "All" only
    if not known.all():
        values, keys, frame = values.loc[known], [k.loc[known] for k in keys], frame.loc[known]
    per_org = values.groupby([frame["org"], *keys], observed=False, sort=True, dropna=False).sum()
    per_org = per_org.reset_index()
    per_org["org"] = per_org["org"].astype(str)
    return pd.concat([total, per_org], ignore_index=True)


MAX_KEY_VALUES = 65_536  # a column with more distinct values than this (e.g. person ids) is not summarised


def summarise(frame: pd.DataFrame) -> pd.DataFrame | None:
    """One row per combination of the small-cardinality columns present, with ``count`` summed.

    Keys are categoricals, booleans and integers spanning at most ``MAX_KEY_VALUES`` values (groups, bands,
    org, year, 0/1 flags). Events are 0/1 key columns, so ``count × flag`` summed over a summary row equals
    the sum over its records: a tally over the summary gives exactly the tally over the records (integer
    counts). The same values appear (rows with count 0 included), so empty groups come out as before.
    None when the counts are not whole numbers or too large to sum exactly in one pass.
    """
    import numpy as np
    import pandas as pd

    if "count" not in frame or not pd.api.types.is_integer_dtype(frame["count"].dtype) or not len(frame):
        return None
    weights = frame["count"].to_numpy()
    if np.abs(weights).sum(dtype=np.float64) >= 2.0**53:  # np.bincount sums in float64
        return None
    keys, group, bound = [], np.zeros(len(frame), dtype=np.int64), 1
    for column in frame.columns:
        if column == "count":
            continue
        coded = _codes(frame[column])
        if coded is None:
            continue
        codes, size = coded
        if bound * size >= 2**62:
            group, uniques = pd.factorize(group)
            bound = len(uniques)
        group = group * size + codes
        bound *= size
        keys.append(column)
    group, uniques = pd.factorize(group)  # numbered in order of first appearance
    seen = np.maximum.accumulate(group)
    first = np.flatnonzero(np.concatenate(([True], seen[1:] > seen[:-1])))
    summary = frame[keys].iloc[first].reset_index(drop=True)
    summary["count"] = np.bincount(group, weights=weights, minlength=len(uniques)).astype(weights.dtype)
    return summary


def _codes(column: pd.Series) -> tuple[np.ndarray, int] | None:
    """(non-negative integer codes, number of codes) for a small-cardinality column, else None."""
    import numpy as np
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        size = len(dtype.categories) + 1  # code 0: missing
        return (column.cat.codes.to_numpy().astype(np.int64) + 1, size) if size <= MAX_KEY_VALUES else None
    if pd.api.types.is_bool_dtype(dtype) and isinstance(dtype, np.dtype):
        return column.to_numpy().astype(np.int64), 2
    if (
        pd.api.types.is_integer_dtype(dtype)
        and isinstance(dtype, np.dtype)
        and dtype.itemsize < 8 + (dtype.kind == "i")
    ):
        values = column.to_numpy().astype(np.int64)
        low, high = int(values.min()), int(values.max())
        return (values - low, high - low + 1) if high - low < MAX_KEY_VALUES else None
    return None


def _missing_org(dataset: Dataset) -> Exception:
    from .errors import InputError

    return InputError(
        f"{dataset.path}: --by org needs an organisation column (e.g. 'Organisation') "
        f"in the {dataset.name} file"
    )

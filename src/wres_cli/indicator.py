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
        import numpy as np
        import pandas as pd

        frame = self.frame(name)
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
        total = values.groupby(keys, observed=False, sort=True, dropna=False).sum() if keys else values.sum().to_frame().T
        total = total.reset_index() if keys else total
        total.insert(0, "org", ALL)
        if not self.by_org:
            return total
        if "org" not in frame:
            raise _missing_org(self.datasets[name])
        per_org = values.groupby([frame["org"], *keys], observed=False, sort=True, dropna=False).sum()
        per_org = per_org.reset_index()
        per_org["org"] = per_org["org"].astype(str)
        return pd.concat([total, per_org], ignore_index=True)


def _missing_org(dataset: Dataset) -> Exception:
    from .errors import InputError

    return InputError(
        f"{dataset.path}: --by org needs an organisation column (e.g. 'Organisation') "
        f"in the {dataset.name} file"
    )

"""The plugin contract: an indicator module exposes one ``INDICATOR = Indicator(...)``.

``compute(ctx)`` receives a :class:`Context` (canonical data, configuration, reporting year, breakdown) and
returns tidy rows built with the row builders (``wres_cli.percent_rows``, ``likelihood_rows``, ...). Indicators
never read files, print, or know about output formats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import ALL, COLUMNS, MEASURES, STATUSES
from wres_cli.tallies.tally import tally_dataset

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.core.config import Config
    from wres_cli.inputs.dataset import Dataset

__all__ = ["ALL", "COLUMNS", "MEASURES", "STATUSES", "Context", "Indicator"]


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
    source: str = "built-in"  # set by discovery: "built-in", "directory DIR" or "package NAME"
    origin: str = ""  # set by discovery: the file or entry point it came from, named when it goes wrong
    group_column: str = "ethnicity"  # the canonical column whose groups are compared
    # What the generic stages (trends, benchmarking, the report) need to know, so that none keeps a table of ids:
    kind: str = ""  # "composition" | "likelihood" | "survey" | "board": which rows are tracked and charted
    better: str = (
        ""  # "towards 1.00" | "lower" | "higher": which way a change is an improvement; "" descriptive
    )

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
        """Add a warning once: several indicators reading the same input would otherwise repeat it."""
        if message not in self.warnings:
            self.warnings.append(message)

    def note(self, message: str) -> None:
        """Add a note on how a figure was made (e.g. which survey year was used), once however many
        indicators make the same choice."""
        if message not in self.notes:
            self.notes.append(message)

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

        The workforce is counted without bank-only staff (:data:`BANK_RULE`), and an event the run was given
        an event file for (``--disciplinary``, ``--capability``, ``--training``) is counted from that file,
        its people compared with the staff of the workforce snapshot.
        """
        if name != "workforce":
            return self._tally(name, by, events, years, where)
        where = _counted(self.datasets[name], where)
        from_files = {e: d for e in events if (d := event_file_of(self, e))}
        counts = self._tally(name, by, [e for e in events if e not in from_files], years, where)
        for event, dataset in from_files.items():
            counts[event] = self._cases(dataset, event, by, years, counts)
        return counts

    def _tally(self, name, by, events, years, where) -> pd.DataFrame:
        return tally_dataset(
            self.datasets[name], by, events=events, years=years, where=where, by_org=self.by_org
        )

    def _cases(self, dataset: str, event: str, by, years, counts: pd.DataFrame) -> Any:
        """The people of an event file, lined up with the rows of the workforce ``counts``."""
        from wres_cli.core.errors import InputError

        cases = self.datasets[dataset]
        lacking = [c for c in by if c not in cases.frame]
        if lacking:
            raise InputError(
                f"{cases.label}: the {dataset} cases have no {', '.join(lacking)}; give each case its person ID "
                "(found in the workforce file), or a column for it"
            )
        self.note(
            f"{event.replace('_', ' ')}: the people counted come from {cases.label}, the staff they are compared "
            "with from the 31 March workforce snapshot"
            + (
                f" (the workforce file's {self.datasets['workforce'].columns.get(event)!r} column is not used)"
                if event in self.frame("workforce")
                else ""
            )
        )
        found = self._tally(dataset, by, [], years, _counted(cases, None))
        keys = ["org", *by]
        joined = (
            counts[keys]
            .astype(object)
            .merge(found[[*keys, "people"]].astype({k: object for k in keys}), on=keys, how="left")
        )
        return joined["people"].fillna(0).to_numpy()


BANK_RULE = (
    "staff on bank-only contracts (assignment category Bank, Bank Staff, Bank - Casual, Casual or Zero Hours, or "
    "as mapped under assignment_categories) belong to NHS England's separate Bank WRES and are left out of "
    "every indicator"
)


def _counted(dataset: Dataset, where: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """``where`` plus "not bank-only" when the dataset knows who is bank-only staff."""
    if "bank" not in dataset.frame:
        return where
    return {**(where or {}), "bank": False}


def event_file_of(ctx: Context, event: str) -> str | None:
    """The event file given for a workforce event column (e.g. "disciplinary"), if the run has one."""
    from wres_cli.inputs.columns import EVENT_DATASETS

    return next((d for d, column in EVENT_DATASETS.items() if column == event and d in ctx.datasets), None)

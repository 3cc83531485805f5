"""One row per person per reporting year: the rows of a workforce file that repeat a person ID in a year.

`wres compute` refuses such a file (the person would be counted twice); `wres validate` lists every repeat.
Both find them here, vectorised: the IDs are numbered once, and (ID, year) pairs compared as integers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError, where
from wres_cli.inputs.dataset import Dataset

ONE_ROW_PER_PERSON = (
    "keep one row per person per reporting year (an ESR export has a row per assignment: keep each "
    "person's primary assignment)"
)


@dataclass(frozen=True)
class Repeats:
    """Row positions that repeat an earlier row's person ID in the same year, each with that earlier row."""

    again: np.ndarray  # positions of the repeating rows, in file order
    first: np.ndarray  # position of the first row with the same ID and year, for each

    def __len__(self) -> int:
        return int(self.again.size)


def id_codes(ids: pd.Series) -> np.ndarray:
    """A code per distinct person ID (-1: none); hashing the IDs releases the GIL."""
    return pd.factorize(ids)[0]


def repeated_people(ds: Dataset, codes: np.ndarray | None = None) -> Repeats | None:
    """The repeats of a record-level file with a person ID column (None when it has none, or a count column)."""
    if "person_id" not in ds.frame or "count" in ds.columns:
        return None
    f = ds.frame
    ids = codes if codes is not None else id_codes(f["person_id"])
    year = f["year"].to_numpy() if "year" in f else np.zeros(len(f), np.int32)
    years, known = pd.factorize(year)
    positions = np.flatnonzero(ids >= 0)
    key = ids[positions].astype(np.int64) * max(len(known), 1) + years[positions]  # (ID, year) as one int
    if not key.size or np.bincount(key).max() < 2:
        return Repeats(np.array([], np.int64), np.array([], np.int64))
    order = np.argsort(key, kind="stable")  # rows of a key together, in file order
    starts = np.r_[True, key[order][1:] != key[order][:-1]]
    first = np.empty_like(positions)
    first[order] = positions[order][np.maximum.accumulate(np.where(starts, np.arange(key.size), 0))]
    repeated = first != positions
    return Repeats(positions[repeated], first[repeated])


def refuse_repeated_people(ds: Dataset) -> None:
    """Raise InputError naming the first repeated person (file, line, column, the earlier line, the year)."""
    found = repeated_people(ds)
    if not found:
        return
    position, earlier = int(found.again[0]), int(found.first[0])
    path, line = ds.where(position)
    earlier_path, earlier_line = ds.where(earlier)
    at = f"line {earlier_line}" if earlier_path == path else f"{earlier_path} line {earlier_line}"
    person = ds.frame["person_id"].iloc[position]
    year = f" in {int(ds.frame['year'].iloc[position])}" if "year" in ds.frame else ""
    raise InputError(
        f"{where(path, line, ds.columns['person_id'])}: person ID {str(person)!r} is already at {at}{year}, so "
        f"the person would be counted twice ({len(found):,} repeated row(s) in all); {ONE_ROW_PER_PERSON}"
    )

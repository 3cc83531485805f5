"""Weighted counts: the one place rows become counts for the indicators.

Record-level and aggregated rows are the same thing here: every row carries a ``count`` (1 when the file had
none), so one vectorised groupby serves both. A dataset is first summed once by its small-cardinality columns
(:func:`summarise`); every tally then reads that summary instead of the records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wres_cli.core.errors import InputError
from wres_cli.core.schema import ALL

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from wres_cli.inputs.dataset import Dataset


def tally_dataset(
    dataset: Dataset,
    by: Sequence[str] = ("ethnicity",),
    *,
    events: Sequence[str] = (),
    years: Sequence[int] | None = None,
    where: Mapping[str, Any] | None = None,
    by_org: bool = False,
) -> pd.DataFrame:
    """``people`` = sum of ``count`` and, per event column, the people with the event, by ``by``.

    Categorical ``by`` columns keep empty categories (a group with nobody shows as 0). With the breakdown by
    organisation, rows come per org and once more for all of them (org == "All"). ``years`` restricts to those
    reporting years when the data has a year column.
    """
    frame = dataset.frame
    needed = [*by, *(where or {}), *events]
    if years is not None and "year" in frame:
        needed.append("year")
    if by_org and "org" in frame:
        needed.append("org")
    summary = summary_of(dataset)
    source = frame if summary is None or not set(needed) <= set(summary.columns) else summary
    if by_org and "org" not in source:
        raise _missing_org(dataset)
    return tally_frame(source, by, events, years, where, by_org)


def summary_of(dataset: Dataset) -> pd.DataFrame | None:
    """The dataset's frame summed by its small-cardinality columns, worked out once per dataset."""
    return dataset.derived("summary", summarise)


def tally_frame(
    frame: pd.DataFrame,
    by: Sequence[str],
    events: Sequence[str],
    years: Sequence[int] | None,
    where: Mapping[str, Any] | None,
    by_org: bool,
) -> pd.DataFrame:
    """Weighted counts over ``frame``: the records or their summary (the same result; see :func:`summarise`)."""
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
    return InputError(
        f"{dataset.path}: --by org needs an organisation column (e.g. 'Organisation') "
        f"in the {dataset.name} file"
    )

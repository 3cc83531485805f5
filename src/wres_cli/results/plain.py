"""Frames and values as plain Python (str, int, float, bool, None) for summaries and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def plain(value: Any) -> Any:
    """NaN, inf and NA -> None; numpy scalars -> Python."""
    if type(value) in (str, int, bool):
        return value
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (NaN, inf and NA -> None), converted a column at a time."""
    columns = [plain_column(frame[name]) for name in frame.columns]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def plain_column(column: pd.Series) -> list[Any]:
    """The values of one column as plain Python (NaN, inf and NA -> None)."""
    import numpy as np

    values = column.to_numpy() if isinstance(column.dtype, np.dtype) else None
    if values is None:  # extension dtypes (Int64, boolean, string, category): NA -> None
        return column.to_numpy(dtype=object, na_value=None).tolist()
    if values.dtype.kind == "f":
        boxed = values.astype(object)
        boxed[~np.isfinite(values)] = None
        return boxed.tolist()
    if values.dtype.kind in "iub":
        return values.tolist()
    return [plain(v) for v in values.astype(object)]

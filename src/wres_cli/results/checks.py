"""What crosses the plugin boundary: an indicator's returned rows, checked against the tidy schema before any
later stage reads them.

Every stage after an indicator (the summary, suppression, trends, the writers) trusts the schema of
``wres_cli.core.schema``: the columns, a known measure and status on every row, numbers where figures go. A
plugin that returns something else would otherwise fail far from its cause, as a crash in a writer; checked
here, the run can name the plugin and what is wrong with its rows, and carry on without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import COLUMNS, MEASURES, STATUSES

if TYPE_CHECKING:
    import pandas as pd

NUMBERS = ("numerator", "denominator", "value", "ci_low", "ci_high", "p_value", "year")
TEXTS = ("org", "section", "breakdown", "group", "reason", "note", "flag", "suppression")
# what pandas.api.types.infer_dtype may say of a column of numbers (missing values skipped)
NUMERIC_KINDS = {"integer", "floating", "mixed-integer-float", "decimal", "empty"}
TEXT_KINDS = {"string", "empty"}
FLAG_KINDS = {"boolean", "empty"}
SHOWN = 3  # offending values named per problem


def problems(rows: Any) -> list[str]:
    """What is wrong with an indicator's returned rows, in words that tell its author what to fix; [] if
    nothing. Columns beyond ``COLUMNS`` are allowed (they are dropped after the check)."""
    import pandas as pd

    if not isinstance(rows, pd.DataFrame):
        return [f"compute() returned {type(rows).__name__}, not a pandas DataFrame"]
    missing = [c for c in COLUMNS if c not in rows.columns]
    if missing:
        return [f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"]
    if rows.columns.duplicated().any():
        return [f"repeated column {', '.join(dict.fromkeys(rows.columns[rows.columns.duplicated()]))}"]
    found = _values(rows)
    found += [f"{c} holds {kind}, not numbers" for c in NUMBERS if (kind := _kind(rows[c], NUMERIC_KINDS))]
    found += [f"{c} holds {kind}, not text" for c in TEXTS if (kind := _kind(rows[c], TEXT_KINDS))]
    for column in ("headline", "significant"):
        if kind := _kind(rows[column], FLAG_KINDS):
            found.append(f"{column} holds {kind}, not True/False")
    if rows["headline"].isna().any():
        found.append("headline is missing on some rows (it must be True or False)")
    return found


def _values(rows: pd.DataFrame) -> list[str]:
    """Statuses and measures outside the schema; a 'not computed' row may have no measure."""
    found = []
    status, measure = rows["status"], rows["measure"]
    bad_status = ~status.isin(STATUSES)
    if bad_status.any():
        found.append(f"unknown status {_named(status[bad_status])} (known: {', '.join(STATUSES)})")
    no_measure = (status == "not_computed") & (measure.isna() | (measure == ""))
    bad_measure = ~measure.isin(MEASURES) & ~no_measure
    if bad_measure.any():
        found.append(f"unknown measure {_named(measure[bad_measure])} (known: {', '.join(MEASURES)})")
    return found


def _kind(column: pd.Series, allowed: set[str]) -> str:
    """'' when the column's values are of an allowed kind, else what they are (e.g. "text ('n/a')")."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in allowed:
        return ""
    if kind in ("string", "mixed", "mixed-integer") and "string" not in allowed:
        values = column.dropna()
        text = values[values.astype(str) == values]  # the str values among them
        return f"text ({_named(text)})" if len(text) else "mixed values"
    return {"boolean": "True/False", "mixed": "mixed values", "mixed-integer": "mixed values"}.get(kind, kind)


def _named(values: pd.Series) -> str:
    """The first few distinct offending values, quoted."""
    distinct = values.astype(str).drop_duplicates().tolist()
    shown = ", ".join(repr(v) for v in distinct[:SHOWN])
    return shown + (f" and {len(distinct) - SHOWN} more" if len(distinct) > SHOWN else "")

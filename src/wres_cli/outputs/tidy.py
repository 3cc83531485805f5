"""Writers for the tidy results: CSV and JSON, both cut from the one published table (``results.tidy``)."""

from __future__ import annotations

import functools
import io
import itertools
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import COLUMNS
from wres_cli.results.plain import plain, plain_column, records
from wres_cli.results.tidy import tidy_frame, whole_counts

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.results.model import Results


def csv_text(results: Results) -> str:
    """One tidy long table: a row per indicator x org x year x section x breakdown x group x measure
    (with ``--trend``: the trend table, a row per tracked figure and year)."""
    import numpy as np

    frame = tidy_frame(results).replace([np.inf, -np.inf], np.nan)  # a one-sided limit is an empty cell
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


_SCALARS = {str, int, float, bool, type(None)}
_JSON_OPTIONS = {"ensure_ascii": False, "allow_nan": False}


def _dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2)`` byte for byte, with every dict of scalars written by the C encoder
    (the indenting encoder is pure Python: seconds for the rows of a national --by org run)."""
    pad, inner = "  " * level, "  " * (level + 1)
    if type(value) in _SCALARS:
        return _encoder(inner)(value)
    if isinstance(value, _Table):
        return _table_json(value.frame, level)
    if isinstance(value, dict) and value and all(type(k) is str for k in value):
        parts = []  # each run of scalar items in one C call, nested values in turn
        for scalars, run in itertools.groupby(value.items(), key=lambda item: type(item[1]) in _SCALARS):
            if scalars:
                parts.append(inner + _encoder(inner)(dict(run))[1:-1])
            else:
                parts.extend(f"{inner}{_encoder(inner)(k)}: {_dumps(v, level + 1)}" for k, v in run)
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + _dumps(v, level + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value, indent=2, **_JSON_OPTIONS).replace("\n", "\n" + pad)


@dataclass(frozen=True)
class _Table:
    """A frame to write as a list of row objects (what ``_dumps(records(frame))`` would write)."""

    frame: pd.DataFrame


def _table_json(frame: pd.DataFrame, level: int) -> str:
    """The rows of ``frame`` as indent=2 JSON objects, encoded a column at a time (a string per cell, each
    distinct text encoded once) and put together by one template."""
    return "".join(_table_pieces(frame, level))


TABLE_CHUNK = 4_096  # rows encoded at a time: the cells of a national table would take ~100 MB at once


def _table_pieces(frame: pd.DataFrame, level: int, compact: bool = False) -> Iterator[str]:
    """:func:`_table_json` in pieces of :data:`TABLE_CHUNK` rows, so that only one piece's cells are held
    (``compact``: as ``json.dumps`` writes it with no spaces)."""
    if frame.empty or not all(type(name) is str for name in frame):
        yield _compact(records(frame)) if compact else _dumps(records(frame), level)
        return
    pad, inner = "  " * level, "  " * (level + 1)
    deeper = inner + "  "
    encode = _compact if compact else _encoder(deeper)
    if compact:
        pad = inner = ""
        template = "{" + ",".join(f"{encode(name).replace('%', '%%')}:%s" for name in frame) + "}"
    else:
        fields = ",\n".join(f"{deeper}{encode(name).replace('%', '%%')}: %s" for name in frame)
        template = inner + "{\n" + fields + "\n" + inner + "}"
    between = "," if compact else ",\n"
    yield "[" if compact else "[\n"
    for start in range(0, len(frame), TABLE_CHUNK):
        part = frame.iloc[start : start + TABLE_CHUNK]
        cells = zip(*(_column_json(part[name], encode) for name in part), strict=True)
        yield ("" if start == 0 else between) + between.join(template % row for row in cells)
    yield "]" if compact else "\n" + pad + "]"


def _compact_pieces(value: Any) -> Iterator[str]:
    """``json.dumps(value, separators=(",", ":"))`` in pieces, tables a chunk of rows at a time."""
    if isinstance(value, _Table):
        yield from _table_pieces(value.frame, 0, compact=True)
    elif isinstance(value, dict) and value and all(type(k) is str for k in value):
        separator = "{"
        for k, v in value.items():
            yield separator + _compact(k) + ":"
            yield from _compact_pieces(v)
            separator = ","
        yield "}"
    else:
        yield _compact(value)


def _pieces(value: Any, level: int = 0) -> Iterator[str]:
    """``_dumps(value, level)`` in pieces: a table a chunk of rows at a time, a list an item at a time, so that
    a national document is written without ever being held whole."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, _Table):
        yield from _table_pieces(value.frame, level)
    elif isinstance(value, dict) and value and all(type(k) is str for k in value):
        separator = "{\n"
        for scalars, run in itertools.groupby(value.items(), key=lambda item: type(item[1]) in _SCALARS):
            if scalars:
                yield separator + inner + _encoder(inner)(dict(run))[1:-1]
                separator = ",\n"
                continue
            for k, v in run:
                yield f"{separator}{inner}{_encoder(inner)(k)}: "
                yield from _pieces(v, level + 1)
                separator = ",\n"
        yield "\n" + pad + "}"
    elif isinstance(value, list) and value:
        yield "[\n" + inner + _dumps(value[0], level + 1)
        yield from (",\n" + inner + _dumps(v, level + 1) for v in value[1:])
        yield "\n" + pad + "]"
    else:
        yield _dumps(value, level)


def _column_json(column: pd.Series, encode: Callable[[Any], str]) -> list[str]:
    """Each value of ``column`` as JSON text: what ``records`` and the encoder give, a column at a time."""
    import numpy as np
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = column.to_numpy()
        texts = map(float.__repr__, values.tolist())
        return [t if ok else "null" for t, ok in zip(texts, np.isfinite(values).tolist(), strict=True)]
    if isinstance(dtype, (pd.CategoricalDtype, pd.StringDtype)):
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        texts = np.array([*(encode(plain(u)) for u in uniques), "null"], dtype=object)
        return texts[codes].tolist()
    values = plain_column(column)
    keys = [(type(v), v) for v in values]  # 38 and 38.0 are written differently
    texts = {key: encode(key[1]) for key in set(keys)}  # each distinct value encoded once
    return [texts[key] for key in keys]


@functools.cache
def _encoder(indent: str) -> Callable[[Any], str]:
    return json.JSONEncoder(separators=(",\n" + indent, ": "), **_JSON_OPTIONS).encode


_compact = json.JSONEncoder(separators=(",", ":"), **_JSON_OPTIONS).encode


def _json_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A summary entry or row for JSON: counts as whole numbers, no NaN."""
    out = {}
    for key, value in entry.items():
        if type(value) not in _SCALARS:
            value = {g: _json_entry(f) for g, f in value.items()} if key == "figures" else plain(value)
        if type(value) is float:
            if value != value or value in (math.inf, -math.inf):
                value = None
            elif key in ("numerator", "denominator") and value.is_integer():
                value = int(value)
        out[key] = value
    return out


def json_text(results: Results, *, compact: bool = False) -> str:
    """{"summary": [...], "rows": [...], "meta": {...}} (+ "trend" and, by org, "benchmark" with --trend);
    ``compact``: the same JSON on one line, without indentation."""
    return "".join(json_pieces(results, compact=compact))


def json_pieces(results: Results, *, compact: bool = False) -> Iterator[str]:
    """The text of :func:`json_text` in pieces, to be written one after another (a file is written without
    holding the whole document: about 150 MB less at the peak of a national --by org run)."""
    summary = [_json_entry(entry) for entry in results.summary]
    meta = {
        "framework": results.framework,
        "reporting_year": results.year,
        "by_org": results.by_org,
        "confidence": results.config.confidence,
        "indicator_3_method": results.config.indicator_3_method,
        "suppress": results.config.suppress,
        "suppress_zeros": results.config.suppress_zeros,
        "inputs": [d.__dict__ for d in results.datasets],
        "warnings": results.warnings,
        "notes": results.notes,
    }
    payload = {"summary": summary, "rows": _Table(whole_counts(results.rows[list(COLUMNS)])), "meta": meta}
    for name, table in (("trend", results.trend), ("benchmark", results.benchmark)):
        if table is not None:
            payload[name] = _Table(whole_counts(table.drop(columns="key", errors="ignore")))
    yield from _compact_pieces(payload) if compact else _pieces(payload)
    yield "\n"

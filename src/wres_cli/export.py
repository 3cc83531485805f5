"""Writers for the tidy results: CSV and JSON (one data path), written atomically and safe to open in Excel."""

from __future__ import annotations

import functools
import io
import itertools
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError
from .indicator import COLUMNS
from .plain import plain, plain_column, records

if TYPE_CHECKING:
    import pandas as pd

    from .api import Results

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers stay numbers."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise formula-like text in every text column."""
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str", "category"):
            frame[column] = pd.Series([neutralise(v) for v in frame[column]], index=frame.index, dtype=object)
    return frame


def whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts print as 38, not 38.0 (fractional counts from aggregated percentages stay as they are)."""
    import pandas as pd

    frame = frame.copy()
    for column in ("numerator", "denominator"):
        frame[column] = pd.Series(
            [int(v) if isinstance(v, float) and v.is_integer() else v for v in frame[column]],
            index=frame.index,
            dtype=object,
        )
    return frame


def trend_frame(results: Results) -> pd.DataFrame:
    """The trend table (every year, change and verdict) with, by org, each figure's rank and quartile."""
    table = results.trend.drop(columns="key")
    if results.benchmark is not None:
        keys = ["framework", "indicator", "org", "year", "section", "breakdown", "group", "measure"]
        ranks = results.benchmark[[*keys, "rank", "ranked", "quartile"]]
        table = table.merge(ranks.astype({"year": table["year"].dtype}), on=keys, how="left", sort=False)
    return table


def csv_text(results: Results) -> str:
    """One tidy long table: a row per indicator x org x year x section x breakdown x group x measure
    (with ``--trend``: the trend table, a row per tracked figure and year)."""
    rows = trend_frame(results) if results.trend is not None else results.rows[list(COLUMNS)]
    frame = safe_frame(whole_counts(rows))
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
    if frame.empty or not all(type(name) is str for name in frame):
        return _dumps(records(frame), level)
    pad, inner = "  " * level, "  " * (level + 1)
    deeper = inner + "  "
    encode = _encoder(deeper)
    fields = ",\n".join(f"{deeper}{encode(name).replace('%', '%%')}: %s" for name in frame)
    template = inner + "{\n" + fields + "\n" + inner + "}"
    cells = zip(*(_column_json(frame[name], encode) for name in frame), strict=True)
    return "[\n" + ",\n".join(template % row for row in cells) + "\n" + pad + "]"


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


def json_text(results: Results) -> str:
    """{"summary": [...], "rows": [...], "meta": {...}} (+ "trend" and, by org, "benchmark" with --trend)"""
    summary = [_json_entry(entry) for entry in results.summary]
    meta = {
        "framework": results.framework,
        "reporting_year": results.year,
        "by_org": results.by_org,
        "confidence": results.config.confidence,
        "indicator_3_method": results.config.indicator_3_method,
        "suppress": results.config.suppress,
        "inputs": [d.__dict__ for d in results.datasets],
        "warnings": results.warnings,
        "notes": results.notes,
    }
    payload = {"summary": summary, "rows": _Table(whole_counts(results.rows[list(COLUMNS)])), "meta": meta}
    for name, table in (("trend", results.trend), ("benchmark", results.benchmark)):
        if table is not None:
            payload[name] = _Table(whole_counts(table.drop(columns="key", errors="ignore")))
    return _dumps(payload) + "\n"


def check_destination(output: Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse to overwrite an input file or write into a missing directory."""
    target = output.resolve()
    for path in inputs:
        if path and Path(path).exists() and Path(path).resolve() == target:
            raise OutputError(
                f"--output {output} is one of the input files; choose another name "
                "(inputs are never modified)"
            )
    if output.is_dir():
        raise OutputError(f"--output {output} is a directory; give a file name")
    if not output.parent.exists():
        raise OutputError(f"--output {output}: directory {output.parent} does not exist")
    if not output.parent.is_dir():
        raise OutputError(f"--output {output}: {output.parent} is a file, not a directory")
    if not os.access(output.parent, os.W_OK):  # checked again when writing; this fails before computing
        raise OutputError(f"--output {output}: cannot write into {output.parent}; check its permissions")


def write_atomic(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write to a temporary file beside ``path`` then rename, so readers never see a partial file."""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(
            handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})
        ) as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as an ordinary new file would be (mkstemp makes it owner-only)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda stream: stream.write(text))

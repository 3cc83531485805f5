"""Writers for the tidy results: CSV and JSON (one data path), written atomically and safe to open in Excel."""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError
from .indicator import COLUMNS

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


def csv_text(results: Results) -> str:
    """One tidy long table: a row per indicator x org x year x section x breakdown x group x measure."""
    frame = safe_frame(whole_counts(results.rows[list(COLUMNS)]))
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _jsonable(value: Any) -> Any:
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
    return [{k: _jsonable(v) for k, v in row.items()} for row in frame.to_dict("records")]


def json_text(results: Results) -> str:
    """{"summary": [...], "rows": [...], "meta": {...}}"""
    summary = [
        {
            k: _jsonable(v)
            if k != "figures"
            else {g: {kk: _jsonable(vv) for kk, vv in f.items()} for g, f in v.items()}
            for k, v in entry.items()
        }
        for entry in results.summary
    ]
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
    payload = {"summary": summary, "rows": records(whole_counts(results.rows[list(COLUMNS)])), "meta": meta}
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda stream: stream.write(text))

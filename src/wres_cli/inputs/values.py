"""Value parsers every input form shares: mapped categories, yes/no flags, numbers, counts and years.

Each works on a whole column at once and sends what is wrong to the Source's sink, with the file, line and
column and the fix; a bad value is left blank (or 0 for a count) when the sink collects problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError, where
from wres_cli.inputs.categories import yes_no
from wres_cli.inputs.dataset import Problem, Source
from wres_cli.inputs.mapping import Mapped

FIRST_LINES = 3  # lines named for each unrecognised value
MAX_WHOLE = 2**53  # the largest whole number a float holds exactly


def unmapped_error(
    src: Source, canonical: str, raw: pd.Series, result: Mapped, what: str, key: str
) -> InputError:
    """One line naming every unmapped value, how many rows, the first lines, and how to map it."""
    header = src.columns[canonical]
    stripped = raw.astype("string").str.strip()
    parts = []
    for value in result.unmapped[:10]:
        positions = np.flatnonzero((stripped == value).to_numpy(dtype=bool, na_value=False))
        lines = ", ".join(str(n) for n in src.line(positions[:FIRST_LINES]))
        rows = f"{positions.size} row{'s' if positions.size != 1 else ''}"
        parts.append(f"{value!r} ({rows}, first at line{'s' if positions.size > 1 else ''} {lines})")
    more = f" and {len(result.unmapped) - 10} more" if len(result.unmapped) > 10 else ""
    example = result.unmapped[0]
    return InputError(
        f"{where(src.path, column=header)}: {len(result.unmapped)} value{'s' if len(result.unmapped) > 1 else ''} "
        f"not in the {what}: {'; '.join(parts)}{more}. Map them in wres.yaml, e.g. "
        f"'{key}: {{{example!r}: ...}}'"
    )


def mapped(src: Source, canonical: str, raw: pd.Series, result: Mapped, what: str, key: str) -> pd.Series:
    """The mapped values of a column; values no mapping recognises (left blank) go to the sink.

    ``what`` names the mapping in the message ("ethnicity mapping"), ``key`` the wres.yaml key that extends it.
    """
    if result.unmapped:
        error = unmapped_error(src, canonical, raw, result, what, key)
        src.fail(Problem("unmapped", canonical, error, tuple(result.unmapped)))
    return result.values


def parse_flag(src: Source, canonical: str, raw: pd.Series) -> np.ndarray:
    """Yes/no column -> int8 0/1; blanks count as no (with a warning); anything else is an error."""
    result = yes_no(raw)
    header = src.columns[canonical]
    if result.unmapped:
        stripped = raw.astype("string").str.strip()
        first = result.unmapped[0]
        line = src.first_line_of((stripped == first).to_numpy(dtype=bool, na_value=False))
        others = ""
        if len(result.unmapped) > 1:
            others = f" (and {len(result.unmapped) - 1} other value(s): "
            others += ", ".join(map(repr, result.unmapped[1:5])) + ")"
        error = InputError(
            f"{where(src.path, line, header)}: {first!r} is not a yes/no value{others}; "
            "use Y/N, Yes/No, True/False or 1/0"
        )
        src.fail(Problem("flag", canonical, error, tuple(result.unmapped)))
    values = result.values
    blank = values.isna().to_numpy()
    if blank.any():
        src.warn(f"{src.path}: {int(blank.sum()):,} blank value(s) in column {header!r} counted as No")
    return (values == "yes").to_numpy(dtype=np.int8)


def parse_numbers(
    src: Source,
    canonical: str,
    raw: pd.Series,
    error: Callable[[int, int], InputError],
    *,
    whole: bool = True,
    highest: float | None = None,
    percent_sign: bool = False,
) -> np.ndarray:
    """A column of numbers >= 0 (whole ones, and at most ``highest``, when asked), NaN where a value is bad.

    Bad rows go to the sink as "type" (not a number) and "range" problems, both carrying
    ``error(first bad position, bad rows)``, so `wres compute` names the first bad row whatever its kind.
    """
    text = raw.astype("string").str.strip()
    if percent_sign:
        text = text.str.rstrip("%")
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    not_number = ~np.isfinite(values) | (values > MAX_WHOLE)
    out = ~not_number & (values < 0)
    if whole:
        out |= ~not_number & (values != np.floor(values))
    if highest is not None:
        out |= ~not_number & (values > highest)
    bad = not_number | out
    if bad.any():
        found = error(int(np.flatnonzero(bad)[0]), int(bad.sum()))
        for kind, mask in (("type", not_number), ("range", out)):
            if mask.any():
                src.fail(Problem(kind, canonical, found, bad=mask))
    return np.where(bad, np.nan, values)


def parse_counts(src: Source, raw: pd.Series) -> np.ndarray:
    """The optional count column: whole numbers >= 0 (a bad one counts 0 people once reported)."""
    header = src.columns["count"]

    def error(position: int, rows: int) -> InputError:
        value = raw.iloc[position]
        why = "blank" if pd.isna(value) else f"{value!r} is not a whole number of people >= 0"
        return InputError(
            f"{where(src.path, int(src.line(np.array([position]))[0]), header)}: {why}; "
            f"a count says how many people the row stands for ({rows} bad row(s) in all)"
        )

    return np.nan_to_num(parse_numbers(src, "count", raw, error), nan=0).astype(np.int64)


_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def _year_of(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    match = _FINANCIAL_YEAR.match(text)
    if match:  # 2025/26 -> the year of its 31 March snapshot, 2026
        return int(match.group(1)) + 1
    return None


def parse_years(src: Source, raw: pd.Series) -> np.ndarray:
    """Year column -> int32 (year of the 31 March snapshot; 2025/26 -> 2026); -1 where blank (or bad)."""
    cat = raw.astype("category")
    lookup = np.array([_year_of(str(c)) or 0 for c in cat.cat.categories] + [-1], dtype=np.int32)
    bad = [str(c) for c, y in zip(cat.cat.categories, lookup, strict=False) if y == 0]
    if bad:
        mask = cat.isin(bad).to_numpy()
        error = InputError(
            f"{where(src.path, src.first_line_of(mask), src.columns['year'])}: {bad[0]!r} is "
            "not a year; write the year of the 31 March snapshot (2026) or the financial year (2025/26)"
        )
        src.fail(Problem("year", "year", error, tuple(bad), bad=mask))
        lookup[lookup == 0] = -1
    return lookup[cat.cat.codes.to_numpy()]

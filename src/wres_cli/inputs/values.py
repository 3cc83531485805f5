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
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_NAMED_MONTH = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?[\s/-]+)?([a-z]{3,9})\.?[\s/,-]+(\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
EXCEL_SERIALS = (20_000, 80_000)  # an Excel date number from 1954 to 2119
DATE_RULE = (
    "a date gives the reporting year of the first 31 March on or after it: 31 March 2025 is 2025, and any "
    "date from 1 April 2024 to 31 March 2025 (financial year 2024/25) is 2025"
)


def reporting_year_of(year: int, month: int, day: int) -> int | None:
    """The reporting year of a date: the year of the first 31 March on or after it (None if no such date)."""
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return year if (month, day) <= (3, 31) else year + 1


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _last_day(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _date_year(text: str) -> int | None:
    """The reporting year of a date written as text (2025-03-31, 31/03/2025, 31-Mar-2025, March 2025, an
    Excel date number), else None. Day and month are in the UK's order: 01/04/2025 is 1 April."""
    if match := _ISO_DATE.match(text):
        return reporting_year_of(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.match(text):
        return reporting_year_of(_full_year(match[3]), int(match[2]), int(match[1]))
    if (match := _NAMED_MONTH.match(text)) and match[2] in _MONTHS:
        year, month = _full_year(match[3]), _MONTHS[match[2]]
        return reporting_year_of(year, month, int(match[1]) if match[1] else _last_day(year, month))
    if (match := _YEAR_MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return reporting_year_of(year, month, _last_day(year, month))
    if re.fullmatch(r"\d{5}(?:\.0+)?", text) and EXCEL_SERIALS[0] <= float(text) < EXCEL_SERIALS[1]:
        import datetime

        day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(text)))
        return reporting_year_of(day.year, day.month, day.day)
    return None


def year_of(text: str) -> tuple[int | None, bool]:
    """(reporting year, whether it was read from a date) of a year column's value; (None, False) if it is
    neither a year (2026), a financial year (2025/26 or 2025-26, the year of its closing 31 March) nor a date."""
    text = " ".join(text.strip().casefold().split())
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(float(text)), False
    match = _FINANCIAL_YEAR.match(text)
    if match:
        first, second = int(match[1]), int(match[2])
        if second in ((first + 1) % 100, first + 1):  # 2025/26 -> the year of its 31 March snapshot, 2026
            return first + 1, False
    year = _date_year(text)
    return year, year is not None


def _shown(value: object) -> str:
    """A raw value as the user wrote it: dates without a time of day, never a library's own notation."""
    import datetime

    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_years(src: Source, raw: pd.Series) -> np.ndarray:
    """Year column -> int32 reporting years (year of the 31 March snapshot; 2025/26 -> 2026; a date -> the
    year of the first 31 March on or after it, see DATE_RULE); -1 where blank or bad, which is a problem."""
    cat = raw.astype("category")
    read = [year_of(_shown(c)) for c in cat.cat.categories]
    lookup = np.array([y or 0 for y, _ in read] + [-1], dtype=np.int32)
    codes = cat.cat.codes.to_numpy()
    header = src.columns["year"]
    bad = [_shown(c) for c, y in zip(cat.cat.categories, lookup, strict=False) if y == 0]
    if bad:
        mask = cat.isin([c for c, y in zip(cat.cat.categories, lookup, strict=False) if y == 0]).to_numpy()
        error = InputError(
            f"{where(src.path, src.first_line_of(mask), header)}: {bad[0]!r} is not a year or a date; write "
            "the year of the 31 March snapshot (2026), the financial year (2025/26) or a date (31/03/2026)"
        )
        src.fail(Problem("year", "year", error, tuple(bad), bad=mask))
        lookup[lookup == 0] = -1
    blank = codes < 0
    if blank.any():
        error = InputError(
            f"{where(src.path, src.first_line_of(blank), header)}: no year ({int(blank.sum()):,} row(s) with "
            "a blank year); every row needs the year of its 31 March snapshot (or a date)"
        )
        src.fail(Problem("year", "year", error, ("",), bad=blank))
    dates = sorted(
        {(_shown(c), y) for c, (y, is_date) in zip(cat.cat.categories, read, strict=True) if is_date}
    )
    if dates:
        dates.sort(key=lambda pair: (pair[1], pair[0]))
        shown = ", ".join(f"{text} -> {year}" for text, year in dates[:4])
        more = f" and {len(dates) - 4} more" if len(dates) > 4 else ""
        src.note(f"{src.path}: column {header!r} holds dates; {DATE_RULE} ({shown}{more})")
    return lookup[codes]

"""Bytes on disk -> a frame of text columns: CSV (encoding and delimiter sniffed), Excel and Parquet.

Only the columns that ``select`` asks for are read, as dictionary-encoded text, so the heavy work after this
happens once per distinct value rather than once per row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError

SNIFF_BYTES = 1 << 16
MAX_FIELD_CHARS = 1000  # longer than any code, label, band or organisation name a WRES file holds
RUNAWAY_FIELD_CHARS = 1 << 24  # a quote left open swallows the rest of the file into one field
DELIMITERS = (",", ";", "\t", "|")
NULLS = ["", "NULL", "null", "Null", "N/A", "n/a", "#N/A", "NA", "None", "none", "-", "#NULL!"]
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")

Select = Callable[[Sequence[str]], list[str]]
_FIELD_LIMIT_LOCK = threading.Lock()


class EmptyFileError(InputError):
    """The file is empty or holds a header but no data rows."""


@dataclass
class Table:
    """Text columns as read; ``first_line`` is the file line of the first data row."""

    headers: list[str]
    frame: pd.DataFrame
    first_line: int = 2


def read_table(
    path: Path,
    *,
    select: Select,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    ragged: list[tuple[int, int, int]] | None = None,
) -> Table:
    """Read the columns ``select(headers)`` returns from a CSV, Excel or Parquet file.

    With a ``ragged`` list, CSV rows with too few or too many fields are skipped and recorded there as
    (line, fields expected, fields found) instead of failing the read (``wres validate``).
    """
    _check_path(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        table = _read_excel(path, select, sheet, header_row)
    elif suffix in PARQUET_SUFFIXES:
        table = _read_parquet(path, select)
    elif suffix == ".xls":
        raise InputError(f"{path}: old-style .xls workbooks are not supported; save it as .xlsx or CSV")
    else:
        table = _read_csv(path, select, encoding, delimiter, header_row, ragged)
    if table.frame.empty:
        raise EmptyFileError(f"{path}: the file has a header but no data rows")
    _check_field_sizes(path, table)
    return table


def _check_field_sizes(path: Path, table: Table) -> None:
    """Refuse a value longer than MAX_FIELD_CHARS (a runaway quote or pasted text), naming its line and column;
    checked once per distinct value."""
    for column in table.frame.columns:
        values = table.frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            lengths = values.cat.categories.astype(str).str.len().to_numpy()
            codes = values.cat.codes.to_numpy()
        elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):  # e.g. person ids
            lengths = values.astype("string").str.len().fillna(0).to_numpy(dtype=np.int64)
            codes = np.arange(len(values))
        else:
            continue
        if lengths.size and lengths.max() > MAX_FIELD_CHARS:
            longest = int(np.argmax(lengths))
            position = int(np.flatnonzero(codes == longest)[0])
            line = int(table.frame.index[position]) + table.first_line
            raise InputError(
                f"{path} line {line}, column {column!r}: a value of {int(lengths[longest]):,} characters is "
                f"too large to be a WRES value (the limit is {MAX_FIELD_CHARS:,}); check for an unbalanced "
                "quote or text pasted into the cell"
            )


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path (relative paths start from {Path.cwd()})")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check its permissions") from None
    if path.stat().st_size == 0:
        raise EmptyFileError(f"{path}: the file is empty; export it again with a header row and data")


def sniff_encoding(sample: bytes) -> str:
    """BOMs first; otherwise UTF-8 if the sample decodes, else Windows-1252 (Excel's 'CSV' on Windows)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def sniff_delimiter(first_line: str) -> str:
    """The candidate that splits the header into the most fields (quotes respected)."""
    best, best_fields = ",", 1
    for candidate in DELIMITERS:
        fields = len(next(csv.reader([first_line], delimiter=candidate), []))
        if fields > best_fields:
            best, best_fields = candidate, fields
    return best


def _decoded_sample(path: Path, encoding: str | None) -> tuple[str, str]:
    with path.open("rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    encoding = encoding or sniff_encoding(sample)
    if b"\x00" in sample and not encoding.startswith("utf-16"):
        raise InputError(
            f"{path}: looks like a binary file, not CSV text; export the data as CSV, "
            "or give an .xlsx or .parquet file (UTF-16 text without a byte order mark: pass --encoding utf-16-le)"
        )
    try:
        text = sample.decode(encoding, errors="strict" if len(sample) < SNIFF_BYTES else "ignore")
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(
            f"{path}: cannot decode as {encoding} ({exc}); pass --encoding (e.g. utf-8, cp1252, utf-16)"
        ) from None
    return text.removeprefix("\ufeff"), encoding


def _read_csv(
    path: Path,
    select: Select,
    encoding: str | None,
    delimiter: str | None,
    header_row: int | None,
    ragged: list[tuple[int, int, int]] | None = None,
) -> Table:
    text, encoding = _decoded_sample(path, encoding)
    skip, delimiter, headers = _csv_header(path, text, delimiter, header_row)
    wanted = select(headers)
    if not wanted:
        raise InputError(
            f"{path}: none of the columns is one wres-cli reads; columns found: {', '.join(headers)}"
        )
    arrow = _read_arrow_csv(path, headers, wanted, encoding, delimiter, skip, ragged)
    frame = _to_pandas(arrow)
    if ragged:  # keep index + first_line equal to the file line of each row kept
        lines = np.arange(skip + 2, skip + 2 + len(frame) + len(ragged))
        kept = lines[~np.isin(lines, [r[0] for r in ragged if r[0] is not None])]
        frame.index = kept[: len(frame)] - skip - 2
    frame = _drop_blank_rows(frame)
    return Table(headers, frame, first_line=skip + 2)


def _csv_header(
    path: Path, text: str, delimiter: str | None, header_row: int | None
) -> tuple[int, str, list[str]]:
    """(lines before the header, delimiter, header names) from the decoded start of a CSV file."""
    lines = text.splitlines()
    if header_row and header_row > len(lines) and len(text) < SNIFF_BYTES:
        raise InputError(
            f"{path}: --header-row {header_row} is past the end of the file ({len(lines)} lines)"
        )
    skip = (header_row - 1) if header_row else _header_line(lines, delimiter)
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip >= len(lines):
        raise InputError(f"{path}: no header row found; the file holds only blank lines")
    delimiter = delimiter or sniff_delimiter(lines[skip])
    fields = next(csv.reader([lines[skip]], delimiter=delimiter))
    headers = [h.strip() or f"column {i + 1}" for i, h in enumerate(fields)]
    return skip, delimiter, headers


def _read_arrow_csv(
    path: Path,
    headers: list[str],
    wanted: list[str],
    encoding: str,
    delimiter: str,
    skip: int,
    ragged: list[tuple[int, int, int]] | None,
):
    """The ``wanted`` columns as dictionary-encoded text; with a ``ragged`` list, rows of the wrong width are
    skipped and recorded there instead of failing the read."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text_type = pa.dictionary(pa.int32(), pa.string())
    convert = pacsv.ConvertOptions(
        include_columns=wanted,
        column_types={c: text_type for c in wanted},
        strings_can_be_null=True,
        null_values=NULLS,
        quoted_strings_can_be_null=True,
    )
    read = pacsv.ReadOptions(
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        skip_rows=skip + 1,
        column_names=headers,  # as stripped above, so padded headers still match
        block_size=1 << 22,  # 4 MB: as fast as larger blocks, with a smaller peak of memory
    )

    def attempt(newlines: bool, threads: bool = True):
        def handler(row):  # a line of spaces carries no person; any other bad row is an error
            return "skip" if not row.text.strip() else "error"

        if ragged is not None:
            ragged.clear()

            def handler(row):
                ragged.append((row.number, row.expected_columns, row.actual_columns))
                return "skip"

        parse = pacsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=newlines, invalid_row_handler=handler
        )
        read.use_threads = threads
        return pacsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert)

    newlines = False
    try:
        try:
            arrow = attempt(newlines)
        except pa.ArrowInvalid:
            newlines = True
            arrow = attempt(newlines)  # quoted fields holding line breaks
        if ragged:  # line numbers of skipped rows are known only from a single-threaded read
            arrow = attempt(newlines, threads=False)
    except pa.ArrowInvalid as exc:
        raise _csv_error(path, exc, encoding, delimiter, skip) from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{path}: cannot decode as {encoding} ({exc}); pass --encoding") from None
    return arrow


def _header_line(lines: list[str], delimiter: str | None) -> int:
    """Index of the header among the top 20 lines: the first with at least half as many filled fields as the
    fullest one, so title rows above it (one filled cell) are passed over; 0 when no line has two."""
    filled = [
        sum(
            bool(f.strip())
            for f in next(csv.reader([line], delimiter=delimiter or sniff_delimiter(line)), [])
        )
        for line in lines[:20]
    ]
    widest = max(filled, default=0)
    if widest < 2:
        return 0
    return next(i for i, n in enumerate(filled) if n >= max(2, widest // 2))


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with every field empty (e.g. trailing lines of commas) carry no person."""
    if frame.empty:
        return frame
    blank = frame.isna().all(axis=1)
    return frame.loc[~blank] if blank.any() else frame


def _csv_error(path: Path, exc: Exception, encoding: str, delimiter: str, skip: int) -> InputError:
    """Turn a parser error into one line with the file line number, found with the standard csv module."""
    message = str(exc).split("\n")[0]
    line = _ragged_line(path, encoding, delimiter, skip)
    if line is not None:
        number, expected, got, spans = line
        if spans > 1:
            return InputError(
                f'{path} line {number}: a quote (") opened on this line is not closed where the value '
                f"should end (the row runs on over {spans} lines); check the quotes on this line"
            )
        return InputError(
            f"{path} line {number}: expected {expected} fields but found {got}; check for an "
            f"unquoted {delimiter!r} in a value or a missing field (quote values that contain "
            "the delimiter)"
        )
    column = re.search(r"column #(\d+)", message)
    if "invalid UTF8" in message and (
        bad := _first_undecodable(path, delimiter, int(column.group(1)) if column else None)
    ):
        number, column, text = bad
        where = f"line {number}, column {column!r}" if column else f"line {number}"
        return InputError(
            f"{path} {where}: {text!r} holds bytes that are not UTF-8, so the file is in another encoding; "
            "pass it with --encoding (e.g. --encoding cp1252 for a CSV saved by Excel on Windows), or save the "
            "file as CSV UTF-8"
        )
    if "straddling" in message or "larger than" in message:
        return InputError(
            f"{path}: a field is too large to be a WRES value ({message}); check for an unbalanced quote"
        )
    return InputError(f"{path}: not a readable CSV file ({message})")


def _first_undecodable(path: Path, delimiter: str, column: int | None) -> tuple[int, str | None, str] | None:
    """(line, column header, value shown with its bad bytes replaced) of the first value that is not UTF-8 (in
    the file's ``column``-th column, when the reader said which), read 16 MB of whole lines at a time; None when
    there is none."""
    header: list[str] = []
    seen = 0  # lines before the chunk
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24) + handle.readline():
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError:
                for number, raw in enumerate(chunk.split(b"\n"), start=seen + 1):
                    text = raw.decode("utf-8", "replace").rstrip("\r")
                    fields = next(csv.reader([text], delimiter=delimiter), [])
                    if number == 1:
                        header = [f.strip().lstrip("\ufeff") for f in fields]
                    bad = [i for i, value in enumerate(fields) if "\ufffd" in value]
                    if bad and (column is None or column in bad):
                        at = bad[0] if column is None else column
                        return number, header[at] if at < len(header) else None, fields[at]
            else:
                if not header:
                    first = chunk.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
                    header = [
                        f.strip().lstrip("\ufeff") for f in next(csv.reader([first], delimiter=delimiter), [])
                    ]
            seen += chunk.count(b"\n")
    return None


def _ragged_line(path: Path, encoding: str, delimiter: str, skip: int) -> tuple[int, int, int, int] | None:
    """(first line, fields expected, fields found, lines spanned) of the first row of the wrong width."""
    with _fields_up_to(RUNAWAY_FIELD_CHARS):
        try:
            with path.open(encoding=encoding, newline="", errors="replace") as handle:
                for _ in range(skip):
                    handle.readline()
                reader = csv.reader(handle, delimiter=delimiter)
                expected = len(next(reader, []))
                start = reader.line_num + 1
                for row in reader:
                    if len(row) != expected and any(f.strip() for f in row):
                        return skip + start, expected, len(row), reader.line_num - start + 1
                    start = reader.line_num + 1
        except csv.Error:
            return None
    return None


@contextlib.contextmanager
def _fields_up_to(chars: int) -> Iterator[None]:
    """Let the csv module read fields of up to ``chars`` characters, then put its limit back as it was.

    The limit is process-wide: the lock keeps two files read at once from restoring each other's value.
    """
    with _FIELD_LIMIT_LOCK:
        before = csv.field_size_limit(chars)
        try:
            yield
        finally:
            csv.field_size_limit(before)


def _read_parquet(path: Path, select: Select) -> Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        wanted = select(schema.names)
        text = [f.name for f in schema if f.name in wanted and pa.types.is_string(f.type)]
        arrow = pq.read_table(path, columns=wanted, read_dictionary=text)  # as the CSV reader does
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    frame = _to_pandas(arrow)
    return Table(list(schema.names), frame)


def _to_pandas(arrow) -> pd.DataFrame:
    """Arrow -> pandas. Dictionary columns whose values are mostly distinct (person ids) become plain text:
    a category per row would cost seconds and hundreds of MB at national scale, and saves nothing."""
    import pyarrow as pa

    for i, field in enumerate(arrow.schema):
        column = arrow.column(i)
        if pa.types.is_dictionary(field.type) and any(
            len(chunk.dictionary) > max(1000, len(chunk) // 2) for chunk in column.chunks
        ):
            arrow = arrow.set_column(i, field.name, column.cast(field.type.value_type))
    return arrow.unify_dictionaries().to_pandas()  # unified first: several times faster over many chunks


def _read_excel(path: Path, select: Select, sheet: str | None, header_row: int | None) -> Table:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Excel workbook ({exc}); save it again as .xlsx") from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    index = (header_row - 1) if header_row else _find_header(rows)
    if index is None or index >= len(rows):
        others = [name for name in book.sheetnames if name != ws.title]
        hint = f"; other sheets: {', '.join(map(repr, others))} (choose one with --sheet)" if others else ""
        raise InputError(f"{path}: sheet {ws.title!r} has no header row{hint}")
    width = max((i + 1 for i, v in enumerate(rows[index]) if v not in (None, "")), default=0)
    headers = [
        str(v).strip() if v is not None else f"column {i + 1}" for i, v in enumerate(rows[index][:width])
    ]
    wanted = select(headers)
    positions = [headers.index(h) for h in wanted]
    body = rows[index + 1 :]
    data = {
        h: [_cell_text(r[p]) if p < len(r) else None for r in body]
        for h, p in zip(wanted, positions, strict=True)
    }
    frame = pd.DataFrame(data, dtype="string").astype("category")
    frame = _drop_blank_rows(frame)
    return Table(headers, frame, first_line=index + 2)


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):  # a date cell: as the user sees it, without a time of midnight
        value = value.date() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    text = str(value).strip()
    return text if text and text not in NULLS else None


def _find_header(rows: list[list[object]]) -> int | None:
    """The first of the top 20 rows whose cells are all text and at least half as wide as the widest row."""
    top = rows[:20]
    widths = [sum(v not in (None, "") for v in r) for r in top]
    if not widths or max(widths) == 0:
        return None
    for i, row in enumerate(top):
        cells = [v for v in row if v not in (None, "")]
        if len(cells) >= max(2, max(widths) // 2) and all(isinstance(v, str) for v in cells):
            return i
    return None


def sniff(path: Path) -> tuple[str, str]:
    """(encoding, delimiter) that read_table would use for a CSV file."""
    text, encoding = _decoded_sample(path, None)
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    return encoding, sniff_delimiter(first)

"""A CSV or Parquet record file -> one row per distinct combination of raw values, counted while it is read.

The indicators need counts, never rows. So a workforce, recruitment or survey file (of responses, not one
already summed) given to `wres compute` or `wres validate` is read in record batches (Arrow's streaming CSV
reader, Parquet's batches), each column dictionary-encoded by Arrow; a column's distinct raw values are
numbered as they first appear, a row's numbers packed into one int64, and each batch's rows counted by that
number (pandas' hash table) and combined with the counts so far: the rows are never held. Each combination
keeps its number of rows and its first row, so the small table that results is mapped by the parsers every
file goes through (:func:`~wres_cli.inputs.canonical.from_table`, once per distinct value), each row's count
is multiplied by the rows it stands for, and a message still names the first line of a value. Person IDs are
kept only as a 64-bit hash per row (person_hashes.py, on disk past a few million), for the one-row-per-person
check.

What the counts cannot tell exactly as the whole file would (a defect to report with its rows, a person ID
that may repeat in a year, two spellings of one year, a row holding nothing but a person ID, a quoted line
break) sends the file back to be read whole (read.py), so every figure and every message is the same on either
path. Database aggregates do the same in SQL (database.py, reduction.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.errors import WresError
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.categories import yes_no
from wres_cli.inputs.columns import EVENT_FLAGS, ColumnPicker, Layout
from wres_cli.inputs.dataset import Dataset, ProblemSink
from wres_cli.inputs.person_hashes import HashShares, NotHashable, id_hashes, mixed
from wres_cli.inputs.read import (
    EXCEL_SUFFIXES,
    MAX_FIELD_CHARS,
    NULLS,
    PARQUET_SUFFIXES,
    Table,
    _check_field_sizes,
    _check_path,
    _csv_header,
    _decoded_sample,
)
from wres_cli.inputs.reduction import MOST_VALUES, NEVER_MERGED, class_keys

GROUPED = ("workforce", "recruitment", "survey")  # record files large enough to be worth it; boards are small
BATCH_ROWS = 1 << 16  # Parquet rows per batch: 4 x more held 20% more memory and took no less time
COMBINE_AT = 1 << 20  # partial groups held before they are combined into one table
BLOCK_BYTES = 1 << 20  # CSV bytes per batch: larger blocks only make the reader read further ahead


class ReadWhole(Exception):
    """The file has to be read whole for its figures or its messages to be exact."""


@dataclass(frozen=True, eq=False)
class GroupedDataset(Dataset):
    """A dataset read as counts of its distinct raw values: row i stands for ``group_rows[i]`` rows of the file,
    the first of them on ``line(i)``."""

    group_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    ids_checked: bool = False  # no person ID is there twice in a year (checked on hashes while reading)

    @property
    def rows(self) -> int:
        return int(self.group_rows.sum())


def groupable(path: str | Path, dataset: str) -> bool:
    """Whether a file of ``dataset`` can be read grouped (CSV and Parquet; Excel keeps its own reader)."""
    return dataset in GROUPED and Path(path).suffix.lower() not in (*EXCEL_SUFFIXES, ".xls")


class Grouped(NamedTuple):
    """A file read as counts: the Dataset, the Table of its distinct raw values (labelled by their first rows)
    and the columns found."""

    dataset: GroupedDataset
    table: Table
    layout: Layout


def load_grouped(
    path: Path,
    dataset: str,
    config: Config,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
) -> GroupedDataset | None:
    """The Dataset of a CSV or Parquet record file read as counts of its raw values; None when the file must
    be read whole instead (anything to report, or what the counts cannot say)."""
    found = read_grouped(path, dataset, config, encoding=encoding, delimiter=delimiter, header_row=header_row)
    return None if found is None else found.dataset


def read_grouped(
    path: Path,
    dataset: str,
    config: Config,
    *,
    checking: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
) -> Grouped | None:
    """:func:`load_grouped`, with the table and layout (for `wres validate`: ``checking`` reads the columns it
    checks, as read.py does for it)."""
    import pyarrow as pa

    picker = ColumnPicker(dataset, config, path, ProblemSink.raising(), checking=checking)
    try:
        batches, first_line, text_columns, wanted = _batches(path, picker, encoding, delimiter, header_row)
        layout = picker.layout
        assert layout is not None
        keys = list(dict.fromkeys(h for c, h in layout.columns.items() if c != "person_id"))
        person = layout.columns.get("person_id")
        person = person if person in wanted else None  # read from the workforce only (ColumnPicker)
        check_ids = dataset == "workforce" and person is not None and "count" not in layout.columns
        if not keys or layout.aggregated or (check_ids and person in keys):  # a survey already summed
            raise ReadWhole
        year = layout.columns.get("year")
        classes = [_classifier(layout, key, config) if key in text_columns else None for key in keys]
        counted = _Counter(keys, person, (person, year) if check_ids else None, classes)
        with counted.id_hashes:  # its temporary files go, whatever happens
            for batch in _read_ahead(batches):
                counted.add(batch)
            table, rows = _table(counted, text_columns, layout, first_line)
            loaded = from_table(table, layout, config, ProblemSink.raising())
            if loaded is None:
                raise ReadWhole
            if check_ids and (not _years_alike(loaded, table, year) or counted.id_hashes.repeats()):
                raise ReadWhole  # read whole, the file is refused naming the first repeated person
    except (WresError, ReadWhole, NotHashable, pa.ArrowInvalid, UnicodeDecodeError, LookupError, OSError):
        return None  # read whole: the same figures, or the same message, as ever
    frame = loaded.frame.assign(count=loaded.frame["count"].to_numpy() * rows)
    given = {f.name: getattr(loaded, f.name) for f in fields(Dataset) if f.init}
    warnings = tuple(_blank_flags(w, table, layout, rows) for w in loaded.warnings)
    dataset = GroupedDataset(
        **{**given, "frame": frame, "warnings": warnings}, group_rows=rows, ids_checked=check_ids
    )
    return Grouped(dataset, table, layout)


def _read_ahead(batches: Iterator[Any], depth: int = 2) -> Iterator[Any]:
    """The batches, the next ones parsed on another thread while this one counts the last (Arrow parses
    without the GIL: the national workforce file is parsed in ~1.2 s and counted in ~0.6 s of one core each,
    ~1.3 s together instead of 1.8 s). Anything the reader raises is raised here, in order."""
    import queue
    import threading

    ready: queue.Queue[Any] = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
            put(end)
        except BaseException as exc:  # handed to the reading thread, which raises it
            put(exc)

    worker = threading.Thread(target=parse, name="wres-parse", daemon=True)
    worker.start()
    try:
        while (item := ready.get()) is not end:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _batches(
    path: Path, picker: ColumnPicker, encoding: str | None, delimiter: str | None, header_row: int | None
) -> tuple[Iterator[Any], int, set[str], list[str]]:
    """(record batches of the columns ``picker`` asks for, file line of the first row, the text columns, the
    columns asked for)."""
    _check_path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _parquet_batches(path, picker)
    return _csv_batches(path, picker, encoding, delimiter, header_row)


def _csv_batches(
    path: Path, picker: ColumnPicker, encoding: str | None, delimiter: str | None, header_row: int | None
) -> tuple[Iterator[Any], int, set[str], list[str]]:
    """The CSV reader of read.py, streaming: the same options, so the same values and rows (a quoted line
    break or a row of the wrong width stops it, and the file is read whole)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text, encoding = _decoded_sample(path, encoding)
    skip, delimiter, headers = _csv_header(path, text, delimiter, header_row)
    wanted = picker(headers)
    if not wanted:
        raise ReadWhole
    assert picker.layout is not None
    person = picker.layout.columns.get("person_id")  # mostly distinct: not worth a dictionary
    read = pacsv.ReadOptions(
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        skip_rows=skip + 1,
        column_names=headers,
        block_size=BLOCK_BYTES,
    )
    # bytes, not text: UTF-8 is checked once per distinct value, on each batch's dictionary (and on the person
    # IDs), instead of in every cell (10% of the parse)
    convert = pacsv.ConvertOptions(
        include_columns=wanted,
        column_types={c: pa.dictionary(pa.int32(), pa.binary()) for c in wanted if c != person}
        | {c: pa.binary() for c in wanted if c == person},
        strings_can_be_null=True,
        null_values=NULLS,
        quoted_strings_can_be_null=True,
    )

    def handler(row):  # a line of spaces carries no person, as in read.py (which reports it when checking)
        return "skip" if not row.text.strip() and not picker.checking else "error"

    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False, invalid_row_handler=handler)
    reader = pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    return iter(reader), skip + 2, set(wanted), wanted


def _parquet_batches(path: Path, picker: ColumnPicker) -> tuple[Iterator[Any], int, set[str], list[str]]:
    """Parquet batches of the columns asked for: text and whole numbers only (read.py reads other types)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    wanted = picker(schema.names)
    types = {f.name: f.type for f in schema if f.name in wanted}
    if not wanted or not all(pa.types.is_string(t) or pa.types.is_integer(t) for t in types.values()):
        raise ReadWhole
    text = {name for name, t in types.items() if pa.types.is_string(t)}
    assert picker.layout is not None
    person = picker.layout.columns.get("person_id")  # mostly distinct: not worth a dictionary
    parquet = pq.ParquetFile(path, read_dictionary=[c for c in text if c != person])
    return parquet.iter_batches(batch_size=BATCH_ROWS, columns=wanted), 2, text, wanted


def _classifier(layout: Layout, header: str, config: Config) -> Callable[[list[Any]], list[Any]] | None:
    """For a text column whose values have canonical meanings (ethnic origin, staff group, band, grade,
    assignment category...), the key of each value's class of values that map alike (reduction.py): the
    national workforce's 586,239 combinations of raw values are 5 x fewer combinations of classes, and every
    step after the read works on those. Years, organisations, counts, person IDs and yes/no flags (whose
    blanks are counted in a warning) are grouped on as they are (None)."""
    canonicals = [c for c, h in layout.columns.items() if h == header]
    if not canonicals or any(c in (*NEVER_MERGED, *EVENT_FLAGS) for c in canonicals):
        return None

    def keys(values: list[Any]) -> list[Any]:
        found = class_keys(layout, header, canonicals, values, config)
        return [("own", v) if k == ("blank",) else k for v, k in zip(values, found, strict=True)]

    return keys


class _Counter:
    """Rows counted by each combination of raw ``keys``, with the first row of each, batch by batch.

    Every column's distinct values are numbered as they first appear (``values``; 0 is blank): a batch comes
    dictionary-encoded from Arrow, so only its dictionary is looked at in Python. Values of one class (see
    :func:`_classifier`) share a number, and the first of them stands for all. A row's numbers are packed
    into one int64 (``bits`` per column, widened as values come), which pandas' hash table groups.
    """

    def __init__(
        self,
        keys: list[str],
        person: str | None,
        ids: tuple[str, str | None] | None,
        classes: list[Callable[[list[Any]], list[Any]] | None] | None = None,
    ) -> None:
        self.keys, self.person, self.ids = keys, person, ids
        self.classes = classes or [None] * len(keys)
        self.values: list[list[Any]] = [[] for _ in keys]
        self.numbers: list[dict[Any, int]] = [{} for _ in keys]
        self.class_numbers: list[dict[Any, int]] = [{} for _ in keys]
        self.types: list[Any] = [None] * len(keys)
        self.bits = [0] * len(keys)
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (packed values, rows, first row)
        self.held = 0
        self.combined = 0  # combinations after the last combining
        self.offset = 0
        self.id_hashes = HashShares()  # a hash of each row's person ID and raw year

    def _numbered(self, i: int, column: Any) -> np.ndarray:
        """The values of one column of a batch as numbers (0: blank)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column)
        dictionary = column.dictionary
        if pa.types.is_binary(dictionary.type):  # as CSV text is read: checked as UTF-8 here
            dictionary = dictionary.cast(pa.string())
        self.types[i] = dictionary.type
        numbers, values, classes = self.numbers[i], self.values[i], self.class_numbers[i]
        dictionary = dictionary.to_pylist()
        new = list(dict.fromkeys(v for v in dictionary if v not in numbers))
        if new:
            classify = self.classes[i] if len(values) + len(new) <= MOST_VALUES else None
            for value, key in zip(new, classify(new) if classify else [("own", v) for v in new], strict=True):
                if key not in classes:
                    values.append(value)
                    classes[key] = len(values)
                numbers[value] = classes[key]
        lookup = np.zeros(len(dictionary) + 1, np.int64)
        lookup[:-1] = [numbers[value] for value in dictionary]
        indices = column.indices if not column.null_count else pc.fill_null(column.indices, -1)
        return lookup[indices.to_numpy()]

    def add(self, batch: Any) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        n = batch.num_rows
        if not n:
            return
        numbers = [self._numbered(i, batch.column(k)) for i, k in enumerate(self.keys)]
        self._widen()
        packed = np.zeros(n, np.int64)
        for shift, column in zip(self._shifts(), numbers, strict=True):
            packed |= column << shift
        if self.person is not None:  # a row with nothing but a person ID is a row read.py keeps
            ids = batch.column(self.person)
            if pa.types.is_binary(ids.type):
                ids = ids.cast(pa.string())  # checked as UTF-8, as the whole read checks it
            has_id = pc.is_valid(ids).to_numpy(zero_copy_only=False)
            if (
                pa.types.is_string(ids.type)
                and (pc.max(pc.binary_length(ids)).as_py() or 0) > MAX_FIELD_CHARS
            ):
                raise ReadWhole  # possibly too long to be an ID: read.py names its line
            if np.any((packed == 0) & has_id):
                raise ReadWhole
            if self.ids is not None:
                key = id_hashes(ids)
                if self.ids[1] is not None:  # (ID, raw year) as one number
                    key ^= mixed(numbers[self.keys.index(self.ids[1])].astype(np.uint64))
                self.id_hashes.add(key[has_id])
        groups, found = pd.factorize(packed)  # in the order each combination first appears
        seen = np.maximum.accumulate(groups)
        first = np.flatnonzero(np.r_[True, seen[1:] > seen[:-1]]) + self.offset
        self.parts.append((found, np.bincount(groups).astype(np.int64), first))
        self.offset += n
        self.held += len(found)
        if self.held > max(COMBINE_AT, 2 * self.combined) and len(self.parts) > 1:
            self.parts = [self._combined()]  # at least twice as much held as last time: linear in batches
            self.held = self.combined = len(self.parts[0][0])

    def _shifts(self) -> list[int]:
        return [sum(self.bits[:i]) for i in range(len(self.bits))]

    def _widen(self) -> None:
        """Give each column the bits its numbers need (with room to grow), repacking what is held."""
        need = [max(len(v).bit_length(), self.bits[i]) for i, v in enumerate(self.values)]
        if need == self.bits:
            return
        wider = [b if b == n else n + 2 for b, n in zip(self.bits, need, strict=True)]
        if sum(wider) > 62:
            raise ReadWhole  # too many combinations to number as one int64: read whole
        shifts, bits = self._shifts(), self.bits
        self.bits = wider
        self.parts = [
            (self._packed(self._unpacked(p, shifts, bits)), rows, first) for p, rows, first in self.parts
        ]

    def _unpacked(self, packed: np.ndarray, shifts: list[int], bits: list[int]) -> np.ndarray:
        return np.column_stack([(packed >> s) & ((1 << b) - 1) for s, b in zip(shifts, bits, strict=True)])

    def _packed(self, numbers: np.ndarray) -> np.ndarray:
        packed = np.zeros(len(numbers), np.int64)
        for i, shift in enumerate(self._shifts()):
            packed |= numbers[:, i] << shift
        return packed

    def _combined(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The held parts as one: rows of a combination summed, the first of their first rows kept."""
        packed = np.concatenate([p[0] for p in self.parts])
        groups, found = pd.factorize(packed)
        rows = np.zeros(len(found), np.int64)
        np.add.at(rows, groups, np.concatenate([p[1] for p in self.parts]))
        first = np.full(len(found), np.iinfo(np.int64).max)
        np.minimum.at(first, groups, np.concatenate([p[2] for p in self.parts]))
        return found, rows, first

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(the numbers of each combination's values, -1 blank; its rows; its first row), in the order of first
        rows."""
        if not self.parts:
            raise ReadWhole  # no rows: read whole, to say so
        packed, rows, first = self._combined()
        order = np.argsort(first, kind="stable")
        numbers = self._unpacked(packed[order], self._shifts(), self.bits) - 1
        return numbers, rows[order], first[order]


def _years_alike(loaded: Dataset, table: Table, year: str | None) -> bool:
    """Whether raw years and reporting years are one to one (then a repeat is a repeat of a raw year)."""
    if year is None:
        return True
    raw = table.frame[year].astype(object).where(table.frame[year].notna(), None)
    return raw.nunique(dropna=False) == pd.Series(loaded.frame["year"]).nunique(dropna=False)


def _table(counter: _Counter, text: set[str], layout: Layout, first_line: int) -> tuple[Table, np.ndarray]:
    """The counts as the text Table read.py would give for a file of their rows, in the order of their first
    rows (so values come in the order they first appear), labelled by their first rows; and the rows each
    stands for. Rows with every column blank are dropped, as read.py drops them."""
    codes, rows, first = counter.result()
    kept = ~(codes < 0).all(axis=1)
    if not kept.any():
        raise ReadWhole  # no data rows: read whole, to say so
    codes, rows, first = codes[kept], rows[kept], first[kept]
    columns = {
        key: _column(codes[:, i], counter.values[i], counter.types[i], key in text)
        for i, key in enumerate(counter.keys)
    }
    table = Table(list(layout.headers), pd.DataFrame(columns, index=pd.Index(first)), first_line=first_line)
    _check_field_sizes(layout.path, table)
    return table, rows


def _column(codes: np.ndarray, values: list[Any], kind: Any, text: bool) -> Any:
    """One column of the Table from the numbers of its values: text as a categorical whose categories come in
    the order the values first appear (as read.py's dictionaries do), whole numbers as Arrow gives them."""
    import pyarrow as pa

    if not text:
        return pa.array([values[c] if c >= 0 else None for c in codes], type=kind).to_pandas().to_numpy()
    known = codes >= 0
    order, present = pd.factorize(codes[known])  # in the order the values first appear
    renumbered = np.full(len(codes), -1, np.int64)
    renumbered[known] = order
    categories = pd.Index([values[j] for j in present], dtype=object)
    return pd.Categorical.from_codes(renumbered, categories=categories)


def _blank_flags(warning: str, table: Table, layout: Layout, rows: np.ndarray) -> str:
    """The parsers' 'N blank value(s) in column X counted as No', with N counted in file rows."""
    for flag in EVENT_FLAGS:
        header = layout.columns.get(flag)
        suffix = f" blank value(s) in column {header!r} counted as No"
        if header in table.frame and warning.startswith(f"{layout.path}: ") and warning.endswith(suffix):
            blank = yes_no(table.frame[header]).values.isna().to_numpy()
            return f"{layout.path}: {int(rows[blank].sum()):,}{suffix}"
    return warning

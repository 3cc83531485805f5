"""Person IDs as 64-bit hashes, for the one-row-per-person-per-year check of a file read as counts.

A file read grouped (grouped.py) never holds its rows, but the check that nobody is counted twice in a year
needs every (person ID, year) of the file. A hash of each is 8 bytes a row: 24 MB for a national workforce
file, but 240 MB for ten times that, which is more than everything else the read holds. So the hashes are
kept in shares by their top bits, and once more than SPILL_AT are held they go to a temporary file per share
(one appended block per batch); each share is then checked on its own, read back from its file. Memory stays
at SPILL_AT hashes plus one share, whatever the size of the file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SHARES = 16  # a power of 2: hashes are held in this many shares, by their top bits, checked one at a time
SPILL_AT = 1 << 22  # hashes held in memory (32 MB) before they are written to the shares' files
HASH_TABLE_AT_MOST = 1 << 20  # a share this small is checked with a hash table (3 x faster than sorting)


class NotHashable(Exception):
    """A person-ID column of a type the hash does not cover (the file is read whole instead)."""


def mixed(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64): nearby numbers become unrelated ones."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def id_hashes(column: Any) -> np.ndarray:
    """A 64-bit hash of each person ID of an Arrow column (text or whole numbers), computed on its buffers."""
    import pyarrow as pa

    if pa.types.is_integer(column.type):
        return mixed(column.fill_null(0).to_numpy().astype(np.int64).view(np.uint64))
    if not pa.types.is_string(column.type):
        raise NotHashable(str(column.type))
    n = len(column)
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int32, count=n + 1, offset=column.offset * 4).astype(np.int64)
    lengths = np.diff(offsets)
    out = lengths.astype(np.uint64)
    if data_buffer is None or not lengths.any():
        return mixed(out)
    data = np.frombuffer(data_buffer, np.uint8)[offsets[0] : offsets[-1]]
    longest = int(lengths.max())
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(longest, np.uint64(0x100000001B3), np.uint64))
        if lengths.min() == longest <= 64:  # IDs of one width (the usual): a column of characters at a time
            grid = data.reshape(n, longest)
            sums = np.zeros(n, np.uint64)
            for k in range(longest):
                sums += grid[:, k].astype(np.uint64) * powers[k]
            return mixed(out * np.uint64(0x9E3779B97F4A7C15) + sums)
        starts = offsets[:-1] - offsets[0]
        place = np.arange(len(data)) - np.repeat(starts, lengths)
        filled = lengths > 0
        out[filled] = out[filled] * np.uint64(0x9E3779B97F4A7C15) + np.add.reduceat(
            data.astype(np.uint64) * powers[place], starts[filled]
        )
    return mixed(out)


class HashShares:
    """The hashes of a file's rows, in SHARES shares by their top bits, spilled to temporary files past
    SPILL_AT; :meth:`repeats` says whether any hash is there twice. Close it (or use it as a context manager)
    to remove the files."""

    def __init__(self, shares: int | None = None, spill_at: int | None = None) -> None:
        self.shares = shares or SHARES
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self.held: list[list[np.ndarray]] = [[] for _ in range(self.shares)]
        self.count = 0  # hashes held in memory
        self.folder: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> HashShares:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.held = [[] for _ in range(self.shares)]
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None

    def add(self, hashes: np.ndarray) -> None:
        """Keep a batch's hashes, each in the share of its top bits."""
        top = (hashes >> np.uint64(64 - self.shares.bit_length() + 1)).astype(np.uint8)  # radix-sorted
        order = np.argsort(top, kind="stable")
        bounds = np.searchsorted(top[order], np.arange(self.shares + 1))
        ordered = hashes[order]
        for i in range(self.shares):
            if bounds[i + 1] > bounds[i]:
                self.held[i].append(ordered[bounds[i] : bounds[i + 1]])
        self.count += len(hashes)
        if self.count > self.spill_at:
            self._spill()

    def _file(self, share: int) -> Path:
        assert self.folder is not None
        return Path(self.folder.name) / f"share-{share}.u64"

    def _spill(self) -> None:
        """Append what each share holds to its file, and hold nothing."""
        if self.folder is None:
            self.folder = tempfile.TemporaryDirectory(prefix="wres-ids-")
        for i, parts in enumerate(self.held):
            if parts:
                with self._file(i).open("ab") as out:
                    for part in parts:
                        part.tofile(out)
        self.held = [[] for _ in range(self.shares)]
        self.count = 0

    def _share(self, i: int) -> np.ndarray:
        parts = self.held[i]
        self.held[i] = []
        if self.folder is not None and self._file(i).exists():
            parts = [np.fromfile(self._file(i), dtype=np.uint64), *parts]
            self._file(i).unlink()
        return np.concatenate(parts or [np.zeros(0, np.uint64)])

    def repeats(self) -> bool:
        """Whether a hash is there twice (two rows that may hold one person in one year); each share is read,
        checked and let go in turn."""
        try:
            for i in range(self.shares):
                share = self._share(i)
                if len(share) <= HASH_TABLE_AT_MOST:
                    if pd.Index(share).has_duplicates:
                        return True
                    continue
                share.sort()  # in place: a hash table over a large share holds several times its size
                if (share[1:] == share[:-1]).any():
                    return True
            return False
        finally:
            self.close()

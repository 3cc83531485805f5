"""A progress display on stderr for large inputs (about a million rows or more), only when stderr is a terminal.

Silent otherwise (pipes, files, CI logs, tests), and never on stdout, which carries the results.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

THRESHOLD = 1_000_000  # rows
SAMPLE = 1 << 16


def estimate_rows(path: Path) -> int:
    """Rows in a CSV (file size / mean length of the first lines) or Parquet file (its metadata); 0 if unknown."""
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return int(pq.read_metadata(path).num_rows)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            return 0  # a workbook holds at most 1,048,576 rows and is read in one go
        size = path.stat().st_size
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE)
    except Exception:  # an unreadable file is reported by the reader, not here
        return 0
    lines = sample.count(b"\n")
    if not lines:
        return 1 if sample else 0
    return int(size / (len(sample) / lines))


class Progress:
    """What the command is doing (``update``); a no-op unless the display is shown."""

    def __init__(self, display: Any = None, task: Any = None) -> None:
        self._display, self._task = display, task

    @property
    def shown(self) -> bool:
        return self._display is not None

    def update(self, text: str) -> None:
        if self._display is not None:
            self._display.update(self._task, description=text)


@contextmanager
def progress(
    paths: Iterable[str | Path | None], *, stream: TextIO | None = None, threshold: int = THRESHOLD
) -> Iterator[Progress]:
    """Show a spinner with the elapsed time while inputs of ``threshold`` rows or more are processed."""
    stream = stream if stream is not None else sys.stderr
    if not _is_terminal(stream):
        yield Progress()
        return
    files = [Path(p) for p in paths if p]
    rows = sum(estimate_rows(p) for p in files)
    if rows < threshold:
        yield Progress()
        return
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream, force_terminal=True)
    display = RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    with display:
        task = display.add_task(
            f"Reading about {rows:,} rows from {len(files)} file(s) and computing", total=None
        )
        yield Progress(display, task)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False

"""Input files -> Datasets for `wres compute`: read, map, and stop at the first defect with file, line and column.

`wres validate` reads through the same steps (:class:`~wres_cli.inputs.columns.ColumnPicker`, read_table,
:func:`~wres_cli.inputs.canonical.from_table`) with a collecting ProblemSink instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from wres_cli.core.config import Config
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import ColumnPicker
from wres_cli.inputs.dataset import Dataset, ProblemSink
from wres_cli.inputs.read import read_table


def load_dataset(
    path: str | Path,
    dataset: str,
    config: Config,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Dataset:
    """Read one input file into canonical columns, raising InputError with file, line and column."""
    path = Path(path)
    sink = ProblemSink.raising()
    picker = ColumnPicker(dataset, config, path, sink)
    table = read_table(
        path, encoding=encoding, delimiter=delimiter, sheet=sheet, header_row=header_row, select=picker
    )
    assert picker.layout is not None  # read_table asks for the columns before it returns
    loaded = from_table(table, picker.layout, config, sink)
    assert loaded is not None  # a raising sink has raised about any missing column
    return loaded


def load_inputs(
    paths: Mapping[str, str | Path | None],
    config: Config,
    *,
    then: Callable[[Dataset], object] | None = None,
    **read_options,
) -> dict[str, Dataset]:
    """Read every dataset that was given, two at a time (the parsers release the GIL), each handed to ``then``
    as soon as it is read (the pipeline sums it for the tallies while the other files are still being parsed);
    when several files fail, the first in the order given is reported."""
    given = {name: path for name, path in paths.items() if path}

    def load(name: str, path: str | Path) -> Dataset:
        dataset = load_dataset(path, name, config, **read_options)
        if then is not None:
            then(dataset)
        return dataset

    if len(given) < 2:
        return {name: load(name, path) for name, path in given.items()}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wres-read") as pool:
        futures = {name: pool.submit(load, name, path) for name, path in given.items()}
    return {name: future.result() for name, future in futures.items()}


def without_org(dataset: Dataset) -> tuple[str, int] | None:
    """(what to say, first line) about rows with no organisation in a file that has an organisation column:
    with --by org they count in "All" but in no organisation's figures. None when there are none."""
    if "org" not in dataset.frame:
        return None
    blank = np.flatnonzero(dataset.frame["org"].isna().to_numpy())
    if not blank.size:
        return None
    people = int(dataset.frame["count"].to_numpy()[blank].sum())
    first = int(dataset.line(blank[:1])[0])
    return (
        f"{people:,} people on {blank.size:,} row(s) have no organisation (first at line {first}); they count in "
        "'All' but in no organisation's figures",
        first,
    )

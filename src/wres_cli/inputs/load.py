"""Input files -> Datasets for `wres compute`: read, map, and stop at the first defect with file, line and column.

`wres validate` reads through the same steps (:class:`~wres_cli.inputs.columns.ColumnPicker`, read_table,
:func:`~wres_cli.inputs.canonical.from_table`) with a collecting ProblemSink instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from wres_cli.core.config import Config
from wres_cli.core.errors import InputError
from wres_cli.inputs.canonical import from_table
from wres_cli.inputs.columns import EVENT_DATASETS, ColumnPicker
from wres_cli.inputs.combine import combine
from wres_cli.inputs.database import load_database
from wres_cli.inputs.dataset import Dataset, ProblemSink
from wres_cli.inputs.events import event_dataset
from wres_cli.inputs.grouped import GroupedDataset, groupable, load_grouped
from wres_cli.inputs.people import refuse_repeated_people
from wres_cli.inputs.read import read_table
from wres_cli.inputs.sources import database_source


def load_dataset(
    path: str | Path,
    dataset: str,
    config: Config,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    grouped: bool = False,
) -> Dataset:
    """Read one input file into canonical columns, raising InputError with file, line and column.

    ``grouped``: a CSV or Parquet workforce or recruitment file may be read as counts of its distinct raw
    values (grouped.py), which give the same figures and messages without holding its rows.
    """
    source = database_source(path)
    if source is not None:  # a table or query in a database: only an aggregate of it is fetched
        return load_database(source, dataset, config)
    path = Path(path)
    if grouped and groupable(path, dataset):
        found = load_grouped(
            path, dataset, config, encoding=encoding, delimiter=delimiter, header_row=header_row
        )
        if found is not None:
            return found
    sink = ProblemSink.raising()
    picker = ColumnPicker(dataset, config, path, sink)
    table = read_table(
        path, encoding=encoding, delimiter=delimiter, sheet=sheet, header_row=header_row, select=picker
    )
    assert picker.layout is not None  # read_table asks for the columns before it returns
    loaded = from_table(table, picker.layout, config, sink)
    assert loaded is not None  # a raising sink has raised about any missing column
    return loaded


Paths = str | Path | Sequence[str | Path] | None  # one file, or one per year


def files_of(paths: Paths) -> list[str | Path]:
    """The files (or database sources) given for one dataset: one, several (one per year), or none."""
    if paths is None or paths == "":
        return []
    if isinstance(paths, str | Path):
        return [paths]
    return [p for p in paths if p not in (None, "")]


def load_inputs(
    paths: Mapping[str, Paths],
    config: Config,
    *,
    then: Callable[[Dataset], object] | None = None,
    **read_options,
) -> dict[str, Dataset]:
    """Read every dataset that was given, two files at a time (the parsers release the GIL), each handed to
    ``then`` as soon as it is complete (the pipeline sums it for the tallies while other files are still being
    parsed); when several files fail, the first in the order given is reported.

    A dataset given as several files (one per year) is read as one (overlapping years are refused); the
    workforce may hold each person once a year; event files are matched to the workforce (see events.py).
    """
    given = {name: files for name, path in paths.items() if (files := files_of(path))}
    whole = {name for name, files in given.items() if len(files) == 1 and name not in EVENT_DATASETS}
    # counts of raw values serve a dataset read from one file, when no event file needs the workforce's people
    grouped = set() if given.keys() & set(EVENT_DATASETS) else whole

    def load(name: str, path: str | Path) -> Dataset:
        dataset = load_dataset(path, name, config, grouped=name in grouped, **read_options)
        if name == "workforce":  # each file: two files may not share a year, so a repeat is within one file
            refuse_repeated_people(dataset)
        if then is not None and name in whole:
            then(dataset)
        return dataset

    jobs = [(name, path) for name, files in given.items() for path in files]
    if len(jobs) < 2:
        read = [load(name, path) for name, path in jobs]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wres-read") as pool:
            futures = [pool.submit(load, name, path) for name, path in jobs]
        read = [future.result() for future in futures]
    datasets: dict[str, Dataset] = {}
    for name in given:
        datasets[name] = combine([ds for (n, _), ds in zip(jobs, read, strict=True) if n == name])
        if then is not None and name not in whole and name not in EVENT_DATASETS:
            then(datasets[name])
    datasets = with_events(datasets)
    for name in EVENT_DATASETS:
        if name in datasets and then is not None:
            then(datasets[name])
    return datasets


def with_events(datasets: Mapping[str, Dataset]) -> dict[str, Dataset]:
    """The datasets with each event file's cases matched to the workforce (see events.py); those already
    matched are left as they are."""
    out = dict(datasets)
    for name in EVENT_DATASETS:
        if name not in out or EVENT_DATASETS[name] in out[name].frame:
            continue
        if "workforce" not in out:
            raise InputError(f"{out[name].label}: an event file is counted against the workforce file")
        out[name] = event_dataset(out[name], out["workforce"])
    return out


def without_org(dataset: Dataset) -> tuple[str, int] | None:
    """(what to say, first line) about rows with no organisation in a file that has an organisation column:
    with --by org they count in "All" but in no organisation's figures. None when there are none."""
    if "org" not in dataset.frame:
        return None
    blank = np.flatnonzero(dataset.frame["org"].isna().to_numpy())
    if not blank.size:
        return None
    people = int(dataset.frame["count"].to_numpy()[blank].sum())
    first = int(dataset.line(blank[:1])[0])  # grouped: rows in the order of their first lines
    rows = int(dataset.group_rows[blank].sum()) if isinstance(dataset, GroupedDataset) else blank.size
    if dataset.parts:
        return (
            f"{people:,} people on {rows:,} row(s) have no organisation (first at "
            f"{dataset.path_of(int(blank[0]))} line {first}); they count in 'All' but in no organisation's figures",
            first,
        )
    return (
        f"{people:,} people on {rows:,} row(s) have no organisation (first at line {first}); they count in "
        "'All' but in no organisation's figures",
        first,
    )

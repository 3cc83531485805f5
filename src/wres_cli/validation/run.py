"""`wres validate`: check the inputs of `wres compute` without computing indicators, and optionally check a
return written earlier by `wres compute --format csv` against them.

Files are read and mapped by the parsers `wres compute` uses, collecting problems instead of stopping at the
first (files.py), so validation and computation agree on every spelling; then come the checks across rows and
files (logic.py) and the return (against.py). Large record files are first read as counts of their raw values,
as `compute` reads them; when a finding about one of them would name rows, every check runs again on the files
read whole, so each line given is exact (EXACT_ON_COUNTS lists the findings that counts give exactly). A
finding carries a stable code (catalog.CHECKS), file, line (the header is line 1), column, message and hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from wres_cli.core.config import Config, load_config
from wres_cli.core.errors import ConfigError
from wres_cli.inputs.columns import EVENT_DATASETS
from wres_cli.inputs.grouped import GroupedDataset
from wres_cli.inputs.load import Paths, files_of
from wres_cli.inputs.sources import with_configured
from wres_cli.validation.against import check_return
from wres_cli.validation.catalog import Report, collapse
from wres_cli.validation.collector import Collector, Target
from wres_cli.validation.database import check_database, database_of, redo_row_checks
from wres_cli.validation.files import check_inputs
from wres_cli.validation.logic import check_logic


def validate(
    workforce: Paths,
    *,
    recruitment: Paths = None,
    board: Paths = None,
    survey: Paths = None,
    disciplinary: Paths = None,
    capability: Paths = None,
    training: Paths = None,
    config: Config | str | Path | None = None,
    year: int | None = None,
    by_org: bool = False,
    framework: str = "nhs-wres",
    indicators_dirs: Iterable[str | Path] = (),
    read_options: Mapping[str, Any] | None = None,
    against: str | Path | None = None,
    tolerance: float = 0.005,
    strict: bool = False,
    **options: Any,
) -> Report:
    """Check the inputs (and, with ``against``, a return written by `wres compute --format csv`).

    Raises ConfigError only when the configuration or options are wrong; everything about the files is a
    finding in the returned Report.
    """
    config = config if isinstance(config, Config) else load_config(config)
    config = config.with_options(**options)
    if tolerance < 0:
        raise ConfigError(f"--tolerance must be 0 or more, not {tolerance}")
    paths = {
        "workforce": workforce,
        "recruitment": recruitment,
        "board": board,
        "survey": survey,
        "disciplinary": disciplinary,
        "capability": capability,
        "training": training,
    }
    target = Target(
        paths,
        config,
        year,
        by_org,
        framework,
        tuple(indicators_dirs),
        dict(read_options or {}),
        against,
        tolerance,
    )
    c, counted = _checks(target, grouped=True)
    if not exact_on_counts(c, counted):  # rows of a file read as counts to name: read whole, to name them
        c, _ = _checks(target, grouped=False)
    inputs, sources = _inputs(target)
    files = [
        str(sources[name]) if name in sources else str(file)
        for name, path in inputs.items()
        for file in files_of(path)
    ]
    files += [str(against)] if against else []
    return Report(collapse(c.findings), files, c.ran, strict, c.notes)


# What the checks say from the counts of a file read grouped exactly as from its rows: findings about its header,
# the configuration, reporting years, boards, organisations, shares and headcounts, and the return checked. Any
# other finding names rows, so the inputs are checked again read whole.
EXACT_ON_COUNTS = frozenset(
    {"W106", "W501", "E208", "E209", "E303", "E306", "E307", "W401", "W402", "W403", "W405"}
    | {"E601", "E602", "E603", "E604", "E605"}
)


def exact_on_counts(c: Collector, counted: set[str]) -> bool:
    """Whether every finding about a file read as counts (``counted``) is one that counts tell exactly as rows
    do (EXACT_ON_COUNTS); findings about files read whole are exact anyway."""
    return all(f.code in EXACT_ON_COUNTS or f.file not in counted for f in c.findings)


def _checks(target: Target, *, grouped: bool) -> tuple[Collector, set[str]]:
    """Every check, and the files read as counts (``grouped``: the large record files that can be, when no
    event file needs the workforce's person IDs)."""
    c = Collector()
    config = target.config
    inputs, sources = _inputs(target)
    grouped = grouped and not any(name in EVENT_DATASETS for name in inputs)
    checked = {
        name: None if name in sources else check_inputs(c, name, path, config, target.read_options, grouped)
        for name, path in inputs.items()
    }
    in_database = {name: check_database(c, name, source, config) for name, source in sources.items()}
    found = {name: checked[name] or in_database.get(name) for name in inputs}
    datasets = {name: ch.dataset for name, ch in found.items() if ch is not None and ch.dataset is not None}
    check_logic(c, datasets, checked, target)
    redo_row_checks(c, in_database, target)
    if target.against is not None:
        input_errors = any(f.severity == "error" for f in c.findings)
        check_return(c, Path(target.against), target, None if input_errors else datasets)
    return c, {ds.label for ds in datasets.values() if isinstance(ds, GroupedDataset)}


def _inputs(target: Target) -> tuple[dict[str, Any], dict[str, Any]]:
    """(each input given, by dataset; the database source of each input that is a table or query)."""
    given = with_configured(target.paths, target.config)
    inputs = {name: path for name, path in given.items() if path is not None}
    return inputs, {
        name: source for name, path in inputs.items() if (source := database_of(path)) is not None
    }

"""Everything the command line does, callable from a notebook: ``compute(...)`` returns :class:`Results`.

A thin facade over :mod:`wres_cli.pipeline`; its names are the stable public API. ``run(options)`` is what the
commands call: the same computation from one :class:`RunOptions` value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wres_cli.core.options import RunOptions
from wres_cli.pipeline import (
    Loaded,
    compute,
    compute_all,
    compute_loaded,
    disclosure_check,
    load,
    with_tables,
)
from wres_cli.results.model import DatasetSummary, Results

if TYPE_CHECKING:
    from wres_cli.results.disclosure_audit import Audit

__all__ = [
    "DatasetSummary",
    "Loaded",
    "Results",
    "RunOptions",
    "check_disclosure",
    "compute",
    "compute_all",
    "compute_loaded",
    "disclosure_check",
    "load",
    "load_options",
    "run",
    "with_tables",
]


def run(options: RunOptions, *, trend: bool = False) -> Results:
    """Compute every indicator of ``options.framework`` from ``options``; ``trend=True`` adds the trend table
    and, by organisation, the benchmarking table."""
    return compute_all(load_options(options), year=options.year, by_org=options.by_org, trend=trend)


def load_options(options: RunOptions) -> Loaded:
    """The configuration, indicators and inputs that ``options`` name, read once."""
    return load(
        options.workforce,
        recruitment=options.recruitment,
        board=options.board,
        survey=options.survey,
        disciplinary=options.disciplinary,
        capability=options.capability,
        training=options.training,
        config=options.config,
        framework=options.framework,
        indicators_dirs=options.indicators_dirs,
        read_options=options.read_options,
        **options.overrides,
    )


def check_disclosure(options: RunOptions) -> Audit:
    """What a reader could still work out from the suppressed publication that ``options`` describe."""
    return disclosure_check(load_options(options), year=options.year, by_org=options.by_org)

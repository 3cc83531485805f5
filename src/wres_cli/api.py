"""Everything the command line does, callable from a notebook: ``compute(...)`` returns :class:`Results`.

A thin facade over :mod:`wres_cli.pipeline`; its names are the stable public API. ``run(options)`` is what the
commands call: the same computation from one :class:`RunOptions` value.
"""

from __future__ import annotations

from wres_cli.core.options import RunOptions
from wres_cli.pipeline import Loaded, compute, compute_loaded, disclosure_check, load, with_tables
from wres_cli.results.model import DatasetSummary, Results

__all__ = [
    "DatasetSummary",
    "Loaded",
    "Results",
    "RunOptions",
    "compute",
    "compute_loaded",
    "disclosure_check",
    "load",
    "run",
    "with_tables",
]


def run(options: RunOptions, *, trend: bool = False) -> Results:
    """Compute every indicator of ``options.framework`` from ``options``; ``trend=True`` adds the trend table
    and, by organisation, the benchmarking table."""
    return compute(
        options.workforce,
        recruitment=options.recruitment,
        board=options.board,
        survey=options.survey,
        disciplinary=options.disciplinary,
        capability=options.capability,
        training=options.training,
        config=options.config,
        year=options.year,
        by_org=options.by_org,
        framework=options.framework,
        indicators_dirs=options.indicators_dirs,
        read_options=options.read_options,
        trend=trend,
        **options.overrides,
    )

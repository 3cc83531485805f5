"""Everything the command line does, callable from a notebook: ``compute(...)`` returns :class:`Results`.

A thin facade over :mod:`wres_cli.pipeline`; its names are the stable public API.
"""

from __future__ import annotations

from wres_cli.pipeline import Loaded, compute, compute_loaded, load, with_tables
from wres_cli.results.model import DatasetSummary, Results

__all__ = ["DatasetSummary", "Loaded", "Results", "compute", "compute_loaded", "load", "with_tables"]

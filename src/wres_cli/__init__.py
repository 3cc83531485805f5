"""wres-cli: the Workforce Race Equality Standard indicators from workforce, recruitment, board and survey files.

The stable import path for indicator authors is this package: ``from wres_cli import Indicator, likelihood_rows``
(the contract, the row builders, the reading makers and the indicator factories; ``wres_cli.measures`` keeps
the row builders under their first name). ``wres_cli.api`` offers everything the command line does. Names load
lazily so that ``wres --help`` starts instantly. See docs/writing-an-indicator.md.
"""

__version__ = "0.1.0"

_BUILDERS = {
    "indicators.rows": ("rows", "percent_rows", "difference_rows", "not_computed", "band_flag"),
    "indicators.likelihood": (
        "likelihood_rows",
        "ratio_rows",
        "ratio_row",
        "two_year_likelihood_rows",
        "group_ratio_rows",
    ),
    "indicators.survey": ("survey_rows", "survey_tally", "survey_years", "ratio_of_percents_rows"),
    "indicators.shares": ("composition_rows", "share_rows", "share_gap_rows", "mean_rows", "narrative_rows"),
    "indicators.readings": ("fmt_ratio", "describe_likelihood", "describe_percent_gap", "describe_group_gap"),
}

_LAZY = {
    # the plugin contract
    "Indicator": "indicators.contract",
    "Context": "indicators.contract",
    "ALL": "core.schema",
    "COLUMNS": "core.schema",
    "MEASURES": "core.schema",
    "STATUSES": "core.schema",
    # row builders and readings, by the module that holds them (``wres_cli.measures`` re-exports the same)
    **{name: module for module, names in _BUILDERS.items() for name in names},
    "likelihood_indicator": "indicators.factories",
    "wdes_survey_indicator": "indicators.factories",
    "reference_of": "core.frameworks",
    "senior_grades": "inputs.characteristics",
    "percent": "core.formatting",
    "load_registry": "indicators.registry",
    # the notebook API
    "compute": "api",
    "Results": "api",
    "WresError": "core.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'wres_cli' has no attribute {name!r}")

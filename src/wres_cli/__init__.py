"""wres-cli: the Workforce Race Equality Standard indicators from workforce, recruitment, board and survey files.

The public contract for indicator authors is ``Indicator``, ``Context`` and the row builders in
``wres_cli.measures``; ``wres_cli.api`` offers everything the command line does. Heavy modules load lazily so
that ``wres --help`` starts instantly.
"""

__version__ = "0.1.0"

_LAZY = {
    "Indicator": "indicator",
    "Context": "indicator",
    "ALL": "indicator",
    "COLUMNS": "indicator",
    "compute": "api",
    "Results": "api",
    "WresError": "errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'wres_cli' has no attribute {name!r}")

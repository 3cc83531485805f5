"""The command line: Typer only. ``app`` carries one module per command; ``main`` is the console entry point."""

from wres_cli.cli import compute, disclosure, init, listing, report, validate  # noqa: F401  (each registers its command)
from wres_cli.cli.app import app, main

__all__ = ["app", "main"]

"""The `wres validate` command."""

from __future__ import annotations

from .cli import app  # noqa: F401

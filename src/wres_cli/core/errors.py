"""Errors raised below the command line, and the exit codes they map to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; one place for the whole tool."""

    OK = 0
    FINDINGS = 1  # the run worked and found problems (validation findings, --strict)
    USAGE = 2  # the user's input, options or configuration are wrong
    BUG = 70  # an unexpected exception: a defect in wres-cli


class WresError(Exception):
    """An error the user can fix; the message names the file, line, column or key and the fix."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(WresError):
    """An input file is missing, unreadable or malformed."""


class ConfigError(WresError):
    """The configuration file or an option is wrong."""


class OutputError(WresError):
    """An output could not be written."""


def where(path: object, line: int | None = None, column: str | None = None) -> str:
    """'workforce.csv line 12, column Pay Band' style location prefix."""
    text = str(path)
    if line is not None:
        text += f" line {line}"
    if column is not None:
        text += f", column {column!r}" if line is not None else f" column {column!r}"
    return text

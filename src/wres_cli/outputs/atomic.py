"""The only way wres writes a file: checked first (never over an input), then written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from wres_cli.core.errors import OutputError


def check_destination(output: Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse to overwrite an input file or write into a missing directory."""
    target = output.resolve()
    for path in inputs:
        if path and Path(path).exists() and Path(path).resolve() == target:
            raise OutputError(
                f"--output {output} is one of the input files; choose another name "
                "(inputs are never modified)"
            )
    if output.is_dir():
        raise OutputError(f"--output {output} is a directory; give a file name")
    if not output.parent.exists():
        raise OutputError(f"--output {output}: directory {output.parent} does not exist")
    if not output.parent.is_dir():
        raise OutputError(f"--output {output}: {output.parent} is a file, not a directory")
    if not os.access(output.parent, os.W_OK):  # checked again when writing; this fails before computing
        raise OutputError(f"--output {output}: cannot write into {output.parent}; check its permissions")


def write_atomic(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write to a temporary file beside ``path`` then rename, so readers never see a partial file."""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(
            handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})
        ) as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as an ordinary new file would be (mkstemp makes it owner-only)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda stream: stream.write(text))

"""Finding indicators: the built-in folder, an explicit --indicators-dir, and installed entry points.

Discovery is a function call with no import side effects; a test can build a registry from exactly the
modules it wants. Nothing is imported from the current directory implicitly.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from wres_cli.indicators.contract import Indicator

ENTRY_POINT_GROUP = "wres.indicators"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/wres_cli, or wres_cli in an installed wheel


@dataclass
class Registry:
    """The indicators found, and the plugins that could not be loaded (name: reason)."""

    indicators: list[Indicator] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def framework(self, name: str) -> list[Indicator]:
        return sorted((i for i in self.indicators if i.framework == name), key=lambda i: (i.order, i.id))

    @property
    def frameworks(self) -> list[str]:
        return sorted({i.framework for i in self.indicators})


def builtin_dir() -> Path:
    """Where the built-in indicator modules are: inside an installed wheel, or the repository's indicators/."""
    shipped = PACKAGE_DIR / "builtin_indicators"
    return shipped if shipped.is_dir() else PACKAGE_DIR.parent.parent / "indicators"


def load_registry(
    dirs: Iterable[str | Path] = (), *, builtin: bool = True, entry_points: bool | None = None
) -> Registry:
    """Every indicator from the built-in folder, the given folders and (unless WRES_NO_PLUGINS=1) entry points."""
    registry = Registry()
    if builtin:
        _load_dir(registry, builtin_dir(), "built-in", strict=True)
    for directory in dirs:
        _load_dir(registry, Path(directory), f"directory {directory}", strict=False)
    if entry_points is None:
        entry_points = os.environ.get("WRES_NO_PLUGINS", "") in ("", "0")
    if entry_points:
        _load_entry_points(registry)
    return registry


def _load_dir(registry: Registry, directory: Path, source: str, *, strict: bool) -> None:
    if not directory.is_dir():
        if strict:
            raise RuntimeError(f"built-in indicators not found at {directory}")
        from wres_cli.core.errors import ConfigError

        raise ConfigError(f"--indicators-dir {directory}: no such directory")
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            found = load_module(path)
        except Exception as exc:  # a broken plugin must not stop the others
            if strict:
                raise
            registry.errors.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        _add(registry, found, source, path.name, origin=str(path))


def load_module(path: Path) -> list[Indicator]:
    """Import one file as a module and return its INDICATOR (or INDICATORS)."""
    name = f"wres_cli._loaded.{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return _indicators_of(module, path.name)


def _indicators_of(module: object, where: str) -> list[Indicator]:
    found = getattr(module, "INDICATORS", None) or [getattr(module, "INDICATOR", None)]
    found = [i for i in found if i is not None]
    if not found or not all(isinstance(i, Indicator) for i in found):
        raise TypeError(f"{where} defines no INDICATOR = wres_cli.Indicator(...)")
    return list(found)


def _add(registry: Registry, found: list[Indicator], source: str, where: str, *, origin: str) -> None:
    taken = {i.key for i in registry.indicators}
    for indicator in found:
        if indicator.key in taken:
            registry.errors.append(f"{where}: indicator {indicator.key} is already defined; ignored")
            continue
        registry.indicators.append(replace(indicator, source=source, origin=origin))
        taken.add(indicator.key)


def _load_entry_points(registry: Registry) -> None:
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = point.load()
            found = (
                loaded
                if isinstance(loaded, list | tuple)
                else _indicators_of(loaded, point.name)
                if not isinstance(loaded, Indicator)
                else [loaded]
            )
        except Exception as exc:  # a broken plugin must not stop the others
            registry.errors.append(f"{point.name} ({point.value}): {type(exc).__name__}: {exc}")
            continue
        source = f"package {point.dist.name if point.dist else point.value}"
        _add(registry, list(found), source, point.name, origin=f"entry point {point.name} = {point.value}")

"""Value mappings of the configuration that say nothing: a value left empty (as `wres init` writes the values it
could not place, for the user to fill in) or mapped to "Non AfC". Either would quietly put people in no group
or a "Not recorded" band, so `wres compute` refuses them and `wres validate` lists them, each with its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from wres_cli.core.config import Config
from wres_cli.core.config_lines import config_line
from wres_cli.core.errors import ConfigError
from wres_cli.inputs.categories import BANDS, _band_rule
from wres_cli.inputs.mapping import AS_MISSING, normalise_text

# configuration key -> what a value is mapped to, for the message
MAPPINGS = {
    "ethnicity": "its group (White, BME or Unknown)",
    "bands": f"its pay band ({BANDS[1]} to {BANDS[-3]}, {BANDS[-2]}, {BANDS[0]} or {BANDS[-1]})",
    "staff_groups": "its category (Non-clinical, Clinical non-medical or Medical & dental)",
    "medical_grades": "its subgroup (Consultants, Non-consultant career grade, Trainee grades or Other)",
    "disability": "its group (Disabled, Non-disabled or Unknown)",
    "assignment_categories": "Bank (bank-only staff) or Substantive",
    "capability_reasons": "Performance or Ill health",
    "survey_answers": "yes, no or not counted",
}


@dataclass(frozen=True)
class Placeholder:
    """One value mapping that says nothing: where it is and why."""

    keys: tuple[str, ...]  # e.g. ("bands", "Band 8 Range A")
    line: int | None
    message: str


def placeholders(config: Config) -> list[Placeholder]:
    """Every empty (or "Non AfC") target of a value mapping, in the order of the configuration keys."""
    found = []
    for key, meaning in MAPPINGS.items():
        for value, target in getattr(config, key).items():
            why = _why(key, target)
            if why:
                found.append(_placeholder(config, (key, value), f"{key}: {value!r} {why}; give it {meaning}"))
    for name, spec in config.characteristics.items():
        for value, target in spec.groups.items():
            if not target.strip():
                keys = ("characteristics", name, "groups", value)
                message = f"characteristics.{name}.groups: {value!r} is left empty; give it one of its groups"
                found.append(_placeholder(config, keys, message))
    return sorted(found, key=lambda p: (p.line is None, p.line or 0))  # in the order of the file


def _why(key: str, target: str) -> str | None:
    if not target.strip():
        return "is left empty (a value `wres init` could not place, still to be filled in)"
    if key == "bands" and _band_rule(normalise_text(target)) == AS_MISSING:
        return f"is mapped to {target!r}, which is not a pay band, so these staff would count in a 'Not recorded' band"
    return None


def _placeholder(config: Config, keys: tuple[str, ...], message: str) -> Placeholder:
    return Placeholder(keys, config_line(config.source, keys), message)


def refuse_placeholders(config: Config) -> None:
    """Raise ConfigError naming the first placeholder's line (and how many there are)."""
    found = placeholders(config)
    if not found:
        return
    first = found[0]
    at = f"{config.source} line {first.line}" if first.line is not None else config.source
    more = f" ({len(found)} such values in all; `wres validate` lists them)" if len(found) > 1 else ""
    raise ConfigError(f"{at}: {first.message}{more}")

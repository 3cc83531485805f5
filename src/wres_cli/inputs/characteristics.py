"""Groups beyond ethnicity: any configured characteristic, council pay grades and WDES survey answers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wres_cli.core.frameworks import UNKNOWN
from wres_cli.inputs.categories import survey_rule
from wres_cli.inputs.mapping import AS_MISSING, YES_NO, Mapped, map_values, normalise_text

if TYPE_CHECKING:
    from wres_cli.core.config import Characteristic


# ------------------------------------------------------------------------------------- characteristic


def natural_key(text: str) -> tuple:
    """Sort key putting 'Grade 9' before 'Grade 10' and '16-24' before '25-34'."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", str(text))
        if part
    )


def characteristic_group(series: Any, spec: Characteristic) -> Mapped:
    """Raw values -> the configured groups (missing -> Unknown); with no groups listed, the raw values."""
    import pandas as pd

    if spec.groups:
        categories = (*(g for g in spec.order if g != UNKNOWN), UNKNOWN)
        by_text = {normalise_text(g): g for g in categories}
        return map_values(
            series, lambda text: by_text.get(text), categories, missing=UNKNOWN, overrides=spec.groups
        )
    text = pd.Series(series).astype("string").str.strip()
    present = {v for v in text.dropna().unique() if normalise_text(v) not in ("", UNKNOWN.lower())}
    categories = (*sorted(present, key=natural_key), UNKNOWN)
    by_text = {normalise_text(c): c for c in categories}
    return map_values(text, lambda t: by_text.get(t), categories, missing=UNKNOWN)


# ------------------------------------------------------------------------------------- council grades


def pay_grades(series: Any, order: Sequence[str] = ()) -> Mapped:
    """Council pay grades as an ordered category: the configured order, else natural order of the values."""
    import pandas as pd

    text = pd.Series(series).astype("string").str.strip()
    categories = (
        tuple(order) if order else tuple(sorted({v for v in text.dropna().unique() if v}, key=natural_key))
    )
    by_text = {normalise_text(g): g for g in categories}
    return map_values(text, lambda t: by_text.get(t), categories or ("",), missing=None)


def senior_grades(categories: Sequence[str], threshold: str, order: Sequence[str] = ()) -> list[bool]:
    """Per grade: at or above the senior threshold (by the configured order, else natural order)."""
    if order:
        position = {g: i for i, g in enumerate(order)}
        return [position[g] >= position[threshold] for g in categories]
    return [natural_key(g) >= natural_key(threshold) for g in categories]


# ------------------------------------------------------------------------------------- WDES answers

_POSITIVE = re.compile(r"^(?:(?:very |strongly )?(?:satisfied|agree)|always|often|most of the time)$")
_NEGATIVE = re.compile(r"^(?:(?:very |strongly )?(?:dissatisfied|disagree)|neither.*|rarely|sometimes)$")
_NOT_ASKED = re.compile(r"^(?:no adjustments? (?:required|needed)|not applicable|n/?a|does not apply)$")


def _wdes_rule(text: str) -> str | None:
    if _NOT_ASKED.match(text):
        return AS_MISSING
    if _POSITIVE.match(text):
        return "yes"
    if _NEGATIVE.match(text):
        return "no"
    return survey_rule(text)


def wdes_answer(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Staff-survey answers for WDES metrics: the WRES answers plus satisfaction and agreement scales
    (satisfied or agree counts as yes) and 'No adjustment required' (not counted as answering)."""
    return map_values(series, _wdes_rule, YES_NO, missing=None, overrides=overrides)

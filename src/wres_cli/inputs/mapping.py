"""The engine every value mapper runs on: raw export values -> a fixed set of categories, once per distinct value.

A mapper works on the *categories* of a pandas Series: the input is converted to ``category`` dtype once, a
plain Python rule is evaluated once per distinct value, and the result is assembled with
:meth:`pandas.Categorical.from_codes`. Cost is one factorisation of the column plus a few hundred rule calls,
whatever the row count.

Common conventions (see :func:`map_values`):

* Text is compared after :func:`normalise_text` (trim, collapse spaces incl. non-breaking ones,
  casefold).  Numbers are compared as text, with integral floats written without ``.0`` (``5.0`` -> ``"5"``).
* Missing-like values (NaN/NA, ``""``, ``NULL``, ``N/A``, ``NA``, ``#N/A``, ``None``, ``-``, ``nan``,
  ``<NA>``) take the mapper's *missing* answer and are never reported as unmapped.
* Overrides (raw value -> target, keys normalised) are consulted before anything else.  A target is
  a category (any case), a value the mapper itself recognises (``"8A"`` for a band), or None / a
  missing-like value meaning "treat as missing"; anything else raises :class:`MappingError`.
* A value no rule recognises becomes NaN and is listed in ``Mapped.unmapped`` (a data error for the
  caller to report), never silently Unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.errors import ConfigError

AS_MISSING = "\x00missing"
"""A rule may return this to say "recognised, but treat like a missing value" (e.g. "Non AfC")."""

YES_NO = ("yes", "no")

NOT_STATED = re.compile(
    r"\b(?:not (?:stated|known|declared|given|disclosed|specified|recorded|provided)|unknown|undisclosed"
    r"|unspecified|prefer not to (?:say|answer|disclose)|(?:do not|don't|dont) wish to (?:disclose|say)"
    r"|refused|declined|withheld)\b"
)
"""Phrases saying an answer was withheld: ethnicity and disability both read them as Unknown."""

_MISSING_TEXT = frozenset({"", "null", "n/a", "na", "#n/a", "none", "-", "nan", "<na>"})
_INVISIBLE = str.maketrans({"\u200b": "", "\ufeff": "", "\u00a0": " ", "\u202f": " ", "\u2007": " "})


class MappingError(ConfigError, ValueError):
    """An override (or rule) names a category that does not exist."""


@dataclass(frozen=True)
class Mapped:
    """Result of a mapping: canonical values, unrecognised raw values, optional second output."""

    values: pd.Series
    unmapped: list[str]
    extra: pd.Series | None = None


def normalise_text(value: str) -> str:
    """Trim, collapse internal whitespace (incl. non-breaking spaces) and casefold."""
    return " ".join(str(value).translate(_INVISIBLE).split()).casefold()


def _to_text(value: Any) -> str | None:
    """Category value -> text (None for NA); integral floats lose their ``.0``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return None
        if float(value).is_integer():
            return str(int(value))
    return str(value)


def as_categorical(series: Any) -> pd.Series:
    """The values as a categorical Series, so that a rule runs once per distinct value."""
    if not isinstance(series, pd.Series):
        series = pd.Series(series)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series
    return series.astype("category")


def map_categorical(
    cat: pd.Series,
    rule: Callable[[str], str | None],
    categories: Sequence[str],
    missing: str | None,
    overrides: Mapping[str, str | None] | None,
) -> tuple[np.ndarray, list[str], list[str | None]]:
    """Return (row codes into ``categories``, unmapped raw values, normalised text per input category)."""
    position = {c: i for i, c in enumerate(categories)}
    by_text = {normalise_text(c): i for i, c in enumerate(categories)}
    if missing is not None and missing not in position:
        raise ValueError(f"missing value {missing!r} is not one of {tuple(categories)}")
    missing_code = -1 if missing is None else position[missing]

    def rule_code(category: str | None) -> int:
        if category == AS_MISSING:
            return missing_code
        if category not in position:
            raise ValueError(f"mapping rule returned {category!r}, not one of {tuple(categories)}")
        return position[category]

    def override_code(raw: str, target: str | None) -> int:
        """Override target: None/missing-like -> missing; a category (any case); else what the rule says."""
        text = None if target is None else normalise_text(target)
        if text is None or text in _MISSING_TEXT:
            return missing_code
        if text in by_text:
            return by_text[text]
        result = rule(text)
        if result is None:
            options = ", ".join(categories)
            raise MappingError(f"mapping {raw!r} -> {target!r}: {target!r} is not one of {options}")
        return rule_code(result)

    over = {normalise_text(k): override_code(k, v) for k, v in (overrides or {}).items()}

    raw_categories = cat.cat.categories
    # One slot per category plus a final slot so that NaN codes (-1) index the missing answer.
    lookup = np.full(len(raw_categories) + 1, -1, dtype=np.int16 if len(categories) < 2**15 else np.int64)
    lookup[-1] = missing_code
    texts: list[str | None] = []
    bad: dict[int, str] = {}
    for i, raw in enumerate(raw_categories):
        text = _to_text(raw)
        key = None if text is None else normalise_text(text)
        texts.append(key)
        if key is not None and key in over:
            lookup[i] = over[key]
        elif key is None or key in _MISSING_TEXT:
            lookup[i] = missing_code
        else:
            result = rule(key)
            if result is None:
                bad[i] = str(raw).strip()
            else:
                lookup[i] = rule_code(result)
    raw_codes = cat.cat.codes.to_numpy()  # -1 (missing) picks the final slot
    codes = lookup[raw_codes]
    return codes, _first_seen(raw_codes, bad), texts


def _first_seen(raw_codes: np.ndarray, bad: dict[int, str]) -> list[str]:
    """Unrecognised values present in the data, once each, in order of first appearance."""
    if not bad:
        return []
    in_order = pd.unique(raw_codes)  # hash-based, keeps order of first appearance
    return list(dict.fromkeys(bad[int(c)] for c in in_order if int(c) in bad))


def categorical_result(codes: np.ndarray, categories: Sequence[str], like: pd.Series) -> pd.Series:
    """Row codes -> a categorical Series over ``categories`` with the index and name of ``like``."""
    values = pd.Categorical.from_codes(codes, categories=list(categories))
    return pd.Series(values, index=like.index, name=like.name)


def map_values(
    series: Any,
    rule: Callable[[str], str | None],
    categories: Sequence[str],
    *,
    missing: str | None,
    overrides: Mapping[str, str | None] | None = None,
) -> Mapped:
    """Map each distinct value of ``series`` once with ``rule`` and broadcast to rows.

    ``rule`` receives normalised text and returns a category, ``AS_MISSING`` or None (unrecognised).
    Missing-like values map to ``missing`` (NaN when None).  Unrecognised values become NaN and are
    listed in ``unmapped``.  Overrides (raw -> category, or None for missing) take precedence.
    """
    cat = as_categorical(series)
    codes, unmapped, _ = map_categorical(cat, rule, categories, missing, overrides)
    return Mapped(categorical_result(codes, categories, cat), unmapped)

"""Checks and conversions shared by the statistics modules: confidence levels, counts and amounts."""

from __future__ import annotations

import math
from statistics import NormalDist


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level strictly between 0 and 1."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def amount(value, name: str) -> float:
    """A non-negative finite number (a count, or respondents implied by a published percentage)."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def count(value, name: str) -> int:
    """A non-negative whole number as int, or ValueError."""
    try:
        whole = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if whole != value:
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if whole < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return whole


def finite(x: float) -> float | None:
    """x as a float, or None when it is infinite or not a number."""
    return float(x) if math.isfinite(x) else None

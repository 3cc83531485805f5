"""Display formatting shared by every human-facing output. Values published as text (e.g. suppressed '<10')
pass through unchanged; missing values become an empty string or a dash, never 'nan' or 'inf'."""

from __future__ import annotations

import math
from typing import Any

DASH = "–"


def missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isinf(value))
    except (TypeError, ValueError):
        return value is not None and str(value) in ("<NA>", "nan")


def count(value: Any) -> str:
    if isinstance(value, str):
        return value
    if missing(value):
        return DASH
    return f"{float(value):,.0f}" if float(value).is_integer() else f"{float(value):,.1f}"


def percent(value: Any, digits: int = 1) -> str:
    if isinstance(value, str):
        return value
    return DASH if missing(value) else f"{value:.{digits}f}%"


def ratio(value: Any, digits: int = 2) -> str:
    """'1.60'; '<0.01' and '1,234' at the extremes, so that no ratio prints as '0.00' or with a tail of
    meaningless decimals."""
    if isinstance(value, str):
        return value
    if missing(value):
        return DASH
    if value == 0:
        return "0"
    if value < 0.01:
        return "<0.01"
    return f"{value:,.0f}" if value >= 100 else f"{value:.{digits}f}"


def points(value: Any) -> str:
    if isinstance(value, str):
        return value
    return DASH if missing(value) else f"{value:+.1f} pts"


def p_value(value: Any) -> str:
    """'<0.001', '0.024', or a suppression mark as it is; empty when there is none."""
    if isinstance(value, str):
        return value
    if missing(value):
        return ""
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def interval(low: Any, high: Any, measure: str) -> str:
    """'(1.45–1.92)' for ratios, '(25.1–29.3%)' for percentages, '(−1.2 to +7.1)' for differences."""
    if isinstance(low, str) or isinstance(high, str):
        return f"({low}–{high})"
    if measure in ("relative_likelihood", "ratio_of_percents") and not missing(low) and missing(high):
        return f"(≥{ratio(low)})" if low > 0 else ""  # a zero rate on the lower side: no upper limit
    if missing(low) or missing(high):
        return ""
    if measure in ("relative_likelihood", "ratio_of_percents"):
        return _ratio_interval(low, high)
    if measure == "difference_pp":
        return f"({low:+.1f} to {high:+.1f})"
    return f"({low:.1f}–{high:.1f}%)"


def _ratio_interval(low: float, high: float) -> str:
    """'(1.44–1.79)'; '(≤0.35)' when the lower limit is 0 (a zero rate on the upper side); more decimals when
    two different limits would print alike, so that no interval reads as a single point."""
    if low == 0 or high < 0.01:
        return f"(≤{ratio(high)})" if high >= 0.01 else "(<0.01)"
    digits = 2
    while ratio(low, digits) == ratio(high, digits) and low < high and digits < 6:
        digits += 1
    return f"({ratio(low, digits)}–{ratio(high, digits)})"


def value(value_: Any, measure: str) -> str:
    """A headline value in the unit of its measure."""
    if measure in ("relative_likelihood", "ratio_of_percents"):
        return ratio(value_)
    if measure == "difference_pp":
        return points(value_)
    if measure == "percent":
        return percent(value_)
    return count(value_) if not missing(value_) else DASH


def figure(row: dict[str, Any] | None) -> str:
    """A group's percentage with its counts: '47.0% (470 of 1,000)'."""
    if not row:
        return DASH
    return f"{percent(row.get('value'))} ({count(row.get('numerator'))} of {count(row.get('denominator'))})"

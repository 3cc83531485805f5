"""Sentence makers for an indicator's ``describe``: the headline figure in words, with its significance.

Each returns ``describe(head, figures)``: ``head`` is the summary entry of the headline row, ``figures`` the
percentage rows of the same section by group. Every reading of a comparison follows one form (see "How
readings are worded" in docs/statistics.md and the table of cases in tests/test_readings.py):

    <who> are more | less | about as likely <outcome> than | as <whom>: <how much> (<interval>; <p>), <verdict>.

- The direction word comes from the figure itself, so "0.42× as likely" reads "less likely".
- Ratios have three significant figures, "under 0.01" below 0.01 and "over 100" above 100; a figure or an
  interval that would print as the same number at both ends (or as "1.00" when it is not 1) is given more
  digits, so a zero-width interval is never shown.
- A zero rate on one side gives a one-sided answer ("at least 8.22× as likely"), with the score interval named.
- The p-value has two significant figures, but is cut towards its verdict when ordinary rounding would land
  on a round level from the wrong side (0.0496 is shown as "p = 0.0496", never "p = 0.050", next to
  "statistically significant"); "p < 0.001" only when significant.
- Figures from fewer than :data:`SMALL_GROUP` people in a group, or fewer than :data:`SMALL_EVENTS` people with
  (or without) the outcome in both groups together, end with a caution.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core import formatting as fmt

__all__ = [
    "SMALL_EVENTS",
    "SMALL_GROUP",
    "SMALL_NUMBERS",
    "bound_notes",
    "describe_group_gap",
    "describe_group_likelihood",
    "describe_likelihood",
    "describe_percent_gap",
    "fmt_ratio",
    "magnitude",
    "p_text",
    "small_numbers",
    "without_figure_notes",
]

SMALL_GROUP = 10  # fewer people than this in either group: read with caution
SMALL_EVENTS = 5  # fewer with the outcome, or without it, in both groups together: read with caution
SMALL_NUMBERS = (
    f"small numbers (under {SMALL_GROUP} people in a group, or under {SMALL_EVENTS} with or without the outcome): "
    "read with caution"
)
CAUTION = " Based on small numbers; read with caution."
LOWEST, HIGHEST = 0.01, 100.0  # ratios beyond these read "under 0.01" and "over 100"
_MOST_DIGITS = 6  # significant figures tried before an interval is called too narrow to show


def small_numbers(a, n1, c, n2) -> np.ndarray:
    """Per table: True when a group has fewer than SMALL_GROUP people, or fewer than SMALL_EVENTS people have
    the outcome (or lack it) across both groups. Empty groups are not small, they are not calculable."""
    a, n1, c, n2 = (np.asarray(x, dtype=float) for x in (a, n1, c, n2))
    with np.errstate(invalid="ignore"):
        tiny = (n1 < SMALL_GROUP) | (n2 < SMALL_GROUP)
        rare = np.minimum(a + c, (n1 - a) + (n2 - c)) < SMALL_EVENTS
        return (tiny | rare) & (n1 > 0) & (n2 > 0)


def bound_notes(bound, labels: tuple[str, str]) -> np.ndarray:
    """The note of each ratio with a zero rate ("" for an ordinary one), without any count in it."""
    top, bottom = labels
    text = {
        "lower": f"the rate for {bottom} is 0%, so the ratio has no upper limit: read it as at least its lower "
        "limit (score interval)",
        "upper": f"the rate for {top} is 0%, so the ratio is 0: read it as at most its upper limit "
        "(score interval)",
        "none": f"the rate is 0% for both {top} and {bottom}: no ratio, and no evidence of a difference",
    }
    bound = np.asarray(bound, dtype=object)
    return np.array([text.get(str(b), "") for b in bound.ravel()], dtype=object).reshape(bound.shape)


def without_figure_notes(note: str) -> str:
    """``note`` without the parts that describe the figure's own counts (a rate of 0% on a side, the
    small-numbers caution): what a row whose figure is withheld may still say."""
    parts = [p for p in str(note or "").split("; ") if p and p != SMALL_NUMBERS and not p.startswith(_ZERO_RATE)]
    return "; ".join(parts)


_ZERO_RATE = ("the rate for ", "the rate is 0% for both ")


# --------------------------------------------------------------------------------------------- numbers


def fmt_ratio(value: float) -> str:
    return magnitude(value)


def _sig(value: float, figures: int, rounding: str = ROUND_HALF_EVEN) -> str:
    """``value`` (> 0) to ``figures`` significant figures, trailing zeros kept, never in exponent form."""
    exact = Decimal(repr(float(value)))
    step = Decimal(1).scaleb(exact.adjusted() - figures + 1)
    rounded = exact.quantize(step, rounding=rounding)
    if rounded.adjusted() != exact.adjusted():  # 9.996 -> 10.00: one figure too many
        rounded = exact.quantize(step.scaleb(1), rounding=rounding)
    return f"{rounded:f}"


def magnitude(value: float, figures: int = 3) -> str:
    """A ratio in words: three significant figures, 'under 0.01', 'over 100'; '0' for none."""
    if value == 0:
        return "0"
    if value < LOWEST:
        return "under 0.01"
    if value > HIGHEST:
        return "over 100"
    return _sig(value, figures)


def _shown_number(text: str) -> float:
    return float(text.replace("under ", "").replace("over ", ""))


def _ratio_figure(value: float) -> str:
    """The ratio with as many figures as it takes not to print as '1.00' when it is not exactly 1."""
    for figures in range(3, _MOST_DIGITS + 1):
        text = magnitude(value, figures)
        if value == 1 or _shown_number(text) != 1:
            break
    return text


def _pair(low: float, high: float, show: Callable[[float, int], str], null: float) -> tuple[str, str] | None:
    """Both limits, with more figures until the lower prints below the upper, and for a limit that excludes the
    null (1 for a ratio, 0 for a gap) while it prints as the null; None when they never come apart."""

    def one(x: float, figures: int, outside: bool) -> str:
        text = show(x, figures)
        while outside and _shown_number(text) == null and figures < _MOST_DIGITS:
            figures += 1
            text = show(x, figures)
        return text

    for figures in range(3, _MOST_DIGITS + 1):
        shown = one(low, figures, low > null), one(high, figures, high < null)
        if _shown_number(shown[0]) < _shown_number(shown[1]):
            return shown
    return None


def p_text(p: Any, significant: Any) -> str:
    """'p = 0.022' (two significant figures), 'p < 0.001' (only when significant), '' when there is no p.

    Where ordinary rounding lands on a round level (1, 2 or 5 × 10ⁿ: 0.05, 0.01, 0.1, ...) from the side that
    contradicts the verdict (0.0496 to "0.050" beside "significant", 0.0501 to "0.050" beside "not
    significant"), p is cut towards its verdict with three figures instead ("0.0496", "0.0501")."""
    if isinstance(p, str) or fmt.missing(p):
        return ""
    p = float(p)
    if significant is True and p < 0.001:
        return "p < 0.001"
    if p == 0:
        return "p = 0"
    plain, exact = Decimal(_sig(p, 2)), Decimal(repr(p))
    round_level = plain.normalize().as_tuple().digits in ((1,), (2,), (5,))
    if round_level and significant is True and plain > exact:
        return f"p = {_sig(p, 3, ROUND_FLOOR)}"
    if round_level and significant is False and plain < exact:
        return f"p = {_sig(p, 3, ROUND_CEILING)}"
    return f"p = {plain:f}"


def _verdict(significant: Any) -> str:
    if significant is True:
        return "statistically significant"
    if significant is False:
        return "not statistically significant"
    return ""


def _number(value: Any) -> float | None:
    """A finite number, or None (missing, infinite, or withheld text)."""
    if isinstance(value, (str, bool)) or fmt.missing(value):
        return None
    return float(value)


def _significant(head: Mapping[str, Any]) -> bool | None:
    flag = head.get("significant")
    if flag is None or flag is pd.NA:
        return None
    return bool(flag)


def _caution(head: Mapping[str, Any]) -> str:
    return CAUTION if SMALL_NUMBERS in str(head.get("note") or "") else ""


def _close(text: str, details: list[str], significant: bool | None) -> str:
    """'text (details), verdict.' with the parts that exist."""
    inner = "; ".join(d for d in details if d)
    verdict = _verdict(significant)
    return text + (f" ({inner})" if inner else "") + (f", {verdict}" if verdict else "") + "."


# --------------------------------------------------------------------------------------------- ratios


def _bound(head: Mapping[str, Any]) -> str:
    """'' two-sided, 'lower' (the second group's rate is 0), 'upper' (the first's is 0), 'none' (both are).

    Read from the figures: an infinite value or limit is None in a summary entry."""
    value, low, high = (_number(head.get(k)) for k in ("value", "ci_low", "ci_high"))
    if low is not None and high is None:
        return "none" if value is None and low == 0 else "lower"
    if value == 0 and low == 0:
        return "upper"
    return ""


def ratio_reading(head: Mapping[str, Any], top: str, bottom: str, claim: Callable[[str, str], str]) -> str:
    """The reading of a ratio row (relative likelihood or ratio of percentages); ``claim(how, than)`` gives
    the opening clause, e.g. "White applicants are more likely to be appointed than BME applicants"."""
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    significant = _significant(head)
    p = p_text(head.get("p_value"), significant)
    value, low, high = (_number(head.get(k)) for k in ("value", "ci_low", "ci_high"))
    bound = _bound(head)
    if bound == "none":
        text = f"The rate is 0% for both {top} and {bottom}: no ratio, and no evidence of a difference"
        return _close(text, [p], significant) + _caution(head)
    if bound == "lower":
        opening = f"{claim('more', 'than')} (the rate for {bottom} is 0%)"
        if significant:
            text = f"{opening}: at least {magnitude(low)}× as likely"
            return _close(text, ["score interval with no upper limit", p], significant) + _caution(head)
        text = f"{opening}: the ratio has no upper limit but could be as low as {magnitude(low)}×"
        return _close(text, ["score interval", p], significant) + _caution(head)
    if bound == "upper":
        opening = f"{claim('less', 'than')} (the rate for {top} is 0%)"
        if significant:
            text = f"{opening}: at most {magnitude(high)}× as likely"
            return _close(text, ["score interval from 0", p], significant) + _caution(head)
        text = f"{opening}: the ratio is 0 but could be as high as {magnitude(high)}×"
        return _close(text, ["score interval", p], significant) + _caution(head)
    if value is None:
        return f"Not calculable: {head['reason']}" if head.get("reason") else ""
    shown = _ratio_figure(value)
    how = "about as" if value == 1 else "more" if value > 1 else "less"
    text = f"{claim(how, 'as' if how == 'about as' else 'than')}: {shown}× as likely"
    details = [_ratio_interval(low, high), p]
    return _close(text, details if any(details) else [head.get("reason") or ""], significant) + _caution(head)


def _ratio_interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    if high < LOWEST or low > HIGHEST:
        return f"CI entirely {magnitude(low)}"
    pair = _pair(low, high, magnitude, 1.0)
    if pair is None:
        return "CI too narrow to show"
    joiner = "–" if not any(" " in x for x in pair) else " to "
    return f"CI {pair[0]}{joiner}{pair[1]}"


def describe_likelihood(top: str, bottom: str, outcome: str):
    """Sentence maker for a ratio of ``top``'s rate to ``bottom``'s: 'White applicants are more likely to be
    appointed from shortlisting than BME applicants: 3.21× as likely (CI 2.64–3.89; p < 0.001), statistically
    significant.' Used for relative likelihoods and for ratios of survey percentages alike."""

    def claim(how: str, than: str) -> str:
        return f"{top} are {how} likely {outcome} {than} {bottom}"

    def describe(head, figures) -> str:
        return ratio_reading(head, top, bottom, claim)

    return describe


def describe_group_likelihood(who: str):
    """Sentence maker for a ratio whose groups are named by the headline row ("Female ÷ Male"): 'Female are
    more likely than Male to be among staff entering the formal disciplinary process: 1.20× as likely (...)'."""

    def describe(head, figures) -> str:
        top, _, bottom = str(head.get("group") or "").partition(" ÷ ")

        def claim(how: str, than: str) -> str:
            return f"{top} are {how} likely {than} {bottom} to be among {who}"

        return ratio_reading(head, top, bottom, claim)

    return describe


# --------------------------------------------------------------------------------------------- gaps


def _points(value: float) -> str:
    """'+3.0 points', with more decimals for a gap that is not 0 but would print as 0.0."""
    for decimals in range(1, 5):
        text = f"{value:+.{decimals}f}"
        if value == 0 or float(text) != 0:
            break
    return f"{text} points" if value != 0 else "0.0 points"


def _gap_interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""

    def show(x: float, figures: int) -> str:
        return f"{x:+.{figures - 2}f}"

    pair = _pair(low, high, show, 0.0)
    return "CI too narrow to show" if pair is None else f"CI {pair[0]} to {pair[1]}"


def gap_reading(head: Mapping[str, Any], opening: str) -> str:
    """'<opening>: a gap of +3.0 points (CI -1.2 to +7.1; p = 0.21), not statistically significant.'"""
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    value = _number(head.get("value"))
    if value is None:
        return f"Not calculable: {head['reason']}" if head.get("reason") else ""
    significant = _significant(head)
    low, high = _number(head.get("ci_low")), _number(head.get("ci_high"))
    details = [_gap_interval(low, high), p_text(head.get("p_value"), significant)]
    details = details if any(details) else [head.get("reason") or ""]
    return _close(f"{opening}: a gap of {_points(value)}", details, significant) + _caution(head)


def describe_percent_gap(what: str):
    """Sentence maker for survey percentages: '31.0% of BME vs 28.0% of White staff who ...: a gap of
    +3.0 points (CI -1.2 to +7.1; p = 0.21), not statistically significant.'"""

    def describe(head, figures) -> str:
        bme, white = figures.get("BME", {}), figures.get("White", {})
        opening = f"{fmt.percent(bme.get('value'))} of BME vs {fmt.percent(white.get('value'))} of White staff {what}"
        return gap_reading(head, opening)

    return describe


def describe_group_gap(first: str, second: str, what: str):
    """Sentence maker for two groups' percentages: '25.0% of Disabled vs 20.0% of Non-disabled staff ...:
    a gap of +5.0 points (...)'."""

    def describe(head, figures) -> str:
        a, b = figures.get(first, {}), figures.get(second, {})
        opening = f"{fmt.percent(a.get('value'))} of {first} vs {fmt.percent(b.get('value'))} of {second} staff {what}"
        return gap_reading(head, opening)

    return describe

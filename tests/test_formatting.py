"""How a ratio and its interval print in tables: never '0.00', never a zero-width interval, never inf."""

import math

import pytest

from wres_cli.core import formatting as fmt

RATIO = "relative_likelihood"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.6, "1.60"), (0.42, "0.42"), (0.001, "<0.01"), (0.0, "0"), (999.0, "999"), (1234.5, "1,234"), ("*", "*")],
)
def test_a_ratio_prints_sensibly_at_every_magnitude(value, text):
    assert fmt.ratio(value) == text


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (1.44, 1.79, "(1.44–1.79)"),
        (0.7105, 0.7112, "(0.7105–0.7112)"),  # 0.71–0.71 would read as a certainty
        (2.19, math.inf, "(≥2.19)"),  # a zero rate below: no upper limit
        (2.19, None, "(≥2.19)"),
        (0.0, 0.35, "(≤0.35)"),  # a zero rate above: no lower limit
        (0.001, 0.004, "(<0.01)"),
        ("<10", "*", "(<10–*)"),
        (None, None, ""),
    ],
)
def test_a_ratio_interval_is_never_a_point_and_never_infinite(low, high, text):
    assert fmt.interval(low, high, RATIO) == text

"""Sentence makers for an indicator's ``describe``: the headline figure in words, with its significance.

Each returns ``describe(head, figures)``: ``head`` is the summary entry of the headline row, ``figures`` the
percentage rows of the same section by group.
"""

from __future__ import annotations

import pandas as pd

from wres_cli.core import formatting as fmt

__all__ = ["describe_group_gap", "describe_likelihood", "describe_percent_gap", "fmt_ratio"]


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}"


def _significance(head) -> str:
    if head.get("significant") is None or head.get("significant") is pd.NA:
        return ""
    return " (statistically significant)" if head["significant"] else " (not statistically significant)"


def describe_likelihood(top: str, bottom: str, outcome: str):
    """Sentence maker for a relative likelihood: 'White applicants 1.67× as likely to ... as BME applicants'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        return f"{top} {head['value']:.2f}× as likely {outcome} as {bottom}{_significance(head)}"

    return describe


def describe_percent_gap(what: str):
    """Sentence maker for survey percentages: '31.0% of BME staff vs 28.0% of White staff ...'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        bme, white = figures.get("BME", {}), figures.get("White", {})
        return (
            f"{fmt.percent(bme.get('value'))} of BME vs {fmt.percent(white.get('value'))} of White "
            f"staff {what}: a gap of {head['value']:+.1f} points{_significance(head)}"
        )

    return describe


def describe_group_gap(first: str, second: str, what: str):
    """Sentence maker for two groups' percentages: '25.0% of Disabled vs 20.0% of Non-disabled staff ...'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        a, b = figures.get(first, {}), figures.get(second, {})
        return (
            f"{fmt.percent(a.get('value'))} of {first} vs {fmt.percent(b.get('value'))} of {second} "
            f"staff {what}: a gap of {head['value']:+.1f} points{_significance(head)}"
        )

    return describe

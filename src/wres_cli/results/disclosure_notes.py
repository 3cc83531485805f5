"""Counts outside the tables under ``--suppress``: notes, warnings and the inputs' metadata.

A note that prints "4 bank-only staff" or a metadata entry with the file's exact headcount is a published count
like any other, and with the tables it can give a hidden one back (the file's people minus the staff counted
are the bank-only staff). Under suppression every such count is given as a reader may see it: 0 stays 0
(unless zeros are hidden too), a count from 1 to N-1 is "<N", and a larger one is rounded to a multiple of N
("about 1,240"), which leaves it N possible values. Nothing else in a note changes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wres_cli.results.model import DatasetSummary, Results

ROUNDED = "about"  # "about 1,240": rounded to a multiple of the threshold
# a count of people (or of rows holding them) printed in a note or warning
_PEOPLE = re.compile(
    r"(?<![\w.<,])(?P<n>\d[\d,]*)(?P<what> (?:(?:bank-only staff|staff|people|respondents|applicants|members"
    r"|rows)\b|row\(s\)))"
)


def shown_count(value: int | str, threshold: int, *, suppress_zeros: bool = False) -> int | str:
    """A count of people as it may be published: 0, "<N", or rounded to a multiple of N ("about 1,240")."""
    if isinstance(value, str) or not threshold:
        return value
    if value == 0 and not suppress_zeros:
        return 0
    if value < threshold:
        return f"<{threshold}"
    return f"{ROUNDED} {threshold * round(value / threshold):,}"


def blur_text(text: str, threshold: int, *, suppress_zeros: bool = False) -> str:
    """``text`` with every count of people in it given as ``shown_count`` does."""

    def one(match: re.Match) -> str:
        value = int(match.group("n").replace(",", ""))
        return f"{shown_count(value, threshold, suppress_zeros=suppress_zeros)}{match.group('what')}"

    return _PEOPLE.sub(one, text)


def blur_dataset(d: DatasetSummary, threshold: int, *, suppress_zeros: bool = False) -> DatasetSummary:
    """A file's size and Unknown count as they may be published. A count of 1..N-1 is withheld ("*") rather
    than shown as "<N": a whole file of fewer than N people would cap every count drawn from it (a board of
    "<10" members caps its executive members by group, each of whom is a member), narrowing "<N" cells."""

    def shown(value: int | str) -> int | str:
        if isinstance(value, int) and 0 < value < threshold:
            return "*"
        return shown_count(value, threshold, suppress_zeros=suppress_zeros)

    return replace(d, rows=shown(d.rows), people=shown(d.people), unknown=shown(d.unknown))


def protect_texts(results: Results) -> Results:
    """Notes, warnings and the inputs' metadata with no count smaller than the rule allows."""
    config = results.config
    if not config.suppress:
        return results
    limit, zeros = config.suppress, config.suppress_zeros
    return replace(
        results,
        datasets=tuple(blur_dataset(d, limit, suppress_zeros=zeros) for d in results.datasets),
        notes=tuple(dict.fromkeys(blur_text(n, limit, suppress_zeros=zeros) for n in results.notes)),
        warnings=tuple(dict.fromkeys(blur_text(w, limit, suppress_zeros=zeros) for w in results.warnings)),
    )

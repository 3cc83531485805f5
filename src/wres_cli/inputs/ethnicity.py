"""Ethnicity codes and labels -> White / BME / Unknown, the grouping every WRES indicator compares.

The rule (:func:`ethnic_group`), first match wins:

1. The whole value, or its first token followed by a label (``"N Black or Black British - African"``,
   ``"CP White Polish"``, ``"99 Not known"``), is an NHS Data Dictionary / ESR code: A-C, C2, C3, CA-CY
   -> White; D-H, J-N, P, R, S, GA-GF, LA-LK, PA-PE, SA-SE -> BME; T, CL, CM, CN -> ``gypsy_traveller``;
   Z, 99 -> Unknown.  The code wins over the label.
2. Otherwise the text is read as a label, matching whole words only:
   collective minority terms (BME, BAME, minority ethnic, ethnic minority, global majority, non-white)
   -> BME; Gypsy / Traveller / Roma / Romany -> ``gypsy_traveller``; "mixed white" -> White;
   mixed (``mixed``, ``multiple``, "white and/& black|asian|..." or the reverse) -> BME;
   then whichever comes first of ``white`` and a minority word (Asian, Indian, Pakistani,
   Bangladeshi, Chinese, Black, African, Caribbean, Arab, "other ethnic", ...) decides;
   then English/Welsh/Scottish/Irish/British/Cornish alone -> White;
   then not-stated phrases (not stated/known/declared/given, prefer not to say, do not wish to
   disclose, undisclosed, unknown, refused, declined, ...) -> Unknown.
3. Anything else (``"X9"``, ``"W"``, ``"Other"``, ``"Martian"``) is unmapped.

Values are compared as :mod:`wres_cli.inputs.mapping` describes (trimmed, casefolded, overrides first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from wres_cli.core.frameworks import ETHNIC_GROUPS
from wres_cli.inputs.mapping import NOT_STATED, Mapped, map_values

_WHITE_CODES = frozenset({"a", "b", "c", "c2", "c3"} | {f"c{x}" for x in "abcdefghijkpqrstuvwxy"})
_TRAVELLER_CODES = frozenset({"t", "cl", "cm", "cn"})
_BME_CODES = frozenset(
    set("defghjklmnprs")
    | {f"g{x}" for x in "abcdef"}
    | {f"l{x}" for x in "abcdefghijk"}
    | {f"p{x}" for x in "abcde"}
    | {f"s{x}" for x in "abcde"}
)
_UNKNOWN_CODES = frozenset({"z", "99"})
_ETHNIC_CODES = _WHITE_CODES | _TRAVELLER_CODES | _BME_CODES | _UNKNOWN_CODES
_CODE_PREFIX = re.compile(r"^\(?([a-z0-9]{1,2})\)?(?:\s*[-:)]\s*|\.?\s+)")

_COLLECTIVE_BME = re.compile(
    r"\b(?:b\.?a?\.?m\.?e|minority ethnic|ethnic minorit(?:y|ies)|global majority|non[- ]?white"
    r"|people of colou?r)\b"
)
_TRAVELLER = re.compile(r"\b(?:gypsy|gipsy|travell?ers?|roma|romany|romani)\b")
_MIXED_WHITE = re.compile(r"^(?:white\W*)?(?:mixed white|white mixed)(?: background)?$")
_MINORITY = (
    r"(?:black|asian|chinese|arab|indian|pakistani|bangladeshi|african|caribbean|other ethnic"
    r"|sri lankan|tamil|kashmiri|nepali|punjabi|filipino|japanese|vietnamese|korean|malaysian"
    r"|somali|nigerian|ghanaian|latin american|hispanic)"
)
_MIXED = re.compile(
    rf"\b(?:mixed|multiple)\b|\bwhite\s*(?:and|&|/|\+)\s*{_MINORITY}\b|\b{_MINORITY}\w*\s*(?:and|&|/|\+)\s*white\b"
)
_WHITE_WORD = re.compile(r"\bwhite\b")
_MINORITY_WORD = re.compile(rf"\b{_MINORITY}\b")
_WHITE_NATIONAL = re.compile(r"\b(?:english|welsh|scottish|irish|british|cornish)\b")


def _ethnic_code(code: str, gypsy_traveller: str) -> str:
    if code in _WHITE_CODES:
        return "White"
    if code in _TRAVELLER_CODES:
        return gypsy_traveller
    if code in _BME_CODES:
        return "BME"
    return "Unknown"


def _ethnic_label(text: str, gypsy_traveller: str) -> str | None:
    if _COLLECTIVE_BME.search(text):
        return "BME"
    if _TRAVELLER.search(text):
        return gypsy_traveller
    if _MIXED_WHITE.match(text):
        return "White"
    if _MIXED.search(text):
        return "BME"
    white, minority = _WHITE_WORD.search(text), _MINORITY_WORD.search(text)
    if white or minority:
        if white and (not minority or white.start() < minority.start()):
            return "White"
        return "BME"
    if _WHITE_NATIONAL.search(text):
        return "White"
    if NOT_STATED.search(text):
        return "Unknown"
    return None


def _ethnic_rule(gypsy_traveller: str) -> Callable[[str], str | None]:
    def rule(text: str) -> str | None:
        if text in _ETHNIC_CODES:
            return _ethnic_code(text, gypsy_traveller)
        prefix = _CODE_PREFIX.match(text)
        if prefix and prefix.group(1) in _ETHNIC_CODES and prefix.end() < len(text):
            return _ethnic_code(prefix.group(1), gypsy_traveller)
        return _ethnic_label(text, gypsy_traveller)

    return rule


def ethnic_group(
    series: Any, overrides: Mapping[str, str | None] | None = None, *, gypsy_traveller: str = "White"
) -> Mapped:
    """Map ethnicity codes/labels to White / BME / Unknown (missing -> Unknown); see module docstring."""
    if gypsy_traveller not in ("White", "BME"):
        raise ValueError(f"gypsy_traveller must be 'White' or 'BME', not {gypsy_traveller!r}")
    rule = _ethnic_rule(gypsy_traveller)
    return map_values(series, rule, ETHNIC_GROUPS, missing="Unknown", overrides=overrides)

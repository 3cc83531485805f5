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

:func:`census_group` keeps the broad census group behind "BME" (``--groups detailed``): White, Mixed, Asian,
Black or Other. ESR codes follow the NHS Data Dictionary's headings (D-G Mixed; H, J, K, L Asian; M, N, P
Black; R Chinese and S any other ethnic group: Other); labels follow the 2021 census (Chinese is Asian, Arab
is Other; the first group word decides, as above). Gypsy, Irish Traveller and Roma are White in the census,
and Other when ``gypsy_traveller: BME`` counts them in BME. A value that says only "BME" or "BAME" is
:data:`GROUP_NOT_GIVEN`. The broad group always wins: a value mapped to White under ``ethnicity:`` is White.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from wres_cli.core.groups import CENSUS_GROUPS, ETHNIC_GROUPS, GROUP_NOT_GIVEN, MINORITY_GROUPS
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


def _code_then_label(
    of_code: Callable[[str, str], str], of_label: Callable[[str, str], str | None], gypsy_traveller: str
) -> Callable[[str], str | None]:
    """A mapping rule: a code (alone, or before its label) decides with ``of_code``, else the label."""

    def rule(text: str) -> str | None:
        if text in _ETHNIC_CODES:
            return of_code(text, gypsy_traveller)
        prefix = _CODE_PREFIX.match(text)
        if prefix and prefix.group(1) in _ETHNIC_CODES and prefix.end() < len(text):
            return of_code(prefix.group(1), gypsy_traveller)
        return of_label(text, gypsy_traveller)

    return rule


def _ethnic_rule(gypsy_traveller: str) -> Callable[[str], str | None]:
    return _code_then_label(_ethnic_code, _ethnic_label, gypsy_traveller)


def ethnic_group(
    series: Any, overrides: Mapping[str, str | None] | None = None, *, gypsy_traveller: str = "White"
) -> Mapped:
    """Map ethnicity codes/labels to White / BME / Unknown (missing -> Unknown); see module docstring."""
    if gypsy_traveller not in ("White", "BME"):
        raise ValueError(f"gypsy_traveller must be 'White' or 'BME', not {gypsy_traveller!r}")
    rule = _ethnic_rule(gypsy_traveller)
    return map_values(series, rule, ETHNIC_GROUPS, missing="Unknown", overrides=overrides)


# ------------------------------------------------------------------------------------ census groups

_MIXED_CODES = frozenset(set("defg") | {f"g{x}" for x in "abcdef"})
_ASIAN_CODES = frozenset(set("hjkl") | {f"l{x}" for x in "abcdefghijk"})
_BLACK_CODES = frozenset(set("mnp") | {f"p{x}" for x in "abcde"})
_OTHER_CODES = frozenset({"r", "s"} | {f"s{x}" for x in "abcde"})
_WORD_GROUPS = (
    (re.compile(r"\b(?:asian|indian|pakistani|bangladeshi|chinese|sri lankan|tamil|kashmiri|nepali|punjabi"
                r"|filipino|japanese|vietnamese|korean|malaysian)\b"), "Asian"),
    (re.compile(r"\b(?:black|african|caribbean|somali|nigerian|ghanaian)\b"), "Black"),
    (re.compile(r"\b(?:arab|other ethnic|latin american|hispanic|any other)\b"), "Other"),
)  # fmt: skip


def _census_code(code: str, gypsy_traveller: str) -> str:
    if code in _TRAVELLER_CODES:
        return "White" if gypsy_traveller == "White" else "Other"
    for codes, group in ((_MIXED_CODES, "Mixed"), (_ASIAN_CODES, "Asian"), (_BLACK_CODES, "Black")):
        if code in codes:
            return group
    return "Other" if code in _OTHER_CODES else _ethnic_code(code, gypsy_traveller)


def _census_label(text: str, gypsy_traveller: str) -> str | None:
    broad = _ethnic_label(text, gypsy_traveller)
    if broad != "BME":
        return broad
    if _TRAVELLER.search(text):
        return "Other"
    if _MIXED.search(text):
        return "Mixed"
    found = [(m.start(), group) for pattern, group in _WORD_GROUPS if (m := pattern.search(text))]
    return min(found)[1] if found else GROUP_NOT_GIVEN


def census_group(
    series: Any,
    broad: Any,
    overrides: Mapping[str, str | None] | None = None,
    *,
    gypsy_traveller: str = "White",
) -> Any:
    """The census group of each value (see the module docstring), reconciled with its ``broad`` group (the
    White / BME / Unknown categorical of the same rows): White and Unknown stay as they are, and a BME value
    whose census group is not a minority group is :data:`GROUP_NOT_GIVEN`. ``overrides``: the
    ``ethnic_groups:`` configuration (raw value -> census group)."""
    import pandas as pd

    rule = _code_then_label(_census_code, _census_label, gypsy_traveller)
    found = map_values(series, rule, CENSUS_GROUPS, missing="Unknown", overrides=overrides).values
    broad = pd.Series(broad, copy=False).astype(object).to_numpy()
    found = pd.Series(found, copy=False).astype(object).to_numpy()
    minority = pd.Series(found).isin(MINORITY_GROUPS).to_numpy()
    result = pd.Series(broad).where(broad != "BME", pd.Series(found).where(minority, GROUP_NOT_GIVEN)).to_numpy()
    return pd.Categorical(result, categories=CENSUS_GROUPS)

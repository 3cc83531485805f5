"""Map raw export values to canonical WRES categories (ethnic group, pay band, staff group, grade, yes/no).

Every public mapper works on the *categories* of a pandas Series: the input is converted to
``category`` dtype once, a plain Python rule is evaluated once per distinct value, and the result
is assembled with :meth:`pandas.Categorical.from_codes`.  Cost is one factorisation of the column
plus a few hundred rule calls, whatever the row count.

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

Ethnicity rule (:func:`ethnic_group`), first match wins:

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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.errors import ConfigError
from wres_cli.core.frameworks import DISABILITY_GROUPS, ETHNIC_GROUPS

__all__ = [
    "AS_MISSING",
    "BANDS",
    "DISABILITY_GROUPS",
    "ETHNIC_GROUPS",
    "MEDICAL_SUBGROUPS",
    "STAFF_CATEGORIES",
    "Mapped",
    "MappingError",
    "disability_group",
    "ethnic_group",
    "map_values",
    "medical_subgroup",
    "normalise_text",
    "pay_band",
    "staff_category",
    "survey_answer",
    "yes_no",
]

BANDS = (
    "Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM",
)  # fmt: skip
STAFF_CATEGORIES = ("Non-clinical", "Clinical non-medical", "Medical & dental")
MEDICAL_SUBGROUPS = ("Consultants", "Non-consultant career grade", "Trainee grades", "Other")
YES_NO = ("yes", "no")

AS_MISSING = "\x00missing"
"""A rule may return this to say "recognised, but treat like a missing value" (e.g. "Non AfC")."""

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


def _as_categorical(series: Any) -> pd.Series:
    if not isinstance(series, pd.Series):
        series = pd.Series(series)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series
    return series.astype("category")


def _map_categorical(
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


def _result(codes: np.ndarray, categories: Sequence[str], like: pd.Series) -> pd.Series:
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
    cat = _as_categorical(series)
    codes, unmapped, _ = _map_categorical(cat, rule, categories, missing, overrides)
    return Mapped(_result(codes, categories, cat), unmapped)


# --------------------------------------------------------------------------------------- ethnicity

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
_NOT_STATED = re.compile(
    r"\b(?:not (?:stated|known|declared|given|disclosed|specified|recorded|provided)|unknown|undisclosed"
    r"|unspecified|prefer not to (?:say|answer|disclose)|(?:do not|don't|dont) wish to (?:disclose|say)"
    r"|refused|declined|withheld)\b"
)


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
    if _NOT_STATED.search(text):
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


# --------------------------------------------------------------------------------------- pay bands

_BAND = re.compile(
    r"^(?:(?:agenda for change|afc|review body|nhs)\s*[-:]?\s*)*(?:pay\s+)?(?:band\s*)?[-:]?\s*"
    r"0*(?P<n>\d{1,2})(?:\s*[-/]?\s*(?:range\s*)?(?P<r>[a-d]))?$"
)
_VSM = re.compile(r"^(?:(?:afc|agenda for change|band)\s*[-:]?\s*)*(?:vsm|very senior manage(?:r|rs|ment)?)$")
_UNDER_BAND_1 = re.compile(r"^(?:under|below|pre)[- ]band\s*0*1$")
_NOT_AFC = re.compile(
    r"^(?:non|not|not on|no)[- ]?(?:afc|agenda for change)(?: (?:grade|grades|pay|band|staff|contract))?$"
    r"|^(?:medical (?:and|&) dental|m ?& ?d|m and d|medical|dental|not applicable|other|no band)$"
)


def _band_rule(text: str) -> str | None:
    if _UNDER_BAND_1.match(text):
        return "Under Band 1"
    if _VSM.match(text):
        return "VSM"
    if _NOT_AFC.match(text):
        return AS_MISSING
    match = _BAND.match(text)
    if not match:
        return None
    number, letter = int(match["n"]), match["r"]
    if number == 8:
        return f"Band 8{letter}" if letter else None
    if 1 <= number <= 9 and not letter:
        return f"Band {number}"
    return None


def pay_band(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map Agenda for Change band spellings to ``BANDS``; missing and non-AfC values -> NaN."""
    return map_values(series, _band_rule, BANDS, missing=None, overrides=overrides)


# ------------------------------------------------------------------------------------ staff groups

_STAFF_RULES = (
    (re.compile(r"^non ?clinical$|^admin|^estates?\b"), "Non-clinical"),
    (re.compile(r"^medical(?: and dent\w*)?(?: staff)?$"), "Medical & dental"),
    (
        re.compile(
            r"^clinical(?: non ?medical)?$|^nursing and midwi|^allied health|^add(?:itional)? clinical"
            r"|^health ?care scien|^add(?:itional)? prof\w* sci|^students?$"
        ),
        "Clinical non-medical",
    ),
)


def _staff_rule(text: str) -> str | None:
    text = text.replace("&", " and ")
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    text = re.sub(r"^\d+\s+", "", text)
    for pattern, category in _STAFF_RULES:
        if pattern.search(text):
            return category
    return None


def staff_category(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map ESR staff groups to ``STAFF_CATEGORIES``; missing -> NaN."""
    return map_values(series, _staff_rule, STAFF_CATEGORIES, missing=None, overrides=overrides)


# ---------------------------------------------------------------------------------- medical grades

_SENIOR_MEDICAL = re.compile(r"\bdirector\b|\bchief medical officer\b")
_MEDICAL_RULES = (
    (re.compile(r"\bnon consultant\b|\bnccg\b|\bsas\b"), "Non-consultant career grade"),
    (_SENIOR_MEDICAL, "Consultants"),
    (re.compile(r"\bconsultants?\b"), "Consultants"),
    (
        re.compile(r"\bacademic clinical (?:fellow|lecturer)\b|\bappointment for training\b"),
        "Trainee grades",
    ),
    (
        re.compile(
            r"\btrust grade\b|\bappointment for service\b|\blocally employed\b|\bclinical fellow\b"
            r"|\bmedical officer\b|^other$"
        ),
        "Other",
    ),
    (
        re.compile(
            r"\bregistrar\b|\bspeciali?ty trainee\b|\bst ?[1-8]\b|\bspr\b|\bstr\b|\bcore (?:medical )?train"
            r"|\bct ?[1-3]\b|\bfoundation\b|\bfy? ?[12]\b|\bhouse officer\b|\bsho\b|\bprho\b"
            r"|\bgp trainee\b|\btrainees?\b|\bin training\b"
        ),
        "Trainee grades",
    ),
    (
        re.compile(
            r"\bspeciali?ty doctor\b|\bassociate specialist\b|\bstaff grade\b|\bspecialist\b"
            r"|\bhospital practitioner\b|\bclinical assistant\b"
        ),
        "Non-consultant career grade",
    ),
)


def _grade_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s&]", " ", text).split())


def _medical_rule(text: str) -> str | None:
    text = _grade_text(text)
    for pattern, category in _MEDICAL_RULES:
        if pattern.search(text):
            return category
    return None


def medical_subgroup(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map medical grades to ``MEDICAL_SUBGROUPS``; missing -> NaN.

    ``extra`` is a bool Series: True for senior medical managers (grade mentions a director or chief
    medical officer), who are counted as Consultants.
    """
    cat = _as_categorical(series)
    codes, unmapped, texts = _map_categorical(cat, _medical_rule, MEDICAL_SUBGROUPS, None, overrides)
    senior = np.array(
        [t is not None and bool(_SENIOR_MEDICAL.search(_grade_text(t))) for t in texts] + [False], dtype=bool
    )
    raw_codes = cat.cat.codes.to_numpy()
    extra = senior[raw_codes] & (codes == MEDICAL_SUBGROUPS.index("Consultants"))
    return Mapped(
        _result(codes, MEDICAL_SUBGROUPS, cat), unmapped, pd.Series(extra, index=cat.index, name=cat.name)
    )


# -------------------------------------------------------------------------------- yes/no & survey

_YES = re.compile(r"^(?:y|yes|t|true|\+?0*1(?:\.0*)?)$")
_NO = re.compile(r"^(?:n|no|f|false|[+-]?0+(?:\.0*)?|\.0+)$")


def _yes_no_rule(text: str) -> str | None:
    if _YES.match(text):
        return "yes"
    if _NO.match(text):
        return "no"
    return None


def yes_no(series: Any) -> Mapped:
    """Map boolean spellings (Y/N, Yes/No, True/False, T/F, 1/0, 1.0/0.0) to yes/no; missing -> NaN."""
    return map_values(series, _yes_no_rule, YES_NO, missing=None)


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), start=1)}  # fmt: skip
_ANSWER_PAIRS = (frozenset({1, 2}), frozenset({3, 5}), frozenset({6, 10}))
_SURVEY_YES = re.compile(
    r"^(?:(?:1 ?(?:-|to) ?2|3 ?(?:-|to) ?5|6 ?(?:-|to) ?10)(?: times)?"
    r"|(?:more than|over|>) ?10(?: times)?|1[01] ?\+(?: times)?|10 or more(?: times)?|yes)$"
)
_SURVEY_NO = re.compile(r"^(?:never|no|(?:i )?(?:don't|dont|do not) know)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[- ]([a-z]{3})$|^([a-z]{3})[- ](\d{1,2})$")
_NUMERIC_DATE = re.compile(
    r"^\d{4}-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$"
    r"|^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}(?: 00:00(?::00)?)?$"
)


def _excel_date_answer(text: str) -> str | None:
    """An Excel-mangled "1-2", "3-5" or "6-10": day and month (either order) must form one answer's pair."""
    match = _DAY_MONTH.match(text)
    if match:
        day, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        if month not in _MONTHS:
            return None
        pair = frozenset({int(day), _MONTHS[month]})
    else:
        match = _NUMERIC_DATE.match(text)
        if not match:
            return None
        first, second = (match[1], match[2]) if match[1] else (match[3], match[4])
        pair = frozenset({int(first), int(second)})
    return "yes" if pair in _ANSWER_PAIRS else None


def _survey_rule(text: str) -> str | None:
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    if _SURVEY_YES.match(text):
        return "yes"
    if _SURVEY_NO.match(text):
        return "no"
    return _excel_date_answer(text)


def survey_answer(series: Any) -> Mapped:
    """Map staff-survey answers to yes (at least once / Yes) or no (Never / No / Don't know); blank -> NaN."""
    return map_values(series, _survey_rule, YES_NO, missing=None)


# -------------------------------------------------------------------------------------- disability

_DISABLED = re.compile(r"^(?:y|yes|disabled|has a disability|yes,? disabled|true|1)$")
_NON_DISABLED = re.compile(r"^(?:n|no|non ?-?disabled|not disabled|no disability|false|0)$")


def _disability_rule(text: str) -> str | None:
    if _DISABLED.match(text):
        return "Disabled"
    if _NON_DISABLED.match(text):
        return "Non-disabled"
    if _NOT_STATED.search(text):
        return "Unknown"
    return None


def disability_group(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map ESR / survey disability answers to Disabled / Non-disabled / Unknown (missing -> Unknown).

    Yes / Disabled -> Disabled; No / Not disabled -> Non-disabled; Not Declared, Prefer not to say,
    Unspecified, Not known and blanks -> Unknown; anything else is unmapped.
    """
    return map_values(series, _disability_rule, DISABILITY_GROUPS, missing="Unknown", overrides=overrides)

"""Workforce and survey values -> canonical categories: pay band, staff group, medical grade, yes/no, survey
answers and disability.

Each mapper runs on :func:`wres_cli.inputs.mapping.map_values` (one rule call per distinct value; missing-like
values and overrides handled there). Ethnicity's rules have their own module, :mod:`wres_cli.inputs.ethnicity`;
its mapper is listed here too, so that every mapper of a categorical column is found in one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.frameworks import DISABILITY_GROUPS
from wres_cli.inputs.ethnicity import ethnic_group
from wres_cli.inputs.mapping import (
    AS_MISSING,
    NOT_STATED,
    YES_NO,
    Mapped,
    as_categorical,
    categorical_result,
    map_categorical,
    map_values,
)

BANDS = (
    "Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM", "Non-AfC",
)  # fmt: skip
NON_AFC = BANDS[-1]  # recorded, but not an Agenda for Change band (local or non-AfC grades): a row of its own
STAFF_CATEGORIES = ("Non-clinical", "Clinical non-medical", "Medical & dental")
ASSIGNMENT_GROUPS = ("Substantive", "Bank")
CAPABILITY_REASONS = ("Performance", "Ill health")
MEDICAL_SUBGROUPS = ("Consultants", "Non-consultant career grade", "Trainee grades", "Other")

__all__ = [
    "ASSIGNMENT_GROUPS",
    "BANDS",
    "CAPABILITY_REASONS",
    "MEDICAL_SUBGROUPS",
    "STAFF_CATEGORIES",
    "assignment_group",
    "capability_reason",
    "disability_group",
    "ethnic_group",
    "medical_subgroup",
    "pay_band",
    "staff_category",
    "survey_answer",
    "survey_rule",
    "yes_no",
]


# --------------------------------------------------------------------------------------- pay bands

_BAND = re.compile(
    r"^(?:(?:agenda for change|afc|review body|nhs)\s*[-:]?\s*)*(?:pay\s+)?(?:band\s*)?[-:]?\s*"
    r"0*(?P<n>\d{1,2})(?:\s*[-/]?\s*(?:range\s*)?(?P<r>[a-d]))?$"
)
_VSM = re.compile(r"^(?:(?:afc|agenda for change|band)\s*[-:]?\s*)*(?:vsm|very senior manage(?:r|rs|ment)?)$")
_UNDER_BAND_1 = re.compile(r"^(?:under|below|pre)[- ]band\s*0*1$")
_NON_AFC = re.compile(
    r"^(?:non|not|not on|no)[- ]?(?:afc|agenda for change)(?: (?:grade|grades|pay|band|staff|contract))?$"
)
_NO_BAND = re.compile(r"^(?:medical (?:and|&) dental|m ?& ?d|m and d|medical|dental|not applicable|other|no band)$")


def _band_rule(text: str) -> str | None:
    if _UNDER_BAND_1.match(text):
        return "Under Band 1"
    if _VSM.match(text):
        return "VSM"
    if _NON_AFC.match(text):
        return NON_AFC
    if _NO_BAND.match(text):
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
    """Map Agenda for Change band spellings to ``BANDS``: "Non AfC Grade" and the like -> "Non-AfC" (shown as a
    row of its own, not as "Not recorded"); missing values and doctors' "Medical & dental" -> NaN."""
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
    cat = as_categorical(series)
    codes, unmapped, texts = map_categorical(cat, _medical_rule, MEDICAL_SUBGROUPS, None, overrides)
    senior = np.array(
        [t is not None and bool(_SENIOR_MEDICAL.search(_grade_text(t))) for t in texts] + [False], dtype=bool
    )
    raw_codes = cat.cat.codes.to_numpy()
    extra = senior[raw_codes] & (codes == MEDICAL_SUBGROUPS.index("Consultants"))
    senior_managers = pd.Series(extra, index=cat.index, name=cat.name)
    return Mapped(categorical_result(codes, MEDICAL_SUBGROUPS, cat), unmapped, senior_managers)


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


def survey_rule(text: str) -> str | None:
    """Staff-survey answer (normalised text) -> yes / no, or None when it is not one."""
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    if _SURVEY_YES.match(text):
        return "yes"
    if _SURVEY_NO.match(text):
        return "no"
    return _excel_date_answer(text)


def survey_answer(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map staff-survey answers to yes (at least once / Yes) or no (Never / No / Don't know); blank -> NaN;
    ``overrides`` (the configuration's survey_answers) first."""
    return map_values(series, survey_rule, YES_NO, missing=None, overrides=overrides)


# ------------------------------------------------------------------------------ assignment category

_BANK = re.compile(
    r"^(?:nhs )?bank\b|\bbank (?:staff|only|worker|contract)\b|\bcasual\b|\bzero ?hours?\b|^sessional"
)
_SUBSTANTIVE = re.compile(
    r"^(?:permanent|substantive|fixed ?term|temp(?:orary)?|locum|honorary|apprentice|seconde?(?:d|ment)"
    r"|non ?exec|chair|employee|salaried|(?:full|part) time|trainee|training)\b"
)


def _assignment_rule(text: str) -> str | None:
    text = " ".join(re.sub(r"[^\w\s]", " ", text).replace("_", " ").split())
    if _BANK.search(text):
        return "Bank"
    if _SUBSTANTIVE.search(text):
        return "Substantive"
    return None


def assignment_group(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """ESR assignment categories -> Bank (bank-only staff: Bank, Bank Staff, Bank - Casual, Casual, Zero Hours)
    or Substantive (Permanent, Fixed Term Temp, Locum, Honorary, Apprentice, Secondment, Non-Exec
    Director/Chair ...); blank -> Substantive; anything else is unmapped."""
    return map_values(series, _assignment_rule, ASSIGNMENT_GROUPS, missing="Substantive", overrides=overrides)


# --------------------------------------------------------------------------------- capability reason

_ILL_HEALTH = re.compile(r"\b(?:ill ?health|sickness|sick|health|attendance|absence|medical)\b")
_PERFORMANCE = re.compile(r"\b(?:performance|perform\w*|competen\w*|capability|conduct|skills?|poor work)\b")


def _reason_rule(text: str) -> str | None:
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    if _ILL_HEALTH.search(text):
        return "Ill health"
    if _PERFORMANCE.search(text):
        return "Performance"
    return None


def capability_reason(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Capability grounds -> Performance (performance, competence, conduct) or Ill health (ill health,
    sickness, attendance); blank -> missing; anything else is unmapped."""
    return map_values(series, _reason_rule, CAPABILITY_REASONS, missing=None, overrides=overrides)


# -------------------------------------------------------------------------------------- disability

_DISABLED = re.compile(r"^(?:y|yes|disabled|has a disability|yes,? disabled|true|1)$")
_NON_DISABLED = re.compile(r"^(?:n|no|non ?-?disabled|not disabled|no disability|false|0)$")


def _disability_rule(text: str) -> str | None:
    if _DISABLED.match(text):
        return "Disabled"
    if _NON_DISABLED.match(text):
        return "Non-disabled"
    if NOT_STATED.search(text):
        return "Unknown"
    return None


def disability_group(series: Any, overrides: Mapping[str, str | None] | None = None) -> Mapped:
    """Map ESR / survey disability answers to Disabled / Non-disabled / Unknown (missing -> Unknown).

    Yes / Disabled -> Disabled; No / Not disabled -> Non-disabled; Not Declared, Prefer not to say,
    Unspecified, Not known and blanks -> Unknown; anything else is unmapped.
    """
    return map_values(series, _disability_rule, DISABILITY_GROUPS, missing="Unknown", overrides=overrides)

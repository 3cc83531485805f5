"""The value mappers (wres_cli.inputs.mapping, .ethnicity, .categories): raw export values -> canonical categories."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

if importlib.util.find_spec("wres_cli") is None:  # package not installed: run from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wres_cli.core.frameworks import ETHNIC_GROUPS
from wres_cli.inputs.categories import (
    BANDS,
    MEDICAL_SUBGROUPS,
    STAFF_CATEGORIES,
    medical_subgroup,
    pay_band,
    staff_category,
    survey_answer,
    yes_no,
)
from wres_cli.inputs.ethnicity import ethnic_group
from wres_cli.inputs.mapping import Mapped, MappingError, map_values, normalise_text


def one(func, value, **kwargs):
    """Map a single value; return (category or None, unmapped list)."""
    result = func(pd.Series([value], dtype=object), **kwargs)
    got = result.values.iloc[0]
    return (None if pd.isna(got) else got), result.unmapped


# ----------------------------------------------------------------------------------------- generic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  White  British ", "white british"),
        ("White\u00a0-\u00a0British", "white - british"),
        ("\tBAND\n8A ", "band 8a"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_rule_is_called_once_per_distinct_value():
    values = [f"value {i}" for i in range(50)] + ["", "NULL", None]
    series = pd.Series(np.array(values, dtype=object)[np.arange(1_000_000) % len(values)])
    seen: list[str] = []

    def rule(text):
        seen.append(text)
        return "even" if int(text.split()[1]) % 2 == 0 else "odd"

    result = map_values(series, rule, ("even", "odd", "blank"), missing="blank")
    assert len(seen) == len(set(seen)) == 50  # missing-like values never reach the rule
    assert result.unmapped == []
    assert result.values.index.equals(series.index)
    per_value = ["odd" if i % 2 else "even" for i in range(50)] + ["blank"] * 3
    expected = pd.Series(per_value)[np.arange(1_000_000) % len(values)]
    assert result.values.value_counts().to_dict() == expected.value_counts().to_dict()
    assert (result.values.iloc[:106].astype(str).to_numpy() == expected.iloc[:106].to_numpy()).all()


def test_map_values_missing_none_gives_nan_not_unmapped():
    series = pd.Series(["a", None, "", "N/A", "#n/a", " null ", "None", "-", "NA", "b"])
    result = map_values(series, lambda t: "A" if t == "a" else None, ("A",), missing=None)
    assert result.values.tolist()[0] == "A"
    assert result.values.isna().sum() == 9
    assert result.unmapped == ["b"]


def test_map_values_missing_category():
    result = map_values(pd.Series([None, "x"]), lambda t: "X", ("X", "M"), missing="M")
    assert result.values.tolist() == ["M", "X"]


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
def test_input_dtypes_and_index_preserved(dtype):
    index = pd.Index([10, 3, 7, 99, 5], name="row")
    series = pd.Series(["A", "N", None, "Z", "martian"], index=index, name="Ethnicity", dtype=dtype)
    result = ethnic_group(series)
    assert isinstance(result, Mapped)
    assert result.values.index.equals(index)
    assert result.values.name == "Ethnicity"
    assert isinstance(result.values.dtype, pd.CategoricalDtype)
    assert tuple(result.values.cat.categories) == ETHNIC_GROUPS
    assert result.values.tolist()[:4] == ["White", "BME", "Unknown", "Unknown"]
    assert pd.isna(result.values.iloc[4])
    assert result.unmapped == ["martian"]


def test_categorical_with_unused_categories_lists_only_present_values():
    series = pd.Series(pd.Categorical(["A", "A"], categories=["A", "Martian", "Q9"]))
    result = ethnic_group(series)
    assert result.values.tolist() == ["White", "White"]
    assert result.unmapped == []


def test_unmapped_listed_once_in_first_appearance_order():
    series = pd.Series(["A", "Zeta9", "Martian", " Zeta9", "W", "Martian", "X9", None, "W"])
    result = ethnic_group(series)
    assert result.unmapped == ["Zeta9", "Martian", "W", "X9"]
    assert result.values.isna().tolist() == [False, True, True, True, True, True, True, False, True]


def test_overrides_win_and_are_normalised():
    series = pd.Series(["A", "White British", "Martian", "  martian ", "Z"])
    result = ethnic_group(series, {"white  BRITISH": "BME", "MARTIAN": "unknown", "z": "White"})
    assert result.values.tolist() == ["White", "BME", "Unknown", "Unknown", "White"]
    assert result.unmapped == []


def test_override_to_none_means_missing():
    assert one(ethnic_group, "Declined", overrides={"declined": None}) == ("Unknown", [])
    assert one(pay_band, "Locum", overrides={"Locum": None}) == (None, [])


def test_override_target_may_be_a_recognised_spelling():
    assert one(pay_band, "Grade X", overrides={"Grade X": "8A"}) == ("Band 8a", [])
    assert one(ethnic_group, "Other", overrides={"Other": "Asian"}) == ("BME", [])


def test_bad_override_target_raises():
    with pytest.raises(MappingError, match="Purple"):
        ethnic_group(pd.Series(["A"]), {"A": "Purple"})
    with pytest.raises(ValueError):
        pay_band(pd.Series(["5"]), {"x": "Band 99"})


def test_non_series_input_and_empty_series():
    assert ethnic_group(["A", "N"]).values.tolist() == ["White", "BME"]
    empty = ethnic_group(pd.Series([], dtype=object))
    assert len(empty.values) == 0 and empty.unmapped == []


@given(st.lists(st.sampled_from(["A", "n", " Z ", "99", "Martian", "", None, "Asian", "CP"]), max_size=40))
def test_mapping_matches_per_value_mapping(values):
    series = pd.Series(values, dtype=object)
    result = ethnic_group(series)
    expected = [one(ethnic_group, v)[0] for v in values]
    assert [None if pd.isna(v) else v for v in result.values] == expected


# --------------------------------------------------------------------------------------- ethnicity

ETHNICITY_CASES = [
    # bare codes
    ("A", "White"), ("b", "White"), ("C", "White"), ("C2", "White"), ("C3", "White"), ("CA", "White"),
    ("CP", "White"), ("cy", "White"), ("CX", "White"),
    ("D", "BME"), ("E", "BME"), ("F", "BME"), ("G", "BME"), ("GA", "BME"), ("GF", "BME"), ("H", "BME"),
    ("J", "BME"), ("K", "BME"), ("L", "BME"), ("LA", "BME"), ("LH", "BME"), ("LK", "BME"), ("M", "BME"),
    ("N", "BME"), ("P", "BME"), ("PA", "BME"), ("PE", "BME"), ("R", "BME"), ("S", "BME"), ("SA", "BME"),
    ("SE", "BME"), ("Z", "Unknown"), ("99", "Unknown"), (99, "Unknown"), (99.0, "Unknown"),
    ("T", "White"), ("CL", "White"), ("CM", "White"), ("CN", "White"),
    # code + label (ESR)
    ("A White - British", "White"), ("B White - Irish", "White"),
    ("C White - Any other White background", "White"), ("CP White Polish", "White"),
    ("C3 White unspecified", "White"), ("D Mixed - White & Black Caribbean", "BME"),
    ("G Mixed - Any other mixed background", "BME"), ("H Asian or Asian British - Indian", "BME"),
    ("LH Asian British", "BME"), ("N Black or Black British - African", "BME"), ("R Chinese", "BME"),
    ("S Any Other Ethnic Group", "BME"), ("Z Not Stated", "Unknown"), ("99 Not known", "Unknown"),
    ("  a   white  -  british ", "White"), ("N - Black or Black British - African", "BME"),
    ("A: White - British", "White"), ("A. White British", "White"), ("(N) Black African", "BME"),
    # census / survey labels
    ("White: English, Welsh, Scottish, Northern Irish or British", "White"), ("White - Irish", "White"),
    ("White", "White"), ("white british", "White"), ("Any other White background", "White"),
    ("White: Any other White background", "White"), ("White Other", "White"), ("Mixed White", "White"),
    ("English, Welsh, Scottish, Northern Irish or British", "White"), ("Irish", "White"),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", "BME"),
    ("White and Black Caribbean", "BME"), ("White and Black African", "BME"), ("White and Asian", "BME"),
    ("White & Asian", "BME"), ("Asian and White", "BME"), ("Mixed", "BME"),
    ("Any other Mixed or Multiple ethnic background", "BME"),
    ("Asian or Asian British: Indian", "BME"), ("Pakistani", "BME"), ("Bangladeshi", "BME"),
    ("Chinese", "BME"), ("Asian or Asian British: Any other Asian background", "BME"),
    ("Black, Black British, Caribbean or African: African", "BME"), ("Caribbean", "BME"),
    ("Any other Black, Black British, or Caribbean background", "BME"),
    ("Other ethnic group: Arab", "BME"), ("Any other ethnic group", "BME"), ("Arab", "BME"),
    ("BME", "BME"), ("BAME", "BME"), ("Black and minority ethnic", "BME"), ("Minority ethnic", "BME"),
    ("Global majority", "BME"), ("Ethnic minority", "BME"), ("Non-white", "BME"), ("B.A.M.E", "BME"),
    # unknown phrases and blanks
    ("Not stated", "Unknown"), ("Not known", "Unknown"), ("Not declared", "Unknown"),
    ("Prefer not to say", "Unknown"), ("I do not wish to disclose my ethnic origin", "Unknown"),
    ("Undisclosed", "Unknown"), ("Unknown", "Unknown"), ("Not given", "Unknown"), ("Refused", "Unknown"),
    ("", "Unknown"), ("   ", "Unknown"), (None, "Unknown"), (np.nan, "Unknown"), ("NULL", "Unknown"),
    ("#N/A", "Unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), ETHNICITY_CASES)
def test_ethnic_group(raw, expected):
    assert one(ethnic_group, raw) == (expected, [])


@pytest.mark.parametrize(
    "raw", ["T", "CL", "CM", "CN", "T Gypsy or Irish Traveller", "White: Gypsy or Irish Traveller",
            "White: Roma", "Gypsy/Romany", "Irish Traveller"],
)  # fmt: skip
@pytest.mark.parametrize("setting", ["White", "BME"])
def test_gypsy_traveller_follows_setting(raw, setting):
    assert one(ethnic_group, raw, gypsy_traveller=setting) == (setting, [])


def test_gypsy_traveller_setting_does_not_touch_other_white():
    assert one(ethnic_group, "White Romanian", gypsy_traveller="BME") == ("White", [])
    assert one(ethnic_group, "CP", gypsy_traveller="BME") == ("White", [])


def test_gypsy_traveller_rejects_other_values():
    with pytest.raises(ValueError):
        ethnic_group(pd.Series(["T"]), gypsy_traveller="Unknown")


@pytest.mark.parametrize(
    "raw", ["X9", "Martian", "W", "Other", "Q", "I", "O", "U", "ZZ", "AB", "CZ", "GG", "LZ", "100",
            "Whitehaven", "Blackburn", "(A)"],
)  # fmt: skip
def test_ethnic_group_unmapped(raw):
    assert one(ethnic_group, raw) == (None, [raw])


def test_label_word_is_not_read_as_code():
    # "As" is not a code, and "A" is not a code when glued to more letters.
    assert one(ethnic_group, "Asian or Asian British: Indian")[0] == "BME"
    assert one(ethnic_group, "Any other White background")[0] == "White"


# --------------------------------------------------------------------------------------- pay bands

BAND_CASES = [
    ("Band 5", "Band 5"), ("5", "Band 5"), (5, "Band 5"), (5.0, "Band 5"), ("AfC Band 5", "Band 5"),
    ("Band 05", "Band 5"), ("band 1", "Band 1"), ("Band 2", "Band 2"), ("3", "Band 3"), ("Band 4", "Band 4"),
    ("Band 6", "Band 6"), ("Band 7", "Band 7"), ("Band 8a", "Band 8a"), ("8A", "Band 8a"), ("8a", "Band 8a"),
    ("Band 8 - Range A", "Band 8a"), ("Band 8 Range A", "Band 8a"), ("Band 8-A", "Band 8a"),
    ("AfC Band 8a", "Band 8a"), ("Band 8A", "Band 8a"), ("Band 8b", "Band 8b"), ("8C", "Band 8c"),
    ("Band 8 - Range D", "Band 8d"), ("Band 8d", "Band 8d"), ("Band 9", "Band 9"), ("9", "Band 9"),
    ("VSM", "VSM"), ("AfC Band VSM", "VSM"), ("Very Senior Manager", "VSM"), ("Very Senior Managers", "VSM"),
    ("Under Band 1", "Under Band 1"), ("Review Body Band 5", "Band 5"),
    ("Agenda for Change Band 6", "Band 6"),
    ("  band\u00a07 ", "Band 7"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), BAND_CASES)
def test_pay_band(raw, expected):
    assert one(pay_band, raw) == (expected, [])


@pytest.mark.parametrize("band", BANDS)
def test_pay_band_canonical_is_idempotent(band):
    assert one(pay_band, band) == (band, [])


@pytest.mark.parametrize(
    "raw",
    ["Medical and Dental", "M&D", "Not applicable", "Other", "", None, "N/A"],
)
def test_pay_band_not_a_band_is_nan_not_unmapped(raw):
    assert one(pay_band, raw) == (None, [])


@pytest.mark.parametrize("raw", ["Non AfC", "Non-AfC Grade", "Not AfC", "non agenda for change staff"])
def test_a_non_afc_grade_is_a_band_row_of_its_own_not_not_recorded(raw):
    assert one(pay_band, raw) == ("Non-AfC", [])


@pytest.mark.parametrize(
    "raw", ["Band 8", "8", "Band 0", "0", "Band 10", "Band 5a", "Band 8e", "Grade 5", "X"]
)
def test_pay_band_unmapped(raw):
    assert one(pay_band, raw) == (None, [raw])


def test_pay_band_categories():
    assert tuple(pay_band(pd.Series(["5"])).values.cat.categories) == BANDS


# ------------------------------------------------------------------------------------ staff groups

STAFF_CASES = [
    ("Administrative and Clerical", "Non-clinical"), ("Administrative & Clerical", "Non-clinical"),
    ("Admin and Clerical", "Non-clinical"), ("Estates and Ancillary", "Non-clinical"),
    ("Estates & Ancillary", "Non-clinical"), ("Non-clinical", "Non-clinical"),
    ("Non clinical", "Non-clinical"),
    ("Medical and Dental", "Medical & dental"), ("Medical & Dental", "Medical & dental"),
    ("1 Medical and Dental", "Medical & dental"), ("060 Medical and Dental", "Medical & dental"),
    ("Medical", "Medical & dental"),
    ("Nursing and Midwifery Registered", "Clinical non-medical"),
    ("Nursing & Midwifery Registered", "Clinical non-medical"),
    ("Nursing and Midwifery Unregistered", "Clinical non-medical"),
    ("Allied Health Professionals", "Clinical non-medical"),
    ("Additional Clinical Services", "Clinical non-medical"),
    ("Healthcare Scientists", "Clinical non-medical"),
    ("Add Prof Scientific and Technic", "Clinical non-medical"),
    ("Additional Professional Scientific and Technical", "Clinical non-medical"),
    ("Students", "Clinical non-medical"), ("Clinical", "Clinical non-medical"),
    ("Clinical non-medical", "Clinical non-medical"), ("Medical & dental", "Medical & dental"),
    ("2 Administrative and Clerical", "Non-clinical"),
    ("  nursing  and midwifery registered ", "Clinical non-medical"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), STAFF_CASES)
def test_staff_category(raw, expected):
    assert one(staff_category, raw) == (expected, [])


@pytest.mark.parametrize("raw", ["Bank", "Porter", "Medicine", "Clinic"])
def test_staff_category_unmapped(raw):
    assert one(staff_category, raw) == (None, [raw])


def test_staff_category_missing_and_categories():
    result = staff_category(pd.Series([None, ""]))
    assert result.values.isna().all() and result.unmapped == []
    assert tuple(result.values.cat.categories) == STAFF_CATEGORIES


# ---------------------------------------------------------------------------------- medical grades

MEDICAL_CASES = [
    ("Consultant", "Consultants", False), ("Consultant Anaesthetist", "Consultants", False),
    ("Locum Consultant", "Consultants", False), ("Consultants", "Consultants", False),
    ("Medical Director", "Consultants", True), ("Clinical Director", "Consultants", True),
    ("Associate Medical Director", "Consultants", True), ("Divisional Director", "Consultants", True),
    ("Consultant - Clinical Director", "Consultants", True),
    ("Specialty Doctor", "Non-consultant career grade", False),
    ("Speciality Doctor", "Non-consultant career grade", False),
    ("Associate Specialist", "Non-consultant career grade", False),
    ("Staff Grade", "Non-consultant career grade", False),
    ("Specialist", "Non-consultant career grade", False),
    ("Hospital Practitioner", "Non-consultant career grade", False),
    ("Clinical Assistant", "Non-consultant career grade", False),
    ("Non-consultant career grade", "Non-consultant career grade", False),
    ("Specialty Registrar", "Trainee grades", False), ("Specialist Registrar", "Trainee grades", False),
    ("Specialty Trainee", "Trainee grades", False), ("ST1", "Trainee grades", False),
    ("ST 8", "Trainee grades", False), ("Core Trainee", "Trainee grades", False),
    ("CT1", "Trainee grades", False), ("CT3", "Trainee grades", False),
    ("Core Medical Training", "Trainee grades", False), ("Foundation Year 1", "Trainee grades", False),
    ("Foundation Year 2", "Trainee grades", False), ("FY1", "Trainee grades", False),
    ("FY2", "Trainee grades", False), ("F1", "Trainee grades", False), ("F2", "Trainee grades", False),
    ("Senior House Officer", "Trainee grades", False), ("House Officer", "Trainee grades", False),
    ("GP Registrar", "Trainee grades", False), ("GP Trainee", "Trainee grades", False),
    ("Registrar", "Trainee grades", False), ("Trainee grades", "Trainee grades", False),
    ("Locum Appointment for Training", "Trainee grades", False),
    ("Academic Clinical Fellow", "Trainee grades", False), ("Trust Grade Registrar", "Other", False),
    ("Trust Grade", "Other", False), ("Trust grade doctor", "Other", False),
    ("Locally employed doctor", "Other", False), ("Clinical Fellow", "Other", False),
    ("Medical Officer", "Other", False), ("Clinical Medical Officer", "Other", False),
    ("Other", "Other", False),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected", "senior"), MEDICAL_CASES)
def test_medical_subgroup(raw, expected, senior):
    result = medical_subgroup(pd.Series([raw]))
    assert result.values.iloc[0] == expected
    assert result.unmapped == []
    assert result.extra is not None and result.extra.dtype == bool
    assert bool(result.extra.iloc[0]) is senior


def test_medical_subgroup_missing_unmapped_and_index():
    series = pd.Series(["Consultant", None, "Wizard", "Medical Director"], index=list("wxyz"))
    result = medical_subgroup(series)
    assert tuple(result.values.cat.categories) == MEDICAL_SUBGROUPS
    assert result.values.index.equals(series.index) and result.extra.index.equals(series.index)
    assert result.values.isna().tolist() == [False, True, True, False]
    assert result.extra.tolist() == [False, False, False, True]
    assert result.unmapped == ["Wizard"]


def test_medical_subgroup_override_beats_senior_flag():
    result = medical_subgroup(pd.Series(["Director of Sandwiches"]), {"director of sandwiches": "Other"})
    assert result.values.tolist() == ["Other"] and result.extra.tolist() == [False]


# -------------------------------------------------------------------------------- yes/no & survey

YES_NO_CASES = [
    ("Y", "yes"), ("y", "yes"), ("Yes", "yes"), ("YES", "yes"), (" yes ", "yes"), ("True", "yes"),
    ("TRUE", "yes"), ("T", "yes"), ("1", "yes"), ("1.0", "yes"), (1, "yes"), (1.0, "yes"), (True, "yes"),
    ("N", "no"), ("no", "no"), ("No", "no"), ("False", "no"), ("f", "no"), ("F", "no"), ("0", "no"),
    ("0.0", "no"), (0, "no"), (0.0, "no"), (False, "no"), ("", None), (None, None), ("N/A", None),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), YES_NO_CASES)
def test_yes_no(raw, expected):
    assert one(yes_no, raw) == (expected, [])


@pytest.mark.parametrize("raw", ["Maybe", "2", "Yess", "10"])
def test_yes_no_unmapped(raw):
    assert one(yes_no, raw) == (None, [raw])


@pytest.mark.parametrize(
    "series",
    [pd.Series([True, False, True]), pd.Series([1, 0, 1]), pd.Series([1.0, 0.0, 1.0]),
     pd.Series(["Y", "N", "Y"], dtype="category"), pd.Series(["Yes", "No", "Yes"], dtype="str")],
)  # fmt: skip
def test_yes_no_typed_columns(series):
    assert yes_no(series).values.tolist() == ["yes", "no", "yes"]


SURVEY_CASES = [
    ("Never", "no"), ("1-2", "yes"), ("3-5", "yes"), ("6-10", "yes"), ("More than 10", "yes"),
    ("1 to 2", "yes"), ("1-2 times", "yes"), ("3 to 5 times", "yes"), ("More than 10 times", "yes"),
    ("10+", "yes"), ("1 - 2", "yes"), ("1\u20132", "yes"),
    ("01-Feb", "yes"), ("1-Feb", "yes"), ("Feb-01", "yes"), ("03-May", "yes"), ("3-May", "yes"),
    ("06-Oct", "yes"), ("6-Oct", "yes"), ("02-Jan", "yes"), ("2024-02-01 00:00:00", "yes"),
    ("Yes", "yes"), ("No", "no"), ("Don't know", "no"), ("Dont know", "no"), ("Do not know", "no"),
    ("Don\u2019t know", "no"), ("", None), (None, None), ("  ", None),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), SURVEY_CASES)
def test_survey_answer(raw, expected):
    assert one(survey_answer, raw) == (expected, [])


@pytest.mark.parametrize("raw", ["Sometimes", "04-Feb", "05-Oct", "Feb-2024", "13-Feb", "2-3"])
def test_survey_answer_unmapped(raw):
    assert one(survey_answer, raw) == (None, [raw])


def test_survey_answer_datetime_column():
    series = pd.Series(pd.to_datetime(["2024-02-01", "2024-05-03", None, "2024-10-06"]))
    result = survey_answer(series)
    assert result.values.tolist()[:2] == ["yes", "yes"] and pd.isna(result.values.iloc[2])
    assert result.values.iloc[3] == "yes" and result.unmapped == []

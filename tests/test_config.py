"""Configuration keys: one table entry per key parses and checks it, from wres.yaml and from the command line
alike, with messages that name the file and the key."""

from __future__ import annotations

from dataclasses import fields

import pytest

from wres_cli.core.config import Characteristic, Config, Thresholds, check, from_mapping, load_config
from wres_cli.core.config_keys import KEYS
from wres_cli.core.errors import ConfigError


def test_every_configuration_field_has_exactly_one_key():
    assert set(KEYS) == {f.name for f in fields(Config)} - {"source"}


def _error(data: dict) -> str:
    with pytest.raises(ConfigError) as info:
        config = from_mapping(data, "wres.yaml")
        check(config, "wres.yaml")
    return str(info.value)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"indicator3_method": "1y"}, "wres.yaml: unknown key 'indicator3_method'; did you mean 'indicator_3_method'?"),
        ({"zzz": 1}, "wres.yaml: unknown key 'zzz'; known keys: assignment_categories, band, bands, "),
        ({"confidence": "high"}, "wres.yaml: confidence must be float, not str ('high')"),
        ({"confidence": True}, "wres.yaml: confidence must be float, not bool"),
        ({"confidence": 1.5}, "wres.yaml: confidence must be between 0.5 and 1 (e.g. 0.95), not 1.5"),
        ({"suppress": 2.5}, "wres.yaml: suppress must be int, not float (2.5)"),
        ({"suppress": 5000}, "wres.yaml: suppress must be 0 (off) or a whole number up to 1000 (e.g. 10), not 5000"),
        ({"suppress_zeros": "yes please"}, "wres.yaml: suppress_zeros must be bool, not str ('yes please')"),
        (
            {"indicator_3_method": "2y"},
            "wres.yaml: indicator_3_method must be one of pooled-2y, 1y, mean-of-ratios, not '2y'",
        ),
        ({"zero_cells": "add"}, "wres.yaml: zero_cells must be one of none, haldane, not 'add'"),
        ({"gypsy_traveller": "Other"}, "wres.yaml: gypsy_traveller must be White or BME, not 'Other'"),
        ({"band": "2:3"}, "wres.yaml: band: band '2:3' must satisfy 0 < LOW < 1 < HIGH, e.g. 0.8:1.25"),
        ({"band": "wide"}, "wres.yaml: band: 'wide' is not a band; write it as LOW:HIGH, e.g. 0.8:1.25"),
        ({"columns": ["x"]}, "wres.yaml: columns must map a dataset (workforce, recruitment, board, survey, disciplinary"),
        ({"columns": {"workfroce": {}}}, "wres.yaml: columns.workfroce is not a dataset; did you mean 'workforce'?"),
        ({"columns": {"workforce": {"ethnicity": None}}}, "columns.workforce.ethnicity must be a single text value"),
        ({"ethnicity": "BME"}, "wres.yaml: ethnicity must be a mapping (key: value), not str"),
        ({"survey_questions": {"9": "Q1"}}, "survey_questions.9: only indicators 5, 6, 7 and 8 come from the survey"),
        ({"survey_questions": {"5": []}}, "survey_questions.5 must be a question column or a list of them"),
        ({"wdes_survey_questions": {"3": "Q1"}}, "wdes_survey_questions.3: survey metrics are 4a(i), 4a(ii), 4a(iii)"),
        ({"sc_survey_questions": {"6": 5}}, "wres.yaml: sc_survey_questions.6 must be a question column or a list"),
        ({"thresholds": {"small_grop": 5}}, "wres.yaml: unknown key thresholds.small_grop; did you mean 'small_group'?"),
        ({"thresholds": {"small_group": "ten"}}, "wres.yaml: thresholds.small_group must be int, not str ('ten')"),
        ({"grade_order": "Grade 1"}, "wres.yaml: grade_order must be a list of values, lowest first"),
        ({"senior_grade": ["a"]}, "wres.yaml: senior_grade must be a single value, not list"),
        ({"senior_grade": "G9", "grade_order": ["G1", "G2"]}, "wres.yaml: senior_grade 'G9' is not in grade_order"),
        ({"local_population_bme": 150}, "wres.yaml: local_population_bme is a percentage (0-100), not 150.0"),
        ({"characteristics": {"Age": {"groups": {}}}}, "characteristics.Age needs a reference group (reference: GROUP)"),
        (
            {"characteristics": {"Age": {"reference": "Old", "groups": {"60+": "Older"}}}},
            "characteristics.Age.reference 'Old' is not one of its groups (Older)",
        ),
        (
            {"characteristic": "Age"},
            "wres.yaml: characteristic 'Age' has no groups in the configuration; add 'characteristics: "
            "{Age: {reference: GROUP, groups: {RAW VALUE: GROUP, ...}}}' to wres.yaml",
        ),
    ],
)
def test_each_key_names_itself_and_the_fix(data, message):
    assert message in _error(data)


def test_each_key_parses_to_the_type_config_holds():
    config = from_mapping(
        {
            "reporting_year": 2025,
            "confidence": 9 / 10,
            "suppress": 10,
            "band": "0.8:1.25",
            "local_population_bme": 30,  # a whole number is a percentage too
            "grade_order": ["G1", 2],
            "senior_grade": 2,
            "survey_questions": {5: "Q1"},
            "thresholds": {"unknown_share": 1, "small_group": 5},
            "characteristics": {"Age": {"reference": "Old", "groups": {"60+": "Old", "<60": "Young"}}},
            "characteristic": "Age",
            "wdes_engagement_column": None,
        },
        "wres.yaml",
    )
    check(config, "wres.yaml")
    assert config.band == (0.8, 1.25) and config.local_population_bme == 30.0
    assert config.grade_order == ("G1", "2") and config.senior_grade == "2"
    assert config.survey_questions["5"] == ("Q1",) and config.survey_questions["6"] == ("Q14b", "Q14c")
    assert config.thresholds == Thresholds(unknown_share=1.0, small_group=5)
    assert config.characteristics["Age"] == Characteristic("Old", {"60+": "Old", "<60": "Young"})
    assert config.wdes_engagement_column is None and config.source == "wres.yaml"
    assert from_mapping({"reporting_year": None, "band": None}, "f").band is None


def test_command_line_values_pass_the_same_checks():
    with pytest.raises(ConfigError, match=r"^command line: confidence must be between 0\.5 and 1"):
        Config().with_options(confidence=1.2)
    with pytest.raises(ConfigError, match=r"^command line: characteristic 'Age' has no groups"):
        Config().with_options(characteristic="Age")
    assert Config().with_options(confidence=0.9, suppress=None).confidence == 0.9


def test_load_config_names_the_file(tmp_path):
    path = tmp_path / "wres.yaml"
    path.write_text("suppress: lots\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{path}: suppress must be int, not str"):
        load_config(path)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping of keys to values"):
        load_config(path)
    path.write_text("", encoding="utf-8")
    assert load_config(path) == Config(source=str(path))

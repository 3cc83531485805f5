"""Bank staff: ESR's assignment categories recognised, unknown ones refused, and one rule for every indicator:
bank-only staff belong to NHS England's separate Bank WRES and are left out of all of them (said in the notes).

tests/data/esr/staff-in-post-assignment-categories.csv is the 2026 export (105 rows) with its assignment
categories cycling through ESR's: Permanent, Fixed Term Temp, Bank, Bank Staff, Bank - Casual, Honorary, Locum,
Non-Exec Director/Chair, Apprentice, Secondment. Rows 2, 3 and 4 of every 10 (33 in all) are bank-only.
"""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from wres_cli import api
from wres_cli.core.errors import InputError

ESR = ROOT / "tests" / "data" / "esr"
CATEGORIES = ESR / "staff-in-post-assignment-categories.csv"


def people(results, indicator, section=None):
    """Staff per group behind an indicator: the denominators of a ratio's rates, or the numerators of a
    share of the workforce (``section``)."""
    rows = results.indicator(indicator)
    rows = rows.loc[(rows["measure"] == "percent") & (rows["org"] == "All")]
    if section is not None:
        rows = rows.loc[rows["section"] == section]
    return rows.set_index("group")["numerator" if section else "denominator"].astype(int).to_dict()


def test_esr_bank_categories_are_bank_and_the_rest_substantive():
    frame = pd.read_csv(CATEGORIES, dtype=str)
    bank = frame["Assignment Category"].isin(["Bank", "Bank Staff", "Bank - Casual"])
    assert int(bank.sum()) == 33
    results = api.compute(CATEGORIES)
    overall = results.indicator("1")
    overall = overall.loc[overall["section"] == "Overall workforce"]
    assert set(overall["denominator"]) == {105 - 33}


def test_one_rule_for_every_indicator(tmp_path):
    results = api.compute(CATEGORIES, board=_board(tmp_path))
    wanted = pd.read_csv(CATEGORIES, dtype=str)
    substantive = wanted.loc[~wanted["Assignment Category"].isin(["Bank", "Bank Staff", "Bank - Casual"])]
    white = int(substantive["Ethnic Origin"].str.match(r"^(A|B|C|CP) ").sum())
    for indicator in ("3", "4"):  # the staff behind the ratios are indicator 1's staff
        assert people(results, indicator)["White"] == white
        assert people(results, indicator) == people(results, "1", "Overall workforce")
        assert sum(people(results, indicator).values()) == 72
    assert people(results, "9", "Overall workforce") == people(results, "3")
    [note] = [n for n in results.notes if "bank-only" in n]
    assert note.startswith("33 bank-only staff in 2026 not counted: ")
    assert "separate Bank WRES and are left out of every indicator" in note


def _board(tmp_path):
    board = tmp_path / "board.csv"
    board.write_text("Year,Ethnicity,Voting,Executive\n2026,White,Y,Y\n2026,Asian,Y,N\n", encoding="utf-8")
    return board


def test_an_unknown_assignment_category_is_refused_with_its_lines():
    with pytest.raises(InputError) as error:
        api.compute(ESR / "staff-in-post-agency.csv")
    message = str(error.value)
    assert "column 'Assignment Category': 1 value not in the assignment categories" in message
    assert "'Agency' (2 rows, first at lines 9, 32)" in message
    assert "assignment_categories: {'Agency': ...}" in message


def test_the_mapping_is_configurable(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("assignment_categories:\n  Agency: Bank\n  Locum: Bank\n", encoding="utf-8")
    results = api.compute(ESR / "staff-in-post-agency.csv", config=config)
    [note] = [n for n in results.notes if "bank-only" in n]
    assert note.startswith("7 bank-only staff in 2026")  # 5 bank nurses and the 2 agency rows


def test_an_unfilled_category_is_refused_like_every_other_mapping(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("assignment_categories:\n  Agency: ''\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"line 2: assignment_categories: 'Agency' is left empty"):
        api.compute(ESR / "staff-in-post-agency.csv", config=config)


def test_wdes_follows_the_same_rule(tmp_path):
    frame = pd.read_csv(ESR / "wdes-staff-in-post.csv", dtype=str)
    frame.loc[frame.index[-10:], "Assignment Category"] = "Bank Staff"
    frame.to_csv(tmp_path / "wdes.csv", index=False)
    results = api.compute(tmp_path / "wdes.csv", framework="wdes", indicator_3_method="1y")
    assert (
        sum(people(results, "3").values()) == sum(people(results, "1", "Overall workforce").values()) == 110
    )

"""Tests for the synthetic-data generator ``sample_data/generate.py`` (small sizes, a few seconds)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "sample_data" / "generate.py"
DATA_FILES = ("workforce", "recruitment", "board", "survey", "survey_aggregated")
SMALL = {"staff": 1000, "orgs": 1, "years": 2, "latest_year": 2026, "applications": 900, "survey": 700}


def _load():
    spec = importlib.util.spec_from_file_location("wres_sample_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


gen = _load()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> dict[str, Path]:
    return gen.generate(tmp_path_factory.mktemp("small"), seed=7, **SMALL)


@pytest.fixture(scope="module")
def multi(tmp_path_factory) -> dict[str, Path]:
    params = dict(SMALL, staff=3000, orgs=6, applications=5000, survey=1500)
    return gen.generate(tmp_path_factory.mktemp("multi"), seed=11, **params)


def test_same_seed_is_byte_identical(small, tmp_path):
    again = gen.generate(tmp_path, seed=7, **SMALL)
    for name in DATA_FILES:
        assert again[name].read_bytes() == small[name].read_bytes(), name


def test_different_seed_differs(small, tmp_path):
    other = gen.generate(tmp_path, seed=8, **SMALL)
    for name in ("workforce", "recruitment", "survey"):
        assert other[name].read_bytes() != small[name].read_bytes(), name


def test_columns_exactly_as_specified(small, multi):
    expected = {
        "workforce": ["Organisation", "Year", "Employee Number", "Ethnic Origin", "Staff Group", "Pay Band",
                      "Grade", "Assignment Category", "Disciplinary", "Non-mandatory training"],
        "recruitment": ["Organisation", "Year", "Vacancy Reference", "Ethnicity", "Shortlisted", "Appointed"],
        "board": ["Organisation", "Year", "Role", "Ethnicity", "Voting", "Executive"],
        "survey": ["Organisation", "Ethnicity", "Q14a", "Q14b", "Q14c", "Q15", "Q16b"],
        "survey_aggregated": ["indicator", "group", "n", "percent"],
    }  # fmt: skip
    for name, columns in expected.items():
        assert _header(small[name]) == columns, name
    assert _header(multi["survey_aggregated"]) == ["Organisation", *expected["survey_aggregated"]]
    assert small["readme"].name == "README.md" and "synthetic" in small["readme"].read_text()


def test_row_counts_near_requested(small):
    years = Counter(r["Year"] for r in _rows(small["workforce"]))
    assert years["2026"] == SMALL["staff"]
    assert 0.95 * SMALL["staff"] <= years["2025"] <= SMALL["staff"]
    assert Counter(r["Year"] for r in _rows(small["recruitment"])) == {"2025": 900, "2026": 900}
    assert len(_rows(small["survey"])) == SMALL["survey"]
    board = Counter(r["Year"] for r in _rows(small["board"]))
    assert set(board) == {"2025", "2026"} and all(12 <= n <= 16 for n in board.values())


def test_staff_mostly_the_same_people_across_years(small):
    rows = _rows(small["workforce"])
    by_year: dict[str, dict[str, str]] = {"2025": {}, "2026": {}}
    for r in rows:
        by_year[r["Year"]][r["Employee Number"]] = r["Ethnic Origin"].split()[0] if r["Ethnic Origin"] else ""
    before, after = by_year["2025"], by_year["2026"]
    assert len(before) + len(after) == len(rows)  # one row per person per year
    both = before.keys() & after.keys()
    assert 0.84 <= len(both) / len(after) <= 0.94
    known = [e for e in both if before[e] not in ("", "Z", "99") and after[e] not in ("", "Z", "99")]
    assert all(before[e] == after[e] for e in known)
    assert all(len(e) == 8 and e[0] == "E" and e[1:].isdigit() for e in after)


def _aggregate(rows: list[dict[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
    """Independent re-implementation of the WRES 5-8 survey rules."""
    at_least_once = {"1-2", "3-5", "6-10", "More than 10"}
    rules = {
        "5": (lambda r: r["Q14a"] != "", lambda r: r["Q14a"] in at_least_once),
        "6": (lambda r: r["Q14b"] != "" or r["Q14c"] != "",
              lambda r: r["Q14b"] in at_least_once or r["Q14c"] in at_least_once),
        "7": (lambda r: r["Q15"] != "", lambda r: r["Q15"] == "Yes"),
        "8": (lambda r: r["Q16b"] != "", lambda r: r["Q16b"] == "Yes"),
    }  # fmt: skip
    out = {}
    for indicator, (answered, yes) in rules.items():
        for group in ("White", "BME"):
            members = [r for r in rows if (r["Ethnicity"] == "White") == (group == "White")
                       and r["Ethnicity"] not in ("", "Prefer not to say") and answered(r)]  # fmt: skip
            k = sum(yes(r) for r in members)
            n = len(members)
            out[indicator, group] = (n, f"{(2000 * k + n) // (2 * n) / 10:.1f}" if n else "")  # half up
    return out


def test_aggregated_survey_matches_record_level(small, multi):
    for paths in (small, multi):
        survey = _rows(paths["survey"])
        published = _rows(paths["survey_aggregated"])
        orgs = sorted({r["Organisation"] for r in survey})
        assert len(published) == 8 * len(orgs)
        for org in orgs:
            expected = _aggregate([r for r in survey if r["Organisation"] == org])
            rows = [r for r in published if r.get("Organisation", org) == org]
            got = {(r["indicator"], r["group"]): (int(r["n"]), r["percent"]) for r in rows}
            assert got == expected


def test_realistic_patterns(multi):
    survey = _rows(multi["survey"])
    assert {r["Ethnicity"] for r in survey} <= {s[0] or "" for s in gen.SURVEY_ETHNICITY}
    workforce = _rows(multi["workforce"])
    codes = Counter(r["Ethnic Origin"].split()[0] if r["Ethnic Origin"].strip() else "" for r in workforce)
    white = sum(codes[c] for c in ("A", "B", "C", "CP", "CY"))
    unknown = codes["Z"] + codes["99"] + codes[""]
    assert 0.6 < white / len(workforce) < 0.8 and 0.03 < unknown / len(workforce) < 0.08
    recruitment = _rows(multi["recruitment"])
    minority = ("Asian", "Black", "Mixed", "Other")
    white = [r["Appointed"] in ("Yes", "Y") for r in recruitment if r["Ethnicity"].startswith("White")]
    bme = [r["Appointed"] in ("Yes", "Y") for r in recruitment if r["Ethnicity"].startswith(minority)]
    assert 0.3 < len(bme) / len(recruitment) < 0.5
    assert 1.2 < (sum(white) / len(white)) / (sum(bme) / len(bme)) < 2.4  # relative likelihood ~1.6
    orgs = Counter(r["Organisation"] for r in workforce if r["Year"] == "2026")
    assert len(orgs) == 6 and len({o.split()[0] for o in orgs}) == 6
    assert max(orgs.values()) > 1.5 * min(orgs.values())  # sizes vary ~0.3x-3x


def test_messy_values_stay_valid(small):
    rows = _rows(small["workforce"])
    labels = set(gen.ESR_LABELS)
    ethnic = [r["Ethnic Origin"] for r in rows]
    assert all(e == "" or " ".join(e.split()) in labels for e in ethnic)
    assert any(e.startswith(" ") for e in ethnic) and "" in ethnic
    assert {r["Disciplinary"] for r in rows} <= {"Y", "N", "y", "n"}
    assert {r["Non-mandatory training"] for r in rows} <= {"Yes", "No", "Y", "N"}
    bands = {r["Pay Band"] for r in rows}
    assert {"Band 5", "AfC Band 5"} <= bands and bands & {"8A", "Band 8 - Range A", "AfC Band 8a"}
    medical = [r for r in rows if r["Staff Group"] == "Medical and Dental"]
    assert all(r["Grade"] for r in medical) and not any(r["Grade"] for r in rows if r not in medical)
    assert {r["Pay Band"] for r in medical} <= {"", "Medical and Dental"}


def test_clean_mode_uses_canonical_spellings(tmp_path):
    gen.main(["--out", str(tmp_path), "--clean", "--staff", "800", "--applications", "30", "--survey", "20"])
    rows = _rows(tmp_path / "workforce.csv")
    canonical = {f"Band {b}" for b in gen.BANDS[:-1]} | {"VSM", ""}
    assert {r["Pay Band"] for r in rows} <= canonical
    assert {r["Ethnic Origin"] for r in rows} <= set(gen.ESR_LABELS) - {"99 Not known"}
    assert {r["Disciplinary"] for r in rows} <= {"Y", "N"}
    assert "--clean" in (tmp_path / "README.md").read_text()


def test_parquet_is_readable_and_matches_csv(small, tmp_path):
    paths = gen.generate(tmp_path, seed=7, fmt="parquet", **SMALL)
    for name in DATA_FILES:
        table = pq.read_table(paths[name])
        assert paths[name].suffix == ".parquet"
        assert table.column_names == _header(small[name]), name
        assert table.num_rows == len(_rows(small[name])), name
    workforce = pq.read_table(paths["workforce"]).to_pydict()
    assert workforce["Employee Number"] == [r["Employee Number"] for r in _rows(small["workforce"])]
    assert str(pq.read_table(paths["survey"]).schema.field("Q15").type) == "string"

"""Intervals, p-values, the optional band and small-number suppression as they reach the terminal, CSV and JSON."""

from __future__ import annotations

import io
import json
import math
import re
import warnings

import pandas as pd
import pytest
from statsmodels.stats import proportion as sm

from conftest import expand, write

STATS_KEYS = ("ci_low", "ci_high", "p_value", "significant")


@pytest.fixture
def files(tmp_path):
    """Workforce: White 600 (12 disciplinary, 200 trained), BME 300 (7, 60), Unknown 20 (0, 2).
    Recruitment: White 470 of 1,000 appointed, BME 100 of 682, Unknown 3 of 40."""
    wf = [
        {"Ethnicity": e, "n": n, "Disciplinary": d, "Non-mandatory training": t}
        for e, n, d, t in (("A", 600, 12, 200), ("N", 300, 7, 60), ("Z", 20, 0, 2))
    ]
    rec = [
        {"Ethnicity": e, "n": n, "Appointed": k}
        for e, n, k in (("A", 1000, 470), ("N", 682, 100), ("Z", 40, 3))
    ]
    return (
        write(tmp_path / "wf.csv", expand(wf, counts=True)),
        "--recruitment",
        write(tmp_path / "rec.csv", expand(rec, counts=True)),
        "--method",
        "1y",
    )


def as_json(run, files, *options) -> dict:
    return json.loads(run("compute", *files, *options, "--format", "json").stdout)


def as_csv(run, files, *options) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(run("compute", *files, *options, "--format", "csv").stdout), dtype=str)


def table(run, files, monkeypatch, *options) -> str:
    monkeypatch.setenv("COLUMNS", "200")
    return run("compute", *files, *options).stdout


def heads(payload: dict) -> dict[str, dict]:
    return {e["indicator"]: e for e in payload["summary"]}


def ratio_rows(payload: dict) -> dict[str, dict]:
    return {r["indicator"]: r for r in payload["rows"] if r["measure"] == "relative_likelihood"}


def score(a, n1, c, n2) -> tuple[float, float, float]:
    """statsmodels' score interval for a ratio of two proportions and its score-test p-value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        low, high = sm.confint_proportions_2indep(a, n1, c, n2, compare="ratio", method="score")
        p = sm.test_proportions_2indep(a, n1, c, n2, compare="ratio", method="score").pvalue
    return low, high, p


def test_rows_and_summary_carry_interval_p_value_and_significance(run, files):
    payload = as_json(run, files)
    rows, summary = ratio_rows(payload), heads(payload)
    assert set(rows) == {"2", "3", "4"}
    for indicator in ("2", "3", "4"):
        for key in STATS_KEYS:
            assert summary[indicator][key] == rows[indicator][key], (indicator, key)
    # indicator 2 is White's appointment rate over BME's: check against statsmodels on the same counts
    two = rows["2"]
    low, high, p = score(470, 1000, 100, 682)
    assert two["value"] == pytest.approx((470 / 1000) / (100 / 682))
    assert (two["ci_low"], two["ci_high"]) == pytest.approx((low, high), rel=1e-9)
    assert two["p_value"] == pytest.approx(p, rel=1e-9, abs=1e-300)
    assert two["significant"] is True
    # indicator 3: BME 7/300 vs White 12/600 is 1.17, and its interval includes 1
    three = rows["3"]
    low, high, p = score(7, 300, 12, 600)
    assert three["value"] == pytest.approx((7 / 300) / (12 / 600))
    assert (three["ci_low"], three["ci_high"]) == pytest.approx((low, high), rel=1e-9)
    assert three["ci_low"] < 1 < three["ci_high"] and three["significant"] is False
    assert three["p_value"] == pytest.approx(p, rel=1e-9)
    # every percentage has its Wilson interval; ratios and p-values only where they belong
    percents = [r for r in payload["rows"] if r["measure"] == "percent"]
    assert percents and all(r["ci_low"] <= r["value"] <= r["ci_high"] for r in percents)
    assert all(r["p_value"] is None for r in percents)


def test_csv_has_the_same_columns(run, files):
    frame = as_csv(run, files)
    assert set(STATS_KEYS) <= set(frame.columns)
    ratios = frame.loc[frame["measure"] == "relative_likelihood"].set_index("indicator")
    assert ratios.loc["2", "significant"] == "True" and ratios.loc["3", "significant"] == "False"
    for column in ("ci_low", "ci_high", "p_value"):
        assert pd.to_numeric(ratios[column]).notna().all()


def test_lower_confidence_narrows_every_interval(run, files):
    wide, narrow = as_json(run, files), as_json(run, files, "--confidence", "0.9")
    assert narrow["meta"]["confidence"] == 0.9
    pairs = list(zip(wide["rows"], narrow["rows"], strict=True))
    compared = 0
    for w, n in pairs:
        assert (w["indicator"], w["group"], w["value"]) == (n["indicator"], n["group"], n["value"])
        if w["ci_low"] is None:
            continue
        assert n["ci_low"] >= w["ci_low"] and n["ci_high"] <= w["ci_high"]
        if 0 < w["value"] < (100 if w["measure"] == "percent" else float("inf")):
            assert n["ci_high"] - n["ci_low"] < w["ci_high"] - w["ci_low"]
            compared += 1
    assert compared >= 9
    for indicator, entry in heads(narrow).items():
        if entry["measure"] == "relative_likelihood":
            assert entry["ci_low"] >= heads(wide)[indicator]["ci_low"]


def test_terminal_summary_shows_intervals_and_significance(run, files, monkeypatch):
    rows = ratio_rows(as_json(run, files))
    out = table(run, files, monkeypatch)
    two, three = rows["2"], rows["3"]
    assert f"{two['value']:.2f} ({two['ci_low']:.2f}–{two['ci_high']:.2f})" in out  # 3.21 (2.64–3.89)
    assert f"{three['value']:.2f} ({three['ci_low']:.2f}–{three['ci_high']:.2f})" in out
    readings = " ".join(out.split())  # each reading, wrapped at any width, on one line
    assert re.search(
        r"White applicants are more likely to be appointed from shortlisting than BME applicants: 3\.21× as "
        r"likely \(CI [0-9.]+–[0-9.]+; p < 0\.001\), statistically significant\.",
        readings,
    )
    assert re.search(
        r"BME staff are more likely to enter the formal disciplinary process than White staff: 1\.17× as likely "
        r"\(CI [0-9.]+–[0-9.]+; p = 0\.[0-9]+\), not statistically significant\.",
        readings,
    )
    assert "Intervals: 95%" in out


def test_band_marks_ratios_outside_it_descriptively(run, files, monkeypatch):
    payload = as_json(run, files, "--band", "0.8:1.25")
    flags = {k: r["flag"] for k, r in ratio_rows(payload).items()}
    assert flags == {"2": "outside 0.80–1.25", "3": "", "4": "outside 0.80–1.25"}  # 3.21, 1.17, 1.67
    assert heads(payload)["2"]["flag"] == "outside 0.80–1.25"
    csv = run("compute", *files, "--band", "0.8:1.25", "--format", "csv").stdout
    terminal = table(run, files, monkeypatch, "--band", "0.8:1.25")
    assert "outside 0.80–1.25" in csv and "outside 0.80–1.25" in terminal
    for text in (json.dumps(payload), csv, terminal):
        assert not re.search(r"\b(un)?fair\b", text, re.IGNORECASE)
    assert not any(r["flag"] for r in as_json(run, files)["rows"])  # no band, no marks


def test_a_zero_rate_gives_a_one_sided_figure_and_haldane_changes_nothing(run, tmp_path):
    """0 of 20 BME against 5 of 50 White: ratio 0, "at most" its upper limit, p from the same score test; the
    old --zero-cells haldane is accepted, changes no figure and says so."""
    wf = [{"Ethnicity": e, "n": n, "Disciplinary": d} for e, n, d in (("A", 50, 5), ("N", 20, 0))]
    path = write(tmp_path / "wf.csv", expand(wf, counts=True))
    payload = as_json(run, (path, "--method", "1y"))
    plain = ratio_rows(payload)["3"]
    _, high, p = score(0, 20, 5, 50)
    assert plain["status"] == "computed" and plain["reason"] == ""
    assert plain["value"] == 0 and plain["ci_low"] == 0 and plain["ci_high"] == pytest.approx(high, rel=1e-9)
    assert plain["p_value"] == pytest.approx(p, rel=1e-9) and plain["significant"] is False
    assert "the rate for BME staff is 0%" in plain["note"] and "at most its upper limit" in plain["note"]
    reading = heads(payload)["3"]["reading"]
    assert "(the rate for BME staff is 0%): the ratio is 0 but could be as high as" in reading
    haldane = as_json(run, (path, "--method", "1y"), "--zero-cells", "haldane")
    assert ratio_rows(haldane)["3"] == plain
    assert any("no longer changes any figure" in w for w in haldane["meta"]["warnings"])


def test_a_zero_rate_on_the_other_side_has_no_upper_limit_and_prints_no_inf(run, tmp_path, monkeypatch):
    """8 of 17 BME against 0 of 65 White: "at least 8.22× as likely", value and upper limit empty, never inf."""
    wf = [{"Ethnicity": e, "n": n, "Disciplinary": d} for e, n, d in (("A", 65, 0), ("N", 17, 8))]
    path = write(tmp_path / "wf.csv", expand(wf, counts=True))
    payload = as_json(run, (path, "--method", "1y"))
    row = ratio_rows(payload)["3"]
    assert row["value"] is None and row["ci_high"] is None and row["ci_low"] == pytest.approx(8.2243, abs=1e-4)
    assert row["status"] == "computed" and row["significant"] is True and row["p_value"] < 1e-6
    assert "at least 8.22× as likely" in heads(payload)["3"]["reading"]
    frame = as_csv(run, (path, "--method", "1y"))
    three = frame.loc[(frame["measure"] == "relative_likelihood")].iloc[0]
    assert pd.isna(three["value"]) and pd.isna(three["ci_high"]) and three["ci_low"].startswith("8.22")
    terminal = table(run, (path, "--method", "1y"), monkeypatch)
    for text in (json.dumps(payload), run("compute", path, "--method", "1y", "--format", "csv").stdout, terminal):
        assert not re.search(r"\b(inf|nan|NaN|Infinity)\b", text)


# --- small-number suppression in every format -------------------------------------------------------


@pytest.fixture
def small(tmp_path):
    """BME 6 staff: none disciplined, all 6 trained (0% and 100% of a group smaller than 10)."""
    wf = [
        {"Ethnicity": e, "n": n, "Disciplinary": d, "Non-mandatory training": t}
        for e, n, d, t in (("A", 600, 12, 200), ("N", 6, 0, 6), ("Z", 40, 0, 3))
    ]
    return write(tmp_path / "wf.csv", expand(wf, counts=True)), "--method", "1y"


def test_suppressed_counts_show_as_less_than_n_in_every_format(run, small, monkeypatch):
    payload = as_json(run, small, "--suppress", "10")
    frame = as_csv(run, small, "--suppress", "10")
    terminal = table(run, small, monkeypatch, "--suppress", "10")
    assert "<10" in terminal and "<10" in frame["denominator"].tolist()
    assert any(r["denominator"] == "<10" for r in payload["rows"])
    for column in ("numerator", "denominator"):
        numbers = pd.to_numeric(frame[column], errors="coerce").dropna()
        assert not ((numbers > 0) & (numbers < 10)).any()
        shown = [r[column] for r in payload["rows"] if isinstance(r[column], (int, float))]
        assert not any(0 < v < 10 for v in shown)
    assert "Counts from 1 to 9 are shown as <10" in terminal
    # no count below 10 slips into the words either ("zero rate for BME staff (0 of 6)")
    assert not re.search(r"\bof [1-9]\b", json.dumps(payload))


def test_percentages_of_suppressed_counts_are_suppressed(run, small):
    rows = as_json(run, small, "--suppress", "10")["rows"]
    bme = [
        r for r in rows if r["indicator"] in ("3", "4") and r["measure"] == "percent" and r["group"] == "BME"
    ]
    assert bme
    for r in bme:  # 0% and 100% of 6 people: everyone's answer
        assert r["denominator"] == "<10"
        assert r["value"] == r["ci_low"] == r["ci_high"] == "*"
        assert r["suppression"] in ("small_count", "derived_from_suppressed")
    unknown = [
        r for r in rows if r["indicator"] == "4" and r["measure"] == "percent" and r["group"] == "Unknown"
    ]
    assert unknown[0]["numerator"] == "<10" and unknown[0]["value"] == "*"


def test_zero_or_all_of_a_small_group_is_suppressed_even_when_its_count_is_shown(run, small):
    """0 disciplined of 6 BME staff: the 0 stays 0, but 0% of a group under 10 is hidden."""
    rows = as_json(run, small, "--suppress", "10")["rows"]
    zero = next(
        r for r in rows if r["indicator"] == "3" and r["measure"] == "percent" and r["group"] == "BME"
    )
    assert zero["numerator"] == 0 and zero["value"] == "*" and zero["suppression"]
    unsuppressed = as_json(run, small)["rows"]
    same = next(
        r for r in unsuppressed if r["indicator"] == "3" and r["measure"] == "percent" and r["group"] == "BME"
    )
    assert same["value"] == 0.0 and same["denominator"] == 6


def test_ratios_on_hidden_counts_are_withheld_unless_kept(run, small):
    gone = ratio_rows(as_json(run, small, "--suppress", "10"))["4"]
    assert gone["value"] == "*" and gone["p_value"] == "*"
    assert ratio_rows(as_json(run, small, "--suppress", "10", "--suppress-ratios"))["4"] == gone
    kept = ratio_rows(as_json(run, small, "--suppress", "10", "--keep-ratios"))["4"]
    assert kept["value"] == pytest.approx((200 / 600) / (6 / 6))


def test_a_star_never_says_it_hides_a_small_count(run, tmp_path):
    """Three organisations of 1 White and 1 BME each at --suppress 3: everything is small, so some ranges are
    withheld; a "*" labelled small_count would give its 1..2 range back."""
    frame = pd.DataFrame(
        [{"Organisation": o, "Ethnicity": e, "Count": 1} for o in ("R1", "R2", "R3") for e in ("A", "N")]
    )
    path = write(tmp_path / "wf.csv", frame)
    rows = as_csv(run, (path,), "--by", "org", "--suppress", "3")
    stars = rows.loc[(rows["numerator"] == "*") & (rows["measure"] == "percent")]
    assert not stars.empty and (rows["numerator"] == "<3").any()
    assert not (stars["suppression"] == "small_count").any()
    assert not (rows["reason"].fillna("").str.contains(r"of [12]\b")).any()


def test_a_ratio_on_a_hidden_count_is_withheld_unless_kept(run, tmp_path):
    """With the other group's counts shown, a reader can work a hidden count back from a ratio (White 200 of
    600 shown, BME 3 of 8 hidden: BME's rate is 0.333 / RR, and only 3 of 8 gives that rate below 10 people),
    which is why --suppress withholds such ratios unless --keep-ratios is given."""
    wf = [{"Ethnicity": e, "n": n, "Non-mandatory training": t} for e, n, t in (("A", 600, 200), ("N", 8, 3))]
    path = write(tmp_path / "wf.csv", expand(wf, counts=True))
    ratio = ratio_rows(as_json(run, (path,), "--suppress", "10", "--keep-ratios"))["4"]
    rate = (200 / 600) / ratio["value"]
    candidates = [(a, n) for n in range(1, 10) for a in range(n + 1) if math.isclose(a / n, rate, rel_tol=1e-9)]
    assert candidates == [(3, 8)]  # the documented risk of publishing ratios
    withheld = ratio_rows(as_json(run, (path,), "--suppress", "10"))["4"]
    assert {withheld[k] for k in ("value", "ci_low", "ci_high", "p_value")} == {"*"}

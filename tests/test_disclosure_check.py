"""`wres disclosure-check`, `public: [board]` and the years protected together (pooled figures beside the trend)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, SAMPLE_INPUTS
from wres_cli import api, pipeline
from wres_cli.cli import app
from wres_cli.results.disclosure_audit import audit

runner = CliRunner()
WORKFORCE = [SAMPLE / "workforce.csv", "--recruitment", SAMPLE / "recruitment.csv"]


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_a_suppressed_run_passes_its_own_check():
    result = invoke("disclosure-check", *SAMPLE_INPUTS, "--by", "org", "--suppress", "10")
    assert result.exit_code == 0, result.output
    checked = int(
        re.search(r"([\d,]+) counts a reader does not see", result.output).group(1).replace(",", "")
    )
    assert checked > 100
    assert "Nothing found" in result.output


def test_kept_ratios_are_found_with_the_fix(tmp_path):
    """Few disciplinary cases: indicator 3's counts are '<10', and --keep-ratios publishes the ratio beside them."""
    result = invoke("disclosure-check", pooled_and_single(tmp_path), "--suppress", "10", "--keep-ratios")
    assert result.exit_code == 1, result.output
    assert "finding(s)" in result.output and "drop --keep-ratios" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())


def test_the_check_needs_a_threshold():
    result = invoke("disclosure-check", *WORKFORCE)
    assert result.exit_code == 2
    assert "--suppress N" in result.output


def test_the_check_finds_a_small_count_hidden_alone():
    """Hide one count of 1..9 in indicator 1 with nothing beside it: the band total gives it back exactly."""
    loaded = api.load(*WORKFORCE[:1], recruitment=WORKFORCE[2], suppress=10)
    plain = api.compute_loaded(loaded, protect=False)
    rows = plain.rows
    small = (rows["indicator"] == "1") & (rows["measure"] == "percent") & rows["numerator"].between(1, 9)
    small &= rows["breakdown"] != "Total"
    position = int(small.to_numpy().nonzero()[0][0])
    shown = rows.copy()
    shown["numerator"] = shown["numerator"].astype(object)
    shown.iloc[position, shown.columns.get_loc("numerator")] = "<10"
    from dataclasses import replace

    found = audit([plain], [replace(plain, rows=shown)], None)
    true = float(rows.iloc[position]["numerator"])
    exact = [f for f in found.findings if f.low == f.high == true and f.shown == "<10"]
    assert exact, found.findings
    assert any("=" in part for part in exact[0].through)  # names the equation that gives it


def test_notes_with_a_small_count_are_found():
    loaded = api.load(*WORKFORCE[:1], recruitment=WORKFORCE[2], suppress=10)
    plain = api.compute_loaded(loaded, protect=False)
    from dataclasses import replace

    shown = replace(api.compute_loaded(loaded), notes=("3 people have no organisation",))
    found = audit([plain], [shown], None)
    assert [f.count for f in found.findings if f.shown == "printed"] == ["3 people"]


# ---------------------------------------------------------------------------------------------- public


def test_a_public_board_is_shown_whatever_its_size(tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("public: [board]\n")
    kept = api.compute(SAMPLE / "workforce.csv", board=SAMPLE / "board.csv", config=config, suppress=10).rows
    hidden = api.compute(SAMPLE / "workforce.csv", board=SAMPLE / "board.csv", suppress=10).rows
    board = (kept["breakdown"] == "Board") & (kept["measure"] == "percent")
    assert board.any()
    assert kept.loc[board, "numerator"].map(lambda v: not isinstance(v, str)).all()
    assert kept.loc[board, "suppression"].eq("").all()
    small = hidden.loc[board, "numerator"].map(lambda v: isinstance(v, str))
    assert small.any(), "without public: [board] the small board counts are hidden"


@pytest.mark.parametrize("value", ["[survey]", "[bord]"])
def test_only_the_board_can_be_declared_public(tmp_path, value):
    config = tmp_path / "wres.yaml"
    config.write_text(f"public: {value}\n")
    result = invoke("compute", SAMPLE / "workforce.csv", "-c", config, "--suppress", "10")
    assert result.exit_code == 2
    assert "public may list board" in result.output, result.output
    if value == "[bord]":
        assert "did you mean 'board'" in result.output


# ---------------------------------------------------------------------------------------------- years


def pooled_and_single(tmp_path):
    """Two years of a small trust: few disciplinary cases, so indicator 3 is suppressed in both years."""
    lines = ["Organisation,Year,Ethnic Origin,Staff Group,Pay Band,Disciplinary"]
    for year, white_cases, bme_cases in ((2025, 3, 2), (2026, 4, 3)):
        for eth, n, cases in (("A", 140, white_cases), ("N", 90, bme_cases)):
            lines += [
                f"R1,{year},{eth},Nursing and Midwifery Registered,Band 5,{'Y' if i < cases else 'N'}"
                for i in range(n)
            ]
    path = tmp_path / "workforce.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_pooled_figure_and_the_single_years_are_one_system(tmp_path):
    path = pooled_and_single(tmp_path)
    results = api.compute(path, suppress=10, trend=True)
    trend = results.trend
    cases = trend[
        (trend["indicator"] == "3") & (trend["measure"] == "percent") & (trend["group"] != "Unknown")
    ]
    # 2025 alone (3, 2) and 2025+2026 pooled (7, 5): all are small, none is shown
    assert cases["numerator"].map(lambda v: isinstance(v, str)).all(), cases
    loaded = api.load(path, suppress=10)
    assert api.disclosure_check(loaded).safe


def test_the_years_are_suppressed_alike_with_and_without_the_trend():
    with_trend = api.compute(*WORKFORCE[:1], recruitment=WORKFORCE[2], suppress=10, trend=True).rows
    without = api.compute(*WORKFORCE[:1], recruitment=WORKFORCE[2], suppress=10).rows
    columns = ["numerator", "denominator", "value", "suppression"]
    pd.testing.assert_frame_equal(with_trend[columns].astype(str), without[columns].astype(str))


def test_the_single_years_behind_a_pooled_figure_are_counted_not_published():
    loaded = api.load(*WORKFORCE[:1], suppress=10)
    plain = api.compute_loaded(loaded, protect=False)
    runs, behind = pipeline._publication(loaded, plain)
    assert [r.year for r in runs] == [2025, 2026]
    notes = set(behind.loc[behind["indicator"] == "3", "note"])
    assert notes == {"single year 2025", "single year 2026"}

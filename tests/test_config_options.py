"""RunOptions: the inputs and options of a run as one frozen, typed value; ``api.run`` computes from it what
``api.compute`` computes from the same keywords."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from wres_cli import api
from wres_cli.core.errors import ConfigError
from wres_cli.core.options import RunOptions


def test_run_options_are_frozen_and_read_only():
    options = RunOptions(
        SAMPLE / "workforce.csv",
        indicators_dirs=[Path("plugins")],
        read_options={"encoding": "utf-8"},
        overrides={"confidence": 0.9},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.year = 2025  # type: ignore[misc]
    with pytest.raises(TypeError):
        options.overrides["confidence"] = 0.5  # type: ignore[index]
    with pytest.raises(TypeError):
        options.read_options["sheet"] = "x"  # type: ignore[index]
    assert options.indicators_dirs == (Path("plugins"),)
    assert options.inputs == (SAMPLE / "workforce.csv", *[None] * 6, None)  # the inputs, then the config
    assert RunOptions(Path("w.csv"), indicators_dirs="plugins").indicators_dirs == (Path("plugins"),)
    assert RunOptions("w.csv", config="wres.yaml").inputs == (Path("w.csv"), *[None] * 6, Path("wres.yaml"))
    several = RunOptions(["a.csv", "b.csv"], disciplinary=["cases.csv"])
    assert several.workforce == (Path("a.csv"), Path("b.csv")) and several.disciplinary == Path("cases.csv")
    assert several.inputs[:3] == (Path("a.csv"), Path("b.csv"), None)


def test_unknown_overrides_and_read_options_are_refused_by_name():
    with pytest.raises(ConfigError, match="unknown configuration key 'confidance'; did you mean 'confidence'"):
        RunOptions(Path("w.csv"), overrides={"confidance": 0.9})
    with pytest.raises(ConfigError, match="unknown read option 'delimeter'; did you mean 'delimiter'"):
        RunOptions(Path("w.csv"), read_options={"delimeter": ";"})


def test_run_computes_what_compute_computes():
    options = RunOptions(
        SAMPLE / "workforce.csv",
        recruitment=SAMPLE / "recruitment.csv",
        year=2025,
        by_org=True,
        overrides={"confidence": 0.9, "indicator_3_method": "1y", "suppress": 10},
    )
    ran = api.run(options, trend=True)
    computed = api.compute(
        SAMPLE / "workforce.csv",
        recruitment=SAMPLE / "recruitment.csv",
        year=2025,
        by_org=True,
        confidence=0.9,
        indicator_3_method="1y",
        suppress=10,
        trend=True,
    )
    assert ran.year == 2025 and ran.by_org and ran.config.confidence == 0.9 and ran.config.suppress == 10
    assert ran.rows.equals(computed.rows) and ran.summary == computed.summary
    assert ran.trend is not None and ran.trend.equals(computed.trend)


def test_commands_pass_options_by_name_not_through_locals():
    """Each command builds its RunOptions from its own parameters; none hands its locals() on."""
    for path in sorted((ROOT / "src" / "wres_cli" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        assert "locals" not in calls, path.name
    for name in ("compute", "report", "validate"):
        text = (ROOT / "src" / "wres_cli" / "cli" / f"{name}.py").read_text(encoding="utf-8")
        assert "RunOptions(" in text, name

"""Indicators written by others: --indicators-dir, installed entry points, failures reported by name."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from pathlib import Path

import pytest

import wres_cli
from conftest import ROOT, expand, write
from wres_cli import api
from wres_cli.indicators.registry import load_registry

DOC = ROOT / "docs" / "writing-an-indicator.md"


def doc_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def example(tmp_path):
    """The documented example, exactly as printed, in its own folder."""
    folder = tmp_path / "my_indicators"
    folder.mkdir()
    (folder / "leavers.py").write_text(doc_blocks()[0], encoding="utf-8")
    return folder


@pytest.fixture
def staff(tmp_path):
    workforce = expand(
        [
            {"Ethnicity": "A", "n": 100, "Leaver": 10, "Disciplinary": 2},  # White: 10% leave
            {"Ethnicity": "N", "n": 50, "Leaver": 8, "Disciplinary": 3},  # BME: 16% leave
        ]
    )
    return write(tmp_path / "workforce.csv", workforce)


def test_documented_example_is_short_and_works(example, staff, run):
    assert len(doc_blocks()[0].strip().splitlines()) <= 40
    listed = run("list", "--indicators-dir", example).stdout
    assert "local" in listed and "L1" in listed and f"directory {example}" in listed
    out = run("compute", staff, "--indicators-dir", example, "--framework", "local", "-f", "json").stdout
    assert '"value": 1.6' in out


def test_documented_test_passes(example, staff, monkeypatch, tmp_path):
    monkeypatch.chdir(example.parent)
    namespace: dict = {}
    exec(compile(doc_blocks()[-1], "docs-test", "exec"), namespace)  # the 'Testing it' example
    namespace["test_leavers"](tmp_path)


def test_failing_plugins_are_reported_by_name_and_the_others_still_run(example, staff, tmp_path, run):
    (example / "broken.py").write_text("import not_a_real_module\n")
    (example / "raises.py").write_text(
        textwrap.dedent(
            """
            from wres_cli import Indicator

            def compute(ctx):
                raise ValueError("boom")

            INDICATOR = Indicator(id="L2", framework="local", title="Always fails", compute=compute)
            """
        )
    )
    result = run("compute", staff, "--indicators-dir", example, "--framework", "local", "-f", "csv")
    assert "broken.py" in result.stderr and "ModuleNotFoundError" in result.stderr
    assert "local:L2" in result.stderr and "boom" in result.stderr
    assert "local,L1,All" in result.stdout  # the working plugin still ran
    assert "not_computed" in result.stdout  # the failing one says so


@pytest.fixture
def installed(tmp_path, monkeypatch, example):
    """A fake installed distribution on sys.path with one good and one broken entry point."""
    site = tmp_path / "site"
    package = site / "fake_wres_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "leavers.py").write_text((example / "leavers.py").read_text().replace('"L1"', '"P1"'))
    info = site / "fake_wres_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-wres-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[wres.indicators]\nleavers = fake_wres_plugin.leavers\nbroken = fake_wres_plugin.missing\n"
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def test_entry_point_plugins_load_with_their_package_name(installed, staff, run):
    registry = load_registry(entry_points=True)
    found = {i.key: i.source for i in registry.indicators}
    assert found["local:P1"] == "package fake-wres-plugin"
    assert any(e.startswith("broken (fake_wres_plugin.missing)") for e in registry.errors)
    result = run("list")
    assert "P1" in result.stdout and "package fake-wres-plugin" in result.stdout
    assert "broken" in result.stderr
    results = api.compute(staff, framework="local")
    assert results.headline("P1")["value"] == pytest.approx(1.6)


def test_wres_no_plugins_turns_entry_points_off(installed, monkeypatch, run):
    monkeypatch.setenv("WRES_NO_PLUGINS", "1")
    result = run("list")
    assert "P1" not in result.stdout and "broken" not in result.stderr
    assert "nhs-wres" in result.stdout


def test_nothing_is_imported_from_the_current_directory(tmp_path, monkeypatch, run):
    for folder in (tmp_path, tmp_path / "indicators"):
        folder.mkdir(exist_ok=True)
        (folder / "sneaky.py").write_text(
            "raise SystemExit('imported from the current directory')\nfrom wres_cli import Indicator\n"
        )
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert "sneaky" not in result.stdout + result.stderr


def test_unknown_framework_names_the_known_ones(staff, run):
    result = run("compute", staff, "--framework", "nope", code=2)
    assert "nhs-wres" in result.stderr and "sc-wres" in result.stderr and "wdes" in result.stderr


def doc_pyproject() -> str:
    (block,) = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return block


def fresh_venv(path: Path) -> Path:
    """A new virtual environment (pip comes from this one); skipped only if none can be made here."""
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if made.returncode != 0:
        pytest.skip(f"this machine cannot create a virtual environment: {made.stderr.strip()[-300:]}")
    return path / ("Scripts" if os.name == "nt" else "bin") / "python"


def test_documented_package_installs_into_a_fresh_venv(staff, tmp_path):
    """The documented pyproject.toml and example, built as a wheel and pip-installed into a new venv."""
    pyproject = doc_pyproject()
    meta = tomllib.loads(pyproject)
    name = meta["project"]["name"]
    (module,) = meta["project"]["entry-points"]["wres.indicators"].values()
    package, _, leaf = module.rpartition(".")
    title = re.search(r'title="([^"]+)"', doc_blocks()[0])[1]
    assert importlib.util.find_spec(package) is None  # only the new venv will have it

    source = tmp_path / name
    (source / package).mkdir(parents=True)
    (source / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (source / package / "__init__.py").write_text("")
    (source / package / f"{leaf}.py").write_text(doc_blocks()[0], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WRES_NO_PLUGINS", "VIRTUAL_ENV")}
    env |= {"COLUMNS": "200", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("*.whl")

    python = fresh_venv(tmp_path / "venv")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This checkout's wres_cli first, then this environment's packages (addsitedir also reads their .pth
    # files), so nothing is downloaded again.
    lines = [str(Path(wres_cli.__file__).resolve().parent.parent)]
    lines += [f"import site; site.addsitedir({d!r})" for d in sorted(set(sysconfig.get_paths().values()))]
    (Path(purelib) / "_wres_outer_env.pth").write_text("\n".join(lines) + "\n")
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def wres(*args, **extra):
        done = subprocess.run(
            [str(python), "-m", "wres_cli", *map(str, args)],
            cwd=elsewhere,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done

    listed = wres("list")
    assert "Warning" not in listed.stderr
    assert title in listed.stdout and f"source: package {name}" in listed.stdout
    out = json.loads(wres("compute", staff, "--framework", "local", "-f", "json").stdout)
    (head,) = [s for s in out["summary"] if s["indicator"] == "L1"]
    assert head["value"] == pytest.approx(1.6)  # 16% of BME staff left ÷ 10% of White staff
    assert head["figures"]["BME"]["numerator"] == 8 and head["figures"]["BME"]["denominator"] == 50
    assert head["figures"]["White"]["value"] == pytest.approx(10.0)

    off = wres("list", WRES_NO_PLUGINS="1").stdout
    assert title not in off and f"package {name}" not in off and "nhs-wres" in off

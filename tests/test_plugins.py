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

# The names `wres_cli.measures` exported when indicator modules were first written against it.
FIRST_NAMES = (
    "band_flag",
    "composition_rows",
    "describe_group_gap",
    "describe_likelihood",
    "describe_percent_gap",
    "difference_rows",
    "fmt_ratio",
    "group_ratio_rows",
    "likelihood_rows",
    "mean_rows",
    "narrative_rows",
    "not_computed",
    "percent_rows",
    "ratio_of_percents_rows",
    "ratio_row",
    "ratio_rows",
    "rows",
    "share_gap_rows",
    "share_rows",
    "survey_rows",
    "survey_tally",
    "two_year_likelihood_rows",
)

# An indicator module written against the first import path, as plugins in the wild are.
OLD_STYLE = textwrap.dedent(
    '''
    """Local measure: relative likelihood of BME staff entering the disciplinary process."""

    import wres_cli.measures as measures
    from wres_cli import Indicator
    from wres_cli.measures import *  # noqa: F403
    from wres_cli.measures import likelihood_rows, not_computed


    def compute(ctx):
        if not ctx.has("workforce"):
            return not_computed("OLD1", "needs the workforce file", "local", ctx.year)
        years = [ctx.year] if ctx.year is not None else None
        tally = ctx.tally("workforce", ["ethnicity"], events=["disciplinary"], years=years)
        return likelihood_rows(
            ctx,
            tally,
            "OLD1",
            event="disciplinary",
            top="BME",
            bottom="White",
            breakdown="Entered the disciplinary process",
            framework="local",
            labels=("BME staff", "White staff"),
        )


    INDICATOR = Indicator(
        id="OLD1",
        framework="local",
        title="Relative likelihood of BME staff entering the disciplinary process (first import path)",
        compute=compute,
        needs=("workforce.disciplinary",),
        orientation="BME ÷ White",
        describe=measures.describe_likelihood("BME staff", "White staff", "to enter the process"),
    )
    '''
)
OLD_STYLE_VALUE = (3 / 50) / (2 / 100)  # BME 3 of 50 ÷ White 2 of 100 (the staff fixture)


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


def test_the_first_import_path_keeps_every_name():
    import wres_cli.measures as measures

    assert sorted(measures.__all__) == sorted(FIRST_NAMES)
    for name in FIRST_NAMES:
        assert getattr(measures, name) is getattr(wres_cli, name), name  # one object, two paths


def test_every_public_name_of_the_package_resolves():
    for name in wres_cli.__all__:
        assert getattr(wres_cli, name) is not None, name
    assert {"Indicator", "Context", "COLUMNS", "MEASURES", "STATUSES", *FIRST_NAMES} <= set(wres_cli.__all__)


def test_every_public_name_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [n for n in wres_cli.__all__ if n != "__version__" and f"`{n}`" not in text]
    assert not missing, f"not in docs/writing-an-indicator.md: {missing}"


def test_an_old_style_plugin_runs_from_a_directory(staff, tmp_path, run):
    folder = tmp_path / "old_indicators"
    folder.mkdir()
    (folder / "disciplinary.py").write_text(OLD_STYLE, encoding="utf-8")
    result = run("compute", staff, "--indicators-dir", folder, "--framework", "local", "-f", "json")
    assert "Warning" not in result.stderr
    (head,) = [s for s in json.loads(result.stdout)["summary"] if s["indicator"] == "OLD1"]
    assert head["value"] == pytest.approx(OLD_STYLE_VALUE)
    assert head["reading"].startswith("BME staff are more likely to enter the process than White staff: 3.00×")


MALFORMED = {  # file: (what compute returns, what the warning must say)
    "no_status.py": ('rows(org=ALL, group="BME", measure="percent").drop(columns="status")', "missing column status"),
    "odd_measure.py": ('rows(org=ALL, group="BME", measure="odds", value=1.0)', "unknown measure 'odds'"),
    "text_value.py": ('rows(org=ALL, group="BME", measure="percent", value="high")', "value holds text ('high')"),
    "not_a_frame.py": ('{"value": 1.0}', "returned dict, not a pandas DataFrame"),
    "no_rows.py": ("None", "returned NoneType, not a pandas DataFrame"),
}


def test_malformed_rows_from_a_plugin_are_named_and_the_others_still_run(example, staff, run):
    for number, (name, (returned, _)) in enumerate(MALFORMED.items(), start=2):
        (example / name).write_text(
            textwrap.dedent(
                f"""
                from wres_cli import ALL, Indicator, rows

                def compute(ctx):
                    return {returned}

                INDICATOR = Indicator(id="L{number}", framework="local", title="Malformed", compute=compute)
                """
            )
        )
    result = run("compute", staff, "--indicators-dir", example, "--framework", "local", "-f", "json")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    for number, (name, (_, problem)) in enumerate(MALFORMED.items(), start=2):
        (said,) = [w for w in warnings if f"local:L{number} " in w]
        assert str(example / name) in said and problem in said and "not computed" in said
    summary = {s["indicator"]: s for s in json.loads(result.stdout)["summary"]}
    assert summary["L1"]["value"] == pytest.approx(1.6)  # the well-formed plugin still ran
    for number in range(2, 2 + len(MALFORMED)):
        assert summary[f"L{number}"]["status"] == "not_computed"
        assert summary[f"L{number}"]["reading"].startswith("Not computed: its rows were rejected")
    both = run("compute", staff, "--indicators-dir", example, "-f", "csv")  # another framework is untouched
    assert "local:" not in both.stderr and "nhs-wres,3,All" in both.stdout


def test_a_malformed_built_in_indicator_is_a_bug(staff):
    from wres_cli import Indicator, rows
    from wres_cli.indicators.registry import Registry

    broken = Indicator(id="B1", title="Broken", compute=lambda ctx: rows(org="All", measure="odds"))
    with pytest.raises(RuntimeError, match="built-in indicator nhs-wres:B1 returned malformed rows"):
        api.compute(staff, registry=Registry([broken]))


@pytest.fixture
def installed(tmp_path, monkeypatch, example):
    """A fake installed distribution on sys.path with one good and one broken entry point."""
    site = tmp_path / "site"
    package = site / "fake_wres_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "leavers.py").write_text((example / "leavers.py").read_text().replace('"L1"', '"P1"'))
    (package / "disciplinary.py").write_text(OLD_STYLE.replace('"OLD1"', '"P2"'), encoding="utf-8")
    info = site / "fake_wres_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-wres-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[wres.indicators]\nleavers = fake_wres_plugin.leavers\nbroken = fake_wres_plugin.missing\n"
        "disciplinary = fake_wres_plugin.disciplinary\n"
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def test_entry_point_plugins_load_with_their_package_name(installed, staff, run):
    registry = load_registry(entry_points=True)
    found = {i.key: i.source for i in registry.indicators}
    assert found["local:P1"] == "package fake-wres-plugin"
    assert found["local:P2"] == "package fake-wres-plugin"  # written against wres_cli.measures
    assert any(e.startswith("broken (fake_wres_plugin.missing)") for e in registry.errors)
    result = run("list")
    assert "P1" in result.stdout and "package fake-wres-plugin" in result.stdout
    assert "broken" in result.stderr
    results = api.compute(staff, framework="local")
    assert results.headline("P1")["value"] == pytest.approx(1.6)
    assert results.headline("P2")["value"] == pytest.approx(OLD_STYLE_VALUE)


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
    # beside the documented module, one written against the first import path (wres_cli.measures)
    pyproject += f'disciplinary = "{package}.disciplinary"\n'
    (source / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (source / package / "__init__.py").write_text("")
    (source / package / f"{leaf}.py").write_text(doc_blocks()[0], encoding="utf-8")
    (source / package / "disciplinary.py").write_text(OLD_STYLE, encoding="utf-8")
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
    (old,) = [s for s in out["summary"] if s["indicator"] == "OLD1"]
    assert old["value"] == pytest.approx(OLD_STYLE_VALUE) and old["status"] == "computed"

    off = wres("list", WRES_NO_PLUGINS="1").stdout
    assert title not in off and f"package {name}" not in off and "nhs-wres" in off

"""Terminal tables at every width from 60 columns: no figure cut or wrapped, no line longer than the terminal,
the same layout at 119 and 120 columns; and the same for the tables of `wres validate`.

Each case is computed once; its tables are rendered at each width and every figure the JSON output of the same
results holds (formatted as the terminal formats it) must appear whole, as often as the tables show it.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from functools import cache

import pytest
from rich.cells import cell_len

from conftest import SAMPLE
from wres_cli import api
from wres_cli.core import formatting as fmt
from wres_cli.core.schema import ALL
from wres_cli.outputs import tidy
from wres_cli.outputs.terminal import make_console, render
from wres_cli.outputs.terminal_detail import detail
from wres_cli.outputs.terminal_groups import detailed_comparisons
from wres_cli.outputs.terminal_summary import groups_shown, summary

WIDTHS = (60, 80, 100, 120, 200)
FRAMEWORKS = {
    "nhs-wres": {
        "workforce": SAMPLE / "workforce.csv",
        "recruitment": SAMPLE / "recruitment.csv",
        "board": SAMPLE / "board.csv",
        "survey": SAMPLE / "survey.csv",
    },
    "sc-wres": {
        "workforce": SAMPLE / "sc-wres" / "workforce.csv",
        "recruitment": SAMPLE / "sc-wres" / "recruitment.csv",
        "survey": SAMPLE / "sc-wres" / "survey.csv",
        "config": SAMPLE / "sc-wres" / "wres.yaml",
    },
    "wdes": {
        "workforce": SAMPLE / "wdes" / "workforce.csv",
        "recruitment": SAMPLE / "wdes" / "recruitment.csv",
        "board": SAMPLE / "wdes" / "board.csv",
        "survey": SAMPLE / "wdes" / "survey.csv",
    },
}
VARIANTS = {
    "plain": {},
    "by-org": {"by_org": True},
    "suppress-10": {"suppress": 10},
    "by-org-suppress-10": {"by_org": True, "suppress": 10},
    "detailed": {"groups": "detailed"},
    "by-org-detailed": {"by_org": True, "groups": "detailed"},
}
CASES = [(f, v) for f in FRAMEWORKS for v in VARIANTS if not (f == "wdes" and "detailed" in v)]  # ethnic groups
CLI_FLAGS = {"by_org": ("--by", "org"), "suppress": ("--suppress", "10"), "groups": ("--groups", "detailed")}


@cache
def results_of(framework: str, variant: str):
    return api.compute(**FRAMEWORKS[framework], framework=framework, **VARIANTS[variant])


@cache
def payload_of(framework: str, variant: str) -> dict:
    """The JSON output (`--format json`) of the same results."""
    return json.loads(tidy.json_text(results_of(framework, variant)))


def printed(parts, width: int) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=False)
    for part in parts(console) if callable(parts) else parts:
        console.print(part)
    return buffer.getvalue()


def rendered(results, width: int, **options) -> str:
    buffer = io.StringIO()
    render(results, make_console(buffer, width=width, color=False), **options)
    return buffer.getvalue()


# --- the figures each table shows, formatted as the terminal formats them ------------------------------------


def summary_figures(payload: dict) -> Counter:
    """Every group's % and n/N, and every headline with its interval."""
    shown: Counter = Counter()
    for entry in payload["summary"]:
        for row in entry.get("figures", {}).values():
            shown.update(
                [fmt.percent(row["value"]), fmt.count(row["numerator"]), fmt.count(row["denominator"])]
            )
        if entry["status"] == "computed":
            shown[fmt.value(entry["value"], entry["measure"])] += 1
            shown[fmt.interval(entry["ci_low"], entry["ci_high"], entry["measure"])] += 1
    return _with_digits(shown)


def detail_figures(payload: dict, indicator: str) -> Counter:
    """The counts, rates, values, intervals and p-values of one indicator's rows for all organisations: a share
    of a whole (one denominator per band) shows n and % per group and the total once; a rate shows the event
    count, the group size, the rate to 2 decimals and its interval; a comparison its value, interval and p."""
    rows = [r for r in payload["rows"] if r["indicator"] == indicator and r["org"] == ALL]
    shown: Counter = Counter()
    percent = [r for r in rows if r["measure"] == "percent"]
    for section in dict.fromkeys(r["section"] for r in percent):
        part = [r for r in percent if r["section"] == section]
        totals = {}
        for r in part:
            totals.setdefault(r["breakdown"], set()).add(json.dumps(r["denominator"]))
        if all(len(d) <= 1 for d in totals.values()):
            for r in part:
                shown.update([fmt.count(r["numerator"]), fmt.percent(r["value"])])
            for breakdown in totals:
                shown[fmt.count(next(r["denominator"] for r in part if r["breakdown"] == breakdown))] += 1
        else:
            for r in part:
                shown.update(
                    [fmt.count(r["numerator"]), fmt.count(r["denominator"]), fmt.percent(r["value"], 2)]
                )
                shown[fmt.interval(r["ci_low"], r["ci_high"], "percent")] += 1
    for r in rows:
        if r["measure"] != "percent":
            shown[fmt.value(r["value"], r["measure"])] += 1
            shown[fmt.interval(r["ci_low"], r["ci_high"], r["measure"])] += 1
            shown[fmt.p_value(r.get("p_value"))] += 1
    return _with_digits(shown)


def _with_digits(shown: Counter) -> Counter:
    return Counter({k: n for k, n in shown.items() if re.search(r"\d", k)})


def whole(figure: str, text: str) -> int:
    """How often ``figure`` appears whole: not run on from, or into, more digits."""
    return len(re.findall(rf"(?<![\w.,]){re.escape(figure)}(?![\w]|[.,]\d)", text))


def assert_whole(expected: Counter, text: str, where: str) -> None:
    missing = {f: (n, whole(f, text)) for f, n in expected.items() if whole(f, text) < n}
    assert not missing, f"{where}: figures cut or missing (figure: (shown, found whole)): {missing}\n{text}"


def assert_fits(text: str, width: int, where: str) -> None:
    long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not long, f"{where}: {len(long)} line(s) wider than {width} columns, e.g. {long[0]!r}"


# --- compute: summary, readings and notes; detail tables -----------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("framework, variant", CASES)
def test_summary_shows_every_figure_whole(framework, variant, width):
    results, payload = results_of(framework, variant), payload_of(framework, variant)
    table = printed(lambda console: summary(results, console, width), width)
    where = f"{framework} {variant} summary at {width}"
    assert_whole(summary_figures(payload), table, where)
    assert "Result" in table.splitlines()[1]  # the header: the column is there at every width
    for group in groups_shown(results):
        assert group in table, f"{where}: group {group} missing"
    full = rendered(results, width)
    assert table in full
    assert_fits(full, width, where)
    assert "Indicator 1:" not in full  # the detail comes only when asked


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("framework, variant", CASES)
def test_detail_tables_show_every_figure_whole(framework, variant, width):
    results, payload = results_of(framework, variant), payload_of(framework, variant)
    order = groups_shown(results)
    for indicator in results.indicators:
        rows = results.rows.loc[(results.rows["indicator"] == indicator.id) & (results.rows["org"] == ALL)]
        if (rows["status"] == "not_computed").all():
            continue
        text = printed(lambda console, i=indicator, r=rows: detail(i, r, console, width, order), width)
        where = f"{framework} {variant} indicator {indicator.id} at {width}"
        assert_fits(text, width, where)
        assert_whole(detail_figures(payload, indicator.id), text, where)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("framework", ["nhs-wres", "sc-wres"])
def test_each_ethnic_group_comparison_shows_every_figure_whole(framework, width):
    results, payload = results_of(framework, "detailed"), payload_of(framework, "detailed")
    text = printed(lambda console: detailed_comparisons(results, console, width), width)
    where = f"{framework} ethnic groups at {width}"
    assert_fits(text, width, where)
    expected: Counter = Counter()
    for r in payload["rows"]:
        if r["org"] == ALL and "Holm-adjusted" in (r["note"] or ""):
            expected.update(
                [
                    fmt.value(r["value"], r["measure"]),
                    fmt.interval(r["ci_low"], r["ci_high"], r["measure"]),
                    fmt.p_value(r["p_value"]),
                ]
            )
    assert sum(expected.values()) >= 3 * 4 * 3  # four groups in at least three indicators
    assert_whole(_with_digits(expected), text, where)


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_whole_report_with_detail_fits(framework, width):
    results = results_of(framework, "by-org-suppress-10")
    full = rendered(results, width, detail=True)
    assert_fits(full, width, f"{framework} with detail at {width}")
    for indicator in results.indicators:
        rows = results.rows.loc[(results.rows["indicator"] == indicator.id) & (results.rows["org"] == ALL)]
        assert (f"Indicator {indicator.id}:" in full) != (rows["status"] == "not_computed").all()


@pytest.mark.parametrize("framework, variant", CASES)
def test_layout_is_the_same_at_119_and_120_columns(framework, variant):
    results = results_of(framework, variant)
    assert printed(lambda c: summary(results, c, 119), 119) == printed(
        lambda c: summary(results, c, 120), 120
    )
    assert rendered(results, 119) == rendered(results, 120)
    if "detailed" not in variant:  # seven groups across need about 120 columns: the detail switches layout there
        assert rendered(results, 119, detail=True) == rendered(results, 120, detail=True)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_result_and_group_figures_at_every_width_from_60(framework):
    results, payload = (
        results_of(framework, "by-org-suppress-10"),
        payload_of(framework, "by-org-suppress-10"),
    )
    expected = summary_figures(payload)
    for width in range(60, 131):
        table = printed(lambda console, w=width: summary(results, console, w), width)
        assert "Result" in table
        assert_fits(table, width, f"{framework} summary at {width}")
        assert_whole(expected, table, f"{framework} summary at {width}")


def test_render_shows_the_detail_of_the_indicators_asked_for():
    results = results_of("nhs-wres", "plain")
    text = rendered(results, 80, indicators=["2", 9])
    assert "Indicator 2:" in text and "Indicator 9:" in text and "Indicator 1:" not in text
    assert rendered(results, 80, detail=True).count("\nIndicator ") == len(results.indicators)
    from wres_cli.core.errors import ConfigError

    with pytest.raises(ConfigError, match="no indicator 12"):
        rendered(results, 80, indicators=["12"])


def test_notes_say_which_population_the_unknown_count_covers():
    text = " ".join(rendered(results_of("nhs-wres", "plain"), 200).replace("│", " ").split())
    assert "Unknown ethnicity 290 of 6,000 people in the file (4.8%), bank-only staff included" in text
    assert "every indicator: Unknown ethnicity 278 of 5,693 (4.9%), bank-only staff excluded" in text


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("variant", ["plain", "by-org-suppress-10"])
def test_the_command_prints_what_render_prints(run, monkeypatch, width, variant):
    """`wres compute` on a terminal of ``width`` columns: the same text, and the JSON of the same run."""
    monkeypatch.setenv("COLUMNS", str(width))
    inputs = FRAMEWORKS["nhs-wres"]
    args = [inputs["workforce"]]
    for name in ("recruitment", "board", "survey"):
        args += [f"--{name}", inputs[name]]
    for option in VARIANTS[variant]:
        args += CLI_FLAGS[option]
    assert run("compute", *args).stdout == rendered(results_of("nhs-wres", variant), width)
    if width == 80:  # the JSON does not depend on the terminal
        assert json.loads(run("compute", *args, "--format", "json").stdout) == payload_of("nhs-wres", variant)


# --- validate --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_workforce(tmp_path_factory):
    """12,000 staff with unmapped values at lines above 10,000 and a long unused column name."""
    path = tmp_path_factory.mktemp("validate") / "workforce.csv"
    lines = [
        "Organisation,Year,Ethnicity,Staff Group,Pay Band,A long column name that nobody maps to anything"
    ]
    lines += ["RBY88,2026,A,Administrative and Clerical,Band 4,"] * 12_000
    for line, value in ((10_001, "X1"), (10_502, "X2"), (11_999, "X3")):
        lines[line - 1] = f"RBY88,2026,{value},Administrative and Clerical,Band 4,"
    lines[10_700] = "RBY88,2026,A,Administrative and Clerical,Band 12,"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_validate_tables_show_line_numbers_whole(run, monkeypatch, bad_workforce, width):
    findings = json.loads(run("validate", bad_workforce, "--format", "json", code=1).stdout)["findings"]
    expected = Counter(
        (f["severity"], f["code"], "" if f["line"] is None else str(f["line"])) for f in findings
    )
    assert any(len(line) == 5 for _, _, line in expected)
    monkeypatch.setenv("COLUMNS", str(width))
    text = run("validate", bad_workforce, code=1).stdout
    assert_fits(text, width, f"validate at {width}")
    # each finding's row starts with its severity, code and line number, all on the row's first line
    rows = re.findall(r"^(error|warning|info) +([EW]\d+) +(\d*)(?![\d,])", text, re.MULTILINE)
    assert Counter(rows) == expected, text

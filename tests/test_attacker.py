"""The attacker (tests/attacker.py) against what `wres --suppress 10` publishes.

Three kinds of test:

- the attacker itself, on small hand-made published tables whose answer is known (these must pass);
- the attacker is sound: on the sample data, the demonstration file and generated data, the true counts (read
  from an unsuppressed run of the same inputs) satisfy everything the attacker assumes, so each lies in the range
  the attacker gives it (asserted before every leak check, so a leak is never reported by an unsound attacker);
- the promise: nothing a `--suppress 10 --by org --trend` run writes (with and without the trend, in every
  format) pins a hidden count down below the safety rule: on the sample data of every framework, with the board
  declared public too, on the demonstration file and on generated multi-organisation, two-year datasets.
"""

from __future__ import annotations

import collections
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import attacker as A
from conftest import SAMPLE, SAMPLE_INPUTS

THRESHOLD = 10
RUN = ["--by", "org", "--trend", "--suppress", str(THRESHOLD)]

FRAMEWORKS = {
    "nhs-wres": SAMPLE_INPUTS,
    "sc-wres": [
        SAMPLE / "sc-wres" / "workforce.csv",
        "--framework",
        "sc-wres",
        "-c",
        SAMPLE / "sc-wres" / "wres.yaml",
        "--recruitment",
        SAMPLE / "sc-wres" / "recruitment.csv",
        "--survey",
        SAMPLE / "sc-wres" / "survey.csv",
    ],
    "wdes": [
        SAMPLE / "wdes" / "workforce.csv",
        "--framework",
        "wdes",
        "--recruitment",
        SAMPLE / "wdes" / "recruitment.csv",
        "--board",
        SAMPLE / "wdes" / "board.csv",
        "--survey",
        SAMPLE / "wdes" / "survey.csv",
    ],
}


class LeakFound(AssertionError):
    """A published run lets a reader pin a hidden count down below the safety rule."""


def assert_no_leaks(
    outputs: A.Outputs, truth: dict | None = None, *, explain: bool = False, public_board: bool = False
) -> None:
    """No hidden count below the rule; with ``public_board`` the board's own counts are published on purpose."""
    leaks = A.unsafe_cells(outputs, THRESHOLD, truth=truth, explain=explain)
    if public_board:
        board = set(A.BOARD_SECTIONS.values())
        leaks = [f for f in leaks if not (f.kind == "shown" and f.key[:1] and f.key[0] in board)]
    if not leaks:
        return
    exact = [f for f in leaks if f.low == f.high]
    lines = [f"{len(leaks)} hidden counts pinned below the rule ({len(exact)} to a single value):"]
    if explain:
        classes = collections.Counter(c for f in leaks for c in A.leak_classes(f))
        lines.append("by leak class: " + "; ".join(f"{k} {v}" for k, v in classes.most_common()))
    for f in sorted(leaks, key=lambda f: (f.high - f.low, f.cell))[:15]:
        lines.append(f"  {f.describe()}  <- {' | '.join(f.pinned_by[:3])}")
    raise LeakFound("\n".join(lines))


def assert_sound(outputs: A.Outputs, truth: dict) -> int:
    """The true counts satisfy everything the attacker assumes, so each lies in the range it is given.

    Returns how many true counts were checked."""
    attack = A.Attack(outputs, threshold=THRESHOLD)
    assert not attack.solver.errors, attack.solver.errors
    wrong = attack.violations(truth)
    assert not wrong, "the attacker's model contradicts the true counts:\n" + "\n".join(wrong[:20])
    return sum(key in attack.model.vars for key in truth)


# ---------------------------------------------------------------------------------------------- hand-made


META = {"framework": "nhs-wres", "reporting_year": 2026, "suppress": THRESHOLD, "confidence": 0.95}


def row(
    indicator,
    section,
    breakdown,
    group,
    numerator,
    denominator,
    *,
    measure="percent",
    org="All",
    year=2026,
    **more,
):
    return {
        "framework": "nhs-wres",
        "indicator": indicator,
        "org": org,
        "year": year,
        "section": section,
        "breakdown": breakdown,
        "group": group,
        "measure": measure,
        "numerator": numerator,
        "denominator": denominator,
        "value": more.pop("value", "*"),
        **more,
    }


def band(section, name, white, bme, unknown, total, **kw):
    return [
        row("1", section, name, g, n, total, **kw)
        for g, n in zip(("White", "BME", "Unknown"), (white, bme, unknown), strict=True)
    ]


def published(rows, **meta) -> A.Outputs:
    return A.Outputs().read_json({"rows": rows, "meta": {**META, **meta}})


def only(findings, text):
    hits = [f for f in findings if text in f.cell]
    assert len(hits) == 1, [f.cell for f in findings]
    return hits[0]


def test_reading_published_fields():
    assert A.parse_field("<10") == A.Shown("small", 10.0)
    assert A.parse_field("*") == A.HIDDEN
    assert A.parse_field("&lt;10") == A.Shown("small", 10.0)
    assert A.parse_field("4,020", rounded=True) == A.Shown("number", 4020.0)
    assert A.parse_field("77.6%", rounded=True).tol == pytest.approx(0.05)
    assert A.parse_field(None).kind == A.parse_field("").kind == "absent"


def test_the_rule():
    assert A.is_safe(1, 9, 10)  # what "<10" itself says
    assert not A.is_safe(1, 8, 10)  # narrower than "<10"
    assert A.is_safe(0, 10, 10, min_values=50)  # covers 0 and the threshold: cannot tell whether it is small
    assert not A.is_safe(7, 7, 10)
    assert A.is_safe(380, 390, 10)  # eleven possible values
    assert not A.is_safe(1, 9, 10, n_values=4)  # a ratio leaves only every other value
    assert A.is_safe(0, 9, 10, suppress_zeros=True) and not A.is_safe(1, 9, 10, suppress_zeros=True)


def test_subtraction_leak():
    """A band of 57 with 50 White and 0 Unknown shown: its '<10' BME count is 7."""
    rows = band("Non-clinical", "Band 3", 50, "<10", 0, 57) + band("Non-clinical", "Total", 50, "<10", 0, 57)
    leaks = A.unsafe_cells(published(rows), THRESHOLD)
    bme = only(leaks, "Band 3 / BME")
    assert (bme.low, bme.high) == (7, 7)
    assert any("groups add up" in why for why in bme.pinned_by)


def test_linear_programming_leak():
    """Two bands each '<10' BME under a section total of 2: each is at least 1, so each is exactly 1.

    No single equation gives it away: the ranges of '<10' (1..9) and the total together do."""
    rows = (
        band("Non-clinical", "Band 2", 120, "<10", "*", 140)
        + band("Non-clinical", "Band 3", 95, "<10", "*", 110)
        + band("Non-clinical", "Total", 215, 2, "*", 250)
    )
    leaks = A.unsafe_cells(published(rows), THRESHOLD)
    for name in ("Band 2 / BME", "Band 3 / BME"):
        f = only(leaks, name)
        assert (f.low, f.high) == (1, 1)
    unknown = only(leaks, "Band 2 / Unknown")  # and then 140 - 120 - 1
    assert (unknown.low, unknown.high) == (19, 19)


def published_ratio(a, n1, c, n2):
    """(ratio, low, high) as published: the score interval at 95% (docs/statistics.md)."""
    from wres_cli.statistics.inference import ratio_inference

    figure = ratio_inference(a, n1, c, n2)
    return figure.value, figure.ci_low, figure.ci_high


def test_ratio_inversion_leak():
    """White 40 of 4,000 shown, BME '<10' of 1,000: the published ratio 0.60 says BME is 6."""
    rr, low, high = published_ratio(6, 1000, 40, 4000)
    rows = [
        row("3", "", "Entered formal disciplinary process", "White", 40, 4000, value=1.0),
        row("3", "", "Entered formal disciplinary process", "BME", "<10", 1000),
        row(
            "3",
            "",
            "Entered formal disciplinary process",
            "BME ÷ White",
            None,
            None,
            measure="relative_likelihood",
            value=rr,
            ci_low=low,
            ci_high=high,
        ),
    ]
    leaks = A.unsafe_cells(published(rows), THRESHOLD)
    bme = only(leaks, "/ BME:")
    assert (bme.low, bme.high) == (6, 6)
    assert any("BME ÷ White" in why for why in bme.pinned_by)


def test_interval_alone_separates_two_hidden_counts():
    """Both groups '<10' of 100: the ratio 2.0 allows 2:1, 4:2, 6:3, 8:4; the interval's width only one."""
    rr, low, high = published_ratio(4, 100, 2, 100)
    rows = [
        row("4", "", "Accessed non-mandatory training and CPD", "White", "<10", 100),
        row("4", "", "Accessed non-mandatory training and CPD", "BME", "<10", 100),
        row(
            "4",
            "",
            "Accessed non-mandatory training and CPD",
            "White ÷ BME",
            None,
            None,
            measure="relative_likelihood",
            value=rr,
            ci_low=low,
            ci_high=high,
        ),
    ]
    leaks = A.unsafe_cells(published(rows), THRESHOLD)
    assert {(f.cell.split("/ ")[-1], f.low, f.high) for f in leaks} == {
        ("White: count", 4, 4),
        ("BME: count", 2, 2),
    }


def test_p_value_alone_narrows_a_hidden_count():
    """The ratio is withheld but its p-value is printed: few counts give exactly that p."""
    from wres_cli.statistics.inference import score_p_value

    p = float(score_p_value(30, 300, 3, 100))
    rows = [
        row("2", "", "Appointed from shortlisting", "White", 30, 300),
        row("2", "", "Appointed from shortlisting", "BME", "<10", 100),
        row(
            "2",
            "",
            "Appointed from shortlisting",
            "White ÷ BME",
            None,
            None,
            measure="relative_likelihood",
            p_value=p,
        ),
    ]
    leaks = A.unsafe_cells(published(rows), THRESHOLD)
    bme = only(leaks, "/ BME:")
    assert bme.low <= 3 <= bme.high and bme.n_values < 9


def test_a_count_printed_in_a_note_is_a_leak():
    rows = band("Non-clinical", "Band 3", 50, 20, 12, 82) + band("Non-clinical", "Total", 50, 20, 12, 82)
    rows += band("Overall workforce", "All staff", 50, 20, 12, 82)
    out = published(
        rows, notes=["indicators 1 and 9: 4 bank-only staff are not counted in the workforce figures"]
    )
    leaks = A.unsafe_cells(out, THRESHOLD)
    assert any("4 bank-only staff" in f.cell and f.low == f.high == 4 for f in leaks)


def test_a_note_that_hides_its_number_is_not_read_as_one():
    rows = band("Non-clinical", "Band 3", 50, 20, 12, 82) + band("Non-clinical", "Total", 50, 20, 12, 82)
    rows += band("Overall workforce", "All staff", 50, 20, 12, 82)
    out = published(
        rows,
        notes=["indicators 1 and 9: <10 bank-only staff are not counted in the workforce figures"],
        warnings=["workforce.csv: <10 people on <10 row(s) have no organisation"],
    )
    attack = A.Attack(out)
    assert not attack.solver.errors
    assert [f for f in attack.findings() if not f.safe] == []


def test_a_count_hidden_in_one_output_but_shown_in_another_is_a_leak():
    out = published(band("Non-clinical", "Band 3", 50, "<10", "*", 80))
    out.read_csv(
        "framework,indicator,org,year,section,breakdown,group,measure,numerator,denominator\n"
        "nhs-wres,1,All,2026,Non-clinical,Band 3,Unknown,percent,24,80\n",
        "other.csv",
    )
    leaks = A.unsafe_cells(out, THRESHOLD)
    assert {f.cell.split(" / ")[-1] for f in leaks} >= {"Unknown: count", "BME: count"}


def test_a_safe_table():
    """Two hidden cells in every row and column that is not fully shown: each could be any of 9+ values."""
    rows = (
        band("Non-clinical", "Band 2", 100, "*", "<10", 120)
        + band("Non-clinical", "Band 3", 80, "*", "<10", 95)
        + band("Non-clinical", "Total", 180, "*", "*", 215)
    )
    out = published(rows)
    assert A.unsafe_cells(out, THRESHOLD) == []
    ranges = {f.cell: (f.low, f.high) for f in A.Attack(out).findings(exact=True)}
    assert ranges["nhs-wres 1 All 2026 Non-clinical / Band 2 / BME: count"] == (11, 19)


# ---------------------------------------------------------------------------------------------- sample data


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory):
    """Every output of a `--by org --trend --suppress 10` run per framework, and the unsuppressed truth."""
    runs = {}
    for name, args in FRAMEWORKS.items():
        base = tmp_path_factory.mktemp(name)
        # the tidy CSV repeats the JSON's rows: read it once, to check that the two agree
        formats = ("json", "csv", "md") if name == "nhs-wres" else ("json", "md")
        shown = A.collect([*args, *RUN], base / "suppressed", formats=formats)
        plain = A.collect([*args, "--by", "org", "--trend"], base / "plain", formats=("json",))
        runs[name] = (shown, A.truth_of(plain))
    return runs


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_attacker_is_sound_on_the_sample_data(sample_runs, framework):
    shown, truth = sample_runs[framework]
    assert not shown.conflicts, shown.conflicts
    assert assert_sound(shown, truth) > 300


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_sample_data_publishes_no_recoverable_count(sample_runs, framework):
    shown, truth = sample_runs[framework]
    assert_no_leaks(shown, truth)


DEMO = Path(__file__).resolve().parent / "data" / "attacker" / "workforce.csv"


def test_public_board_publishes_no_recoverable_count(tmp_path):
    """With ``public: [board]`` the board's counts are shown whatever their size; nothing else may leak."""
    config = tmp_path / "wres.yaml"
    config.write_text("public: [board]\n")
    args = [*SAMPLE_INPUTS, "-c", config]
    shown = A.collect([*args, *RUN], tmp_path / "suppressed", formats=("json", "csv"))
    truth = A.truth_of(A.collect([*args, "--by", "org", "--trend"], tmp_path / "plain", formats=("json",)))
    board = [r for r in shown.records.values() if r.breakdown == "Board" and r.measure == "percent"]
    assert board and all(r.get("numerator").kind == "number" for r in board), "the board's counts are published"
    assert assert_sound(shown, truth) > 300
    assert_no_leaks(shown, truth, public_board=True)


def test_detailed_groups_publish_no_recoverable_count(tmp_path):
    """--groups detailed: the smallest counts of all; BME is the sum of the groups behind it."""
    args = [*SAMPLE_INPUTS, "--groups", "detailed"]
    shown = A.collect([*args, "--suppress", str(THRESHOLD)], tmp_path / "suppressed", formats=("json",))
    truth = A.truth_of(A.collect(args, tmp_path / "plain", formats=("json",)))
    assert any(r.group == "Asian" for r in shown.records.values())
    assert assert_sound(shown, truth) > 300
    assert_no_leaks(shown, truth)


def test_demonstration_file_publishes_no_recoverable_count(tmp_path):
    shown = A.collect([DEMO, *RUN], tmp_path / "suppressed", formats=("json",))
    truth = A.truth_of(A.collect([DEMO, "--by", "org", "--trend"], tmp_path / "plain", formats=("json",)))
    assert assert_sound(shown, truth) > 100
    assert_no_leaks(shown, truth)


# ---------------------------------------------------------------------------------------------- generated


ORGS = ("R1A North Trust", "R2B South Trust", "")  # "": no organisation, counted in "All" only
ETHNICITY = ("A", "C", "N", "H", "Z")  # White, White, BME, BME, Unknown
JOBS = (
    ("Administrative and Clerical", "Band 3", ""),
    ("Estates and Ancillary", "Band 2", ""),
    ("Nursing and Midwifery Registered", "Band 5", ""),
    ("Nursing and Midwifery Registered", "Band 7", ""),
    ("Medical and Dental", "", "Consultant"),
    ("Medical and Dental", "", "Specialty Registrar"),
    ("", "Band 4", ""),  # no staff group
)
WORKFORCE = (
    "Organisation",
    "Year",
    "Ethnic Origin",
    "Staff Group",
    "Pay Band",
    "Grade",
    "Assignment Category",
    "Disciplinary",
    "Non-mandatory training",
    "Disability",
    "Capability",
)
# the same people for WDES: disability drawn from the ethnicity code, so each file serves both frameworks
DISABILITY = {"A": "No", "C": "No", "N": "Yes", "H": "Yes", "Z": "Not Declared"}

block = st.tuples(
    st.sampled_from(ORGS[:2] * 3 + ORGS[2:]),  # mostly an organisation, sometimes none
    st.sampled_from((2025, 2026)),
    st.sampled_from(ETHNICITY),
    st.sampled_from(JOBS),
    st.sampled_from((False, False, False, True)),  # bank-only
    st.integers(0, 12),  # people
    st.integers(0, 3),  # of whom entered the disciplinary process
    st.integers(0, 12),  # of whom accessed training
)
applicants = st.tuples(
    st.sampled_from(ORGS[:2]), st.sampled_from(("A", "N", "Z")), st.integers(1, 14), st.integers(0, 6)
)
datasets = st.tuples(
    st.lists(block, min_size=3, max_size=10),
    st.lists(applicants, min_size=1, max_size=4),
    st.lists(
        st.tuples(st.sampled_from(ORGS[:2]), st.sampled_from(("A", "N", "Z")), st.booleans(), st.booleans()),
        min_size=2,
        max_size=8,
    ),
)


def write_inputs(folder: Path, data) -> list[str]:
    """CSV files for one generated dataset: a fixed base of larger cells so that totals are published, plus the
    drawn small blocks, applicants and board members."""
    blocks, apps, board = data
    base = [
        (org, year, eth, JOBS[2], False, 14, 1, 5)
        for org in ORGS[:2]
        for year in (2025, 2026)
        for eth in ("A", "N")
    ]
    lines = [",".join(WORKFORCE)]
    for org, year, eth, (group, pay, grade), bank, n, disc, train in [*base, *blocks]:
        for i in range(n):
            lines.append(
                ",".join(
                    [
                        org,
                        str(year),
                        eth,
                        group,
                        pay,
                        grade,
                        "Bank" if bank else "Permanent",
                        "Y" if i < disc else "N",
                        "Y" if i < train else "N",
                        DISABILITY[eth],
                        "Y" if i < disc else "N",  # capability cases: as many as disciplinary ones
                    ]
                )
            )
    (folder / "workforce.csv").write_text("\n".join(lines) + "\n")
    rec = ["Organisation,Year,Ethnicity,Shortlisted,Appointed,Disability"]
    for org, eth, n, appointed in [(o, "A", 30, 6) for o in ORGS[:2]] + apps:
        for year in (2025, 2026):
            rec += [f"{org},{year},{eth},Y,{'Y' if i < appointed else 'N'},{DISABILITY[eth]}" for i in range(n)]
    (folder / "recruitment.csv").write_text("\n".join(rec) + "\n")
    brd = ["Organisation,Year,Ethnicity,Voting,Executive,Disability"]
    for org, eth, voting, executive in [(o, "A", True, True) for o in ORGS[:2]] + board:
        brd.append(f"{org},2026,{eth},{'Yes' if voting else 'No'},{'Yes' if executive else 'No'},{DISABILITY[eth]}")
    (folder / "board.csv").write_text("\n".join(brd) + "\n")
    return [
        folder / "workforce.csv",
        "--recruitment",
        folder / "recruitment.csv",
        "--board",
        folder / "board.csv",
    ]


SC_GRADE = {"Consultant": "Grade 15", "Specialty Registrar": "Grade 14"}  # grade 14 and above: senior
SC_CONFIG = "grade_order: [{}]\nsenior_grade: Grade 14\nlocal_population_bme: 22.0\n".format(
    ", ".join(f"Grade {n}" for n in range(1, 17))
)


def write_sc_inputs(folder: Path, data) -> list[str]:
    """The same people as a council's Social Care WRES files: pay grades for bands, regulated professionals for
    nurses and doctors, fitness-to-practise cases as many as disciplinary ones."""
    args = write_inputs(folder, data)
    blocks = data[0]
    base = [(org, year, eth, JOBS[2], False, 14, 1, 5) for org in ORGS[:2] for year in (2025, 2026) for eth in "AN"]
    lines = ["Organisation,Year,Ethnicity,Pay Grade,Regulated,Fitness to Practise,Disciplinary,Non-mandatory CPD"]
    for org, year, eth, (group, pay, grade), _bank, n, disc, train in [*base, *blocks]:
        pay_grade = SC_GRADE.get(grade) or pay.replace("Band", "Grade")
        regulated = "Yes" if group.startswith(("Nursing", "Medical")) else "No"
        for i in range(n):
            flags = ["Yes" if i < disc else "No"] * 2 + ["Yes" if i < train else "No"]
            lines.append(",".join([org, str(year), eth, pay_grade, regulated, *flags]))
    (folder / "workforce.csv").write_text("\n".join(lines) + "\n")
    (folder / "wres.yaml").write_text(SC_CONFIG)
    return [folder / "workforce.csv", "-c", folder / "wres.yaml", *args[1:3]]


def run_generated(data, *, formats=("json",), framework="nhs-wres"):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write = write_sc_inputs if framework == "sc-wres" else write_inputs
        args = [*write(folder, data), "--framework", framework]
        shown = A.collect([*args, *RUN], folder / "suppressed", formats=formats)
        plain = A.collect([*args, "--by", "org", "--trend"], folder / "plain", formats=("json",))
    return shown, A.truth_of(plain)


@settings(
    max_examples=4,  # three datasets a time, one per framework (derandomised unless HYPOTHESIS_PROFILE=explore)
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
@given(st.data())
def test_generated_data_publishes_no_recoverable_count(data):
    """Three generated datasets, published as NHS WRES, WDES and Social Care WRES: the attacker must be sound
    on each (the true counts, from an unsuppressed run, fit everything it assumes); then none of them may leak."""
    leaks = []
    for n, framework in enumerate(("nhs-wres", "wdes", "sc-wres")):
        drawn = data.draw(datasets, label=f"dataset {n}")
        formats = ("json", "md") if n == 0 else ("json",)
        shown, truth = run_generated(drawn, formats=formats, framework=framework)
        assert assert_sound(shown, truth) > 50
        try:
            assert_no_leaks(shown, truth)
        except LeakFound as leak:
            leaks.append(f"dataset {n} ({framework}): {leak}")
    if leaks:
        raise LeakFound("\n".join(leaks))


# A Social Care WRES dataset on which a reader could once pin hidden headcounts to five values: senior managers
# of a group were shown (12 of Unknown ethnicity in senior posts) beside that group's hidden staff, and a rate's
# people are at least its events. Suppression now knows that every part is at most its whole.
SHOWN_PART_OF_A_HIDDEN_WHOLE = (
    [
        ("R2B South Trust", 2026, "A", ("Nursing and Midwifery Registered", "Band 5", ""), False, 0, 1, 1),
        ("R2B South Trust", 2026, "H", ("Nursing and Midwifery Registered", "Band 7", ""), False, 5, 2, 7),
        ("R1A North Trust", 2026, "N", ("Medical and Dental", "", "Consultant"), False, 5, 0, 2),
        ("R2B South Trust", 2025, "C", ("Nursing and Midwifery Registered", "Band 7", ""), True, 7, 2, 3),
        ("R2B South Trust", 2025, "C", ("Administrative and Clerical", "Band 3", ""), False, 7, 0, 7),
        ("R2B South Trust", 2026, "Z", ("Medical and Dental", "", "Specialty Registrar"), True, 12, 2, 6),
    ],
    [
        ("R2B South Trust", "N", 3, 3),
        ("R2B South Trust", "N", 1, 5),
        ("R1A North Trust", "Z", 9, 1),
        ("R1A North Trust", "N", 13, 5),
    ],
    [("R1A North Trust", "A", True, False), ("R2B South Trust", "A", True, False)],
)


def test_a_shown_part_never_pins_its_hidden_whole():
    shown, truth = run_generated(SHOWN_PART_OF_A_HIDDEN_WHOLE, framework="sc-wres")
    assert assert_sound(shown, truth) > 50
    assert_no_leaks(shown, truth)

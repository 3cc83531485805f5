"""Funnel plots: hand-worked z-scores and limits, the binomial limits against SciPy's quantiles, the
over-dispersion estimates against a published meta-analysis and statsmodels, and the funnel columns through
the command line (CSV, JSON, report) on generated multi-organisation data."""

from __future__ import annotations

import importlib.util
import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, norm

from conftest import SAMPLE
from wres_cli.core.errors import ConfigError
from wres_cli.core.schema import ALL
from wres_cli.results.benchmarking import FUNNEL_COLUMNS, add_funnels
from wres_cli.statistics import funnel as fn

Z95, Z998 = 1.959963984540054, 3.090232306167813


# ------------------------------------------------------------------------------------ hand-worked numbers


def test_forty_of_a_hundred_against_thirty_percent_by_hand():
    """40 of 100 against an overall 30%: SE = √(0.3 × 0.7 / 100) = 0.045826, z = 0.10 / 0.045826 = 2.182."""
    se = math.sqrt(0.3 * 0.7 / 100)
    assert se == pytest.approx(0.0458258, abs=1e-7)
    result = fn.proportion_funnel([0.40], [100], 0.30)
    assert result.z[0] == pytest.approx(0.10 / se) == pytest.approx(2.18218, abs=1e-5)
    # beyond the 95% limits but inside the 99.8% ones: "within" (flags are read at 99.8%)
    assert result.high[0.95][0] < 0.40 < result.high[0.998][0]
    assert result.outcome[0] == "within"
    # the normal approximation by hand: 0.30 ± 1.96 × 0.045826 and 0.30 ± 3.09 × 0.045826
    normal = {level: fn.proportion_limits([100], 0.30, level, {"phi": 1.0})[:, 0] for level in fn.LEVELS}
    assert normal[0.95] == pytest.approx([0.30 - Z95 * se, 0.30 + Z95 * se])
    assert normal[0.95] == pytest.approx([0.210183, 0.389817], abs=1e-6)
    assert normal[0.998] == pytest.approx([0.158388, 0.441612], abs=1e-6)
    # the exact binomial limits are close to it at n = 100, and right by the binomial tails
    for level in fn.LEVELS:
        exact = (result.low[level][0], result.high[level][0])
        assert exact == pytest.approx(normal[level], abs=0.012)
    assert binom.sf(39, 100, 0.3) < 0.025  # P(R >= 40): beyond the 95% limit …
    assert binom.sf(39, 100, 0.3) > 0.001  # … not beyond the 99.8% one


def test_ten_people_at_one_half_by_hand():
    """Binomial(10, 0.5), P = 0.025: F(1) = 11/1024 < 0.025 <= F(2) = 56/1024, so r = 2 and
    α = (56/1024 − 0.025) / (45/1024) = 30.4/45; the lower limit is (2 − α)/10 = 59.6/450. The upper limit is
    the same for the people without the event, 1 − 59.6/450."""
    low, high = fn.binomial_limits([10], 0.5, (0.025, 0.975))[:, 0]
    assert low == pytest.approx(59.6 / 450, abs=1e-12)
    assert high == pytest.approx(1 - 59.6 / 450, abs=1e-12)


def test_a_ratio_by_hand():
    """20 of 100 against 10 of 100: 2.00 with SE(ln) = √(1/20 − 1/100 + 1/10 − 1/100) = √0.13, against an
    overall 1.50: z = ln(2/1.5) / √0.13 = 0.798; limits 1.5 × exp(±1.96 × √0.13) = 0.740 to 3.041."""
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    result = fn.ratio_funnel([2.0], [se], 1.5)
    assert result.z[0] == pytest.approx(math.log(2 / 1.5) / se) == pytest.approx(0.79789, abs=1e-5)
    assert result.low[0.95][0] == pytest.approx(1.5 * math.exp(-Z95 * se)) == pytest.approx(0.73992, abs=1e-5)
    assert result.high[0.95][0] == pytest.approx(1.5 * math.exp(Z95 * se)) == pytest.approx(3.04086, abs=1e-5)
    assert result.high[0.998][0] == pytest.approx(1.5 * math.exp(Z998 * se))
    assert result.outcome[0] == "within"
    assert fn.ratio_funnel([2.0], [0.05], 1.5).outcome[0] == "above"  # z = 5.75
    assert fn.ratio_funnel([1.0], [0.05], 1.5).outcome[0] == "below"


def test_the_ratio_standard_error_is_read_back_from_the_published_interval():
    """The Katz interval at 90% or 95% gives back the same SE of the log ratio, so the same z-score."""
    from wres_cli.statistics.proportions import katz_interval

    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    zs = []
    for confidence in (0.90, 0.95):
        low, high = katz_interval(20, 100, 10, 100, confidence)
        table = _table(
            [(ALL, 1.5, 1.2, 1.9), ("A", 2.0, low, high), ("B", 1.4, 1.0, 1.9), ("C", 1.6, 1.2, 2.1)]
        )
        zs.append(add_funnels(table, confidence, "none")["funnel_z"].iloc[1])
    assert zs == pytest.approx([math.log(2 / 1.5) / se] * 2)


# ------------------------------------------------------------------------------------ against SciPy


def _spiegelhalter(n, p0, prob):
    """Appendix A.1.1 as published, from SciPy's binomial quantile and distribution function."""
    r = binom.ppf(prob, n, p0)
    alpha = (binom.cdf(r, n, p0) - prob) / binom.pmf(r, n, p0)
    return np.clip((r - alpha) / n, 0, 1)


@pytest.mark.parametrize("p0", [0.001, 0.012, 0.1, 0.3, 0.5, 0.77, 0.999])
def test_binomial_limits_agree_with_scipy(p0):
    n = np.unique(np.r_[np.arange(1, 60), np.rint(np.geomspace(60, 200_000, 60))])
    got = fn.binomial_limits(n, p0, (0.001, 0.025, 0.975, 0.999))
    for row, prob in enumerate((0.001, 0.025)):
        assert got[row] == pytest.approx(_spiegelhalter(n, p0, prob), abs=1e-9)
    for row, prob in ((2, 0.975), (3, 0.999)):  # the people without the event, at the lower tail
        assert got[row] == pytest.approx(1 - _spiegelhalter(n, 1 - p0, 1 - prob), abs=1e-9)


@pytest.mark.parametrize("p0", [0.02, 0.25, 0.5, 0.88])  # 0.9 would tie: 0.1³ is the tail 0.001 itself
@pytest.mark.parametrize("n", [1, 3, 10, 57, 400, 3000])
def test_a_count_is_outside_the_limits_exactly_when_its_tail_is_rarer_than_the_level(n, p0):
    r = np.arange(n + 1)
    for level in fn.LEVELS:
        tail = (1 - level) / 2
        low, high = fn.proportion_limits([n], p0, level)[:, 0]
        assert np.array_equal(r / n < low, binom.cdf(r, n, p0) < tail)
        assert np.array_equal(r / n > high, binom.sf(r - 1, n, p0) < tail)


def test_large_organisations_match_the_normal_approximation():
    n = np.array([20_000, 200_000])
    low, high = fn.proportion_limits(n, 0.25, 0.998)
    se = np.sqrt(0.25 * 0.75 / n)
    assert high - 0.25 == pytest.approx(Z998 * se, rel=0.01)
    assert 0.25 - low == pytest.approx(Z998 * se, rel=0.01)


def test_log_factorials_agree_with_scipy():
    from scipy.special import gammaln

    x = np.r_[np.arange(0, 100), np.rint(np.geomspace(100, 5e6, 200))]
    assert fn.log_factorial(x) == pytest.approx(gammaln(x + 1), rel=1e-14, abs=1e-14)


def test_normal_quantiles_are_scipys():
    assert fn.normal_quantile(0.999) == pytest.approx(norm.ppf(0.999), abs=1e-12)
    assert fn.normal_quantile(0.975) == pytest.approx(Z95, abs=1e-12)


# ------------------------------------------------------------------------------------ over-dispersion

# The BCG vaccine trials (Colditz et al. 1994; metafor's dat.bcg): vaccinated TB+, TB−, unvaccinated TB+, TB−.
BCG = np.array(
    [
        [4, 119, 11, 128],
        [6, 300, 29, 274],
        [3, 228, 11, 209],
        [62, 13536, 248, 12619],
        [33, 5036, 47, 5761],
        [180, 1361, 372, 1079],
        [8, 2537, 10, 619],
        [505, 87886, 499, 87892],
        [29, 7470, 45, 7232],
        [17, 1699, 65, 1600],
        [186, 50448, 141, 27197],
        [5, 2493, 3, 2338],
        [27, 16886, 29, 17825],
    ],
    dtype=float,
)


def _bcg():
    a, b, c, d = BCG.T
    log_rr = np.log(a / (a + b)) - np.log(c / (c + d))
    se = np.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))  # Katz: the relative likelihoods' own
    w = 1 / se**2
    return log_rr, se, float((w * log_rr).sum() / w.sum())


def test_additive_tau2_reproduces_the_published_dersimonian_laird_estimate():
    """Without Winsorising and with the target at the inverse-variance mean, τ² is DerSimonian and Laird's:
    for the BCG trials' log relative risks Q = 152.23 on 12 degrees of freedom and τ² = 0.3088, as published
    for that dataset (Viechtbauer 2010, J Stat Softw 36(3); metafor's rma(method = "DL"))."""
    log_rr, se, fixed = _bcg()
    z = (log_rr - fixed) / se
    phi, tau2 = fn.dispersion(z, se, share=0)
    assert len(z) * phi == pytest.approx(152.2330, abs=5e-4)  # Cochran's Q
    assert tau2 == pytest.approx(0.3088, abs=5e-5)


def test_additive_tau2_agrees_with_statsmodels():
    from statsmodels.stats.meta_analysis import combine_effects

    log_rr, se, fixed = _bcg()
    reference = combine_effects(log_rr, se**2, method_re="dl")
    phi, tau2 = fn.dispersion((log_rr - fixed) / se, se, share=0)
    assert tau2 == pytest.approx(reference.tau2, rel=1e-12)
    assert len(se) * phi == pytest.approx(reference.q, rel=1e-12)
    assert fixed == pytest.approx(reference.mean_effect_fe, rel=1e-12)


def test_winsorised_phi_and_tau2_by_hand():
    """Ten z-scores: the 10th percentile (linear, position 0.9) is −3 + 0.9 × 2 = −1.2, the 90th (position
    8.1) is 3 + 0.1 × 7 = 3.7; φ̂ = (1.44 + 1 + 0 + 0.25 + 1 + 2.25 + 4 + 6.25 + 9 + 13.69) / 10 = 3.888.
    With every SE 0.1 (w = 100): τ² = (10 × 3.888 − 9) / (1000 − 100000/1000) = 29.88 / 900."""
    z = np.array([-3, -1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 10])
    assert fn.winsorised(z) == pytest.approx([-1.2, -1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.7])
    phi, tau2 = fn.dispersion(z, np.full(10, 0.1))
    assert phi == pytest.approx(3.888)
    assert tau2 == pytest.approx(29.88 / 900)
    assert fn.dispersion(z[:2], np.full(2, 0.1)) == (None, 0.0)  # too few organisations to estimate
    assert fn.dispersion(np.zeros(5), np.full(5, 0.1)) == (0.0, 0.0)  # less spread than chance: no τ²


def test_overdispersed_limits_and_z_scores():
    p = np.array([0.10, 0.20, 0.25, 0.30, 0.35, 0.40, 0.50, np.nan])
    n = np.array([400, 900, 250, 1200, 600, 300, 500, 200])
    plain = fn.proportion_funnel(p, n, 0.3)
    keep = ~np.isnan(p)
    phi, tau2 = fn.dispersion(plain.z[keep], np.sqrt(0.3 * 0.7 / n[keep]))
    assert phi > 1 and tau2 > 0
    assert plain.phi == pytest.approx(phi)
    multiplicative = fn.proportion_funnel(p, n, 0.3, overdispersion="multiplicative")
    assert multiplicative.z[keep] == pytest.approx(plain.z[keep] / math.sqrt(phi))
    se = np.sqrt(0.3 * 0.7 / n[keep])
    assert multiplicative.high[0.998][keep] == pytest.approx(0.3 + Z998 * math.sqrt(phi) * se)
    additive = fn.proportion_funnel(p, n, 0.3, overdispersion="additive")
    assert additive.tau2 == pytest.approx(tau2)
    assert additive.z[keep] == pytest.approx((p[keep] - 0.3) / np.sqrt(se**2 + tau2))
    assert additive.low[0.95][keep] == pytest.approx(np.clip(0.3 - Z95 * np.sqrt(se**2 + tau2), 0, 1))
    assert (plain.outcome[keep] != "within").sum() >= (additive.outcome[keep] != "within").sum()
    # a withheld figure gets nothing and does not count towards φ̂
    for result in (plain, multiplicative, additive):
        assert np.isnan(result.z[-1]) and result.outcome[-1] == ""
        assert np.isnan(result.low[0.95][-1])
    # with less spread than chance, the multiplicative limits are not narrowed
    calm = fn.proportion_funnel(
        [0.3, 0.3, 0.31, 0.29], [100, 200, 300, 400], 0.3, overdispersion="multiplicative"
    )
    assert calm.phi < 1 and calm.scale == {"phi": 1.0}
    with pytest.raises(ValueError, match="overdispersion"):
        fn.proportion_funnel(p, n, 0.3, overdispersion="both")


# ------------------------------------------------------------------------------------ the benchmark table


def _table(rows, measure="relative_likelihood", suppressed=()):
    return pd.DataFrame(
        [
            {
                "framework": "nhs-wres",
                "indicator": "2",
                "section": "",
                "breakdown": "Appointed",
                "group": "White ÷ BME",
                "measure": measure,
                "org": org,
                "value": "*" if org in suppressed else value,
                "ci_low": "*" if org in suppressed else low,
                "ci_high": "*" if org in suppressed else high,
                "numerator": np.nan,
                "denominator": np.nan,
                "status": "computed",
                "suppression": "derived_from_suppressed" if org in suppressed else pd.NA,
            }
            for org, value, low, high in rows
        ]
    )


def test_a_withheld_figure_gets_no_z_score_limits_or_outcome():
    rows = [
        (ALL, 1.5, 1.3, 1.7),
        ("A", 2.0, 1.5, 2.7),
        ("B", 3.0, 2.0, 4.5),
        ("C", 1.1, 0.9, 1.35),
        ("D", 1.4, 1.0, 2.0),
    ]
    table = add_funnels(_table(rows, suppressed=("B",)), 0.95, "none")
    withheld = table.loc[table["org"] == "B"].iloc[0]
    assert all(pd.isna(withheld[c]) for c in FUNNEL_COLUMNS if c != "funnel_outcome")
    assert withheld["funnel_outcome"] == ""
    reference = table.loc[table["org"] == ALL].iloc[0]
    assert all(pd.isna(reference[c]) for c in FUNNEL_COLUMNS if c != "funnel_outcome")
    published = table.loc[~table["org"].isin([ALL, "B"])]
    assert published["funnel_z"].notna().all() and set(published["funnel_outcome"]) <= {
        "above",
        "within",
        "below",
    }
    # φ̂ is that of the three published organisations alone
    again = add_funnels(_table([r for r in rows if r[0] != "B"]), 0.95, "none")
    assert published["funnel_dispersion"].tolist() == pytest.approx(
        again.loc[again["org"] != ALL, "funnel_dispersion"].tolist()
    )


def test_funnel_overdispersion_is_checked_as_configuration():
    from wres_cli.core.config import Config

    assert Config().funnel_overdispersion == "none"
    assert Config().with_options(funnel_overdispersion="additive").funnel_overdispersion == "additive"
    with pytest.raises(
        ConfigError, match="funnel_overdispersion must be one of none, multiplicative, additive"
    ):
        Config().with_options(funnel_overdispersion="both")


# ------------------------------------------------------------------------------------ through the command line


def _generated(out, **sizes) -> list:
    """Seeded synthetic inputs (sample_data/generate.py) as command-line arguments."""
    spec = importlib.util.spec_from_file_location("wres_sample_generate", SAMPLE / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(out, messy=False, frameworks=False, **sizes)
    return [
        out / "workforce.csv",
        "--recruitment",
        out / "recruitment.csv",
        "--board",
        out / "board.csv",
        "--survey",
        out / "survey.csv",
    ]


@pytest.fixture(scope="module")
def organisations(tmp_path_factory):
    """Six generated organisations, two years."""
    return _generated(tmp_path_factory.mktemp("orgs"), staff=6000, orgs=6, applications=6000, survey=2400)


def _check_against_the_overall_figure(frame: pd.DataFrame) -> None:
    """Each placed percentage's z-score from its own published numbers, and its outcome from its limits."""
    figure = ["indicator", "section", "breakdown", "group", "measure", "year"]
    frame = frame.assign(**{c: frame[c].fillna("").astype(str) for c in figure})
    placed = frame.loc[frame["funnel_outcome"].fillna("").ne("")]
    assert len(placed)
    for key, part in placed.groupby(figure):
        same = (frame[figure] == pd.Series(key, index=figure)).all(axis=1) & (frame["org"] == ALL)
        assert same.sum() == 1
        centre = float(frame.loc[same, "value"].iloc[0])
        value = part["value"].astype(float).to_numpy()
        if part["measure"].iat[0] == "percent":
            p0, n = centre / 100, part["denominator"].astype(float).to_numpy()
            assert part["funnel_z"].to_numpy(float) == pytest.approx(
                (value / 100 - p0) / np.sqrt(p0 * (1 - p0) / n)
            )
        else:
            se = (np.log(part["ci_high"].astype(float)) - np.log(part["ci_low"].astype(float))) / (2 * Z95)
            assert part["funnel_z"].to_numpy(float) == pytest.approx(np.log(value / centre) / se)
        low, high = part["funnel_low_998"].astype(float), part["funnel_high_998"].astype(float)
        expected = np.where(value > high, "above", np.where(value < low, "below", "within"))
        assert part["funnel_outcome"].tolist() == expected.tolist()
        assert (part["funnel_low_95"].astype(float) >= low - 1e-9).all()


def test_csv_and_json_give_each_organisation_its_funnel(run, organisations):
    csv = pd.read_csv(
        io.StringIO(run("compute", *organisations, "--by", "org", "--trend", "--format", "csv").stdout)
    )
    assert list(csv.columns[-len(FUNNEL_COLUMNS) :]) == list(FUNNEL_COLUMNS)
    latest = csv.loc[csv["year"] == csv["year"].max()]
    _check_against_the_overall_figure(latest)
    assert (
        csv.loc[csv["year"] < csv["year"].max(), "funnel_z"].isna().all()
    )  # the funnel is the reporting year's
    assert csv.loc[csv["measure"] == "difference_pp", "funnel_z"].isna().all()  # gaps are not funnelled
    assert set(latest.loc[latest["org"] != ALL, "indicator"].astype(str)) >= {
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
    }
    data = json.loads(run("compute", *organisations, "--by", "org", "--trend", "--format", "json").stdout)
    benchmark = pd.DataFrame(data["benchmark"])
    assert set(FUNNEL_COLUMNS) <= set(benchmark.columns)
    _check_against_the_overall_figure(benchmark)


def test_suppressed_figures_are_not_placed(run, tmp_path):
    """Three small organisations (one year, to keep the disclosure checks quick): small survey counts and the
    ratios built on hidden counts are withheld, and those figures get no z-score, limits or outcome."""
    small = _generated(tmp_path, staff=1500, orgs=3, years=1, applications=1500, survey=900)
    options = ("--by", "org", "--trend", "--suppress", "10", "--suppress-ratios", "--format", "csv")
    text = run("compute", *small, *options).stdout
    csv = pd.read_csv(io.StringIO(text), dtype={"value": str})
    latest = csv.loc[(csv["year"] == csv["year"].max()) & (csv["org"] != ALL)]
    withheld = latest.loc[pd.to_numeric(latest["value"], errors="coerce").isna()]
    assert len(withheld), "the test needs a withheld figure"
    assert withheld["funnel_z"].isna().all() and withheld["funnel_outcome"].isna().all()
    assert withheld["funnel_low_998"].isna().all()
    assert latest["funnel_outcome"].notna().any(), "the test needs a published figure too"


def test_overdispersion_from_the_configuration(run, organisations, tmp_path):
    config = tmp_path / "wres.yaml"
    config.write_text("funnel_overdispersion: additive\n", encoding="utf-8")
    common = ("compute", *organisations, "--by", "org", "--trend", "--format", "csv")
    plain = pd.read_csv(io.StringIO(run(*common).stdout))
    adjusted = pd.read_csv(io.StringIO(run(*common, "--config", config).stdout))
    placed = plain["funnel_z"].notna()
    assert adjusted["funnel_z"].notna().tolist() == placed.tolist()
    assert (adjusted.loc[placed, "funnel_z"].abs() <= plain.loc[placed, "funnel_z"].abs() + 1e-12).all()
    assert adjusted["funnel_dispersion"].equals(plain["funnel_dispersion"])  # φ̂ is the same diagnostic


def test_the_report_leads_with_funnel_plots(run, organisations, tmp_path):
    output = tmp_path / "report.html"
    run("report", *organisations, "--by", "org", "-o", output)
    html = output.read_text(encoding="utf-8")
    funnels, ranks = (
        html.index("Comparing organisations: funnel plots"),
        html.index("Benchmarking organisations"),
    )
    assert funnels < ranks
    assert html.count('id="funnel-indicator-') >= 8 * 2  # one chart per figure (an id and a title reference)
    assert "do not read them as a league table" in html
    csv = pd.read_csv(
        io.StringIO(run("compute", *organisations, "--by", "org", "--trend", "--format", "csv").stdout)
    )
    flagged = csv.loc[csv["funnel_outcome"].isin(["above", "below"]), "org"]
    for org in set(flagged):
        assert org[:20] in html  # labelled on its chart (and named in the table)


def test_one_organisation_sits_on_the_centre_line(run):
    inputs = [
        SAMPLE / "workforce.csv",
        "--recruitment",
        SAMPLE / "recruitment.csv",
        "--survey",
        SAMPLE / "survey.csv",
    ]
    csv = pd.read_csv(
        io.StringIO(run("compute", *inputs, "--by", "org", "--trend", "--format", "csv").stdout)
    )
    placed = csv.loc[csv["funnel_outcome"].notna()]
    assert len(placed) and (placed["funnel_outcome"] == "within").all()
    assert placed["funnel_z"].to_numpy() == pytest.approx(0.0, abs=1e-9)
    assert placed["funnel_dispersion"].isna().all()  # no over-dispersion estimate from one organisation

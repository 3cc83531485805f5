"""Row builders shared by every indicator: percentages, relative likelihoods and differences.

Each takes a tally (see :meth:`Context.tally`) and returns tidy rows with counts beside every figure,
confidence intervals, and a status and reason wherever a figure cannot be calculated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wres_cli.core import formatting as fmt
from wres_cli.core.schema import COLUMNS
from wres_cli.statistics import proportions as stats

if TYPE_CHECKING:
    from wres_cli.indicators.contract import Context

__all__ = [
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
]

GROUP = "ethnicity"


def rows(**columns) -> pd.DataFrame:
    """Tidy rows from column values (scalars broadcast); absent columns get their empty default."""
    length = max((len(v) for v in columns.values() if _is_vector(v)), default=1)
    defaults = {
        "numerator": np.nan,
        "denominator": np.nan,
        "value": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "p_value": np.nan,
        "significant": pd.NA,
        "status": "computed",
        "reason": "",
        "note": "",
        "flag": "",
        "headline": False,
        "suppression": "",
        "section": "",
        "breakdown": "",
        "group": "",
        "year": pd.NA,
    }
    data = {}
    for name in COLUMNS:
        value = columns.get(name, defaults.get(name))
        data[name] = value if _is_vector(value) else [value] * length
    frame = pd.DataFrame(data)
    frame["significant"] = frame["significant"].astype("boolean")
    return frame


def _is_vector(value: object) -> bool:
    return isinstance(value, (list, tuple, np.ndarray, pd.Series, pd.Index))


def percent_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    numerator: str,
    denominator: str,
    section: str = "",
    breakdown: str | pd.Series = "",
    group: str | pd.Series | None = None,
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """One percentage row per tally row: numerator / denominator x 100 with a Wilson interval."""
    num = tally[numerator].to_numpy(dtype=float)
    den = tally[denominator].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan)
    low, high = stats.wilson_interval(num, den, ctx.config.confidence)
    low, high = np.asarray(low, float) * 100, np.asarray(high, float) * 100
    empty = den <= 0
    return rows(
        framework=framework,
        indicator=indicator,
        org=tally["org"].to_numpy(),
        year=ctx.year,
        section=section,
        breakdown=_vector(breakdown, tally),
        group=_vector(group, tally, group_column),
        measure="percent",
        numerator=num,
        denominator=den,
        value=value,
        ci_low=low,
        ci_high=high,
        status=np.where(empty, "not_calculable", "computed"),
        reason=np.where(empty, "no people in this group", ""),
    )


def _vector(
    value: str | pd.Series | None, tally: pd.DataFrame, default_column: str | None = None
) -> np.ndarray:
    if value is None:
        value = tally[default_column]
    if isinstance(value, pd.Series):
        return value.astype(str).to_numpy()
    return np.full(len(tally), value, dtype=object)


def _columns(wide: pd.DataFrame, *keys: tuple[str, str]) -> list[np.ndarray]:
    """The (measure, group) columns of a :func:`_by_group` table as float arrays, one per key."""
    return [wide[key].to_numpy(dtype=np.float64) for key in keys]


def _by_group(tally: pd.DataFrame, keys: Sequence[str], group_column: str = GROUP) -> pd.DataFrame:
    """Tally rows indexed by org (+ keys) with one column block per group."""
    wide = tally.set_index(["org", *keys, group_column]).unstack(group_column, fill_value=0)
    return wide


def likelihood_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    labels: tuple[str, str] | None = None,
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Per-group rates plus the relative likelihood (rate of ``top`` ÷ rate of ``bottom``) per org.

    ``tally`` has columns org, ``group_column``, people and ``event``. Unknown is shown, never in the ratio.
    """
    rates = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        section=section,
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    rates["note"] = note
    ratio = ratio_rows(
        ctx,
        tally,
        indicator,
        event=event,
        top=top,
        bottom=bottom,
        section=section,
        breakdown=breakdown,
        note=note,
        framework=framework,
        labels=labels,
        group_column=group_column,
    )
    return pd.concat([rates, ratio], ignore_index=True)


def ratio_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    labels: tuple[str, str] | None = None,
    group_column: str = GROUP,
) -> pd.DataFrame:
    """The relative-likelihood row per org, with Katz interval, Fisher p-value and the optional band flag."""
    labels = labels or (top, bottom)
    return _ratios_by_org(
        ctx,
        tally,
        lambda *four: _ratio_columns(ctx, *four, note=note, labels=labels),
        event=event,
        top=top,
        bottom=bottom,
        group_column=group_column,
        framework=framework,
        indicator=indicator,
        section=section,
        breakdown=breakdown,
        group=f"{top} ÷ {bottom}",
        measure="relative_likelihood",
    )


def _ratios_by_org(
    ctx: Context,
    tally: pd.DataFrame,
    figures_of: Callable[[float, float, float, float], dict[str, object]],
    *,
    event: str,
    top: str,
    bottom: str,
    group_column: str,
    **labels: str,
) -> pd.DataFrame:
    """One ratio row per org: ``figures_of(a, n1, c, n2)`` gives its ``_RATIO_KEYS`` from the four counts
    (called once per organisation; Fisher's test is exact, table by table). ``labels``: framework,
    indicator, section, breakdown, group and measure of the rows."""
    wide = _by_group(tally[["org", group_column, "people", event]], [], group_column)
    counts = _columns(wide, (event, top), ("people", top), (event, bottom), ("people", bottom))
    figures = [figures_of(*four) for four in zip(*(c.tolist() for c in counts), strict=True)]
    return rows(
        org=wide.index.to_numpy(dtype=object),
        year=ctx.year,
        headline=True,
        **labels,
        **{key: [f[key] for f in figures] for key in _RATIO_KEYS},
    )


def ratio_row(
    ctx: Context,
    indicator: str,
    org: str,
    a: float,
    n1: float,
    c: float,
    n2: float,
    *,
    group: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    labels: tuple[str, str] = ("group 1", "group 2"),
) -> pd.DataFrame:
    """One relative-likelihood row from the four counts."""
    return rows(
        framework=framework,
        indicator=indicator,
        org=org,
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=group,
        measure="relative_likelihood",
        headline=True,
        **_ratio_columns(ctx, a, n1, c, n2, note=note, labels=labels),
    )


_RATIO_KEYS = ("value", "ci_low", "ci_high", "p_value", "significant", "status", "reason", "note", "flag")


def _ratio_columns(ctx: Context, a, n1, c, n2, *, note: str, labels: tuple[str, str]) -> dict[str, object]:
    """The figures of one relative-likelihood row (``_RATIO_KEYS``) from the four counts."""
    result = stats.relative_likelihood(
        int(a),
        int(n1),
        int(c),
        int(n2),
        confidence=ctx.config.confidence,
        zero_cells=ctx.config.zero_cells,
        labels=labels,
    )
    return {
        "value": _num(result.value),
        "ci_low": _num(result.ci_low),
        "ci_high": _num(result.ci_high),
        "p_value": _num(result.p_value),
        "significant": pd.NA if result.significant is None else result.significant,
        "status": result.status,
        "reason": result.reason,
        "note": "; ".join(n for n in (note, result.note) if n),
        "flag": band_flag(ctx, result.value),
    }


def band_flag(ctx: Context, value: float | None) -> str:
    """Descriptive marker for a ratio outside the optional --band; never a verdict."""
    band = ctx.config.band
    if band is None or value is None or band[0] <= value <= band[1]:
        return ""
    return f"outside {band[0]:.2f}–{band[1]:.2f}"


def _num(value: float | None) -> float:
    return np.nan if value is None else float(value)


def difference_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    first: str = "BME",
    second: str = "White",
    section: str = "",
    breakdown: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Percentage-point difference first − second per org, with a Newcombe hybrid score interval."""
    wide = _by_group(tally[["org", group_column, "people", event]], [], group_column)
    k1, n1, k2, n2 = _columns(wide, (event, first), ("people", first), (event, second), ("people", second))
    calculable = (n1 > 0) & (n2 > 0)
    value, ci_low, ci_high = (
        np.where(calculable, 100.0 * x, np.nan)
        for x in stats.newcombe_differences(k1, n1, k2, n2, ctx.config.confidence)
    )
    significant = np.where(calculable, ~((ci_low <= 0) & (ci_high >= 0)), None)
    status = np.where(calculable, "computed", "not_calculable")
    empty1, empty2 = n1 <= 0, n2 <= 0
    reason = np.select(
        [empty1 & empty2, empty1, empty2],
        [f"no {first} and {second} respondents", f"no {first} respondents", f"no {second} respondents"],
        "",
    )
    return rows(
        framework=framework,
        indicator=indicator,
        org=wide.index.to_numpy(dtype=object),
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=f"{first} − {second}",
        measure="difference_pp",
        value=value,
        ci_low=ci_low,
        ci_high=ci_high,
        significant=significant,
        status=status,
        reason=reason,
        headline=True,
    )


def not_computed(
    indicator: str, reason: str, framework: str = "nhs-wres", year: int | None = None
) -> pd.DataFrame:
    """The single row of an indicator whose input was not given."""
    return rows(
        framework=framework,
        indicator=indicator,
        org="All",
        year=year,
        status="not_computed",
        reason=reason,
        headline=True,
        measure="",
    )


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}"


def _significance(head) -> str:
    if head.get("significant") is None or head.get("significant") is pd.NA:
        return ""
    return " (statistically significant)" if head["significant"] else " (not statistically significant)"


def describe_likelihood(top: str, bottom: str, outcome: str):
    """Sentence maker for a relative likelihood: 'White applicants 1.67× as likely to ... as BME applicants'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        return f"{top} {head['value']:.2f}× as likely {outcome} as {bottom}{_significance(head)}"

    return describe


def describe_percent_gap(what: str):
    """Sentence maker for survey percentages: '31.0% of BME staff vs 28.0% of White staff ...'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        bme, white = figures.get("BME", {}), figures.get("White", {})
        return (
            f"{fmt.percent(bme.get('value'))} of BME vs {fmt.percent(white.get('value'))} of White "
            f"staff {what}: a gap of {head['value']:+.1f} points{_significance(head)}"
        )

    return describe


def survey_rows(
    ctx: Context,
    indicator: str,
    *,
    source: str | None = None,
    framework: str = "nhs-wres",
    breakdown: str = "",
    group_column: str = GROUP,
    first: str = "BME",
    second: str = "White",
    prefix: str = "q",
    questions: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Staff-survey percentages per group (Wilson) and the first − second gap (Newcombe), from either form.

    ``source`` is the survey indicator whose answers are used (defaults to ``indicator``); record-level
    answers are the columns ``{prefix}{source}_yes`` / ``_answered`` made by the loader from ``questions``.
    """
    found = survey_tally(
        ctx,
        indicator,
        source=source,
        framework=framework,
        group_column=group_column,
        prefix=prefix,
        questions=questions,
    )
    if isinstance(found, pd.DataFrame):
        return found
    tally, event = found
    share = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    gap = difference_rows(
        ctx,
        tally,
        indicator,
        event=event,
        breakdown=breakdown,
        framework=framework,
        first=first,
        second=second,
        group_column=group_column,
    )
    return pd.concat([share, gap], ignore_index=True)


def survey_tally(
    ctx: Context,
    indicator: str,
    *,
    source: str | None = None,
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    prefix: str = "q",
    questions: Mapping[str, Sequence[str]] | None = None,
) -> tuple[pd.DataFrame, str] | pd.DataFrame:
    """(tally with people and the yes count per group, event column), or a 'not computed' row."""
    source = source or indicator
    frame = ctx.frame("survey")
    years = _survey_years(ctx, frame)
    if ctx.form("survey") == "aggregated":
        if not (frame["indicator"] == source).any():
            return not_computed(
                indicator,
                f"the aggregated survey file has no rows for indicator {source}",
                framework,
                ctx.year,
            )
        tally = ctx.tally(
            "survey", [group_column], events=["yes_share"], years=years, where={"indicator": source}
        )
        return tally, "yes_share"
    if f"{prefix}{source}_yes" not in frame:
        mapping = ctx.config.survey_questions if questions is None else questions
        named = ", ".join(mapping.get(source, ()))
        return not_computed(
            indicator, f"the survey file has no column for this question ({named})", framework, ctx.year
        )
    event = f"{prefix}{source}_yes"
    tally = ctx.tally(
        "survey", [group_column], events=[event], years=years, where={f"{prefix}{source}_answered": 1}
    )
    return tally, event


def ratio_of_percents_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Per-group percentages and the ratio of the two percentages (``top`` % ÷ ``bottom`` %) per org.

    The form Skills for Care publishes survey metrics in. Counts may be fractional (aggregated input given as
    percentages): the value is the exact ratio of the shares and the interval the Katz log interval.
    """
    shares = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        section=section,
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    shares["note"] = note
    ratios = _ratios_by_org(
        ctx,
        tally,
        lambda *four: _ratio_of_percents_columns(ctx, *four, labels=(top, bottom), note=note),
        event=event,
        top=top,
        bottom=bottom,
        group_column=group_column,
        framework=framework,
        indicator=indicator,
        section=section,
        breakdown=breakdown,
        group=f"{top} % ÷ {bottom} %",
        measure="ratio_of_percents",
    )
    return pd.concat([shares, ratios], ignore_index=True)


def _ratio_of_percents_columns(
    ctx: Context, a: float, n1: float, c: float, n2: float, *, labels: tuple[str, str], note: str
) -> dict[str, object]:
    """(a/n1 × 100) ÷ (c/n2 × 100) with its Katz interval (``_RATIO_KEYS``); not calculable on an empty side,
    nor on a zero percentage unless ``zero_cells`` is "haldane" (0.5 added to every cell, as for ratios)."""
    empty = [label for label, n in zip(labels, (n1, n2), strict=True) if n <= 0]
    zero = [
        f"{label} (0 of {fmt.count(n)})"
        for label, k, n in zip(labels, (a, c), (n1, n2), strict=True)
        if k <= 0 and n > 0
    ]
    figures: dict[str, object] = {
        "value": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan, "significant": pd.NA,
        "status": "not_calculable", "reason": "", "note": note, "flag": "",
    }  # fmt: skip
    if empty:
        return {**figures, "reason": f"no {' or '.join(empty)} respondents"}
    if zero:
        figures["reason"] = "zero percentage for " + " and ".join(zero)
        if ctx.config.zero_cells != "haldane":
            return figures
        a, n1, c, n2 = a + 0.5, n1 + 1, c + 0.5, n2 + 1
        figures["note"] = "; ".join(n for n in (note, stats.HALDANE_NOTE) if n)
    value = (a * n2) / (c * n1)
    low, high = stats.katz_interval(a, n1, c, n2, ctx.config.confidence)
    return {
        **figures,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "significant": not (low <= 1 <= high),
        "status": "computed",
        "flag": band_flag(ctx, value),
    }


def _survey_years(ctx: Context, frame: pd.DataFrame) -> list[int] | None:
    """The survey year matching the reporting year if present, else the survey's latest."""
    if "year" not in frame:
        return None
    years = ctx.years("survey")
    if ctx.year in years:
        return [ctx.year]
    if years:
        ctx.notes.append(f"staff survey: no {ctx.year} rows, used the latest survey year ({years[-1]})")
        return [years[-1]]
    return None


# ----------------------------------------------------------------- builders shared by every framework


def composition_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    key: str,
    section: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    total: str = "Total",
) -> pd.DataFrame:
    """Share of each group in every value of ``key`` (a pay band, grade or cluster) plus a ``total`` row.

    ``tally`` has columns org, ``key``, ``group_column`` and people; values of ``key`` with nobody in them
    (all organisations together) are left out. Unknown is part of every denominator.
    """
    tally = tally[["org", key, group_column, "people"]].copy()
    tally[key] = tally[key].astype(object).where(tally[key].notna(), "Not recorded")
    order = list(dict.fromkeys(tally[key]))
    totals = tally.groupby(["org", group_column], observed=True, sort=False, as_index=False)["people"].sum()
    totals[key] = total
    both = pd.concat([tally, totals], ignore_index=True)
    both["cell"] = both.groupby(["org", key], sort=False)["people"].transform("sum")
    shown = both.loc[both["org"] == "All"].groupby(key, sort=False)["people"].sum()
    keep = [k for k in [*order, total] if k == total or shown.get(k, 0) > 0]
    both = both.loc[both[key].isin(keep)].copy()
    both[key] = pd.Categorical(both[key], categories=keep)
    both = both.sort_values(["org", key, group_column], kind="stable")
    return percent_rows(
        ctx,
        both,
        indicator,
        numerator="people",
        denominator="cell",
        section=section,
        breakdown=both[key],
        framework=framework,
        group_column=group_column,
    )


def share_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    section: str,
    breakdown: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Each group's share of everyone in the tally (org, group, people), Unknown in the denominator."""
    tally = tally.copy()
    tally["total"] = tally.groupby("org")["people"].transform("sum")
    return percent_rows(
        ctx,
        tally,
        indicator,
        numerator="people",
        denominator="total",
        section=section,
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )


def share_gap_rows(
    ctx: Context,
    first: pd.DataFrame,
    second: pd.DataFrame | float,
    indicator: str,
    *,
    group: str,
    section: str = "",
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    headline: bool = False,
) -> pd.DataFrame:
    """Percentage points: the ``group`` share in ``first`` minus that in ``second`` (rows from
    :func:`share_rows`, or one fixed percentage such as a local population share), per org of ``first``."""
    a = first.loc[first["group"] == group].set_index("org")[["value", "denominator"]]
    if isinstance(second, pd.DataFrame):
        b = second.loc[second["group"] == group].set_index("org")[["value", "denominator"]]
    else:
        b = pd.DataFrame({"value": float(second), "denominator": 1.0}, index=a.index)
    both = a.merge(b, how="left", left_index=True, right_index=True, suffixes=("_a", "_b"))
    empty_a = both["denominator_a"].fillna(0).to_numpy() <= 0
    empty_b = both["denominator_b"].fillna(0).to_numpy() <= 0
    reason = np.where(empty_a, "nobody in the first group", np.where(empty_b, "nobody to compare with", ""))
    calculable = ~(empty_a | empty_b)
    return rows(
        framework=framework,
        indicator=indicator,
        org=both.index.to_numpy(),
        year=ctx.year,
        section=section,
        breakdown=breakdown,
        group=group,
        measure="difference_pp",
        value=(both["value_a"] - both["value_b"]).where(calculable).to_numpy(),
        status=np.where(calculable, "computed", "not_calculable"),
        reason=reason,
        note=note,
        headline=headline,
    )


def mean_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    total: str,
    first: str,
    second: str,
    scale: float = 1.0,
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Mean score per group (``total`` / people × ``scale``) and the first − second gap (measure ``mean``)."""
    people = tally["people"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(
            people > 0, scale * tally[total].to_numpy(dtype=float) / np.where(people > 0, people, 1), np.nan
        )
    groups_ = tally[group_column].astype(str).to_numpy()
    base = dict(framework=framework, indicator=indicator, year=ctx.year, breakdown=breakdown, note=note)
    per_group = rows(
        **base,
        org=tally["org"].to_numpy(),
        group=groups_,
        measure="mean",
        denominator=people,
        value=mean,
        status=np.where(people > 0, "computed", "not_calculable"),
        reason=np.where(people > 0, "", "no respondents in this group"),
    )
    wide = per_group.pivot_table(index="org", columns="group", values="value", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=[first, second])
    gap = (wide[first] - wide[second]).to_numpy()
    ok = ~np.isnan(gap)
    head = rows(
        **base,
        org=wide.index.to_numpy(),
        group=f"{first} − {second}",
        measure="mean",
        value=gap,
        status=np.where(ok, "computed", "not_calculable"),
        reason=np.where(ok, "", f"no {first} or no {second} respondents"),
        headline=True,
    )
    return pd.concat([per_group, head], ignore_index=True)


def narrative_rows(ctx: Context, indicator: str, text: str, *, framework: str = "nhs-wres") -> pd.DataFrame:
    """The row of a metric that is a written account, not a number."""
    return rows(
        framework=framework,
        indicator=indicator,
        org="All",
        year=ctx.year,
        measure="narrative",
        note=text,
        headline=True,
    )


def two_year_likelihood_rows(
    ctx: Context,
    indicator: str,
    *,
    event: str,
    top: str,
    bottom: str,
    breakdown: str,
    labels: tuple[str, str],
    framework: str = "nhs-wres",
    group_column: str = GROUP,
    dataset: str = "workforce",
) -> pd.DataFrame:
    """A relative likelihood by the configured two-year method (``indicator_3_method``), always labelled.

    ``pooled-2y`` adds the counts of the reporting and previous year (equal to averaging them), ``1y`` uses
    the reporting year, ``mean-of-ratios`` averages the two yearly ratios (no interval). Without the previous
    year the single-year figure is given with a warning.
    """
    method, year = ctx.config.indicator_3_method, ctx.year
    what = f"{framework} {indicator}"
    if year is None:
        if method != "1y":
            ctx.warn(f"{what}: the {dataset} file has no year column, so the two-year method cannot be used")
        method, years = "1y", None
    elif method != "1y" and year - 1 not in ctx.years(dataset):
        ctx.warn(
            f"{what}: no {year - 1} data in the {dataset} file for the two-year method; used {year} alone"
        )
        method, years = "1y", [year]
    else:
        years = [year] if method == "1y" else [year - 1, year]
    common = dict(
        event=event, top=top, bottom=bottom, labels=labels, framework=framework, group_column=group_column
    )
    if method != "mean-of-ratios":
        if method == "pooled-2y":
            note = f"two-year rolling average (counts of {years[0]} and {years[1]} pooled)"
        else:
            note = f"single year {years[0]}" if years else "single snapshot"
        tally = ctx.tally(dataset, [group_column], events=[event], years=years)
        return likelihood_rows(ctx, tally, indicator, breakdown=breakdown, note=note, **common)
    parts, ratios = [], []
    for one in years:
        tally = ctx.tally(dataset, [group_column], events=[event], years=[one])
        yearly = likelihood_rows(
            ctx, tally, indicator, breakdown=f"{breakdown}, {one}", note=f"year {one}", **common
        )
        yearly["headline"] = False
        parts.append(yearly)
        ratios.append(yearly.loc[yearly["measure"] == "relative_likelihood", ["org", "value", "reason"]])
    both = ratios[0].merge(ratios[1], on="org", suffixes=("_a", "_b"))
    ok = (both["value_a"].notna() & both["value_b"].notna()).to_numpy()
    why = both["reason_a"].where(both["reason_a"] != "", both["reason_b"]).to_numpy()
    parts.append(
        rows(
            framework=framework,
            indicator=indicator,
            org=both["org"].to_numpy(),
            year=ctx.year,
            group=f"{top} ÷ {bottom}",
            breakdown=breakdown,
            measure="relative_likelihood",
            value=((both["value_a"] + both["value_b"]) / 2).to_numpy(),
            status=np.where(ok, "computed", "not_calculable"),
            reason=np.where(
                ok,
                "no confidence interval for a mean of yearly ratios",
                "a yearly ratio is not calculable: " + why,
            ),
            note=f"mean of the {years[0]} and {years[1]} ratios",
            headline=True,
        )
    )
    return pd.concat(parts, ignore_index=True)


def group_ratio_rows(
    ctx: Context,
    tally: pd.DataFrame,
    indicator: str,
    *,
    event: str,
    reference: str,
    groups: Sequence[str],
    breakdown: str = "",
    note: str = "",
    framework: str = "nhs-wres",
    group_column: str = GROUP,
) -> pd.DataFrame:
    """Rates of every group and, for each of ``groups`` other than ``reference``, its rate ÷ the reference's."""
    rates = percent_rows(
        ctx,
        tally,
        indicator,
        numerator=event,
        denominator="people",
        breakdown=breakdown,
        framework=framework,
        group_column=group_column,
    )
    rates["note"] = note
    parts = [rates]
    for group in groups:
        if group == reference:
            continue
        parts.append(
            ratio_rows(
                ctx,
                tally,
                indicator,
                event=event,
                top=group,
                bottom=reference,
                breakdown=breakdown,
                note=note,
                framework=framework,
                group_column=group_column,
            )
        )
    return pd.concat(parts, ignore_index=True)


def describe_group_gap(first: str, second: str, what: str):
    """Sentence maker for two groups' percentages: '25.0% of Disabled vs 20.0% of Non-disabled staff ...'."""

    def describe(head, figures) -> str:
        if head["status"] != "computed":
            return f"Not calculable: {head['reason']}"
        a, b = figures.get(first, {}), figures.get(second, {})
        return (
            f"{fmt.percent(a.get('value'))} of {first} vs {fmt.percent(b.get('value'))} of {second} "
            f"staff {what}: a gap of {head['value']:+.1f} points{_significance(head)}"
        )

    return describe

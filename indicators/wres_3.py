"""WRES indicator 3: relative likelihood of BME staff entering the formal disciplinary process compared to
White staff. BME rate ÷ White rate; above 1 means BME staff are more likely to enter.

Method (configurable, always labelled): ``pooled-2y`` (default) adds the current and previous year's counts,
which equals averaging them; ``1y`` uses the reporting year only; ``mean-of-ratios`` averages the two yearly
ratios (a different number, with no interval).
"""

import pandas as pd

from wres_cli import Indicator, describe_likelihood, likelihood_rows, rows

LABELS = ("BME staff", "White staff")


def _method(ctx):
    method, year = ctx.config.indicator_3_method, ctx.year
    if method == "1y" or year is None:
        if method != "1y":
            ctx.warn(
                "indicator 3: the workforce file has no year column, so the two-year method cannot be used; "
                "computed from the one year given"
            )
        return "1y", [year] if year is not None else None
    if year - 1 not in ctx.years("workforce"):
        ctx.warn(
            f"indicator 3: no {year - 1} data in the workforce file for the two-year method; "
            f"computed from {year} alone"
        )
        return "1y", [year]
    return method, [year - 1, year]


def compute(ctx):
    method, years = _method(ctx)
    if method == "mean-of-ratios":
        return _mean_of_ratios(ctx, years)
    if method == "pooled-2y":
        note = f"two-year rolling average (counts of {years[0]} and {years[1]} pooled)"
    else:
        note = f"single year {years[0]}" if years else "single snapshot"
    tally = ctx.tally("workforce", ["ethnicity"], events=["disciplinary"], years=years)
    return likelihood_rows(
        ctx,
        tally,
        "3",
        event="disciplinary",
        top="BME",
        bottom="White",
        breakdown="Entered formal disciplinary process",
        note=note,
        labels=LABELS,
    )


def _mean_of_ratios(ctx, years):
    """Average of the two yearly ratios; each year's rates are shown too."""
    note = f"mean of the {years[0]} and {years[1]} ratios"
    parts, ratios = [], []
    for year in years:
        tally = ctx.tally("workforce", ["ethnicity"], events=["disciplinary"], years=[year])
        yearly = likelihood_rows(
            ctx,
            tally,
            "3",
            event="disciplinary",
            top="BME",
            bottom="White",
            breakdown=f"Entered formal disciplinary process, {year}",
            labels=LABELS,
            note=f"year {year}",
        )
        yearly["headline"] = False
        parts.append(yearly)
        ratios.append(yearly.loc[yearly["measure"] == "relative_likelihood", ["org", "value", "reason"]])
    both = ratios[0].merge(ratios[1], on="org", suffixes=("_a", "_b"))
    calculable = both["value_a"].notna() & both["value_b"].notna()
    why = both["reason_a"].where(both["reason_a"] != "", both["reason_b"])
    parts.append(
        rows(
            indicator="3",
            org=both["org"].to_numpy(),
            year=ctx.year,
            group="BME ÷ White",
            breakdown="Entered formal disciplinary process",
            measure="relative_likelihood",
            value=((both["value_a"] + both["value_b"]) / 2).to_numpy(),
            status=["computed" if c else "not_calculable" for c in calculable],
            reason=[
                "no confidence interval for a mean of yearly ratios"
                if c
                else f"a yearly ratio is not calculable ({w})"
                for c, w in zip(calculable, why, strict=True)
            ],
            note=note,
            headline=True,
        )
    )
    return pd.concat(parts, ignore_index=True)


INDICATOR = Indicator(
    id="3",
    short="Entering formal disciplinary",
    title="Relative likelihood of BME staff entering the formal disciplinary process compared to White staff",
    compute=compute,
    needs=("workforce.disciplinary",),
    orientation="BME ÷ White",
    describe=describe_likelihood("BME staff", "White staff", "to enter the formal disciplinary process"),
    order=3,
    kind="likelihood",
    better="towards 1.00",
)

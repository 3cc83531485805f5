"""Social Care WRES metric 9: % minority ethnic in senior management minus % in the whole workforce, and
optionally minus % in the local population (``local_population_bme``). Senior management is every grade at
or above ``senior_grade`` in ``grade_order`` (natural order of the grades when no order is given). Shares
include Unknown in the denominator; percentage points, negative = under-represented in senior posts.

Also given as a relative likelihood, as Skills for Care's 2024 national report does: the share of minority
ethnic staff in senior posts ÷ the share of White staff in senior posts (0.55: "45% less likely")."""

import numpy as np
import pandas as pd

from wres_cli import Indicator, likelihood_rows, not_computed, senior_grades, share_gap_rows, share_rows

FRAMEWORK = "sc-wres"


def compute(ctx):
    threshold = ctx.config.senior_grade
    if threshold is None:
        return not_computed(
            "9",
            "set senior_grade (the lowest senior grade) in wres.yaml, e.g. 'senior_grade: Grade 14'",
            FRAMEWORK,
            ctx.year,
        )
    years = [ctx.year] if ctx.year is not None else None
    grades = ctx.frame("workforce")["pay_grade"].cat.categories
    senior = np.asarray(senior_grades(list(grades), threshold, ctx.config.grade_order), dtype=bool)
    by_grade = ctx.tally("workforce", ["pay_grade", "ethnicity"], years=years)
    by_grade = by_grade.loc[by_grade["pay_grade"].isin(grades[senior])]
    top = by_grade.groupby(["org", "ethnicity"], observed=False, as_index=False)["people"].sum()
    parts = [
        share_rows(
            ctx,
            top,
            "9",
            section="Senior management",
            breakdown=f"{threshold} and above",
            framework=FRAMEWORK,
        ),
        share_rows(
            ctx,
            ctx.tally("workforce", ["ethnicity"], years=years),
            "9",
            section="Overall workforce",
            breakdown="All staff",
            framework=FRAMEWORK,
        ),
    ]
    parts.append(
        share_gap_rows(
            ctx,
            parts[0],
            parts[1],
            "9",
            group="BME",
            section="Senior management − workforce",
            breakdown="Percentage points",
            framework=FRAMEWORK,
            headline=True,
            note="% minority ethnic in senior management minus % in the workforce",
        )
    )
    parts.append(_likelihood(ctx, by_grade.assign(senior=True), ctx.tally("workforce", ["ethnicity"], years=years)))
    local = ctx.config.local_population_bme
    if local is not None:
        parts.append(
            share_gap_rows(
                ctx,
                parts[0],
                local,
                "9",
                group="BME",
                section="Senior management − local population",
                breakdown="Percentage points",
                framework=FRAMEWORK,
                note=f"% minority ethnic in senior management minus {local:g}% in the local population",
            )
        )
    return pd.concat(parts, ignore_index=True)


def _likelihood(ctx, senior, everyone):
    """Minority ethnic staff's likelihood of a senior post ÷ White staff's, with the 'x% less likely' reading."""
    top = senior.groupby(["org", "ethnicity"], observed=False, as_index=False)["people"].sum()
    tally = everyone.merge(top.rename(columns={"people": "senior"}), on=["org", "ethnicity"], how="left")
    tally["senior"] = tally["senior"].fillna(0).astype("int64")
    rows = likelihood_rows(
        ctx,
        tally,
        "9",
        event="senior",
        top="BME",
        bottom="White",
        section="Senior management: relative likelihood",
        breakdown="In a senior management post",
        framework=FRAMEWORK,
        labels=("minority ethnic staff", "White staff"),
    )
    rows["headline"] = False
    ratio = (rows["measure"] == "relative_likelihood") & rows["value"].notna()
    rows.loc[ratio, "note"] = [
        f"minority ethnic staff {abs(1 - v):.0%} {'less' if v < 1 else 'more'} likely than White staff to hold a "
        "senior management post"
        if round(v, 2) != 1
        else "minority ethnic and White staff as likely to hold a senior management post"
        for v in rows.loc[ratio, "value"]
    ]
    return rows


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    gap = head["value"]
    side = "below" if gap < 0 else "above" if gap > 0 else "level with"
    return f"Minority ethnic share of senior management is {abs(gap):.1f} points {side} the workforce's"


INDICATOR = Indicator(
    id="9",
    framework=FRAMEWORK,
    short="Senior management vs workforce",
    title="Minority ethnic share of senior management compared with the workforce (and local population)",
    compute=compute,
    needs=("workforce.pay_grade",),
    orientation="senior % minority ethnic − workforce % (percentage points)",
    describe=describe,
    order=9,
)

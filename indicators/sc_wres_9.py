"""Social Care WRES metric 9: % minority ethnic in senior management minus % in the whole workforce, and
optionally minus % in the local population (``local_population_bme``). Senior management is every grade at
or above ``senior_grade`` in ``grade_order`` (natural order of the grades when no order is given). Shares
include Unknown in the denominator; percentage points, negative = under-represented in senior posts."""

import numpy as np
import pandas as pd

from wres_cli import Indicator, not_computed, senior_grades, share_gap_rows, share_rows

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

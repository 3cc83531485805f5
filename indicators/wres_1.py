"""WRES indicator 1: percentage of staff in each pay band who are White, BME or Unknown.

Three tables as the WRES template asks (non-clinical; clinical non-medical; medical & dental by grade
subgroup), each with a total, and the workforce-wide percentages. Bank-only staff are excluded.
"""

import pandas as pd

from wres_cli import ALL, Indicator, percent, percent_rows

NOT_RECORDED = "Not recorded"
SECTIONS = ("Non-clinical", "Clinical non-medical")


def _years(ctx):
    return [ctx.year] if ctx.year is not None else None


def _percentages(ctx, tally, section, key, not_in_total=()):
    """Rows of % White / BME / Unknown per value of ``key`` plus a section total.

    Rows named in ``not_in_total`` are subsets of another row ("of which ...") and are not added again.
    """
    tally = tally.copy()
    tally[key] = tally[key].astype(object).where(tally[key].notna(), NOT_RECORDED)
    order = list(dict.fromkeys(tally[key]))
    tally = tally.groupby(["org", key, "ethnicity"], observed=True, sort=False, as_index=False)[
        "people"
    ].sum()
    counted = tally.loc[~tally[key].isin(not_in_total)]
    totals = counted.groupby(["org", "ethnicity"], observed=True, sort=False, as_index=False)["people"].sum()
    totals[key] = "Total"
    tally = pd.concat([tally, totals], ignore_index=True)
    tally["cell"] = tally.groupby(["org", key], sort=False)["people"].transform("sum")
    shown = tally.loc[tally["org"] == ALL].groupby(key, sort=False)["people"].sum()
    keep = [k for k in [*order, "Total"] if k == "Total" or shown.get(k, 0) > 0]
    tally = tally.loc[tally[key].isin(keep)]
    tally[key] = pd.Categorical(tally[key], categories=keep)
    tally = tally.sort_values(["org", key, "ethnicity"], kind="stable")
    return percent_rows(
        ctx, tally, "1", numerator="people", denominator="cell", section=section, breakdown=tally[key]
    )


def compute(ctx):
    frame = ctx.frame("workforce")
    where, years = None, _years(ctx)
    parts = []
    if "staff_category" in frame:
        by_band = ctx.tally(
            "workforce",
            ["staff_category", "pay_band", "ethnicity"]
            if "pay_band" in frame
            else ["staff_category", "ethnicity"],
            years=years,
            where=where,
        )
        if "pay_band" not in by_band:
            by_band["pay_band"] = pd.NA
        for section in SECTIONS:
            part = by_band.loc[by_band["staff_category"] == section]
            parts.append(_percentages(ctx, part, section, "pay_band"))
        parts.append(_medical(ctx, frame, where, years))
        unknown = by_band.loc[by_band["staff_category"].isna() & (by_band["org"] == ALL), "people"].sum()
        if unknown:
            ctx.warn(
                f"indicator 1: {unknown:,} staff with no staff group are in the workforce total but in none "
                "of the three tables"
            )
    elif "pay_band" in frame:
        ctx.note("indicator 1: no staff group column, so clinical and non-clinical staff are not split")
        tally = ctx.tally("workforce", ["pay_band", "ethnicity"], years=years, where=where)
        parts.append(_percentages(ctx, tally, "All staff", "pay_band"))
    overall = ctx.tally("workforce", ["ethnicity"], years=years, where=where)
    overall["cell"] = overall.groupby("org")["people"].transform("sum")
    whole = percent_rows(
        ctx,
        overall,
        "1",
        numerator="people",
        denominator="cell",
        section="Overall workforce",
        breakdown="All staff",
    )
    whole["headline"] = whole["group"] == "BME"
    parts.append(whole)
    return pd.concat(parts, ignore_index=True)


def _medical(ctx, frame, where, years):
    if "medical_subgroup" not in frame:
        tally = ctx.tally("workforce", ["staff_category", "ethnicity"], years=years, where=where)
        part = tally.loc[tally["staff_category"] == "Medical & dental"].assign(grade=pd.NA)
        return _percentages(ctx, part, "Medical & dental", "grade")
    tally = ctx.tally(
        "workforce",
        ["staff_category", "medical_subgroup", "senior_medical", "ethnicity"],
        years=years,
        where=where,
    )
    tally = tally.loc[tally["staff_category"] == "Medical & dental"].copy()
    senior = tally.loc[tally["senior_medical"].astype(bool)].copy()
    senior["medical_subgroup"] = "of which senior medical managers"
    subgroup = tally["medical_subgroup"].astype(object)
    tally["grade"] = subgroup
    senior["grade"] = senior["medical_subgroup"]
    order = [
        "Consultants",
        "of which senior medical managers",
        "Non-consultant career grade",
        "Trainee grades",
        "Other",
    ]
    both = pd.concat([tally, senior], ignore_index=True)
    both["grade"] = pd.Categorical(both["grade"], categories=order)
    both = both.sort_values(["grade"], kind="stable")
    return _percentages(
        ctx, both.drop(columns=["medical_subgroup"]), "Medical & dental", "grade", not_in_total=(order[1],)
    )


def describe(head, figures):
    white, unknown = figures.get("White", {}), figures.get("Unknown", {})
    return (
        f"BME staff are {percent(head['value'])} of the workforce (White {percent(white.get('value'))}, "
        f"Unknown {percent(unknown.get('value'))})"
    )


INDICATOR = Indicator(
    id="1",
    short="Staff by pay band",
    title="Staff in each pay band: White, BME and Unknown",
    compute=compute,
    needs=("workforce",),
    describe=describe,
    order=1,
    kind="composition",
    better="higher",
)

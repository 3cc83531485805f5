"""Social Care WRES metric 1: percentage of directly employed staff who are minority ethnic, White or Unknown
in each council pay grade and, from an annual salary column, in each salary band (Skills for Care's 2024
report: under £30,000; £30,000 to £69,999; £70,000 and over; ``salary_bands`` sets the bounds), and in the whole
workforce. Reporting year only; grade order from ``grade_order``."""

import pandas as pd

from wres_cli import Indicator, composition_rows, not_computed, percent, share_rows

FRAMEWORK = "sc-wres"


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    frame = ctx.frame("workforce")
    if "pay_grade" not in frame and "salary_band" not in frame:
        return not_computed(
            "1",
            "needs a 'pay_grade' (council grade) or 'salary' (annual salary) column in the workforce file",
            FRAMEWORK,
            ctx.year,
        )
    parts = []
    for key, section in (("pay_grade", "Pay grade"), ("salary_band", "Salary band")):
        if key in frame:
            tally = ctx.tally("workforce", [key, "ethnicity"], years=years)
            parts.append(composition_rows(ctx, tally, "1", key=key, section=section, framework=FRAMEWORK))
    overall = share_rows(
        ctx,
        ctx.tally("workforce", ["ethnicity"], years=years),
        "1",
        section="Overall workforce",
        breakdown="All staff",
        framework=FRAMEWORK,
    )
    overall["headline"] = overall["group"] == "BME"
    return pd.concat([*parts, overall], ignore_index=True)


def describe(head, figures):
    white = figures.get("White", {})
    return (
        f"Minority ethnic staff are {percent(head['value'])} of the workforce "
        f"(White {percent(white.get('value'))}, Unknown {percent(figures.get('Unknown', {}).get('value'))})"
    )


INDICATOR = Indicator(
    id="1",
    framework=FRAMEWORK,
    short="Staff by pay grade",
    title="Staff in each pay grade and salary band: minority ethnic, White and Unknown",
    compute=compute,
    needs=("workforce",),
    describe=describe,
    order=1,
)

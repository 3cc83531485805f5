"""Social Care WRES metric 1: percentage of directly employed staff who are minority ethnic, White or Unknown
in each council pay grade, and in the whole workforce. Reporting year only; grade order from ``grade_order``."""

import pandas as pd

from wres_cli import Indicator, composition_rows, percent, share_rows

FRAMEWORK = "sc-wres"


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    by_grade = ctx.tally("workforce", ["pay_grade", "ethnicity"], years=years)
    grades = composition_rows(ctx, by_grade, "1", key="pay_grade", section="Pay grade", framework=FRAMEWORK)
    overall = share_rows(
        ctx,
        ctx.tally("workforce", ["ethnicity"], years=years),
        "1",
        section="Overall workforce",
        breakdown="All staff",
        framework=FRAMEWORK,
    )
    overall["headline"] = overall["group"] == "BME"
    return pd.concat([grades, overall], ignore_index=True)


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
    title="Staff in each pay grade: minority ethnic, White and Unknown",
    compute=compute,
    needs=("workforce.pay_grade",),
    describe=describe,
    order=1,
)

"""Social Care WRES metric 8: relative likelihood of minority ethnic staff leaving the organisation in the
year compared to White staff (``leaver`` column of the workforce file). Minority ethnic rate ÷ White rate."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", ["ethnicity"], events=["leaver"], years=years)
    return likelihood_rows(
        ctx,
        tally,
        "8",
        event="leaver",
        top="BME",
        bottom="White",
        breakdown="Left the organisation in the year",
        framework="sc-wres",
        labels=("minority ethnic staff", "White staff"),
    )


INDICATOR = Indicator(
    id="8",
    framework="sc-wres",
    short="Leaving the organisation",
    title="Relative likelihood of minority ethnic staff leaving the organisation compared to White staff",
    compute=compute,
    needs=("workforce.leaver",),
    orientation="minority ethnic ÷ White",
    describe=describe_likelihood("Minority ethnic staff", "White staff", "to leave in the year"),
    order=8,
)

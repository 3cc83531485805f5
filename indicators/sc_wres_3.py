"""Social Care WRES metric 3: relative likelihood of minority ethnic staff entering the formal disciplinary
process compared to White staff, in the reporting year. Minority ethnic rate ÷ White rate."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", ["ethnicity"], events=["disciplinary"], years=years)
    return likelihood_rows(
        ctx,
        tally,
        "3",
        event="disciplinary",
        top="BME",
        bottom="White",
        breakdown="Entered formal disciplinary process",
        framework="sc-wres",
        labels=("minority ethnic staff", "White staff"),
    )


INDICATOR = Indicator(
    id="3",
    framework="sc-wres",
    short="Entering formal disciplinary",
    title="Relative likelihood of minority ethnic staff entering the formal disciplinary process compared to White staff",
    compute=compute,
    needs=("workforce.disciplinary",),
    orientation="minority ethnic ÷ White",
    describe=describe_likelihood(
        "Minority ethnic staff", "White staff", "to enter the formal disciplinary process"
    ),
    order=3,
)

"""Social Care WRES metric 5: relative likelihood of minority ethnic staff accessing funded non-mandatory
training and CPD compared to White staff, in the reporting year. Minority ethnic rate ÷ White rate (the
opposite way round to NHS WRES indicator 4)."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", ["ethnicity"], events=["non_mandatory_training"], years=years)
    return likelihood_rows(
        ctx,
        tally,
        "5",
        event="non_mandatory_training",
        top="BME",
        bottom="White",
        breakdown="Accessed funded non-mandatory training and CPD",
        framework="sc-wres",
        labels=("minority ethnic staff", "White staff"),
    )


INDICATOR = Indicator(
    id="5",
    framework="sc-wres",
    short="Funded non-mandatory CPD",
    title="Relative likelihood of minority ethnic staff accessing funded non-mandatory CPD compared to White staff",
    compute=compute,
    needs=("workforce.non_mandatory_training",),
    orientation="minority ethnic ÷ White",
    describe=describe_likelihood(
        "Minority ethnic staff", "White staff", "to access funded non-mandatory CPD"
    ),
    order=5,
)

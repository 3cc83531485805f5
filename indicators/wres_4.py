"""WRES indicator 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to
BME staff. White rate ÷ BME rate; above 1 means White staff are more likely to access it."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", ["ethnicity"], events=["non_mandatory_training"], years=years)
    return likelihood_rows(
        ctx,
        tally,
        "4",
        event="non_mandatory_training",
        top="White",
        bottom="BME",
        breakdown="Accessed non-mandatory training and CPD",
        labels=("White staff", "BME staff"),
    )


INDICATOR = Indicator(
    id="4",
    short="Non-mandatory training and CPD",
    title="Relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff",
    compute=compute,
    needs=("workforce.non_mandatory_training",),
    orientation="White ÷ BME",
    describe=describe_likelihood("White staff", "BME staff", "to access non-mandatory training and CPD"),
    order=4,
    kind="likelihood",
    better="towards 1.00",
)

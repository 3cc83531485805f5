"""Social Care WRES metric 4: relative likelihood of minority ethnic regulated professionals (e.g. social
workers) entering fitness-to-practise proceedings compared to White ones, in the reporting year. The
denominator is regulated professionals only (``regulated`` column). Minority ethnic rate ÷ White rate."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally(
        "workforce", ["ethnicity"], events=["fitness_to_practise"], years=years, where={"regulated": 1}
    )
    return likelihood_rows(
        ctx,
        tally,
        "4",
        event="fitness_to_practise",
        top="BME",
        bottom="White",
        breakdown="Regulated professionals entering fitness-to-practise proceedings",
        framework="sc-wres",
        labels=("minority ethnic regulated professionals", "White regulated professionals"),
    )


INDICATOR = Indicator(
    id="4",
    framework="sc-wres",
    short="Fitness to practise",
    title="Relative likelihood of minority ethnic regulated professionals entering fitness-to-practise proceedings",
    compute=compute,
    needs=("workforce.fitness_to_practise", "workforce.regulated"),
    orientation="minority ethnic ÷ White",
    describe=describe_likelihood(
        "Minority ethnic regulated professionals",
        "White ones",
        "to enter fitness-to-practise proceedings",
    ),
    order=4,
)

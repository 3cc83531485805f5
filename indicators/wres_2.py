"""WRES indicator 2: relative likelihood of White applicants being appointed from shortlisting compared to
BME applicants, across all posts. White rate ÷ BME rate; above 1 means White applicants are more likely."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally(
        "recruitment", ["ethnicity"], events=["appointed"], years=years, where={"shortlisted": 1}
    )
    return likelihood_rows(
        ctx,
        tally,
        "2",
        event="appointed",
        top="White",
        bottom="BME",
        breakdown="Appointed from shortlisting",
        labels=("White shortlisted applicants", "BME shortlisted applicants"),
    )


INDICATOR = Indicator(
    id="2",
    short="Appointed from shortlisting",
    title="Relative likelihood of White applicants being appointed from shortlisting compared to BME applicants",
    compute=compute,
    needs=("recruitment",),
    orientation="White ÷ BME",
    describe=describe_likelihood("White applicants", "BME applicants", "to be appointed from shortlisting"),
    order=2,
    kind="likelihood",
    better="towards 1.00",
)

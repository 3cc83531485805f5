"""Social Care WRES metric 2: relative likelihood of minority ethnic applicants being appointed from
shortlisting compared to White applicants, in the reporting year. Minority ethnic rate ÷ White rate (the
opposite way round to NHS WRES indicator 2): below 1 means minority ethnic applicants are less likely."""

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
        top="BME",
        bottom="White",
        breakdown="Appointed from shortlisting",
        framework="sc-wres",
        labels=("minority ethnic shortlisted applicants", "White shortlisted applicants"),
    )


INDICATOR = Indicator(
    id="2",
    framework="sc-wres",
    short="Appointed from shortlisting",
    title="Relative likelihood of minority ethnic applicants being appointed from shortlisting compared to White applicants",
    compute=compute,
    needs=("recruitment",),
    orientation="minority ethnic ÷ White",
    describe=describe_likelihood(
        "Minority ethnic applicants", "White applicants", "to be appointed from shortlisting"
    ),
    order=2,
)

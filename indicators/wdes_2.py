"""WDES metric 2: relative likelihood of non-disabled applicants being appointed from shortlisting compared to
disabled applicants. Non-disabled rate ÷ Disabled rate: above 1 means non-disabled applicants are more likely."""

from wres_cli import Indicator, describe_likelihood, likelihood_rows


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally(
        "recruitment", ["disability"], events=["appointed"], years=years, where={"shortlisted": 1}
    )
    return likelihood_rows(
        ctx,
        tally,
        "2",
        event="appointed",
        top="Non-disabled",
        bottom="Disabled",
        breakdown="Appointed from shortlisting",
        framework="wdes",
        labels=("Non-disabled shortlisted applicants", "Disabled shortlisted applicants"),
        group_column="disability",
    )


INDICATOR = Indicator(
    id="2",
    framework="wdes",
    short="Appointed from shortlisting",
    title="Relative likelihood of non-disabled applicants being appointed from shortlisting compared to disabled applicants",
    compute=compute,
    needs=("recruitment.disability",),
    orientation="Non-disabled ÷ Disabled",
    describe=describe_likelihood(
        "Non-disabled applicants", "disabled applicants", "to be appointed from shortlisting"
    ),
    order=2,
    group_column="disability",
)

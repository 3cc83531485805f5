"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's applicants being
appointed from shortlisting compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import Indicator
from wres_cli.characteristics import reference_of
from wres_cli.measures import group_ratio_rows

GROUP = "characteristic"


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("recruitment", [GROUP], events=["appointed"], years=years, where={"shortlisted": 1})
    return group_ratio_rows(
        ctx,
        tally,
        "2",
        event="appointed",
        reference=reference_of(ctx.config),
        groups=[g for g in dict.fromkeys(tally[GROUP].astype(str)) if g != "Unknown"],
        breakdown="Appointed from shortlisting",
        framework="characteristic",
        group_column=GROUP,
    )


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    top, bottom = head["group"].split(" ÷ ")
    return f"{top} {head['value']:.2f}× as likely as {bottom} (applicants being appointed from shortlisting)"


INDICATOR = Indicator(
    id="2",
    framework="characteristic",
    short="Appointed from shortlisting",
    title="Relative likelihood of applicants being appointed from shortlisting by group",
    compute=compute,
    needs=("recruitment.characteristic", "recruitment.appointed"),
    orientation="group ÷ reference group",
    describe=describe,
    order=2,
    group_column=GROUP,
)

"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's staff accessing non-
mandatory training and CPD compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import Indicator
from wres_cli.characteristics import reference_of
from wres_cli.measures import group_ratio_rows

GROUP = "characteristic"


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", [GROUP], events=["non_mandatory_training"], years=years)
    return group_ratio_rows(
        ctx,
        tally,
        "4",
        event="non_mandatory_training",
        reference=reference_of(ctx.config),
        groups=[g for g in dict.fromkeys(tally[GROUP].astype(str)) if g != "Unknown"],
        breakdown="Accessed non-mandatory training and CPD",
        framework="characteristic",
        group_column=GROUP,
    )


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    top, bottom = head["group"].split(" ÷ ")
    return (
        f"{top} {head['value']:.2f}× as likely as {bottom} (staff accessing non-mandatory training and CPD)"
    )


INDICATOR = Indicator(
    id="4",
    framework="characteristic",
    short="Accessed non-mandatory training and CPD",
    title="Relative likelihood of staff accessing non-mandatory training and CPD by group",
    compute=compute,
    needs=("workforce.characteristic", "workforce.non_mandatory_training"),
    orientation="group ÷ reference group",
    describe=describe,
    order=4,
    group_column=GROUP,
)

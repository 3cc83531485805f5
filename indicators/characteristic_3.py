"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's staff entering the
formal disciplinary process compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import Indicator
from wres_cli.characteristics import reference_of
from wres_cli.measures import group_ratio_rows

GROUP = "characteristic"


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    tally = ctx.tally("workforce", [GROUP], events=["disciplinary"], years=years)
    return group_ratio_rows(
        ctx,
        tally,
        "3",
        event="disciplinary",
        reference=reference_of(ctx.config),
        groups=[g for g in dict.fromkeys(tally[GROUP].astype(str)) if g != "Unknown"],
        breakdown="Entered formal disciplinary process",
        framework="characteristic",
        group_column=GROUP,
    )


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    top, bottom = head["group"].split(" ÷ ")
    return (
        f"{top} {head['value']:.2f}× as likely as {bottom} (staff entering the formal disciplinary process)"
    )


INDICATOR = Indicator(
    id="3",
    framework="characteristic",
    short="Entered formal disciplinary process",
    title="Relative likelihood of staff entering the formal disciplinary process by group",
    compute=compute,
    needs=("workforce.characteristic", "workforce.disciplinary"),
    orientation="group ÷ reference group",
    describe=describe,
    order=3,
    group_column=GROUP,
)

"""WDES metric 3: relative likelihood of disabled staff entering the formal capability process compared to
non-disabled staff. Disabled rate ÷ Non-disabled rate: above 1 means disabled staff are more likely to enter.

The metric counts capability on grounds of performance, not ill health: with a reason column (``Capability
Reason`` on the workforce, ``Reason`` in a ``--capability`` file of cases) cases on grounds of ill health are not
counted, and without one every case is, which the notes say.

Two-year rolling average by default, as WRES indicator 3 (``indicator_3_method`` / ``--method`` sets both):
``pooled-2y`` adds the counts of the reporting and previous year, ``1y`` uses the reporting year only,
``mean-of-ratios`` averages the two yearly ratios. The method used is printed beside the figure.
"""

from wres_cli import Indicator, describe_likelihood, two_year_likelihood_rows


def compute(ctx):
    if not ctx.has("capability") and "capability_reason" not in ctx.frame("workforce"):
        ctx.note(
            "WDES metric 3: no capability reason column, so every capability case is counted; the metric counts "
            "cases on grounds of performance, not ill health (add a 'Capability Reason' column to leave those out)"
        )
    elif "capability_reason" in ctx.frame("workforce") and not ctx.has("capability"):
        ctx.note("WDES metric 3: capability cases on grounds of ill health are not counted (performance only)")
    return two_year_likelihood_rows(
        ctx,
        "3",
        event="capability",
        top="Disabled",
        bottom="Non-disabled",
        breakdown="Entered formal capability process",
        labels=("Disabled staff", "Non-disabled staff"),
        framework="wdes",
        group_column="disability",
    )


INDICATOR = Indicator(
    id="3",
    framework="wdes",
    short="Entering formal capability",
    title="Relative likelihood of disabled staff entering the formal capability process compared to non-disabled staff",
    compute=compute,
    needs=("workforce.disability", "workforce.capability"),
    orientation="Disabled ÷ Non-disabled",
    describe=describe_likelihood(
        "Disabled staff", "non-disabled staff", "to enter the formal capability process"
    ),
    order=3,
    group_column="disability",
)

"""Any characteristic (``--characteristic COLUMN``), representation: each group's share of staff in every pay
band (or council grade) and of the whole workforce. Groups and the reference group come from
``characteristics: {COLUMN: {reference: ..., groups: {...}}}`` in the configuration."""

import pandas as pd

from wres_cli import Indicator, composition_rows, reference_of, share_rows

FRAMEWORK, GROUP = "characteristic", "characteristic"


def compute(ctx):
    frame = ctx.frame("workforce")
    years = [ctx.year] if ctx.year is not None else None
    parts = []
    for key in ("pay_band", "pay_grade"):
        if key in frame:
            tally = ctx.tally("workforce", [key, GROUP], years=years)
            parts.append(
                composition_rows(
                    ctx,
                    tally.loc[tally[key].notna()],
                    "1",
                    key=key,
                    section="Pay band" if key == "pay_band" else "Pay grade",
                    framework=FRAMEWORK,
                    group_column=GROUP,
                )
            )
    overall = share_rows(
        ctx,
        ctx.tally("workforce", [GROUP], years=years),
        "1",
        section="Overall workforce",
        breakdown="All staff",
        framework=FRAMEWORK,
        group_column=GROUP,
    )
    reference = reference_of(ctx.config)
    overall["headline"] = overall["group"] == reference
    parts.append(overall)
    return pd.concat(parts, ignore_index=True)


def describe(head, figures):
    shares = ", ".join(f"{g} {r['value']:.1f}%" for g, r in figures.items() if r.get("value") is not None)
    return f"Workforce by group: {shares}"


INDICATOR = Indicator(
    id="1",
    framework=FRAMEWORK,
    short="Representation",
    title="Staff in each pay band and in the workforce, by group of the characteristic",
    compute=compute,
    needs=("workforce.characteristic",),
    describe=describe,
    order=1,
    group_column=GROUP,
)

"""WDES metric 10: percentage difference between the board's membership and the overall workforce: % Disabled
of board voting members minus % Disabled of the workforce (percentage points; negative = disabled people
under-represented on the board), and the same for executive members. Shares include Unknown in the
denominator, as in WRES indicator 9."""

import pandas as pd

from wres_cli import Indicator, share_gap_rows, share_rows

SECTIONS = (("voting", "Voting board members"), ("executive", "Executive board members"))


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    board_years = years if years is None or ctx.year in ctx.years("board") else None
    if years and board_years is None and ctx.years("board"):
        board_years = [ctx.years("board")[-1]]
        ctx.note(f"WDES metric 10: no {ctx.year} board rows; used the board of {board_years[0]}")
    where = None  # bank-only staff are left out by the workforce tally
    common = dict(framework="wdes", group_column="disability")
    staff = share_rows(
        ctx,
        ctx.tally("workforce", ["disability"], years=years, where=where),
        "10",
        section="Overall workforce",
        breakdown="All staff",
        **common,
    )
    parts = [staff]
    for flag, section in SECTIONS:
        board = ctx.tally("board", ["disability"], years=board_years, where={flag: 1})
        shares = share_rows(ctx, board, "10", section=section, breakdown="Board", **common)
        parts.append(shares)
        parts.append(
            share_gap_rows(
                ctx,
                shares,
                staff,
                "10",
                group="Disabled",
                section=section,
                breakdown="Board − workforce",
                note="% Disabled of board members minus % Disabled of the workforce",
                framework="wdes",
                headline=flag == "voting",
            )
        )
    return pd.concat(parts, ignore_index=True)


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    gap = head["value"]
    side = "below" if gap < 0 else "above" if gap > 0 else "level with"
    return f"Disabled share of voting board members is {abs(gap):.1f} points {side} the workforce's"


INDICATOR = Indicator(
    id="10",
    framework="wdes",
    short="Board vs workforce",
    title="Difference between disabled board membership (voting and executive) and the overall workforce",
    compute=compute,
    needs=("board.disability", "workforce.disability"),
    orientation="board % Disabled − workforce % Disabled (percentage points)",
    describe=describe,
    order=10,
    group_column="disability",
)

"""WRES indicator 9: percentage difference between the board's membership and the overall workforce.

% BME of board voting members minus % BME of the workforce (percentage points; negative = BME
under-represented on the board), and the same for executive members. Shares are of all members and all
staff, Unknown included in the denominator, as in indicator 1's workforce-wide figures.
"""

import pandas as pd

from wres_cli import Indicator, percent_rows, rows

SECTIONS = (("voting", "Voting board members"), ("executive", "Executive board members"))


def compute(ctx):
    years = [ctx.year] if ctx.year is not None else None
    board_years = years if years is None or ctx.year in ctx.years("board") else None
    if years and board_years is None and ctx.years("board"):
        board_years = [ctx.years("board")[-1]]
        ctx.note(f"indicator 9: no {ctx.year} board rows; used the board of {board_years[0]}")
    staff = ctx.tally("workforce", ["ethnicity"], years=years)
    staff["total"] = staff.groupby("org")["people"].transform("sum")
    parts = [
        percent_rows(
            ctx,
            staff,
            "9",
            numerator="people",
            denominator="total",
            section="Overall workforce",
            breakdown="All staff",
        )
    ]
    for flag, section in SECTIONS:
        board = ctx.tally("board", ["ethnicity"], years=board_years, where={flag: 1})
        board["total"] = board.groupby("org")["people"].transform("sum")
        shares = percent_rows(
            ctx, board, "9", numerator="people", denominator="total", section=section, breakdown="Board"
        )
        parts.append(shares)
        parts.append(_difference(ctx, shares, parts[0], section, headline=flag == "voting"))
    return pd.concat(parts, ignore_index=True)


def _difference(ctx, board, staff, section, headline):
    b = board.loc[board["group"] == "BME"].set_index("org")
    s = staff.loc[staff["group"] == "BME"].set_index("org")
    both = b[["value", "denominator"]].merge(
        s[["value", "denominator"]],
        how="left",
        left_index=True,
        right_index=True,
        suffixes=("_board", "_staff"),
    )
    empty = both["denominator_board"].fillna(0) <= 0
    no_staff = both["denominator_staff"].fillna(0) <= 0
    reason = [
        ("no board members in this category" if e else "no staff in the workforce file" if n else "")
        for e, n in zip(empty, no_staff, strict=True)
    ]
    calculable = ~(empty | no_staff)
    return rows(
        indicator="9",
        org=both.index.to_numpy(),
        year=ctx.year,
        section=section,
        breakdown="Board − workforce",
        group="BME",
        measure="difference_pp",
        value=(both["value_board"] - both["value_staff"]).where(calculable).to_numpy(),
        status=["computed" if c else "not_calculable" for c in calculable],
        reason=reason,
        note="% BME of board members minus % BME of the workforce",
        headline=headline,
    )


def describe(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    gap = head["value"]
    side = "below" if gap < 0 else "above" if gap > 0 else "level with"
    text = f"BME share of voting board members is {abs(gap):.1f} points {side} the workforce's"
    board = figures.get("BME") or {}
    if isinstance(board.get("value"), float):
        staff = board["value"] - gap
        text += f" ({board['value']:.1f}% of the board vs {staff:.1f}% of staff)"
    return text


INDICATOR = Indicator(
    id="9",
    short="Board vs workforce",
    title="Difference between BME board membership (voting and executive) and the overall workforce",
    compute=compute,
    needs=("board", "workforce"),
    orientation="board % BME − workforce % BME (percentage points)",
    describe=describe,
    order=9,
    kind="board",
    better="higher",
)

"""WDES metric 9: (a) the staff engagement score (0-10) of disabled and non-disabled staff and the gap, from a
record-level score column (``wdes_engagement_column``, default ``Engagement``) or aggregated rows with
indicator ``9a`` whose ``percent`` holds the group's score; (b) whether the organisation has taken action to
facilitate the voices of disabled staff: a narrative, reported as such."""

from wres_cli import Indicator, mean_rows, narrative_rows, not_computed, survey_years


def engagement(ctx):
    years = survey_years(ctx, "wdes")
    if ctx.form("survey") == "aggregated":
        if not (ctx.frame("survey")["indicator"] == "9a").any():
            return not_computed(
                "9a", "the aggregated survey file has no rows for indicator 9a", "wdes", ctx.year
            )
        tally = ctx.tally(
            "survey", ["disability"], events=["yes_share"], years=years, where={"indicator": "9a"}
        )
        total, scale = "yes_share", 100.0  # percent column = score: n × score/100 per row
    else:
        if "engagement_score" not in ctx.frame("survey"):
            column = ctx.config.wdes_engagement_column or "(none set)"
            return not_computed(
                "9a", f"the survey file has no engagement score column {column!r}", "wdes", ctx.year
            )
        tally = ctx.tally(
            "survey",
            ["disability"],
            events=["engagement_score"],
            years=years,
            where={"engagement_answered": 1},
        )
        total, scale = "engagement_score", 1.0
    return mean_rows(
        ctx,
        tally,
        "9a",
        total=total,
        first="Disabled",
        second="Non-disabled",
        scale=scale,
        breakdown="Staff engagement score (0-10)",
        framework="wdes",
        group_column="disability",
    )


def describe_engagement(head, figures):
    if head["status"] != "computed":
        return f"Not calculable: {head['reason']}"
    gap = head["value"]
    side = "below" if gap < 0 else "above" if gap > 0 else "level with"
    return f"Disabled staff's engagement score is {abs(gap):.2f} points {side} non-disabled staff's"


NARRATIVE = (
    "Narrative: has the organisation taken action to facilitate the voices of disabled staff to be heard? "
    "Write yes or no with examples in the report; it is not computed from data."
)


def voices(ctx):
    return narrative_rows(ctx, "9b", NARRATIVE, framework="wdes")


INDICATORS = [
    Indicator(
        id="9a",
        framework="wdes",
        short="Staff engagement score",
        title="Staff engagement score (0-10): disabled vs non-disabled staff",
        compute=engagement,
        needs=("survey",),
        orientation="Disabled − Non-disabled (score points)",
        describe=describe_engagement,
        order=9.1,
        group_column="disability",
    ),
    Indicator(
        id="9b",
        framework="wdes",
        short="Voices of disabled staff (narrative)",
        title="Action taken to facilitate the voices of disabled staff in the organisation to be heard",
        compute=voices,
        needs=(),
        orientation="narrative",
        describe=lambda head, figures: NARRATIVE,
        order=9.2,
        group_column="disability",
    ),
]

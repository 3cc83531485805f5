"""Indicator factories shared by several built-in indicator modules (a characteristic's relative likelihood,
one WDES staff-survey metric)."""

from __future__ import annotations

from wres_cli.core.frameworks import UNKNOWN, reference_of
from wres_cli.indicators.contract import Indicator
from wres_cli.indicators.likelihood import group_ratio_rows
from wres_cli.indicators.readings import describe_group_gap, describe_group_likelihood
from wres_cli.indicators.survey import survey_rows


def likelihood_indicator(
    id: str, *, dataset: str, event: str, short: str, who: str, where: dict | None = None
) -> Indicator:
    """A characteristic indicator: each group's rate of ``event`` ÷ the reference group's, one ratio per
    group; ``who`` completes "as likely as ... (who)", e.g. "staff entering the formal disciplinary process"."""
    column = "characteristic"

    def compute(ctx):
        years = [ctx.year] if ctx.year is not None else None
        tally = ctx.tally(dataset, [column], events=[event], years=years, where=where)
        return group_ratio_rows(
            ctx,
            tally,
            id,
            event=event,
            reference=reference_of(ctx.config),
            groups=[g for g in dict.fromkeys(tally[column].astype(str)) if g != UNKNOWN],
            breakdown=short,
            framework="characteristic",
            group_column=column,
        )

    return Indicator(
        id=id,
        framework="characteristic",
        short=short,
        title=f"Relative likelihood of {who} by group",
        compute=compute,
        needs=(f"{dataset}.characteristic", f"{dataset}.{event}"),
        orientation="group ÷ reference group",
        describe=describe_group_likelihood(who),
        order=int(id),
        group_column=column,
    )


def wdes_survey_indicator(metric: str, title: str, what: str, order: float) -> Indicator:
    """One WDES staff-survey metric: Disabled and Non-disabled percentages and the gap between them in
    points; ``what`` completes the reading ("... of Disabled staff who experienced it")."""

    def compute(ctx):
        return survey_rows(
            ctx,
            metric,
            framework="wdes",
            group_column="disability",
            first="Disabled",
            second="Non-disabled",
            prefix="wdes",
            questions=ctx.config.wdes_survey_questions,
        )

    return Indicator(
        id=metric,
        framework="wdes",
        short=title[0].upper() + title[1:],
        title=f"Staff survey: {title}",
        compute=compute,
        needs=("survey",),
        orientation="Disabled − Non-disabled (percentage points)",
        describe=describe_group_gap("Disabled", "Non-disabled", what),
        order=order,
        group_column="disability",
    )

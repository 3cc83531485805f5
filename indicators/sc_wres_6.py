"""Social Care WRES metric 6 (staff survey): staff experiencing harassment, bullying or abuse from people who
use services, their relatives or the public. Published as Skills for Care does: minority ethnic % ÷ White %
(above 1: minority ethnic staff report it more). Question columns: ``sc_survey_questions: {6: [...]}``; an
aggregated survey file gives the same figures from rows with indicator ``sc6``."""

import pandas as pd

from wres_cli import Indicator, describe_likelihood, ratio_of_percents_rows, survey_tally


def survey_ratio(ctx, indicator, metric, breakdown):
    """Percentages per group and minority ethnic % ÷ White % for one Social Care WRES survey metric."""
    found = survey_tally(
        ctx,
        indicator,
        source=f"sc{metric}",
        framework="sc-wres",
        prefix="",
        questions={f"sc{metric}": ctx.config.sc_survey_questions.get(metric, ())},
    )
    if isinstance(found, pd.DataFrame):
        return found
    tally, event = found
    return ratio_of_percents_rows(
        ctx,
        tally,
        indicator,
        event=event,
        top="BME",
        bottom="White",
        breakdown=breakdown,
        framework="sc-wres",
    )


def compute(ctx):
    return survey_ratio(ctx, "6", "6", "From people who use services, their relatives or the public")


INDICATOR = Indicator(
    id="6",
    framework="sc-wres",
    short="Harassment from people using services",
    title="Staff experiencing harassment, bullying or abuse from people who use services, their relatives or the public",
    compute=compute,
    needs=("survey",),
    orientation="minority ethnic % ÷ White %",
    describe=describe_likelihood(
        "Minority ethnic staff",
        "White staff",
        "to report harassment, bullying or abuse from people who use services, relatives or the public",
    ),
    order=6,
)

"""Social Care WRES metric 7 (staff survey): staff experiencing harassment, bullying or abuse from (a)
colleagues and (b) managers, each published as minority ethnic % ÷ White %. Question columns:
``sc_survey_questions: {7a: [...], 7b: [...]}``; aggregated rows use indicators ``sc7a`` and ``sc7b``."""

import pandas as pd

from wres_cli import Indicator, describe_likelihood, ratio_of_percents_rows, survey_tally


def _part(metric, source_of):
    def compute(ctx):
        found = survey_tally(
            ctx,
            metric,
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
            metric,
            event=event,
            top="BME",
            bottom="White",
            breakdown=f"From {source_of}",
            framework="sc-wres",
        )

    return Indicator(
        id=metric,
        framework="sc-wres",
        short=f"Harassment from {source_of}",
        title=f"Staff experiencing harassment, bullying or abuse from {source_of}",
        compute=compute,
        needs=("survey",),
        orientation="minority ethnic % ÷ White %",
        describe=describe_likelihood(
            "Minority ethnic staff", "White staff", f"to report harassment, bullying or abuse from {source_of}"
        ),
        order=7.1 if metric == "7a" else 7.2,
    )


INDICATORS = [_part("7a", "colleagues"), _part("7b", "managers")]

"""Staff-survey inputs, in both forms: a row per respondent with their answers, or results already aggregated
(a row per indicator and group, with n and a percent or yes count). This is the only parser of each form;
`wres compute` and `wres validate` both use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.config_keys import WDES_METRIC_4, metric_id
from wres_cli.core.errors import InputError, where
from wres_cli.inputs.categories import disability_group, survey_answer
from wres_cli.inputs.characteristics import characteristic_group, wdes_answer
from wres_cli.inputs.dataset import Problem, Source
from wres_cli.inputs.ethnicity import census_group, ethnic_group
from wres_cli.inputs.mapping import Mapped
from wres_cli.inputs.values import mapped, parse_numbers, parse_years

WRES_ANSWERS = "known survey answers (Never, 1-2, 3-5, 6-10, More than 10, Yes, No)"
WDES_ANSWERS = "known survey answers (Never, 1-2, ..., Yes, No, Satisfied, Agree, ...)"
ENGAGEMENT = "9a"  # the WDES engagement score, a mean from 0 to 10 rather than a share answering yes


# ------------------------------------------------------------------------------------------- records


def _question_sets(config: Config) -> Iterator[tuple[str, str, tuple[str, ...], Callable, str, str]]:
    """(column prefix, indicator, question columns, answer mapper, answers named in errors, wres.yaml key)
    for every survey indicator the configuration knows: WRES, then WDES, then Social Care WRES."""
    for indicator, questions in config.survey_questions.items():
        yield "q", indicator, questions, survey_answer, WRES_ANSWERS, "survey_answers"
    for metric, questions in config.wdes_survey_questions.items():
        yield "wdes", metric, questions, wdes_answer, WDES_ANSWERS, "survey_answers"
    for metric, questions in config.sc_survey_questions.items():
        yield "sc", metric, questions, wdes_answer, WDES_ANSWERS, "survey_answers"


def survey_answers(src: Source, raw: pd.DataFrame, config: Config) -> dict[str, np.ndarray]:
    """``{prefix}{indicator}_yes`` and ``_answered`` (0/1) for every indicator whose questions are in the file,
    and the engagement score. An indicator over several questions counts a respondent once: yes if any answer
    is at least once, answered if any was answered."""
    out: dict[str, np.ndarray] = {}
    for prefix, indicator, questions, answer, answers, key in _question_sets(config):
        present = [q for q in questions if q in src.columns]
        if not present:
            continue
        answered = np.zeros(len(raw), bool)
        yes = np.zeros(len(raw), bool)
        for question in present:
            column = raw[src.columns[question]]
            values = mapped(src, question, column, answer(column, answer_overrides(config)), answers, key)
            answered |= values.notna().to_numpy()
            yes |= (values == "yes").to_numpy(dtype=bool)
        out[f"{prefix}{indicator}_answered"] = answered.astype(np.int8)
        out[f"{prefix}{indicator}_yes"] = (yes & answered).astype(np.int8)
    out.update(_engagement(src, raw, config))
    if not out:
        names = ", ".join(q for qs in config.survey_questions.values() for q in qs)
        error = InputError(
            f"{src.path}: none of the survey question columns ({names}) is in the file; name them "
            "under survey_questions in wres.yaml, or give the aggregated form "
            "(columns indicator, group, n, percent)"
        )
        src.fail(Problem("missing", "survey_questions", error))
    return out


def answer_overrides(config: Config) -> dict[str, str | None]:
    """``survey_answers`` as overrides of the answer mappers: yes, no, or None (not counted)."""
    return {
        answer: None if meaning.strip().casefold() == "not counted" else meaning.strip().casefold()
        for answer, meaning in config.survey_answers.items()
    }


def _engagement(src: Source, raw: pd.DataFrame, config: Config) -> dict[str, np.ndarray]:
    """The WDES engagement score (0-10) when the file has its column; a bad score counts as not answered."""
    column = config.wdes_engagement_column
    if not column or column not in src.columns:
        return {}
    text = raw[src.columns[column]].astype("string").str.strip()
    score = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = (text.notna() & (text != "")).to_numpy(dtype=bool) & ~((score >= 0) & (score <= 10))
    if bad.any():
        shown = raw[src.columns[column]].iloc[int(np.flatnonzero(bad)[0])]
        error = InputError(
            f"{where(src.path, src.first_line_of(bad), src.columns[column])}: "
            f"{shown!r} is not an engagement score from 0 to 10"
        )
        src.fail(Problem("value", column, error, bad=bad))
        score = np.where(bad, np.nan, score)
    return {
        "engagement_answered": np.isfinite(score).astype(np.int8),
        "engagement_score": np.nan_to_num(score),
    }


# ---------------------------------------------------------------------------------------- aggregated


def survey_indicators(config: Config) -> list[str]:
    """The indicators an aggregated survey row may be for: WRES, WDES (with its engagement score) and Social Care
    WRES metrics (written ``sc`` + metric, e.g. ``sc6``)."""
    return list(
        dict.fromkeys(
            [
                *config.survey_questions,
                *config.wdes_survey_questions,
                ENGAGEMENT,
                *(f"sc{m}" for m in config.sc_survey_questions),
            ]
        )
    )


def aggregated_survey(src: Source, raw: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Survey results already aggregated, in the shape of record-level answers: a row stands for ``count``
    respondents (its n), of whom the share ``yes_share`` said yes."""
    cols = src.columns
    indicator = _indicators(src, raw[cols["indicator"]], config)
    group_values = _aggregated_groups(src, raw[cols["group"]], config)
    n = _number(src, raw, "n")
    if "yes" in cols:
        yes = _number(src, raw, "yes")
    else:
        percent = _number(src, raw, "percent", whole=False)
        yes = percent * n / 100.0  # respondents the published percentage stands for (may be fractional)
    excess = yes > n
    if excess.any():
        error = InputError(
            f"{where(src.path, src.first_line_of(excess))}: more 'yes' answers than respondents (n)"
        )
        src.fail(Problem("excess", "yes" if "yes" in cols else "percent", error, bad=excess))
    count, yes = np.nan_to_num(n), np.nan_to_num(yes)
    share = np.divide(yes, count, out=np.zeros_like(yes, dtype=float), where=count > 0)
    out = pd.DataFrame(
        {
            "indicator": pd.Categorical(indicator.to_numpy()),
            **group_values,
            "count": count,
            "yes_share": share,
        },
        index=raw.index,
    )
    if "year" in cols:
        out["year"] = parse_years(src, raw[cols["year"]])
    if "org" in cols:
        out["org"] = raw[cols["org"]].astype("string").str.strip().astype("category")
    return out


def _indicators(src: Source, raw: pd.Series, config: Config) -> pd.Series:
    """The indicator of each row ("Indicator 5", "Metric 4a (ii)" read as 5 and 4a(ii), once per distinct value);
    unknown ones left blank."""
    cat = raw.astype("string").str.strip().astype("category")
    named = [metric_id(c) for c in cat.cat.categories]
    indicator = pd.Series(
        np.array([*named, None], dtype=object)[cat.cat.codes.to_numpy()], index=raw.index, dtype="string"
    )
    known = survey_indicators(config)
    bad = ~indicator.isin(known).to_numpy(dtype=bool, na_value=False)
    if bad.any():
        shown = raw.iloc[int(np.flatnonzero(bad)[0])]
        why = f"; {WDES_METRIC_4}" if str(metric_id(shown)).startswith("4") else ""
        error = InputError(
            f"{where(src.path, src.first_line_of(bad), src.columns['indicator'])}: "
            f"{shown!r} is not a survey indicator ({', '.join(known)}){why}"
        )
        values = tuple(str(v) for v in raw[bad].astype("string").unique())  # once each, in order
        src.fail(Problem("indicator", "indicator", error, values, bad=bad))
        indicator = indicator.mask(bad)
    return indicator


def _aggregated_groups(src: Source, raw: pd.Series, config: Config) -> dict[str, pd.Series]:
    """The group column of aggregated survey rows, read as every kind it fits (ethnic, disability, ...)."""
    ethnic = ethnic_group(raw, config.ethnicity, gypsy_traveller=config.gypsy_traveller)
    kinds: dict[str, Mapped] = {"ethnicity": ethnic, "disability": disability_group(raw, config.disability)}
    if config.characteristic:
        kinds["characteristic"] = characteristic_group(raw, config.characteristics[config.characteristic])
    fitting = {name: result.values for name, result in kinds.items() if not result.unmapped}
    if not fitting:  # read as ethnic groups, the unmapped ones reported
        fitting = {"ethnicity": mapped(src, "group", raw, ethnic, "ethnicity mapping", "ethnicity")}
    if "ethnicity" in fitting and config.groups == "detailed":
        fitting["census_group"] = census_group(
            raw, fitting["ethnicity"], config.ethnic_groups, gypsy_traveller=config.gypsy_traveller
        )
    return fitting


def _number(src: Source, raw: pd.DataFrame, canonical: str, whole: bool = True) -> np.ndarray:
    """n, yes (whole numbers >= 0) or percent (0 to 100); NaN where a value is bad."""
    column = raw[src.columns[canonical]]
    kind = "a whole number >= 0" if whole else "a percentage from 0 to 100"

    def error(position: int, rows: int) -> InputError:
        line = int(src.line(np.array([position]))[0])
        return InputError(
            f"{where(src.path, line, src.columns[canonical])}: {column.iloc[position]!r} is not {kind}"
        )

    highest = None if whole else 100.0
    return parse_numbers(src, canonical, column, error, whole=whole, highest=highest, percent_sign=True)

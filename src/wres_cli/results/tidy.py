"""The published tidy table: the one long table (or, with --trend, the trend table) every writer cuts from,
with whole counts and text that a spreadsheet cannot run as a formula."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.results.model import Results


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers stay numbers."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise formula-like text in every text column."""
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str", "category"):
            frame[column] = pd.Series([neutralise(v) for v in frame[column]], index=frame.index, dtype=object)
    return frame


def whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts print as 38, not 38.0 (fractional counts from aggregated percentages stay as they are)."""
    import pandas as pd

    frame = frame.copy()
    for column in ("numerator", "denominator"):
        frame[column] = pd.Series(
            [int(v) if isinstance(v, float) and v.is_integer() else v for v in frame[column]],
            index=frame.index,
            dtype=object,
        )
    return frame


def trend_frame(results: Results) -> pd.DataFrame:
    """The trend table (every year, change and verdict) with, by org, each figure's rank and quartile and
    its place on the funnel plot (z-score, 95% and 99.8% limits, outcome) in the reporting year."""
    from wres_cli.results.benchmarking import FUNNEL_COLUMNS

    table = results.trend.drop(columns="key")
    if results.benchmark is not None:
        keys = ["framework", "indicator", "org", "year", "section", "breakdown", "group", "measure"]
        ranks = results.benchmark[[*keys, "rank", "ranked", "quartile", *FUNNEL_COLUMNS]]
        table = table.merge(ranks.astype({"year": table["year"].dtype}), on=keys, how="left", sort=False)
    return table


def tidy_frame(results: Results) -> pd.DataFrame:
    """The table a CSV return holds: a row per indicator x org x year x section x breakdown x group x measure
    (with ``--trend``: the trend table, a row per tracked figure and year), safe to open in a spreadsheet."""
    rows = trend_frame(results) if results.trend is not None else results.rows[list(COLUMNS)]
    return safe_frame(whole_counts(rows))

"""The summary: one entry per indicator and organisation with the headline figure, its groups and a reading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.results.plain import records

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from wres_cli.indicators.contract import Indicator
    from wres_cli.results.model import Headline


def summarise(rows: pd.DataFrame, indicators: Sequence[Indicator]) -> tuple[Headline, ...]:
    """One entry per indicator and org: the headline figure, its interval, the group figures and a reading."""
    out = []
    by_id = {i.id: i for i in indicators}
    heads = rows.loc[rows["headline"].astype(bool)]
    by_breakdown, by_section = _percents_by_key(rows, heads)
    for head in records(heads):
        indicator = by_id[head["indicator"]]
        section = (head["indicator"], head["org"], head["section"])
        same = by_breakdown.get((*section, head["breakdown"]))
        if not same:  # a comparison row of its own (e.g. board − workforce): the section's shares
            same = by_section.get(section, [])
        figures = {r["group"]: dict(r) for r in same}  # every group of any framework
        entry: Headline = {  # the tidy row's own keys come in with **head, in the row's column order
            "framework": indicator.framework,
            "indicator": indicator.id,
            "title": indicator.title,
            "short": indicator.label,
            "orientation": indicator.orientation,
            **head,
            "figures": figures,
        }
        entry["reading"] = _reading(indicator, entry, figures)
        out.append(entry)
    return tuple(out)


def _percents_by_key(rows: pd.DataFrame, heads: pd.DataFrame) -> tuple[dict, dict]:
    """Percent rows of the headline sections, in row order, by (indicator, org, section[, breakdown]).

    One pass instead of a scan of every row per headline (quadratic with --by org)."""
    import pandas as pd

    keys = ["indicator", "org", "section"]
    percents = rows.loc[(rows["measure"] == "percent") & rows[[*keys, "breakdown"]].notna().all(axis=1)]
    wanted = pd.MultiIndex.from_frame(heads[keys].dropna())
    percents = percents.loc[pd.MultiIndex.from_frame(percents[keys]).isin(wanted)]
    by_breakdown: dict[tuple, list] = {}
    by_section: dict[tuple, list] = {}
    for record in records(percents):
        section = (record["indicator"], record["org"], record["section"])
        by_section.setdefault(section, []).append(record)
        by_breakdown.setdefault((*section, record["breakdown"]), []).append(record)
    return by_breakdown, by_section


def _reading(indicator: Indicator, head: Headline, figures: dict[str, Any]) -> str:
    if head["status"] == "not_computed":
        return f"Not computed: {head['reason']}"
    if isinstance(head.get("value"), str):
        return f"Withheld ({head['value']}): it would reveal a count below the suppression threshold"
    if indicator.describe is None:
        return "" if head["status"] == "computed" else f"Not calculable: {head['reason']}"
    return indicator.describe(head, figures)

"""Everything the command line does, callable from a notebook: ``compute(...)`` returns :class:`Results`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import Config, load_config
from .errors import ConfigError, InputError
from .indicator import ALL, Context, Indicator
from .loading import Dataset, load_inputs, without_org
from .measures import not_computed
from .plain import records
from .registry import Registry, load_registry

OPTION_OF = {
    "workforce": "the workforce file",
    "recruitment": "--recruitment",
    "board": "--board",
    "survey": "--survey",
}
GROUPS = ("White", "BME", "Unknown")


@dataclass
class DatasetSummary:
    """What was read from one input, for notes and the methods section."""

    name: str
    path: str
    rows: int
    people: int
    unknown: int
    form: str
    years: list[int]


@dataclass
class Results:
    """The tidy rows of every indicator plus one summary entry per indicator (and org)."""

    framework: str
    year: int | None
    by_org: bool
    rows: pd.DataFrame
    summary: list[dict[str, Any]]
    indicators: list[Indicator]
    config: Config
    datasets: list[DatasetSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trend: pd.DataFrame | None = None  # headline figures of every year with the change (see trends.py)
    benchmark: pd.DataFrame | None = None  # with by_org: each organisation's figure, rank and quartile

    def indicator(self, key: str) -> pd.DataFrame:
        """Rows of one indicator by id (e.g. "2")."""
        return self.rows.loc[self.rows["indicator"] == key]

    def headline(self, key: str, org: str = ALL) -> dict[str, Any]:
        """The summary entry of one indicator."""
        return next(s for s in self.summary if s["indicator"] == key and s["org"] == org)


@dataclass
class Loaded:
    """Inputs read once, so that several years (or breakdowns) can be computed without re-reading files."""

    framework: str
    config: Config
    indicators: list[Indicator]
    datasets: dict[str, Dataset]
    errors: list[str] = field(default_factory=list)


def compute(
    workforce: str | Path,
    *,
    recruitment: str | Path | None = None,
    board: str | Path | None = None,
    survey: str | Path | None = None,
    config: Config | str | Path | None = None,
    year: int | None = None,
    by_org: bool = False,
    framework: str = "nhs-wres",
    indicators_dirs: Iterable[str | Path] = (),
    registry: Registry | None = None,
    read_options: Mapping[str, Any] | None = None,
    trend: bool = False,
    **options: Any,
) -> Results:
    """Read the inputs and compute every indicator of ``framework``.

    ``options`` override configuration keys (e.g. ``confidence=0.9``, ``indicator_3_method="1y"``).
    ``trend=True`` adds the year-by-year trend table and, with ``by_org``, the benchmarking table.
    """
    loaded = load(
        workforce,
        recruitment=recruitment,
        board=board,
        survey=survey,
        config=config,
        framework=framework,
        indicators_dirs=indicators_dirs,
        registry=registry,
        read_options=read_options,
        **options,
    )
    results = compute_loaded(loaded, year=year, by_org=by_org)
    return with_tables(loaded, results) if trend else results


def load(
    workforce: str | Path,
    *,
    recruitment: str | Path | None = None,
    board: str | Path | None = None,
    survey: str | Path | None = None,
    config: Config | str | Path | None = None,
    framework: str = "nhs-wres",
    indicators_dirs: Iterable[str | Path] = (),
    registry: Registry | None = None,
    read_options: Mapping[str, Any] | None = None,
    **options: Any,
) -> Loaded:
    """Read the configuration, the indicators of ``framework`` and every input file given."""
    config = config if isinstance(config, Config) else load_config(config)
    config = config.with_options(**options)
    registry = registry or load_registry(indicators_dirs)
    chosen = registry.framework(framework)
    if not chosen:
        raise ConfigError(f"unknown framework {framework!r}; known: {', '.join(registry.frameworks)}")
    paths = {"workforce": workforce, "recruitment": recruitment, "board": board, "survey": survey}
    datasets = load_inputs(paths, config, **(read_options or {}))
    return Loaded(framework, config, chosen, datasets, list(registry.errors))


def compute_loaded(loaded: Loaded, *, year: int | None = None, by_org: bool = False) -> Results:
    """Compute every indicator for one reporting year from inputs already read (suppression applied)."""
    config, chosen, datasets = loaded.config, loaded.indicators, loaded.datasets
    year = reporting_year(datasets, year if year is not None else config.reporting_year)
    ctx = Context(
        config=config,
        datasets=datasets,
        year=year,
        by_org=by_org,
        warnings=[w for d in datasets.values() for w in d.warnings] + list(loaded.errors),
    )
    if by_org:
        for dataset in datasets.values():
            if found := without_org(dataset):
                ctx.warn(f"{dataset.path}: {found[0]}")
    parts = [run_indicator(ctx, indicator) for indicator in chosen]
    rows = pd.concat(parts, ignore_index=True)
    rows["year"] = rows["year"].astype("Int64")
    summary = summarise(rows, chosen)
    results = Results(
        loaded.framework,
        year,
        by_org,
        rows,
        summary,
        chosen,
        config,
        datasets=[describe_dataset(d, year) for d in datasets.values()],
        warnings=ctx.warnings,
        notes=ctx.notes,
    )
    if config.suppress:
        from .suppression import apply_suppression

        results = apply_suppression(results)
    return results


def with_tables(loaded: Loaded, results: Results) -> Results:
    """Add the trend table (every year up to the reporting year) and, by org, the benchmarking table."""
    from dataclasses import replace

    from .benchmarking import benchmark_table
    from .trends import trend_table

    return replace(
        results,
        trend=trend_table(loaded, results),
        benchmark=benchmark_table(results) if results.by_org else None,
    )


def reporting_year(datasets: Mapping[str, Dataset], chosen: int | None) -> int | None:
    """The chosen year (which must be in the workforce file), else the latest year there, else None."""
    years = datasets["workforce"].years
    if chosen is None:
        return years[-1] if years else None
    if years and chosen not in years:
        raise InputError(
            f"{datasets['workforce'].path}: no rows for reporting year {chosen}; "
            f"years in the file: {', '.join(map(str, years))}"
        )
    return chosen


def missing_need(ctx: Context, indicator: Indicator) -> str | None:
    """Why an indicator cannot be computed from the inputs given, or None."""
    for need in indicator.needs:
        name, _, column = need.partition(".")
        if not ctx.has(name):
            return f"needs {OPTION_OF.get(name, name)}"
        if column and column not in ctx.frame(name):
            return f"needs a {column!r} column in the {name} file{_unused_like(ctx, name, column)}"
    return None


def _unused_like(ctx: Context, name: str, column: str) -> str:
    """A hint naming an unused header that looks like the missing column, with the config line to map it."""
    words = [w for w in column.split("_") if len(w) > 3]
    ignored = getattr(ctx.datasets[name], "ignored", [])
    like = [h for h in ignored if any(w[:6] in h.lower().replace("-", "_").replace(" ", "_") for w in words)]
    if not like:
        return ""
    return f"; '{like[0]}' was not used: map it with columns: {{{name}: {{{column}: '{like[0]}'}}}} in the config"


def run_indicator(ctx: Context, indicator: Indicator) -> pd.DataFrame:
    """Rows of one indicator; a missing input gives a 'not computed' row, a failing plugin a warning."""
    reason = missing_need(ctx, indicator)
    if reason:
        return not_computed(indicator.id, reason, indicator.framework, ctx.year)
    if indicator.source == "built-in":
        rows = indicator.compute(ctx)
    else:
        try:
            rows = indicator.compute(ctx)
        except InputError:
            raise
        except Exception as exc:  # report a failing plugin by name; the others still run
            ctx.warn(f"indicator {indicator.key} ({indicator.source}) failed: {type(exc).__name__}: {exc}")
            return not_computed(
                indicator.id, f"failed: {type(exc).__name__}: {exc}", indicator.framework, ctx.year
            )
    rows = rows.copy()
    rows["framework"] = indicator.framework
    rows["indicator"] = indicator.id
    return rows


def summarise(rows: pd.DataFrame, indicators: list[Indicator]) -> list[dict[str, Any]]:
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
        entry = {
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
    return out


def _percents_by_key(rows: pd.DataFrame, heads: pd.DataFrame) -> tuple[dict, dict]:
    """Percent rows of the headline sections, in row order, by (indicator, org, section[, breakdown]).

    One pass instead of a scan of every row per headline (quadratic with --by org)."""
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


def _reading(indicator: Indicator, head: dict[str, Any], figures: dict[str, Any]) -> str:
    if head["status"] == "not_computed":
        return f"Not computed: {head['reason']}"
    if isinstance(head.get("value"), str):
        return f"Withheld ({head['value']}): it would reveal a count below the suppression threshold"
    if indicator.describe is None:
        return "" if head["status"] == "computed" else f"Not calculable: {head['reason']}"
    return indicator.describe(head, figures)


def describe_dataset(dataset: Dataset, year: int | None) -> DatasetSummary:
    """Rows, people and Unknown ethnicity in the reporting year (all rows when the file has no year)."""
    frame = dataset.frame
    mask = np.ones(len(frame), bool)
    if year is not None and "year" in frame and year in dataset.years:
        mask = frame["year"].to_numpy() == year
    weights = frame["count"].to_numpy()[mask]
    column = next((c for c in ("ethnicity", "disability", "characteristic") if c in frame), None)
    unknown = (frame[column] == "Unknown").to_numpy()[mask] if column else np.zeros(int(mask.sum()), bool)
    return DatasetSummary(
        dataset.name,
        str(dataset.path),
        len(frame),
        int(weights.sum()),
        int(weights[unknown].sum()),
        dataset.form,
        dataset.years,
    )

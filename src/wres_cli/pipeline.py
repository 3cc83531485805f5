"""The data path in one place: load -> run -> check -> summarise -> suppress -> trend.

``api`` is the public facade over it; ``validation`` reuses it to recompute a return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config, load_config
from wres_cli.core.errors import ConfigError, InputError
from wres_cli.core.schema import COLUMNS
from wres_cli.indicators.contract import BANK_RULE, Context, Indicator, event_file_of
from wres_cli.indicators.registry import Registry, load_registry
from wres_cli.indicators.rows import not_computed
from wres_cli.inputs.columns import EVENT_DATASETS
from wres_cli.inputs.database import DatabaseDataset, rows_without_org
from wres_cli.inputs.dataset import Dataset
from wres_cli.inputs.load import Paths, load_inputs, without_org
from wres_cli.inputs.placeholders import refuse_placeholders
from wres_cli.inputs.sources import with_configured
from wres_cli.results.checks import problems
from wres_cli.results.model import Results, describe_parts
from wres_cli.results.summary import summarise
from wres_cli.tallies.tally import summary_of

OPTION_OF = {
    "workforce": "the workforce file",
    "recruitment": "--recruitment",
    "board": "--board",
    "survey": "--survey",
    "disciplinary": "--disciplinary",
    "capability": "--capability",
    "training": "--training",
}
EVENT_INPUTS = tuple(EVENT_DATASETS)  # event files: disciplinary, capability and training cases


@dataclass
class Loaded:
    """Inputs read once, so that several years (or breakdowns) can be computed without re-reading files."""

    framework: str
    config: Config
    indicators: list[Indicator]
    datasets: dict[str, Dataset]
    errors: list[str] = field(default_factory=list)


def compute(
    workforce: Paths,
    *,
    recruitment: Paths = None,
    board: Paths = None,
    survey: Paths = None,
    disciplinary: Paths = None,
    capability: Paths = None,
    training: Paths = None,
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

    Every input may be one file or several (one per year, read as one; no year may be in two files).
    ``disciplinary``, ``capability`` and ``training`` are event files: one row per case, counted against the
    workforce snapshot. ``options`` override configuration keys (e.g. ``confidence=0.9``,
    ``indicator_3_method="1y"``). ``trend=True`` adds the year-by-year trend table and, with ``by_org``, the
    benchmarking table.
    """
    loaded = load(
        workforce,
        recruitment=recruitment,
        board=board,
        survey=survey,
        disciplinary=disciplinary,
        capability=capability,
        training=training,
        config=config,
        framework=framework,
        indicators_dirs=indicators_dirs,
        registry=registry,
        read_options=read_options,
        **options,
    )
    return compute_all(loaded, year=year, by_org=by_org, trend=trend)


def compute_all(
    loaded: Loaded, *, year: int | None = None, by_org: bool = False, trend: bool = False
) -> Results:
    """:func:`compute_loaded`, with the trend and (by org) benchmarking tables when ``trend``."""
    results = compute_loaded(loaded, year=year, by_org=by_org, protect=not trend)
    return _with_tables(loaded, results, protected_already=False) if trend else results


def load(
    workforce: Paths,
    *,
    recruitment: Paths = None,
    board: Paths = None,
    survey: Paths = None,
    disciplinary: Paths = None,
    capability: Paths = None,
    training: Paths = None,
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
    refuse_placeholders(config)
    registry = registry or load_registry(indicators_dirs)
    chosen = registry.framework(framework)
    if not chosen:
        raise ConfigError(f"unknown framework {framework!r}; known: {', '.join(registry.frameworks)}")
    paths = {
        "workforce": workforce,
        "recruitment": recruitment,
        "board": board,
        "survey": survey,
        "disciplinary": disciplinary,
        "capability": capability,
        "training": training,
    }
    refuse_detailed(config, chosen)
    datasets = load_inputs(with_configured(paths, config), config, then=summary_of, **(read_options or {}))
    return Loaded(framework, config, chosen, datasets, list(registry.errors))


def refuse_detailed(config: Config, chosen: list[Indicator]) -> None:
    """``--groups detailed`` needs ethnic groups to detail."""
    if config.groups != "detailed":
        return
    if all(i.group_column != "ethnicity" for i in chosen):
        raise ConfigError(
            "--groups detailed details ethnic groups; this framework compares another characteristic"
        )


def compute_loaded(
    loaded: Loaded, *, year: int | None = None, by_org: bool = False, protect: bool = True
) -> Results:
    """Compute every indicator for one reporting year from inputs already read (suppression applied unless
    ``protect`` is False: then the figures are for a later joint suppression, never to be published)."""
    config, chosen, datasets = loaded.config, loaded.indicators, loaded.datasets
    year = reporting_year(datasets, year if year is not None else config.reporting_year)
    ctx = Context(
        config=config,
        datasets=datasets,
        year=year,
        by_org=by_org,
        warnings=[w for d in datasets.values() for w in d.warnings] + list(loaded.errors),
        notes=list(dict.fromkeys(n for d in datasets.values() for n in d.notes)),
    )
    bank_note(ctx)
    if by_org:
        for dataset in datasets.values():
            if found := (rows_without_org if isinstance(dataset, DatabaseDataset) else without_org)(dataset):
                ctx.warn(f"{dataset.path}: {found[0]}")
    rows = pd.concat([run_indicator(ctx, indicator) for indicator in chosen], ignore_index=True)
    rows["year"] = rows["year"].astype("Int64")
    summary = summarise(rows, chosen)  # the standard's groups: detailed ones have rows of their own
    if config.groups == "detailed":
        from wres_cli.results.detailed import NOTE

        rows = pd.concat([rows, detailed_rows(loaded, rows, year, by_org)], ignore_index=True)
        rows["year"] = rows["year"].astype("Int64")
        ctx.note(NOTE)
    results = Results(
        loaded.framework,
        year,
        by_org,
        rows,
        summary,
        tuple(chosen),
        config,
        datasets=tuple(part for d in datasets.values() for part in describe_parts(d, year)),
        warnings=tuple(dict.fromkeys(ctx.warnings)),
        notes=tuple(dict.fromkeys(ctx.notes)),  # once each, also when a plugin appends to ctx.notes itself
    )
    if protect and config.suppress:
        results = protected_years(loaded, results)[results.year]
    return results


def protected_years(loaded: Loaded, results: Results) -> dict[int | None, Results]:
    """``results`` (not yet suppressed) and every earlier year of the workforce file, suppressed as one system
    of counts with the single years behind every pooled two-year figure among the equations.

    A year's suppression is the same whether or not the trend is asked for: a table published without
    ``--trend`` and one published with it cannot be set side by side to give a count back."""
    from wres_cli.results.suppression import protect_together

    runs, behind = _publication(loaded, results)
    return {run.year: run for run in protect_together(runs, behind)}


def _publication(loaded: Loaded, results: Results) -> tuple[list[Results], pd.DataFrame | None]:
    """Everything one publication shows before suppression (``results`` and every earlier year), and the
    rows behind its pooled figures."""
    years = [y for y in loaded.datasets["workforce"].years if results.year is None or y < results.year]
    runs = [compute_loaded(loaded, year=y, by_org=results.by_org, protect=False) for y in years]
    runs.append(results)
    return runs, _single_years(loaded, runs)


def disclosure_check(loaded: Loaded, *, year: int | None = None, by_org: bool = False):
    """What a reader could still work out from everything a suppressed run of these inputs and options
    publishes (see :mod:`wres_cli.results.disclosure_audit`)."""
    from wres_cli.results.disclosure_audit import audit
    from wres_cli.results.suppression import protect_together

    if not loaded.config.suppress:
        raise ConfigError("disclosure-check needs the threshold the publication uses: give --suppress N")
    plain = compute_loaded(loaded, year=year, by_org=by_org, protect=False)
    runs, behind = _publication(loaded, plain)
    return audit(runs, protect_together(runs, behind), behind)


def _single_years(loaded: Loaded, runs: list[Results]) -> pd.DataFrame | None:
    """The single-year figures behind each pooled two-year figure of ``runs``: computed, never published, so
    that a pooled count is known to be the sum of its years (one of which the trend may show)."""
    from dataclasses import replace

    from wres_cli.results.disclosure_cells import years_counted

    wanted: dict[int, set[tuple]] = {}
    for run in runs:
        keys = zip(run.rows["framework"], run.rows["indicator"], years_counted(run.rows), strict=True)
        for framework, indicator, counted in keys:
            for one in counted if len(counted) > 1 else ():
                wanted.setdefault(one, set()).add((framework, indicator))
    available = set(loaded.datasets["workforce"].years)
    frames = []
    for one, ids in sorted(wanted.items()):
        if one not in available:
            continue
        chosen = [i for i in loaded.indicators if (i.framework, i.id) in ids]
        single = replace(
            loaded, config=loaded.config.with_options(indicator_3_method="1y"), indicators=chosen
        )
        frames.append(compute_loaded(single, year=one, by_org=runs[0].by_org, protect=False).rows)
    return pd.concat(frames, ignore_index=True) if frames else None


def detailed_rows(loaded: Loaded, broad: pd.DataFrame, year: int | None, by_org: bool) -> pd.DataFrame:
    """The rows ``--groups detailed`` adds: every indicator again on views of the same inputs (see
    :mod:`wres_cli.results.detailed`)."""
    from dataclasses import replace

    from wres_cli.results import detailed

    def rows_on(view) -> pd.DataFrame:
        datasets = {
            name: replace(d, frame=view(d.frame), row_lines=None, parts=())
            if "census_group" in d.frame
            else d
            for name, d in loaded.datasets.items()
        }
        ctx = Context(config=loaded.config, datasets=datasets, year=year, by_org=by_org)
        return pd.concat(
            [run_indicator(ctx, indicator) for indicator in loaded.indicators], ignore_index=True
        )

    present = detailed.groups_present([d.frame for d in loaded.datasets.values()])
    parts = [detailed.shares(rows_on(detailed.census_view), broad, present)]
    for group in present:
        one = rows_on(lambda frame, group=group: detailed.one_group_view(frame, group))
        parts.append(detailed.comparisons(one, group, broad))
    rows = pd.concat(parts, ignore_index=True)
    order = {indicator.id: i for i, indicator in enumerate(loaded.indicators)}
    rows = rows.iloc[np.argsort(rows["indicator"].map(order).to_numpy(), kind="stable")]
    return detailed.with_holm(rows.reset_index(drop=True))


def with_tables(loaded: Loaded, results: Results) -> Results:
    """Add the trend table (every year up to the reporting year) and, by org, the benchmarking table.

    Under suppression every year is computed again and all years are protected together."""
    return _with_tables(loaded, results, protected_already=True)


def _with_tables(loaded: Loaded, results: Results, *, protected_already: bool) -> Results:
    from dataclasses import replace

    from wres_cli.results.benchmarking import benchmark_table
    from wres_cli.results.trends import trend_table

    if loaded.config.suppress:
        if protected_already:  # its figures are needed as they were before suppression
            results = compute_loaded(loaded, year=results.year, by_org=results.by_org, protect=False)
        by_year = protected_years(loaded, results)
        results = by_year[results.year]
    else:
        years = [y for y in loaded.datasets["workforce"].years if results.year is None or y <= results.year]
        by_year = {
            year: results
            if year == results.year
            else compute_loaded(loaded, year=year, by_org=results.by_org)
            for year in years or [results.year]
        }
    available = {name: dataset.years for name, dataset in loaded.datasets.items()}
    return replace(
        results,
        trend=trend_table(results, by_year, available),
        benchmark=benchmark_table(results) if results.by_org else None,
    )


def bank_note(ctx: Context) -> None:
    """Say how many bank-only staff the reporting year's figures leave out, and why (one rule for all)."""
    frame = ctx.frame("workforce")
    if "bank" not in frame:
        return
    bank = frame["bank"].to_numpy()
    if ctx.year is not None and "year" in frame:
        bank = bank & (frame["year"].to_numpy() == ctx.year)
    people = int(frame["count"].to_numpy()[bank].sum())
    when = f" in {ctx.year}" if ctx.year is not None and "year" in frame else ""
    ctx.note(f"{people:,} bank-only staff{when} not counted: {BANK_RULE}")


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
        if column and name == "workforce" and event_file_of(ctx, column):
            continue  # counted from the event file given
        if column and column not in ctx.frame(name):
            event = next((d for d, c in EVENT_DATASETS.items() if c == column), None)
            if event:
                return (
                    f"needs a {column!r} column in the {name} file, or the cases as {OPTION_OF[event]} "
                    f"FILE{_unused_like(ctx, name, column)}"
                )
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
    """Rows of one indicator; a missing input gives a 'not computed' row, a failing plugin or one whose rows do
    not fit the tidy schema a warning naming it (the other indicators still run). A built-in indicator that
    fails either way is a defect in wres-cli and raises."""
    reason = missing_need(ctx, indicator)
    if reason:
        return not_computed(indicator.id, reason, indicator.framework, ctx.year)
    builtin = indicator.source == "built-in"
    try:
        rows = indicator.compute(ctx)
    except InputError:
        raise
    except Exception as exc:  # report a failing plugin by name; the others still run
        if builtin:
            raise
        ctx.warn(f"{_plugin(indicator)} failed: {type(exc).__name__}: {exc}")
        return not_computed(
            indicator.id, f"failed: {type(exc).__name__}: {exc}", indicator.framework, ctx.year
        )
    found = problems(rows)
    if found:
        if builtin:
            raise RuntimeError(
                f"built-in indicator {indicator.key} returned malformed rows: {'; '.join(found)}"
            )
        ctx.warn(
            f"{_plugin(indicator)} returned rows that do not fit the tidy schema ({'; '.join(found)}), so it is "
            "shown as not computed; build its rows with the wres_cli row builders (docs/writing-an-indicator.md)"
        )
        return not_computed(
            indicator.id, f"its rows were rejected: {'; '.join(found)}", indicator.framework, ctx.year
        )
    rows = rows[list(COLUMNS)].copy()  # columns of its own stay with the plugin
    rows["framework"] = indicator.framework
    rows["indicator"] = indicator.id
    return rows


def _plugin(indicator: Indicator) -> str:
    """'indicator local:L2 from /path/leavers.py (directory /path)': where to look for the fix."""
    origin = f" from {indicator.origin}" if indicator.origin else ""
    return f"indicator {indicator.key}{origin} ({indicator.source})"

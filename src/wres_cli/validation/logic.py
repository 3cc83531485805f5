"""Checks across rows and files of `wres validate`, on the Datasets the file checks mapped: reporting years,
appointments, people, boards, organisations and the data-quality warnings. Every check is vectorised; a loop
runs once per year, organisation or board, never per row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.core.errors import WresError
from wres_cli.inputs.categories import yes_no
from wres_cli.inputs.columns import EVENT_DATASETS, EVENT_FLAGS
from wres_cli.inputs.dataset import Dataset
from wres_cli.inputs.grouped import GroupedDataset
from wres_cli.inputs.load import with_events, without_org
from wres_cli.inputs.people import id_codes, repeated_people
from wres_cli.inputs.placeholders import placeholders
from wres_cli.inputs.values import FIRST_LINES
from wres_cli.validation.catalog import LIMIT
from wres_cli.validation.collector import Checked, Collector, Target
from wres_cli.validation.files import without_path


def _rows_in(ds: Dataset, year: int | None) -> np.ndarray:
    """Rows of the reporting year (all rows when the file has no year or not that year)."""
    if year is None or "year" not in ds.frame or year not in ds.years:
        return np.ones(len(ds.frame), bool)
    return ds.frame["year"].to_numpy() == year


def check_logic(
    c: Collector, datasets: Mapping[str, Dataset], checked: Mapping[str, Checked | None], target: Target
) -> None:
    """Checks across rows and files: E205, E208, E209, E301-E303, E306-E309 and the data-quality warnings.

    Checks that name lines run on each file of a dataset given as several (one per year), the others on the
    dataset as a whole."""
    config = target.config
    thresholds = config.thresholds
    check_placeholders(c, config)
    for ds in datasets.values():
        c.notes.extend(n for n in ds.notes if n not in c.notes)
    files = {name: _files(checked.get(name), ds) for name, ds in datasets.items()}
    wf = datasets.get("workforce")
    ids = None  # person IDs are hashed while the checks below run (E302 needs them last)
    if wf is not None and not wf.parts and "person_id" in wf.frame and "count" not in wf.columns:
        ids = _in_background(id_codes, wf.frame["person_id"])
    years = wf.years if wf is not None else []
    chosen = target.year if target.year is not None else config.reporting_year
    c.check("E205", "E208")
    if wf is not None and chosen is not None and years and chosen not in years:
        c.add(
            "E208",
            wf.label,
            f"no rows for reporting year {chosen}; years in the file: {', '.join(map(str, years))}",
            column=wf.columns.get("year"),
        )
    year = chosen if chosen is not None and chosen in years else (years[-1] if years else None)
    for ds in (part for parts in files.values() for part in parts):
        if "year" not in ds.frame:
            continue
        y = ds.frame["year"].to_numpy()
        outside = (y >= 0) & ((y < thresholds.min_year) | (y > thresholds.max_year))
        for value in np.unique(y[outside])[:LIMIT]:
            positions = np.flatnonzero(y == value)
            at = ", ".join(str(n) for n in ds.line(positions[:FIRST_LINES]))
            plural = "s" if positions.size > 1 else ""
            c.add(
                "E205",
                ds.path,
                f"year {value} is outside {thresholds.min_year}-{thresholds.max_year} "
                f"({positions.size:,} row{plural}, first at line{plural} {at})",
                ds.line(positions[:1])[0],
                ds.columns.get("year"),
            )
    for part in files.get("recruitment", []):
        check_recruitment(c, part)
    people_at = len(c.findings)  # E302 is listed here, but worked out last
    if wf is not None:
        check_two_year(c, wf, config, year, target.by_org)
        check_headcount(c, wf, thresholds.headcount_change)
    if "board" in datasets:
        check_board(c, datasets["board"])
    if target.by_org:
        check_orgs(c, datasets, year)
    check_unknown(c, datasets, thresholds.unknown_share)
    check_small_groups(c, datasets, year, thresholds.small_group, target.by_org)
    for ch in checked.values():
        for one in (ch.parts or [ch]) if ch is not None else []:
            if one.dataset is not None and one.dataset.form == "records":
                check_blank_flags(c, one)
    if wf is not None:
        later = Collector()
        for part in files["workforce"]:
            check_people(later, part, ids if part is wf else None)
        c.findings[people_at:people_at] = later.findings
        c.ran |= later.ran
    check_events(c, datasets)


def _files(checked: Checked | None, ds: Dataset) -> list[Dataset]:
    """The dataset of each file of an input (one, or one per year), for the checks that name lines."""
    if checked is None or not checked.parts:
        return [ds]
    return [p.dataset for p in checked.parts if p.dataset is not None]


def check_placeholders(c: Collector, config: Config) -> None:
    """E209: a value mapping of the configuration left empty (as `wres init` writes it) or mapped to "Non AfC"."""
    c.check("E209")
    for found in placeholders(config):
        c.add("E209", config.source, found.message, found.line, ".".join(found.keys[:1]))


def check_events(c: Collector, datasets: Mapping[str, Dataset]) -> None:
    """E308: event files whose cases cannot be counted (a person ID not in the workforce, no year), as
    `wres compute` would refuse them; their notes (what is and is not counted) are passed on."""
    for name in EVENT_DATASETS:
        if name not in datasets:
            continue
        c.check("E308")
        cases = datasets[name]
        if "workforce" not in datasets:
            return
        try:
            counted = with_events({"workforce": datasets["workforce"], name: cases})[name]
        except WresError as exc:
            c.add("E308", cases.label, without_path(cases.label, str(exc)))
            continue
        c.notes.extend(n for n in counted.notes if n not in c.notes)


def check_recruitment(c: Collector, ds: Dataset) -> None:
    """E301: an appointed applicant who was not shortlisted."""
    if "shortlisted" not in ds.columns:
        return
    c.check("E301")
    f = ds.frame
    bad = (f["appointed"].to_numpy() == 1) & (f["shortlisted"].to_numpy() == 0) & (f["count"].to_numpy() > 0)
    c.rows(
        "E301",
        ds.path,
        ds.line(np.flatnonzero(bad)),
        ds.columns["appointed"],
        lambda i: "appointed but not shortlisted",
        "appointed but not shortlisted",
    )


def _in_background(work: Callable[..., Any], *args: Any) -> Future:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-check")
    try:
        return pool.submit(work, *args)
    finally:
        pool.shutdown(wait=False)


def check_people(c: Collector, ds: Dataset, codes: Future | None = None) -> None:
    """E302: the same person ID twice in one reporting year (record-level files with an ID column)."""
    if isinstance(ds, GroupedDataset) and ds.ids_checked:
        c.check("E302")  # checked while it was read: a repeat would have had it read whole
        return
    found = repeated_people(ds, codes.result() if codes is not None else None)
    if found is None:
        return
    c.check("E302")
    if not found:
        return
    f = ds.frame
    lines, first_lines = ds.line(found.again), ds.line(found.first)
    ids = f["person_id"].to_numpy(dtype=object)[found.again]
    yrs = f["year"].to_numpy()[found.again] if "year" in f else None
    c.rows(
        "E302",
        ds.path,
        lines,
        ds.columns["person_id"],
        lambda i: (
            f"person ID {str(ids[i])!r} is already at line {first_lines[i]}"
            + (f" for {yrs[i]}" if yrs is not None and yrs[i] >= 0 else "")
        ),
        "person ID repeated in the same year",
    )


def check_board(c: Collector, ds: Dataset) -> None:
    """E303: a board (per organisation and year) with no voting or no executive members."""
    c.check("E303")
    f = ds.frame
    keys = [k for k in ("org", "year") if k in f]
    weights = f.assign(voting=f["voting"] * f["count"], executive=f["executive"] * f["count"])
    sums = weights.groupby(keys, observed=True)[["voting", "executive"]].sum() if keys else None
    if sums is None:
        sums = pd.DataFrame([weights[["voting", "executive"]].sum()], index=["the board"])
    for label, row in sums.iterrows():  # one iteration per board, not per person
        where = ", ".join(map(str, label)) if isinstance(label, tuple) else str(label)
        for kind in ("voting", "executive"):
            if row[kind] == 0:
                c.add("E303", ds.label, f"{where}: no {kind} members", column=ds.columns[kind])


def check_two_year(c: Collector, ds: Dataset, config: Config, year: int | None, by_org: bool) -> None:
    """E306: indicator 3's two-year method needs the previous year's rows."""
    if "disciplinary" not in ds.frame or config.indicator_3_method == "1y":
        return
    c.check("E306")
    method = config.indicator_3_method
    if year is None:
        c.add("E306", ds.label, f"no year column, so indicator 3's {method} method has no previous year")
        return
    if year - 1 not in ds.years:
        c.add(
            "E306", ds.label, f"no {year - 1} rows for indicator 3's {method} method (reporting year {year})"
        )
        return
    if by_org and "org" in ds.frame:
        f = ds.frame
        now = set(f.loc[f["year"] == year, "org"].dropna().unique())
        before = set(f.loc[f["year"] == year - 1, "org"].dropna().unique())
        for org in sorted(map(str, now - before))[:LIMIT]:
            c.add(
                "E306",
                ds.label,
                f"organisation {org!r} has no {year - 1} rows for indicator 3's {method} method",
            )


def check_orgs(c: Collector, datasets: Mapping[str, Dataset], year: int | None) -> None:
    """E307: under --by org, an organisation present in one file and absent from another; W405: rows with
    no organisation."""
    c.check("E307", "W405")
    orgs = {}
    for name, ds in datasets.items():
        if found := without_org(ds):
            c.add("W405", ds.label, found[0], None if ds.parts else found[1], ds.columns.get("org"))
        if "org" in ds.frame:
            orgs[name] = set(map(str, ds.frame["org"].loc[_rows_in(ds, year)].dropna().unique()))
    if not orgs:
        return
    for name, ds in datasets.items():
        if name not in orgs:
            c.add("E307", ds.label, "no organisation column; with --by org every file needs one")
            continue
        for org in sorted(set().union(*orgs.values()) - orgs[name])[:LIMIT]:
            elsewhere = ", ".join(n for n in orgs if org in orgs[n])
            c.add("E307", ds.label, f"organisation {org!r} is in the {elsewhere} file(s) but not in this one")


def check_unknown(c: Collector, datasets: Mapping[str, Dataset], share: float) -> None:
    """W401: Unknown ethnicity above the threshold in any dataset (per year when it has several)."""
    c.check("W401")
    for ds in datasets.values():
        if ds.form != "records" or "ethnicity" not in ds.frame:
            continue
        f = ds.frame
        unknown = (f["ethnicity"] == "Unknown").to_numpy() * f["count"].to_numpy()
        by = f["year"].to_numpy() if "year" in f else np.zeros(len(f), int)
        table = pd.DataFrame({"by": by, "unknown": unknown, "all": f["count"].to_numpy()}).groupby("by").sum()
        for key, row in table.iterrows():  # one iteration per year
            if row["all"] and row["unknown"] / row["all"] > share:
                when = f" in {key}" if "year" in f else ""
                c.add(
                    "W401",
                    ds.label,
                    f"{row['unknown'] / row['all']:.1%} of {int(row['all']):,} have Unknown ethnicity{when} "
                    f"(threshold {share:.0%})",
                    column=ds.columns.get("ethnicity"),
                )


def check_small_groups(
    c: Collector, datasets: Mapping[str, Dataset], year: int | None, small: int, by_org: bool
) -> None:
    """W402: fewer than ``small`` White or BME people behind a relative likelihood (indicators 2-4)."""
    c.check("W402")
    behind = []
    if "recruitment" in datasets:
        behind.append((datasets["recruitment"], "shortlisted", "shortlisted applicants behind indicator 2"))
    wf = datasets.get("workforce")
    if wf is not None and {"disciplinary", "non_mandatory_training"} & set(wf.frame.columns):
        behind.append((wf, None, "staff behind indicators 3 and 4"))
    for ds, flag, what in behind:
        if "ethnicity" not in ds.frame:
            continue
        f = ds.frame
        weight = f["count"].to_numpy() * (f[flag].to_numpy() if flag else 1)
        if "bank" in f:  # bank-only staff are in no ratio
            weight = weight * ~f["bank"].to_numpy()
        people = _sums(f, _rows_in(ds, year), weight, by_org, "ethnicity")
        counts = {(org, group): n for org, group, n in people.itertuples(index=False)}
        for org in sorted(set(people["org"]))[:LIMIT]:
            for group in ("White", "BME"):
                n = int(counts.get((org, group), 0))
                if n < small:
                    where = f"{org}: " if org else ""
                    c.add("W402", ds.label, f"{where}only {n} {group} {what} (fewer than {small})")


def _sums(f: pd.DataFrame, rows: np.ndarray, weight: np.ndarray, by_org: bool, key: str) -> pd.DataFrame:
    """org (text; "" without a breakdown), ``key`` and n = ``weight`` summed over ``rows``, for each pair
    present, sorted by org then ``key``. Counted on integer codes, so no text is made per row."""
    orgs = _dense_codes(f["org"]) if by_org and "org" in f else (np.zeros(len(f), np.int64), pd.Index([""]))
    keys = _dense_codes(f[key])
    kept = rows & (orgs[0] >= 0) & (keys[0] >= 0)  # blank org or key: not counted
    pair = orgs[0][kept].astype(np.int64) * len(keys[1]) + keys[0][kept]
    size = len(orgs[1]) * len(keys[1])
    present = np.flatnonzero(np.bincount(pair, minlength=size))
    n = np.bincount(pair, weights=weight[kept], minlength=size)[present]  # whole counts: exact in float64
    values = keys[1][present % len(keys[1])]
    sums = pd.DataFrame(
        {
            "org": [str(o) for o in orgs[1][present // len(keys[1])]],
            key: [str(v) for v in values] if isinstance(f[key].dtype, pd.CategoricalDtype) else values,
            "n": n.round().astype(np.int64),
        }
    )
    return sums.sort_values(["org", key], kind="stable", ignore_index=True)


def _dense_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(a code per row, -1 for missing; the value of each code), straight from category codes or small
    integers (years) without hashing; pd.factorize otherwise."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    numbers = values.to_numpy()
    if numbers.dtype.kind in "iu" and numbers.size and int(numbers.max()) - int(numbers.min()) < 1 << 20:
        low = int(numbers.min())
        return numbers.astype(np.int64) - low, pd.Index(np.arange(low, int(numbers.max()) + 1))
    return pd.factorize(values)


def check_headcount(c: Collector, ds: Dataset, change: float) -> None:
    """W403: headcount (per organisation) changing by more than ``change`` from one year to the next."""
    if "year" not in ds.frame:
        return
    c.check("W403")
    f = ds.frame
    heads = _sums(f, f["year"].to_numpy() >= 0, f["count"].to_numpy(), True, "year")
    heads["before"] = heads.groupby("org")["n"].shift()
    heads["gap"] = heads["year"] - heads.groupby("org")["year"].shift()
    jumps = heads.loc[(heads["gap"] == 1) & (abs(heads["n"] / heads["before"] - 1) > change)]
    for row in jumps.head(LIMIT).itertuples():
        where = f"{row.org}: " if row.org else ""
        c.add(
            "W403",
            ds.label,
            f"{where}headcount {int(row.before):,} in {row.year - 1} -> {int(row.n):,} in {row.year} "
            f"({row.n / row.before - 1:+.0%}, threshold {change:.0%})",
            column=ds.columns.get("year"),
        )


def check_blank_flags(c: Collector, checked: Checked) -> None:
    """W404: blank yes/no values, which count as No."""
    c.check("W404")
    for flag in EVENT_FLAGS:
        header = checked.columns.get(flag)
        if header is None or header not in checked.raw:
            continue
        blank = _blank_flags(checked.raw[header])
        if blank.any():
            positions = np.flatnonzero(blank)
            lines = checked.lines[positions[:FIRST_LINES]]
            c.add(
                "W404",
                checked.path,
                f"{positions.size:,} blank value(s) counted as No (first at line(s) "
                f"{', '.join(map(str, lines))})",
                lines[0],
                header,
            )


def _blank_flags(raw: pd.Series) -> np.ndarray:
    """The rows whose yes/no value `wres compute` counts as No for want of one: no value, or one that means none
    (an empty or spaced-out text, as a Parquet file or a spreadsheet holds it); not the values that are no
    yes/no at all, which are errors of their own (E108)."""
    mapped = yes_no(raw)
    blank = mapped.values.isna().to_numpy()
    if mapped.unmapped:
        stripped = raw.astype("string").str.strip()
        blank = blank & ~stripped.isin(mapped.unmapped).to_numpy(dtype=bool, na_value=False)
    return blank

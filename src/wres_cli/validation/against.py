"""`wres validate --against RETURN.csv`: a return written by `wres compute --format csv` checked against its own
counts and against a recomputation of the inputs through :mod:`wres_cli.pipeline`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from wres_cli.core.errors import ConfigError, WresError
from wres_cli.inputs.dataset import Dataset
from wres_cli.validation.collector import Collector, Target

RETURN_KEY = ("framework", "indicator", "org", "year", "section", "breakdown", "group", "measure")
FIGURES = ("numerator", "denominator", "value", "ci_low", "ci_high")
RATIOS = ("relative_likelihood", "ratio_of_percents")


def read_return(text_or_path: Path | str) -> pd.DataFrame:
    """A CSV written by `wres compute --format csv`, every field as text ("" when blank)."""
    source = io.StringIO(text_or_path) if isinstance(text_or_path, str) else text_or_path
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    return frame.apply(lambda s: s.str.strip())


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def check_return(c: Collector, path: Path, target: Target, datasets: Mapping[str, Dataset] | None) -> None:
    """E601-E605: the return's figures against its own counts and against a recomputation from the inputs."""
    c.check("E601", "E602", "E603", "E604", "E605")
    try:
        ret = read_return(path)
    except FileNotFoundError:
        c.add("E101", path, "no such file; check the path")
        return
    except pd.errors.EmptyDataError:
        c.add("E102", path, "the file is empty")
        return
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        c.add("E101", path, f"cannot be read as CSV ({str(exc).splitlines()[0]})")
        return
    missing = [col for col in (*RETURN_KEY, *FIGURES, "status", "note") if col not in ret.columns]
    if missing or ret.empty:
        what = f"columns {', '.join(missing)} are missing" if missing else "no rows"
        c.add("E605", path, f"{what}; this is not a CSV written by `wres compute --format csv`", 1)
        return
    ret.index = ret.index + 2  # file lines: the header is line 1
    check_consistency(c, path, ret, target.tolerance)
    if datasets is None:
        c.notes.append(f"{path}: figures not recomputed, because the inputs have errors")
        return
    try:
        fresh = recompute(ret, datasets, target)
    except WresError as exc:
        c.add("E100", path, f"the inputs could not be recomputed: {exc}")
        return
    compare(c, path, ret, fresh, target.tolerance)


def recompute(ret: pd.DataFrame, datasets: Mapping[str, Dataset], target: Target) -> pd.DataFrame:
    """The inputs computed for the return's framework, year and breakdown, as `wres compute --format csv`."""
    from wres_cli import pipeline
    from wres_cli.indicators.registry import load_registry
    from wres_cli.inputs.load import with_events
    from wres_cli.results.tidy import tidy_frame

    frameworks = [f for f in ret["framework"].unique() if f]
    framework = frameworks[0] if len(frameworks) == 1 else target.framework
    years = [int(y) for y in ret["year"].unique() if y.isdigit()]
    year = target.year if target.year is not None else (years[0] if len(years) == 1 else None)
    has_org = any("org" in ds.frame for ds in datasets.values())
    by_org = target.by_org or (has_org and bool((ret["org"] != "All").any()))
    registry = load_registry(target.indicators_dirs)
    chosen = registry.framework(framework)
    if not chosen:
        raise ConfigError(f"unknown framework {framework!r}; known: {', '.join(registry.frameworks)}")
    loaded = pipeline.Loaded(framework, target.config, chosen, with_events(datasets), list(registry.errors))
    results = pipeline.compute_loaded(loaded, year=year, by_org=by_org)
    buffer = io.StringIO()  # the same text a CSV return holds, so that both are read back alike
    tidy_frame(results).to_csv(buffer, index=False, lineterminator="\n")
    return read_return(buffer.getvalue())


def _operands(ret: pd.DataFrame) -> pd.DataFrame:
    """Ratio and difference rows with the percent rows their value is made of (left, right)."""
    from wres_cli.statistics.proportions import HALDANE_NOTE

    base = ["framework", "indicator", "org", "year", "section"]
    pct = ret.loc[ret["measure"] == "percent", [*base, "breakdown", "group"]].assign(
        p=_num(ret, "value")[ret["measure"] == "percent"]
    )
    pct = pct.drop_duplicates([*base, "breakdown", "group"])
    rows = ret.loc[ret["measure"].isin([*RATIOS, "difference_pp"]) & (ret["status"] == "computed")]
    rows = rows.loc[~rows["note"].str.contains(HALDANE_NOTE, regex=False)]
    rows = rows.assign(line=rows.index, v=_num(rows, "value"))
    sign = np.where(rows["measure"] == "difference_pp", " − ", " ÷ ")
    by_group = pd.Series(
        [g.count(s) == 1 for g, s in zip(rows["group"], sign, strict=True)], index=rows.index
    )
    parts = rows["group"].str.split(r" ÷ | − ", n=1, regex=True, expand=True).reindex(columns=[0, 1])
    left = rows.assign(
        bl=rows["breakdown"],
        gl=parts[0],
        sl=rows["section"],
        br=rows["breakdown"],
        gr=parts[1],
        sr=rows["section"],
    )
    left = left.loc[by_group]
    # indicator 9 style: breakdown "Board − workforce", group BME -> Board % minus the workforce %
    other = rows.loc[~by_group & rows["breakdown"].str.endswith(" − workforce")]
    other = other.assign(
        bl=other["breakdown"].str.removesuffix(" − workforce"),
        gl=other["group"],
        sl=other["section"],
        br="All staff",
        gr=other["group"],
        sr="Overall workforce",
    )
    pairs = pd.concat([left, other])
    keys = ["framework", "indicator", "org", "year"]
    for side in ("l", "r"):
        right = pct.rename(
            columns={"breakdown": f"b{side}", "group": f"g{side}", "section": f"s{side}", "p": f"p{side}"}
        )
        pairs = pairs.merge(right, on=[*keys, f"s{side}", f"b{side}", f"g{side}"], how="left")
    return pairs


def check_consistency(c: Collector, path: Path, ret: pd.DataFrame, tol: float) -> None:
    """E602: percents that are not 100 x numerator / denominator; ratios and differences that are not made of
    their own group percentages (an inverted ratio or a reversed difference says so)."""
    num, den, val = _num(ret, "numerator"), _num(ret, "denominator"), _num(ret, "value")
    percent = (ret["measure"] == "percent").to_numpy() & np.isfinite(num) & (den > 0) & np.isfinite(val)
    expected = 100 * np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)
    bad = percent & (np.abs(val - expected) > tol)
    shown = ret.loc[bad, ["numerator", "denominator", "value"]].to_numpy()
    exp = expected[bad]
    c.rows(
        "E602",
        path,
        ret.index.to_numpy()[bad],
        "value",
        lambda i: f"percent {shown[i][2]} but {shown[i][0]} / {shown[i][1]} gives {exp[i]:.4f}",
        "percent inconsistent with its numerator and denominator",
    )
    pairs = _operands(ret)
    if pairs.empty:
        return
    ratio = pairs["measure"].isin(RATIOS).to_numpy()
    pl, pr, v = pairs["pl"].to_numpy(float), pairs["pr"].to_numpy(float), pairs["v"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.where(ratio, pl / pr, pl - pr)
    known = np.isfinite(want) & np.isfinite(v)
    off = known & (np.abs(v - want) > tol)
    with np.errstate(divide="ignore", invalid="ignore"):
        flipped = np.where(ratio, np.abs(v * want - 1) <= tol, np.abs(v + want) <= tol)
    groups_ = pairs["group"].to_numpy(dtype=object)
    lines = pairs["line"].to_numpy()[off]
    v, want, flipped, groups_ = v[off], want[off], flipped[off], groups_[off]
    c.rows(
        "E602",
        path,
        lines,
        "value",
        lambda i: (
            f"{groups_[i]} is {v[i]:g} but its group percentages give {want[i]:.4f}"
            + ("; it looks inverted" if flipped[i] else "")
        ),
        "ratio or difference inconsistent with its group percentages",
    )


def compare(c: Collector, path: Path, ret: pd.DataFrame, fresh: pd.DataFrame, tol: float) -> None:
    """E601 figures differing beyond ``tol``, E603 rows only in the return, E604 rows only recomputed."""
    key = list(RETURN_KEY)
    ret = ret.assign(line=ret.index).drop_duplicates(key)
    both = ret.merge(fresh.drop_duplicates(key), on=key, how="outer", suffixes=("", "_new"), indicator=True)
    text = both[key].fillna("")
    label = ("indicator " + text["indicator"]).str.cat([text[k] for k in key[2:]], sep=", ")
    label = label.str.replace(r"(?:, )+(?=, )", "", regex=True)  # blank parts
    extra = (both["_merge"] == "left_only").to_numpy()
    names = label.to_numpy(dtype=object)
    c.rows(
        "E603",
        path,
        both["line"].to_numpy()[extra],
        None,
        lambda i, n=names[extra]: f"row not produced by the inputs: {n[i]}",
        "row not produced by the inputs",
    )
    lacking = (both["_merge"] == "right_only").to_numpy()
    c.rows(
        "E604",
        path,
        np.full(int(lacking.sum()), -1),
        None,
        lambda i, n=names[lacking]: f"recomputed row missing from the return: {n[i]}",
        "recomputed row missing from the return",
    )
    common = both.loc[both["_merge"] == "both"]
    for column in FIGURES:
        old, new = common[column].to_numpy(dtype=object), common[f"{column}_new"].to_numpy(dtype=object)
        a, b = _num(common, column), _num(common, f"{column}_new")
        numeric = np.isfinite(a) & np.isfinite(b)
        differs = np.where(numeric, np.abs(a - b) > tol, old != new)
        where = np.flatnonzero(differs)
        what = common["line"].to_numpy()[where]
        c.rows(
            "E601",
            path,
            what,
            column,
            lambda i, o=old[where], n=new[where], r=names[both["_merge"].to_numpy() == "both"][where], k=column: (
                f"{k} {o[i] or '(blank)'} in the return, {n[i] or '(blank)'} recomputed ({r[i]})"
            ),
            f"{column} differs from the recomputed figure",
        )

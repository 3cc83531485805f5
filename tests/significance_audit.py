"""Does the printed word "significant" agree with the printed p-value? A count over random tables and the
sample data, through the row builders and readings the tool publishes.

    .venv/bin/python tests/significance_audit.py            # the code in this checkout

The same script measures any other version of the package, e.g. the last commit:

    mkdir -p /tmp/wres-head && git archive HEAD src indicators | tar -x -C /tmp/wres-head
    PYTHONPATH=/tmp/wres-head/src .venv/bin/python tests/significance_audit.py

It uses only names every version has (the row builders, ``describe_likelihood``, ``describe_percent_gap``, the
command line), so what it counts is what each version prints. For every figure:

- ``word``: the row's ``significant`` is shown (True or False);
- ``word_without_p``: shown with no p-value beside it;
- ``word_vs_p``: shown, with a p-value, and the two disagree (significant but p >= alpha, or not but p < alpha);
- ``word_vs_fisher``: where no p-value is printed, the word against Fisher's exact p of the same table (the
  p-value the earlier versions printed for a ratio);
- ``hidden_p_below_alpha``: "not calculable" although the p-value printed beside it (or, without one,
  Fisher's) is below alpha;
- ``reading_vs_p``: the reading's "statistically significant" / "not statistically significant" against the
  row's p-value (or, without one, Fisher's), and ``reading_p_vs_word``: against the p printed in the reading.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

ROOT = Path(__file__).resolve().parent.parent
SEED, COUNT, MOST, ALPHA = 2026, 10_000, 100, 0.05
KINDS = ("relative likelihood", "survey gap", "survey ratio of percentages")
SAMPLE = {
    "nhs-wres": ["workforce.csv", "--recruitment", "recruitment.csv", "--board", "board.csv", "--survey", "survey.csv"],
    "sc-wres": [
        "sc-wres/workforce.csv", "--framework", "sc-wres", "-c", "sc-wres/wres.yaml",
        "--recruitment", "sc-wres/recruitment.csv", "--survey", "sc-wres/survey.csv",
    ],
    "wdes": [
        "wdes/workforce.csv", "--framework", "wdes", "--recruitment", "wdes/recruitment.csv",
        "--board", "wdes/board.csv", "--survey", "wdes/survey.csv",
    ],
}  # fmt: skip


def random_tables(seed: int = SEED, count: int = COUNT, most: int = MOST):
    """``count`` tables: group sizes uniform on 1..most, events uniform on 0..n (zeros and 100% included)."""
    rng = np.random.default_rng(seed)
    n1, n2 = rng.integers(1, most + 1, count), rng.integers(1, most + 1, count)
    return rng.integers(0, n1 + 1), n1, rng.integers(0, n2 + 1), n2


def _tally(a, n1, c, n2) -> pd.DataFrame:
    orgs = [f"T{i:06d}" for i in range(len(a))]
    frame = pd.DataFrame(
        {
            "org": np.repeat(orgs, 2),
            "ethnicity": np.tile(["BME", "White"], len(a)),
            "people": np.column_stack([n1, n2]).ravel().astype(float),
            "event": np.column_stack([a, c]).ravel().astype(float),
        }
    )
    frame["ethnicity"] = pd.Categorical(frame["ethnicity"], categories=["BME", "White"])
    return frame


def _figures(a, n1, c, n2) -> dict[str, tuple[pd.DataFrame, object]]:
    """The headline rows of each kind of comparison for every table, with the reading maker of each."""
    from wres_cli.core.config import Config
    from wres_cli.indicators.contract import Context
    from wres_cli.indicators.likelihood import ratio_rows
    from wres_cli.indicators.readings import describe_likelihood, describe_percent_gap
    from wres_cli.indicators.rows import difference_rows
    from wres_cli.indicators.survey import ratio_of_percents_rows

    ctx = Context(config=Config(), datasets={})
    tally = _tally(a, n1, c, n2)
    likely = describe_likelihood("BME staff", "White staff", "to enter the formal disciplinary process")
    ratio = ratio_rows(ctx, tally, "3", event="event", top="BME", bottom="White")
    gap = difference_rows(ctx, tally, "5", event="event")
    survey = ratio_of_percents_rows(ctx, tally, "6", event="event", top="BME", bottom="White", framework="sc-wres")
    survey = survey.loc[survey["measure"] == "ratio_of_percents"]
    sc_describe = _sc_survey_describe()
    return {
        KINDS[0]: (ratio, likely),
        KINDS[1]: (gap, describe_percent_gap("who experienced it")),
        KINDS[2]: (survey, sc_describe),
    }


def _sc_survey_describe():
    """The reading maker Social Care WRES metric 6 uses in this version."""
    from wres_cli.indicators.registry import load_registry

    registry = load_registry(entry_points=False)
    return next(i for i in registry.indicators if i.key == "sc-wres:6").describe


def _word(text: str) -> bool | None:
    if "not statistically significant" in text:
        return False
    return True if "statistically significant" in text else None


def _printed_p(text: str) -> tuple[str, float] | None:
    found = re.search(r"\bp ([=<]) ([0-9.]+)", text)
    return (found.group(1), float(found.group(2))) if found else None


def count(rows: pd.DataFrame, describe, fisher: np.ndarray | None, alpha: float = ALPHA) -> dict[str, int]:
    """The counts of the module's note for one kind of figure (rows in the order of ``fisher``)."""
    from wres_cli.results.plain import records

    significant = rows["significant"].astype("boolean")
    shown = significant.notna().to_numpy()
    word = significant.fillna(False).to_numpy(bool)
    p = pd.to_numeric(rows["p_value"], errors="coerce").to_numpy(float)
    has_p = ~np.isnan(p)
    reference = np.where(has_p, p, fisher if fisher is not None else np.nan)
    out = {
        "figures": len(rows),
        "word": int(shown.sum()),
        "word_without_p": int((shown & ~has_p).sum()),
        "word_vs_p": int((shown & has_p & (word != (p < alpha))).sum()),
        "word_vs_fisher": int((shown & ~has_p & (word != (reference < alpha))).sum()),
        "hidden_p_below_alpha": int(((rows["status"] == "not_calculable").to_numpy() & (reference < alpha)).sum()),
        "reading_vs_p": 0,
        "reading_without_word": 0,
        "reading_p_vs_word": 0,
    }
    for i, head in enumerate(records(rows)):
        text = describe(head, {})
        said = _word(text)
        if said is None:
            out["reading_without_word"] += head["status"] == "computed"
            continue
        out["reading_vs_p"] += bool(said != (reference[i] < alpha))
        printed = _printed_p(text)
        if printed is not None:
            sign, value = printed
            out["reading_p_vs_word"] += bool(said != (sign == "<" or value < alpha))
    return out


def random_audit(seed: int = SEED, size: int = COUNT, most: int = MOST) -> dict[str, dict[str, int]]:
    a, n1, c, n2 = random_tables(seed, size, most)
    fisher = np.array(
        [fisher_exact([[x, m - x], [y, k - y]]).pvalue for x, m, y, k in zip(a, n1, c, n2, strict=True)]
    )
    return {kind: count(rows, describe, fisher) for kind, (rows, describe) in _figures(a, n1, c, n2).items()}


def sample_audit(alpha: float = ALPHA) -> dict[str, int]:
    """The same counts over every figure the command line prints for the sample data (by organisation)."""
    totals: dict[str, int] = {}
    for args in SAMPLE.values():
        paths = [str(ROOT / "sample_data" / a) if a.endswith((".csv", ".yaml")) else a for a in args]
        command = [sys.executable, "-m", "wres_cli", "compute", *paths, "--by", "org", "--format", "json"]
        done = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ})
        payload = json.loads(done.stdout)
        rows = pd.DataFrame(payload["rows"])
        rows = rows.loc[rows["significant"].notna() | rows["p_value"].notna()]
        significant = rows["significant"].astype("boolean")
        p = pd.to_numeric(rows["p_value"], errors="coerce").to_numpy(float)
        shown, word = significant.notna().to_numpy(), significant.fillna(False).to_numpy(bool)
        found = {
            "figures": len(rows),
            "word_without_p": int((shown & np.isnan(p)).sum()),
            "word_vs_p": int((shown & ~np.isnan(p) & (word != (p < alpha))).sum()),
            "reading_p_vs_word": 0,
            "readings_with_word": 0,
        }
        for entry in payload["summary"]:
            said, printed = _word(entry["reading"]), _printed_p(entry["reading"])
            found["readings_with_word"] += said is not None
            if said is not None and printed is not None:
                found["reading_p_vs_word"] += bool(said != (printed[0] == "<" or printed[1] < alpha))
        for key, value in found.items():
            totals[key] = totals.get(key, 0) + value
    return totals


if __name__ == "__main__":
    import wres_cli

    print(f"wres_cli from {Path(wres_cli.__file__).parent}")
    print(f"{COUNT:,} random tables (seed {SEED}, groups of 1 to {MOST}), alpha {ALPHA}:")
    for kind, counts in random_audit().items():
        print(f"  {kind:28} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("sample data (nhs-wres, sc-wres, wdes; --by org):")
    print("  " + ", ".join(f"{k} {v}" for k, v in sample_audit().items()))

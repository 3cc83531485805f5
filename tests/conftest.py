"""Shared test helpers: small input files written from counts, and a CLI runner that refuses crashes."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings
from typer.testing import CliRunner

from wres_cli.cli import app

# The suite is deterministic by default (the same examples on every machine, no time limits, so a busy CI
# runner cannot fail it); HYPOTHESIS_PROFILE=explore draws new examples on every run.
settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
# every NHS WRES sample input on the command line, and the same published (the report tests' command line)
SAMPLE_INPUTS = [
    SAMPLE / "workforce.csv",
    "--recruitment",
    SAMPLE / "recruitment.csv",
    "--board",
    SAMPLE / "board.csv",
    "--survey",
    SAMPLE / "survey.csv",
]
SAMPLE_ARGS = [*SAMPLE_INPUTS, "--suppress", "10"]


def expand(spec: list[dict], *, counts: bool = False) -> pd.DataFrame:
    """Rows from specs like {"Ethnicity": "A", "n": 10, "Disciplinary": 3}: n people, the first k flagged.

    With counts=True the same people come as aggregated rows with a Count column instead of one row each.
    Every key other than n and the flag columns (given as integers) is copied to each row.
    """
    out = []
    for item in spec:
        n = item["n"]
        flags = {
            k: v for k, v in item.items() if isinstance(v, int) and k != "n" and k not in ("Year", "Count")
        }
        fixed = {k: v for k, v in item.items() if k not in flags and k != "n"}
        if counts:
            # split into blocks with identical flag values
            cuts = sorted({0, n, *[min(v, n) for v in flags.values()]})
            for lo, hi in itertools.pairwise(cuts):
                if hi > lo:
                    out.append(
                        {**fixed, **{k: "Y" if lo < v else "N" for k, v in flags.items()}, "Count": hi - lo}
                    )
        else:
            for i in range(n):
                out.append({**fixed, **{k: "Y" if i < v else "N" for k, v in flags.items()}})
    return pd.DataFrame(out)


def write(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_csv(path, index=False)
    return path


class Run:
    """CliRunner wrapper: an exit code of 70 (a bug) fails the test with the traceback."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0):
        result = self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code != 70, result.stderr
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result


@pytest.fixture
def run() -> Run:
    return Run()

"""How inputs/grouped.py counts a file while reading it: raw values that map alike counted as one class (the
classes of reduction.py), survey responses counted too, the next batches parsed on another thread; always the
figures and warnings of the whole read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres_cli.core.config import Config, load_config
from wres_cli.inputs.grouped import GroupedDataset
from wres_cli.inputs.load import load_dataset


def test_spellings_that_map_alike_are_counted_as_one(tmp_path):
    lines = [
        "Organisation,Year,Employee Number,Ethnic Origin,Staff Group,Pay Band,Assignment Category",
        "R1 Trust,2025,E1,A White - British,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E2,C White - Any other White background,Medical and Dental,Band 5,Fixed Term Temp",
        "R1 Trust,2025,E3,H Asian or Asian British - Indian,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E4,N Black or Black British - African,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E5,A White - British,Medical and Dental,Band 5,Bank",
    ]
    path = tmp_path / "workforce.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = load_dataset(path, "workforce", Config())
    counted = load_dataset(path, "workforce", Config(), grouped=True)
    assert isinstance(counted, GroupedDataset)
    assert len(counted.frame) == 3  # White x substantive, BME x substantive, White x bank
    assert counted.group_rows.tolist() == [2, 2, 1]
    assert counted.rows == whole.rows
    assert counted.warnings == whole.warnings


SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"


def people(frame: pd.DataFrame) -> pd.Series:
    columns = [c for c in frame.columns if c not in ("count", "person_id")]
    keyed = frame[[*columns, "count"]].copy()
    for column in columns:
        keyed[column] = keyed[column].astype(object).where(keyed[column].notna(), "<blank>")
    return keyed.groupby(columns, dropna=False)["count"].sum().sort_index()


@pytest.mark.parametrize(
    ("name", "config"),
    [("survey.csv", None), ("wdes/survey.csv", None), ("sc-wres/survey.csv", "sc-wres/wres.yaml")],
)
def test_survey_responses_count_as_the_whole_file(name, config):
    """Survey responses are counted while read too; a survey already summed (n per group) is read whole."""
    config = load_config(SAMPLES / config) if config else Config()
    whole = load_dataset(SAMPLES / name, "survey", config)
    counted = load_dataset(SAMPLES / name, "survey", config, grouped=True)
    assert isinstance(counted, GroupedDataset)
    assert len(counted.frame) < len(whole.frame)
    assert (counted.rows, counted.warnings, counted.notes) == (whole.rows, whole.warnings, whole.notes)
    for column in counted.frame.columns:
        assert whole.frame[column].dtype == counted.frame[column].dtype, column
    pd.testing.assert_series_equal(people(counted.frame), people(whole.frame))
    aggregated = load_dataset(SAMPLES / "survey_aggregated.csv", "survey", Config(), grouped=True)
    assert not isinstance(aggregated, GroupedDataset)


def test_batches_read_ahead_come_in_order_and_raise_where_the_reader_did():
    import threading

    from wres_cli.inputs.grouped import _read_ahead

    assert list(_read_ahead(iter(range(50)))) == list(range(50))

    def failing():
        yield from range(3)
        raise ValueError("bad row")

    seen = []
    with pytest.raises(ValueError, match="bad row"):
        for item in _read_ahead(failing()):
            seen.append(item)
    assert seen == [0, 1, 2]
    ahead = _read_ahead(iter(range(1000)), depth=1)
    assert next(ahead) == 0
    ahead.close()  # the reader stops: its thread ends
    assert not any(t.name == "wres-parse" for t in threading.enumerate())


def test_a_repeated_person_is_found_whichever_batches_hold_it():
    import numpy as np

    from wres_cli.inputs.person_hashes import SHARES, HashShares

    with np.errstate(over="ignore"):
        keys = np.arange(1, 20_001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    assert len({int(k) >> 60 for k in keys}) == SHARES  # every share is used
    held = HashShares()
    held.add(keys[:12_000])
    held.add(keys[12_000:])
    assert not held.repeats()
    held = HashShares()
    held.add(keys[:12_000])
    held.add(keys[11_999:12_001])
    assert held.repeats()


def test_a_repeated_person_is_found_in_large_shares_too():
    import numpy as np

    from wres_cli.inputs.person_hashes import HashShares

    keys = np.arange(1, (1 << 20) + 10, dtype=np.uint64)
    held = HashShares(shares=1)
    held.add(keys)
    assert not held.repeats()
    held = HashShares(shares=1)
    held.add(keys)
    held.add(keys[-1:])
    assert held.repeats()


@pytest.mark.parametrize("repeated", [False, True])
def test_hashes_spilled_to_files_are_checked_and_the_files_removed(repeated):
    """Past SPILL_AT hashes, each share goes to a temporary file: a repeat is still found, whether its two
    rows are both on file, one on file and one in memory, and the files are gone afterwards."""
    import numpy as np

    from wres_cli.inputs.person_hashes import HashShares

    with np.errstate(over="ignore"):
        keys = np.arange(1, 50_001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    held = HashShares(spill_at=10_000)
    for start in range(0, len(keys), 7_000):
        held.add(keys[start : start + 7_000])
    if repeated:
        held.add(keys[3:4])  # first written to a file with its batch; this one is held in memory
    assert held.folder is not None
    folder = Path(held.folder.name)
    assert len(list(folder.glob("share-*"))) == held.shares  # every share has spilled
    assert held.repeats() is repeated
    assert not folder.exists()
    with HashShares(spill_at=10) as early:
        early.add(keys[:100])
        assert early.folder is not None
        folder = Path(early.folder.name)
    assert not folder.exists()  # closed without being checked (e.g. the read stopped): removed too

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

    from wres_cli.inputs import grouped

    counter = grouped._Counter(["a"], "id", ("id", None))
    with np.errstate(over="ignore"):
        keys = np.arange(1, 20_001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    assert len({int(k) >> 60 for k in keys}) == grouped.ID_SHARES  # every share is used
    counter._hold_ids(keys[:12_000])
    counter._hold_ids(keys[12_000:])
    assert not counter.repeats()
    counter._hold_ids(keys[:12_000])
    counter._hold_ids(keys[11_999:12_001])
    assert counter.repeats()


def test_a_repeated_person_is_found_in_large_shares_too(monkeypatch):
    import numpy as np

    from wres_cli.inputs import grouped

    monkeypatch.setattr(grouped, "ID_SHARES", 1)
    counter = grouped._Counter(["a"], "id", ("id", None))
    keys = np.arange(1, (1 << 20) + 10, dtype=np.uint64)
    counter._hold_ids(keys)
    assert not counter.repeats()
    counter._hold_ids(keys)
    counter._hold_ids(keys[-1:])
    assert counter.repeats()

"""The JSON document written a piece at a time (a table a chunk of rows at a time) is the text written whole."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from wres_cli.outputs import tidy
from wres_cli.outputs.tidy import _dumps, _pieces, _Table, _table_json
from wres_cli.results.plain import records


def frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "org": pd.Categorical(rng.choice(["R1 Trust", "R2 \u00e9 Trust", None], rows)),
            "value": np.where(rng.random(rows) < 0.1, np.nan, rng.random(rows)),
            "count": rng.integers(0, 50, rows),
            "flag": pd.array(rng.choice([True, False, None], rows), dtype="boolean"),
        }
    )


def test_a_table_in_chunks_is_the_table_whole(monkeypatch):
    monkeypatch.setattr(tidy, "TABLE_CHUNK", 7)
    for rows in (1, 6, 7, 8, 50):
        table = frame(rows)
        for level in (0, 1):
            assert _table_json(table, level) == _dumps(records(table), level)


def test_a_document_in_pieces_is_the_document_whole(monkeypatch):
    monkeypatch.setattr(tidy, "TABLE_CHUNK", 5)
    table = frame(23)
    payload = {
        "summary": [{"a": 1, "figures": {"x": {"n": 2.5}}}, {"a": None}],
        "rows": _Table(table),
        "empty": [],
        "meta": {"warnings": ("w",), "by_org": True, "nested": {}},
    }
    whole = {**payload, "rows": records(table)}
    text = "".join(_pieces(payload))
    assert text == _dumps(whole)
    assert text == json.dumps(whole, indent=2, ensure_ascii=False)

"""The JSON writer reproduces ``json.dumps(indent=2)`` byte for byte while using the C encoder."""

import json

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from wres_cli.outputs.tidy import _dumps, _table_json, _table_pieces
from wres_cli.results.plain import records

TRICKY = st.sampled_from(["},\n      {", "}, {", '"', "\\", "\n", "é", "\u2028", ""])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | TRICKY
)
KEYS = st.text(max_size=6) | TRICKY
ROWS = st.lists(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=5), max_size=4)
VALUES = st.recursive(
    SCALARS | ROWS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=30,
)


def reference(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


@given(VALUES)
def test_same_text_as_the_indenting_encoder(value):
    assert _dumps(value) == reference(value)


@given(st.dictionaries(KEYS, ROWS, max_size=3))
def test_lists_of_flat_rows(payload):
    assert _dumps(payload) == reference(payload)


def test_tuples_integer_keys_and_empty_containers():
    value = {"a": (1, 2), "b": {1: "x", 2: [{}, [], {"c": None}]}, "d": {}, "e": []}
    assert _dumps(value) == reference(value)


@given(
    st.lists(
        st.tuples(
            st.text(max_size=5) | TRICKY | st.none(),
            st.floats() | st.none(),
            st.integers(-(2**40), 2**40),
            st.booleans() | st.none(),
            st.integers(0, 5) | st.floats(0, 5, allow_nan=False) | st.none(),
        ),
        max_size=6,
    )
)
def test_tables_are_written_as_their_records(cells):
    """A frame written a column at a time gives the text of its records written one by one."""
    frame = pd.DataFrame(cells, columns=["text", "value", "count", "flag", "mixed"])
    frame = frame.astype({"text": "str", "flag": "boolean", "count": "int64", "value": "float64"})
    frame["band"] = frame["text"].astype("category")
    frame["year %"] = pd.array([2026] * len(frame), dtype="Int64")  # a % in a name is not a format
    frame["mixed"] = frame["mixed"].astype(object)  # 38 and 38.0 side by side, as whole_counts makes them
    for level in (0, 1):
        assert _table_json(frame, level) == _dumps(records(frame), level)
    compact = "".join(_table_pieces(frame, 0, compact=True))
    assert compact == json.dumps(records(frame), separators=(",", ":"), ensure_ascii=False)


def test_compact_json_is_the_same_document_on_one_line(run, tmp_path):
    """`--compact`: no indentation, the same values (with --trend and by org, so every table is in it)."""
    from pathlib import Path

    samples = Path(__file__).resolve().parent.parent / "sample_data"
    args = ["compute", samples / "workforce.csv", "--recruitment", samples / "recruitment.csv", "--by", "org"]
    indented = run(*args, "--format", "json", "--trend").stdout
    compact = run(*args, "--format", "json", "--trend", "--compact").stdout
    assert json.loads(compact) == json.loads(indented)
    # what json.dumps writes with no spaces, byte for byte (written in pieces, a table a chunk at a time)
    assert compact == json.dumps(json.loads(indented), separators=(",", ":"), ensure_ascii=False) + "\n"
    assert compact.count("\n") == 1 and compact.endswith("}\n") and compact.startswith('{"summary":[{')
    assert len(compact) < 0.75 * len(indented)
    table = run(*args, "--compact").stdout  # other formats are as they were
    assert table == run(*args).stdout

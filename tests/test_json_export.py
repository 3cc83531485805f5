"""The JSON writer reproduces ``json.dumps(indent=2)`` byte for byte while using the C encoder."""

import json

from hypothesis import given
from hypothesis import strategies as st

from wres_cli.export import _dumps

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

"""perfcheck.json_text writes exactly what json.dumps(…, ensure_ascii=False, default=str) writes (issue 14)."""

from __future__ import annotations

import enum
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcheck.json_text import _plain, dumps


def reference(value: object, indent: int | None, sort_keys: bool) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=str)


@pytest.mark.parametrize("indent", [None, 2])
def test_every_code_point_is_written_as_json_writes_it(indent):
    for start in range(0, 0x110000, 0x2000):
        text = "".join(chr(c) for c in range(start, min(start + 0x2000, 0x110000)) if not 0xD800 <= c <= 0xDFFF)
        value = {text[:40]: [text, {"k": text[::-1]}], "a": text[:5]}
        assert dumps(value, indent=indent, sort_keys=True) == reference(value, indent, True), hex(start)


plain = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(value=plain, indent=st.sampled_from([None, 2, 4]), sort_keys=st.booleans())
def test_any_plain_value_is_written_as_json_writes_it(value, indent, sort_keys):
    assert dumps(value, indent=indent, sort_keys=sort_keys) == reference(value, indent, sort_keys)


class Colour(enum.Enum):
    red = 1


class Level(str, enum.Enum):
    high = "高"


@pytest.mark.parametrize(
    "value",
    [1e16, float("inf"), 0.1, Decimal("1E+2"), {"k": {1, 2}}, b"x", Colour.red, Level.high, {1: "a"}, "\ud800", [[]]],
)
@pytest.mark.parametrize("indent", [None, 0, 2])
def test_anything_else_is_left_to_json(value, indent):
    """A float, Decimal, set, bytes, Enum, non-str key or lone surrogate: json writes these differently from
    msgspec (1e+16, "Colour.red"), so they go to json itself; so does json's indent 0 (newlines, no spaces)."""
    wrapped = {"v": value}
    assert dumps(wrapped, indent=indent) == reference(wrapped, indent, False)


def test_only_exactly_plain_values_count_as_plain():
    assert _plain({"a": [1, True, None, ("x", {"b": -3})]})
    assert not _plain({"a": [1, 2.0]})
    assert not _plain({"a": Level.high})
    assert not _plain({1: "a"})

"""Ids derived for rows without one are the same whichever way they are computed: in Arrow for ASCII rows
(fast, for a million rows) or row by row (the reference, and every row with other characters). Favourites
and suggestions refer to these ids, so a load must never change them."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.directory.validate import _stable_id, _stable_ids

# ASCII with every character str.split() treats as a space, plus letters whose case folding is not ASCII's.
TEXT = st.text(alphabet=st.sampled_from(list("aZ09 -.'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f") + ["ß", "İ", "é", "\u00a0"]))
ROW = st.tuples(TEXT, TEXT, TEXT, st.sampled_from(["", "us", "US", "De", "ß"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=30))
def test_the_arrow_ids_are_the_row_by_row_ids(rows):
    columns = [pa.array(list(column), pa.string()) for column in zip(*rows, strict=True)]
    assert _stable_ids(*columns).to_pylist() == [_stable_id(*row) for row in rows]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("Barefoot Bliss", "", "Austin", "US"), "s-5fec61f7e350"),
        (("barefoot  BLISS ", "", " austin", "us"), "s-5fec61f7e350"),
        (("Straße  Studio", "10115", "Berlin", "DE"), "s-9b177163ae4c"),
    ],
)
def test_ids_are_what_the_loader_has_always_derived(row, expected):
    """Pinned values, computed by the row-by-row code before the Arrow path existed."""
    assert _stable_id(*row) == expected
    assert _stable_ids(*(pa.array([value]) for value in row)).to_pylist() == [expected]

"""Private list ids: random enough, and nothing but what new_list_id makes is accepted."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.favorites import is_valid_list_id, new_list_id


def test_new_list_ids_are_valid_distinct_and_carry_at_least_128_bits():
    ids = {new_list_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(is_valid_list_id(list_id) for list_id in ids)
    assert all(len(list_id) * 6 >= 128 for list_id in ids)  # base64url: 6 bits a character


VALID = new_list_id()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        VALID[:-1],
        VALID + "A",
        VALID[:-1] + "=",
        VALID[:-1] + "+",
        VALID[:-1] + "/",
        VALID[:-1] + ".",
        VALID[:-1] + " ",
        VALID + "\n",
        "\n" + VALID[1:],
        VALID[:-1] + "é",
        "../../etc/passwd/../../../../..",
        "' OR 1=1 --" + "x" * 21,
        "A" * 1000,
        None,
        12345,
        VALID.encode(),
        [VALID],
    ],
    ids=repr,
)
def test_malformed_list_ids_are_rejected(value):
    assert not is_valid_list_id(value)


@given(st.text(max_size=40))
def test_only_32_url_safe_characters_are_valid(value):
    assert is_valid_list_id(value) == bool(re.fullmatch(r"[A-Za-z0-9_-]{32}", value, flags=re.ASCII))

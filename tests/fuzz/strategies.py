"""Inputs a tester would try: text with CSV's special characters, odd encodings, numbers in many spellings."""

from __future__ import annotations

from hypothesis import strategies as st

#: The characters that break CSV readers and number parsers, and some that only look harmless.
SPECIALS = list(",;\"'\n\r\t =+-@\x00\x0b\x0c\x85\u00a0\u200b\u2028\u2029\ufeff\\") + ["\r\n", '""', "٣", "1_0", "１２"]

#: Any text a file could hold (no lone surrogates: a decoded file has none).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)

#: Text weighted towards the special characters.
_pieces = st.one_of(st.sampled_from(SPECIALS), any_text, st.sampled_from(["", "Austin", "Berlin"]))
tricky_text = st.lists(_pieces, max_size=6).map("".join)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-200, max_value=200).map(lambda value: f"{value:.4f}"),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["", " ", "nan", "inf", "-0", "1e400", "٣٠", "1_0", "１２", "30,25", "0x1A", "+.5", "1e", "."]),
)

#: A field as a spreadsheet might write it: plain, or quoted (its quotes doubled), or with a stray quote.
field = st.one_of(
    tricky_text,
    numbers,
    tricky_text.map(lambda text: '"' + text.replace('"', '""') + '"'),
    tricky_text.map(lambda text: '"' + text),
)


def rows_of(width: int) -> st.SearchStrategy[str]:
    """A CSV line of about ``width`` fields (sometimes fewer or more)."""
    return st.lists(field, min_size=max(0, width - 2), max_size=width + 2).map(",".join)

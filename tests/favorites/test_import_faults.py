"""An imported list with impossible dates, an unclosed quote or foreign digits: bad rows reported, good rows kept."""

import pytest

from finder.favorites import ImportResult, new_list_id, parse_import
from finder.geo import decimal_number

HEADER = "studio_id,name,address,latitude,longitude,phone,website,starred_at\n"


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00"])
def test_an_impossible_date_is_reported_and_every_row_imported(store, list_id, moment):
    rows = ["s1,One,,40,-75,,,2024-05-01T10:00:00+00:00", f"s2,Two,,40,-75,,,{moment}", "s3,Three,,40,-75,,,"]
    text = HEADER + "\n".join(rows) + "\n"
    result = store.import_csv(list_id, text)  # before the fix: OverflowError, and nothing imported
    assert result.added == 3
    assert len(result.problems) == 1 and result.problems[0].startswith(f"line 3: starred_at '{moment}' cannot be")
    assert "imported with today's date" in result.problems[0]
    assert store.ids(list_id) == {"s1", "s2", "s3"}


def test_an_unclosed_quote_that_swallows_the_rows_after_it_says_so():
    text = HEADER + "s1,Good,,40,-75,,,\n" + 's2,"Never closed,,40,-75,,,\n' + "s3,Swallowed,,41,-75,,,\n" * 3
    result = ImportResult()
    rows = parse_import(new_list_id(), text, result)
    assert [row.studio_id for row in rows] == ["s1"]
    assert result.problems == [
        "line 3: a double quote opened on this line is not closed where the value ends, so lines 3 to 6 were read "
        "as one value; close the quote and import the file again (these lines were not imported)."
    ]


def test_a_quoted_value_with_line_breaks_is_still_one_value():
    text = HEADER + 's1,"Studio\nwith, two lines",,40,-75,,,\n'
    result = ImportResult()
    [row] = parse_import(new_list_id(), text, result)
    assert result.problems == [] and row.name == "Studio\nwith, two lines"


@pytest.mark.parametrize("number", ["٣", "1_0", "１２", "٣٠.٥", "nan", "inf", "0x1A", "1e", ""])
def test_only_ascii_decimal_digits_are_coordinates(number):
    result = ImportResult()
    rows = parse_import(new_list_id(), HEADER + f"s1,One,,{number},-75,,,\ns2,Two,,40,-75,,,\n", result)
    assert [row.studio_id for row in rows] == ["s2"]
    assert result.problems == [f"line 2: latitude {number!r} is not a number."]


@pytest.mark.parametrize(
    ("text", "number"),
    [("30.25", 30.25), (" -97 ", -97.0), ("+1.", 1.0), (".5", 0.5), ("1e-3", 0.001), ("٣", None), ("1_0", None)],
)
def test_decimal_number(text, number):
    assert decimal_number(text) == number

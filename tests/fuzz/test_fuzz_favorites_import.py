"""Fuzzing the favourites import: any text gives good rows and one message per bad row, never an
exception; any list exports and imports back exactly."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from strategies import any_text, field, numbers, rows_of, tricky_text

from finder.favorites import EXPORT_COLUMNS, Favorite, ImportResult, export_csv, new_list_id, parse_import
from finder.favorites.model import studio_id_problem

LIST_ID = new_list_id()
moments = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
    st.builds(
        lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
        st.datetimes(),
        st.integers(-1439, 1439),
    ),
    st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "yesterday", "", "2024-02-30"]),
)
export_row = st.tuples(field, field, field, numbers, numbers, field, field, moments).map(lambda cells: ",".join(cells))


@given(
    header=st.sampled_from([",".join(EXPORT_COLUMNS), "studio_id;name;latitude;longitude", "studio_id,name,latitude"]),
    rows=st.lists(st.one_of(export_row, st.integers(2, 10).flatmap(rows_of)), max_size=10),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_file_imports_its_good_rows_and_reports_the_others(header, rows, newline):
    text = newline.join([header, *rows])
    result = ImportResult()
    imported = parse_import(LIST_ID, text, result)  # never raises
    lines = text.count("\n") + text.count("\r") + 2  # a lone CR ends a line too
    for problem in result.problems:
        match = re.match(r"line (\d+): ", problem)
        assert match and 1 <= int(match.group(1)) <= lines, problem
    for favorite in imported:
        assert studio_id_problem(favorite.studio_id) == "" and favorite.name.strip()
        assert math.isfinite(favorite.latitude) and abs(favorite.latitude) <= 90
        assert math.isfinite(favorite.longitude) and abs(favorite.longitude) <= 180
        assert favorite.starred_at.tzinfo is not None
    assert len(imported) <= max(0, len(text.splitlines()) - 1)


plain = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
favorites = st.builds(
    Favorite,
    list_id=st.just(LIST_ID),
    studio_id=st.one_of(plain, tricky_text.map(lambda text: text.replace("\x00", ""))).filter(
        lambda value: studio_id_problem(value) == ""
    ),
    name=st.one_of(plain, tricky_text.map(lambda text: text.replace("\x00", ""))).filter(str.strip),
    address=plain,
    latitude=st.floats(-90, 90),
    longitude=st.floats(-180, 180),
    phone=st.one_of(plain, any_text.map(lambda text: text.replace("\x00", ""))),
    website=st.sampled_from(["", "https://lotus.example/", "http://example.org/a?b=c"]),
    starred_at=st.datetimes(timezones=st.just(UTC)),
)


@given(rows=st.lists(favorites, max_size=8, unique_by=lambda favorite: favorite.studio_id))
def test_any_list_exports_and_imports_back_exactly(rows):
    result = ImportResult()
    assert parse_import(LIST_ID, export_csv(rows), result) == rows
    assert result.problems == []

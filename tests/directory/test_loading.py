"""Loading and validating a studio CSV: the row table, line numbers, file errors, placement."""

from __future__ import annotations

import csv
import io
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder import DataFileError, LocationNotFound, load_directory
from finder.directory import csvread
from finder.directory.csvread import _read_columns_arrow, _read_columns_exact
from finder.directory.report import Collector
from finder.directory.schema import COLUMNS

GOOD = {"name": "Lotus Healing Arts", "latitude": "30.27", "longitude": "-97.74"}


def case(case_id, overrides, loaded, problems=(), **expected_studio):
    """One single-row case: overrides of GOOD -> loaded count, problems, and fields of the kept studio."""
    return pytest.param(overrides, loaded, problems, expected_studio, id=case_id)


ROW_CASES = [
    case("good minimal", {}, 1),
    case(
        "good full row",
        {
            "id": "st-1",
            "street": "1280 Maple Avenue, Suite 5",
            "city": "Austin",
            "region": "TX",
            "postal_code": "78701",
            "country": "us",
            "phone": "+1 (512) 555-0135 ext 4",
            "website": "https://lotus.example.org/",
            "booking_url": "HTTP://book.example.net/lotus?a=1",
            "styles": "Ashiatsu DeepFeet;Barefoot Sensei",
            "price_from": "95.50",
            "currency": "usd",
            "session_minutes": "60",
            "hours": "Mon–Fri 9:00–17:00",
            "description": 'Deep, "slow" work.',
            "verified_on": "2026-03-31",
        },
        1,
        (),
        id="st-1",
        street="1280 Maple Avenue, Suite 5",
        country="US",
        phone="+1 (512) 555-0135 ext 4",
        website="https://lotus.example.org/",
        booking_url="HTTP://book.example.net/lotus?a=1",
        styles=("Ashiatsu DeepFeet", "Barefoot Sensei"),
        price_from=95.5,
        currency="USD",
        session_minutes=60,
        verified_on=date(2026, 3, 31),
        precision="coordinates",
        approximate=False,
    ),
    case("coordinates at the limits", {"latitude": "-90", "longitude": "180"}, 1, latitude=-90.0, longitude=180.0),
    case(
        "values are trimmed",
        {"name": "  Lotus  ", "latitude": " 30.5 ", "longitude": "\t-97 "},
        1,
        name="Lotus",
        latitude=30.5,
        longitude=-97.0,
    ),
    case("no name", {"name": ""}, 0, [("name", "error", "has no name")]),
    case("name only spaces", {"name": "   "}, 0, [("name", "error", "has no name")]),
    case(
        "latitude not a number", {"latitude": "thirty"}, 0, [("latitude", "error", "latitude 'thirty' is not a number")]
    ),
    case("longitude not a number", {"longitude": "97.7W"}, 0, [("longitude", "error", "is not a number")]),
    case("latitude 95", {"latitude": "95"}, 0, [("latitude", "error", "latitude 95 is outside -90..90")]),
    case("longitude -181", {"longitude": "-181"}, 0, [("longitude", "error", "longitude -181 is outside -180..180")]),
    case("latitude inf", {"latitude": "inf"}, 0, [("latitude", "error", "outside -90..90")]),
    case("longitude -inf", {"longitude": "-inf"}, 0, [("longitude", "error", "outside -180..180")]),
    case("latitude nan", {"latitude": "nan"}, 0, [("latitude", "error", "is not a number")]),
    case("longitude NaN", {"longitude": "NaN"}, 0, [("longitude", "error", "is not a number")]),
    case("only latitude", {"longitude": ""}, 0, [("latitude", "error", "only one of latitude and longitude")]),
    case("only longitude", {"latitude": ""}, 0, [("latitude", "error", "only one of latitude and longitude")]),
    case(
        "nothing to locate by",
        {"latitude": "", "longitude": "", "country": "US"},
        0,
        [("latitude", "error", "nothing to locate it by")],
    ),
    case(
        "javascript website",
        {"website": "javascript:alert(1)"},
        1,
        [("website", "warning", "not an http(s) link")],
        website="",
    ),
    case(
        "JAVASCRIPT website",
        {"website": "JAVASCRIPT:alert(1)"},
        1,
        [("website", "warning", "not an http(s) link")],
        website="",
    ),
    case(
        "data booking link",
        {"booking_url": "data:text/html,<script>alert(1)</script>"},
        1,
        [("booking_url", "warning", "not an http(s) link")],
        booking_url="",
    ),
    case(
        "ftp website",
        {"website": "ftp://files.example.com/menu.pdf"},
        1,
        [("website", "warning", "not an http(s) link")],
        website="",
    ),
    case(
        "website without host", {"website": "http://"}, 1, [("website", "warning", "not an http(s) link")], website=""
    ),
    case(
        "bare www domain",
        {"website": "www.example.com"},
        1,
        [("website", "warning", "using https://www.example.com")],
        website="https://www.example.com",
    ),
    case(
        "bare domain with path",
        {"booking_url": "example.org/book"},
        1,
        [("booking_url", "warning", "using https://example.org/book")],
        booking_url="https://example.org/book",
    ),
    case("phone words", {"phone": "call us"}, 1, [("phone", "warning", "does not look like a phone")], phone=""),
    case("phone too short", {"phone": "12"}, 1, [("phone", "warning", "does not look like a phone")], phone=""),
    case("negative price", {"price_from": "-5"}, 1, [("price_from", "warning", "price_from '-5'")], price_from=None),
    case(
        "price not a number",
        {"price_from": "cheap"},
        1,
        [("price_from", "warning", "is not a number like 80")],
        price_from=None,
    ),
    case(
        "minutes fractional",
        {"session_minutes": "1.5"},
        1,
        [("session_minutes", "warning", "whole number of minutes")],
        session_minutes=None,
    ),
    case(
        "minutes zero",
        {"session_minutes": "0"},
        1,
        [("session_minutes", "warning", "whole number of minutes")],
        session_minutes=None,
    ),
    case(
        "minutes too many",
        {"session_minutes": "601"},
        1,
        [("session_minutes", "warning", "whole number of minutes")],
        session_minutes=None,
    ),
    case(
        "date not ISO",
        {"verified_on": "31/03/2026"},
        1,
        [("verified_on", "warning", "not a date like")],
        verified_on=None,
    ),
    case(
        "date impossible",
        {"verified_on": "2026-02-30"},
        1,
        [("verified_on", "warning", "not a date like")],
        verified_on=None,
    ),
    case(
        "currency name", {"currency": "US Dollar"}, 1, [("currency", "warning", "not a 3-letter ISO code")], currency=""
    ),
    case("currency lower case", {"currency": "eur"}, 1, currency="EUR"),
    case("country USA", {"country": "USA"}, 1, country="US"),
    case("country United Kingdom", {"country": "United Kingdom"}, 1, country="GB"),
    case("country alpha-3 lower", {"country": "deu"}, 1, country="DE"),
    case("country uk", {"country": "uk"}, 1, country="GB"),
    case(
        "country unknown",
        {"country": "Narnia"},
        1,
        [("country", "warning", "not a country name or ISO code")],
        country="",
    ),
    case(
        "styles split trimmed deduped",
        {"styles": " Ashiatsu DeepFeet ;barefoot  sensei;;ASHIATSU deepfeet; "},
        1,
        styles=("Ashiatsu DeepFeet", "barefoot sensei"),
    ),
    case("precision kept with coordinates", {"precision": "city"}, 1, precision="city", approximate=True),
    case("unknown precision ignored", {"precision": "somewhere"}, 1, precision="coordinates", approximate=False),
    case(
        "control characters removed",
        {"name": "Lo\x07tus", "description": "a\x1bb\x7f"},
        1,
        name="Lotus",
        description="ab",
    ),
]

COLUMNS_WITH_EXTRAS = (*COLUMNS, "precision", "instagram", "notes")


@pytest.fixture(params=["fast", "exact"])
def reader(request, monkeypatch):
    """Load through the Arrow fast path, or force the exact csv-module path."""
    if request.param == "exact":
        monkeypatch.setattr(csvread, "_read_columns_arrow", lambda path: None)
    return request.param


def _problems(directory):
    return [(p.line, p.field, p.severity, p.message) for p in directory.report.problems]


@pytest.mark.parametrize(("overrides", "loaded", "problems", "expected_studio"), ROW_CASES)
def test_row_table(write_csv, reader, overrides, loaded, problems, expected_studio):
    row = {**GOOD, "instagram": "@lotus", "notes": "extra columns are ignored", **overrides}
    path = write_csv([row], columns=COLUMNS_WITH_EXTRAS)
    if reader == "fast":
        assert _read_columns_arrow(path) is not None

    directory = load_directory(path, geocoder=None)

    assert len(directory) == loaded
    assert (directory.report.rows, directory.report.valid) == (1, loaded)
    got = _problems(directory)
    assert [(line, field, severity) for line, field, severity, _ in got] == [
        (2, field, severity) for field, severity, _ in problems
    ]
    for (*_, message), (*_, fragment) in zip(got, problems, strict=True):
        assert fragment in message
    if loaded:
        studio = next(iter(directory))
        assert studio.line == 2
        for name, value in expected_studio.items():
            assert getattr(studio, name) == value, name


@pytest.mark.parametrize(
    "header",
    [
        "Studio Name,Lat,LNG,ZIP,State,Country,Phone Number,URL",
        "name,lat,lon,zip_code,province,country,telephone,web",
        "\ufeffNAME , Latitude,Long,Postcode,region,country,phone,website",
    ],
)
def test_header_aliases(write_csv, header):
    path = write_csv(f"{header}\nLotus,30.27,-97.74,78701,TX,USA,512-555-0135,https://x.example.com\n")
    (studio,) = load_directory(path, geocoder=None)
    assert (studio.name, studio.latitude, studio.longitude) == ("Lotus", 30.27, -97.74)
    assert (studio.postal_code, studio.region, studio.country) == ("78701", "TX", "US")
    assert (studio.phone, studio.website) == ("512-555-0135", "https://x.example.com")
    assert load_directory(path, geocoder=None).report.problems == ()


# --- duplicate and stable ids ------------------------------------------------------------------


def test_duplicate_id_names_the_first_line(write_csv):
    rows = [{**GOOD, "id": "a"}, {**GOOD, "id": "b"}, {**GOOD, "id": "a", "name": "Other"}]
    directory = load_directory(write_csv(rows), geocoder=None)
    assert [s.id for s in directory] == ["a", "b"]
    assert _problems(directory) == [(4, "id", "error", "duplicate id 'a' (first used on line 2)")]


def test_duplicate_of_a_skipped_row_is_not_a_duplicate(write_csv):
    rows = [{**GOOD, "id": "a", "latitude": "95"}, {**GOOD, "id": "a"}]
    directory = load_directory(write_csv(rows), geocoder=None)
    assert [s.line for s in directory] == [3]
    assert [(p.line, p.field) for p in directory.report.problems] == [(2, "latitude")]


def test_same_name_and_place_without_ids_is_a_duplicate(write_csv):
    rows = [
        {**GOOD, "postal_code": "78701", "country": "US"},
        {**GOOD, "postal_code": "78701", "country": "USA", "latitude": "30.3"},
    ]
    directory = load_directory(write_csv(rows), geocoder=None)
    assert len(directory) == 1
    (problem,) = directory.report.problems
    assert (problem.line, problem.field, problem.severity) == (3, "id", "error")
    assert "line 2" in problem.message


def _ids(write_csv, rows, name="studios.csv"):
    return {s.name: s.id for s in load_directory(write_csv(rows, name), geocoder=None)}


def test_derived_ids_are_stable_across_loads_and_row_order(write_csv):
    rows = [{**GOOD, "name": f"Studio {i}", "postal_code": f"7870{i}", "country": "US"} for i in range(5)]
    first = _ids(write_csv, rows, "a.csv")
    assert first == _ids(write_csv, rows, "a.csv")
    assert first == _ids(write_csv, rows[::-1], "b.csv")
    assert all(studio_id.startswith("s-") for studio_id in first.values())
    assert len(set(first.values())) == 5


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({"name": "Lotus Spa"}, False),
        ({"postal_code": "78702"}, False),
        ({"country": "CA"}, False),
        ({"name": "  lotus   HEALING arts "}, True),
        ({"country": "USA"}, True),
        ({"latitude": "31", "phone": "512-555-0100"}, True),
    ],
)
def test_derived_id_depends_on_name_and_place(write_csv, change, same):
    base = {**GOOD, "postal_code": "78701", "country": "US"}
    before = load_directory(write_csv([base], "a.csv"), geocoder=None).nearest(0, 0)[0].studio.id
    after = load_directory(write_csv([{**base, **change}], "b.csv"), geocoder=None).nearest(0, 0)[0].studio.id
    assert (before == after) is same


def test_id_column_is_used_when_present(write_csv):
    rows = [{**GOOD, "id": " st-0001 "}, {**GOOD, "name": "No id"}]
    directory = load_directory(write_csv(rows), geocoder=None)
    assert directory.get("st-0001").name == GOOD["name"]
    assert directory.get("st-0001").line == 2


# --- line numbers and the two readers ----------------------------------------------------------

HEADER = b"id,name,latitude,longitude,description\n"


def file_case(case_id, data, fast_ok, lines, problems=()):
    return pytest.param(data, fast_ok, lines, problems, id=case_id)


FILE_CASES = [
    file_case("plain", HEADER + b"1,A,1,1,x\n2,B,2,2,y\n", True, [2, 3]),
    file_case("no final newline", HEADER + b"1,A,1,1,x\n2,B,2,2,y", True, [2, 3]),
    file_case(
        "quoted multi-line values",
        HEADER + b'1,A,1,1,"one\ntwo\nthree"\n2,B,2,2,y\n3,"C\nD",3,3,"a, b"\n4,E,95,4,z\n',
        True,
        [2, 5, 6],
        [(8, "latitude", "error")],
    ),
    file_case(
        "CRLF",
        HEADER.replace(b"\n", b"\r\n") + b'1,A,1,1,"x\r\ny"\r\n2,B,95,2,y\r\n3,C,3,3,z\r\n',
        True,
        [2, 5],
        [(4, "latitude", "error")],
    ),
    file_case(
        "UTF-8 BOM",
        b"\xef\xbb\xbf" + HEADER + b"1,A,1,1,x\n2,,2,2,y\n3,C,3,3,\xc3\xa9\n",
        True,
        [2, 4],
        [(3, "name", "error")],
    ),
    file_case(
        "blank lines in the middle",
        HEADER + b"1,A,1,1,x\n\n2,B,2,2,y\n   \n\n3,C,95,3,z\n4,D,4,4,w\n\n",
        False,
        [2, 4, 8],
        [(7, "latitude", "error")],
    ),
    file_case("blank lines and multi-line values", HEADER + b'\n1,A,1,1,"x\n\ny"\n\n2,B,2,2,y\n', False, [3, 7]),
    file_case("blank line before the header", b"\n\n" + HEADER + b"1,A,1,1,x\n", False, [4]),
    file_case("CRLF with blank lines", (HEADER + b"1,A,1,1,x\n\n2,B,2,2,y\n").replace(b"\n", b"\r\n"), False, [2, 4]),
    file_case("row with too many fields", HEADER + b"1,A,1,1,x,extra\n2,B,2,2,y\n", False, [3], [(2, "", "error")]),
    file_case("short row padded", HEADER + b"1,A,1,1\n2,B,2,2,y\n", False, [2, 3]),
    file_case("trailing empty fields", HEADER + b"1,A,1,1,x,,\n2,B,2,2,y\n", False, [2, 3]),
]


@pytest.mark.parametrize(("data", "fast_ok", "lines", "problems"), FILE_CASES)
def test_line_numbers(write_csv, data, fast_ok, lines, problems):
    path = write_csv(data)
    assert (_read_columns_arrow(path) is not None) == fast_ok
    directory = load_directory(path, geocoder=None)
    assert [s.line for s in directory] == lines
    assert [(p.line, p.field, p.severity) for p in directory.report.problems] == list(problems)
    assert directory.report.valid == len(lines)


def _as_lists(read):
    columns, lines, rows = read
    return {name: column.to_pylist() for name, column in columns.items()}, [int(n) for n in lines], rows


@pytest.mark.parametrize(("data", "fast_ok", "lines", "problems"), [c for c in FILE_CASES if c.values[1]])
def test_fast_and_exact_readers_agree(write_csv, data, fast_ok, lines, problems):
    path = write_csv(data)
    assert _as_lists(_read_columns_arrow(path)) == _as_lists(_read_columns_exact(path, Collector()))


@pytest.mark.parametrize(("overrides", "loaded", "problems", "expected_studio"), ROW_CASES)
def test_fast_and_exact_readers_agree_on_the_row_table(write_csv, overrides, loaded, problems, expected_studio):
    path = write_csv([{**GOOD, "notes": "x"}, {**GOOD, **overrides}], columns=COLUMNS_WITH_EXTRAS)
    assert _as_lists(_read_columns_arrow(path)) == _as_lists(_read_columns_exact(path, Collector()))


_CELL = st.text(alphabet=st.sampled_from('ab é,;"\n\t \u2028'), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=8), crlf=st.booleans())
def test_readers_agree_on_spreadsheet_exports(write_csv, rows, crlf):
    """Any file csv.writer produces (what spreadsheets export) takes the fast path, same result."""
    ending = "\r\n" if crlf else "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(["name", "city", "description"])
    expected_lines, line = [], 2
    for row in rows:
        expected_lines.append(line)
        line += sum(value.count("\n") for value in row) + 1
        writer.writerow(row)
    path = write_csv(out.getvalue())
    fast = _read_columns_arrow(path)
    assert fast is not None
    assert _as_lists(fast) == _as_lists(_read_columns_exact(path, Collector()))
    assert _as_lists(fast)[1] == expected_lines


def test_lone_carriage_return_line_is_counted(write_csv):
    path = write_csv(b"name,latitude,longitude\n\rA,1,1\n")
    (studio,) = load_directory(path, geocoder=None)
    assert studio.line == 3  # "name...", "" (ended by CR), "A,1,1" - as str.splitlines counts


# --- file-level errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        pytest.param(b"", ["is empty", "header line"], id="empty"),
        pytest.param(b"  \n\r\n\t \n", ["is empty"], id="only whitespace"),
        pytest.param(b"\xef\xbb\xbf\r\n", ["is empty"], id="only a BOM"),
        pytest.param(b"name,latitude\n\x00\x01\x02\x03", ["not a text CSV", "CSV UTF-8"], id="NUL bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ["not a text CSV"], id="binary"),
        pytest.param(b"id,lat,lng\n1,2,3\n", ["no 'name' column", "line 1", "id,name,"], id="no name column"),
        pytest.param(  # a whole file in Latin-1; a single such row is reported by its line instead (below)
            b"name,latitude,longitude\nCaf\xe9 A,1,1\nCr\xe8me B,2,2\nS\xe9ance C,3,3\n",
            ["not UTF-8", "CSV UTF-8"],
            id="Latin-1",
        ),
    ],
)
def test_unusable_files_raise_data_file_error(write_csv, data, fragments):
    path = write_csv(data)
    with pytest.raises(DataFileError) as raised:
        load_directory(path, geocoder=None)
    for fragment in fragments:
        assert fragment in str(raised.value)
    assert str(path) in str(raised.value)


def test_one_latin1_row_is_reported_by_its_line_and_the_rest_loads(write_csv):
    path = write_csv(b"name,latitude,longitude\nA,1,1\nB,2,2\nCaf\xe9 Zen,3,3\nD,4,4\n")
    directory = load_directory(path, geocoder=None)
    assert [studio.name for studio in directory] == ["A", "B", "D"]
    (problem,) = directory.report.errors
    assert problem.line == 4 and "not UTF-8 text (byte 0xE9" in problem.message


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="No studio file at .*FINDER_DATA"):
        load_directory(tmp_path / "nope.csv", geocoder=None)


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(DataFileError, match="is a folder, not a CSV file"):
        load_directory(tmp_path, geocoder=None)


def test_data_file_error_is_also_an_os_error(tmp_path):
    with pytest.raises(OSError):
        load_directory(tmp_path / "nope.csv", geocoder=None)


@pytest.mark.parametrize("good_rows", [3, 2000])
def test_latin1_message_names_the_line_of_the_bad_byte(write_csv, good_rows):
    rows = b"".join(f"Studio {i},1,{i % 90}\n".encode() for i in range(good_rows))
    directory = load_directory(write_csv(b"name,latitude,longitude\n" + rows + b"Caf\xe9,3,3\n"), geocoder=None)
    assert len(directory) == good_rows
    assert [problem.line for problem in directory.report.errors] == [good_rows + 2]


def test_unterminated_quote_is_reported_as_a_quoting_problem(write_csv):
    path = write_csv(b'name,latitude,longitude\n"Lotus,1,1\nBanyan,2,2\nCedar,3,3\n')
    directory = load_directory(path, geocoder=None)
    assert any("quote" in p.message for p in directory.report.errors)


def test_long_value_loads_on_the_exact_path_too(write_csv):
    long_row = b'Lotus,1,1,"' + b"x" * 200_000 + b'"\n'
    path = write_csv(b"name,latitude,longitude,description\n\n" + long_row)
    directory = load_directory(path, geocoder=None)
    assert len(directory) == 1
    assert [(p.field, p.severity) for p in directory.report.problems] == [("description", "warning")]


def test_header_only_loads_nothing(write_csv):
    directory = load_directory(write_csv(b"name,latitude,longitude\n"), geocoder=None)
    assert (len(directory), directory.report.rows, directory.report.problems) == (0, 0, ())


# --- nothing lost ------------------------------------------------------------------------------

BAD_ROWS = [
    ({"name": ""}, "name"),
    ({"latitude": "95"}, "latitude"),
    ({"longitude": "-181"}, "longitude"),
    ({"latitude": "inf"}, "latitude"),
    ({"latitude": "nan"}, "latitude"),
    ({"latitude": "north"}, "latitude"),
    ({"longitude": ""}, "latitude"),
    ({"latitude": "", "longitude": ""}, "latitude"),
    ({"latitude": "", "longitude": "", "city": "Austin", "country": "US"}, "latitude"),
    ({"id": "good-0"}, "id"),
]


def test_nothing_lost(write_csv, reader):
    rng = random.Random(7)
    good = [
        {
            "id": f"good-{i}",
            "name": f"Studio {i}",
            "latitude": f"{rng.uniform(-90, 90):.5f}",
            "longitude": f"{rng.uniform(-180, 180):.5f}",
            "website": "javascript:void(0)" if i % 7 == 0 else "",
            "description": "two\nlines" if i % 5 == 0 else "one line",
        }
        for i in range(1000)
    ]
    bad = []
    for i in range(300):
        override, field_name = BAD_ROWS[i % len(BAD_ROWS)]
        bad.append(({**good[i], "id": f"bad-{i}", "website": "", **override}, field_name))
    rows = [(row, None) for row in good] + bad
    rng.shuffle(rows)
    # The real good-0 comes first, so the copy with id good-0 is the duplicate.
    rows.sort(key=lambda pair: pair[1] is not None or pair[0]["id"] != "good-0")
    path = write_csv([row for row, _ in rows])
    line, expected_errors = 2, {}
    for row, field_name in rows:
        if field_name:
            expected_errors[line] = field_name
        line += 1 + row["description"].count("\n")

    directory = load_directory(path, geocoder=None)

    assert len(directory) == directory.report.valid == 1000
    assert directory.report.rows == 1300
    assert sorted(s.id for s in directory) == sorted(row["id"] for row in good)
    assert {p.line: p.field for p in directory.report.errors} == expected_errors
    assert {p.field for p in directory.report.warnings} == {"website"}
    assert len(directory.report.warnings) == len(range(0, 1000, 7))
    assert "1,000 of 1,300 listings loaded" in directory.report.summary()
    assert "300 skipped" in directory.report.summary()


# --- placement by a geocoder -------------------------------------------------------------------

NO_COORDINATES = {"name": "Lotus", "latitude": "", "longitude": ""}


def test_rows_without_coordinates_are_placed(write_csv, fake_geocoder):
    rows = [
        {**NO_COORDINATES, "postal_code": "78701", "city": "Austin", "country": "United States"},
        {**NO_COORDINATES, "name": "Fern", "city": "Portland", "country": "US"},
        {**GOOD, "name": "Exact", "postal_code": "78701", "city": "Austin", "country": "US"},
    ]
    directory = load_directory(write_csv(rows), geocoder=fake_geocoder)
    assert directory.report.problems == ()
    by_name = {s.name: s for s in directory}
    lotus, fern, exact = by_name["Lotus"], by_name["Fern"], by_name["Exact"]
    assert (lotus.latitude, lotus.longitude, lotus.precision, lotus.approximate) == (
        30.2711,
        -97.7437,
        "postal_code",
        True,
    )
    assert (fern.latitude, fern.longitude, fern.precision, fern.approximate) == (45.5152, -122.6784, "city", True)
    assert (exact.latitude, exact.precision, exact.approximate) == (30.27, "coordinates", False)
    assert len(fake_geocoder.calls) == 2  # rows with coordinates are not looked up
    assert fake_geocoder.calls[0] == {"postal_code": "78701", "city": "Austin", "region": "", "country": "US"}
    assert directory.nearest(30.2711, -97.7437, limit=1)[0].studio.name == "Lotus"


def test_same_place_is_looked_up_once(write_csv, fake_geocoder):
    rows = [{**NO_COORDINATES, "name": f"S{i}", "city": "Portland", "country": "US"} for i in range(5)]
    directory = load_directory(write_csv(rows), geocoder=fake_geocoder)
    assert len(directory) == 5
    assert len(fake_geocoder.calls) == 1


def test_place_not_found_is_an_error_naming_the_line(write_csv, fake_geocoder):
    rows = [GOOD, {**NO_COORDINATES, "postal_code": "99999", "city": "Nowhere"}]
    directory = load_directory(write_csv(rows), geocoder=fake_geocoder)
    assert len(directory) == 1
    (problem,) = directory.report.problems
    assert (problem.line, problem.field, problem.severity) == (3, "latitude", "error")
    assert str(problem).startswith("line 3: could not place '99999, Nowhere'")
    assert "country code" in problem.message and "add latitude and longitude" in problem.message


def test_geocoder_error_counts_as_not_found(write_csv):
    class Failing:
        def place_structured(self, **_):
            raise LocationNotFound("no such place")

    rows = [{**NO_COORDINATES, "city": "Austin", "country": "US"}]
    directory = load_directory(write_csv(rows), geocoder=Failing())
    assert [(p.line, p.severity) for p in directory.report.problems] == [(2, "error")]
    assert "could not place 'Austin, US'" in directory.report.problems[0].message


def test_without_a_geocoder_rows_without_coordinates_say_what_to_do(write_csv):
    rows = [GOOD, {**NO_COORDINATES, "postal_code": "78701", "country": "US"}]
    directory = load_directory(write_csv(rows), geocoder=None)
    assert len(directory) == 1
    (problem,) = directory.report.problems
    assert (problem.line, problem.field, problem.severity) == (3, "latitude", "error")
    assert "no coordinates" in problem.message and "add latitude and longitude" in problem.message


def test_precision_column_is_respected_when_coordinates_are_present(write_csv, fake_geocoder):
    rows = [
        {**GOOD, "precision": "postal_code", "postal_code": "78701", "city": "Austin", "country": "US"},
        {**GOOD, "name": "Street", "precision": "street"},
        {**NO_COORDINATES, "name": "Fern", "precision": "postal_code", "city": "Portland", "country": "US"},
    ]
    directory = load_directory(write_csv(rows, columns=COLUMNS_WITH_EXTRAS), geocoder=fake_geocoder)
    by_name = {s.name: s for s in directory}
    assert (by_name["Lotus Healing Arts"].precision, by_name["Lotus Healing Arts"].latitude) == ("postal_code", 30.27)
    assert by_name["Lotus Healing Arts"].approximate
    assert (by_name["Street"].precision, by_name["Street"].approximate) == ("street", False)
    assert by_name["Fern"].precision == "city"  # placed now: the geocoder's precision, not the column's
    assert len(fake_geocoder.calls) == 1

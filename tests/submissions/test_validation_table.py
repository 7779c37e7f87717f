"""The form's validation table is the loader's: each case, as a CSV row and as a suggestion, gives the
same problems with the same words (one code path: finder.directory.validate.validate_columns)."""

from __future__ import annotations

from pathlib import Path

import pytest
from submission_support import write_rows

from finder.directory import load_directory
from finder.submissions import check_record

BASE = {"name": "Lantern Bar Studio", "latitude": "43.6", "longitude": "-116.2", "country": "US"}
# fmt: off
CASES = [
    ({}, []),
    ({"name": ""}, [("name", "error", "has no name; every listing needs one")]),
    ({"latitude": "abc"}, [("latitude", "error", "latitude 'abc' is not a number; use decimal degrees like 30.2672")]),
    ({"latitude": "95"}, [("latitude", "error", "latitude 95 is outside -90..90")]),
    ({"longitude": ""}, [("latitude", "error", "has only one of latitude and longitude; give both, or leave both "
                                               "empty to place it by postal code or city")]),
    ({"website": "javascript:alert(1)"},
     [("website", "warning", "website 'javascript:alert(1)' is not an http(s) link; it was left out")]),
    ({"website": "lantern.example"},
     [("website", "warning", "website 'lantern.example' has no http(s)://; using https://lantern.example")]),
    ({"phone": "call me"},
     [("phone", "warning", "phone 'call me' does not look like a phone number; it was left out")]),
    ({"price_from": "cheap"},
     [("price_from", "warning", "price_from 'cheap' is not a number like 80 or 95.50; it was left out")]),
    ({"session_minutes": "0"},
     [("session_minutes", "warning", "session_minutes '0' is not a whole number of minutes (1-600); "
                                     "it was left out")]),
    ({"currency": "dollars"},
     [("currency", "warning", "currency 'DOLLARS' is not a 3-letter ISO code like USD; it was left out")]),
    ({"country": "Atlantis"},
     [("country", "warning", "country 'Atlantis' is not a country name or ISO code like US; it was left out")]),
    ({"latitude": "", "longitude": "", "country": ""},
     [("latitude", "error", "has nothing to locate it by; add latitude and longitude, or a postal code or city "
                            "with a country")]),
    ({"latitude": "", "longitude": "", "city": "Qwxzzyville"},
     [("latitude", "error", "could not place 'Qwxzzyville, US'; add latitude and longitude, or check the postal "
                            "code and city")]),
]
# fmt: on


def _seen(problems) -> list[tuple[str, str, str]]:
    return [(problem.field, problem.severity, problem.message) for problem in problems]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_the_form_and_the_loader_give_the_same_problems(change, expected, tmp_path: Path, geocoder):
    fields = {**BASE, **change}
    loaded = load_directory(write_rows(tmp_path / "one.csv", [{"id": "x", **fields}]), geocoder=geocoder)
    from_loader = [p for p in loaded.report.problems if p.line == 2]
    from_form = check_record(fields, studio_id="x", geocoder=geocoder).problems
    assert _seen(from_loader) == expected
    assert _seen(from_form) == expected


def test_a_good_suggestion_is_placed_by_the_gazetteer_as_a_csv_row_would_be(geocoder):
    checked = check_record({"name": "A", "postal_code": "83702", "country": "US"}, studio_id="x", geocoder=geocoder)
    assert checked.ok and checked.studio.precision == "postal_code"
    assert checked.studio.latitude == pytest.approx(43.6, abs=0.2)


def test_a_value_longer_than_the_form_allows_is_refused_with_its_field(geocoder):
    checked = check_record({"name": "x" * 121, "city": "Boise", "country": "US"}, studio_id="x", geocoder=geocoder)
    assert not checked.ok
    assert _seen(checked.problems) == [("name", "error", "name is longer than 120 characters; shorten it")]

"""What cannot be a place raises a clear error from the project's family, never a crash or a random match."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.errors import FinderError, InvalidQuery, LocationNotFound
from finder.geocoding import parse_coordinates


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "Type a place"),
        ("   ", "Type a place"),
        ("x" * 201, "at most 200"),
        ("Austin\x00TX", "control"),
        ("Austin\x1b[31m", "control"),
        ("🦶🦶💆", "no letters or digits"),
        ("!!! ???", "no letters or digits"),
        ("'; DROP TABLE studios; --", "looks like code"),
        ("1 OR 1=1", "looks like code"),
        ("<script>alert(1)</script>", "looks like code"),
        ("<img src=x onerror=alert(1)>", "looks like code"),
        ("95.0, 10.0", "Latitude 95 is outside -90..90"),
        ("45.0, 190.5", "Longitude 190.5 is outside -180..180"),
        (None, "Type a place"),
    ],
)
def test_invalid_queries_are_explained(geocoder, query, words):
    with pytest.raises(InvalidQuery, match=words.replace(".", r"\.").replace("(", r"\(")):
        geocoder.locate(query)


@pytest.mark.parametrize("query", ["Xqzvbn", "Nowhereville-upon-Nothing, TX", "Qwxz, TX", "a", "The"])
def test_unknown_places_are_not_found(geocoder, query):
    with pytest.raises(LocationNotFound, match="No place called"):
        geocoder.locate(query)


def test_misspelling_too_far_gets_suggestions(geocoder):
    with pytest.raises(LocationNotFound) as caught:
        geocoder.locate("Albuqerky")
    assert str(caught.value) == "No place called 'Albuqerky'. Did you mean Albuquerque, New Mexico, US?"
    assert caught.value.suggestions[0] == "Albuquerque, New Mexico, US"


def test_geopy_geocode_returns_none_when_not_found(geocoder):
    assert geocoder.geocode("Xqzvbn") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30.27, -97.74", (30.27, -97.74)),
        ("30.27 -97.74", (30.27, -97.74)),
        ("(0, 0)", (0.0, 0.0)),
        ("33.9S, 151.2E", (-33.9, 151.2)),
        ("Austin", None),
        ("78701", None),
        ("12 34", None),
    ],
)
def test_parse_coordinates(text, expected):
    assert parse_coordinates(text) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=220))
def test_no_string_makes_it_crash(geocoder, text):
    try:
        place = geocoder.locate(text)
    except (InvalidQuery, LocationNotFound):
        return
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=60))
def test_no_printable_text_makes_it_crash(geocoder, text):
    try:
        geocoder.locate(text)
    except FinderError as err:
        assert isinstance(err, (InvalidQuery, LocationNotFound))

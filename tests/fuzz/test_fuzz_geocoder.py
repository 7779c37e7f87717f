"""Fuzzing the geocoder: any text is a Place in range, or InvalidQuery / LocationNotFound with a message;
typed coordinates come back as they were typed."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from strategies import any_text, tricky_text

from finder.errors import InvalidQuery, LocationNotFound
from finder.geocoding.gazetteer import load_offline_geocoder
from finder.geocoding.place import Place

WORDS = ["Austin", "TX", "Portland", "Maine", "Berlin", "78701", "SW1A 1AA", "St", "Main", "Ontario", "Canada", "near"]
queries = st.one_of(
    any_text,
    tricky_text,
    st.lists(st.one_of(st.sampled_from(WORDS), any_text), min_size=1, max_size=5).map(", ".join),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
)


def check_place(place: Place) -> None:
    assert isinstance(place, Place) and place.label
    assert math.isfinite(place.latitude) and -90 <= place.latitude <= 90
    assert math.isfinite(place.longitude) and -180 <= place.longitude <= 180


@given(query=queries)
def test_any_text_is_a_place_or_a_message(query):
    try:
        check_place(load_offline_geocoder().locate(query))
    except (InvalidQuery, LocationNotFound) as err:
        assert str(err)


@given(
    latitude=st.floats(-90, 90, allow_nan=False),
    longitude=st.floats(-180, 180, allow_nan=False),
    separator=st.sampled_from([", ", ",", " ", "; ", " , "]),
)
def test_typed_coordinates_are_placed_where_they_were_typed(latitude, longitude, separator):
    place = load_offline_geocoder().locate(f"{latitude:.5f}{separator}{longitude:.5f}")
    check_place(place)
    assert place.precision == "coordinates"
    assert (place.latitude, place.longitude) == (round(latitude, 5) + 0.0, round(longitude, 5) + 0.0)

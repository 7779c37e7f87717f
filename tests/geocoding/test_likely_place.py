"""The likely place first: provinces, states and islands by their own names, words in any order without commas,
names typed without spaces; the less likely readings stay in the alternatives."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle


def assert_lands(place, latitude, longitude, tolerance_km, country, precision):
    distance = great_circle((latitude, longitude), (place.latitude, place.longitude)).km
    assert distance <= tolerance_km, f"{place.query!r} -> {place.label} is {distance:.0f} km away"
    assert place.country_code == country, place.label
    assert place.precision == precision, place.label


# (query, latitude, longitude, tolerance km, country): the area's centre, with region precision
AREAS = [
    ("Bali", -8.4, 115.2, 60, "ID"),  # not Bāli in West Bengal
    ("Bali, Indonesia", -8.4, 115.2, 60, "ID"),
    ("Sicily", 37.6, 14.2, 100, "IT"),
    ("Sardinia", 40.0, 9.0, 100, "IT"),
    ("Crete", 35.2, 24.9, 100, "GR"),  # not Crete, Illinois
    ("Corsica", 42.1, 9.1, 80, "FR"),
    ("Tasmania", -42.0, 146.6, 150, "AU"),
    ("Hawaii", 20.8, -157.5, 300, "US"),
    ("Hokkaido", 43.2, 142.8, 200, "JP"),
    ("Okinawa", 26.3, 127.8, 100, "JP"),
    ("Goa", 15.4, 74.0, 60, "IN"),
    ("Kerala", 10.4, 76.4, 150, "IN"),
    ("Queensland", -22.0, 144.0, 1200, "AU"),
    ("Prince Edward Island", 46.3, -63.2, 100, "CA"),
]


@pytest.mark.parametrize(
    ("query", "latitude", "longitude", "tolerance_km", "country"), AREAS, ids=[a[0] for a in AREAS]
)
def test_a_province_state_or_island_gives_the_area(geocoder, query, latitude, longitude, tolerance_km, country):
    assert_lands(geocoder.locate(query), latitude, longitude, tolerance_km, country, "region")


def test_the_town_of_the_same_name_is_one_click_away(geocoder):
    assert "Bāli, West Bengal, IN" in [place.label for place in geocoder.locate("Bali").alternatives]
    assert "Crete, Illinois, US" in [place.label for place in geocoder.locate("Crete").alternatives]


@pytest.mark.parametrize(
    ("query", "latitude", "longitude", "country"),
    [("Zurich", 47.37, 8.55, "CH"), ("Sao Paulo", -23.55, -46.64, "BR"), ("Cordoba", -31.41, -64.19, "AR")],
)
def test_a_folded_name_still_wins_in_its_own_country(geocoder, query, latitude, longitude, country):
    """A name written in ASCII in the data ("Zurich" canton) does not push aside the city of that name."""
    assert_lands(geocoder.locate(query), latitude, longitude, 10, country, "city")


# (query, latitude, longitude, country): a town, a region and a country in any order, no commas
FREE_ORDER = [
    ("Portland Maine US", 43.66, -70.26, "US"),
    ("Maine Portland", 43.66, -70.26, "US"),
    ("US Maine Portland", 43.66, -70.26, "US"),
    ("Texas Austin", 30.27, -97.74, "US"),
    ("France Paris", 48.85, 2.35, "FR"),
    ("Springfield Illinois US", 39.80, -89.64, "US"),
    ("Illinois Springfield", 39.80, -89.64, "US"),
    ("London Ontario Canada", 42.98, -81.23, "CA"),
    ("Ontario London", 42.98, -81.23, "CA"),
    ("Cambridge MA US", 42.38, -71.11, "US"),
    ("Sydney NSW Australia", -33.87, 151.21, "AU"),
    ("Australia Perth", -31.95, 115.86, "AU"),
    ("Kochi Kerala India", 9.94, 76.26, "IN"),
]


@pytest.mark.parametrize(("query", "latitude", "longitude", "country"), FREE_ORDER, ids=[f[0] for f in FREE_ORDER])
def test_three_parts_without_commas_in_any_order(geocoder, query, latitude, longitude, country):
    assert_lands(geocoder.locate(query), latitude, longitude, 10, country, "city")


# (typed, latitude, longitude, country, precision)
RUN_TOGETHER = [
    ("newyorkcity", 40.71, -74.01, "US", "city"),
    ("sanfrancisco", 37.77, -122.42, "US", "city"),
    ("losangeles", 34.05, -118.24, "US", "city"),
    ("saltlakecity", 40.76, -111.89, "US", "city"),
    ("mexicocity", 19.43, -99.13, "MX", "city"),
    ("capetown", -33.93, 18.42, "ZA", "city"),
    ("kansascity", 39.10, -94.58, "US", "city"),
    ("lasvegas", 36.17, -115.14, "US", "city"),
    ("NewYorkCity", 40.71, -74.01, "US", "city"),
    ("newhampshire", 43.0, -71.5, "US", "region"),
    ("northcarolina", 35.6, -79.4, "US", "region"),
]


@pytest.mark.parametrize(
    ("typed", "latitude", "longitude", "country", "precision"), RUN_TOGETHER, ids=[r[0] for r in RUN_TOGETHER]
)
def test_words_run_together_are_read_apart(geocoder, typed, latitude, longitude, country, precision):
    place = geocoder.locate(typed)
    assert_lands(place, latitude, longitude, 60 if precision == "region" else 10, country, precision)
    assert place.note is not None and place.note.startswith(f"Read '{typed}' as '")

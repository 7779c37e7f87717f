"""Placing CSV rows that have no coordinates: postal code first, then town (+ region) in a country."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle


@pytest.mark.parametrize(
    ("fields", "latitude", "longitude", "precision"),
    [
        ({"postal_code": "78701", "country": "US"}, 30.27, -97.74, "postal_code"),
        ({"postal_code": "78701"}, 30.27, -97.74, "postal_code"),
        ({"postal_code": "SW1A 1AA", "country": "GB"}, 51.50, -0.13, "postal_code"),
        ({"postal_code": "M5V 3L9", "city": "Toronto", "country": "Canada"}, 43.64, -79.40, "postal_code"),
        ({"postal_code": "10115", "city": "Berlin", "country": "DE"}, 52.53, 13.38, "postal_code"),
        ({"city": "Paris", "region": "TX", "country": "US"}, 33.66, -95.56, "city"),
        ({"city": "Portland", "region": "Maine", "country": "United States"}, 43.66, -70.26, "city"),
        ({"city": "München", "country": "Germany"}, 48.14, 11.58, "city"),
        ({"city": "Kochi", "country": "IN"}, 9.94, 76.26, "city"),
        ({"city": "Denvr", "region": "CO", "country": "US"}, 39.74, -104.98, "city"),
        ({"postal_code": "00000", "city": "Austin", "region": "TX", "country": "US"}, 30.27, -97.74, "city"),
    ],
)
def test_structured_rows_are_placed(geocoder, fields, latitude, longitude, precision):
    place = geocoder.place_structured(**fields)
    assert place is not None
    assert great_circle((latitude, longitude), (place.latitude, place.longitude)).km < 10
    assert place.precision == precision


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"city": "Xqzvbn", "country": "US"},
        {"city": "Paris", "country": "Atlantis"},
        {"postal_code": "00000", "country": "US"},
    ],
)
def test_structured_rows_that_cannot_be_placed_give_none(geocoder, fields):
    assert geocoder.place_structured(**fields) is None


def test_structured_is_cached(geocoder):
    first = geocoder.place_structured(city="Austin", region="TX", country="US")
    assert geocoder.place_structured(city="Austin", region="TX", country="US") is first

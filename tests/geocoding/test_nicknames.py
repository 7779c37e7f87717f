"""Every row of the nicknames table lands on the city people mean, and the literal readings stay one click away."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

from finder.geocoding.nicknames import NICKNAMES

# nickname -> (latitude, longitude, country code) of the city meant; within 25 km
EXPECTED = {
    "NYC": (40.71, -74.01, "US"),
    "Big Apple": (40.71, -74.01, "US"),
    "LA": (34.05, -118.24, "US"),
    "SF": (37.77, -122.42, "US"),
    "Frisco": (37.77, -122.42, "US"),
    "Philly": (39.95, -75.16, "US"),
    "DC": (38.90, -77.04, "US"),
    "KC": (39.10, -94.58, "US"),
    "Vegas": (36.17, -115.14, "US"),
    "NOLA": (29.95, -90.07, "US"),
    "Chi-Town": (41.88, -87.63, "US"),
    "ATL": (33.75, -84.39, "US"),
    "SLC": (40.76, -111.89, "US"),
    "OKC": (35.47, -97.52, "US"),
    "PDX": (45.52, -122.68, "US"),
    "STL": (38.63, -90.20, "US"),
    "ABQ": (35.08, -106.65, "US"),
    "Indy": (39.77, -86.16, "US"),
    "Jax": (30.33, -81.66, "US"),
    "Nashvegas": (36.17, -86.78, "US"),
    "TO": (43.70, -79.42, "CA"),
    "T.O.": (43.70, -79.42, "CA"),
    "The 6ix": (43.70, -79.42, "CA"),
    "MTL": (45.51, -73.59, "CA"),
    "YVR": (49.25, -123.12, "CA"),
    "YYC": (51.05, -114.07, "CA"),
    "LDN": (51.51, -0.13, "GB"),
    "Brum": (52.48, -1.90, "GB"),
    "Manny": (53.48, -2.24, "GB"),
    "Dub": (53.35, -6.26, "IE"),
    "Syd": (-33.87, 151.21, "AU"),
    "Melb": (-37.81, 144.96, "AU"),
    "Brissie": (-27.47, 153.03, "AU"),
    "Brisvegas": (-27.47, 153.03, "AU"),
    "Akl": (-36.85, 174.76, "NZ"),
    "Welly": (-41.29, 174.78, "NZ"),
    "Chch": (-43.53, 172.63, "NZ"),
    "BLR": (12.97, 77.59, "IN"),
    "Hyd": (17.38, 78.47, "IN"),
    "BKK": (13.75, 100.50, "TH"),
    "FFM": (50.11, 8.68, "DE"),
    "CDMX": (19.43, -99.13, "MX"),
    "DF": (19.43, -99.13, "MX"),
    "GDL": (20.67, -103.35, "MX"),
    "Jogja": (-7.80, 110.36, "ID"),
}


def test_every_row_of_the_table_has_a_case():
    assert set(EXPECTED) == set(NICKNAMES)


@pytest.mark.parametrize("nickname", sorted(NICKNAMES))
def test_a_nickname_lands_on_the_city_meant(geocoder, nickname):
    latitude, longitude, country = EXPECTED[nickname]
    for typed in (nickname, nickname.lower(), nickname.upper()):
        place = geocoder.locate(typed)
        distance = great_circle((latitude, longitude), (place.latitude, place.longitude)).km
        assert distance <= 25, f"{typed!r} -> {place.label} is {distance:.0f} km away"
        assert place.country_code == country and place.precision == "city"
        assert place.note == f"Read '{typed}' as {place.label}."


@pytest.mark.parametrize(
    ("typed", "also_meant"),
    [("LA", "Laos"), ("LA", "Louisiana, US"), ("TO", "Tonga"), ("DC", "District of Columbia, US")],
)
def test_the_literal_reading_is_one_click_away(geocoder, typed, also_meant):
    assert also_meant in [place.label for place in geocoder.locate(typed).alternatives]


@pytest.mark.parametrize(("query", "region"), [("Lafayette, LA", "Louisiana"), ("Vientiane, LA", "Vientiane")])
def test_a_nickname_after_a_comma_is_still_a_qualifier(geocoder, query, region):
    """ "LA" stands for Los Angeles only typed alone; after a town it is a state or a country code."""
    place = geocoder.locate(query)
    assert region in place.label

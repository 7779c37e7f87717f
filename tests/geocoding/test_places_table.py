"""A table of queries from every continent, with where they must land."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

# (query, latitude, longitude, tolerance km, precision, country code)
CASES = [
    # North America: cities, qualifiers, namesakes, abbreviations
    ("Austin, TX", 30.27, -97.74, 10, "city", "US"),
    ("austin   texas", 30.27, -97.74, 10, "city", "US"),
    ("Paris, TX", 33.66, -95.56, 10, "city", "US"),
    ("Paris TX", 33.66, -95.56, 10, "city", "US"),
    ("Portland", 45.52, -122.68, 15, "city", "US"),
    ("Portland, Maine", 43.66, -70.26, 10, "city", "US"),
    ("Portland ME", 43.66, -70.26, 10, "city", "US"),
    ("Springfield, IL", 39.80, -89.64, 10, "city", "US"),
    ("Springfield, MA", 42.10, -72.59, 10, "city", "US"),
    ("Denvr, CO", 39.74, -104.98, 10, "city", "US"),
    ("St. Louis", 38.63, -90.20, 10, "city", "US"),
    ("Saint Louis, MO", 38.63, -90.20, 10, "city", "US"),
    ("Mt. Shasta", 41.31, -122.31, 10, "city", "US"),
    ("Mount Shasta, CA", 41.31, -122.31, 10, "city", "US"),
    ("Ft. Worth", 32.73, -97.32, 10, "city", "US"),
    ("New York NY", 40.71, -74.01, 10, "city", "US"),
    ("Pittsbrugh", 40.44, -80.00, 10, "city", "US"),
    ("Dublin, OH", 40.10, -83.11, 10, "city", "US"),
    ("Vancouver, WA", 45.64, -122.66, 10, "city", "US"),
    ("Honolulu", 21.31, -157.86, 10, "city", "US"),
    ("Anchorage, Alaska", 61.22, -149.90, 10, "city", "US"),
    ("Toronto, ON", 43.70, -79.42, 15, "city", "CA"),
    ("London Ontario", 42.98, -81.23, 10, "city", "CA"),
    ("St. John's, NL", 47.56, -52.71, 10, "city", "CA"),
    ("Montréal", 45.51, -73.59, 15, "city", "CA"),
    ("Mexico City", 19.43, -99.13, 20, "city", "MX"),
    # postal codes
    ("78701", 30.27, -97.74, 5, "postal_code", "US"),
    ("90210", 34.09, -118.41, 5, "postal_code", "US"),
    ("02139-4307", 42.36, -71.10, 5, "postal_code", "US"),
    ("500 E 7th St, Austin, TX 78701", 30.27, -97.74, 5, "postal_code", "US"),
    ("M5V 3L9", 43.64, -79.40, 10, "postal_code", "CA"),
    ("H2X", 45.51, -73.57, 10, "postal_code", "CA"),
    ("SW1A 1AA", 51.50, -0.13, 10, "postal_code", "GB"),
    ("EC1A 1BB", 51.52, -0.10, 10, "postal_code", "GB"),
    ("10115 Berlin", 52.53, 13.38, 5, "postal_code", "DE"),
    ("75001 Paris", 48.86, 2.35, 5, "postal_code", "FR"),
    ("2000 NSW", -33.86, 151.20, 10, "postal_code", "AU"),
    ("3000 Melbourne", -37.81, 144.96, 10, "postal_code", "AU"),
    ("100-0001", 35.68, 139.75, 10, "postal_code", "JP"),
    ("1012 AB", 52.37, 4.90, 5, "postal_code", "NL"),
    ("1010 Wien", 48.21, 16.37, 5, "postal_code", "AT"),
    # coordinates: kept as typed, the country that of the nearest town
    ("30.27, -97.74", 30.27, -97.74, 0.01, "coordinates", "US"),
    ("30.27 -97.74", 30.27, -97.74, 0.01, "coordinates", "US"),
    ("-33.87,151.21", -33.87, 151.21, 0.01, "coordinates", "AU"),
    ("51.5N 0.12W", 51.5, -0.12, 0.01, "coordinates", "GB"),
    ("0, -140", 0.0, -140.0, 0.01, "coordinates", None),
    # Europe: accents and native names
    ("Paris", 48.85, 2.35, 10, "city", "FR"),
    ("Paris, FR", 48.85, 2.35, 10, "city", "FR"),
    ("München", 48.14, 11.58, 10, "city", "DE"),
    ("Munich", 48.14, 11.58, 10, "city", "DE"),
    ("Muenchen", 48.14, 11.58, 10, "city", "DE"),
    ("Kraków", 50.06, 19.94, 10, "city", "PL"),
    ("Krakow", 50.06, 19.94, 10, "city", "PL"),
    ("Köln", 50.93, 6.95, 10, "city", "DE"),
    ("Zurich", 47.37, 8.55, 10, "city", "CH"),
    ("Wien", 48.21, 16.37, 10, "city", "AT"),
    ("Москва", 55.75, 37.62, 15, "city", "RU"),
    ("Reykjavik", 64.14, -21.90, 10, "city", "IS"),
    ("Cambridge, UK", 52.20, 0.12, 10, "city", "GB"),
    ("Cambridge, MA", 42.38, -71.11, 10, "city", "US"),
    ("Dublin", 53.33, -6.25, 10, "city", "IE"),
    # South America
    ("São Paulo", -23.55, -46.64, 15, "city", "BR"),
    ("Sao Paulo", -23.55, -46.64, 15, "city", "BR"),
    ("Bogota", 4.61, -74.08, 10, "city", "CO"),
    ("Lima, Peru", -12.04, -77.03, 10, "city", "PE"),
    ("Santiago, Chile", -33.46, -70.65, 15, "city", "CL"),
    ("Buenos Aires", -34.61, -58.38, 20, "city", "AR"),
    # Asia
    ("Kochi, India", 9.94, 76.26, 15, "city", "IN"),
    ("Bangalore", 12.97, 77.59, 10, "city", "IN"),
    ("Tokyo", 35.69, 139.69, 15, "city", "JP"),
    ("東京", 35.69, 139.69, 15, "city", "JP"),
    ("Beijing", 39.91, 116.40, 15, "city", "CN"),
    ("Mumbai", 19.07, 72.88, 15, "city", "IN"),
    # Africa
    ("Lagos, Nigeria", 6.45, 3.39, 15, "city", "NG"),
    ("Nairobi", -1.28, 36.82, 10, "city", "KE"),
    ("Cairo", 30.06, 31.25, 15, "city", "EG"),
    ("Cape Town", -33.93, 18.42, 10, "city", "ZA"),
    # Oceania
    ("Sydney, NSW", -33.87, 151.21, 10, "city", "AU"),
    ("Perth, WA", -31.95, 115.86, 10, "city", "AU"),
    ("Hobart", -42.88, 147.33, 10, "city", "AU"),
    ("Auckland", -36.85, 174.76, 15, "city", "NZ"),
    ("Christchurch", -43.53, 172.63, 10, "city", "NZ"),
    # Antarctica's neighbourhood and the far north
    ("Nuuk", 64.18, -51.72, 10, "city", "GL"),
    ("Ushuaia", -54.80, -68.30, 10, "city", "AR"),
    # regions and countries
    ("Texas", 31.0, -97.5, 600, "region", "US"),
    ("Ontario, Canada", 44.0, -79.5, 600, "region", "CA"),
    ("France", 47.0, 2.4, 600, "country", "FR"),
]


@pytest.mark.parametrize(
    ("query", "latitude", "longitude", "tolerance_km", "precision", "country"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_query_lands_where_a_local_would_expect(geocoder, query, latitude, longitude, tolerance_km, precision, country):
    place = geocoder.locate(query)
    distance = great_circle((latitude, longitude), (place.latitude, place.longitude)).km
    assert distance <= tolerance_km, f"{query!r} -> {place.label} is {distance:.0f} km away"
    assert place.precision == precision
    assert place.country_code == country


def test_the_table_covers_every_continent_and_sixty_queries():
    assert len(CASES) >= 60

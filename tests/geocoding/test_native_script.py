"""Names typed in their own script find the same place as the English name, and a name typed exactly as a town
writes it comes before towns that only share its transliteration (the gazetteer's city_names, schema 5)."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

# typed, the English name, and (latitude, longitude) of the city; within 25 km
NATIVE = [
    ("München", "Munich", (48.14, 11.58)),
    ("Москва", "Moscow", (55.76, 37.62)),
    ("東京", "Tokyo", (35.68, 139.69)),
    ("서울", "Seoul", (37.57, 126.98)),
    ("Київ", "Kyiv", (50.45, 30.52)),
    ("北京", "Beijing", (39.90, 116.40)),
    ("मुंबई", "Mumbai", (19.08, 72.88)),
    ("Αθήνα", "Athens", (37.98, 23.73)),
    ("القاهرة", "Cairo", (30.04, 31.24)),
    ("กรุงเทพมหานคร", "Bangkok", (13.75, 100.50)),
    ("Санкт-Петербург", "Saint Petersburg", (59.94, 30.31)),
    ("大阪", "Osaka", (34.69, 135.50)),
    ("京都", "Kyoto", (35.01, 135.77)),
    ("Kraków", "Krakow", (50.06, 19.94)),
    ("Zürich", "Zurich", (47.37, 8.54)),
]


@pytest.mark.parametrize(("typed", "english", "where"), NATIVE)
def test_a_native_name_finds_the_place_of_the_english_one(geocoder, typed, english, where):
    place = geocoder.locate(typed)
    assert place.label == geocoder.locate(english).label
    assert great_circle(where, (place.latitude, place.longitude)).km < 25


@pytest.mark.parametrize(
    ("typed", "not_this"),
    [
        ("大阪", "Durban"),  # "daban", an old name of Durban, is what 大阪 transliterates to
        ("大阪", "Daban"),
        ("Kraków", "Krakow am See"),  # written "Krakow" only
    ],
)
def test_towns_that_only_transliterate_the_same_are_not_offered(geocoder, typed, not_this):
    place = geocoder.locate(typed)
    assert not_this not in place.label
    assert all(not_this not in alternative.label for alternative in place.alternatives)


def test_a_name_typed_in_latin_letters_still_finds_every_town_of_that_key(geocoder):
    assert geocoder.locate("Daban").label != geocoder.locate("大阪").label


@pytest.mark.parametrize(("query", "cc"), [("大阪, Japan", "JP"), ("Москва, Россия", "RU"), ("München, DE", "DE")])
def test_with_a_country_too(geocoder, query, cc):
    assert geocoder.locate(query).country_code == cc


def test_a_csv_row_in_native_script_is_placed(geocoder):
    place = geocoder.place_structured(city="大阪")
    assert place is not None and place.country_code == "JP"


def test_the_table_holds_names_as_typed_and_only_those_not_in_ascii(geocoder):
    db = geocoder.store.db()
    assert db.execute("SELECT count(*) FROM city_names WHERE name = '大阪'").fetchone()[0] >= 1
    assert db.execute("SELECT count(*) FROM city_names WHERE name = 'münchen'").fetchone()[0] >= 1
    assert db.execute("SELECT count(*) FROM city_names WHERE name = 'osaka'").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("prefix", "first"),
    [
        ("大阪", "Osaka, JP"),
        ("Моск", "Moscow, RU"),
        ("東京", "Tokyo, JP"),
        ("Mün", "Munich, Bavaria, DE"),
        ("São P", "São Paulo, BR"),
        ("Łód", "Łódź, Lodz Voivodeship, PL"),
    ],
)
def test_suggestions_for_text_in_its_own_script(geocoder, prefix, first):
    assert geocoder.suggest(prefix)[0].label == first


def test_suggestions_leave_out_towns_that_only_transliterate_alike(geocoder):
    labels = [place.label for place in geocoder.suggest("大阪")]
    assert not any(label.startswith(("Durban", "Daban,")) for label in labels)
    assert "Durban, KwaZulu-Natal, ZA" in [place.label for place in geocoder.suggest("Durb")]

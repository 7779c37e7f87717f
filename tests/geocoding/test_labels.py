"""Region names in labels: GeoNames' admin-1 names, in English, and no region when it is the city."""

from __future__ import annotations

import pytest

from finder.errors import LocationNotFound


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("Berlin", "Berlin, DE"),
        ("Moscow", "Moscow, RU"),
        ("Tokyo", "Tokyo, JP"),
        ("Nairobi", "Nairobi, Nairobi Area, KE"),
        ("Nagoya", "Nagoya, Aichi, JP"),
        ("Potsdam", "Potsdam, Brandenburg, DE"),
        ("Lyon", "Lyon, Auvergne-Rhône-Alpes, FR"),
        ("Austin, TX", "Austin, Texas, US"),
        ("Toronto", "Toronto, Ontario, CA"),
        ("10115 Berlin", "10115 Berlin, DE"),
    ],
)
def test_labels_name_the_right_region(geocoder, query, label):
    assert geocoder.locate(query).label == label


def test_city_state_keeps_its_region_field(geocoder):
    assert geocoder.locate("Berlin").region == "Berlin"


@pytest.mark.parametrize(
    ("query", "region"),
    [("Munich, Bayern", "Bavaria"), ("Munich, Bavaria", "Bavaria"), ("Dresden, Sachsen", "Saxony")],
)
def test_regions_answer_to_local_and_english_names(geocoder, query, region):
    assert geocoder.locate(query).region == region


def test_a_city_state_is_offered_once(geocoder):
    place = geocoder.locate("Berlin")
    assert "Berlin, DE" not in [alternative.label for alternative in place.alternatives]


@pytest.mark.parametrize("query", ["CS", "Serbia and Montenegro", "Antarctica"])
def test_a_country_without_towns_never_gives_empty_coordinates(geocoder, query):
    try:
        place = geocoder.locate(query)
    except LocationNotFound:
        return
    assert place.latitude is not None and place.longitude is not None

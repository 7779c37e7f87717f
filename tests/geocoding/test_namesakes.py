"""Namesakes first: alternatives are towns that bear the name, not towns that once had it as an alias."""

from __future__ import annotations

import pytest

from finder.geocoding.store import Town, rank_namesakes


def labels(place) -> list[str]:
    return [alternative.label for alternative in place.alternatives]


def test_portland_offers_its_namesakes_in_order(geocoder):
    place = geocoder.locate("Portland")
    assert place.label == "Portland, Oregon, US"
    offered = labels(place)
    assert offered[:2] == ["Portland, Maine, US", "Portland, Texas, US"]
    assert all(label.startswith("Portland, ") for label in offered)
    assert "Sandusky, Ohio, US" not in offered and "Blue Island, Illinois, US" not in offered


def test_portland_victoria_is_among_the_namesakes(geocoder):
    located = geocoder.geocode("Portland", exactly_one=False)
    assert "Portland, Victoria, AU" in [location.address for location in located]


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("Bombay", "Mumbai, Maharashtra, IN"),
        ("Munich", "Munich, Bavaria, DE"),
        ("München", "Munich, Bavaria, DE"),
        ("Krakow", "Kraków, Lesser Poland Voivodeship, PL"),
        ("Sao Paulo", "São Paulo, BR"),
        ("Wien", "Vienna, AT"),
    ],
)
def test_major_places_are_still_found_by_their_other_names(geocoder, query, label):
    assert geocoder.locate(query).label == label


def test_alias_only_match_is_used_when_nothing_bears_the_name():
    sandusky = Town(1, "Sandusky", "US", "OH", 41.4, -82.7, 25_000)
    ranked = rank_namesakes("portland", [(sandusky, "sandusky")])
    assert ranked == (sandusky,)


def test_minor_alias_goes_after_every_bearer():
    oregon = Town(1, "Portland", "US", "OR", 45.5, -122.7, 650_000)
    sandusky = Town(2, "Sandusky", "US", "OH", 41.4, -82.7, 25_000)
    victoria = Town(3, "Portland", "AU", "07", -38.3, 141.6, 9_000)
    ranked = rank_namesakes("portland", [(oregon, "portland"), (sandusky, "sandusky"), (victoria, "portland")])
    assert [town.id for town in ranked] == [1, 3, 2]
    assert [town.alias_only for town in ranked] == [False, False, True]


def test_a_much_bigger_alias_match_wins():
    mumbai = Town(1, "Mumbai", "IN", "16", 19.1, 72.9, 12_000_000)
    village = Town(2, "Bombay", "US", "NY", 44.9, -74.6, 1_200)
    ranked = rank_namesakes("bombay", [(mumbai, "mumbai"), (village, "bombay")])
    assert ranked[0] == mumbai and not ranked[0].alias_only

"""Islands that are not regions in the data ("Maui", "Mallorca") are placed on the island, at region precision."""

from __future__ import annotations

import pytest

from finder.geocoding.islands import ISLANDS

# island -> (south, west, north, east) of the island itself, and its country; the point must lie inside
ON_THE_ISLAND = {
    "Maui": ((20.57, -156.70, 21.03, -155.98), "US"),
    "Oahu": ((21.25, -158.29, 21.72, -157.64), "US"),
    "Kauai": ((21.86, -159.80, 22.24, -159.29), "US"),
    "Big Island": ((18.90, -156.10, 20.30, -154.80), "US"),
    "Molokai": ((21.05, -157.32, 21.22, -156.70), "US"),
    "Lanai": ((20.72, -157.06, 20.93, -156.80), "US"),
    "Mallorca": ((39.26, 2.30, 39.97, 3.48), "ES"),
    "Menorca": ((39.80, 3.79, 40.10, 4.33), "ES"),
    "Ibiza": ((38.82, 1.15, 39.13, 1.63), "ES"),
    "Formentera": ((38.64, 1.38, 38.81, 1.59), "ES"),
    "Tenerife": ((27.99, -16.93, 28.59, -16.11), "ES"),
    "Gran Canaria": ((27.73, -15.84, 28.19, -15.35), "ES"),
    "Lanzarote": ((28.83, -13.88, 29.25, -13.41), "ES"),
    "Fuerteventura": ((28.04, -14.52, 28.76, -13.82), "ES"),
    "Santorini": ((36.33, 25.33, 36.48, 25.49), "GR"),
    "Rhodes": ((35.87, 27.68, 36.47, 28.25), "GR"),
    "Bornholm": ((54.98, 14.68, 55.31, 15.17), "DK"),
    "Isle of Wight": ((50.57, -1.59, 50.77, -1.07), "GB"),
    "Isle of Skye": ((56.93, -6.80, 57.72, -5.64), "GB"),
    "Long Island": ((40.54, -74.05, 41.16, -71.85), "US"),
    "Newfoundland": ((46.60, -59.50, 51.70, -52.60), "CA"),
    "Vancouver Island": ((48.30, -128.50, 50.80, -123.20), "CA"),
    "Java": ((-8.80, 105.10, -5.80, 114.60), "ID"),
    "Sumatra": ((-6.00, 95.00, 6.00, 106.20), "ID"),
    "Lombok": ((-9.00, 115.80, -8.10, 116.80), "ID"),
    "Tahiti": ((-17.90, -149.65, -17.45, -149.10), "PF"),
}


def test_every_island_of_the_table_has_a_case():
    assert {island.name for island in ISLANDS} == set(ON_THE_ISLAND)


def _cases() -> list[tuple[str, str]]:
    return [(name, island.name) for island in ISLANDS for name in (island.name, *island.aliases)]


@pytest.mark.parametrize(("typed", "island"), _cases())
def test_an_island_by_its_name_is_placed_on_it(geocoder, typed, island):
    (south, west, north, east), cc = ON_THE_ISLAND[island]
    place = geocoder.locate(typed)
    assert place.label.startswith(f"{island}, ") and place.label.endswith(f", {cc}")
    assert place.precision == "region" and place.country_code == cc
    assert south <= place.latitude <= north and west <= place.longitude <= east
    assert "the island's main town" in place.note


@pytest.mark.parametrize(
    ("query", "island"),
    [
        ("Maui, Hawaii", "Maui"),
        ("Maui, HI, US", "Maui"),
        ("Oahu HI", "Oahu"),
        ("Mallorca, Spain", "Mallorca"),
        ("Mallorca Spain", "Mallorca"),
        ("Spain Ibiza", "Ibiza"),
        ("Tenerife, Canary Islands", "Tenerife"),
        ("Java, Indonesia", "Java"),
    ],
)
def test_an_island_with_its_region_or_country_is_the_island(geocoder, query, island):
    place = geocoder.locate(query)
    assert place.label.startswith(f"{island}, ") and place.precision == "region"


def test_an_island_in_another_country_is_not_that_island(geocoder):
    assert not geocoder.locate("Java, Georgia").label.startswith("Java, Jakarta")


@pytest.mark.parametrize(
    ("query", "namesake"),
    [("Java", "Java, Shida Kartli, GE"), ("Rhodes", "Rhodes, New South Wales, AU"), ("Ibiza", "Ibiza, Madrid, ES")],
)
def test_the_towns_of_an_islands_name_are_one_click_away(geocoder, query, namesake):
    place = geocoder.locate(query)
    assert place.precision == "region"
    assert namesake in [alternative.label for alternative in place.alternatives]


def test_a_town_named_like_an_island_is_found_with_its_region(geocoder):
    place = geocoder.locate("Rhodes, NSW")
    assert place.label == "Rhodes, New South Wales, AU" and place.precision == "city"


def test_islands_that_are_regions_stay_regions(geocoder):
    for name in ("Crete", "Sicily", "Bali", "Tasmania"):
        assert geocoder.locate(name).precision == "region"


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("Mau", "Maui, Hawaii, US"),
        ("Mallor", "Mallorca, Balearic Islands, ES"),
        ("Majo", "Mallorca, Balearic Islands, ES"),
        ("Gran Can", "Gran Canaria, Canary Islands, ES"),
        ("Oah", "Oahu, Hawaii, US"),
        ("Maui, H", "Maui, Hawaii, US"),
    ],
)
def test_islands_are_suggested_and_their_label_finds_them_again(geocoder, prefix, label):
    suggested = geocoder.suggest(prefix)
    assert label in [place.label for place in suggested]
    chosen = next(place for place in suggested if place.label == label)
    assert chosen.precision == "region"
    again = geocoder.locate(label)
    assert again.label == label and (again.latitude, again.longitude) == (chosen.latitude, chosen.longitude)


def test_an_island_is_not_suggested_in_another_country(geocoder):
    assert "Maui, Hawaii, US" not in [place.label for place in geocoder.suggest("Maui, S")]

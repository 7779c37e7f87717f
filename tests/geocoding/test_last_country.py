"""A postal code held by several countries goes to the country of the visitor's last search, after the qualifier
and the town typed with it, before the directory's countries and population."""

from __future__ import annotations

import pytest

from finder.geocoding import GeocoderChain
from finder.geocoding.lookup import locate


@pytest.mark.parametrize(
    ("query", "last_country", "expected"),
    [
        ("75001", None, "75001 Addison, Texas, US"),  # the directory's countries first, as before
        ("75001", "FR", "75001 Paris, Île-de-France, FR"),
        ("75001", "US", "75001 Addison, Texas, US"),
        ("75001", "JP", "75001 Addison, Texas, US"),  # Japan has no such code: the usual order
        ("10115", "DE", "10115 Berlin, DE"),
        ("10115", None, "10115 New York, US"),
        ("1010", "AT", "1010 Wien, Innere Stadt, Wien, AT"),
        ("1010", "NZ", "1010 Auckland, NZ"),
        ("2000", "ZA", "2000 Johannesburg, ZA"),
        ("80331", "MX", "80331 Las Trancas, Sinaloa, MX"),
        ("78701", "FR", "78701 Austin, Texas, US"),  # a code of one country stays there
    ],
)
def test_the_last_searchs_country_breaks_the_tie(geocoder, query, last_country, expected):
    assert geocoder.locate(query, last_country=last_country).label == expected


def test_the_other_countries_stay_one_click_away(geocoder):
    place = geocoder.locate("75001", last_country="FR")
    assert "75001 Addison, Texas, US" in [alternative.label for alternative in place.alternatives]


@pytest.mark.parametrize(
    ("query", "last_country", "country"),
    [
        ("75001, US", "FR", "US"),  # the qualifier comes first
        ("75001, France", "US", "FR"),
        ("75001 Paris", "US", "FR"),  # then the town typed with the code
        ("75001 Addison", "FR", "US"),
    ],
)
def test_what_was_typed_comes_before_the_last_search(geocoder, query, last_country, country):
    assert geocoder.locate(query, last_country=last_country).country_code == country


def test_a_town_is_not_moved_by_the_last_search(geocoder):
    assert geocoder.locate("Paris", last_country="US").country_code == "FR"


def test_the_chain_and_the_one_call_hand_it_on(geocoder):
    chain = GeocoderChain(geocoder)
    assert chain.locate("75001", last_country="FR").country_code == "FR"
    assert locate("75001", locator=lambda: chain, last_country="FR").country_code == "FR"
    assert locate("75001", locator=lambda: chain).country_code == "US"

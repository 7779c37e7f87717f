"""Namesakes and qualifiers: the most populous wins, qualifiers are respected, alternatives come back."""

from __future__ import annotations

import pytest


def test_unqualified_namesake_offers_the_others(geocoder):
    place = geocoder.locate("Portland")
    assert place.label == "Portland, Oregon, US"
    assert "Portland, Maine, US" in [alternative.label for alternative in place.alternatives]


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("Paris, TX", "Texas"),
        ("Paris, Texas", "Texas"),
        ("Kochi, India", "Kerala"),
        ("Denvr, CO", "Colorado"),
        ("Springfield, Illinois, USA", "Illinois"),
        ("Austin, TX, US", "Texas"),
        ("Perth, WA", "Western Australia"),
    ],
)
def test_qualifier_is_respected(geocoder, query, region):
    assert geocoder.locate(query).region == region


@pytest.mark.parametrize(
    ("query", "country"),
    [("Denvr, CO", "US"), ("Paris, FR", "FR"), ("Bogota, CO", "CO"), ("Medellin, Colombia", "CO")],
)
def test_two_letter_codes_prefer_the_reading_that_matches(geocoder, query, country):
    assert geocoder.locate(query).country_code == country


def test_labels_are_consistent(geocoder):
    assert geocoder.locate("Austin, TX").label == "Austin, Texas, US"
    assert geocoder.locate("78701").label == "78701 Austin, Texas, US"
    assert geocoder.locate("Texas").label == "Texas, US"


def test_fuzzy_reading_says_so(geocoder):
    place = geocoder.locate("Pittsbrugh")
    assert place.label == "Pittsburgh, Pennsylvania, US"
    assert "Pittsburgh" in place.note


def test_street_address_without_postal_code_is_placed_by_town(geocoder):
    place = geocoder.locate("500 E 7th St, Austin, TX")
    assert (place.label, place.precision) == ("Austin, Texas, US", "city")
    assert "street" in place.note


def test_street_address_with_zip_is_placed_by_zip(geocoder):
    place = geocoder.locate("500 E 7th St, Austin, TX 78701")
    assert place.precision == "postal_code"
    assert "street" in place.note

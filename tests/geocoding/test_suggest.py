"""OfflineGeocoder.suggest: the places a prefix may be the start of, most likely first, each of which
searches to the place it names."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.ui.suggest import suggestion_labels


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Austi", "Austin, Texas, US"),
        ("Portland, Ma", "Portland, Maine, US"),
        ("Portland, Or", "Portland, Oregon, US"),
        ("Tex", "Texas, US"),
        ("Fra", "France"),
        ("Munc", "Munich, Bavaria, DE"),
        ("Københ", "Copenhagen, Capital Region, DK"),
        ("Москва", "Moscow, RU"),
        ("東京", "Tokyo, JP"),
        ("St. Lou", "St. Louis, Missouri, US"),
        ("787", "78701 Austin, Texas, US"),
        ("newyo", "New York City, New York, US"),
    ],
)
def test_suggestions_hold_the_place_meant(geocoder, prefix, expected):
    labels = [place.label for place in geocoder.suggest(prefix)]
    assert expected in labels, labels
    assert len(labels) <= 8


@pytest.mark.parametrize("prefix", ["Austi", "Portland, Ma", "Munc", "787", "Tex", "Zur"])
def test_each_suggestion_searches_to_the_place_it_names(geocoder, prefix):
    for suggestion in geocoder.suggest(prefix, limit=5):
        place = geocoder.locate(suggestion.label)
        distance = great_circle((place.latitude, place.longitude), (suggestion.latitude, suggestion.longitude)).km
        assert distance < 25, (suggestion.label, place.label)


@pytest.mark.parametrize("prefix", ["", "a", " ", "1", None, "✓"])
def test_under_two_characters_nothing_is_suggested(geocoder, prefix):
    assert geocoder.suggest(prefix) == ()


def test_the_limit_is_kept(geocoder):
    assert len(geocoder.suggest("San", limit=3)) == 3
    assert geocoder.suggest("San", limit=0) == ()


def test_the_app_helper_gives_labels():
    assert "Austin, Texas, US" in suggestion_labels("Austi")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_suggest_never_crashes(text):
    from finder.geocoding.gazetteer import load_offline_geocoder

    for place in load_offline_geocoder().suggest(text):
        assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180

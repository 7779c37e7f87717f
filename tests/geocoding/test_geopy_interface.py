"""The offline geocoder is a geopy Geocoder: Location out, raw carries source, precision, alternatives."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder

from finder.errors import GazetteerMissing
from finder.geocoding import OfflineGeocoder, load_offline_geocoder


def test_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


def test_geocode_returns_location_with_raw(geocoder):
    location = geocoder.geocode("Portland")
    assert location.address == "Portland, Oregon, US"
    assert location.raw["source"] == "offline" and location.raw["precision"] == "city"
    assert location.raw["country_code"] == "US" and location.raw["region"] == "Oregon"
    assert {"label", "latitude", "longitude", "precision"} <= set(location.raw["alternatives"][0])


def test_geocode_many(geocoder):
    locations = geocoder.geocode("Portland", exactly_one=False)
    assert len(locations) > 1 and locations[0].address == "Portland, Oregon, US"


def test_coordinates_source(geocoder):
    assert geocoder.geocode("30.27, -97.74").raw["source"] == "coordinates"


def test_missing_gazetteer_says_what_to_do(tmp_path):
    with pytest.raises(GazetteerMissing, match="run `make gazetteer`"):
        OfflineGeocoder(tmp_path / "missing.sqlite")


def test_env_override(gazetteer_path, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(gazetteer_path))
    assert OfflineGeocoder().path == gazetteer_path


def test_load_is_cached(gazetteer_path, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(gazetteer_path))
    assert load_offline_geocoder() is load_offline_geocoder()

"""Geocoding: read what a person types as a place, offline first, optionally online for streets."""

from __future__ import annotations

from functools import cache

from finder.geocoding.gazetteer import GazetteerMissing, OfflineGeocoder
from finder.geocoding.online import GeocoderChain, geocoder_from_env
from finder.geocoding.parse import parse_coordinates
from finder.geocoding.place import PRECISIONS, Place


@cache
def load_offline_geocoder() -> OfflineGeocoder:
    """The process-wide offline geocoder (read-only, safe to share across threads)."""
    return OfflineGeocoder()


__all__ = [
    "PRECISIONS",
    "GazetteerMissing",
    "GeocoderChain",
    "OfflineGeocoder",
    "Place",
    "geocoder_from_env",
    "load_offline_geocoder",
    "parse_coordinates",
]

"""Geocoding: read what a person types as a place, offline first, optionally online for streets.

``parse`` reads what was typed, ``store`` reads the gazetteer file, ``gazetteer`` decides which reading
wins (with ``qualifiers``, ``fuzzy`` and ``labels``), ``online`` refines street addresses through geopy,
and ``lookup.locate`` is the one call the app and the CLI make.
"""

from finder.errors import GazetteerMissing, GazetteerOutdated, GazetteerUnavailable
from finder.geocoding.gazetteer import OfflineGeocoder, load_offline_geocoder
from finder.geocoding.lookup import locate
from finder.geocoding.online import GeocoderChain, geocoder_from_env
from finder.geocoding.parse import parse_coordinates
from finder.geocoding.place import PRECISIONS, Place, Precision

__all__ = [
    "PRECISIONS",
    "GazetteerMissing",
    "GazetteerOutdated",
    "GazetteerUnavailable",
    "GeocoderChain",
    "OfflineGeocoder",
    "Place",
    "Precision",
    "geocoder_from_env",
    "load_offline_geocoder",
    "locate",
    "parse_coordinates",
]

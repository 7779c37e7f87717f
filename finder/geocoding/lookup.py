"""The one call that places what a person typed: the app and the CLI both wrap it."""

from __future__ import annotations

from collections.abc import Callable

from finder.errors import GazetteerUnavailable
from finder.geocoding.online import geocoder_from_env
from finder.geocoding.parse import clean_query, parse_coordinates
from finder.geocoding.place import Locator, Place, coordinates_only
from finder.geocoding.store import gazetteer_path, reading


def locate(query: str, *, locator: Callable[[], Locator] = geocoder_from_env, last_country: str | None = None) -> Place:
    """A Place for ``query``, by the geocoder ``locator`` gives (default: the chain the environment configures).
    ``last_country``: the country of the visitor's last search, which a postal code shared by several countries
    follows (OfflineGeocoder.locate).

    When the gazetteer cannot be used (not built, outdated, damaged), typed coordinates still work: they are
    placed as they are, and anything else raises the gazetteer's error, which says how to fix it.
    Raises InvalidQuery or LocationNotFound (with suggestions) for what cannot be a place.
    """
    try:
        with reading(gazetteer_path()):  # a file damaged while in use fails as the gazetteer's error
            return locator().locate(query, last_country=last_country)
    except GazetteerUnavailable:
        coordinates = parse_coordinates(clean_query(query))
        if coordinates is None:
            raise
        return coordinates_only(query, *coordinates)

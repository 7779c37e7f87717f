"""Place: where a query was understood to be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol

from finder.geo import PRECISIONS, Precision

#: Where a Place came from: typed coordinates, the offline gazetteer, or else the name of the
#: online geopy service that answered ("nominatim"): an open set, so ``Place.source`` is a str.
COORDINATES: Final = "coordinates"
OFFLINE: Final = "offline"


@dataclass(frozen=True)
class Place:
    """A located place: what was typed, how we read it, and where it is."""

    query: str
    label: str  # for people: "Austin, Texas, US"
    latitude: float
    longitude: float
    precision: Precision
    source: str  # COORDINATES, OFFLINE, or an online geocoder's name such as "nominatim"
    country_code: str | None = None  # ISO 3166 alpha-2, upper case
    region: str | None = None  # the admin-1 name, "Texas"
    alternatives: tuple[Place, ...] = ()  # other readings of an ambiguous query, most likely first
    note: str | None = None  # e.g. "Street-level lookup failed; placed by postal code."


class Locator(Protocol):
    """Anything that reads a query as a Place: the offline geocoder, the online chain, a test's fake.

    ``last_country`` is the country (ISO alpha-2) of the visitor's last search, a tie-break between countries that
    share a postal code; a locator may ignore it.
    """

    def locate(self, query: str, *, last_country: str | None = None) -> Place: ...


def coordinates_only(query: str, latitude: float, longitude: float) -> Place:
    """Typed coordinates as a Place, named by the coordinates themselves (no gazetteer needed)."""
    return Place(
        query=query,
        label=f"{latitude:.5f}, {longitude:.5f}",
        latitude=latitude,
        longitude=longitude,
        precision="coordinates",
        source=COORDINATES,
    )


__all__ = ["COORDINATES", "OFFLINE", "PRECISIONS", "Locator", "Place", "Precision", "coordinates_only"]

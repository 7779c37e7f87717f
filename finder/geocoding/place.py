"""Place: where a query was understood to be."""

from __future__ import annotations

from dataclasses import dataclass

#: How exactly a place is known, finest first.
PRECISIONS = ("coordinates", "street", "postal_code", "city", "region", "country")


@dataclass(frozen=True)
class Place:
    """A located place: what was typed, how we read it, and where it is."""

    query: str
    label: str  # for people: "Austin, Texas, US"
    latitude: float
    longitude: float
    precision: str  # one of PRECISIONS
    source: str  # "coordinates", "offline", or an online geocoder's name such as "nominatim"
    country_code: str | None = None  # ISO 3166 alpha-2, upper case
    region: str | None = None  # the admin-1 name, "Texas"
    alternatives: tuple[Place, ...] = ()  # other readings of an ambiguous query, most likely first
    note: str | None = None  # e.g. "Street-level lookup failed; placed by postal code."

"""Gazetteer rows as Places people read: "Austin, Texas, US", "78701 Austin, Texas, US", "Berlin, DE"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from finder.geo import Precision
from finder.geocoding.normalize import place_key
from finder.geocoding.place import Place, coordinates_only
from finder.geocoding.store import Gazetteer, PostalRow, Scope, Town

MAX_ALTERNATIVES = 5

_PARENTHESES = re.compile(r"\s*\(.*\)\s*$")


def _label(name: str, region: str | None, cc: str) -> str:
    """Name, region and country code; the region is left out when it is the town itself ("Berlin, DE")."""
    if region and place_key(region) == place_key(name):
        region = None
    return ", ".join(part for part in (name, region, cc) if part)


def _offline(
    query: str, label: str, lat: float, lon: float, precision: Precision, cc: str, region: str | None, **extra: object
) -> Place:
    return Place(
        query=query,
        label=label,
        latitude=lat,
        longitude=lon,
        precision=precision,
        source="offline",
        country_code=cc,
        region=region,
        **extra,
    )


def town_place(gazetteer: Gazetteer, query: str, town: Town, **extra: object) -> Place:
    region = gazetteer.region_name(town.cc, town.admin1)
    return _offline(query, _label(town.name, region, town.cc), town.lat, town.lon, "city", town.cc, region, **extra)


def island_place(query: str, island_name: str, town: Place) -> Place:
    """An island placed at its main town ("Maui, Hawaii, US" at Kahului), at region precision."""
    return replace(
        town,
        query=query,
        label=_label(island_name, town.region, town.country_code or ""),
        precision="region",
        note=f"Placed at {town.label}, the island's main town.",
        alternatives=(),
    )


def coordinates_place(gazetteer: Gazetteer, query: str, latitude: float, longitude: float) -> Place:
    """Typed coordinates, kept exactly, named by the nearest town within NEAR_TOWN_KM when there is one.

    "30.27000, -97.74000 (near Austin, Texas, US)" with Austin's country and region, so distances come in the
    units of that country; out at sea, just the coordinates and no country.
    """
    place = coordinates_only(query, latitude, longitude)
    nearest = gazetteer.nearest_town(latitude, longitude)
    if nearest is None:
        return place
    town, _ = nearest
    region = gazetteer.region_name(town.cc, town.admin1)
    return replace(
        place, label=f"{place.label} (near {_label(town.name, region, town.cc)})", country_code=town.cc, region=region
    )


def postal_place(query: str, row: PostalRow, **extra: object) -> Place:
    place = _PARENTHESES.sub("", row.place) or row.place  # "Downtown Toronto (CN Tower / ...)" -> "Downtown Toronto"
    label = f"{row.code} {_label(place, row.region, row.cc)}"
    return _offline(query, label, row.lat, row.lon, "postal_code", row.cc, row.region or None, **extra)


def region_place(gazetteer: Gazetteer, query: str, cc: str, admin1: str) -> Place:
    region = gazetteer.regions[(cc, admin1)]
    return _offline(query, f"{region.name}, {cc}", region.lat, region.lon, "region", cc, region.name)


def country_place(gazetteer: Gazetteer, query: str, cc: str) -> Place:
    country = gazetteer.countries[cc]
    return _offline(query, country.name, country.lat, country.lon, "country", cc, None)


def scope_place(gazetteer: Gazetteer, query: str, scope: Scope) -> Place:
    if scope.admin1:
        return region_place(gazetteer, query, scope.cc, scope.admin1)
    return country_place(gazetteer, query, scope.cc)


def scope_label(gazetteer: Gazetteer, scope: Scope) -> str:
    if scope.admin1:
        return f"{gazetteer.region_name(scope.cc, scope.admin1)}, {scope.cc}"
    return gazetteer.countries[scope.cc].name if scope.cc else "anywhere"


def namesakes(towns: list[Town] | tuple[Town, ...], chosen: Town) -> list[Town]:
    """The other towns worth offering as "did you mean": minor alternate-name matches are left out."""
    return [town for town in towns if town.id != chosen.id and (chosen.alias_only or not town.alias_only)]


def town_alternatives(gazetteer: Gazetteer, query: str, towns: Sequence[Town], chosen: Town) -> tuple[Place, ...]:
    others = namesakes(towns, chosen)[:MAX_ALTERNATIVES]
    return tuple(town_place(gazetteer, query, town) for town in others)

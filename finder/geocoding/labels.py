"""Gazetteer rows as Places people read: "Austin, Texas, US", "78701 Austin, Texas, US", "Berlin, DE"."""

from __future__ import annotations

import re

from finder.geocoding.normalize import place_key
from finder.geocoding.place import Place
from finder.geocoding.store import Gazetteer, Scope, Town

MAX_ALTERNATIVES = 5

_PARENTHESES = re.compile(r"\s*\(.*\)\s*$")


def _label(name: str, region: str | None, cc: str) -> str:
    """Name, region and country code; the region is left out when it is the town itself ("Berlin, DE")."""
    if region and place_key(region) == place_key(name):
        region = None
    return ", ".join(part for part in (name, region, cc) if part)


def town_place(gazetteer: Gazetteer, query: str, town: Town, **extra) -> Place:
    region = gazetteer.region_name(town.cc, town.admin1)
    return Place(
        query=query,
        label=_label(town.name, region, town.cc),
        latitude=town.lat,
        longitude=town.lon,
        precision="city",
        source="offline",
        country_code=town.cc,
        region=region,
        **extra,
    )


def coordinates_place(gazetteer: Gazetteer, query: str, latitude: float, longitude: float) -> Place:
    """Typed coordinates, kept exactly, named by the nearest town within NEAR_TOWN_KM when there is one.

    "30.27000, -97.74000 (near Austin, Texas, US)" with Austin's country and region, so distances come in the
    units of that country; out at sea, just the coordinates and no country.
    """
    label = f"{latitude:.5f}, {longitude:.5f}"
    nearest = gazetteer.nearest_town(latitude, longitude)
    if nearest is None:
        return Place(
            query=query, label=label, latitude=latitude, longitude=longitude,
            precision="coordinates", source="coordinates",
        )
    town, _ = nearest
    region = gazetteer.region_name(town.cc, town.admin1)
    return Place(
        query=query,
        label=f"{label} (near {_label(town.name, region, town.cc)})",
        latitude=latitude,
        longitude=longitude,
        precision="coordinates",
        source="coordinates",
        country_code=town.cc,
        region=region,
    )


def postal_place(query: str, row: tuple, **extra) -> Place:
    code, cc, place, region, lat, lon = row
    place = _PARENTHESES.sub("", place) or place  # "Downtown Toronto (CN Tower / ...)" -> "Downtown Toronto"
    return Place(
        query=query,
        label=f"{code} {_label(place, region, cc)}",
        latitude=lat,
        longitude=lon,
        precision="postal_code",
        source="offline",
        country_code=cc,
        region=region or None,
        **extra,
    )


def region_place(gazetteer: Gazetteer, query: str, cc: str, admin1: str) -> Place:
    _, _, name, _, lat, lon, _ = gazetteer.regions[(cc, admin1)]
    return Place(
        query=query,
        label=f"{name}, {cc}",
        latitude=lat,
        longitude=lon,
        precision="region",
        source="offline",
        country_code=cc,
        region=name,
    )


def country_place(gazetteer: Gazetteer, query: str, cc: str) -> Place:
    _, name, lat, lon, _ = gazetteer.countries[cc]
    return Place(
        query=query, label=name, latitude=lat, longitude=lon, precision="country", source="offline",
        country_code=cc,
    )


def scope_place(gazetteer: Gazetteer, query: str, scope: Scope) -> Place:
    if scope.admin1:
        return region_place(gazetteer, query, scope.cc, scope.admin1)
    return country_place(gazetteer, query, scope.cc)


def scope_label(gazetteer: Gazetteer, scope: Scope) -> str:
    if scope.admin1:
        return f"{gazetteer.region_name(scope.cc, scope.admin1)}, {scope.cc}"
    return gazetteer.countries[scope.cc][1] if scope.cc else "anywhere"


def namesakes(towns: list[Town] | tuple[Town, ...], chosen: Town) -> list[Town]:
    """The other towns worth offering as "did you mean": minor alternate-name matches are left out."""
    return [town for town in towns if town.id != chosen.id and (chosen.alias_only or not town.alias_only)]


def town_alternatives(gazetteer: Gazetteer, query: str, towns, chosen: Town) -> tuple[Place, ...]:
    others = namesakes(towns, chosen)[:MAX_ALTERNATIVES]
    return tuple(town_place(gazetteer, query, town) for town in others)

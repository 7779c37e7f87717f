"""Islands people search by their own name that the gazetteer does not hold as an area.

GeoNames has islands as features of class T (ISL, ISLS), but the sources the gazetteer is built from carry only
its towns (P), countries and admin-1 regions: an island that is a region ("Crete", "Bali", "Sicily") is found as
one, the others ("Maui", "Mallorca") would be a misspelling of a town elsewhere. This small table names each
one's main town, a query the gazetteer places exactly; the island is placed there, at region precision.
Every row has a test (tests/geocoding/test_islands.py) that checks the point lies on the island.
"""

from __future__ import annotations

from typing import NamedTuple

from finder.geocoding.normalize import place_key
from finder.geocoding.parse import split_parts
from finder.geocoding.qualifiers import consume_qualifiers
from finder.geocoding.store import Gazetteer, Town


class Island(NamedTuple):
    """An island: the name it is shown by, its main town (as a query), and other names people type."""

    name: str
    town: str
    aliases: tuple[str, ...] = ()


ISLANDS: tuple[Island, ...] = (
    # Hawaii
    Island("Maui", "Kahului, HI, US"),
    Island("Oahu", "Honolulu, HI, US", ("O'ahu",)),
    Island("Kauai", "Lihue, HI, US", ("Kaua'i",)),
    Island("Big Island", "Hilo, HI, US", ("Hawaii Island", "Island of Hawaii")),
    Island("Molokai", "Kaunakakai, HI, US", ("Moloka'i",)),
    Island("Lanai", "Lanai City, HI, US", ("Lana'i",)),
    # Spain: the Balearic and the Canary Islands
    Island("Mallorca", "Palma, Balearic Islands, ES", ("Majorca",)),
    Island("Menorca", "Maó, Balearic Islands, ES", ("Minorca",)),
    Island("Ibiza", "Ibiza, Balearic Islands, ES", ("Eivissa",)),
    Island("Formentera", "Sant Francesc de Formentera, ES"),
    Island("Tenerife", "Santa Cruz de Tenerife, ES"),
    Island("Gran Canaria", "Las Palmas de Gran Canaria, ES"),
    Island("Lanzarote", "Arrecife, ES"),
    Island("Fuerteventura", "Puerto del Rosario, ES"),
    # Greece, Denmark, the United Kingdom
    Island("Santorini", "Fira, GR", ("Thira",)),
    Island("Rhodes", "Rhodes, GR", ("Rodos",)),
    Island("Bornholm", "Rønne, DK"),
    Island("Isle of Wight", "Newport, England, GB"),
    Island("Isle of Skye", "Portree, GB"),
    # North America
    Island("Long Island", "Hempstead, NY, US"),
    Island("Newfoundland", "St. John's, Newfoundland and Labrador, CA"),
    Island("Vancouver Island", "Victoria, BC, CA"),
    # Indonesia, French Polynesia
    Island("Java", "Jakarta, ID", ("Jawa",)),
    Island("Sumatra", "Medan, ID", ("Sumatera",)),
    Island("Lombok", "Mataram, ID"),
    Island("Tahiti", "Papeete, PF"),
)

_BY_KEY = {place_key(name): island for island in ISLANDS for name in (island.name, *island.aliases)}


def island_named(text: str) -> Island | None:
    """The island a name (or alternate name) is, or None."""
    return _BY_KEY.get(place_key(text))


def islands_starting(key: str) -> list[Island]:
    """The islands one of whose names starts with a place key ("mau": Maui), in table order, each once."""
    found = {island.name: island for name_key, island in _BY_KEY.items() if name_key.startswith(key)}
    return list(found.values())


def main_town(gazetteer: Gazetteer, island: Island) -> Town | None:
    """The island's main town, read from its query ("Ibiza, Balearic Islands, ES") as a town, never the island."""
    remaining, scopes = consume_qualifiers(gazetteer, split_parts(island.town))
    towns = gazetteer.towns_in(remaining[0], scopes)
    return towns[0] if towns else None


__all__ = ["ISLANDS", "Island", "island_named", "islands_starting", "main_town"]

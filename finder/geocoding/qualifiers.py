"""Reading qualifiers: which region or country "TX", "Ontario" or "Colombia" points to, and which part
of a query is the town ("500 E 7th St, Austin, TX" -> "Austin" in Texas; "Portland Maine" -> "Portland"
in Maine).
"""

from __future__ import annotations

from itertools import combinations, pairwise, permutations

from finder.geocoding.normalize import place_key
from finder.geocoding.parse import is_street_part
from finder.geocoding.store import Gazetteer, PostalRow, Scope

ANYWHERE = Scope()

#: Regions whose two- and three-letter codes people use as freely as country codes ("Paris, TX").
ABBREVIATION_FIRST = ("US", "CA", "AU")


#: Which country a bare postal code most likely belongs to, when nothing else says.
POSTAL_PRIORITY = ("US", "GB", "CA", "AU", "DE", "FR", "NL", "JP", "IN", "BR", "MX", "ES", "IT", "NZ")


def postal_rank(row: PostalRow) -> int:
    """How likely a postal row's country is for a code typed alone (lower is likelier)."""
    return POSTAL_PRIORITY.index(row.cc) if row.cc in POSTAL_PRIORITY else len(POSTAL_PRIORITY)


def qualifier_scopes(gazetteer: Gazetteer, text: str, within: Scope = ANYWHERE) -> list[Scope]:
    """Every reading of a region or country qualifier, most likely first.

    Regions of the US, Canada and Australia come before countries ("CO" is Colorado before
    Colombia), countries before other regions; the caller keeps the first reading that matches.
    """
    key = place_key(text)
    if len(key) < 2:
        return []
    first, countries, others = [], [], []
    for cc, admin1, is_abbr in gazetteer.region_keys.get(key, ()):
        if within.cc and cc != within.cc or within.admin1:
            continue
        population = gazetteer.regions[(cc, admin1)].population
        rank = (ABBREVIATION_FIRST.index(cc) if cc in ABBREVIATION_FIRST else 9, is_abbr, -population)
        (first if cc in ABBREVIATION_FIRST else others).append((rank, Scope(cc, admin1)))
    if not within.cc:
        countries = [((0,), Scope(cc)) for cc in sorted(gazetteer.country_keys.get(key, ()))]
    ordered = sorted(first) + countries + sorted(others)
    return [scope for _, scope in ordered]


def narrowed(gazetteer: Gazetteer, text: str, scopes: list[Scope]) -> list[Scope]:
    """The readings of `text` as a qualifier within any of `scopes`, in order, without repeats."""
    readings: list[Scope] = []
    for scope in scopes:
        for reading in qualifier_scopes(gazetteer, text, within=scope):
            if reading not in readings:
                readings.append(reading)
    return readings


def consume_qualifiers(gazetteer: Gazetteer, parts: list[str]) -> tuple[list[str], list[Scope]]:
    """Take region/country qualifiers off the right end: "Austin, TX, USA" -> ["Austin"], [US-TX]."""
    scopes = [Scope()]
    remaining = list(parts)
    while len(remaining) > 1:
        readings = narrowed(gazetteer, remaining[-1], scopes)
        if not readings:
            break
        scopes = readings
        remaining.pop()
    return remaining, scopes


def town_readings(gazetteer: Gazetteer, remaining: list[str], scopes: list[Scope]) -> list[tuple[str, list[Scope]]]:
    """(town text, scopes) readings to try, in order: "Portland Maine" is also "Portland" in Maine."""
    town_parts = [part for part in reversed(remaining) if not is_street_part(part)] or [remaining[-1]]
    readings = [(part, scopes) for part in town_parts]
    words = town_parts[0].split()
    for cut in range(1, min(3, len(words) - 1) + 1):
        qualifier, town = " ".join(words[-cut:]), " ".join(words[:-cut])
        within = [reading for scope in scopes for reading in qualifier_scopes(gazetteer, qualifier, within=scope)]
        if within:
            readings.append((town, within))
    return readings


#: Names without commas are read in free order ("Maine Portland", "Portland Maine US") up to this many words.
FREE_ORDER_WORDS = 6


def free_order_readings(gazetteer: Gazetteer, text: str) -> list[tuple[str, list[Scope]]]:
    """(town, scopes) readings of words without commas in any order: one group of words is the town, the
    other one or two groups are qualifiers, applied from the coarser ("US") to the finer ("Maine")."""
    words = text.split()
    if not 2 <= len(words) <= FREE_ORDER_WORDS:
        return []
    readings: list[tuple[str, list[Scope]]] = []
    for count in (1, 2):
        for cuts in combinations(range(1, len(words)), count):
            bounds = (0, *cuts, len(words))
            groups = [" ".join(words[start:end]) for start, end in pairwise(bounds)]
            for position, town in enumerate(groups):
                qualifiers = groups[:position] + groups[position + 1 :]
                readings += [(town, scopes) for scopes in _qualified(gazetteer, qualifiers)]
    return readings


def _qualified(gazetteer: Gazetteer, qualifiers: list[str]) -> list[list[Scope]]:
    """The scopes the qualifiers point to together, for each order they can be read in."""
    found = []
    for order in permutations(qualifiers):
        scopes = [ANYWHERE]
        for qualifier in order:
            scopes = narrowed(gazetteer, qualifier, scopes)
            if not scopes:
                break
        if scopes and scopes != [ANYWHERE]:
            found.append(scopes)
    return found

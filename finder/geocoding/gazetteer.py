"""The offline geocoder: places what a person types using the bundled gazetteer (SQLite), no network.

Build the data with `make gazetteer` (scripts/build_gazetteer.py). GeoNames data, CC BY 4.0.
The parts: store.py reads the file, qualifiers.py reads "TX" or "Canada", fuzzy.py handles
misspellings, labels.py turns rows into Places; this module decides which reading of a query wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from finder.errors import GazetteerMissing, GazetteerOutdated, InvalidQuery, LocationNotFound
from finder.geocoding.coordinates import ShortPlusCode, recover_plus_code, short_plus_code
from finder.geocoding.fuzzy import ACCEPT_SCORE, Misspellings
from finder.geocoding.islands import Island, island_named, main_town
from finder.geocoding.labels import (
    MAX_ALTERNATIVES,
    coordinates_place,
    country_place,
    island_place,
    namesakes,
    region_place,
    scope_label,
    scope_place,
    town_alternatives,
    town_place,
)
from finder.geocoding.nicknames import nickname_query
from finder.geocoding.normalize import as_typed, place_key
from finder.geocoding.parse import (
    clean_query,
    is_street_part,
    parse_coordinates,
    split_parts,
)
from finder.geocoding.place import Place
from finder.geocoding.postal import PostalReader
from finder.geocoding.postcodes import PostcodeFormats
from finder.geocoding.qualifiers import (
    ABBREVIATION_FIRST,
    consume_qualifiers,
    free_order_readings,
    narrowed,
    qualifier_scopes,
    town_readings,
)
from finder.geocoding.store import (
    DEFAULT_PATH,
    Gazetteer,
    Region,
    Scope,
    Town,
    file_version,
    gazetteer_path,
    reading,
)
from finder.geocoding.suggest import Suggester

#: How many readings of a query (and scopes of each) are checked for misspellings: "a, b, c, d, ..." has a
#: reading per part, and checking each would multiply the work by the number of commas.
MISSPELLING_READINGS = 2
#: Names typed without spaces ("newyorkcity") are split into two or three words when this long.
RUN_TOGETHER_MIN, RUN_TOGETHER_MAX = 6, 24


def splits(key: str) -> list[str]:
    """The key cut into two and three words, each of two letters or more: "newyork" -> "ne wyork", "new york" ..."""
    cuts = range(2, len(key) - 1)
    two = [f"{key[:i]} {key[i:]}" for i in cuts]
    three = [f"{key[:i]} {key[i:j]} {key[j:]}" for i in cuts for j in range(i + 2, len(key) - 1)]
    return two + three


#: How much less a name that matches only once folded to ASCII weighs than one written exactly as typed.
EXACT_SCRIPT = 10


def region_weight(region: Region) -> float:
    """How a region ranks against towns of its name: by a tenth of its population, so "New York" is the city
    and "Bali" or "Tasmania" the island, not a small town named after it."""
    return region.population / 10


class OfflineGeocoder(Geocoder):
    """geopy-compatible geocoder over the offline gazetteer; `locate` is the call the app uses."""

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__(user_agent="ashiatsu-finder offline gazetteer")  # no request is ever made
        self.store = Gazetteer(path)
        self.path = self.store.path
        self.misspellings = Misspellings(self.store)
        self._island_town: Callable[[Island], Town | None] = lru_cache(maxsize=64)(partial(main_town, self.store))
        self.suggester = Suggester(self.store, island_town=self._island_town)
        with reading(self.path):
            self.postal = PostalReader(self.store, PostcodeFormats.from_db(self.store.db()), self.locate)
        self._structured = lru_cache(maxsize=65536)(self._place_structured_uncached)
        self._structured_scopes = lru_cache(maxsize=4096)(self._structured_scopes_uncached)

    # ---- the main call -------------------------------------------------------------------------

    def locate(self, query: str, *, last_country: str | None = None) -> Place:
        """Read a query as a place; raises InvalidQuery or LocationNotFound (with suggestions).

        ``last_country`` (ISO alpha-2) is the country of the visitor's last search: a postal code held by several
        countries goes to it, after the qualifier and the town typed with the code, before the directory's
        countries and population ("75001" is Paris after a search in France, Addison, Texas otherwise).
        """
        text = clean_query(query)
        coordinates = parse_coordinates(text)
        if coordinates is not None:
            return coordinates_place(self.store, text, *coordinates)
        short = short_plus_code(text)
        if short is not None:
            return self._locate_short_plus_code(text, short)
        parts = split_parts(text)
        street = any(is_street_part(part) for part in parts)
        postal = self.postal.locate(text, street=street, last_country=last_country)
        if postal is not None:
            return postal
        if not any(place_key(part) for part in parts):
            raise InvalidQuery("The query has no letters or digits; type a town, a postal code or an address.")
        if len(parts) == 1 and not street:
            single = self._locate_single(text) or self._locate_run_together(text)
            if single is not None:
                return single
        return self._locate_town(text, parts, street=street)

    def _locate_short_plus_code(self, text: str, short: ShortPlusCode) -> Place:
        """ "9G8F+6X Zurich": the code's nearest match to the town typed with it."""
        try:
            reference = self.locate(short.locality)
        except LocationNotFound as err:
            raise LocationNotFound(
                f"The Plus Code {short.code} needs a town to be near, and {err}", suggestions=err.suggestions
            ) from err
        place = coordinates_place(self.store, text, *recover_plus_code(short, reference.latitude, reference.longitude))
        return replace(place, note=f"Read the Plus Code {short.code} near {reference.label}.")

    def _locate_town(self, text: str, parts: list[str], *, street: bool) -> Place:
        """The town the parts name, within what their qualifiers ("TX", "Canada") allow; else a misspelling."""
        store = self.store
        remaining, scopes = consume_qualifiers(store, parts)
        if not remaining or (len(remaining) == 1 and not place_key(remaining[0])):
            return scope_place(store, text, scopes[0])
        note = "Placed by town; the street was not looked up offline." if street else None
        readings = town_readings(store, remaining, scopes)
        if len(parts) == 1:
            readings += [reading for reading in free_order_readings(store, text) if reading not in readings]
        for town_text, town_scopes in readings:
            island = self._island(text, town_text, town_scopes)
            if island is not None:  # "Maui, Hawaii", "Mallorca Spain"
                return island
            towns = store.towns_in(town_text, town_scopes)
            if towns:
                region = self._bigger_region(text, town_text, town_scopes, towns[0])
                if region is not None:
                    return region
                alternatives = town_alternatives(store, text, towns, towns[0])
                return town_place(store, text, towns[0], note=note, alternatives=alternatives)
        for town_text, town_scopes in readings:
            regions = narrowed(store, town_text, town_scopes)
            if regions:  # "Ontario, Canada": the town part is itself a region
                return scope_place(store, text, regions[0])
        return self._read_misspelling(text, readings, scopes, note)

    def _island(self, query: str, text: str, scopes: list[Scope]) -> Place | None:
        """The island `text` names (finder/geocoding/islands.py), when it lies within one of the scopes."""
        island = island_named(text)
        town = self._island_town(island) if island else None
        if island is None or town is None or not any(scope.holds(town) for scope in scopes):
            return None
        return island_place(query, island.name, town_place(self.store, island.town, town))

    def _bigger_region(self, query: str, text: str, scopes: list[Scope], town: Town) -> Place | None:
        """ "Bali, Indonesia": the province or island of that name when it outweighs the town (region_weight),
        with the town one click away."""
        store = self.store
        for scope in narrowed(store, text, scopes):
            region = store.regions.get((scope.cc, scope.admin1)) if scope.admin1 else None
            if (
                region is not None
                and place_key(region.name) == place_key(text)
                and region_weight(region) > town.population
            ):
                place = region_place(store, query, scope.cc, scope.admin1)
                return replace(place, alternatives=(town_place(store, query, town),))
        return None

    def _read_misspelling(
        self, text: str, readings: list[tuple[str, list[Scope]]], scopes: list[Scope], note: str | None
    ) -> Place:
        """A close-enough misspelling read as the place, else LocationNotFound with suggestions."""
        store = self.store
        suggestions = [
            town_place(store, text, town).label for town in self.misspellings.sound_alike(readings[0][0], scopes)
        ]
        for town_text, town_scopes in readings[:MISSPELLING_READINGS]:
            for scope in town_scopes[:MISSPELLING_READINGS]:
                ranked = self.misspellings.close_matches(town_text, scope)
                best = self.misspellings.accepted(town_text, ranked)
                if best is not None:
                    read_as = f"Read '{town_text}' as {best.name}."
                    return town_place(
                        store,
                        text,
                        best,
                        note=f"{note} {read_as}" if note else read_as,
                        alternatives=town_alternatives(store, text, [town for _, town in ranked], best),
                    )
                for _, town in ranked:
                    label = town_place(store, text, town).label
                    if label not in suggestions:
                        suggestions.append(label)
        where = "" if scopes == [Scope()] else f" in {scope_label(store, scopes[0])}"
        hint = (
            f" Did you mean {suggestions[0]}?"
            if suggestions
            else " Check the spelling, or add a region or country, e.g. 'Austin, TX'."
        )
        raise LocationNotFound(f"No place called '{readings[0][0]}'{where}.{hint}", suggestions=tuple(suggestions[:5]))

    def _locate_single(self, text: str) -> Place | None:
        """One part, no comma: a nickname ("NYC"), else a town, a region or a country, whichever is biggest.

        The others come back as alternatives, biggest first: towns that bear the name ("Portland, Maine"),
        regions and countries of that name; a town that has it only as a minor alternate name never.
        """
        places = [place for _, place in sorted(self._single_options(text), key=lambda option: -option[0])]
        target = nickname_query(text)
        if target is not None:  # "LA": Los Angeles first, Laos and Louisiana one click away
            meant = self.locate(target)
            places.insert(0, replace(meant, query=text, note=f"Read '{text}' as {meant.label}."))
        island = self._island(text, text, [Scope()])
        if island is not None:  # "Maui" the island, not Matui in Tanzania; "Ibiza" the island, the town one click away
            places.insert(0, island)
        unique: dict[str, Place] = {}
        for place in places:  # a city-state is offered once: "Berlin, DE", not the town and the region
            unique.setdefault(place_key(place.label), place)
        if not unique:
            return None
        best, *others = unique.values()
        return replace(best, alternatives=tuple(others[:MAX_ALTERNATIVES]))

    def _single_options(self, text: str) -> list[tuple[float, Place]]:
        """(weight, place) of every reading of one name: towns by population, regions by a tenth of theirs.

        A town that matches only once folded to ASCII weighs a tenth when a reading written exactly as typed
        exists in other countries only: "Bali" is the Indonesian province, not Bāli in India; "Zurich" is still
        Zürich (the canton written "Zurich" is in its country).
        """
        store = self.store
        key = place_key(text)
        typed = as_typed(text)
        exact: set[str] = set()
        towns: list[tuple[Town, Place]] = []
        options: list[tuple[float, Place]] = []
        written = store.written_ids(text)
        for town in self._single_towns(text):
            towns.append((town, town_place(store, text, town)))
            if as_typed(town.name) == typed or town.id in written:
                exact.add(town.cc)
        for scope in qualifier_scopes(store, text):
            if scope.admin1:
                region = store.regions[(scope.cc, scope.admin1)]
                if key == place_key(region.abbr or "") and scope.cc not in ABBREVIATION_FIRST:
                    continue  # a bare "BY" is Belarus, not Bavaria
                name, weight, place = (
                    region.name,
                    region_weight(region),
                    region_place(store, text, scope.cc, scope.admin1),
                )
            else:
                country = store.countries[scope.cc]
                name, weight, place = country.name, country.population, country_place(store, text, scope.cc)
            options.append((weight, place))
            if as_typed(name) == typed:
                exact.add(scope.cc)
        for town, place in towns:
            folded = as_typed(town.name) != typed and place_key(town.name) == key
            penalty = EXACT_SCRIPT if folded and exact and town.cc not in exact else 1
            options.append((town.population / penalty, place))
        return options

    def _single_towns(self, text: str) -> tuple[Town, ...]:
        towns = self.store.towns_as_typed(text)
        return (towns[0], *namesakes(towns, towns[0])) if towns else ()

    def _locate_run_together(self, text: str) -> Place | None:
        """ "newyorkcity": the words a name typed without spaces splits into, when they name a place."""
        key = place_key(text)
        if " " in key or not RUN_TOGETHER_MIN <= len(key) <= RUN_TOGETHER_MAX:
            return None
        best: tuple[float, str] | None = None
        for words in splits(key):
            weight = max((weight for weight, _ in self._single_options(words)), default=None)
            if weight is not None and (best is None or weight > best[0]):
                best = (weight, words)
        if best is None:
            return None
        place = self._locate_single(best[1])
        if place is None:
            return None
        return replace(place, query=text, note=f"Read '{text}' as '{best[1]}'.")

    def suggest(self, prefix: str, *, limit: int = 8) -> tuple[Place, ...]:
        """Places (towns, regions, countries, postal codes) the typed text may be the start of, most likely
        first; nothing for under two characters. The index is built on the first call (finder/geocoding/suggest.py).
        """
        return self.suggester.suggest(prefix, limit=limit)

    # ---- structured rows (CSV loader) -----------------------------------------------------------

    def place_structured(
        self, *, postal_code: str = "", city: str = "", region: str = "", country: str = ""
    ) -> Place | None:
        """Place a CSV row without coordinates: postal code first, then town (+ region) in a country.

        Raises GazetteerDamaged (never sqlite3's error) when the file was damaged while in use.
        """
        with reading(self.path):
            return self._structured(postal_code.strip(), city.strip(), region.strip(), country.strip())

    def _place_structured_uncached(self, postal_code: str, city: str, region: str, country: str) -> Place | None:
        query = ", ".join(part for part in (postal_code, city, region, country) if part)
        cached = self._structured_scopes(country, region, bool(city))
        if cached is None:
            return None
        scopes = list(cached)
        if postal_code:
            place = self._structured_postal(query, postal_code, scopes)
            if place is not None:
                return place
        if city and scopes:
            return self._structured_town(query, city, scopes)
        return None  # a region or a country alone is too coarse to place a studio

    def _structured_scopes_uncached(self, country: str, region: str, has_city: bool) -> tuple[Scope, ...] | None:
        """Where a row's country and region point; None when its country is not one."""
        store = self.store
        scopes = [Scope()]
        if country:
            scopes = [scope for scope in qualifier_scopes(store, country) if not scope.admin1]
            if not scopes:
                return None
        if region:
            within = [reading for scope in scopes for reading in qualifier_scopes(store, region, within=scope)]
            scopes = within or ([] if has_city else scopes)
        return tuple(scopes)

    def _structured_postal(self, query: str, postal_code: str, scopes: list[Scope]) -> Place | None:
        return self.postal.structured(query, postal_code, {scope.cc for scope in scopes if scope.cc})

    def _structured_town(self, query: str, city: str, scopes: list[Scope]) -> Place | None:
        towns = self.store.towns_in(city, scopes)
        if towns:
            return town_place(self.store, query, towns[0])
        if scopes[0].cc:
            ranked = self.misspellings.close_matches(city, scopes[0], score=ACCEPT_SCORE)
            best = self.misspellings.accepted(city, ranked)
            if best is not None:
                return town_place(self.store, query, best, note=f"Read '{city}' as {best.name}.")
        return None

    # ---- geopy interface -----------------------------------------------------------------------

    def geocode(self, query: str, exactly_one: bool = True, **kwargs: object) -> Location | list[Location] | None:
        """geopy's call: a Location (or a list of them), None when nothing is found."""
        try:
            place = self.locate(query)
        except LocationNotFound:
            return None
        locations = [to_location(place)] + [to_location(alt) for alt in place.alternatives]
        return locations[0] if exactly_one else locations


def load_offline_geocoder() -> OfflineGeocoder:
    """The process-wide offline geocoder (read-only, safe to share across threads), opened again when its
    file has changed (rebuilt, replaced, deleted and restored while the app runs)."""
    path = gazetteer_path()
    return _offline_geocoder(path, file_version(path))


@lru_cache(maxsize=1)
def _offline_geocoder(path: Path, version: tuple[int, int, int] | None) -> OfflineGeocoder:
    return OfflineGeocoder(path)


def place_raw(place: Place) -> dict:
    """The `raw` dict of a geopy Location made from a Place."""
    return {
        "label": place.label,
        "source": place.source,
        "precision": place.precision,
        "country_code": place.country_code,
        "region": place.region,
        "note": place.note,
        "alternatives": [
            {"label": alt.label, "latitude": alt.latitude, "longitude": alt.longitude, "precision": alt.precision}
            for alt in place.alternatives
        ],
    }


def to_location(place: Place) -> Location:
    return Location(place.label, (place.latitude, place.longitude), place_raw(place))


__all__ = [
    "DEFAULT_PATH",
    "GazetteerMissing",
    "GazetteerOutdated",
    "InvalidQuery",
    "OfflineGeocoder",
    "Scope",
    "load_offline_geocoder",
    "place_raw",
    "to_location",
]

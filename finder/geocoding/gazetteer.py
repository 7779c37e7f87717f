"""The offline geocoder: places what a person types using the bundled gazetteer (SQLite), no network.

Build the data with `make gazetteer` (scripts/build_gazetteer.py). GeoNames data, CC BY 4.0.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from rapidfuzz import fuzz, process

from finder.errors import FinderError, InvalidQuery, LocationNotFound
from finder.geocoding.normalize import place_key, postal_key, sound_key
from finder.geocoding.parse import (
    clean_query,
    find_postal_tokens,
    is_street_part,
    parse_coordinates,
    split_parts,
)
from finder.geocoding.place import Place

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "build" / "gazetteer.sqlite"

#: Regions whose two- and three-letter codes people use as freely as country codes ("Paris, TX").
ABBREVIATION_FIRST = ("US", "CA", "AU")
#: Which country a bare postal code most likely belongs to, when nothing else says.
POSTAL_PRIORITY = ("US", "GB", "CA", "AU", "DE", "FR", "NL", "JP", "IN", "BR", "MX", "ES", "IT", "NZ")
ACCEPT_SCORE = 85.0  # a misspelling this close is read as the place
SUGGEST_SCORE = 60.0  # a name this close is offered as "did you mean"
MAX_ALTERNATIVES = 5


class GazetteerMissing(FinderError, FileNotFoundError):
    """The offline gazetteer file has not been built."""


@dataclass(frozen=True)
class Scope:
    """Where a qualifier points: a country, a region within it, or anywhere (both None)."""

    cc: str | None = None
    admin1: str | None = None


@dataclass(frozen=True)
class _City:
    id: int
    name: str
    cc: str
    admin1: str
    lat: float
    lon: float
    population: int


_PARENTHESES = re.compile(r"\s*\(.*\)\s*$")
_CITY_COLUMNS = "c.id, c.name, c.cc, c.admin1, c.lat, c.lon, c.population"


class OfflineGeocoder(Geocoder):
    """geopy-compatible geocoder over the offline gazetteer; `locate` is the call the app uses."""

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__(user_agent="ashiatsu-finder offline gazetteer")  # no request is ever made
        self.path = Path(path or os.environ.get("FINDER_GAZETTEER") or DEFAULT_PATH)
        if not self.path.is_file():
            raise GazetteerMissing(
                f"Offline gazetteer not built: run `make gazetteer` (looked for {self.path})."
            )
        self._uri = f"file:{quote(str(self.path.resolve()))}?mode=ro&immutable=1"
        self._local = threading.local()
        db = self._db()
        self.countries = {
            row[0]: row for row in db.execute("SELECT cc, name, lat, lon, population FROM countries")
        }
        self.regions = {
            (row[0], row[1]): row
            for row in db.execute("SELECT cc, admin1, name, abbr, lat, lon, population FROM regions")
        }
        self._country_keys: dict[str, list[str]] = defaultdict(list)
        for key, cc in db.execute("SELECT key, cc FROM country_keys"):
            self._country_keys[key].append(cc)
        self._region_keys: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, cc, admin1, is_abbr in db.execute("SELECT key, cc, admin1, is_abbr FROM region_keys"):
            self._region_keys[key].append((cc, admin1, is_abbr))
        self._fuzzy_lock = threading.Lock()
        self._fuzzy_choices: dict[Scope, tuple[list[str], array]] = {}
        self._cities_by_key = lru_cache(maxsize=8192)(self._cities_by_key_uncached)
        self._postal_rows = lru_cache(maxsize=8192)(self._postal_rows_uncached)
        self._structured = lru_cache(maxsize=65536)(self._place_structured_uncached)

    # ---- storage -------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        """One read-only connection per thread (Streamlit calls from several)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _cities_by_key_uncached(self, key: str) -> tuple[_City, ...]:
        if len(key) < 2:
            return ()  # a single letter is never read as a town
        rows = self._db().execute(
            f"SELECT {_CITY_COLUMNS} FROM city_keys k JOIN cities c ON c.id = k.id "
            "WHERE k.key = ? ORDER BY c.population DESC, c.id",
            (key,),
        )
        return tuple(_City(*row) for row in rows)

    def _postal_rows_uncached(self, code: str) -> tuple[tuple, ...]:
        return tuple(
            self._db().execute(
                "SELECT code, cc, place, region, lat, lon FROM postal WHERE code = ? ORDER BY cc", (code,)
            )
        )

    def _choices(self, scope: Scope) -> tuple[list[str], array]:
        """Primary names (and town ids) within a scope for the misspelling fallback, loaded on first use."""
        with self._fuzzy_lock:
            cached = self._fuzzy_choices.get(scope)
            if cached is None:
                sql = "SELECT key, id FROM cities"
                if scope.admin1:
                    rows = self._db().execute(sql + " WHERE cc = ? AND admin1 = ?", (scope.cc, scope.admin1))
                elif scope.cc:
                    rows = self._db().execute(sql + " WHERE cc = ?", (scope.cc,))
                else:
                    rows = self._db().execute(sql)
                keys, ids = [], array("q")
                for key, city_id in rows:
                    keys.append(key)
                    ids.append(city_id)
                cached = self._fuzzy_choices[scope] = (keys, ids)
            return cached

    def _city_by_id(self, city_id: int) -> _City:
        row = (
            self._db().execute(f"SELECT {_CITY_COLUMNS} FROM cities c WHERE c.id = ?", (city_id,)).fetchone()
        )
        return _City(*row)

    # ---- labels and places ---------------------------------------------------------------------

    def region_name(self, cc: str, admin1: str) -> str | None:
        region = self.regions.get((cc, admin1))
        return region[2] if region else None

    def _city_place(self, query: str, city: _City, **extra) -> Place:
        region = self.region_name(city.cc, city.admin1)
        label = ", ".join(part for part in (city.name, region, city.cc) if part)
        return Place(
            query=query,
            label=label,
            latitude=city.lat,
            longitude=city.lon,
            precision="city",
            source="offline",
            country_code=city.cc,
            region=region,
            **extra,
        )

    def _postal_place(self, query: str, row: tuple, **extra) -> Place:
        code, cc, place, region, lat, lon = row
        place = (
            _PARENTHESES.sub("", place) or place
        )  # "Downtown Toronto (CN Tower / ...)" -> "Downtown Toronto"
        label = f"{code} " + ", ".join(part for part in (place, region, cc) if part)
        return Place(
            query=query,
            label=label,
            latitude=lat,
            longitude=lon,
            precision="postal_code",
            source="offline",
            country_code=cc,
            region=region or None,
            **extra,
        )

    def _region_place(self, query: str, cc: str, admin1: str) -> Place:
        _, _, name, _, lat, lon, _ = self.regions[(cc, admin1)]
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

    def _country_place(self, query: str, cc: str) -> Place:
        _, name, lat, lon, _ = self.countries[cc]
        return Place(
            query=query,
            label=name,
            latitude=lat,
            longitude=lon,
            precision="country",
            source="offline",
            country_code=cc,
        )

    def _scope_place(self, query: str, scope: Scope) -> Place:
        if scope.admin1:
            return self._region_place(query, scope.cc, scope.admin1)
        return self._country_place(query, scope.cc)

    def _scope_label(self, scope: Scope) -> str:
        if scope.admin1:
            return f"{self.region_name(scope.cc, scope.admin1)}, {scope.cc}"
        return self.countries[scope.cc][1] if scope.cc else "anywhere"

    # ---- qualifiers ----------------------------------------------------------------------------

    def qualifier_scopes(self, text: str, within: Scope = Scope()) -> list[Scope]:
        """Every reading of a region or country qualifier, most likely first.

        Regions of the US, Canada and Australia come before countries ("CO" is Colorado before
        Colombia), countries before other regions; the caller keeps the first reading that matches.
        """
        key = place_key(text)
        if len(key) < 2:
            return []
        first, countries, others = [], [], []
        for cc, admin1, is_abbr in self._region_keys.get(key, ()):
            if within.cc and cc != within.cc or within.admin1:
                continue
            population = self.regions[(cc, admin1)][6]
            rank = (ABBREVIATION_FIRST.index(cc) if cc in ABBREVIATION_FIRST else 9, is_abbr, -population)
            (first if cc in ABBREVIATION_FIRST else others).append((rank, Scope(cc, admin1)))
        if not within.cc:
            countries = [((0,), Scope(cc)) for cc in sorted(self._country_keys.get(key, ()))]
        ordered = sorted(first) + countries + sorted(others)
        return [scope for _, scope in ordered]

    def _consume_qualifiers(self, parts: list[str]) -> tuple[list[str], list[Scope]]:
        """Take region/country qualifiers off the right end: "Austin, TX, USA" -> ["Austin"], [US-TX]."""
        scopes = [Scope()]
        remaining = list(parts)
        while len(remaining) > 1:
            narrowed: list[Scope] = []
            for scope in scopes:
                for reading in self.qualifier_scopes(remaining[-1], within=scope):
                    if reading not in narrowed:
                        narrowed.append(reading)
            if not narrowed:
                break
            scopes = narrowed
            remaining.pop()
        return remaining, scopes

    # ---- matching ------------------------------------------------------------------------------

    @staticmethod
    def _in_scope(city: _City, scope: Scope) -> bool:
        return (scope.cc is None or city.cc == scope.cc) and (
            scope.admin1 is None or city.admin1 == scope.admin1
        )

    def _exact(self, name: str, scopes: list[Scope]) -> list[_City]:
        """Towns called `name` within the first scope that has any, most populous first."""
        cities = self._cities_by_key(place_key(name))
        for scope in scopes:
            within = [city for city in cities if self._in_scope(city, scope)]
            if within:
                return within
        return []

    def _fuzzy(self, name: str, scope: Scope, *, limit: int = 12) -> list[tuple[float, _City]]:
        key = place_key(name)
        if len(key) < 3:
            return []
        keys, ids = self._choices(scope)
        matches = process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_SCORE)
        ranked = sorted(
            ((score, self._city_by_id(ids[index])) for _, score, index in matches),
            key=lambda item: (-round(item[0]), -item[1].population),
        )
        return ranked

    def _city_candidates(self, remaining: list[str], scopes: list[Scope]) -> list[tuple[str, list[Scope]]]:
        """(town text, scopes) readings to try, in order: "Portland Maine" is also "Portland" in Maine."""
        town_parts = [part for part in reversed(remaining) if not is_street_part(part)] or [remaining[-1]]
        readings = [(part, scopes) for part in town_parts]
        words = town_parts[0].split()
        for cut in range(1, min(3, len(words) - 1) + 1):
            qualifier, town = " ".join(words[-cut:]), " ".join(words[:-cut])
            narrowed = [
                reading for scope in scopes for reading in self.qualifier_scopes(qualifier, within=scope)
            ]
            if narrowed:
                readings.append((town, narrowed))
        return readings

    def _sound_alike(self, name: str, scopes: list[Scope]) -> list[_City]:
        """Towns whose names sound like `name` ("Albuqerky" -> Albuquerque), most populous first."""
        sound = sound_key(place_key(name))
        if len(sound) < 3:
            return []
        rows = self._db().execute(
            f"SELECT {_CITY_COLUMNS} FROM cities c WHERE c.sound = ? "
            "ORDER BY c.population DESC, c.id LIMIT 200",
            (sound,),
        )
        cities = [_City(*row) for row in rows]
        for scope in scopes:
            within = [city for city in cities if self._in_scope(city, scope)]
            if within:
                return within[:3]
        return []

    def _alternatives(self, query: str, cities: list[_City], chosen: _City) -> tuple[Place, ...]:
        others = [city for city in cities if city.id != chosen.id][:MAX_ALTERNATIVES]
        return tuple(self._city_place(query, city) for city in others)

    # ---- the main call -------------------------------------------------------------------------

    def locate(self, query: str) -> Place:
        """Read a query as a place; raises InvalidQuery or LocationNotFound (with suggestions)."""
        text = clean_query(query)
        coordinates = parse_coordinates(text)
        if coordinates is not None:
            latitude, longitude = coordinates
            return Place(
                query=text,
                label=f"{latitude:.5f}, {longitude:.5f}",
                latitude=latitude,
                longitude=longitude,
                precision="coordinates",
                source="coordinates",
            )
        street = any(is_street_part(part) for part in split_parts(text))
        postal_place = self._locate_postal(text, street=street)
        if postal_place is not None:
            return postal_place
        parts = split_parts(text)
        if not any(place_key(part) for part in parts):
            raise InvalidQuery(
                "The query has no letters or digits; type a town, a postal code or an address."
            )
        if len(parts) == 1 and not street:
            single = self._locate_single(text)
            if single is not None:
                return single
        remaining, scopes = self._consume_qualifiers(parts)
        if not remaining or (len(remaining) == 1 and not place_key(remaining[0])):
            return self._scope_place(text, scopes[0])
        note = "Placed by town; the street was not looked up offline." if street else None
        candidates = self._city_candidates(remaining, scopes)
        for town, town_scopes in candidates:
            cities = self._exact(town, town_scopes)
            if cities:
                return self._city_place(
                    text, cities[0], note=note, alternatives=self._alternatives(text, cities, cities[0])
                )
        for town, town_scopes in candidates:
            readings = [r for scope in town_scopes for r in self.qualifier_scopes(town, within=scope)]
            if readings:  # "Ontario, Canada": the town part is itself a region
                return self._scope_place(text, readings[0])
        suggestions = [
            self._city_place(text, city).label for city in self._sound_alike(candidates[0][0], scopes)
        ]
        for town, town_scopes in candidates:
            for scope in town_scopes:
                ranked = self._fuzzy(town, scope)
                if ranked and ranked[0][0] >= ACCEPT_SCORE and len(place_key(town)) >= 4:
                    best_score = round(ranked[0][0])
                    best = max((c for s, c in ranked if round(s) == best_score), key=lambda c: c.population)
                    read_as = f"Read '{town}' as {best.name}."
                    return self._city_place(
                        text,
                        best,
                        note=f"{note} {read_as}" if note else read_as,
                        alternatives=self._alternatives(text, [c for _, c in ranked], best),
                    )
                for _, city in ranked:
                    label = self._city_place(text, city).label
                    if label not in suggestions:
                        suggestions.append(label)
        town = candidates[0][0]
        where = "" if scopes == [Scope()] else f" in {self._scope_label(scopes[0])}"
        hint = (
            f" Did you mean {suggestions[0]}?"
            if suggestions
            else " Check the spelling, or add a region or country, e.g. 'Austin, TX'."
        )
        raise LocationNotFound(f"No place called '{town}'{where}.{hint}", suggestions=tuple(suggestions[:5]))

    def _locate_single(self, text: str) -> Place | None:
        """One part, no comma: a town, a region or a country, whichever is biggest ("Texas", "Paris")."""
        key = place_key(text)
        cities = list(self._cities_by_key(key))
        options: list[tuple[float, Place]] = []
        if cities:
            options.append(
                (
                    cities[0].population,
                    self._city_place(
                        text, cities[0], alternatives=self._alternatives(text, cities, cities[0])
                    ),
                )
            )
        for scope in self.qualifier_scopes(text):
            if scope.admin1:
                _, _, _, abbr, _, _, population = self.regions[(scope.cc, scope.admin1)]
                if key == place_key(abbr or "") and scope.cc not in ABBREVIATION_FIRST:
                    continue  # a bare "BY" is Belarus, not Bavaria
                options.append((population / 10, self._region_place(text, scope.cc, scope.admin1)))
            else:
                options.append((self.countries[scope.cc][4], self._country_place(text, scope.cc)))
        if not options:
            return None
        options.sort(key=lambda option: -option[0])
        best = options[0][1]
        others = tuple(place for _, place in options[1:]) + best.alternatives
        return Place(**{**best.__dict__, "alternatives": others[:MAX_ALTERNATIVES]})

    def _locate_postal(self, text: str, *, street: bool) -> Place | None:
        tokens = find_postal_tokens(text)
        if not tokens:
            return None
        for token in tokens:
            rest = text.replace(token.text, " ")
            rows = self._postal_lookup(token.key)
            if not rows:
                continue
            parts = split_parts(rest)
            scopes = self._consume_qualifiers(["_", *parts])[1] if parts else [Scope()]
            wanted = {scope.cc for scope in scopes if scope.cc}
            if token.country_hint:
                wanted = wanted & {token.country_hint} if wanted else {token.country_hint}
            if wanted:
                rows = [row for row in rows if row[1] in wanted]
            elif len(token.key) < 4 and not token.key.isalpha():
                rows = [row for row in rows if not row[0].isdigit()]  # a bare "123" is not a place
            if not rows:
                continue
            rest_keys = {place_key(part) for part in parts} - {""}

            def named(row: tuple, rest_keys: set[str] = rest_keys) -> bool:
                place, region = place_key(row[2]), place_key(row[3])
                return any(place.startswith(key) or region == key for key in rest_keys)

            rows = sorted(
                rows,
                key=lambda row: (
                    not named(row),
                    POSTAL_PRIORITY.index(row[1]) if row[1] in POSTAL_PRIORITY else len(POSTAL_PRIORITY),
                    row[1],
                ),
            )
            note = "Placed by postal code; the street was not looked up offline." if street else None
            alternatives = tuple(self._postal_place(text, row) for row in rows[1 : MAX_ALTERNATIVES + 1])
            return self._postal_place(text, rows[0], note=note, alternatives=alternatives)
        return None

    def _postal_lookup(self, key: str) -> tuple[tuple, ...]:
        rows = self._postal_rows(key)
        if not rows and len(key) > 5 and key[:5].isdigit():
            rows = self._postal_rows(key[:5])  # ZIP+4 typed without the hyphen
        return rows

    # ---- structured rows (CSV loader) -----------------------------------------------------------

    def place_structured(
        self, *, postal_code: str = "", city: str = "", region: str = "", country: str = ""
    ) -> Place | None:
        """Place a CSV row without coordinates: postal code first, then town (+ region) in a country."""
        return self._structured(postal_code.strip(), city.strip(), region.strip(), country.strip())

    def _place_structured_uncached(
        self, postal_code: str, city: str, region: str, country: str
    ) -> Place | None:
        query = ", ".join(part for part in (postal_code, city, region, country) if part)
        scopes = [Scope()]
        if country:
            scopes = [scope for scope in self.qualifier_scopes(country) if not scope.admin1]
            if not scopes:
                return None
        if region:
            scopes = [
                reading for scope in scopes for reading in self.qualifier_scopes(region, within=scope)
            ] or ([] if city else scopes)
        if postal_code:
            token_keys = [token.key for token in find_postal_tokens(postal_code)] or [postal_key(postal_code)]
            wanted = {scope.cc for scope in scopes if scope.cc}
            for key in token_keys:
                rows = [row for row in self._postal_lookup(key) if not wanted or row[1] in wanted]
                if rows:
                    rows.sort(
                        key=lambda row: (
                            POSTAL_PRIORITY.index(row[1])
                            if row[1] in POSTAL_PRIORITY
                            else len(POSTAL_PRIORITY)
                        )
                    )
                    return self._postal_place(query, rows[0])
        if city and scopes:
            cities = self._exact(city, scopes)
            if cities:
                return self._city_place(query, cities[0])
            if scopes[0].cc:
                ranked = self._fuzzy(city, scopes[0])
                if ranked and ranked[0][0] >= ACCEPT_SCORE and len(place_key(city)) >= 4:
                    return self._city_place(
                        query, ranked[0][1], note=f"Read '{city}' as {ranked[0][1].name}."
                    )
        return None  # a region or a country alone is too coarse to place a studio

    # ---- geopy interface -----------------------------------------------------------------------

    def geocode(self, query: str, exactly_one: bool = True, **kwargs) -> Location | list[Location] | None:
        """geopy's call: a Location (or a list of them), None when nothing is found."""
        try:
            place = self.locate(query)
        except LocationNotFound:
            return None
        locations = [to_location(place)] + [to_location(alt) for alt in place.alternatives]
        return locations[0] if exactly_one else locations


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
            {
                "label": alt.label,
                "latitude": alt.latitude,
                "longitude": alt.longitude,
                "precision": alt.precision,
            }
            for alt in place.alternatives
        ],
    }


def to_location(place: Place) -> Location:
    return Location(place.label, (place.latitude, place.longitude), place_raw(place))


__all__ = ["GazetteerMissing", "InvalidQuery", "OfflineGeocoder", "Scope", "place_raw", "to_location"]

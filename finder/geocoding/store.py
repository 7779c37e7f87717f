"""The gazetteer file: one read-only SQLite connection per thread, and the lookups the geocoder makes.

Build the file with `make gazetteer` (scripts/build_gazetteer.py). GeoNames data, CC BY 4.0.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import numpy as np

from finder.errors import GazetteerDamaged, GazetteerMissing, GazetteerOutdated
from finder.geo import KM_PER_DEGREE, haversine_km_many
from finder.geocoding.nearby import cell_ranges
from finder.geocoding.normalize import as_typed, place_key

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "build" / "gazetteer.sqlite"

#: A town found only through one of its alternate names ("Portland" is an old name of Sandusky, Ohio)
#: is offered only when no town bears the name, or when it is this many times bigger than every town
#: that does ("Bombay" is Mumbai, "Canton" Guangzhou).
MAJOR_ALIAS_RATIO = 10

#: The `meta.schema_version` this code reads; scripts/build_gazetteer.py writes the same number.
SCHEMA_VERSION = "5"

#: How far from typed coordinates a town may be and still name the place ("near Austin, Texas, US").
NEAR_TOWN_KM = 50.0

_TOWN_COLUMNS = "c.id, c.name, c.cc, c.admin1, c.lat, c.lon, c.population"


def gazetteer_path(path: str | Path | None = None) -> Path:
    """The gazetteer file: ``path``, else FINDER_GAZETTEER, else the one `make gazetteer` builds."""
    return Path(path or os.environ.get("FINDER_GAZETTEER") or DEFAULT_PATH)


def file_version(path: Path) -> tuple[int, int, int] | None:
    """What identifies the file's contents now (inode, size, modification time); None when it is missing.

    A gazetteer replaced, rewritten or deleted while the app runs has another version, so it is reopened.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn SQLite's error about an unreadable gazetteer file into GazetteerDamaged, which says what to do."""
    try:
        yield
    except sqlite3.DatabaseError as err:
        raise GazetteerDamaged(
            f"The place-name database at {path} cannot be read ({err}): it is damaged or was changed while in "
            "use. Rebuild it with `make gazetteer`; typed coordinates like 30.27, -97.74 still work."
        ) from err


class Country(NamedTuple):
    """A row of the gazetteer's `countries` table."""

    cc: str
    name: str
    lat: float
    lon: float
    population: int


class Region(NamedTuple):
    """A row of the `regions` table: an admin-1 area (a state, a province) of a country."""

    cc: str
    admin1: str
    name: str
    abbr: str | None
    lat: float
    lon: float
    population: int


class PostalRow(NamedTuple):
    """A row of the `postal` table: one postal code of one country, with its place and centre."""

    code: str
    cc: str
    place: str
    region: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Scope:
    """Where a qualifier points: a country, a region within it, or anywhere (both None)."""

    cc: str | None = None
    admin1: str | None = None

    def holds(self, town: Town) -> bool:
        return (self.cc is None or town.cc == self.cc) and (self.admin1 is None or town.admin1 == self.admin1)


@dataclass(frozen=True)
class Town:
    """A town of the gazetteer; `alias_only` when it matched a lookup through a minor alternate name."""

    id: int
    name: str
    cc: str
    admin1: str
    lat: float
    lon: float
    population: int
    alias_only: bool = False


def rank_namesakes(key: str, rows: list[tuple[Town, str]]) -> tuple[Town, ...]:
    """Towns matched by `key`, given with their own name's key, most populous first.

    Towns that bear the name come first; towns that carry it only among their alternate names follow,
    marked `alias_only`, unless they are much bigger than every town that bears it.
    """
    bearers = [town.population for town, own_key in rows if own_key == key]
    biggest = max(bearers, default=None)
    ranked = []
    for town, own_key in rows:
        minor = own_key != key and biggest is not None and town.population < MAJOR_ALIAS_RATIO * biggest
        ranked.append(Town(**{**town.__dict__, "alias_only": minor}) if minor else town)
    ranked.sort(key=lambda town: town.alias_only)  # stable: population order within each group
    return tuple(ranked)


class Gazetteer:
    """Read-only access to the gazetteer file; small tables in memory, towns and postal codes on demand."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = gazetteer_path(path)
        if not self.path.is_file():
            raise GazetteerMissing(f"Offline gazetteer not built: run `make gazetteer` (looked for {self.path}).")
        self._uri = f"file:{quote(str(self.path.resolve()))}?mode=ro&immutable=1"
        self._local = threading.local()
        with reading(self.path):
            self._load_tables()
        self.towns_named = lru_cache(maxsize=8192)(self._towns_named)
        self.postal_rows = lru_cache(maxsize=8192)(self._postal_rows)
        self.written_ids = lru_cache(maxsize=8192)(self._written_ids)

    def _load_tables(self) -> None:
        """The small tables, read into memory once."""
        db = self.db()
        meta = self._read_meta(db)
        self.grid_cell_degrees = float(meta["grid_cell_degrees"])
        self.countries: dict[str, Country] = {
            row.cc: row
            for row in map(Country._make, db.execute("SELECT cc, name, lat, lon, population FROM countries"))
        }
        self.regions: dict[tuple[str, str], Region] = {
            (row.cc, row.admin1): row
            for row in map(Region._make, db.execute("SELECT cc, admin1, name, abbr, lat, lon, population FROM regions"))
        }
        self.country_keys: dict[str, list[str]] = defaultdict(list)
        for key, cc in db.execute("SELECT key, cc FROM country_keys"):
            self.country_keys[key].append(cc)
        self.region_keys: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, cc, admin1, is_abbr in db.execute("SELECT key, cc, admin1, is_abbr FROM region_keys"):
            self.region_keys[key].append((cc, admin1, is_abbr))

    def db(self) -> sqlite3.Connection:
        """One read-only connection per thread (Streamlit calls from several)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _read_meta(self, db: sqlite3.Connection) -> dict[str, str]:
        """The meta table; refuses a file of another schema version (a build from before a schema change)."""
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
        except sqlite3.OperationalError:  # no meta table: a database, but not one of ours (a damaged file raises)
            meta = {}
        found = meta.get("schema_version")
        if found != SCHEMA_VERSION or "grid_cell_degrees" not in meta:
            raise GazetteerOutdated(
                f"The offline gazetteer at {self.path} has schema version {found or 'unknown'}, this code reads "
                f"version {SCHEMA_VERSION}: rebuild it with `make gazetteer`."
            )
        return meta

    def clear_caches(self) -> None:
        self.towns_named.cache_clear()
        self.postal_rows.cache_clear()
        self.written_ids.cache_clear()

    def packed(self, *names: str) -> dict[str, bytes] | None:
        """Rows of the `packed` table (indexes built with the file), or None when any is missing."""
        marks = ",".join("?" * len(names))
        try:
            rows = dict(self.db().execute(f"SELECT name, data FROM packed WHERE name IN ({marks})", names))
        except sqlite3.OperationalError:  # a file built without them: the indexes are sorted at first use
            return None
        return rows if len(rows) == len(names) else None

    def region_name(self, cc: str, admin1: str) -> str | None:
        region = self.regions.get((cc, admin1))
        return region[2] if region else None

    def _towns_named(self, key: str) -> tuple[Town, ...]:
        """Towns whose name or alternate name has this key, ranked by `rank_namesakes`."""
        if len(key) < 2:
            return ()  # a single letter is never read as a town
        rows = self.db().execute(
            f"SELECT {_TOWN_COLUMNS}, c.key FROM city_keys k JOIN cities c ON c.id = k.id "
            "WHERE k.key = ? ORDER BY c.population DESC, c.id",
            (key,),
        )
        return rank_namesakes(key, [(Town(*row[:-1]), row[-1]) for row in rows])

    def _written_ids(self, text: str) -> frozenset[int]:
        """Ids of the towns that have this name written exactly so in a script other than ASCII ("大阪")."""
        name = as_typed(text)
        if name.isascii():
            return frozenset()
        return frozenset(
            town_id for (town_id,) in self.db().execute("SELECT id FROM city_names WHERE name = ?", (name,))
        )

    def towns_as_typed(self, text: str) -> tuple[Town, ...]:
        """Towns of the name typed, ranked by `rank_namesakes`; a name typed in another script than ASCII puts the
        towns that have it as written first, and the towns that only share its transliteration become minor
        matches ("大阪" is Osaka; Durban, once called Daban, is not offered)."""
        towns = self.towns_named(place_key(text))
        written = self.written_ids(text)
        if not written:
            return towns
        ranked = [town if town.id in written else replace(town, alias_only=True) for town in towns]
        ranked.sort(key=lambda town: town.id not in written)  # stable: the order within each group stays
        return tuple(ranked)

    def towns_in(self, text: str, scopes: list[Scope]) -> list[Town]:
        """Towns of the name typed within the first scope that has any, best first (`towns_as_typed`)."""
        towns = self.towns_as_typed(text)
        for scope in scopes:
            within = [town for town in towns if scope.holds(town)]
            if within:
                return within
        return []

    def town_by_id(self, town_id: int) -> Town:
        row = self.db().execute(f"SELECT {_TOWN_COLUMNS} FROM cities c WHERE c.id = ?", (town_id,)).fetchone()
        return Town(*row)

    def towns_sounding(self, sound: str, *, limit: int = 200) -> list[Town]:
        """Towns whose name has this sound key, most populous first."""
        rows = self.db().execute(
            f"SELECT {_TOWN_COLUMNS} FROM cities c WHERE c.sound = ? ORDER BY c.population DESC, c.id LIMIT ?",
            (sound, limit),
        )
        return [Town(*row) for row in rows]

    def town_keys(self, scope: Scope) -> Iterator[tuple[str, int]]:
        """(name key, town id) of every town within a scope."""
        sql = "SELECT key, id FROM cities"
        if scope.admin1:
            return self.db().execute(sql + " WHERE cc = ? AND admin1 = ?", (scope.cc, scope.admin1))
        if scope.cc:
            return self.db().execute(sql + " WHERE cc = ?", (scope.cc,))
        return self.db().execute(sql)

    def nearest_town(
        self, latitude: float, longitude: float, within_km: float = NEAR_TOWN_KM
    ) -> tuple[Town, float] | None:
        """The town nearest a point and its distance in km, or None when no town is within `within_km`.

        A box around the point is read from the (cell, lat, lon) index: a few range scans, the antimeridian
        and the poles included (finder/geocoding/nearby.py); the towns in it are ranked by great-circle
        distance, ties to the smaller id so the answer never depends on row order.
        """
        half_height = within_km / KM_PER_DEGREE + 1e-6  # a hair more: the edge stays in
        south, north = latitude - half_height, latitude + half_height
        db = self.db()
        rows = [
            row
            for low, high in cell_ranges(latitude, longitude, within_km, self.grid_cell_degrees)
            for row in db.execute(
                "SELECT id, lat, lon FROM cities WHERE cell BETWEEN ? AND ? AND lat BETWEEN ? AND ?",
                (low, high, south, north),
            )
        ]
        if not rows:
            return None
        ids, lats, lons = (np.array(column) for column in zip(*rows, strict=True))
        distances = haversine_km_many(latitude, longitude, lats, lons)
        within = np.flatnonzero(distances <= within_km)
        if not within.size:
            return None
        best = within[np.lexsort((ids[within], distances[within]))[0]]
        return self.town_by_id(int(ids[best])), float(distances[best])

    def _postal_rows(self, code: str) -> tuple[PostalRow, ...]:
        rows = self.db().execute(
            "SELECT code, cc, place, region, lat, lon FROM postal WHERE code = ? ORDER BY cc", (code,)
        )
        return tuple(map(PostalRow._make, rows))

    def postal_lookup(self, key: str) -> tuple[PostalRow, ...]:
        """Rows for a postal code key; a ZIP+4 typed without its hyphen falls back to the ZIP."""
        rows = self.postal_rows(key)
        if not rows and len(key) > 5 and key[:5].isdigit():
            rows = self.postal_rows(key[:5])
        return rows

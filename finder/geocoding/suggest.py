"""Suggestions while typing: the towns, regions, countries and postal codes a prefix may be the start of.

The names are kept in memory, sorted by key, so the names that start with a prefix are one range found by
bisection; the most populous of the range come first (NumPy's partial sort, so a two-letter prefix that
starts ten thousand names costs a fraction of a millisecond). A town is indexed by its own name and, when it
has 100,000 people or more, by its alternate names too ("Munchen", "Bombay"). "Portland, M" narrows to the
regions and countries whose name or code starts with "M". Postal codes are a range scan of the gazetteer's
primary key.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from itertools import islice
from typing import TypeAlias

import numpy as np

from finder.geocoding.islands import ISLANDS, Island, islands_starting
from finder.geocoding.labels import country_place, island_place, postal_place, region_place, town_place
from finder.geocoding.normalize import as_typed, place_key, postal_key
from finder.geocoding.parse import find_postal_tokens
from finder.geocoding.place import Place
from finder.geocoding.qualifiers import postal_rank
from finder.geocoding.store import Gazetteer, PostalRow, Town

MIN_PREFIX = 2
#: Towns this big are also found by their alternate names ("Munchen", "Bombay"); a smaller town's are rarely
#: typed, and indexing every alternate name would cost four times the memory.
ALIAS_POPULATION = 100_000
#: An alternate name counts for this share of the town's population, so names as written come first.
ALIAS_WEIGHT = 0.01
#: Candidates read from a range before a qualifier ("Portland, M") narrows them.
NARROWED_POOL = 400
#: Names written in another script than ASCII read from a range of city_names ("Zür", "大").
WRITTEN_POOL = 120
_KIND_TOWN, _KIND_REGION, _KIND_COUNTRY, _KIND_ISLAND = 0, 1, 2, 3
#: An island counts for this many times its main town's population: it is an area, as a region is.
ISLAND_WEIGHT = 10
#: The name of the index's row in the gazetteer's `packed` table.
PACKED_NAME = "suggest_prefix_index"
#: A region (country code, admin-1 code) or a country (its code).
Area: TypeAlias = tuple[str, str] | str


class TownColumns:
    """Every town's row (name, region, position, population) in memory, in id order: a suggestion reads no page
    of the gazetteer file, so a cold page cache or a busy disk never lands in the time between two keystrokes.
    The names are one UTF-8 string with the end of each (170,000 str objects would take 15 MB more)."""

    def __init__(
        self,
        ids: np.ndarray,
        names: bytes,
        name_ends: np.ndarray,
        scope_of: np.ndarray,
        scopes: list[tuple[str, str]],
        coordinates: np.ndarray,
        populations: np.ndarray,
    ) -> None:
        self.ids = ids
        self.names = names
        self.name_ends = name_ends
        #: each town's (country code, admin-1 code), as a position in ``scopes``
        self.scope_of = scope_of
        self.scopes = scopes
        #: (latitude, longitude) of each town
        self.coordinates = coordinates
        self.populations = populations

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> TownColumns:
        rows = gazetteer.db().execute("SELECT id, name, cc, admin1, lat, lon, population FROM cities ORDER BY id")
        ids, names, scope_of, coordinates, populations = [], [], [], [], []
        scopes: dict[tuple[str, str], int] = {}
        for town_id, name, cc, admin1, lat, lon, population in rows:
            ids.append(town_id)
            names.append(name.encode("utf-8"))
            scope_of.append(scopes.setdefault((cc, admin1), len(scopes)))
            coordinates.append((lat, lon))
            populations.append(population)
        return cls(
            np.array(ids, dtype=np.int64),
            b"".join(names),
            np.cumsum([len(name) for name in names], dtype=np.int64),
            np.array(scope_of, dtype=np.int32),
            list(scopes),
            np.array(coordinates, dtype=np.float64).reshape(-1, 2),
            np.array(populations, dtype=np.int64),
        )

    def positions(self, town_ids: list[int]) -> np.ndarray:
        """Where towns of these ids are in the columns."""
        return np.searchsorted(self.ids, np.array(town_ids, dtype=np.int64))

    def name(self, position: int) -> str:
        start = int(self.name_ends[position - 1]) if position else 0
        return self.names[start : int(self.name_ends[position])].decode("utf-8")

    def town(self, position: int) -> Town:
        cc, admin1 = self.scopes[self.scope_of[position]]
        lat, lon = self.coordinates[position].tolist()
        return Town(int(self.ids[position]), self.name(position), cc, admin1, lat, lon, int(self.populations[position]))

    def parts(self) -> tuple[list[bytes], list[tuple[str, str]]]:
        arrays = (self.name_ends, self.ids, self.scope_of, self.coordinates, self.populations)
        return [self.names, *(array.tobytes() for array in arrays)], self.scopes

    @classmethod
    def from_parts(cls, parts: list[bytes], scopes: list[list[str]]) -> TownColumns:
        names, name_ends, ids, scope_of, coordinates, populations = parts
        return cls(
            np.frombuffer(ids, dtype=np.int64),
            names,
            np.frombuffer(name_ends, dtype=np.int64),
            np.frombuffer(scope_of, dtype=np.int32),
            [(cc, admin1) for cc, admin1 in scopes],
            np.frombuffer(coordinates, dtype=np.float64).reshape(-1, 2),
            np.frombuffer(populations, dtype=np.int64),
        )


class PrefixIndex:
    """Keys of towns, regions and countries, sorted, with each entry's kind, reference and weight.

    A town's reference is its position in ``towns``; a region's or a country's is its position in ``areas``.
    The gazetteer file carries the index ready-made (`pack`, written by scripts/build_gazetteer.py), so the first
    suggestion of a process reads it rather than sorting a quarter of a million names.
    """

    def __init__(
        self,
        keys: list[str],
        kinds: np.ndarray,
        refs: np.ndarray,
        weights: np.ndarray,
        areas: list[Area],
        towns: TownColumns,
    ) -> None:
        self.keys = keys
        self.kinds = kinds
        self.refs = refs
        self.weights = weights
        self.areas = areas
        self.towns = towns

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> PrefixIndex:
        """The index sorted from the gazetteer's tables."""
        db = gazetteer.db()
        towns = TownColumns.of(gazetteer)
        keys = [key for (key,) in db.execute("SELECT key FROM cities ORDER BY id")]
        rows: list[tuple[str, int, int, float]] = [
            (key, _KIND_TOWN, position, float(population))
            for position, (key, population) in enumerate(zip(keys, towns.populations.tolist(), strict=True))
        ]
        aliases = db.execute(
            "SELECT k.key, c.id, c.population FROM city_keys k JOIN cities c ON c.id = k.id "
            "WHERE c.population >= ? AND k.key != c.key",
            (ALIAS_POPULATION,),
        ).fetchall()
        positions = towns.positions([town_id for _, town_id, _ in aliases]).tolist()
        rows += [
            (key, _KIND_TOWN, position, population * ALIAS_WEIGHT)
            for (key, _, population), position in zip(aliases, positions, strict=True)
        ]
        areas: list[Area] = []
        for (cc, admin1), region in gazetteer.regions.items():
            rows.append((place_key(region.name), _KIND_REGION, len(areas), float(region.population)))
            areas.append((cc, admin1))
        for cc, country in gazetteer.countries.items():
            rows.append((place_key(country.name), _KIND_COUNTRY, len(areas), float(country.population)))
            areas.append(cc)
        rows.sort()
        return cls(
            [row[0] for row in rows],
            np.fromiter((row[1] for row in rows), dtype=np.int8, count=len(rows)),
            np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows)),
            np.fromiter((row[3] for row in rows), dtype=np.float64, count=len(rows)),
            areas,
            towns,
        )

    def pack(self) -> bytes:
        """The index as bytes: a JSON header (areas, regions of towns, part sizes), the keys one per line, the
        arrays, then the town columns."""
        keys = "\n".join(self.keys).encode("ascii")
        town_parts, scopes = self.towns.parts()
        parts = [keys, self.kinds.tobytes(), self.refs.tobytes(), self.weights.tobytes(), *town_parts]
        header = json.dumps({"areas": self.areas, "scopes": scopes, "sizes": [len(part) for part in parts]}).encode()
        return len(header).to_bytes(8, "little") + header + b"".join(parts)

    @classmethod
    def unpack(cls, data: bytes) -> PrefixIndex:
        size = int.from_bytes(data[:8], "little")
        header = json.loads(data[8 : 8 + size])
        position, parts = 8 + size, []
        for length in header["sizes"]:
            parts.append(data[position : position + length])
            position += length
        keys, kinds, refs, weights, *town_parts = parts
        areas: list[Area] = [tuple(area) if isinstance(area, list) else area for area in header["areas"]]
        return cls(
            keys.decode("ascii").split("\n"),
            np.frombuffer(kinds, dtype=np.int8),
            np.frombuffer(refs, dtype=np.int64),
            np.frombuffer(weights, dtype=np.float64),
            areas,
            TownColumns.from_parts(town_parts, header["scopes"]),
        )

    def best(self, prefix: str, count: int) -> list[tuple[int, int, float]]:
        """(kind, reference, weight) of up to ``count`` entries whose key starts with ``prefix``, heaviest first."""
        low = bisect_left(self.keys, prefix)
        high = bisect_left(self.keys, prefix + "\U0010ffff", lo=low)
        if low == high:
            return []
        weights = self.weights[low:high]
        top = np.argpartition(-weights, count - 1)[:count] if high - low > count else np.arange(high - low)
        top = top[np.argsort(-weights[top], kind="stable")] + low
        return list(zip(self.kinds[top].tolist(), self.refs[top].tolist(), self.weights[top].tolist(), strict=True))

    def readings(self, key: str, count: int) -> list[tuple[int, int, float]]:
        """The best entries for a key, or, when none starts with it, for it split in two: "newyo" -> "new yo"."""
        found = self.best(key, count)
        if found or " " in key:
            return found
        for cut in range(2, len(key) - 1):
            found += self.best(f"{key[:cut]} {key[cut:]}", count)
        return found


class Suggester:
    """Ranked places for what a person has typed so far; the index is built on first use.

    ``island_town`` gives an island's main town (finder/geocoding/islands.py): islands are suggested as areas,
    weighing ISLAND_WEIGHT times their main town.
    """

    def __init__(self, gazetteer: Gazetteer, *, island_town: Callable[[Island], Town | None]) -> None:
        self.gazetteer = gazetteer
        self.island_town = island_town
        self._lock = threading.Lock()
        self._index: PrefixIndex | None = None

    def index(self) -> PrefixIndex:
        with self._lock:
            if self._index is None:
                packed = self.gazetteer.packed(PACKED_NAME)
                self._index = PrefixIndex.unpack(packed[PACKED_NAME]) if packed else PrefixIndex.of(self.gazetteer)
            return self._index

    def suggest(self, prefix: str, *, limit: int = 8) -> tuple[Place, ...]:
        """Up to ``limit`` places the text may be the start of, most likely first; () for under two characters."""
        if not isinstance(prefix, str) or limit < 1:
            return ()
        text = " ".join(prefix.split())[:200]
        name, _, qualifier = text.partition(",")
        key = place_key(name)
        if len(key.replace(" ", "")) < MIN_PREFIX:
            return ()
        places: dict[str, Place] = {}
        if any(ch.isdigit() for ch in name):
            for place in self._postal(name, text, limit):
                places.setdefault(place_key(place.label), place)
        wanted = place_key(qualifier)
        index = self.index()
        seen: set[tuple[int, int]] = set()
        candidates = index.readings(key, NARROWED_POOL if wanted else limit * 2)
        candidates = self._with_islands(key, self._written_first(index, name, candidates))
        for kind, ref, _ in candidates:
            if (kind, ref) in seen:
                continue
            seen.add((kind, ref))
            place = self._place(index, kind, ref, text, wanted)
            if place is not None:
                places.setdefault(place_key(place.label), place)
            if len(places) >= limit:
                break
        return tuple(places.values())[:limit]

    def _written_first(
        self, index: PrefixIndex, name: str, candidates: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """For text typed in another script than ASCII, the towns written so replace the towns found by its
        transliteration: "大阪" is Osaka, not Durban (once called Daban); "Mün" keeps Munich at the weight of
        its own name. Regions and countries stay."""
        written = self._written(index, name)
        if not written:
            return candidates
        for kind, ref, weight in candidates:
            if kind == _KIND_TOWN and ref in written:
                written[ref] = max(written[ref], weight)
        towns = [(_KIND_TOWN, position, weight) for position, weight in written.items()]
        towns.sort(key=lambda candidate: -candidate[2])
        return towns + [candidate for candidate in candidates if candidate[0] != _KIND_TOWN]

    def _written(self, index: PrefixIndex, name: str) -> dict[int, float]:
        """Towns (positions) one of whose names in another script than ASCII starts with the text as typed (a range
        of the gazetteer's city_names), with their weight: the population when it is the town's own name ("São
        Paulo"), ALIAS_WEIGHT of it for an alternate one ("São Petersburgo" is Saint Petersburg); none for ASCII."""
        typed = as_typed(name)
        if typed.isascii():
            return {}
        rows = self.gazetteer.db().execute(
            "SELECT id FROM city_names WHERE name >= ? AND name < ? LIMIT ?",
            (typed, typed + "\U0010ffff", WRITTEN_POOL),
        )
        towns = index.towns
        found: dict[int, float] = {}
        for position in towns.positions([town_id for (town_id,) in rows]).tolist():
            own = as_typed(towns.name(position)).startswith(typed)
            found[position] = float(towns.populations[position]) * (1.0 if own else ALIAS_WEIGHT)
        return found

    def _with_islands(self, key: str, candidates: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """The candidates with the islands whose name starts with the key, each before the first lighter one."""
        merged = list(candidates)
        for island in islands_starting(key):
            town = self.island_town(island)
            if town is None:
                continue
            weight = town.population * ISLAND_WEIGHT
            at = next((i for i, (_, _, other) in enumerate(merged) if other < weight), len(merged))
            merged.insert(at, (_KIND_ISLAND, ISLANDS.index(island), weight))
        return merged

    def _place(self, index: PrefixIndex, kind: int, ref: int, text: str, wanted: str) -> Place | None:
        store = self.gazetteer
        if kind in (_KIND_TOWN, _KIND_ISLAND):
            island = ISLANDS[ref] if kind == _KIND_ISLAND else None
            town = self.island_town(island) if island else index.towns.town(ref)
            if town is None or (wanted and not self._within(town, wanted)):
                return None
            place = town_place(store, island.town if island else text, town)
            return island_place(text, island.name, place) if island else place
        area = index.areas[ref]
        if kind == _KIND_REGION:
            cc, admin1 = area  # type: ignore[misc]
            country = store.countries.get(cc)
            if wanted and not any(place_key(name).startswith(wanted) for name in (cc, country.name if country else "")):
                return None
            return region_place(store, text, cc, admin1)
        if wanted:
            return None
        return country_place(store, text, area)  # type: ignore[arg-type]

    def _within(self, town: Town, wanted: str) -> bool:
        """Whether the qualifier typed after the comma ("Portland, M") starts the town's region or country."""
        store = self.gazetteer
        region = store.regions.get((town.cc, town.admin1))
        names = (town.cc, region.name if region else "", region.abbr or "" if region else "")
        names += (store.countries[town.cc].name if town.cc in store.countries else "",)
        return any(place_key(name).startswith(wanted) for name in names if name)

    def _postal(self, name: str, text: str, limit: int) -> list[Place]:
        code = postal_key(name)
        if len(code) < MIN_PREFIX:
            return []
        rows = self.gazetteer.db().execute(
            "SELECT code, cc, place, region, lat, lon FROM postal WHERE code >= ? AND code < ? LIMIT 120",
            (code, code + "\x7f"),
        )
        found = [PostalRow._make(row) for row in rows]
        found.sort(key=lambda row: (postal_rank(row), len(row.code), row.code))
        places = (postal_place(text, row) for row in found)
        return list(islice((place for place in places if reads_back(place.label)), limit))


@lru_cache(maxsize=16_384)
def reads_back(label: str) -> bool:
    """Whether the geocoder reads the code a postal label starts with back from it ("SW1 Belgravia" and
    "78701CEDEX" it does not); kept per label, as the next keystroke's range holds most of the same codes."""
    return any(token.key == postal_key(label.split()[0]) for token in find_postal_tokens(label))

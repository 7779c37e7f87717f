"""Misspellings: a close-enough name is read as the place ("Pittsbrugh"), else offered as a suggestion.

Names are compared with rapidfuzz within the qualifier's scope; a sound key catches spellings by ear
("Albuqerky" -> Albuquerque). The town names of a scope are loaded on first use and kept.
"""

from __future__ import annotations

import math
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import groupby

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from finder.geocoding.normalize import place_key, sound_key
from finder.geocoding.store import Gazetteer, Scope, Town

#: How far below the score a name's Indel ratio may be and still be scored again for swapped letters.
SWAP_SLACK = 8.0


ACCEPT_SCORE = 85.0  # a misspelling this close is read as the place
SUGGEST_SCORE = 60.0  # a name this close is offered as "did you mean"


#: A misspelling keeps its first letter, or swaps it with the second ("Sacremento", "Aslo" for Oslo);
#: names are compared only with names that start with one of those two letters and whose length allows the
#: score asked for, so one lookup compares a few hundred names, not a country's (or the world's) thousands.
FIRST_LETTERS = 2
#: The lengths compared are those a name scoring this much could have: a suggestion of a name much longer or
#: shorter than the one typed (scoring 60 to 75) is rarely what was meant, and leaving them out halves the work.
BAND_SCORE = 75.0

#: Names of the world index's rows in the gazetteer's `packed` table.
WORLD_BY_LETTER, WORLD_BY_PAIR = "fuzzy_world_by_letter", "fuzzy_world_by_pair"


class _Sorted:
    """Name keys sorted by (prefix, length), so the names of one prefix within a band of lengths are one slice."""

    def __init__(self, names: list[str], ids: array, prefix: int) -> None:
        """``names`` already sorted by (prefix, length) (`sort_entries`), ``ids`` the town id of each."""
        self.prefix = prefix
        self.names = names
        self.ids = ids
        #: prefix -> (first position, [position of the first name of each length 0..longest + 1])
        self.starts: dict[str, tuple[int, list[int]]] = {}
        for start, (first, group) in _runs(self.names, prefix):
            lengths = [len(name) for name in group]
            offsets = [bisect_left(lengths, length) for length in range(lengths[-1] + 2)]
            self.starts[first] = (start, offsets)

    @classmethod
    def of(cls, entries: list[tuple[str, int]], prefix: int) -> _Sorted:
        names, ids = sort_entries(entries, prefix)
        return cls(names, ids, prefix)

    def pack(self) -> bytes:
        """The names and ids as bytes, for the gazetteer file (scripts/build_gazetteer.py)."""
        names = "\n".join(self.names).encode("ascii")
        return len(names).to_bytes(8, "little") + names + self.ids.tobytes()

    @classmethod
    def unpack(cls, data: bytes, prefix: int) -> _Sorted:
        size = int.from_bytes(data[:8], "little")
        ids = array("q")
        ids.frombytes(data[8 + size :])
        return cls(data[8 : 8 + size].decode("ascii").split("\n"), ids, prefix)

    def band(self, prefix: str, low: int, high: int) -> tuple[list[str], int]:
        """The names that start with ``prefix`` and are ``low`` to ``high`` long, and the position of the first."""
        found = self.starts.get(prefix)
        if found is None:
            return [], 0
        start, offsets = found
        low, high = min(low, len(offsets) - 1), min(high + 1, len(offsets) - 1)
        return self.names[start + offsets[low] : start + offsets[high]], start + offsets[low]


def sort_entries(entries: list[tuple[str, int]], prefix: int) -> tuple[list[str], array]:
    """(name key, town id) pairs sorted by (prefix, length, position): the names and the ids, apart."""
    entries = sorted(entries, key=lambda entry: (entry[0][:prefix], len(entry[0])))
    return [key for key, _ in entries], array("q", (town_id for _, town_id in entries))


def _runs(names: list[str], prefix: int) -> Iterator[tuple[int, tuple[str, list[str]]]]:
    """(position, (prefix, names)) for each run of names that share a prefix."""
    position = 0
    for first, group in groupby(names, key=lambda name: name[:prefix]):
        members = list(group)
        yield position, (first, members)
        position += len(members)


class ScopeIndex:
    """The town name keys of a scope, sorted by (first letter, length) and by (first two letters, length)."""

    def __init__(self, by_letter: _Sorted, by_pair: _Sorted) -> None:
        self.by_letter = by_letter
        self.by_pair = by_pair

    @classmethod
    def of(cls, entries: list[tuple[str, int]]) -> ScopeIndex:
        return cls(_Sorted.of(entries, 1), _Sorted.of(entries, 2))

    def pack(self) -> dict[str, bytes]:
        """The index as the gazetteer's `packed` rows (scripts/build_gazetteer.py writes the world's)."""
        return {WORLD_BY_LETTER: self.by_letter.pack(), WORLD_BY_PAIR: self.by_pair.pack()}

    @classmethod
    def unpack(cls, packed: dict[str, bytes]) -> ScopeIndex:
        return cls(_Sorted.unpack(packed[WORLD_BY_LETTER], 1), _Sorted.unpack(packed[WORLD_BY_PAIR], 2))

    def candidates(self, key: str, score: float) -> Iterator[tuple[list[str], array, int]]:
        """(names, ids, offset of names in ids) that can score at least ``score`` (0-100) against ``key``.

        Two names of lengths a and b differ by at least |a - b| insertions or deletions, so the Indel ratio
        1 - distance / (a + b) reaches ``score`` only when b lies within the band computed here. Names that
        start with the key's first letter are compared, and those that start with its first two swapped.
        """
        share = 1 - score / 100
        low = math.ceil(len(key) * (1 - share) / (1 + share))
        high = math.floor(len(key) * (1 + share) / (1 - share)) if share < 1 else len(key) * 4
        names, offset = self.by_letter.band(key[:1], low, high)
        yield names, self.by_letter.ids, offset
        swapped = key[1::-1]
        if swapped != key[:2]:
            names, offset = self.by_pair.band(swapped, low, high)
            yield names, self.by_pair.ids, offset


class Misspellings:
    """Fuzzy matching of town names over a gazetteer, with a per-scope index built on first use.

    ``comparisons`` counts the names compared so far (tests and the benchmark read it): the work per
    lookup is bounded by the buckets it reads, never by the size of the scope.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._choices: dict[Scope, ScopeIndex] = {}
        self.comparisons = 0

    def clear(self) -> None:
        with self._lock:
            self._choices.clear()

    def _index(self, scope: Scope) -> ScopeIndex:
        """The bucketed name keys of a scope (ids kept in compact arrays)."""
        with self._lock:
            cached = self._choices.get(scope)
            if cached is None:
                cached = self._choices[scope] = self._build(scope)
            return cached

    def _build(self, scope: Scope) -> ScopeIndex:
        """The world's index comes sorted in the gazetteer file (no sorting on the first misspelling); a
        country's or a region's is sorted from its towns."""
        if scope == Scope():
            packed = self.gazetteer.packed(WORLD_BY_LETTER, WORLD_BY_PAIR)
            if packed is not None:
                return ScopeIndex.unpack(packed)
        return ScopeIndex.of(list(self.gazetteer.town_keys(scope)))

    def close_matches(
        self, name: str, scope: Scope, *, limit: int = 12, score: float = SUGGEST_SCORE
    ) -> list[tuple[float, Town]]:
        """(score, town) for names close to `name`, best score first, then most populous."""
        key = place_key(name)
        if len(key) < 3:
            return []
        found: dict[int, float] = {}
        for names, ids, offset in self._index(scope).candidates(key, max(score, BAND_SCORE)):
            self.comparisons += len(names)
            # Indel ratio first (fast, in C); a swap of two letters costs it two edits, so the few names near
            # the cut-off are scored again by Damerau-Levenshtein, where it costs one ("Sacramnetno").
            for choice, ratio, index in process.extract(
                key, names, scorer=fuzz.ratio, limit=limit, score_cutoff=score - SWAP_SLACK
            ):
                swapped = DamerauLevenshtein.normalized_similarity(key, choice) * 100
                best = max(ratio, swapped)
                if best >= score:
                    town_id = ids[offset + index]
                    found[town_id] = max(best, found.get(town_id, 0.0))
        ranked = sorted(found.items(), key=lambda item: -item[1])[:limit]
        return sorted(
            ((match_score, self.gazetteer.town_by_id(town_id)) for town_id, match_score in ranked),
            key=lambda item: (-round(item[0]), -item[1].population),
        )

    @staticmethod
    def accepted(name: str, ranked: list[tuple[float, Town]]) -> Town | None:
        """The town a misspelling is read as, when the best match is close enough and the name long enough."""
        if not ranked or ranked[0][0] < ACCEPT_SCORE or len(place_key(name)) < 4:
            return None
        best_score = round(ranked[0][0])
        return max((town for score, town in ranked if round(score) == best_score), key=lambda t: t.population)

    def sound_alike(self, name: str, scopes: list[Scope]) -> list[Town]:
        """Towns whose names sound like `name`, within the first scope that has any, most populous first."""
        sound = sound_key(place_key(name))
        if len(sound) < 3:
            return []
        towns = self.gazetteer.towns_sounding(sound)
        for scope in scopes:
            within = [town for town in towns if scope.holds(town)]
            if within:
                return within[:3]
        return []

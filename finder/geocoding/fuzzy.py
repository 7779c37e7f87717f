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


class _Sorted:
    """Name keys sorted by (prefix, length), so the names of one prefix within a band of lengths are one slice."""

    def __init__(self, entries: list[tuple[str, int]], prefix: int) -> None:
        entries.sort(key=lambda entry: (entry[0][:prefix], len(entry[0])))
        self.prefix = prefix
        self.names = [key for key, _ in entries]
        self.ids = array("q", (town_id for _, town_id in entries))
        #: prefix -> (first position, [position of the first name of each length 0..longest + 1])
        self.starts: dict[str, tuple[int, list[int]]] = {}
        for start, (first, group) in _runs(self.names, prefix):
            lengths = [len(name) for name in group]
            offsets = [bisect_left(lengths, length) for length in range(lengths[-1] + 2)]
            self.starts[first] = (start, offsets)

    def band(self, prefix: str, low: int, high: int) -> tuple[list[str], int]:
        """The names that start with ``prefix`` and are ``low`` to ``high`` long, and the position of the first."""
        found = self.starts.get(prefix)
        if found is None:
            return [], 0
        start, offsets = found
        low, high = min(low, len(offsets) - 1), min(high + 1, len(offsets) - 1)
        return self.names[start + offsets[low] : start + offsets[high]], start + offsets[low]


def _runs(names: list[str], prefix: int) -> Iterator[tuple[int, tuple[str, list[str]]]]:
    """(position, (prefix, names)) for each run of names that share a prefix."""
    position = 0
    for first, group in groupby(names, key=lambda name: name[:prefix]):
        members = list(group)
        yield position, (first, members)
        position += len(members)


class ScopeIndex:
    """The town name keys of a scope, sorted by (first letter, length) and by (first two letters, length)."""

    def __init__(self, entries: list[tuple[str, int]]) -> None:
        self.by_letter = _Sorted(list(entries), 1)
        self.by_pair = _Sorted(entries, 2)

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
                cached = self._choices[scope] = ScopeIndex(list(self.gazetteer.town_keys(scope)))
            return cached

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

"""Misspellings: a close-enough name is read as the place ("Pittsbrugh"), else offered as a suggestion.

Names are compared with rapidfuzz within the qualifier's scope; a sound key catches spellings by ear
("Albuqerky" -> Albuquerque). The town names of a scope are loaded on first use and kept.
"""

from __future__ import annotations

import threading
from array import array

from rapidfuzz import fuzz, process

from finder.geocoding.normalize import place_key, sound_key
from finder.geocoding.store import Gazetteer, Scope, Town

ACCEPT_SCORE = 85.0  # a misspelling this close is read as the place
SUGGEST_SCORE = 60.0  # a name this close is offered as "did you mean"


class Misspellings:
    """Fuzzy matching of town names over a gazetteer, with a per-scope index built on first use."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._choices: dict[Scope, tuple[list[str], array]] = {}

    def clear(self) -> None:
        with self._lock:
            self._choices.clear()

    def _index(self, scope: Scope) -> tuple[list[str], array]:
        """Primary name keys and town ids within a scope (ids kept in a compact array)."""
        with self._lock:
            cached = self._choices.get(scope)
            if cached is None:
                keys, ids = [], array("q")
                for key, town_id in self.gazetteer.town_keys(scope):
                    keys.append(key)
                    ids.append(town_id)
                cached = self._choices[scope] = (keys, ids)
            return cached

    def close_matches(self, name: str, scope: Scope, *, limit: int = 12) -> list[tuple[float, Town]]:
        """(score, town) for names close to `name`, best score first, then most populous."""
        key = place_key(name)
        if len(key) < 3:
            return []
        keys, ids = self._index(scope)
        matches = process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_SCORE)
        return sorted(
            ((score, self.gazetteer.town_by_id(ids[index])) for _, score, index in matches),
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

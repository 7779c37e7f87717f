"""Nearest search restricted to some groups of studios (those open at an instant), without a scan.

Studios sharing hours, time zone and holiday calendar form a group (finder.directory.opening): at any
instant a group is open or closed as a whole. Each group has a bounding ball on the unit sphere (centroid
and radius, computed at load) and a SpatialIndex built the first time it is searched. A search takes the
open groups in order of how near they could be and stops once no further group can beat the results:
from Tokyo at 4 a.m., where every studio nearby is closed, it reads a few groups, not every studio.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from .index import SpatialIndex, _at_least_km, _unit_vector, merge_nearest, unit_vectors


class GroupIndexes:
    """Per group: its members (directory positions), bounding ball, and a SpatialIndex built on first use."""

    def __init__(self, latitude: np.ndarray, longitude: np.ndarray, group: np.ndarray, count: int) -> None:
        self._latitude, self._longitude = latitude, longitude
        order = np.argsort(group, kind="stable")
        starts = np.searchsorted(group[order], np.arange(count + 1))
        self._members = [order[starts[g] : starts[g + 1]] for g in range(count)]
        vectors = unit_vectors(latitude, longitude) if len(latitude) else np.empty((0, 3))
        sums = np.zeros((count, 3))
        for axis in range(3):
            sums[:, axis] = np.bincount(group, weights=vectors[:, axis], minlength=count)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self._centre = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
        spread = np.linalg.norm(vectors - self._centre[group], axis=1) if len(group) else np.empty(0)
        self._radius = np.zeros(count)
        np.maximum.at(self._radius, group, spread)
        self._radius *= 1 + 1e-9
        self._built: dict[int, SpatialIndex] = {}
        self._lock = threading.Lock()

    def _index(self, group: int) -> SpatialIndex:
        with self._lock:
            built = self._built.get(group)
            if built is None:
                members = self._members[group]
                built = self._built[group] = SpatialIndex(self._latitude[members], self._longitude[members])
        return built

    def nearest(
        self,
        latitude: float,
        longitude: float,
        groups: np.ndarray,
        *,
        limit: int,
        radius_km: float | None,
        keep: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``limit`` nearest studios of these groups (passing ``keep``, given directory positions), exactly."""
        if not len(groups) or limit <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        chords = np.linalg.norm(self._centre[groups] - _unit_vector(latitude, longitude), axis=1)
        lower = np.maximum(chords - self._radius[groups], 0.0)  # no member is nearer than this chord
        order = np.argsort(lower, kind="stable")
        found: list[tuple[np.ndarray, np.ndarray]] = []
        kth = np.inf if radius_km is None else radius_km
        for group, chord in zip(groups[order].tolist(), lower[order].tolist(), strict=True):
            if _at_least_km(chord) > kth:
                break
            members = self._members[group]
            index = self._index(group)
            within = None if kth == np.inf else kth  # nothing farther than the current k-th can enter
            if keep is None:
                local, distances = index.query(latitude, longitude, limit=limit, radius_km=within)
            else:
                local, distances = index.nearest_where(
                    latitude, longitude, limit=limit, keep=_within(keep, members), radius_km=within
                )
            found.append((members[local], distances))
            positions, merged = merge_nearest(found, limit)
            found = [(positions, merged)]
            if len(merged) >= limit:
                kth = min(kth, float(merged[limit - 1]))
        return merge_nearest(found, limit)


def _within(keep: Callable[[np.ndarray], np.ndarray], members: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """``keep`` asked about a group's local positions, in directory positions."""
    return lambda local: keep(members[local])

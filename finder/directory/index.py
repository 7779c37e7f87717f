"""Exact nearest search on the WGS-84 ellipsoid.

A k-d tree over the points' geocentric directions (unit vectors of their Earth-centred
coordinates) finds candidates by chord length. Candidates are ranked by their WGS-84
geodesic distance (Karney's algorithm, the one geopy's ``geodesic`` uses, vectorised by
pyproj), and the candidate set is widened until no unseen point can still beat the k-th:

* Rigorous bound: every point of the ellipsoid lies outside the ball of the polar radius b,
  and projecting onto that ball never lengthens a curve, so a geodesic whose end points are
  an angle θ apart (seen from the Earth's centre) is at least b·θ long. The k-d tree orders
  points by θ, so "every unseen point is at least b·θ_max away" holds for the whole rest.
* Pruning inside the band that bound cannot exclude: Andoyer-Lambert's first-order formula,
  with a margin of 2e-4 of the distance plus 2 m (over eight times the largest error measured
  against Karney on 4 million random pairs), and Karney's algorithm for what remains.

Distances are exact to Karney's precision; the bounds only decide which points need it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence

import numpy as np
from scipy.spatial import cKDTree

from ..geo import WGS84_A_KM, WGS84_F, geodesic_km

_A, _F = WGS84_A_KM, WGS84_F
_E2 = _F * (2 - _F)
_B = _A * (1 - _F) * (1 - 1e-12)  # polar radius, a hair smaller so rounding never breaks the bound
_LAMBERT_RELATIVE_MARGIN = 2e-4
_LAMBERT_ABSOLUTE_MARGIN_KM = 0.002
_LAMBERT_MAX_ANGLE = math.radians(170)  # nearer the antipode the formula degrades; Karney decides there
_PREFETCH = 64  # candidates fetched per tree walk
_LAMBERT_FROM = 256  # below this many candidates, Karney directly is cheaper than pruning first
_WALK_UNTIL = 1024  # a filtered walk that has not found enough by this many candidates scans instead


def unit_vectors(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """Geocentric directions of points on the ellipsoid: unit vectors, shape (n, 3)."""
    lat, lon = np.radians(latitude), np.radians(longitude)
    sin_lat, cos_lat = np.sin(lat), np.cos(lat)
    # Earth-centred coordinates divided by the prime-vertical radius N: z shrinks by (1 - e²).
    xyz = np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), (1 - _E2) * sin_lat))
    return xyz / np.linalg.norm(xyz, axis=1, keepdims=True)


def _unit_vector(latitude: float, longitude: float) -> np.ndarray:
    """The geocentric direction of one point (as :func:`unit_vectors`, without array overhead)."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    x, y, z = math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), (1 - _E2) * math.sin(lat)
    norm = math.sqrt(x * x + y * y + z * z)
    return np.array((x / norm, y / norm, z / norm))


def _chord_within(distance_km: float) -> float:
    """The chord that contains every point whose geodesic distance may be ``distance_km`` or less."""
    angle = distance_km / _B
    if angle >= math.pi:
        return 2.0 + 1e-9  # the whole sphere, antipodes included (the k-d tree's bound is strict)
    return 2.0 * math.sin(angle / 2.0) * (1 + 1e-9) + 1e-12


def _at_least_km(chord: float) -> float:
    """A lower bound on the geodesic distance of points at least ``chord`` apart (b·θ)."""
    return 2.0 * math.asin(min(chord / 2.0, 1.0)) * _B


def lambert_km(
    latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Andoyer-Lambert distances (km) and central angles on the auxiliary sphere, vectorised."""
    beta1 = math.atan((1 - _F) * math.tan(math.radians(latitude)))
    beta2 = np.arctan((1 - _F) * np.tan(np.radians(latitudes)))
    half_dlon = np.radians(longitudes - longitude) / 2
    h = np.sin((beta2 - beta1) / 2) ** 2 + math.cos(beta1) * np.cos(beta2) * np.sin(half_dlon) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p, q = (beta1 + beta2) / 2, (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        distance = _A * (sigma - _F / 2 * (x + y))
    return np.where(sigma > 1e-12, distance, 0.0), sigma


class SpatialIndex:
    """Exact k-nearest and radius search over a fixed set of points; built once, read-only."""

    def __init__(self, latitude: np.ndarray, longitude: np.ndarray) -> None:
        self.latitude = np.ascontiguousarray(latitude, dtype=np.float64)
        self.longitude = np.ascontiguousarray(longitude, dtype=np.float64)
        # Sliding-midpoint splits on uncompacted boxes: for clustered studios and far queries (from
        # mid-ocean, say) this walks a tenth of the nodes the default (median, compact) tree walks.
        self._tree = (
            cKDTree(unit_vectors(self.latitude, self.longitude), balanced_tree=False, compact_nodes=False)
            if len(self.latitude)
            else None
        )

    def __len__(self) -> int:
        return len(self.latitude)

    @property
    def vectors(self) -> np.ndarray:
        """The points' unit vectors (as :func:`unit_vectors`), shape (n, 3)."""
        return self._tree.data if self._tree is not None else np.empty((0, 3))

    def patches(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The positions in the k-d tree's order, and where each patch of it starts (the last entry: the count).

        A patch is a largest subtree of at most ``size`` points: its points share one box of the tree's
        partition, so it is a compact piece of the map (fixed-size runs of the order are not: a run can
        straddle two branches a continent apart)."""
        if self._tree is None:
            return np.empty(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
        starts, stack = [], [self._tree.tree]
        while stack:
            node = stack.pop()
            if node.children <= size:
                starts.append(node.start_idx)
            else:
                stack += (node.greater, node.lesser)
        return self._tree.indices.astype(np.int64), np.append(np.sort(starts), len(self))

    def _rank(self, latitude: float, longitude: float, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distances = geodesic_km(latitude, longitude, self.latitude[candidates], self.longitude[candidates])
        order = np.lexsort((candidates, distances))
        return candidates[order], distances[order]

    def query(
        self, latitude: float, longitude: float, *, limit: int, radius_km: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions and geodesic distances (km) of the ``limit`` nearest points, nearest first."""
        count = len(self)
        if self._tree is None or limit <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        point = _unit_vector(latitude, longitude)
        bound = np.inf if radius_km is None else _chord_within(radius_km)
        # One tree walk fetches a generous set of candidates (cheap: the walk dominates); only as
        # many as the bound requires are ranked by Karney's algorithm.
        fetched = min(count, max(limit + 8, _PREFETCH))
        chords, positions = self._tree.query(point, k=fetched, distance_upper_bound=bound)
        chords, positions = np.atleast_1d(chords), np.atleast_1d(positions)
        found = positions < count
        positions, chords = positions[found].astype(np.int64), chords[found]
        ranked_now = min(len(positions), limit + 8)
        ranked, distances = self._rank(latitude, longitude, positions[:ranked_now])
        kth = self._kth(distances, limit, radius_km)
        if ranked_now < len(positions):
            rest_at_least = 2.0 * np.arcsin(np.minimum(chords[ranked_now:] / 2.0, 1.0)) * _B
            maybe = positions[ranked_now:][rest_at_least <= kth]
            if maybe.size:
                ranked, distances = self._merge(latitude, longitude, ranked, distances, maybe, kth)
                kth = self._kth(distances, limit, radius_km)
        exhausted = len(positions) < fetched or fetched == count
        if not exhausted and _at_least_km(float(chords[-1])) <= kth:  # an unseen point might still be nearer
            band = np.asarray(
                self._tree.query_ball_point(point, r=_chord_within(kth), return_sorted=False), dtype=np.int64
            )
            ranked, distances = self._merge(latitude, longitude, ranked, distances, band[~np.isin(band, ranked)], kth)
        if radius_km is not None:
            inside = distances <= radius_km
            ranked, distances = ranked[inside], distances[inside]
        return ranked[:limit], distances[:limit]

    def nearest_where(
        self,
        latitude: float,
        longitude: float,
        *,
        limit: int,
        keep: Callable[[np.ndarray], np.ndarray],
        radius_km: float | None = None,
        deep: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``limit`` nearest points for which ``keep(positions)`` is true, nearest first, exactly.

        The tree is walked in growing batches (4x each time); only the points of a batch that ``keep``
        accepts are ranked by geodesic distance, and the walk stops once the ``limit``-th of them is
        nearer than anything unseen can be (b·θ of the last chord). So a filter that most studios pass
        costs about one batch. When the walk has passed _WALK_UNTIL candidates (every studio near here is
        closed, say), ``keep`` is asked once about every point and the nearest are found among those it
        accepts by one vectorised pass (:meth:`nearest_among`), or ``deep()`` answers when given.
        """
        count = len(self)
        if self._tree is None or limit <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        point = _unit_vector(latitude, longitude)
        bound = np.inf if radius_km is None else _chord_within(radius_km)
        fetched = min(count, max(4 * limit, _PREFETCH))
        while True:
            if fetched > _WALK_UNTIL and fetched < count:
                if deep is not None:
                    return deep()
                accepted = np.flatnonzero(np.asarray(keep(np.arange(count, dtype=np.int64)), dtype=bool))
                return self.nearest_among(latitude, longitude, accepted, limit=limit, radius_km=radius_km)
            chords, positions = self._tree.query(point, k=fetched, distance_upper_bound=bound)
            chords, positions = np.atleast_1d(chords), np.atleast_1d(positions)
            found = positions < count
            chords, positions = chords[found], positions[found].astype(np.int64)
            matching = positions[np.asarray(keep(positions), dtype=bool)]
            ranked, distances = self._rank(latitude, longitude, matching)
            if radius_km is not None:
                inside = distances <= radius_km
                ranked, distances = ranked[inside], distances[inside]
            exhausted = len(positions) < fetched or fetched >= count
            if exhausted or (len(ranked) >= limit and distances[limit - 1] <= _at_least_km(float(chords[-1]))):
                return ranked[:limit], distances[:limit]
            # Few pass here: when walking on would likely pass _WALK_UNTIL anyway, go there now.
            rare = len(matching) * _WALK_UNTIL < limit * len(positions)
            fetched = _WALK_UNTIL * 4 if rare else min(count, fetched * 4)

    def nearest_among(
        self, latitude: float, longitude: float, candidates: np.ndarray, *, limit: int, radius_km: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``limit`` nearest of ``candidates`` (positions), exactly, by one pass over their unit vectors.

        Chords to every candidate pick the nearest few; Karney ranks them; every other candidate whose
        lower bound (b·θ) could still beat the ``limit``-th is ranked too.
        """
        if self._tree is None or limit <= 0 or not len(candidates):
            return np.empty(0, dtype=np.int64), np.empty(0)
        candidates = np.asarray(candidates, dtype=np.int64)
        chords = np.linalg.norm(self._tree.data[candidates] - _unit_vector(latitude, longitude), axis=1)
        if radius_km is not None:
            inside = chords <= _chord_within(radius_km)
            candidates, chords = candidates[inside], chords[inside]
        first = min(len(candidates), limit + 8)
        if not first:
            return np.empty(0, dtype=np.int64), np.empty(0)
        nearest = np.argpartition(chords, first - 1)[:first] if first < len(candidates) else np.arange(first)
        ranked, distances = self._rank(latitude, longitude, candidates[nearest])
        kth = self._kth(distances, limit, radius_km)
        rest = np.ones(len(candidates), dtype=bool)
        rest[nearest] = False
        at_least = 2.0 * np.arcsin(np.minimum(chords / 2.0, 1.0)) * _B
        maybe = candidates[rest & (at_least <= kth)]
        if maybe.size:
            ranked, distances = self._merge(latitude, longitude, ranked, distances, maybe, kth)
        if radius_km is not None:
            inside = distances <= radius_km
            ranked, distances = ranked[inside], distances[inside]
        return ranked[:limit], distances[:limit]

    @staticmethod
    def _kth(distances: np.ndarray, limit: int, radius_km: float | None) -> float:
        kth = float(distances[limit - 1]) if len(distances) >= limit else math.inf
        return kth if radius_km is None else min(kth, radius_km)

    def _merge(
        self,
        latitude: float,
        longitude: float,
        ranked: np.ndarray,
        distances: np.ndarray,
        candidates: np.ndarray,
        kth: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rank more candidates (Lambert-pruned when there are many) into the ranked ones."""
        if candidates.size > _LAMBERT_FROM:
            estimate, sigma = lambert_km(latitude, longitude, self.latitude[candidates], self.longitude[candidates])
            lower = estimate * (1 - _LAMBERT_RELATIVE_MARGIN) - _LAMBERT_ABSOLUTE_MARGIN_KM
            candidates = candidates[(lower <= kth) | (sigma >= _LAMBERT_MAX_ANGLE)]
        if not candidates.size:
            return ranked, distances
        more, more_distances = self._rank(latitude, longitude, candidates)
        positions = np.concatenate((ranked, more))
        combined = np.concatenate((distances, more_distances))
        order = np.lexsort((positions, combined))
        return positions[order], combined[order]


def merge_nearest(results: Sequence[tuple[np.ndarray, np.ndarray]], limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge several (positions, distances) results over one numbering, dropping repeats."""
    if not results:
        return np.empty(0, dtype=np.int64), np.empty(0)
    positions = np.concatenate([r[0] for r in results])
    distances = np.concatenate([r[1] for r in results])
    order = np.lexsort((positions, distances))
    positions, distances = positions[order], distances[order]
    _, first = np.unique(positions, return_index=True)
    keep = np.sort(first)
    return positions[keep][:limit], distances[keep][:limit]


class StyleIndexes:
    """One SpatialIndex per style, built on first use (thread-safe), for filtered searches."""

    def __init__(self, latitude: np.ndarray, longitude: np.ndarray, members: dict[str, np.ndarray]) -> None:
        self._latitude, self._longitude = latitude, longitude
        self._members = members  # style key -> global positions that offer it
        self._built: dict[str, SpatialIndex] = {}
        self._lock = threading.Lock()

    def index(self, key: str) -> tuple[SpatialIndex, np.ndarray] | None:
        positions = self._members.get(key)
        if positions is None:
            return None
        with self._lock:
            built = self._built.get(key)
            if built is None:
                built = SpatialIndex(self._latitude[positions], self._longitude[positions])
                self._built[key] = built
        return built, positions

"""Exact nearest search on the WGS-84 ellipsoid.

A k-d tree over unit vectors finds candidates by straight-line (chord) distance, which
orders points exactly as great-circle distance on a sphere does. Candidates are then
re-ranked by their WGS-84 geodesic distance (Karney's algorithm, the one geopy's
``geodesic`` uses, vectorised by pyproj). The sphere and the ellipsoid disagree by at
most about half a percent, a bound used below to widen the candidate set until no
unseen point could still beat the k-th result: the answer is exact, not approximate.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import Geod
from scipy.spatial import cKDTree

from .errors import InvalidQuery
from .studios import Studio

#: Mean Earth radius (IUGG), km; the sphere the k-d tree lives on.
SPHERE_RADIUS_KM = 6371.0088
# Any path on the WGS-84 ellipsoid is between these multiples of the same path on the
# sphere above (meridional radius of curvature 6335.44 km at the equator, polar radius of
# curvature 6399.59 km), so geodesic/great-circle distance stays inside [LOW, HIGH].
_RATIO_LOW = 6335.43 / SPHERE_RADIUS_KM * (1 - 1e-9)
_RATIO_HIGH = 6399.60 / SPHERE_RADIUS_KM * (1 + 1e-9)
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class Match:
    """A studio found by a search, with its geodesic distance from the search origin."""

    studio: Studio
    distance_km: float

    @property
    def distance_miles(self) -> float:
        return self.distance_km / KM_PER_MILE


KM_PER_MILE = 1.609344


def check_coordinates(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the pair as floats, or raise InvalidQuery with a message for people."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError) as err:
        raise InvalidQuery("Coordinates must be numbers, like 30.2672, -97.7431.") from err
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidQuery(f"Latitude {latitude} is outside -90..90.")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidQuery(f"Longitude {longitude} is outside -180..180.")
    return lat, lon


def unit_vectors(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, shape (n, 3)."""
    lat, lon = np.radians(latitude), np.radians(longitude)
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def _chord_for_km(distance_km: float) -> float:
    angle = distance_km / SPHERE_RADIUS_KM
    return 2.0 if angle >= math.pi else 2.0 * math.sin(angle / 2.0)


def _km_for_chord(chord: float) -> float:
    return 2.0 * math.asin(min(chord / 2.0, 1.0)) * SPHERE_RADIUS_KM


def geodesic_km(latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """WGS-84 geodesic distances in km from one point to many."""
    count = len(latitudes)
    if count == 0:
        return np.empty(0)
    _, _, metres = _GEOD.inv(
        np.full(count, longitude), np.full(count, latitude), longitudes, latitudes
    )
    return np.asarray(metres) / 1000.0


class SpatialIndex:
    """Exact k-nearest and radius search over a fixed set of points; built once, read-only."""

    def __init__(self, latitude: np.ndarray, longitude: np.ndarray) -> None:
        self.latitude = np.ascontiguousarray(latitude, dtype=np.float64)
        self.longitude = np.ascontiguousarray(longitude, dtype=np.float64)
        self._tree = cKDTree(unit_vectors(self.latitude, self.longitude)) if len(self.latitude) else None

    def __len__(self) -> int:
        return len(self.latitude)

    def _rank(self, latitude: float, longitude: float, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distances = geodesic_km(latitude, longitude, self.latitude[candidates], self.longitude[candidates])
        order = np.lexsort((candidates, distances))
        return candidates[order], distances[order]

    def query(self, latitude: float, longitude: float, *, limit: int,
              radius_km: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Positions and geodesic distances (km) of the ``limit`` nearest points, nearest first."""
        count = len(self)
        if self._tree is None or limit <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        point = unit_vectors(np.array([latitude]), np.array([longitude]))[0]
        bound = np.inf if radius_km is None else _chord_for_km(radius_km / _RATIO_LOW) * (1 + 1e-9) + 1e-12
        first = min(count, limit + 8)
        chords, positions = self._tree.query(point, k=first, distance_upper_bound=bound)
        chords, positions = np.atleast_1d(chords), np.atleast_1d(positions)
        found = positions < count
        positions, chords = positions[found].astype(np.int64), chords[found]
        ranked, distances = self._rank(latitude, longitude, positions)
        exhausted = len(positions) < first or first == count
        if not exhausted:
            # Every unseen point is at least as far (on the sphere) as the farthest candidate.
            unseen_at_least = _km_for_chord(float(chords.max())) * _RATIO_LOW
            kth = distances[limit - 1] if len(distances) >= limit else np.inf
            if radius_km is not None:
                kth = min(kth, radius_km)
            if unseen_at_least < kth:
                reach = _chord_for_km(kth / _RATIO_LOW) * (1 + 1e-9) + 1e-12
                wider = np.asarray(self._tree.query_ball_point(point, r=min(reach, 2.0)), dtype=np.int64)
                ranked, distances = self._rank(latitude, longitude, wider)
        if radius_km is not None:
            inside = distances <= radius_km
            ranked, distances = ranked[inside], distances[inside]
        return ranked[:limit], distances[:limit]


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

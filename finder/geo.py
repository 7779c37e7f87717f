"""Coordinates and distances on the Earth: checked pairs, great-circle and WGS-84 geodesic distances.

The one home of the Earth's radii. Great-circle (haversine) distances serve where a sphere is close
enough (the nearest town to a point, the benchmark's baseline scan); every distance a person is shown
is the WGS-84 geodesic one (Karney's algorithm, as in ``geopy.distance.geodesic``, vectorised by pyproj).
"""

from __future__ import annotations

import math
import re
from typing import Literal, get_args

import numpy as np
from pyproj import Geod

from .errors import InvalidQuery

#: Mean Earth radius (IUGG), km, for spherical approximations.
EARTH_RADIUS_KM = 6371.0088
#: Kilometres per degree of latitude on that sphere.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
#: WGS-84 equatorial radius (km) and flattening.
WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563

_GEOD = Geod(ellps="WGS84")
#: A decimal number written in ASCII: Python's float() also takes "٣", "１２" and "1_0", which no one means as degrees.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)

#: How exactly a place is known, finest first.
Precision = Literal["coordinates", "street", "postal_code", "city", "region", "country"]
PRECISIONS: tuple[Precision, ...] = get_args(Precision)


def is_approximate(precision: Precision) -> bool:
    """True when a location is known only to postal-code precision or coarser."""
    return precision not in ("coordinates", "street")


def precision_label(precision: Precision) -> str:
    """How exactly a location is known, for people: "postal-code precision", "city precision"."""
    return f"{precision.replace('_', '-')} precision"


def approximate_note(precision: Precision) -> str:
    """The one wording of an approximate location: "Approximate location (postal-code precision)"."""
    return f"Approximate location ({precision_label(precision)})"


def decimal_number(text: str) -> float | None:
    """The number a text writes in ASCII decimal ("30.2672", "-97", "1e-3"), else None: the one reading of
    a typed or imported coordinate (no other digits, no "1_0", no "nan" or "inf")."""
    text = text.strip()
    return float(text) if _DECIMAL.fullmatch(text) else None


def _as_number(value: float | str) -> float:
    number = decimal_number(value) if isinstance(value, str) else float(value)
    if number is None:
        raise ValueError(f"{value!r} is not a decimal number")
    return number


def check_coordinates(latitude: float | str, longitude: float | str) -> tuple[float, float]:
    """Return the pair as floats, or raise InvalidQuery with a message for people."""
    try:
        lat, lon = _as_number(latitude), _as_number(longitude)
    except (TypeError, ValueError) as err:
        raise InvalidQuery("Coordinates must be numbers, like 30.2672, -97.7431.") from err
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidQuery(f"Latitude {latitude} is outside -90..90.")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidQuery(f"Longitude {longitude} is outside -180..180.")
    return lat, lon


def haversine_km_many(latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) from one point to many, vectorised."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = np.radians(latitudes), np.radians(longitudes)
    h = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def geodesic_km(latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """WGS-84 geodesic distances in km from one point to many."""
    count = len(latitudes)
    if count == 0:
        return np.empty(0)
    _, _, metres = _GEOD.inv(np.full(count, longitude), np.full(count, latitude), longitudes, latitudes)
    return np.asarray(metres) / 1000.0

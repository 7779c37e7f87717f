"""One search: from a located origin to the studios a person should see, never a dead end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .directory import Directory, Match
from .geocoding.place import Place


@dataclass(frozen=True)
class SearchOutcome:
    """What a search found: matches within the radius, or else the nearest ones beyond it."""

    origin: Place
    matches: tuple[Match, ...]
    radius_km: float | None
    beyond: tuple[Match, ...] = ()  # only when nothing lies within the radius
    widen_to_km: float | None = None  # a radius that would include the nearest of ``beyond``


def search(
    directory: Directory,
    origin: Place,
    *,
    limit: int = 10,
    radius_km: float | None = None,
    styles: Iterable[str] | None = None,
) -> SearchOutcome:
    """The nearest studios to ``origin``; when none is within ``radius_km``, the nearest beyond it."""
    styles = tuple(styles or ())
    matches = directory.nearest(origin.latitude, origin.longitude, limit=limit, radius_km=radius_km, styles=styles)
    if matches or radius_km is None:
        return SearchOutcome(origin, tuple(matches), radius_km)
    beyond = directory.nearest(origin.latitude, origin.longitude, limit=min(limit, 5), styles=styles)
    widen = _round_up(beyond[0].distance_km * 1.05) if beyond else None
    return SearchOutcome(origin, (), radius_km, tuple(beyond), widen)


def _round_up(distance_km: float) -> float:
    for step in (5, 10, 25, 50, 100, 250, 500, 1000):
        if distance_km <= step * 10:
            return float(-(-distance_km // step) * step)
    return float(-(-distance_km // 1000) * 1000)

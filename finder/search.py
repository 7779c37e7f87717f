"""One search: from a located origin to the studios a person should see, never a dead end."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .directory import Directory, Match
from .geocoding.place import Place
from .hours import hours_status

Sort = Literal["distance", "price", "opens"]
SORTS: tuple[Sort, ...] = ("distance", "price", "opens")
#: Sorting by price or by opening reorders this many nearest matching studios (within the radius),
#: then keeps the first ``limit``: the cheapest nearby, not the cheapest on Earth.
SORT_POOL = 100


@dataclass(frozen=True)
class SearchOutcome:
    """What a search found: matches within the radius, or else the nearest ones beyond it."""

    origin: Place
    matches: tuple[Match, ...]
    radius_km: float | None
    beyond: tuple[Match, ...] = ()  # only when nothing lies within the radius
    widen_to_km: float | None = None  # a radius that would include the nearest of ``beyond``
    currency: str = ""  # what a price cap or the price order compared prices in


@dataclass(frozen=True)
class Filters:
    """What a studio must offer besides a style: open at an instant, a price cap, a session length."""

    open_at: datetime | None = None  # aware
    max_price: float | None = None
    currency: str | None = None  # the price cap's (ISO code); None: the currency of the studios near the search
    session_minutes: int | None = None  # at least this long

    @property
    def active(self) -> bool:
        return self.open_at is not None or self.max_price is not None or self.session_minutes is not None


def search(
    directory: Directory,
    origin: Place,
    *,
    limit: int = 10,
    radius_km: float | None = None,
    styles: Iterable[str] | None = None,
    filters: Filters | None = None,
    sort: Sort = "distance",
    now: datetime | None = None,
) -> SearchOutcome:
    """The nearest studios to ``origin`` that match; when none is within ``radius_km``, the nearest beyond it.

    ``sort`` "price" or "opens" (soonest open first, ``now`` being the instant that counts) reorders
    the nearest SORT_POOL matches before the limit; ties keep distance order.
    """
    styles = tuple(styles or ())
    filters = filters or Filters()
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    pool = limit if sort == "distance" else max(limit, SORT_POOL)
    currency = filters.currency
    if currency is None and (filters.max_price is not None or sort == "price"):
        currency = directory.currency_near(origin.latitude, origin.longitude)
    options = {"styles": styles, **_filter_options(filters), "currency": currency}
    matches = directory.nearest(origin.latitude, origin.longitude, limit=pool, radius_km=radius_km, **options)
    if matches or radius_km is None:
        ordered = _sorted(matches, sort, now or filters.open_at, currency or "")
        return SearchOutcome(origin, ordered[:limit], radius_km, currency=currency or "")
    beyond = directory.nearest(origin.latitude, origin.longitude, limit=min(limit, 5), **options)
    widen = _round_up(beyond[0].distance_km * 1.05) if beyond else None
    return SearchOutcome(origin, (), radius_km, tuple(beyond), widen, currency or "")


def _filter_options(filters: Filters) -> dict[str, object]:
    return {"open_at": filters.open_at, "max_price": filters.max_price, "session_minutes": filters.session_minutes}


def _sorted(matches: list[Match], sort: Sort, now: datetime | None, currency: str) -> tuple[Match, ...]:
    if sort == "price":  # prices in the local currency first (another's cannot be compared), cheapest first
        return tuple(sorted(matches, key=lambda m: _price_key(m, currency)))
    if sort == "opens":
        at = now or datetime.now().astimezone()
        return tuple(sorted(matches, key=lambda m: _seconds_until_open(m, at)))
    return tuple(matches)


def _price_key(match: Match, currency: str) -> tuple[bool, float]:
    studio = match.studio
    other = bool(currency) and studio.currency not in ("", currency)
    return other, math.inf if studio.price_from is None else studio.price_from


def _seconds_until_open(match: Match, at: datetime) -> float:
    """0 when open at ``at``, else seconds until it opens; infinity when unknown, by appointment or not this week."""
    status = hours_status(match.studio, at)
    if status.open_now:
        return 0.0
    return (status.opens_at - at).total_seconds() if status.opens_at else math.inf


def _round_up(distance_km: float) -> float:
    for step in (5, 10, 25, 50, 100, 250, 500, 1000):
        if distance_km <= step * 10:
            return float(-(-distance_km // step) * step)
    return float(-(-distance_km // 1000) * 1000)

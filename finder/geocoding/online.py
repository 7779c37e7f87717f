"""Optional online geocoding for street-level precision, behind the offline geocoder.

The online service (Nominatim or any geopy geocoder) is asked only for what looks like a street
address, at most once per `min_delay_seconds` across the whole process, with a short timeout and an
LRU cache; whenever it fails, the offline answer stands, with a note saying so.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping

from geopy.exc import GeopyError
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from finder.errors import GeocoderUnavailable, LocationNotFound
from finder.geocoding.gazetteer import load_offline_geocoder
from finder.geocoding.normalize import place_key
from finder.geocoding.parse import clean_query, is_street_part, split_parts
from finder.geocoding.place import Locator, Place

DEFAULT_USER_AGENT = "ashiatsu-finder/0.1 (set FINDER_USER_AGENT)"
MAX_WAIT_SECONDS = 2.0  # longer than this in the rate-limit queue, and the offline answer is used
#: How the offline answer placed a street address it could not look up.
_PLACED_BY = {"postal_code": "postal code", "city": "town", "region": "region", "country": "country"}


class _RateLimit:
    """The process-wide slot: one online request per interval, shared by every chain and thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_free: float | None = None

    def reserve(self, now: float, interval: float, max_wait: float) -> float | None:
        """Seconds to wait before our request may go, or None when that would exceed `max_wait`."""
        with self.lock:
            start = now if self.next_free is None else max(now, self.next_free)
            wait = start - now
            if wait > max_wait:
                return None
            self.next_free = start + interval
            return wait

    def reset(self) -> None:
        with self.lock:
            self.next_free = None


RATE_LIMIT = _RateLimit()


class GeocoderChain:
    """Offline first; an online geocoder, if given, refines street addresses."""

    def __init__(
        self,
        offline: Locator,
        online: Geocoder | None = None,
        *,
        min_delay_seconds: float = 1.0,
        timeout: float = 3.0,
        cache_size: int = 1024,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.offline = offline
        self.online = online
        self.min_delay_seconds = min_delay_seconds
        self.timeout = timeout
        self.cache_size = cache_size
        self._clock = clock
        self._sleep = sleep
        self._cache: OrderedDict[str, Place] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def online_name(self) -> str:
        name = type(self.online).__name__.lower()
        return "nominatim" if name == "nominatim" else name

    def locate(self, query: str, *, last_country: str | None = None) -> Place:
        """A Place for the query; raises InvalidQuery or LocationNotFound like the offline geocoder, which is
        handed ``last_country`` (the country of the visitor's last search, see OfflineGeocoder.locate)."""
        text = clean_query(query)
        try:
            offline_place: Place | None = self.offline.locate(text, last_country=last_country)
            not_found: LocationNotFound | None = None
        except LocationNotFound as err:
            offline_place, not_found = None, err
        wants_online = self.online is not None and (
            looks_like_street_address(text) or (offline_place is None and not_found is not None)
        )
        if offline_place is not None and offline_place.precision in ("coordinates", "street"):
            wants_online = False
        if not wants_online:
            if offline_place is None:
                raise not_found
            return offline_place
        online_place, reason = self._ask_online(text)
        if online_place is not None:
            return online_place
        if offline_place is None:
            raise not_found
        placed_by = _PLACED_BY.get(offline_place.precision, "town")
        note = f"Street-level lookup unavailable ({reason}); placed by {placed_by}."
        return dataclasses.replace(offline_place, note=note)

    def _ask_online(self, text: str) -> tuple[Place | None, str]:
        key = place_key(text)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key], "cached"
        wait = RATE_LIMIT.reserve(self._clock(), self.min_delay_seconds, MAX_WAIT_SECONDS)
        if wait is None:
            return None, "too many requests just now"
        if wait > 0:
            self._sleep(wait)
        try:
            location = self.online.geocode(text, exactly_one=True, timeout=self.timeout)
        except (GeopyError, OSError, ValueError):
            return None, "the service did not answer"
        if location is None:
            return None, "the service found no such street"
        place = Place(
            query=text,
            label=location.address,
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            precision="street",
            source=self.online_name,
        )
        with self._cache_lock:
            self._cache[key] = place
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return place, "answered"


def looks_like_street_address(text: str) -> bool:
    """Whether any comma-separated part reads as "number + street" ("500 E 7th St")."""
    return any(is_street_part(part) for part in split_parts(text))


def geocoder_from_env(environ: Mapping[str, str] = os.environ) -> GeocoderChain:
    """The chain configured by FINDER_GEOCODER (a geopy service name) and FINDER_USER_AGENT."""
    offline = load_offline_geocoder()
    service = (environ.get("FINDER_GEOCODER") or "").strip().lower()
    if not service or service in {"none", "offline"}:
        return GeocoderChain(offline)
    user_agent = (environ.get("FINDER_USER_AGENT") or "").strip() or DEFAULT_USER_AGENT
    try:
        geocoder_class = get_geocoder_for_service(service)
        online = geocoder_class(user_agent=user_agent, timeout=3)
    except (GeopyError, TypeError, ValueError) as err:
        raise GeocoderUnavailable(
            f"FINDER_GEOCODER={service!r} cannot be used ({err}); unset it to geocode offline only."
        ) from err
    return GeocoderChain(offline, online)


__all__ = ["RATE_LIMIT", "GeocoderChain", "geocoder_from_env", "looks_like_street_address"]

"""A circuit breaker for the favourites database: after it stops answering, fail at once for a while.

A database that accepts connections and never answers makes every call wait for its timeout; with a
breaker, only the first call waits. Then every call fails at once (FavoritesUnavailable) until the
cool-down has passed, when one probe runs in the background; the breaker closes when a probe gets an
answer. No person's request ever waits for a probe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..errors import FavoritesUnavailable

#: How long the favourites fail at once after the database stopped answering, before the next probe.
COOL_DOWN_S = 30.0
UNAVAILABLE = (
    "Favourites are unavailable right now: their database cannot be reached. Search works as usual; "
    "your favourites are kept and come back when the database answers again."
)


class CircuitBreaker:
    """Closed (calls go through) or open (calls fail at once); ``probe`` decides when it closes again."""

    def __init__(self, *, cool_down_s: float = COOL_DOWN_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.cool_down_s = cool_down_s
        self._clock = clock
        self._lock = threading.Lock()
        self._opened_at: float | None = None
        self._probing = False

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def check(self, probe: Callable[[], None]) -> None:
        """Raise FavoritesUnavailable while open; once the cool-down is over, start ``probe`` in the background
        (it raises when the database still does not answer)."""
        with self._lock:
            if self._opened_at is None:
                return
            if not self._probing and self._clock() - self._opened_at >= self.cool_down_s:
                self._probing = True
                threading.Thread(target=self._run_probe, args=(probe,), name="favorites-probe", daemon=True).start()
        raise FavoritesUnavailable(UNAVAILABLE)

    def trip(self) -> None:
        """The database did not answer: open (again), and wait a whole cool-down before the next probe."""
        with self._lock:
            self._opened_at = self._clock()

    def reset(self) -> None:
        with self._lock:
            self._opened_at = None

    def _run_probe(self, probe: Callable[[], None]) -> None:
        try:
            probe()
        except Exception:  # any failure: still unavailable
            self.trip()
        else:
            self.reset()
        finally:
            with self._lock:
                self._probing = False


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(database: str) -> CircuitBreaker:
    """The process's one breaker for a database (by URL): every store on it fails fast together."""
    with _breakers_lock:
        return _breakers.setdefault(database, CircuitBreaker())

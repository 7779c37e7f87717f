"""Rate limits for suggestions: so many per browser, so many per process, in sliding windows."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """At most ``count`` events per ``seconds``."""

    count: int
    seconds: float


class RateLimiter:
    """Sliding-window limits for one browser and for the whole process; thread-safe, in memory.

    :meth:`allow` both checks and, when allowed, counts the event, so two threads cannot both take
    the last place in a window.
    """

    def __init__(
        self,
        *,
        per_browser: Window = Window(3, 600.0),
        per_process: Window = Window(30, 60.0),
        clock: Callable[[], float] = time.monotonic,
        max_browsers: int = 10_000,
    ) -> None:
        self.per_browser, self.per_process = per_browser, per_process
        self._clock = clock
        self._lock = threading.Lock()
        self._process: deque[float] = deque()
        self._browsers: dict[str, deque[float]] = {}
        self._max_browsers = max_browsers

    def allow(self, browser: str) -> str:
        """ "" when this browser may send one more suggestion now (and it is counted), else why not."""
        now = self._clock()
        with self._lock:
            _expire(self._process, now - self.per_process.seconds)
            if len(self._process) >= self.per_process.count:
                return "Many suggestions are arriving right now; please try again in a minute (what you typed is kept)."
            mine = self._browsers.get(browser)
            if mine is not None:
                _expire(mine, now - self.per_browser.seconds)
            if mine is not None and len(mine) >= self.per_browser.count:
                wait = max(1, round((mine[0] + self.per_browser.seconds - now) / 60))
                return (
                    f"You have sent {self.per_browser.count} suggestions in a short time; thank you! "
                    f"Please send the next one in about {wait} minute{'s' if wait != 1 else ''}."
                )
            if mine is None:
                if len(self._browsers) >= self._max_browsers:  # a crawler cannot grow this without bound
                    self._browsers.pop(next(iter(self._browsers)))
                mine = self._browsers[browser] = deque()
            mine.append(now)
            self._process.append(now)
            return ""


def _expire(events: deque[float], before: float) -> None:
    while events and events[0] <= before:
        events.popleft()

"""Writers taking turns in arrival order: a first-come, first-served lock.

SQLite lets one writer in at a time and makes the others poll for the lock (its busy handler); on a
busy machine a thread can lose that race for the whole busy timeout while others keep winning. Writers
of one process queue here instead, each served in the order it came, so none waits for more than the
writes queued before it.
"""

from __future__ import annotations

import itertools
import threading
from types import TracebackType


class Turns:
    """A lock granted in the order it was asked for (a ticket lock); use it as a context manager."""

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._tickets = itertools.count()
        self._serving = 0

    def __enter__(self) -> None:
        with self._changed:
            ticket = next(self._tickets)
            self._changed.wait_for(lambda: self._serving == ticket)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        with self._changed:
            self._serving += 1
            self._changed.notify_all()

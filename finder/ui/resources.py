"""What the app loads once and shares: the live directory, the geocoder, the favourites store.

Each Streamlit rerun is a hot path, so heavy work is cached here and nowhere else:
``st.cache_resource`` for shared read-only objects, ``st.cache_data`` for per-query values.
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import streamlit as st
from streamlit.runtime import Runtime

from ..directory import SAMPLE_DATA, Directory, data_path
from ..errors import FinderError, InvalidQuery, LocationNotFound
from ..favorites import FavoritesStore
from ..favorites.store import default_url
from ..geocoding import geocoder_from_env
from ..geocoding import locate as locate_place
from ..geocoding.place import Locator, Place
from ..geocoding.store import file_version, gazetteer_path
from ..submissions.live import LiveDirectory, Snapshot, open_store


@dataclass(frozen=True)
class Located:
    """The answer to "where is this?": a place, or a message with suggestions."""

    place: Place | None = None
    error: str = ""
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadedDirectory:
    directory: Directory | None
    path: Path
    is_sample: bool
    error: str = ""
    notice: str = ""  # the file on disk is unusable (the last good one serves), or the directory is empty
    snapshot: Snapshot | None = None


def _stop(live: LiveDirectory) -> None:
    live.stop()


@st.cache_resource(show_spinner="Loading the studio directory…", max_entries=4, on_release=_stop)
def _live(path: str, db_url: str) -> LiveDirectory:
    """One live directory per process (per file and database): the CSV plus approved suggestions, kept current
    by its own background thread, so a visitor's rerun only reads the current snapshot."""
    store, problem = open_store()
    live = LiveDirectory(Path(path), store=store, store_problem=problem, reopen=open_store)
    live.start()
    return live


@lru_cache(maxsize=16)
def _is_sample(path: Path) -> bool:
    return path.resolve() == SAMPLE_DATA.resolve()


@lru_cache(maxsize=4)
def _live_fast(path: str, db_url: str) -> LiveDirectory:
    """``_live`` in front of Streamlit's cache: a hit here costs microseconds, one there about a
    millisecond (argument hashing), and this runs on every rerun."""
    return _live(path, db_url)


def live_directory() -> LiveDirectory:
    """The process's live directory for FINDER_DATA (else the bundled sample) and FINDER_DB_URL."""
    key = (str(data_path()), default_url())
    live = _live_fast(*key)
    if live.stopped:  # Streamlit's cache let it go (another file or database since): ask it again
        _live_fast.cache_clear()
        live = _live_fast(*key)
    return live


def studio_directory() -> LoadedDirectory:
    """The directory as it now stands (FINDER_DATA, else the bundled sample, plus approved suggestions)."""
    path = data_path()
    snapshot = live_directory().snapshot()
    error = "" if snapshot.directory is not None else snapshot.csv_problem
    return LoadedDirectory(snapshot.directory, path, _is_sample(path), error, snapshot.notice(), snapshot)


def locator() -> Locator:
    """The geocoder chain (offline gazetteer first, then any online service FINDER_GEOCODER names), opened
    again when the gazetteer file changes (a rebuilt, replaced or restored file is picked up while running)."""
    return _locator(gazetteer_version())


@st.cache_resource(show_spinner="Loading the place names…", max_entries=2)
def _locator(version: tuple[int, int, int] | None) -> Locator:
    return geocoder_from_env()


def gazetteer_version() -> tuple[int, int, int] | None:
    return file_version(gazetteer_path())


#: Distinct places remembered (the answers are small and immutable, shared by every session).
PLACES_CACHED = 4096


def locate(query: str, *, last_country: str | None = None) -> Located:
    """Place what was typed; errors come back as messages (a cached value, never an exception). Answers
    are kept per version of the gazetteer file, so a message about a damaged file goes once it is fixed.
    ``last_country``: the country of the visitor's last search (session.last_country), a postcode's tie-break."""
    return _located(query, last_country, gazetteer_version())


@lru_cache(maxsize=PLACES_CACHED)
def _located(
    query: str, last_country: str | None, version: tuple[int, int, int] | None
) -> Located:  # the version is in the key
    """A plain bounded cache rather than ``st.cache_data``: that one pickles and copies the answer on
    every hit (0.7 ms, on every rerun of every session); a frozen ``Located`` can be shared as is."""
    try:
        return Located(place=locate_place(query, locator=locator, last_country=last_country))
    except LocationNotFound as err:
        return Located(error=str(err), suggestions=tuple(err.suggestions))
    except InvalidQuery as err:
        return Located(error=str(err))
    except FinderError as err:
        return Located(error=f"Place search is unavailable right now: {err}")


@st.cache_resource(show_spinner=False)
def _store() -> FavoritesStore:
    return FavoritesStore()


def favorites_store() -> tuple[FavoritesStore | None, str]:
    """The favourites store, or None with a message when the database cannot be opened."""
    try:
        return _store(), ""
    except FinderError as err:
        return None, str(err)


_frozen = threading.Event()
#: How often freed memory is handed back to the system (glibc keeps it otherwise).
TRIM_EVERY_S = 30.0
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None  # not glibc (macOS, musl): nothing to tune


def forget_expired_sessions(runtime: Runtime | None = None) -> int:
    """Let go of the sessions whose browsers left more than ``server.disconnectedSessionTTL`` ago.

    Streamlit keeps a disconnected session (its state, its last page) that long, so that a tab that
    reconnects finds it, in a cache that forgets expired entries only on its next write: once the
    visitors of a busy hour have left and nobody new comes, up to 128 sessions stayed in memory for
    good. Returns how many were let go (0 where this Streamlit keeps its sessions otherwise).
    """
    try:
        storage = (runtime or Runtime.instance())._session_mgr._session_storage  # noqa: SLF001 - no public hook
    except (AttributeError, RuntimeError):
        return 0
    expire = getattr(getattr(storage, "_cache", None), "expire", None)
    return len(expire()) if callable(expire) else 0


def _hand_memory_back(libc: ctypes.CDLL | None) -> None:
    """Every TRIM_EVERY_S: collect what sessions left behind (a frozen heap makes it cheap), and hand the
    freed pages back. Without a run to trigger it, the collector would not run at all once visitors leave."""
    while True:
        time.sleep(TRIM_EVERY_S)
        forget_expired_sessions()
        gc.collect()
        if libc is not None:
            libc.malloc_trim(0)


def freeze_loaded_heap() -> None:
    """Once per process, after the first run: move what is loaded so far out of the collector's sight,
    and let the memory that visitors' sessions free go back to the system.

    The directory, the gazetteer, their caches and every imported module live as long as the process;
    without this, each full garbage collection walks all of them (about 150,000 objects, 100 ms with
    the GIL held). ``gc.freeze`` leaves them out of every later collection; objects made afterwards,
    by visitors' sessions, are collected as usual.
    """
    if _frozen.is_set():
        return
    _frozen.set()
    gc.collect()
    gc.freeze()
    libc = _glibc()
    if libc is not None:
        # Visitors' sessions come and go on many threads: with glibc's default of one memory arena per
        # thread (up to 8 per core) their freed memory stays with the process. Two arenas, and freed
        # pages handed back every TRIM_EVERY_S, let the process shrink back after a busy hour.
        libc.mallopt(_M_ARENA_MAX, 2)
    threading.Thread(target=_hand_memory_back, args=(libc,), name="finder-memory", daemon=True).start()


#: How many runs of the page may execute at once in this process (FINDER_CONCURRENT_RUNS).
CONCURRENT_RUNS = max(1, int(os.environ.get("FINDER_CONCURRENT_RUNS", "2") or 2))
_run_slots = threading.BoundedSemaphore(CONCURRENT_RUNS)


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's run slots for a run of the page.

    Each Streamlit session runs its script in a thread of its own; with a hundred sessions searching
    at once, a hundred threads take turns for the interpreter lock every few milliseconds and every
    run slows down together. Runs that wait here sleep on a lock instead, and those that hold a slot
    finish at full speed: the same work, done in order.
    """
    with _run_slots:
        yield

"""Benchmark rows for the favourites store: star or unstar, and listing 500 favourites."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..directory.schema import Studio
from ..favorites import FavoritesStore, new_list_id
from . import BenchRow


def bench_rows(quick: bool = False, *, store_factory: Callable[[], FavoritesStore] | None = None) -> list[BenchRow]:
    """Benchmark rows: median time to star or unstar, and to list 500 favourites.

    Without ``store_factory`` this runs on a temporary SQLite file; with one, on the store it makes
    (on a fresh list, removed afterwards).
    """
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp:
        if store_factory is None:
            store = FavoritesStore(f"sqlite:///{Path(tmp) / 'favorites.sqlite3'}")
        else:
            store = store_factory()
        list_id = new_list_id()
        studios = [
            Studio(
                id=f"bench-{i}",
                name=f"Studio {i}",
                latitude=40.0 + i / 1000,
                longitude=-75.0,
                street=f"{i} Main St",
                city="Philadelphia",
                country="US",
            )
            for i in range(500)
        ]
        try:
            toggle_ms = []
            for i in range(200):
                began = time.perf_counter()
                store.toggle(list_id, studios[i % 10])
                toggle_ms.append((time.perf_counter() - began) * 1000)
            for studio in studios:
                store.add(list_id, studio)
            list_ms = []
            for _ in range(20):
                began = time.perf_counter()
                store.list(list_id)
                list_ms.append((time.perf_counter() - began) * 1000)
        finally:
            if store_factory is not None:  # leave someone else's database as we found it
                for studio in studios:
                    store.remove(list_id, studio.id)
            store.dispose()
    return [
        BenchRow(f"favourites: star or unstar ({store.backend})", statistics.median(toggle_ms), "ms", "≤ 50 ms"),
        BenchRow(f"favourites: list 500 ({store.backend})", statistics.median(list_ms), "ms", "≤ 200 ms"),
    ]

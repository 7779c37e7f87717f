"""Benchmark rows for a directory whose every row lacks coordinates: each one needs the gazetteer.

The file is made of real towns of the gazetteer (with their country), US ZIP codes and unknown names, shared
unevenly (a few places by many rows, most by one), with more distinct places than the loader looks up
(MAX_DISTINCT_PLACES), so the cap and its message are part of what is measured. The load runs in a fresh
interpreter, for an honest peak memory.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np

from ..directory.validate import MAX_DISTINCT_PLACES
from ..geocoding.gazetteer import load_offline_geocoder
from . import BenchRow
from .search import load_in_child

#: Rows of the full run and of ``--quick``.
ROWS, QUICK_ROWS = 1_000_000, 100_000
#: Distinct places in the file: towns, ZIP codes and unknown names, more than the loader looks up in all.
TOWNS, ZIPS, UNKNOWN = 40_000, 8_000, 4_000


def write_unplaced_csv(path: Path, rows: int, *, seed: int = 5) -> int:
    """A CSV of ``rows`` studios without coordinates; returns how many distinct places it names."""
    rng = np.random.default_rng(seed)
    db = load_offline_geocoder().store.db()
    towns = db.execute("SELECT name, cc FROM cities ORDER BY population DESC, id LIMIT ?", (TOWNS,)).fetchall()
    zips = [code for (code,) in db.execute("SELECT code FROM postal WHERE cc = 'US' ORDER BY code LIMIT ?", (ZIPS,))]
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    unknown = ["".join(rng.choice(letters, size=9)).title() for _ in range(UNKNOWN)]
    places = [("", name, cc) for name, cc in towns] + [(code, "", "US") for code in zips]
    places += [("", name, "US") for name in unknown]
    order = rng.permutation(len(places))
    weights = 1.0 / np.arange(1, len(places) + 1)  # Zipf: a few places are shared by many rows
    picks = order[rng.choice(len(places), size=rows, p=weights / weights.sum())]
    picks[: len(places)] = order  # every place at least once
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "postal_code", "city", "country"])
        for number, pick in enumerate(picks.tolist()):
            postal_code, city, cc = places[pick]
            writer.writerow([f"s{number}", f"Studio {number}", postal_code, city, cc])
    return len(places)


def bench_rows(quick: bool = False) -> list[BenchRow]:
    """Load a file whose every row needs the gazetteer: time, peak memory, what was placed and reported."""
    size = QUICK_ROWS if quick else ROWS
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as folder:
        path = Path(folder) / "unplaced.csv"
        distinct = write_unplaced_csv(path, size)
        loaded = load_in_child(path, gazetteer=True)
    label = f"{size:,} rows, none with coordinates ({distinct:,} distinct places)"
    return [
        BenchRow(f"load + place {label}", loaded["seconds"], "s", "bounded"),
        BenchRow("the same, CPU time of the loading process", loaded["cpu_seconds"], "s", "-"),
        BenchRow(f"peak memory loading {label}", loaded["peak_mb"], "MB", "< 1 GB"),
        BenchRow("rows placed", loaded["rows"], "", "-"),
        BenchRow(
            f"rows reported past the {MAX_DISTINCT_PLACES:,} distinct places looked up",
            loaded["capped"],
            "",
            "-",
            loaded["example"][:160],
        ),
        BenchRow("rows reported in all", loaded["errors"], "", "-"),
    ]


__all__ = ["bench_rows", "write_unplaced_csv"]

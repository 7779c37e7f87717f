"""Benchmark rows for the offline geocoder: cold load, memory added, median and 95th-percentile query time."""

from __future__ import annotations

import contextlib
import csv
import json
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import FinderError
from ..geocoding.gazetteer import OfflineGeocoder, load_offline_geocoder
from . import BenchRow

BENCH_QUERIES = [
    "Austin, TX",
    "Portland",
    "Portland, Maine",
    "Paris",
    "Paris, TX",
    "Kochi, India",
    "Denvr, CO",
    "München",
    "Munich",
    "Sao Paulo",
    "São Paulo",
    "Kraków",
    "St. Louis",
    "Mt. Shasta",
    "78701",
    "90210",
    "SW1A 1AA",
    "M5V 3L9",
    "10115 Berlin",
    "75001 Paris",
    "2000 NSW",
    "100-0001",
    "30.27, -97.74",
    "51.5, 7.2",  # coordinates in the dense Ruhr: the most towns to rank
    "0, -140",  # mid-ocean: no town within 50 km
    "-16.8, 179.99",  # by the antimeridian
    "500 E 7th St, Austin, TX 78701",
    "500 E 7th St, Austin, TX",
    "Texas",
    "France",
    "Ontario, Canada",
    "Tokyo",
    "Lagos",
    "Nairobi, Kenya",
    "Cape Town",
    "Buenos Aires",
    "Lima, Peru",
    "Sydney, NSW",
    "Perth, WA",
    "Auckland",
    "Reykjavik",
    "Springfield",
    "Springfield, IL",
    "New York NY",
    "London",
    "London, ON",
    "Cambridge, MA",
    "Dublin",
    "Toronto",
    "Vancouver",
    "Mexico City",
    "Bogota",
    "Mumbai",
    "Beijing",
    "Cairo",
    "Moscow",
    "Zurich",
    "Wien",
    "Köln",
    "Honolulu",
    "Anchorage",
    "Hobart",
    "Christchurch",
    # misspellings, swapped letters, pasted coordinates in other forms
    "Pittsbrugh",
    "Sacramnetno",
    "Phildelphia",
    "Minneaplois, MN",
    "Pheonix",
    "48°51′24″N 2°21′03″E",
    "S 33° 55.2' E 18° 25.4'",
    "latitude=52.37 longitude=4.90",
    "https://www.google.com/maps/@48.8584,2.2945,15z",
    "9G8F+6X Zurich",
    # postcodes by country format, nicknames, areas, free word order, names run together
    "00-950 Warszawa",
    "114 55 Stockholm",
    "D02 X285",
    "01310-100",
    "06600 Ciudad de México",
    "151 24 Athens",
    "11936-12345",
    "10115 Polska",
    "NYC",
    "LA",
    "Philly",
    "Bali",
    "Sicily",
    "Portland Maine US",
    "Maine Portland",
    "newyorkcity",
    "sanfrancisco",
]

#: Prefixes typed into the box, letter by letter, for the suggestion rows.
SUGGEST_WORDS = [
    "Austin",
    "Portland, Maine",
    "München",
    "Sao Paulo",
    "78701",
    "Texas",
    "Kyoto",
    "Springfield",
    "San Francisco",
    "10115",
    "Москва",
]

# Runs in a fresh interpreter so the cold load and its memory are measured honestly.
_COLD_SCRIPT = """
import json, os, time
def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
import finder.geocoding.gazetteer as gazetteer
before = rss_mb()
started = time.perf_counter()
geocoder = gazetteer.OfflineGeocoder()
geocoder.locate("Austin, TX")
seconds = time.perf_counter() - started
added_mb = rss_mb() - before
geocoder.locate("Pittsbrugh")
added_mb_fuzzy = rss_mb() - before
started = time.perf_counter()
geocoder.suggest("Au")
first_suggest = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "added_mb": added_mb, "added_mb_fuzzy": added_mb_fuzzy,
                  "added_mb_suggest": rss_mb() - before, "first_suggest": first_suggest}))
"""


def _cold_load() -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _COLD_SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _varied_queries(geocoder: OfflineGeocoder, count: int = 200) -> list[str]:
    """The hand-written queries, topped up with towns and postal codes spread over the gazetteer."""
    db = geocoder.store.db()
    towns = [f"{name}, {cc}" for name, cc in db.execute("SELECT name, cc FROM cities WHERE id % 1201 = 7 ORDER BY id")]
    codes = [code for (code,) in db.execute("SELECT code FROM postal WHERE code LIKE '%17' ORDER BY code, cc")][::97]
    extra = [query for pair in zip(towns, codes, strict=False) for query in pair]
    return (BENCH_QUERIES + extra)[:count]


def _query_times(geocoder: OfflineGeocoder, queries: list[str]) -> list[float]:
    """Seconds per query, each seen for the first time (per-key caches cleared)."""
    geocoder.store.clear_caches()
    times = []
    for query in queries:
        started = time.perf_counter()
        with contextlib.suppress(FinderError):
            geocoder.locate(query)
        times.append(time.perf_counter() - started)
    return times


def _first_misspelling_seconds(geocoder: OfflineGeocoder) -> float:
    """The one-off cost of loading the world's town names for the misspelling fallback."""
    geocoder.misspellings.clear()
    started = time.perf_counter()
    with contextlib.suppress(FinderError):
        geocoder.locate("Pittsbrugh")
    return time.perf_counter() - started


def _suggest_times(geocoder: OfflineGeocoder) -> tuple[float, list[float], list[float]]:
    """Seconds to build the prefix index, and per-call seconds for every prefix of the words (2+ letters): wall
    clock, and this thread's CPU time (what the call costs, without the time a busy machine gives other work)."""
    started = time.perf_counter()
    geocoder.suggester.index()
    build = time.perf_counter() - started
    times, cpu = [], []
    for word in SUGGEST_WORDS:
        for end in range(2, len(word) + 1):
            started, cpu_started = time.perf_counter(), time.thread_time()
            geocoder.suggest(word[:end])
            times.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - cpu_started)
    return build, sorted(times), sorted(cpu)


def write_unknown_towns(path: Path, count: int) -> None:
    """A CSV of ``count`` rows, each with a different made-up US town and no coordinates (issue 13, fault 2)."""
    rng = random.Random(13)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "city", "country"])
        for i in range(count):
            town = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 11)))
            writer.writerow([f"Studio {i}", town.title(), "US"])


def _unknown_towns_load(count: int) -> tuple[float, int]:
    """Seconds to load ``count`` rows each with a different unknown US town and no coordinates; names compared."""
    from ..directory import load_directory

    geocoder = load_offline_geocoder()
    geocoder.place_structured(city="Qqzzxy", country="US")  # the US name index, built once per process
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "unknown.csv"
        write_unknown_towns(path, count)
        before = geocoder.misspellings.comparisons
        started = time.perf_counter()
        load_directory(path, geocoder=geocoder)
        return time.perf_counter() - started, geocoder.misspellings.comparisons - before


#: Fault 2's budget holds at this size too: the loader's own (1,000,000 rows in 10 s), every row unplaced.
MILLION = 1_000_000


def _unknown_million_row() -> BenchRow:
    """A fresh process loads a million rows that all need placing and none can be (the worst case)."""
    from ..directory.validate import MAX_DISTINCT_PLACES
    from .search import load_in_child

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "unknown-million.csv"
        write_unknown_towns(path, MILLION)
        loaded = load_in_child(path, gazetteer=True)
    return BenchRow(
        f"load {MILLION:,} rows, each an unknown US town, no coordinates (fresh process)",
        loaded["seconds"],
        "s",
        "≤ 10 s",
        f"CPU {loaded['cpu_seconds']:.1f} s; peak {loaded['peak_mb']:.0f} MB; {MAX_DISTINCT_PLACES:,} places "
        "looked up, every row reported by line",
    )


def bench_rows(quick: bool = False) -> list[BenchRow]:
    """Cold load and memory in a fresh interpreter; query times in this one, each query seen afresh."""
    cold = _cold_load()
    geocoder = load_offline_geocoder()
    first_fuzzy = _first_misspelling_seconds(geocoder)
    times = sorted(_query_times(geocoder, _varied_queries(geocoder)))
    build, suggest, suggest_cpu = _suggest_times(geocoder)
    unknown = 2_000 if quick else 23_000
    placing, compared = _unknown_towns_load(unknown)
    return [
        BenchRow("gazetteer cold load", cold["seconds"], "s", "≤ 1 s"),
        BenchRow("gazetteer memory added on load", cold["added_mb"], "MB", "≤ 150 MB"),
        BenchRow(f"geocode median query ({len(times)} queries)", statistics.median(times) * 1000, "ms", "≤ 1 ms"),
        BenchRow("memory added after first misspelling", cold["added_mb_fuzzy"], "MB", "≤ 150 MB"),
        BenchRow("memory added after first suggestion too", cold["added_mb_suggest"], "MB", "≤ 150 MB"),
        BenchRow("first suggestion in a fresh process", cold["first_suggest"], "s", "-"),
        BenchRow("first misspelling (reads the packed world name index)", first_fuzzy, "s", "-"),
        BenchRow("geocode 95th percentile query", times[int(len(times) * 0.95)] * 1000, "ms", "≤ 20 ms"),
        BenchRow("suggestion index read (first suggest)", build, "s", "-"),
        BenchRow(f"suggest median ({len(suggest)} prefixes)", statistics.median(suggest) * 1000, "ms", "-"),
        BenchRow("suggest 95th percentile", suggest[int(len(suggest) * 0.95)] * 1000, "ms", "≤ 5 ms"),
        BenchRow("suggest 95th percentile, CPU time", suggest_cpu[int(len(suggest_cpu) * 0.95)] * 1000, "ms", "-"),
        BenchRow(f"load {unknown:,} rows, each an unknown US town, no coordinates", placing, "s", "was 38 s at 23,000"),
        BenchRow("names compared per unknown town (misspelling check)", compared / unknown, "", "was 17,341"),
        *([] if quick else [_unknown_million_row()]),
    ]

"""Benchmark rows for suggestions: submitting (server side), an approval reaching another directory, and
searching while the directory is rebuilt in the background at 100,000 studios."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from statistics import median

import numpy as np

from ..directory import SAMPLE_DATA, load_directory
from ..geocoding import load_offline_geocoder
from ..sample import write_sample_csv
from ..submissions import Intake, LiveDirectory, RateLimiter, SubmissionsStore, Suggestion, Window
from ..submissions.live import POLL_S, approved_directory
from ..submissions.model import ApprovedChanges
from ..submissions.review import decide
from . import BenchRow


def _suggestion(number: int) -> Suggestion:
    fields = {
        "name": f"Bench Studio {number}",
        "street": f"{number} Main Street",
        "city": "Boise",
        "region": "ID",
        "postal_code": "83702",
        "country": "US",
        "phone": "+1 208 555 0100",
        "website": "https://bench.example",
        "styles": "Ashiatsu DeepFeet",
        "price_from": "90",
        "session_minutes": "60",
    }
    return Suggestion("new", fields)


def _submit_ms(store: SubmissionsStore, count: int) -> float:
    limiter = RateLimiter(per_browser=Window(10**6, 1), per_process=Window(10**6, 1))
    intake = Intake(store, geocoder=load_offline_geocoder(), limiter=limiter)
    intake.submit(_suggestion(-1), browser="warm-up")
    times = []
    for number in range(count):
        started = time.perf_counter()
        intake.submit(_suggestion(number), browser=f"b{number}")
        times.append(time.perf_counter() - started)
    return median(times) * 1000


def _approval_visible_s(store: SubmissionsStore, other: SubmissionsStore, path: Path, rounds: int) -> float:
    """From an approval (one store) until another store's live directory, polling, lists it."""
    live = LiveDirectory(path, store=other)
    live.start(POLL_S)
    try:
        waits = []
        for number in range(rounds):
            reference = store.add(
                "new", f"sub-bench-{number}", {"name": f"Visible {number}", "latitude": "10", "longitude": f"{number}"}
            )
            started = time.perf_counter()
            decide(store, live.snapshot(), reference, approve=True, operator="bench")
            while f"sub-bench-{number}" not in live.snapshot().directory:
                time.sleep(0.01)
                if time.perf_counter() - started > 30:
                    break
            waits.append(time.perf_counter() - started)
        return median(waits)
    finally:
        live.stop()


def _search_during_rebuild(path: Path) -> tuple[float, float]:
    """Median nearest-10 time (ms) at rest, and while a thread rebuilds the merged directory again and again."""
    base = load_directory(path, geocoder=None)
    changes = ApprovedChanges()
    changes.apply("new", "sub-bench", {"name": "Bench", "latitude": "1", "longitude": "2"}, "BENCH")
    added, _ = approved_directory(changes)
    rng = np.random.default_rng(5)
    near = rng.integers(0, len(base), 1500)
    points = [(float(base.latitude[i]) + 0.02, float(base.longitude[i]) + 0.02) for i in near]

    def median_ms() -> float:
        times = []
        for latitude, longitude in points:
            started = time.perf_counter()
            base.nearest(latitude, longitude, limit=10)
            times.append(time.perf_counter() - started)
        return median(times) * 1000

    median_ms()  # warm
    usual = median_ms()
    stop = threading.Event()

    def rebuild() -> None:
        while not stop.is_set():
            base.with_changes(added)

    worker = threading.Thread(target=rebuild, daemon=True)
    worker.start()
    try:
        during = median_ms()
    finally:
        stop.set()
        worker.join()
    return usual, during


def bench_rows(quick: bool = False) -> list[BenchRow]:
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory(prefix="finder-bench-submissions-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        copy = Path(folder) / "studios.csv"
        copy.write_bytes(SAMPLE_DATA.read_bytes())
        with SubmissionsStore(url) as store, SubmissionsStore(url) as other:
            rows.append(
                BenchRow(
                    "suggestions: submit a new studio, server side (median of 50)",
                    _submit_ms(store, 50),
                    "ms",
                    "≤ 100 ms",
                    "check by the loader's rules, placing, rate limit, store (SQLite)",
                )
            )
            rows.append(
                BenchRow(
                    "suggestions: an approval visible to another live directory (median of 5)",
                    _approval_visible_s(store, other, copy, 5),
                    "s",
                    "≤ 5 s",
                    f"polling every {POLL_S:g} s, bundled data",
                )
            )
        big = Path(folder) / "big.csv"
        write_sample_csv(big, 100_000, seed=11)
        url = f"sqlite:///{Path(folder) / 'bench-big.sqlite3'}"  # a database of its own: no earlier approvals
        with SubmissionsStore(url) as store, SubmissionsStore(url) as other:
            rows.append(
                BenchRow(
                    "suggestions: an approval visible to another live directory, 100,000 studios (median of 3)",
                    _approval_visible_s(store, other, big, 3),
                    "s",
                    "≤ 5 s",
                    "includes the background rebuild",
                )
            )
        usual, during = _search_during_rebuild(big)
        rows.append(BenchRow("nearest-10 at rest, 100,000 studios (median)", usual, "ms", ""))
        rows.append(BenchRow("nearest-10 during a background rebuild, 100,000 studios (median)", during, "ms", ""))
        rows.append(BenchRow("search during a rebuild / at rest, 100,000 studios", during / usual, "×", "≤ 2×"))
    return rows

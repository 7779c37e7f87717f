"""Benchmark rows for the exact nearest search and for loading a CSV, against a NumPy scan baseline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from ..directory import load_directory
from ..geo import haversine_km_many
from ..sample import write_sample_csv
from . import BenchRow

SIZES = (1_000, 100_000, 1_000_000)


def haversine_scan(latitude: np.ndarray, longitude: np.ndarray, lat: float, lon: float, *, k: int) -> np.ndarray:
    """The baseline: a vectorised NumPy haversine distance to every studio, then the k smallest."""
    distance = haversine_km_many(lat, lon, latitude, longitude)
    nearest = np.argpartition(distance, k)[:k] if len(distance) > k else np.arange(len(distance))
    return nearest[np.argsort(distance[nearest])]


def _median_ms(function: Callable[[float, float], object], points: np.ndarray) -> float:
    times = []
    for lat, lon in points:
        start = time.perf_counter()
        function(float(lat), float(lon))
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000)


#: Loads a CSV (argv[1]; with the offline gazetteer, opened before the clock starts, when argv[2] is "gazetteer")
#: and prints, as JSON, the time, the peak memory and what the report says. Peak memory is VmHWM, this process
#: image's own high-water mark: ru_maxrss would also count the parent's memory at fork time, which Linux carries
#: across exec.
_LOAD_CHILD = """
import json, sys, time
def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024
import finder
geocoder = None
if sys.argv[2] == "gazetteer":
    from finder.geocoding.gazetteer import load_offline_geocoder
    geocoder = load_offline_geocoder()
base = hwm()
start, cpu_start = time.perf_counter(), time.process_time()
d = finder.load_directory(sys.argv[1], geocoder=geocoder)
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
peak = hwm()
first_open = None
if sys.argv[3:] == ["open"]:  # then the first search that asks who is open (every studio's zone found then)
    from datetime import UTC, datetime
    start = time.perf_counter()
    d.nearest(float(d.latitude[0]), float(d.longitude[0]), limit=10, open_at=datetime(2026, 12, 2, 15, tzinfo=UTC))
    first_open = time.perf_counter() - start
errors = d.report.errors
capped = [str(p) for p in errors if "distinct places without coordinates" in p.message]
print(json.dumps({'seconds': seconds, 'cpu_seconds': cpu_seconds, 'peak_mb': peak, 'added_mb': peak - base,
                  'rows': len(d), 'errors': len(errors), 'capped': len(capped),
                  'example': capped[0] if capped else '', 'first_open_seconds': first_open}))
"""


def load_in_child(path: Path, *, gazetteer: bool = False, first_open: bool = False) -> dict:
    """Load a CSV in a fresh interpreter (``gazetteer``: placing rows without coordinates): wall time, peak
    memory, rows loaded and reported, free of this process's state; ``first_open``: also the time of the
    first search asking who is open, after the load."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    mode = "gazetteer" if gazetteer else "none"
    result = subprocess.run(
        [sys.executable, "-c", _LOAD_CHILD, str(path), mode, *(["open"] if first_open else [])],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=900,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_rows(quick: bool = False) -> list[BenchRow]:
    """Nearest-10 queries from anywhere and from near a studio, the scan, and loading, per size."""
    sizes = SIZES[:2] if quick else SIZES
    rows: list[BenchRow] = []
    rng = np.random.default_rng(2026)
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as folder:
        for size in sizes:
            path = Path(folder) / f"studios-{size}.csv"
            write_sample_csv(path, size, seed=11)
            directory = load_directory(path, geocoder=None)
            # Anywhere on Earth (mostly ocean: the hard case for clustered studios), and from
            # where people are (within a few km of a studio).
            points = np.column_stack((rng.uniform(-80, 80, 400), rng.uniform(-180, 180, 400)))
            ours = _median_ms(partial(directory.nearest, limit=10), points)
            near = rng.integers(0, len(directory), 400)
            local_points = np.column_stack(
                (
                    np.clip(directory.latitude[near] + rng.normal(0, 0.03, 400), -90, 90),
                    (directory.longitude[near] + rng.normal(0, 0.03, 400) + 180) % 360 - 180,
                )
            )
            local = _median_ms(partial(directory.nearest, limit=10), local_points)
            scan_points = points[: 40 if size >= 1_000_000 else 200]
            scan = _median_ms(partial(haversine_scan, directory.latitude, directory.longitude, k=10), scan_points)
            label = f"{size:,} studios"
            rows.append(BenchRow(f"nearest-10 query from anywhere, {label} (median)", ours, "ms", "≤ 0.5 ms at 1M"))
            rows.append(BenchRow(f"nearest-10 query from near a studio, {label} (median)", local, "ms", ""))
            rows.append(BenchRow(f"NumPy haversine scan, {label} (median)", scan, "ms", "baseline"))
            rows.append(
                BenchRow(f"speed-up over the scan (queries from anywhere), {label}", scan / ours, "×", "≥ 100× at 1M")
            )
            if size >= 100_000:
                loaded = load_in_child(path)
                bar = "≤ 1.5 s" if size == 100_000 else "≤ 10 s" if size == 1_000_000 else ""
                rows.append(BenchRow(f"load + validate, {label}", loaded["seconds"], "s", bar))
                rows.append(
                    BenchRow(
                        f"peak memory of a process that loaded {label}",
                        loaded["peak_mb"],
                        "MB",
                        "< 1 GB" if size == 1_000_000 else "",
                    )
                )
    return rows

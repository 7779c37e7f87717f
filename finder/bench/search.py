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


def _load_in_child(path: Path) -> dict[str, float]:
    """Load a CSV in a fresh interpreter: wall and CPU time (all its threads) and peak memory, free of this
    process's state."""
    # Peak memory is VmHWM, this process image's own high-water mark: ru_maxrss would also count
    # the parent's memory at fork time, which Linux carries across exec.
    code = (
        "import json, sys, time\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "import finder\n"
        "base = hwm()\n"
        "start, start_cpu = time.perf_counter(), time.process_time()\n"
        "d = finder.load_directory(sys.argv[1], geocoder=None)\n"
        "seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu\n"
        "peak = hwm()\n"
        "print(json.dumps({'seconds': seconds, 'cpu_seconds': cpu, 'peak_mb': peak, 'added_mb': peak - base,"
        " 'rows': len(d)}))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True, timeout=600
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
                loaded = _load_in_child(path)
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

"""Benchmark rows for opening hours: the nearest open studios at an instant, and what hours add to loading."""

from __future__ import annotations

import csv
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from ..directory import Directory, load_directory
from ..sample import write_sample_csv
from . import BenchRow
from .search import load_in_child

#: Two instants: a weekday afternoon in Europe (morning in the Americas, night in Asia), and a night in
#: the Americas (day in Asia): the share of open studios differs, and so does how far a search walks.
INSTANTS = (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), datetime(2026, 12, 3, 4, 0, tzinfo=UTC))


def _open_nearest_ms(
    directory: Directory, at: datetime | None, rng: np.random.Generator, *, queries: int = 400, new_minute: bool = False
) -> tuple[float, float, float]:
    """Median time of "the 10 nearest open at ``at``" from near a studio (where people search).

    Every query asks about the same instant, as visitors within one minute do: the first one evaluates
    the groups it meets, later ones reuse those answers (finder.directory.opening). ``new_minute``: each
    query a minute later than the one before, so none reuses another's answers. Median and 90th percentile
    of the wall time, and the median CPU time of this thread (on a busy machine the wall time also counts
    the waits for a core)."""
    near = rng.integers(0, len(directory), queries)
    latitudes = np.clip(directory.latitude[near] + rng.normal(0, 0.03, queries), -90, 90)
    longitudes = (directory.longitude[near] + rng.normal(0, 0.03, queries) + 180) % 360 - 180
    times, cpu = [], []
    for number, (latitude, longitude) in enumerate(zip(latitudes.tolist(), longitudes.tolist(), strict=True)):
        instant = at + timedelta(minutes=number) if new_minute and at else at
        start, start_cpu = time.perf_counter(), time.thread_time()
        directory.nearest(latitude, longitude, limit=10, open_at=instant)  # None: no filter, the baseline
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return float(np.median(times) * 1000), float(np.percentile(times, 90) * 1000), float(np.median(cpu) * 1000)


def _without_hours(source: Path, target: Path) -> None:
    """A copy of the CSV with the hours column emptied: the same load, minus reading hours."""
    with source.open(encoding="utf-8", newline="") as read, target.open("w", encoding="utf-8", newline="") as write:
        reader, writer = csv.reader(read), csv.writer(write, lineterminator="\n")
        header = next(reader)
        writer.writerow(header)
        column = header.index("hours")
        for row in reader:
            row[column] = ""
            writer.writerow(row)


def _load_seconds(paths: tuple[Path, Path], runs: int = 5) -> tuple[tuple[float, float, float], ...]:
    """The fastest of ``runs`` loads of each file, alternating, in fresh processes, as (wall, CPU, first
    search asking who is open) seconds: on a shared machine the fastest run is the one least disturbed,
    alternating gives both files the same disturbances, and CPU time leaves out the waits for a core."""
    loads: list[list[dict[str, float]]] = [[], []]
    for _ in range(runs):
        for found, path in zip(loads, paths, strict=True):
            found.append(load_in_child(path, first_open=True))
    return tuple(
        tuple(min(one[key] for one in found) for key in ("seconds", "cpu_seconds", "first_open_seconds"))
        for found in loads
    )


def bench_rows(quick: bool = False) -> list[BenchRow]:
    size = 100_000 if quick else 1_000_000
    rows: list[BenchRow] = []
    rng = np.random.default_rng(2027)
    with tempfile.TemporaryDirectory(prefix="finder-bench-hours-") as folder:
        path = Path(folder) / f"studios-{size}.csv"
        write_sample_csv(path, size, seed=11)
        directory = load_directory(path, geocoder=None)
        plain, plain_p90, plain_cpu = _open_nearest_ms(directory, None, rng)
        rows.append(
            BenchRow(
                f"10 nearest, no filter, same kind of points, {size:,} studios (median)",
                plain,
                "ms",
                "baseline",
                f"90th percentile {plain_p90:.1f} ms, CPU median {plain_cpu:.2f} ms: the machine at the time",
            )
        )
        for at in INSTANTS:
            median, p90, cpu = _open_nearest_ms(directory, at, rng)
            cold, cold_p90, cold_cpu = _open_nearest_ms(directory, at + timedelta(days=7), rng, new_minute=True)
            share = directory.share_open(at)
            label = f"10 nearest open at {at:%a %H:%M} UTC, {size:,} studios"
            note = f"{share:.0%} of the studios open then; 90th percentile {p90:.1f} ms, CPU median {cpu:.2f} ms"
            rows.append(BenchRow(f"{label} (median)", median, "ms", "≤ 5 ms at 1M", note))
            rows.append(
                BenchRow(
                    f"{label}, each query in a new minute (median)",
                    cold,
                    "ms",
                    "",
                    f"90th percentile {cold_p90:.1f} ms, CPU median {cold_cpu:.2f} ms",
                )
            )
        del directory
        small = Path(folder) / "studios-100000.csv"
        write_sample_csv(small, 100_000, seed=11)
        bare = Path(folder) / "studios-100000-no-hours.csv"
        _without_hours(small, bare)
        (with_hours, with_cpu, first_open), (without, without_cpu, _) = _load_seconds((small, bare))
        cpu_note = f"CPU {without_cpu:.3f} s"
        rows.append(
            BenchRow("load + validate, 100,000 studios, hours emptied (fastest of 5)", without, "s", "", cpu_note)
        )
        cpu_note = f"CPU {with_cpu:.3f} s"
        rows.append(
            BenchRow("load + validate, 100,000 studios, with hours (fastest of 5)", with_hours, "s", "", cpu_note)
        )
        added = (with_hours - without) / without * 100
        rows.append(BenchRow("hours reading added to loading 100,000 studios", added, "%", "≤ 20 %"))
        added_cpu = (with_cpu - without_cpu) / without_cpu * 100
        rows.append(
            BenchRow("the same in CPU time (all threads; the waits for a core left out)", added_cpu, "%", "≤ 20 %")
        )
        rows.append(
            BenchRow(
                "first search asking who is open after that load, 100,000 studios (fastest of 5)",
                first_open * 1000,
                "ms",
                "",
                "every studio's time zone is looked up then, not at load; later searches reuse them",
            )
        )
    return rows

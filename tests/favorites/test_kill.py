"""kill -9 during a burst of writes: the database stays intact and every acknowledged write is there.

A writer process stars (and unstars every third) studio from four threads and prints each write after
the store has returned from it; the test kills it with SIGKILL mid-burst, then checks the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from finder.directory.schema import Studio
from finder.favorites import FavoritesStore, new_list_id

REPO = Path(__file__).resolve().parents[2]
THREADS = 4
WRITER = textwrap.dedent(
    """
    import sys, threading
    from finder.directory.schema import Studio
    from finder.favorites import FavoritesStore

    url, list_id, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = FavoritesStore(url)
    out = threading.Lock()

    def say(line):
        with out:
            sys.stdout.write(line + "\\n")
            sys.stdout.flush()

    def burst(thread):
        for number in range(thread, 10**9, threads):
            studio = Studio(id=f"k-{number}", name=f"Studio {number}", latitude=40.0, longitude=-75.0)
            store.add(list_id, studio)
            say(f"add k-{number}")
            if number % 3 == 0:
                store.remove(list_id, studio.id)
                say(f"remove k-{number}")

    say("ready")
    for thread in range(threads):
        threading.Thread(target=burst, args=(thread,), daemon=True).start()
    threading.Event().wait()
    """
)


def acknowledged_until_killed(url: str, list_id: str, *, writes: int) -> list[str]:
    """Start the writer, kill -9 it once it has acknowledged ``writes`` writes; its complete lines."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, list_id, str(THREADS)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while len(lines) < writes + 1 and time.monotonic() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        lines.extend(line for line in writer.stdout.read().splitlines() if line)  # acknowledged before the kill
    assert writer.returncode == -signal.SIGKILL
    assert lines and lines[0] == "ready" and len(lines) > writes, lines[-3:]
    return lines[1:]


def expected_state(acknowledged: list[str]) -> tuple[set[str], set[str]]:
    """Ids that must be there and ids that must not; an id whose next write was in flight may be either."""
    added = {line.split()[1] for line in acknowledged if line.startswith("add ")}
    removed = {line.split()[1] for line in acknowledged if line.startswith("remove ")}
    in_flight = {studio for studio in added - removed if int(studio.split("-")[1]) % 3 == 0}
    return added - removed - in_flight, removed


@pytest.mark.parametrize("writes", [150, 600])
def test_a_writer_killed_mid_burst_loses_no_acknowledged_write(db_url, writes):
    list_id = new_list_id()
    acknowledged = acknowledged_until_killed(db_url, list_id, writes=writes)
    present, absent = expected_state(acknowledged)
    assert len(present) > writes // 3

    if db_url.startswith("sqlite"):
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()
    with FavoritesStore(db_url) as store:  # opens (and recovers the WAL of) the killed writer's database
        ids = store.ids(list_id)
        assert present <= ids, sorted(present - ids)[:10]
        assert not (absent & ids), sorted(absent & ids)[:10]
        assert len(store.list(list_id)) == len(ids)  # one row per star, none half-written
        after = Studio(id="after-the-kill", name="After", latitude=1.0, longitude=2.0)
        assert store.add(list_id, after) is True  # and it takes writes again

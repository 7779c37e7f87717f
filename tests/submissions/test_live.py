"""The live directory: approvals and a replaced CSV show without a restart; a bad replacement never
takes the directory down (the last good one serves, and the notice says what is wrong)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from submission_support import SAMPLE_CSV, write_rows

from finder.directory import load_directory
from finder.submissions import LiveDirectory, SubmissionsStore
from finder.submissions.review import decide

BOISE = (43.6135, -116.2035)


def _wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _replace(path: Path, content: bytes) -> None:
    """Write a new version of the file with a new modification time (as an editor or a copy would)."""
    path.write_bytes(content)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_an_approval_reaches_a_running_directory_within_five_seconds(sample_copy, db_url, intake, new_studio):
    with SubmissionsStore(db_url) as other_process_store:
        live = LiveDirectory(sample_copy, store=other_process_store)
        live.start(poll_s=0.2)
        try:
            before = len(live.snapshot().directory)
            from finder.submissions import Suggestion

            reference = intake.submit(Suggestion("new", new_studio(name="Lantern Bar Studio")), browser="b")
            assert live.refresh() is False  # pending: nobody sees it
            decide(intake.store, live.snapshot(), reference, approve=True, operator="ann")
            started = time.monotonic()
            assert _wait_for(lambda: len(live.snapshot().directory) == before + 1)
            assert time.monotonic() - started < 5
            (nearest,) = live.snapshot().directory.nearest(*BOISE, limit=1)
            assert nearest.studio.name == "Lantern Bar Studio" and nearest.studio.verified_on is not None
        finally:
            live.stop()


def test_an_edit_replaces_and_a_closure_removes(sample_copy, store, intake, new_studio):
    from finder.submissions import Suggestion

    live = LiveDirectory(sample_copy, store=store)
    first, second = list(live.snapshot().directory)[:2]
    edit = intake.submit(Suggestion("edit", {**new_studio(), "name": "Renamed"}, studio=first), browser="a")
    closed = intake.submit(Suggestion("closed", studio=second), browser="b")
    for reference in (edit, closed):
        decide(store, live.snapshot(), reference, approve=True, operator="ann")
    assert live.refresh()
    directory = live.snapshot().directory
    assert directory.get(first.id).name == "Renamed" and second.id not in directory
    assert len(directory) == len(load_directory(sample_copy)) - 1


def test_a_replaced_csv_is_picked_up(sample_copy, store, tmp_path):
    live = LiveDirectory(sample_copy, store=store)
    live.start(poll_s=0.2)
    try:
        _replace(
            sample_copy,
            write_rows(tmp_path / "new.csv", [{"name": "Only One", "latitude": "1", "longitude": "2"}]).read_bytes(),
        )
        assert _wait_for(lambda: len(live.snapshot().directory) == 1)
        assert live.snapshot().notice() == ""
    finally:
        live.stop()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"PK\x03\x04\x00\x00\x00binary", "is not a text CSV"),
        (b"", "is empty"),
        (None, "No studio file at"),
        ("id,name\nx,Caf\u00e9 \u00c9t\u00e9\ny,Cr\u00e8me\nz,S\u00e9ance\n".encode("latin-1"), "is not UTF-8 text"),
        (b"id,name,latitude,longitude\n", "has no loadable studios"),
    ],
    ids=["binary", "empty", "deleted", "latin-1", "header-only"],
)
def test_a_bad_replacement_keeps_the_last_good_directory_and_says_why(sample_copy, store, content, said):
    live = LiveDirectory(sample_copy, store=store)
    good = len(live.snapshot().directory)
    if content is None:
        sample_copy.unlink()
    else:
        _replace(sample_copy, content)
    live.refresh()
    snapshot = live.snapshot()
    assert len(snapshot.directory) == good
    assert said in snapshot.notice() and "last good version" in snapshot.notice()
    shutil.copy(SAMPLE_CSV, sample_copy)  # fixed again: the notice goes
    os.utime(sample_copy)
    live.refresh()
    assert live.snapshot().notice() == "" and len(live.snapshot().directory) == good


def test_a_single_latin1_row_is_reported_by_line_and_the_rest_loads(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,name,latitude,longitude\na,Alpha,1,1\nb,Caf\xe9 Beta,2,2\nc,Gamma,3,3\n")
    directory = load_directory(path, geocoder=None)
    assert [s.name for s in directory] == ["Alpha", "Gamma"]
    (problem,) = directory.report.errors
    assert problem.line == 3 and "is not UTF-8 text (byte 0xE9" in problem.message


def test_a_header_only_directory_says_plainly_it_has_no_studios(tmp_path, store):
    path = write_rows(tmp_path / "empty.csv", [])
    snapshot = LiveDirectory(path, store=store).snapshot()
    assert snapshot.has_no_studios
    assert snapshot.notice().startswith("The studio directory has no studios")


def test_an_unreadable_database_keeps_the_approved_changes_already_read(sample_copy, db_url, intake, new_studio):
    from finder.submissions import Suggestion

    store = SubmissionsStore(db_url)
    live = LiveDirectory(sample_copy, store=store)
    reference = intake.submit(Suggestion("new", new_studio()), browser="b")
    decide(intake.store, live.snapshot(), reference, approve=True, operator="ann")
    live.refresh()
    count = len(live.snapshot().directory)

    def broken(*args, **kwargs):
        from finder.errors import SubmissionError

        raise SubmissionError("Could not read the suggestions")

    store.version = broken  # the database goes away
    live.refresh()
    assert len(live.snapshot().directory) == count
    assert "approved suggestions read last still apply" in live.snapshot().changes_problem
    store.dispose()


def test_a_database_down_at_start_is_used_once_it_answers(sample_copy, db_url, intake, new_studio):
    from finder.submissions import Suggestion

    answers = [(None, "Could not open the suggestions database"), (SubmissionsStore(db_url), "")]
    live = LiveDirectory(sample_copy, store=None, store_problem="down", reopen=lambda: answers.pop(0))
    assert "Could not open" in live.snapshot().changes_problem
    reference = intake.submit(Suggestion("new", new_studio(name="Late Studio")), browser="b")
    decide(intake.store, live.snapshot(), reference, approve=True, operator="ann")
    live.refresh()
    assert live.snapshot().changes_problem == ""
    assert any(s.name == "Late Studio" for s in live.snapshot().directory)
    live.store.dispose()

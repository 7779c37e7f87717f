"""A database error becomes FavoritesError with a message for people, and changes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from finder.errors import FavoritesError
from finder.favorites import FavoritesStore

SAVE_FAILED = "Could not save your favourite; please try again."


@pytest.fixture
def failing(store):
    """``failing("INSERT", after=1)``: statements starting so fail (after the first ``after`` ones)."""
    dbapi_error = store._engine.dialect.loaded_dbapi.OperationalError
    listeners = []

    def install(keyword: str, *, after: int = 0):
        seen = []

        def fail(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith(keyword):
                seen.append(statement)
                if len(seen) > after:
                    raise dbapi_error("simulated: the disk is full")

        event.listen(store._engine, "before_cursor_execute", fail)
        listeners.append(fail)
        return fail

    yield install
    for listener in listeners:
        if event.contains(store._engine, "before_cursor_execute", listener):
            event.remove(store._engine, "before_cursor_execute", listener)


def test_a_failed_star_leaves_the_list_as_it_was(store, list_id, make_studio, failing):
    store.add(list_id, make_studio(1))
    failing("INSERT")
    with pytest.raises(FavoritesError, match="please try again") as raised:
        store.toggle(list_id, make_studio(2))
    assert str(raised.value) == SAVE_FAILED and raised.value.__cause__ is not None
    with pytest.raises(FavoritesError):
        store.add(list_id, make_studio(3))
    assert store.ids(list_id) == {"studio-1"}


def test_a_failed_unstar_leaves_the_star(store, list_id, make_studio, failing):
    store.add(list_id, make_studio(1))
    failing("DELETE")
    with pytest.raises(FavoritesError, match="please try again"):
        store.toggle(list_id, make_studio(1))
    with pytest.raises(FavoritesError):
        store.remove(list_id, "studio-1")
    assert store.ids(list_id) == {"studio-1"}


def test_an_import_that_fails_midway_adds_nothing(store, list_id, failing):
    failing("INSERT", after=2)  # the third row fails after two were written in the same transaction
    text = "studio_id,name,latitude,longitude\n" + "".join(f"s{i},Studio {i},40,-75\n" for i in range(5))
    with pytest.raises(FavoritesError):
        store.import_csv(list_id, text)
    assert store.list(list_id) == []


def test_a_failed_read_says_so(store, list_id, failing):
    failing("SELECT")
    with pytest.raises(FavoritesError, match="Could not load your favourites"):
        store.list(list_id)


def test_the_store_works_again_after_a_failure(store, list_id, make_studio, failing):
    listener = failing("INSERT")
    with pytest.raises(FavoritesError):
        store.add(list_id, make_studio(1))
    event.remove(store._engine, "before_cursor_execute", listener)  # the disk has room again
    assert store.add(list_id, make_studio(1)) is True


def test_a_corrupt_sqlite_file_is_reported(tmp_path, list_id, make_studio):
    path = tmp_path / "favorites.sqlite3"
    store = FavoritesStore(f"sqlite:///{path}")
    store.add(list_id, make_studio(1))
    store.dispose()
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(FavoritesError, match="Could not load"):
        store.ids(list_id)
    with pytest.raises(FavoritesError, match="Could not save"):
        store.toggle(list_id, make_studio(1))
    store.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////proc/no-such-dir/favorites.sqlite3",  # cannot be created, even as root
        "postgresql+psycopg://nobody:wrong@127.0.0.1:1/nothing",  # nothing listens on port 1
        "mysql://localhost/favorites",
        "not a url",
    ],
)
def test_a_database_that_cannot_be_opened_is_reported(url):
    with pytest.raises(FavoritesError, match="(?i)favourites"):
        FavoritesStore(url)


REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "required", "outcome"),
    [
        ("postgresql+psycopg://nobody:wrong@127.0.0.1:1/nothing", "1", "failed"),
        (None, "1", "failed"),
        ("postgresql+psycopg://nobody:wrong@127.0.0.1:1/nothing", "", "skipped"),
    ],
    ids=["unreachable-required", "missing-required", "unreachable-optional"],
)
def test_required_postgres_fails_rather_than_skips(url, required, outcome):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINDER_")}
    env.update({"FINDER_REQUIRE_POSTGRES": required, **({"FINDER_TEST_POSTGRES_URL": url} if url else {})})
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "tests/favorites/test_store.py::test_add_is_idempotent",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = run.stdout.strip().splitlines()[-1]
    if outcome == "failed":
        assert run.returncode != 0 and "1 passed" in summary and "error" in summary, run.stdout
    else:
        assert run.returncode == 0 and "1 passed, 1 skipped" in summary, run.stdout

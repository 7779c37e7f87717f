"""The favourites store on both databases: add, remove, toggle, read, and what a bad id does."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from finder.errors import FavoritesError, InvalidListId
from finder.favorites import Favorite, FavoritesStore, default_url, new_list_id


def test_add_is_idempotent(store, list_id, make_studio):
    assert store.add(list_id, make_studio(1)) is True
    assert store.add(list_id, make_studio(1)) is False
    assert store.ids(list_id) == {"studio-1"}
    assert len(store.list(list_id)) == 1


def test_remove_is_idempotent(store, list_id, make_studio):
    store.add(list_id, make_studio(1))
    assert store.remove(list_id, "studio-1") is True
    assert store.remove(list_id, "studio-1") is False
    assert store.remove(list_id, "never-starred") is False
    assert store.ids(list_id) == frozenset()


def test_toggle_returns_the_new_state(store, list_id, make_studio):
    studio = make_studio(1)
    assert store.toggle(list_id, studio) is True
    assert store.is_favorite(list_id, "studio-1")
    assert store.toggle(list_id, studio) is False
    assert not store.is_favorite(list_id, "studio-1")
    assert store.toggle(list_id, studio) is True
    assert store.ids(list_id) == {"studio-1"}


def test_lists_are_private_to_their_id(store, make_studio):
    mine, yours = new_list_id(), new_list_id()
    store.add(mine, make_studio(1))
    store.add(yours, make_studio(2))
    store.remove(yours, "studio-1")
    assert store.ids(mine) == {"studio-1"}
    assert store.ids(yours) == {"studio-2"}
    assert not store.is_favorite(yours, "studio-1")


def test_list_is_oldest_first(store, list_id, make_studio):
    for number in (3, 1, 2):
        store.add(list_id, make_studio(number))
    store.toggle(list_id, make_studio(1))  # unstar and star again: now the newest
    store.toggle(list_id, make_studio(1))
    favorites = store.list(list_id)
    assert [fav.studio_id for fav in favorites] == ["studio-3", "studio-2", "studio-1"]
    times = [fav.starred_at for fav in favorites]
    assert times == sorted(times)


def test_a_favourite_keeps_its_snapshot_after_the_studio_leaves_the_csv(store, list_id, make_studio):
    before = datetime.now(UTC)
    studio = make_studio(
        7, name="Sole Studio", street="1 Elm St", phone="+1 215 555 0199", website="https://sole.example/book"
    )
    store.add(list_id, studio)
    del studio  # the store never looks at the CSV again: what it kept is all the UI has
    [favorite] = store.list(list_id)
    assert favorite == Favorite(
        list_id=list_id,
        studio_id="studio-7",
        name="Sole Studio",
        address="1 Elm St, 19103 Philadelphia, PA, US",
        latitude=pytest.approx(40.02),
        longitude=pytest.approx(-75.23),
        phone="+1 215 555 0199",
        website="https://sole.example/book",
        starred_at=favorite.starred_at,
    )
    assert favorite.starred_at.tzinfo == UTC
    assert before - timedelta(seconds=5) <= favorite.starred_at <= datetime.now(UTC) + timedelta(seconds=5)


def test_an_unknown_valid_id_is_an_empty_list(store, row_count):
    unknown = new_list_id()
    assert store.list(unknown) == []
    assert store.ids(unknown) == frozenset()
    assert not store.is_favorite(unknown, "studio-1")
    assert store.export_csv(unknown).splitlines() == [
        '"studio_id","name","address","latitude","longitude","phone","website","starred_at"'
    ]
    assert row_count(store) == 0


def test_text_is_stored_as_given(store, list_id, make_studio):
    studio = make_studio(1, id="id with spaces & 'quotes'; DROP TABLE favorites;--", name='Ünïcødé 足 "studio" <b>')
    store.add(list_id, studio)
    [favorite] = store.list(list_id)
    assert (favorite.studio_id, favorite.name) == (studio.id, studio.name)
    assert store.is_favorite(list_id, studio.id)


BAD_IDS = ["", "short", "x" * 31, "x" * 33, "x" * 31 + "/", "x" * 32 + "\n", None, 42]
CALLS = {
    "add": lambda store, bad, studio: store.add(bad, studio),
    "remove": lambda store, bad, studio: store.remove(bad, studio.id),
    "toggle": lambda store, bad, studio: store.toggle(bad, studio),
    "is_favorite": lambda store, bad, studio: store.is_favorite(bad, studio.id),
    "ids": lambda store, bad, studio: store.ids(bad),
    "list": lambda store, bad, studio: store.list(bad),
    "export_csv": lambda store, bad, studio: store.export_csv(bad),
    "import_csv": lambda store, bad, studio: store.import_csv(
        bad, "studio_id,name,latitude,longitude\ns1,Studio,1,2\n"
    ),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_a_malformed_id_raises_and_touches_nothing(store, make_studio, row_count, call, bad):
    statements = []
    event.listen(store._engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with pytest.raises(InvalidListId, match="not valid") as raised:
        call(store, bad, make_studio(1))
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, FavoritesError)
    assert statements == []  # rejected before any SQL ran
    assert row_count(store) == 0


def test_the_url_comes_from_the_environment(tmp_path, monkeypatch, list_id, make_studio):
    path = tmp_path / "nested" / "from-env.sqlite3"
    monkeypatch.setenv("FINDER_DB_URL", f"sqlite:///{path}")
    with FavoritesStore() as store:
        store.add(list_id, make_studio(1))
        assert store.backend == "SQLite"
    assert path.exists()
    with FavoritesStore(f"sqlite:///{path}") as again:  # persisted: a new process finds it
        assert again.ids(list_id) == {"studio-1"}


def test_the_default_is_a_sqlite_file_in_the_ignored_var_directory(monkeypatch):
    monkeypatch.delenv("FINDER_DB_URL", raising=False)
    url = default_url()
    assert url.startswith("sqlite:///") and url.endswith("/var/favorites.sqlite3")


def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path):
    with FavoritesStore(f"sqlite:///{tmp_path / 'f.sqlite3'}") as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_an_in_memory_sqlite_store_works(list_id, make_studio):
    with FavoritesStore("sqlite://") as store:
        assert store.toggle(list_id, make_studio(1)) is True
        assert store.ids(list_id) == {"studio-1"}

"""A PostgreSQL server that accepts the connection and then stops answering in the middle of a statement
(issue 13, fault 7): every call ends within a bound set on the client, the breaker opens, and the
favourites say they are unavailable instead of holding the page.

Two ways to hang: a fake server that completes the handshake and never answers a query, and a real
PostgreSQL whose table another connection holds locked (``LOCK TABLE``), with and without the server's
own lock and statement timeouts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from finder.bench.silent import HangingServer, SilentServer
from finder.errors import FavoritesUnavailable, SubmissionError
from finder.favorites import FavoritesStore
from finder.favorites.answers import AnsweringConnection
from finder.favorites.breaker import breaker_for
from finder.submissions.store import SubmissionsStore

#: The client-side bound, shortened so that the tests take seconds.
BOUND_S = 1.0


@pytest.fixture(autouse=True)
def short_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnsweringConnection, "answer_timeout_s", BOUND_S)


def finishes(call: Callable[[], object], within_s: float) -> BaseException | None:
    """Run ``call`` in a thread; the exception it raised (None if none). Fails if it is still waiting."""
    raised: list[BaseException | None] = [None]

    def run() -> None:
        try:
            call()
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            raised[0] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(within_s)
    assert not thread.is_alive(), f"still waiting for the database after {within_s} s"
    return raised[0]


def test_a_server_that_hangs_after_the_handshake_is_asked_once():
    with HangingServer() as server:
        error = finishes(lambda: FavoritesStore(server.url), within_s=BOUND_S + 10)  # before: forever
        assert isinstance(error, FavoritesUnavailable)
        assert "did not answer within" in str(error.__cause__)
        asked = server.accepted
        for _ in range(3):  # later sessions and reruns: refused at once, the server is not asked again
            assert isinstance(finishes(lambda: FavoritesStore(server.url), within_s=1), FavoritesUnavailable)
        assert server.accepted == asked


def test_the_breakers_probe_of_a_hanging_server_ends_too():
    """A probe that waited forever would keep the breaker from ever probing again."""
    with HangingServer() as server:
        assert isinstance(finishes(lambda: FavoritesStore(server.url), within_s=BOUND_S + 10), FavoritesUnavailable)
        breaker = breaker_for(make_url(server.url).render_as_string(hide_password=False))
        breaker.cool_down_s = 0
        with pytest.raises(FavoritesUnavailable):
            FavoritesStore(server.url)  # starts the probe in the background
        deadline = time.monotonic() + BOUND_S + 10
        while breaker._probing and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not breaker._probing and breaker.is_open  # the probe gave up, and may run again


def with_options(url: str, options: str) -> str:
    parsed = make_url(url)
    given = parsed.query.get("options", "")
    return parsed.update_query_dict({"options": f"{given} {options}".strip()}).render_as_string(hide_password=False)


@pytest.fixture
def locked(db_url: str, list_id: str, make_studio) -> Iterator[Callable[[], None]]:
    """The favourites table of a fresh PostgreSQL schema with one star, and ``lock()``: another connection
    takes LOCK TABLE on it until the test ends."""
    with FavoritesStore(db_url) as store:
        store.add(list_id, make_studio(1))
    admin = create_engine(db_url, poolclass=NullPool)
    holder = admin.connect()
    transaction = None

    def lock() -> None:
        nonlocal transaction
        transaction = holder.begin()
        holder.execute(text("LOCK TABLE favorites IN ACCESS EXCLUSIVE MODE"))

    yield lock
    if transaction is not None:
        transaction.rollback()
    holder.close()
    admin.dispose()


#: The tests that lock a table run on PostgreSQL only (LOCK TABLE is PostgreSQL's).
on_postgres = pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


@on_postgres
@pytest.mark.parametrize(
    "options",
    [
        pytest.param("-c lock_timeout=800", id="the server's lock timeout ends it"),
        pytest.param("-c lock_timeout=0 -c statement_timeout=0", id="no server timeout: the client's bound ends it"),
    ],
)
def test_a_locked_table_fails_in_bounded_time_and_opens_the_breaker(db_url, locked, list_id, make_studio, options):
    store = FavoritesStore(with_options(db_url, options))
    try:
        assert store.ids(list_id) == {make_studio(1).id}
        locked()  # the server now never answers a statement on that table
        error = finishes(lambda: store.toggle(list_id, make_studio(2)), within_s=BOUND_S + 10)
        assert isinstance(error, FavoritesUnavailable), error
        started = time.monotonic()
        with pytest.raises(FavoritesUnavailable):
            store.ids(list_id)  # at once: the breaker is open
        assert time.monotonic() - started < BOUND_S
        assert store._breaker.is_open
    finally:
        store._breaker.reset()
        store.dispose()


@on_postgres
def test_the_probe_closes_the_breaker_once_the_server_answers_again(db_url, locked, list_id, make_studio):
    store = FavoritesStore(with_options(db_url, "-c lock_timeout=0 -c statement_timeout=0"))
    try:
        locked()
        assert isinstance(finishes(lambda: store.ids(list_id), within_s=BOUND_S + 10), FavoritesUnavailable)
        store._breaker.cool_down_s = 0
        with pytest.raises(FavoritesUnavailable):
            store.ids(list_id)  # the probe (SELECT 1) runs in the background and gets an answer
        deadline = time.monotonic() + 10
        while store._breaker.is_open and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not store._breaker.is_open
    finally:
        store._breaker.cool_down_s = 30.0
        store._breaker.reset()
        store.dispose()


@pytest.mark.parametrize("server_type", [SilentServer, HangingServer], ids=["never answers", "hangs"])
def test_the_suggestions_and_the_favourites_wait_for_a_silent_server_once_between_them(server_type):
    """Both stores share one breaker per database: a new page waited for each in turn (three times)."""
    with server_type() as server:
        error = finishes(lambda: SubmissionsStore(server.url), within_s=BOUND_S + 10)
        assert isinstance(error, SubmissionError) and "does not answer right now" in str(error)
        asked = server.accepted
        assert isinstance(finishes(lambda: SubmissionsStore(server.url), within_s=1), SubmissionError)
        assert isinstance(finishes(lambda: FavoritesStore(server.url), within_s=1), FavoritesUnavailable)
        assert server.accepted == asked

"""A favourites database that accepts connections and never answers: asked once, then favourites fail
at once (FavoritesUnavailable) until a background probe gets an answer."""

import threading

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from finder.bench.silent import SilentServer
from finder.errors import FavoritesError, FavoritesUnavailable
from finder.favorites import FavoritesStore
from finder.favorites.breaker import CircuitBreaker


@pytest.fixture
def silent():
    with SilentServer() as server:
        yield server


def test_a_database_that_never_answers_is_asked_once(silent):
    with pytest.raises(FavoritesUnavailable, match="Favourites are unavailable right now") as raised:
        FavoritesStore(silent.url)  # waits for the connect timeout, once
    assert isinstance(raised.value, FavoritesError) and isinstance(raised.value, ConnectionError)
    asked = silent.accepted
    assert asked >= 1
    for _ in range(5):  # the next sessions and reruns: refused at once, the server is not asked again
        with pytest.raises(FavoritesUnavailable):
            FavoritesStore(silent.url)
    assert silent.accepted == asked


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def probe_that(answers: bool, calls: list[str], done: threading.Event):
    def probe() -> None:
        calls.append("probe")
        done.set()
        if not answers:
            raise ConnectionError("still silent")

    return probe


def probe_finished(breaker: CircuitBreaker, started: threading.Event) -> None:
    """Wait (at most a few seconds) for the background probe to have run and the breaker to have heard."""
    assert started.wait(5)
    for _ in range(500):
        if not breaker._probing:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the probe did not finish")


def test_the_breaker_fails_fast_then_probes_in_the_background_and_closes():
    clock, calls, done = Clock(), [], threading.Event()
    breaker = CircuitBreaker(cool_down_s=30, clock=clock)
    breaker.check(probe_that(True, calls, done))  # closed: nothing happens
    breaker.trip()
    clock.now += 29
    with pytest.raises(FavoritesUnavailable):
        breaker.check(probe_that(True, calls, done))
    assert calls == []  # within the cool-down: no probe
    clock.now += 1
    with pytest.raises(FavoritesUnavailable):  # the call that starts the probe does not wait for it
        breaker.check(probe_that(True, calls, done))
    probe_finished(breaker, done)
    assert calls == ["probe"] and not breaker.is_open
    breaker.check(probe_that(True, calls, done))  # closed again


def test_a_failed_probe_keeps_the_breaker_open_for_another_cool_down():
    clock, calls, done = Clock(), [], threading.Event()
    breaker = CircuitBreaker(cool_down_s=30, clock=clock)
    breaker.trip()
    clock.now += 31
    with pytest.raises(FavoritesUnavailable):
        breaker.check(probe_that(False, calls, done))
    probe_finished(breaker, done)
    assert breaker.is_open
    with pytest.raises(FavoritesUnavailable):
        breaker.check(probe_that(False, calls, done))
    assert calls == ["probe"]  # the failed probe restarted the cool-down


@pytest.mark.postgres
def test_postgres_connections_carry_a_statement_timeout(postgres_url):
    with FavoritesStore(postgres_url) as store, store._engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "5s"
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "5s"


@pytest.mark.postgres
def test_a_connection_lost_mid_statement_opens_the_breaker(postgres_url, list_id, make_studio):
    store = FavoritesStore(postgres_url)
    admin = create_engine(postgres_url, poolclass=NullPool)

    def server_goes_away(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT"):  # the server drops us between BEGIN and INSERT
            with admin.connect() as other:
                pid = conn.connection.dbapi_connection.info.backend_pid
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    event.listen(store._engine, "before_cursor_execute", server_goes_away)
    try:
        with pytest.raises(FavoritesUnavailable):
            store.add(list_id, make_studio(1))
        event.remove(store._engine, "before_cursor_execute", server_goes_away)
        with pytest.raises(FavoritesUnavailable):  # at once, until a probe has had an answer
            store.ids(list_id)
        assert store._breaker.is_open
    finally:
        store._breaker.reset()
        store.dispose()
        admin.dispose()

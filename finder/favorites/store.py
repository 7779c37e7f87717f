"""The favourites store: private lists of starred studios, kept in SQLite or PostgreSQL.

A list is named by a random id (:func:`new_list_id`) that only its owner knows. Each favourite keeps
a snapshot of the studio taken when it was starred, so a studio that has left the CSV can still be
shown, as "no longer listed". Every method is one short transaction with parameterised SQL; a
malformed list id raises :class:`InvalidListId` before the database is touched, and a database error
raises :class:`FavoritesError` with nothing changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from functools import partial
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Double,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    exists,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.pool import NullPool, StaticPool

from ..directory.schema import Studio
from ..errors import FavoritesError, FavoritesUnavailable, InvalidListId, InvalidStudioId
from .answers import bound_answers
from .breaker import UNAVAILABLE, CircuitBreaker, breaker_for
from .csv import export_csv, parse_import
from .model import MAX_STUDIO_ID, Favorite, ImportResult, as_utc, is_valid_list_id, snapshot, studio_id_problem
from .turns import Turns

_SAVE_FAILED = "Could not save your favourite; please try again."
_LOAD_FAILED = "Could not load your favourites; please try again."
_TOGGLE_ATTEMPTS = 10

_metadata = MetaData()
_favorites = Table(
    "favorites",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # tie-break for "oldest first"
    Column("list_id", String(64), nullable=False),
    Column("studio_id", String(MAX_STUDIO_ID), nullable=False),
    Column("name", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("latitude", Double, nullable=False),
    Column("longitude", Double, nullable=False),
    Column("phone", Text, nullable=False),
    Column("website", Text, nullable=False),
    Column("starred_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("list_id", "studio_id", name="uq_favorites_list_studio"),
)


def default_url() -> str:
    """``FINDER_DB_URL`` if set, else a SQLite file under the repository's git-ignored ``var/``."""
    url = os.environ.get("FINDER_DB_URL", "").strip()
    if url:
        return url
    var = Path(__file__).resolve().parents[2] / "var"
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / 'favorites.sqlite3'}"


class FavoritesStore:
    """Favourites lists in one database, safe to share between threads (and app replicas on PostgreSQL).

    ``url`` is a SQLAlchemy URL; without it, ``FINDER_DB_URL``, else a SQLite file in ``var/``.
    The schema is created on start. Close with :meth:`dispose` (or use the store as a context manager).
    """

    def __init__(self, url: str | None = None) -> None:
        try:
            parsed = make_url(url or default_url())
            self._dialect = parsed.get_backend_name()
            if self._dialect not in ("sqlite", "postgresql"):
                raise FavoritesError(
                    f"Favourites need SQLite or PostgreSQL, not {self._dialect!r}; check FINDER_DB_URL."
                )
            # A database that stopped answering is not asked again on every call (nor by every new store).
            self._breaker = breaker_for(parsed.render_as_string(hide_password=False))
            self._breaker.check(probe=partial(_ping, parsed))
            self._engine = _create_engine(parsed)
            # An in-memory SQLite database is one shared connection, so its users take turns; on a SQLite
            # file, writers take turns in arrival order (SQLite's own busy polling can starve one for seconds).
            self._serial = threading.Lock() if self._engine.pool.__class__ is StaticPool else None
            self._writers = Turns() if self._dialect == "sqlite" and self._serial is None else None
            with self._connect() as conn, conn.begin():
                if self._dialect == "postgresql":  # replicas starting together create the table once
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x66617673})
                _metadata.create_all(conn)
        except (SQLAlchemyError, OSError) as err:  # OSError: the SQLite file's folder cannot be made
            if getattr(self, "_engine", None) is not None:
                self._engine.dispose()
            if isinstance(err, FavoritesUnavailable):
                raise
            raise FavoritesError(
                "Could not open the favourites database; check FINDER_DB_URL and that the server is running."
            ) from err
        self._insert = sqlite.insert if self._dialect == "sqlite" else postgresql.insert

    @property
    def backend(self) -> str:
        """The database in use, as people name it: "SQLite" or "PostgreSQL"."""
        return "SQLite" if self._dialect == "sqlite" else "PostgreSQL"

    def __enter__(self) -> FavoritesStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close every pooled connection; the store reconnects if it is used again."""
        self._engine.dispose()

    # -- writes ---------------------------------------------------------------------------------------

    def add(self, list_id: str, studio: Studio) -> bool:
        """Star a studio; True if it was added, False if it was already there."""
        _check(list_id)
        row = _snapshot(list_id, studio)
        with self._write() as conn:
            return self._insert_ignore(conn, [row]) == 1

    def remove(self, list_id: str, studio_id: str) -> bool:
        """Unstar a studio; True if it was removed, False if it was not there."""
        _check(list_id)
        _check_studio_id(studio_id)
        with self._write() as conn:
            return self._delete(conn, list_id, studio_id) == 1

    def toggle(self, list_id: str, studio: Studio) -> bool:
        """Star the studio if it is not starred, else unstar it; returns the new state (True = starred).

        Delete-if-present-else-insert in one transaction, so every toggle flips the state exactly once.
        On SQLite the transaction holds the write lock from its start. On PostgreSQL toggles of the same
        star take turns through a transaction-scoped advisory lock; should an ``add`` still slip in between
        our delete and our insert, the insert does nothing and we go round again (READ COMMITTED: the
        next statement sees that row and deletes it).
        """
        _check(list_id)
        row = _snapshot(list_id, studio)
        with self._write() as conn:
            if self._dialect == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:list_id), hashtext(:studio_id))"),
                    {"list_id": list_id, "studio_id": row.studio_id},
                )
            for _ in range(_TOGGLE_ATTEMPTS):
                if self._delete(conn, list_id, row.studio_id) == 1:
                    return False
                if self._insert_ignore(conn, [row]) == 1:
                    return True
        raise FavoritesError(_SAVE_FAILED)  # only if add and remove keep racing us on this one star

    def import_csv(self, list_id: str, text: str) -> ImportResult:
        """Add the favourites of a CSV (what :meth:`export_csv` makes); bad rows are reported, not fatal.

        Cells that :func:`finder.safety.csv_cell` neutralised (an apostrophe put before a value that could
        start a formula) are restored exactly by :func:`finder.safety.from_csv_cell`.
        """
        _check(list_id)
        result = ImportResult()
        rows = parse_import(list_id, text, result)
        if rows:
            with self._write() as conn:
                result.added = self._insert_ignore(conn, rows)
            result.skipped = len(rows) - result.added
        return result

    # -- reads ----------------------------------------------------------------------------------------

    def is_favorite(self, list_id: str, studio_id: str) -> bool:
        """True if the studio is starred in this list."""
        _check(list_id)
        _check_studio_id(studio_id)
        query = select(exists().where(_favorites.c.list_id == list_id, _favorites.c.studio_id == studio_id))
        with self._read() as conn:
            return bool(conn.execute(query).scalar())

    def ids(self, list_id: str) -> frozenset[str]:
        """The studio ids starred in this list (empty for an unknown list)."""
        _check(list_id)
        query = select(_favorites.c.studio_id).where(_favorites.c.list_id == list_id)
        with self._read() as conn:
            return frozenset(conn.execute(query).scalars())

    def list(self, list_id: str) -> list[Favorite]:
        """The favourites of this list, oldest first (empty for an unknown list)."""
        _check(list_id)
        c = _favorites.c
        query = (
            select(c.studio_id, c.name, c.address, c.latitude, c.longitude, c.phone, c.website, c.starred_at)
            .where(c.list_id == list_id)
            .order_by(c.starred_at, c.id)
        )
        with self._read() as conn:
            return [Favorite(list_id, *row[:7], starred_at=as_utc(row.starred_at)) for row in conn.execute(query)]

    def export_csv(self, list_id: str) -> str:
        """The list as CSV (header + one row per favourite); no cell can start a spreadsheet formula."""
        return export_csv(self.list(list_id))

    # -- plumbing -------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); database errors become FavoritesError."""
        with self._transaction(_SAVE_FAILED, write=True) as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            yield conn

    @contextmanager
    def _transaction(self, message: str, *, write: bool) -> Iterator[Connection]:
        self._breaker.check(probe=partial(_ping, self._engine.url))
        try:
            turn = self._serial or (self._writers if write else None) or nullcontext()
            with turn, self._connect() as conn:
                conn.execution_options(finder_write=write)
                with conn.begin():  # commits on success, rolls back on any exception
                    yield conn
        except SQLAlchemyError as err:
            if self._dialect == "postgresql" and no_answer(err):
                self._breaker.trip()
                raise FavoritesUnavailable(UNAVAILABLE) from err
            raise FavoritesError(message) from err

    def _connect(self) -> Connection:
        """A pooled connection; on PostgreSQL, failing to get one (no answer in time) opens the breaker."""
        try:
            return connect_through(self._engine, self._breaker if self._dialect == "postgresql" else None)
        except SQLAlchemyError as err:
            if self._breaker.is_open:
                raise FavoritesUnavailable(UNAVAILABLE) from err
            raise

    def _insert_ignore(self, conn: Connection, rows: list[Favorite]) -> int:
        """INSERT ... ON CONFLICT DO NOTHING; the number of rows actually inserted."""
        # RETURNING counts what was inserted; rowcount is -1 on psycopg when SQLAlchemy adds its own
        # RETURNING for the primary key. One statement per row, for the same reason.
        statement = (
            self._insert(_favorites)
            .on_conflict_do_nothing(index_elements=["list_id", "studio_id"])
            .returning(_favorites.c.id)
        )
        return sum(len(conn.execute(statement, asdict(row)).all()) for row in rows)

    @staticmethod
    def _delete(conn: Connection, list_id: str, studio_id: str) -> int:
        statement = (
            delete(_favorites)
            .where(_favorites.c.list_id == list_id, _favorites.c.studio_id == studio_id)
            .returning(_favorites.c.id)
        )
        return len(conn.execute(statement).all())


#: libpq settings that bound how long a call waits for PostgreSQL (the URL's own settings win).
CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 5_000
_POSTGRES_DEFAULTS: dict[str, object] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "keepalives": 1,  # a server whose host vanished is noticed within about 30 s, not two hours
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 15_000,
}


def _postgres_connect_args(url: URL) -> dict[str, object]:
    """Connect and statement timeouts, added to what the URL says (never replacing it)."""
    args = {name: value for name, value in _POSTGRES_DEFAULTS.items() if name not in url.query}
    given = url.query.get("options", "")
    given = given if isinstance(given, str) else " ".join(given)
    bounds = [
        f"-c {name}={STATEMENT_TIMEOUT_MS}" for name in ("statement_timeout", "lock_timeout") if name not in given
    ]
    args["options"] = " ".join(filter(None, [given, *bounds]))
    return args


def database_breaker(engine: Engine) -> CircuitBreaker | None:
    """The process's breaker for the engine's PostgreSQL database, shared by every store on it (favourites,
    suggestions): once one finds the server silent, the others do not wait for it either. None on SQLite."""
    url = engine.url
    return breaker_for(url.render_as_string(hide_password=False)) if _is_pg(url) else None


def connect_through(engine: Engine, breaker: CircuitBreaker | None) -> Connection:
    """A pooled connection through the database's breaker: FavoritesUnavailable at once while it is open;
    failing to connect opens it (waiting for a pooled connection that others hold is contention, not a
    silent server, and does not)."""
    if breaker is None:
        return engine.connect()
    breaker.check(probe=partial(_ping, engine.url))
    try:
        return engine.connect()
    except SQLAlchemyTimeoutError:
        raise
    except SQLAlchemyError:
        breaker.trip()
        raise


def no_answer(err: SQLAlchemyError) -> bool:
    """Whether a statement failed because the server stopped answering (lost connection, a timeout)."""
    if getattr(err, "connection_invalidated", False):
        return True
    sqlstate = getattr(getattr(err, "orig", None), "sqlstate", None)
    return sqlstate in ("57014", "55P03")  # query_canceled (statement_timeout), lock_not_available


def _ping(url: URL) -> None:
    """One connection and ``SELECT 1`` on a throw-away engine: the breaker's probe (raises when no answer)."""
    engine = create_engine(url, poolclass=NullPool, connect_args=_postgres_connect_args(url) if _is_pg(url) else {})
    bound_answers(engine)  # a probe of a server that stopped answering ends too, so the next one can run
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _is_pg(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def _create_engine(url: URL) -> Engine:
    if _is_pg(url):
        # As many connections as SQLite's pool: sessions starring together do not queue for one.
        # Every wait for the server ends (answers.py): one that accepted us and then went silent fails in time.
        return bound_answers(
            create_engine(
                url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args=_postgres_connect_args(url)
            )
        )
    database = url.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in str(url)
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        # Pooled connections move between Streamlit's threads, one thread at a time.
        connect_args={"check_same_thread": False, "timeout": 5},
        **({"poolclass": StaticPool} if in_memory else {"pool_size": 10, "max_overflow": 20}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 5000")
        # Switching a file to WAL takes its write lock, so a new connection only switches a file not yet in WAL.
        if not in_memory and cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        if not in_memory:
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the lock up front, so two read-then-write transactions never deadlock.
        write = conn.get_execution_options().get("finder_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _check(list_id: object) -> None:
    if not is_valid_list_id(list_id):
        raise InvalidListId(
            "That favourites link is not valid, so no list was opened. Check that the whole link was "
            "copied, or star a studio to start a new list."
        )


def _check_studio_id(studio_id: object) -> None:
    """Refuse, before the database is touched, an id the store could not keep exactly."""
    problem = studio_id_problem(studio_id)
    if problem:
        raise InvalidStudioId(f"This studio cannot be starred or unstarred: {problem}.")


def _snapshot(list_id: str, studio: Studio) -> Favorite:
    try:
        return snapshot(list_id, studio)
    except ValueError as err:
        raise InvalidStudioId(str(err)) from err


def open_database(url: str | None = None) -> Engine:
    """An engine for the app's database (``url``, else ``FINDER_DB_URL``, else the SQLite file in ``var/``).

    The one way every store of the app connects (favourites, suggestions): the same SQLite settings
    (WAL, busy timeout, BEGIN IMMEDIATE for writers) and PostgreSQL timeouts.
    """
    return _create_engine(make_url(url or default_url()))

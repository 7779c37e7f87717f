"""Fixtures for the favourites store: every store test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``FINDER_TEST_POSTGRES_URL`` (``source .ci/postgres.sh`` starts one). Without it
those tests are skipped, unless ``FINDER_REQUIRE_POSTGRES=1``: then a missing URL or an unreachable
server fails them, so CI cannot pass on SQLite alone. Each PostgreSQL test gets its own schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from finder.directory.schema import Studio
from finder.favorites import FavoritesStore, new_list_id

POSTGRES_URL_ENV = "FINDER_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "FINDER_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, checked once; skips (or fails, when required) if there is none."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    required = os.environ.get(REQUIRE_POSTGRES_ENV) == "1"
    if not url:
        message = f"{POSTGRES_URL_ENV} is not set; `source .ci/postgres.sh` starts a server and sets it"
        if required:
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {message}", pytrace=False)
        pytest.skip(message)
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        message = f"PostgreSQL at {make_url(url)!r} is unreachable: {err.__class__.__name__}: {err.orig}"
        if required:
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {message}", pytrace=False)
        pytest.skip(message)
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL of an empty favourites database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'favorites.sqlite3'}"
        return
    admin_url = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[FavoritesStore]:
    with FavoritesStore(db_url) as favorites_store:
        yield favorites_store


@pytest.fixture
def list_id() -> str:
    return new_list_id()


@pytest.fixture
def make_studio() -> Callable[..., Studio]:
    """``make_studio(3, name=...)``: a plausible studio with id ``studio-3``; keywords override fields."""

    def make(number: int, **fields) -> Studio:
        values = {
            "id": f"studio-{number}",
            "name": f"Barefoot Studio {number}",
            "latitude": 39.95 + number / 100,
            "longitude": -75.16 - number / 100,
            "street": f"{number} Walnut St",
            "city": "Philadelphia",
            "region": "PA",
            "postal_code": "19103",
            "country": "US",
            "phone": "+1 215 555 01{number:02d}",
            "website": f"https://studio{number}.example",
        }
        values.update(fields)
        return Studio(**values)

    return make


@pytest.fixture
def row_count() -> Callable[[FavoritesStore], int]:
    """How many favourites the store holds across every list."""

    def count(favorites_store: FavoritesStore) -> int:
        from finder.favorites.store import _favorites

        with favorites_store._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(_favorites)).scalar_one()

    return count

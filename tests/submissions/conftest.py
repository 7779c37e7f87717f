"""Fixtures for the suggestion tests: the database on SQLite and on PostgreSQL (the favourites' fixtures,
reused as they are), a store, an intake with the real offline gazetteer, and studio CSVs."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from submission_support import SAMPLE_CSV

from finder.geocoding import load_offline_geocoder
from finder.submissions import Intake, RateLimiter, SubmissionsStore, Window

_spec = importlib.util.spec_from_file_location(
    "favorites_fixtures", Path(__file__).parents[1] / "favorites" / "conftest.py"
)
_favorites = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_favorites)
postgres_url = _favorites.postgres_url  # one definition of the PostgreSQL fixtures, shared
db_url = _favorites.db_url


@pytest.fixture
def store(db_url: str) -> Iterator[SubmissionsStore]:
    with SubmissionsStore(db_url) as submissions:
        yield submissions


@pytest.fixture(scope="session")
def geocoder():
    return load_offline_geocoder()


@pytest.fixture
def intake(store: SubmissionsStore, geocoder) -> Intake:
    return Intake(store, geocoder=geocoder, limiter=RateLimiter(per_browser=Window(3, 600), per_process=Window(5, 60)))


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "studios.csv"
    target.write_bytes(SAMPLE_CSV.read_bytes())
    return target


@pytest.fixture
def new_studio() -> Callable[..., dict[str, str]]:
    def make(**fields: str) -> dict[str, str]:
        values = {"name": "Lantern Bar Studio", "city": "Boise", "region": "ID", "country": "US", "styles": "Ashiatsu"}
        values.update(fields)
        return values

    return make

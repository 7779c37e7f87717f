"""Fixtures for the AppTest flows: a fresh app per test, its own favourites database, and readers
for what a person sees (result names and distances, the map's markers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from appview import APP
from streamlit.testing.v1 import AppTest

from finder.ui import resources


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Every test: the bundled sample data and an empty favourites database of its own."""
    url = f"sqlite:///{tmp_path / 'favorites.sqlite3'}"
    monkeypatch.delenv("FINDER_DATA", raising=False)
    monkeypatch.delenv("FINDER_GEOCODER", raising=False)
    monkeypatch.setenv("FINDER_DB_URL", url)
    resources._store.clear()  # the store is a cached resource bound to the previous test's database
    yield url
    resources._store.clear()


@pytest.fixture
def db_url(isolated: str) -> str:
    return isolated


@pytest.fixture
def open_app() -> Callable[..., AppTest]:
    """``open_app(place="Austin, TX", ...)``: a fresh browser session at that address, after its first run."""

    def open_(**query_params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in query_params.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return open_


@pytest.fixture
def search(open_app) -> Callable[..., AppTest]:
    """``search("Austin, TX")``: type a place into the location box of a fresh app."""

    def search_(place: str, **query_params: str) -> AppTest:
        at = open_app(**query_params)
        at.text_input(key="location").input(place).run()
        assert not at.exception, at.exception
        return at

    return search_

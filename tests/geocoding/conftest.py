"""Fixtures for the geocoding tests: the real offline gazetteer, built once if it is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finder.geocoding import OfflineGeocoder
from finder.geocoding.gazetteer import DEFAULT_PATH
from finder.geocoding.online import RATE_LIMIT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory) -> Path:
    """The built gazetteer; built into a temporary directory when `make gazetteer` has not run."""
    configured = os.environ.get("FINDER_GAZETTEER")
    path = Path(configured) if configured else DEFAULT_PATH
    if path.is_file():
        return path
    built = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--output", str(built)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"The offline gazetteer is missing and could not be built; run `make gazetteer`.\n{result.stderr[-2000:]}"
        )
    return built


@pytest.fixture(scope="session")
def geocoder(gazetteer_path) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer_path)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with the process-wide online rate limit free."""
    RATE_LIMIT.reset()
    yield
    RATE_LIMIT.reset()

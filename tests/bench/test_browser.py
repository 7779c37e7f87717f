"""The browser benchmark runs end to end once: every row measured, none timed here (the numbers are for the note)."""

from __future__ import annotations

import math
import os

import pytest

from finder.bench import browser

pytestmark = pytest.mark.e2e


def test_one_visit_measures_every_row():
    if not browser.CHROMIUM.exists():
        message = f"Chromium not found at {browser.CHROMIUM}: apt-get install chromium"
        if os.environ.get("FINDER_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    rows = browser.bench_rows(repetitions=1)
    assert [row.name for row in rows] == [name for _, name, _, _ in browser.ROWS]
    for row in rows:
        assert math.isfinite(row.value) and row.value > 0, row
        assert row.note.startswith("median of 1 at 390x844"), row


def test_the_cli_offers_the_browser_rows():
    from finder.cli import bench_registry

    assert bench_registry(browser=True).names == ("browser",)

"""The browser benchmark runs end to end once: every row measured, none timed here (the numbers are for the note)."""

from __future__ import annotations

import math
import os
import re

import pytest

from finder.bench import browser

pytestmark = pytest.mark.e2e


def _need_chromium() -> None:
    if not browser.CHROMIUM.exists():
        message = f"Chromium not found at {browser.CHROMIUM}: apt-get install chromium"
        if os.environ.get("FINDER_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def test_one_visit_measures_every_row():
    _need_chromium()
    rows = browser.bench_rows(repetitions=1)
    assert [row.name for row in rows] == [name for _, name, _, _ in browser.ROWS]
    for row in rows:
        assert math.isfinite(row.value) and row.value > 0, row
        assert row.note.startswith("median of 1 at 390x844"), row


def test_the_cli_offers_the_browser_rows():
    from finder.cli import bench_registry

    assert bench_registry(browser=True).names == ("browser",)


def test_the_visits_under_load_are_measured_while_the_others_search():
    _need_chromium()
    rows = browser.bench_rows(repetitions=1, under_load=3)
    prefix = "browser, 3 sessions searching: "
    expected = [prefix + name.removeprefix("browser: ") for _, name, _, _ in browser.ROWS]
    assert [row.name for row in rows] == [*expected, prefix + "the others' rerun p95"]
    for row in rows:
        assert math.isfinite(row.value) and row.value > 0, row
    others = re.fullmatch(r"(\d+) searches \([\d.]+/s\), (\d+) verified; errors: none", rows[-1].note)
    assert others, rows[-1].note  # the other sessions searched, every answer checked, no error
    assert int(others.group(1)) > 0 and others.group(2) == others.group(1)


def test_the_cli_offers_the_browser_rows_under_load():
    from finder.cli import bench_registry

    assert bench_registry(browser=True, under_load=(50, 200)).names == (
        "browser, 50 sessions searching",
        "browser, 200 sessions searching",
    )

""" "Use my location" with the browser's (emulated) position, and when the browser says no."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import BrowserContext, expect

pytestmark = pytest.mark.e2e

DOWNTOWN_AUSTIN = {"latitude": 30.2672, "longitude": -97.7431}


def test_use_my_location_shows_the_studios_near_the_browser(app: App, offline_context: Callable[..., BrowserContext]):
    page = offline_context(geolocation=DOWNTOWN_AUSTIN, permissions=["geolocation"]).new_page()
    app.open(page)
    page.locator(".st-key-use_location button").click()

    expect(page.locator(".st-key-location input")).to_have_value("30.26720, -97.74310")
    austin = studios_in("Austin", "TX")
    expect(app.cards(page).filter(has_text=austin[0])).to_have_count(1)
    app.idle(page)
    assert set(austin) <= set(app.expect_studios(page, austin))


def test_denied_location_says_what_to_do_instead(app: App, offline_context: Callable[..., BrowserContext]):
    page = offline_context(geolocation=DOWNTOWN_AUSTIN, permissions=[]).new_page()
    app.open(page)
    page.locator(".st-key-use_location button").click()

    expect(page.get_by_text("Location access was denied")).to_be_visible()
    expect(page.get_by_text("Type a place instead", exact=False)).to_be_visible()
    expect(page.locator(".st-key-location input")).to_have_value("")
    expect(app.cards(page)).to_have_count(0)

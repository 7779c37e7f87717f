"""Type a place, see the nearest studios and their markers on the map, with nothing fetched from outside."""

from __future__ import annotations

import pytest
from e2e_support import EXPECTED_OUTSIDE, MAP_IFRAME, App, Browsing, studios_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

AUSTIN = studios_in("Austin", "TX")


def test_typing_a_place_shows_the_nearest_studios_and_their_markers(app: App, page: Page, browsing: Browsing):
    app.open(page)
    app.search(page, "Austin, TX", expect_names=AUSTIN)

    expect(page.get_by_text("Near Austin, Texas")).to_be_visible()
    names = app.expect_studios(page, AUSTIN)
    assert set(AUSTIN) <= set(names)
    markers = app.map_frame(page).locator(".leaflet-marker-icon")
    expect(markers).to_have_count(len(names))  # one per result; the origin is a circle, not a pin
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box is not None and map_box["height"] > 0

    page.get_by_text("Near Austin, Texas").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path="/tmp/e2e-desktop.png")  # for people to look at: results beside the map
    assert browsing.unexpected_requests() == [], "only map tiles may be fetched from outside"
    assert all(EXPECTED_OUTSIDE.match(url) for _, url in browsing.blocked)

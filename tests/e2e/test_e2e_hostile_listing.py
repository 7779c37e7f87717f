"""A listing whose name, description and website are HTML/JavaScript runs nothing and shows as text."""

from __future__ import annotations

import pytest
from e2e_support import HOSTILE, MAP_IFRAME, App, Browsing, studios_in
from playwright.sync_api import Frame, Page, expect

pytestmark = pytest.mark.e2e

SCRIPT_LINKS = """() => Array.from(document.querySelectorAll('[href], [src], [action], [formaction]'))
    .flatMap(el => ['href', 'src', 'action', 'formaction'].map(name => el.getAttribute(name) || ''))
    .filter(value => /^\\s*(javascript|vbscript|data:text\\/html)/i.test(value))"""
INJECTED = "() => document.querySelectorAll('img[src=\"x\"], [onerror], [onload], [onclick]').length"
TAG_HOSTILE_MARKER = """([lat, lng]) => {
    let found = false;
    window.map.eachLayer((layer) => {
        if (layer instanceof L.Marker && layer._icon) {
            const at = layer.getLatLng();
            if (Math.abs(at.lat - lat) < 1e-6 && Math.abs(at.lng - lng) < 1e-6) {
                layer._icon.setAttribute('data-e2e', 'hostile');
                found = true;
            }
        }
    });
    return found;
}"""


def _map_frame(page: Page) -> Frame:
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None
    return frame


def _nothing_injected(page: Page, frame: Frame) -> None:
    for document in (page, frame):
        assert document.evaluate(SCRIPT_LINKS) == []
        assert document.evaluate(INJECTED) == 0


def test_hostile_listing_runs_nothing_in_the_list_the_card_or_the_map(app: App, page: Page, browsing: Browsing):
    app.open(page)
    app.search(page, "Austin, TX", expect_names=studios_in("Austin", "TX"))

    card = app.cards(page).filter(has_text=HOSTILE["name"])
    expect(card).to_have_count(1)  # the name is shown as literal text
    expect(card).to_contain_text(HOSTILE["description"])
    expect(card.get_by_role("link", name="Website")).to_have_count(0)  # javascript: is no website
    card.locator(".af-meta").first.click()  # (the name itself is the link to the studio's page, below)

    markers = app.map_frame(page).locator(".leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    frame = _map_frame(page)
    _nothing_injected(page, frame)

    assert frame.evaluate(TAG_HOSTILE_MARKER, [float(HOSTILE["latitude"]), float(HOSTILE["longitude"])])
    # The top of the pin: the pin of a studio just south of it covers its lower half.
    app.map_frame(page).locator('[data-e2e="hostile"]').click(position={"x": 12, "y": 5})
    popup = app.map_frame(page).locator(".leaflet-popup-content")
    expect(popup).to_contain_text(HOSTILE["name"])
    _nothing_injected(page, _map_frame(page))

    # The click selects the studio in the list (a rerun); the page must still have run nothing.
    expect(page.locator(".st-key-results-list .af-card.af-selected")).to_contain_text(HOSTILE["name"])
    app.idle(page)
    _nothing_injected(page, _map_frame(page))
    page.wait_for_timeout(500)  # a late onerror or timer would show up as a dialog by now
    assert browsing.dialogs == []

    # Its own page shows the same text as text, and runs nothing either (page and its map).
    card = app.cards(page).filter(has_text=HOSTILE["name"])
    card.locator("h3 a.af-nav").click()
    expect(page.locator(".af-studio h2")).to_have_text(HOSTILE["name"])
    app.idle(page)
    studio_map = page.locator(".st-key-studio-where iframe").element_handle().content_frame()
    assert studio_map is not None
    expect(page.frame_locator(".st-key-studio-where iframe").locator(".leaflet-marker-icon")).to_be_visible()
    _nothing_injected(page, studio_map)
    page.wait_for_timeout(500)
    assert browsing.dialogs == []

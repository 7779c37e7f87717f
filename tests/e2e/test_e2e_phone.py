"""At phone width (390 px) the results fit the screen and every input has a label."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import BrowserContext, expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
UNLABELLED_INPUTS = """() => Array.from(document.querySelectorAll('input, select, textarea, [role="slider"]'))
    .filter(el => el.type !== 'hidden' && el.getClientRects().length > 0)
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
    .map(el => el.outerHTML.slice(0, 120))"""
OVERFLOWING = """() => {
    const width = window.innerWidth;
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    return {
        page: document.documentElement.scrollWidth - width,
        main: main.scrollWidth - main.clientWidth,
        wider: Array.from(main.querySelectorAll('*'))
            .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0)
            .slice(0, 5).map(el => el.tagName + '.' + (el.className.baseVal ?? el.className)),
    };
}"""


def test_results_fit_a_phone_screen(app: App, offline_context: Callable[..., BrowserContext]):
    page = offline_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    app.open(page)
    app.search(page, "Austin, TX", expect_names=studios_in("Austin", "TX"))
    expect(app.map_frame(page).locator(".leaflet-marker-icon").first).to_be_attached()

    overflow = page.evaluate(OVERFLOWING)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), overflow
    assert overflow["main"] <= 0, overflow
    assert overflow["wider"] == [], overflow
    assert page.evaluate(UNLABELLED_INPUTS) == []
    expect(page.get_by_label("Where are you?")).to_be_visible()
    app.cards(page).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path="/tmp/e2e-phone.png")  # for people to look at: the first results

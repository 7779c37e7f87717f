"""Suggestions while typing, at phone size: type a few letters, the places that match appear under the box,
a tap or the keyboard chooses one, and it is searched like a typed place; Enter on plain text still searches."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import BrowserContext, expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SUGGESTIONS = "#af-suggestions li"


def test_typing_shows_suggestions_and_a_tap_searches_one(app: App, offline_context: Callable[..., BrowserContext]):
    page = offline_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    app.open(page)
    page.wait_for_function("() => !!window.__finderSuggest")  # the component has started listening to the box
    box = page.locator(".st-key-location input")
    box.click()
    box.press_sequentially("Austi", delay=60)
    option = page.locator(SUGGESTIONS).filter(has_text="Austin, Texas, US").first
    expect(option).to_be_visible()
    page.screenshot(path="/tmp/e2e-suggest-phone.png")
    list_box = page.locator("#af-suggestions").bounding_box()
    assert list_box is not None and list_box["x"] >= 0 and list_box["x"] + list_box["width"] <= PHONE["width"] + 1
    option.tap()
    expect(box).to_have_value("Austin, Texas, US")
    expect(page).to_have_url(re.compile(r"[?&]place=Austin%2C\+Texas"))
    expect(app.cards(page).filter(has_text=studios_in("Austin", "TX")[0]).first).to_be_visible()
    expect(page.locator(SUGGESTIONS).first).to_be_hidden()
    page.screenshot(path="/tmp/e2e-suggest-chosen.png")


def test_the_keyboard_chooses_a_suggestion_and_plain_enter_still_searches(app: App, page):
    app.open(page)
    page.wait_for_function("() => !!window.__finderSuggest")
    box = page.locator(".st-key-location input")
    box.click()
    box.press_sequentially("Portland, Ma", delay=40)
    expect(page.locator(SUGGESTIONS).filter(has_text="Portland, Maine, US").first).to_be_visible()
    box.press("ArrowDown")
    expect(page.locator(f"{SUGGESTIONS}[aria-selected='true']")).to_have_count(1)
    box.press("Enter")
    expect(box).to_have_value("Portland, Maine, US")
    app.idle(page)
    app.search(page, "Austin, TX", expect_names=studios_in("Austin", "TX")[:1])  # typed text and Enter, as before
    expect(box).to_have_value("Austin, TX")

"""A studio's own page, reached from its card without reloading the app, and "Show on map" on a card."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import BrowserContext, expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_card_opens_its_studio_page_and_back_returns_to_the_results(
    app: App, offline_context: Callable[..., BrowserContext], viewport: dict
):
    page = offline_context(viewport=viewport).new_page()
    app.open(page)
    names = studios_in("Austin", "TX")
    app.search(page, "Austin, TX", expect_names=names)
    before = app.card_names(page)
    page.evaluate("window.afStillHere = true")  # gone if the link reloaded the whole app

    page.locator(".af-card h3 a.af-nav").first.click()
    expect(page.locator(".af-studio h2")).to_have_text(before[0])
    expect(page).to_have_url(re.compile(r"[?&]studio="))
    expect(page.locator(".af-studio button.af-share")).to_be_visible()
    expect(page.locator(".st-key-studio-where iframe")).to_be_visible()
    assert page.evaluate("window.afStillHere === true")
    app.idle(page)

    page.go_back()
    expect(page.locator(".af-studio")).to_have_count(0)
    assert app.expect_studios(page, names) == before
    page.go_forward()
    expect(page.locator(".af-studio h2")).to_have_text(before[0])
    app.idle(page)
    page.locator("a.af-back").click()
    expect(page).not_to_have_url(re.compile(r"[?&]studio="))
    assert app.expect_studios(page, names) == before


def test_a_shared_studio_link_opens_the_page_and_share_copies_it(
    app: App, offline_context: Callable[..., BrowserContext]
):
    context = offline_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    app.open(page)
    app.search(page, "Austin, TX", expect_names=studios_in("Austin", "TX"))
    href = page.locator(".af-card h3 a.af-nav").first.get_attribute("href")
    fresh = context.new_page()
    app.open(fresh, "/" + href)  # a link someone shared, opened in a new tab
    expect(fresh.locator(".af-studio h2")).to_be_visible()
    fresh.evaluate("delete navigator.share")  # headless Chromium has no share sheet: the copy fallback
    fresh.locator("button.af-share").click()
    expect(fresh.locator("button.af-share")).to_have_text("Link copied")
    assert fresh.evaluate("navigator.clipboard.readText()") == fresh.url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_show_on_map_opens_the_studios_popup(app: App, offline_context: Callable[..., BrowserContext], viewport: dict):
    page = offline_context(viewport=viewport).new_page()
    app.open(page)
    app.search(page, "Austin, TX", expect_names=studios_in("Austin", "TX"))
    second = app.card_names(page)[1]
    frame = app.map_frame(page)
    expect(frame.locator(".leaflet-marker-icon").first).to_be_attached()

    page.locator(".af-card button.af-show").nth(1).click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(second)
    box = page.locator(".st-key-results-map iframe").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1  # the map is on screen
    if viewport is PHONE:
        expect(page.locator(".st-key-results-list")).to_be_hidden()  # the switch moved to the map

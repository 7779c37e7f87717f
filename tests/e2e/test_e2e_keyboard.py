"""The keyboard alone reaches the location box, runs a search and stars a studio."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.e2e

FOCUSED_KEY = """() => {
    const holder = document.activeElement && document.activeElement.closest('[class*="st-key-"]');
    if (!holder) return '';
    const key = Array.from(holder.classList).find(name => name.startsWith('st-key-'));
    return key ? key.slice('st-key-'.length) : '';
}"""


def tab_to(page: Page, key_prefix: str, *, limit: int = 80) -> str:
    """Press Tab until a widget whose key starts with ``key_prefix`` has the focus; return its key."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate(FOCUSED_KEY)
        if key.startswith(key_prefix):
            return key
    raise AssertionError(f"Tab never reached a widget keyed {key_prefix!r}")


def test_search_and_star_with_the_keyboard_only(app: App, offline_context: Callable[..., BrowserContext]):
    page = offline_context().new_page()
    app.open(page)
    tab_to(page, "location")
    page.keyboard.type("Austin, TX")
    page.keyboard.press("Enter")
    names = studios_in("Austin", "TX")
    expect(app.cards(page).filter(has_text=names[0]).first).to_be_visible()
    app.idle(page)

    star_key = tab_to(page, "fav-")
    page.keyboard.press("Space")
    app.idle(page)
    expect(page.locator(f".st-key-{star_key} button")).to_have_accessible_name(re.compile("^Remove "))
    expect(page.locator(".st-key-show-favorites button")).to_contain_text("Favourites (1)")

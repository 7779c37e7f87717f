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

    for _ in range(80):  # Tab to the first card's star (a button in the card, not a widget)
        page.keyboard.press("Tab")
        studio_id = page.evaluate(
            "() => document.activeElement.matches('button.af-star') && document.activeElement.dataset.studio"
        )
        if studio_id:
            break
    else:
        raise AssertionError("Tab never reached a star")
    page.keyboard.press("Space")
    star = app.star(page, studio_id)
    app.expect_saved(star)
    expect(star).to_have_accessible_name(re.compile("^Remove "))
    expect(star).to_be_focused()  # the card drawn again keeps no focus trap, and the star keeps the focus
    expect(page.locator(".st-key-show-favorites button")).to_contain_text("Favourites (1)")

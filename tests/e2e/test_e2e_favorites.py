"""Favourites follow the browser and the private link, and nobody else's browser (issue 5)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from e2e_support import App
from playwright.sync_api import BrowserContext, Page, expect

from finder.ui.content import STORAGE_KEY

pytestmark = pytest.mark.e2e

STARRED = {"st-0001": "Lotus Healing Arts", "st-0002": "Banyan Retreat"}  # both in Austin


def _favourites(page: Page):
    """The favourites, opened from their control beside the search when they are not shown yet."""
    view = page.locator(".st-key-favorites")
    control = page.locator(".st-key-show-favorites button")
    expect(control).to_be_visible()
    if not view.is_visible() and "Favourites" in control.inner_text():
        control.click()
    expect(view).to_be_visible()
    return view


def _results(page: Page) -> None:
    """Back from the favourites to the results."""
    control = page.locator(".st-key-show-favorites button")
    if "Results" in control.inner_text():
        control.click()
    expect(page.locator(".st-key-favorites")).to_have_count(0)


def _star(page: Page, studio_id: str):
    return App.star(page, studio_id)


def _expect_count(page: Page, count: int) -> None:
    expect(page.locator(".st-key-show-favorites button")).to_contain_text(re.compile(rf"\({count}\)|Results"))
    expect(_favourites(page).get_by_role("heading", name=re.compile("Your favourites"))).to_contain_text(f"({count})")


def _settled(app: App, page: Page) -> None:
    """Let the browser answer the app's localStorage question before asserting that nothing came."""
    app.idle(page)
    page.wait_for_timeout(1500)
    app.idle(page)


def test_favourites_persist_per_browser_and_open_by_private_link(
    app: App, offline_context: Callable[..., BrowserContext]
):
    mine = offline_context()
    page = app.open(mine.new_page(), "/?place=Austin%2C%20TX")
    for studio_id, name in STARRED.items():
        _results(page)
        _star(page, studio_id).click()
        expect(_star(page, studio_id)).to_have_accessible_name(re.compile(r"^Remove .* from favourites$"))
        app.expect_saved(_star(page, studio_id))
        app.idle(page)
        expect(_favourites(page)).to_contain_text(name)
    _expect_count(page, 2)
    expect(page).to_have_url(re.compile(r"[?&]list="))
    list_id = parse_qs(urlsplit(page.url).query)["list"][0]
    page.wait_for_function(f"() => localStorage.getItem('{STORAGE_KEY}') !== null")

    # The same browser, back at the bare address: both are there, and a star can be taken back.
    again = app.open(mine.new_page(), "/")
    for name in STARRED.values():
        expect(_favourites(again)).to_contain_text(name)
    _expect_count(again, 2)
    _results(again)
    app.search(again, "Austin, TX", expect_names=list(STARRED.values()))
    for studio_id in STARRED:
        expect(_star(again, studio_id)).to_have_accessible_name(re.compile("^Remove "))
    _star(again, "st-0002").click()
    app.expect_saved(_star(again, "st-0002"), saved=False)
    app.idle(again)
    _expect_count(again, 1)
    expect(_favourites(again)).to_contain_text(STARRED["st-0001"])
    expect(_favourites(again)).not_to_contain_text(STARRED["st-0002"])

    # A stranger's browser sees none.
    stranger = app.open(offline_context().new_page(), "/")
    _settled(app, stranger)
    _expect_count(stranger, 0)
    expect(_favourites(stranger)).to_contain_text("Save a studio")
    assert "list=" not in stranger.url

    # The private link opens the list in another browser.
    friend = app.open(offline_context().new_page(), f"/?list={list_id}")
    expect(_favourites(friend)).to_contain_text(STARRED["st-0001"])
    _expect_count(friend, 1)
    expect(_favourites(friend)).not_to_contain_text(STARRED["st-0002"])


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda list_id: list_id[:-1] + ("A" if list_id[-1] != "A" else "B"), id="one-character-changed"),
        pytest.param(lambda list_id: list_id[:10] + "<b>!", id="malformed"),
    ],
)
def test_a_tampered_link_opens_no_list(app: App, offline_context: Callable[..., BrowserContext], tamper):
    owner = app.open(offline_context().new_page(), "/?place=Austin%2C%20TX")
    _star(owner, "st-0001").click()
    app.expect_saved(_star(owner, "st-0001"))
    expect(owner).to_have_url(re.compile(r"[?&]list="))
    expect(_favourites(owner)).to_contain_text(STARRED["st-0001"])
    list_id = parse_qs(urlsplit(owner.url).query)["list"][0]

    page = app.open(offline_context().new_page(), "/?list=" + quote(tamper(list_id)))
    _settled(app, page)
    _expect_count(page, 0)
    expect(_favourites(page)).not_to_contain_text(STARRED["st-0001"])
    empty = page.get_by_text(re.compile("not valid|Save a studio"))
    expect(empty.first).to_be_visible()


def test_a_damaged_id_in_the_browsers_storage_opens_no_list(app: App, offline_context: Callable[..., BrowserContext]):
    context = offline_context()
    context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', 'not-a-list-id\"><img src=x>')")
    page = app.open(context.new_page(), "/")
    _settled(app, page)
    _expect_count(page, 0)
    assert "list=" not in page.url

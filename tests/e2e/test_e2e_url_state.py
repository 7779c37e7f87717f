"""The search lives in the address: a shared link shows the same search, and Back returns to the last one."""

from __future__ import annotations

import pytest
from e2e_support import App, studios_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PORTLAND_MAINE = studios_in("Portland", "ME")
PORTLAND_OREGON = studios_in("Portland", "OR")
AUSTIN = studios_in("Austin", "TX")


def _expect_results(app: App, page: Page, names: list[str]) -> None:
    shown = app.expect_studios(page, names)
    assert set(names) <= set(shown), shown


def test_an_address_opens_its_search_and_back_returns_to_it(app: App, page: Page):
    app.open(page, "/?place=Portland%2C%20Maine&radius=30&units=mi")
    expect(page.locator(".st-key-location input")).to_have_value("Portland, Maine")
    _expect_results(app, page, PORTLAND_MAINE)
    assert not set(PORTLAND_OREGON) & set(app.card_names(page))
    summary = page.locator(".st-key-filters summary").first
    expect(summary).to_contain_text("30 mi")  # the filters say it
    summary.click()  # and, opened, show it (a popover showed its slider at the first choice, "3 mi")
    expect(page.locator('.st-key-filters [data-testid="stSlider"]')).to_contain_text("30 mi")
    expect(page.locator('.st-key-filters [data-testid="stSliderThumbValue"]')).to_have_text("30 mi")
    summary.click()

    app.search(page, "Austin, TX", expect_names=AUSTIN)
    _expect_results(app, page, AUSTIN)

    page.go_back()
    expect(page.locator(".st-key-location input")).to_have_value("Portland, Maine")
    _expect_results(app, page, PORTLAND_MAINE)
    assert not set(AUSTIN) & set(app.card_names(page))

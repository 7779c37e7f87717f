"""Shared pieces of the end-to-end tests: the hostile row, how to drive the app, what the browser did.

A module with its own name (not conftest) so test files can import it without clashing with
the conftest modules of other test folders.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import FrameLocator, Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CSV = ROOT / "data" / "studios.csv"
CHROMIUM = Path(os.environ.get("FINDER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ACTION_TIMEOUT_MS = 20_000  # any one wait or click in a browser
EXPECT_TIMEOUT_MS = 15_000  # an assertion that retries until the page shows it
SERVER_START_S = 30
TEST_BUDGET_S = 90  # a whole test, browser contexts included

HOSTILE = {
    "id": "st-hostile",
    "name": '<img src=x onerror=alert(1)>"`${alert(2)}',
    "street": "500 Congress Avenue",
    "city": "Austin",
    "region": "TX",
    "postal_code": "78701",
    "country": "US",
    "latitude": "30.26900",
    "longitude": "-97.74200",
    "website": "javascript:alert(4)",
    "styles": "Ashiatsu DeepFeet",
    "description": "<script>alert(3)</script>",
}
#: A listing whose name is full of Markdown's special characters, alone in a town with no other studio:
#: its star must be named exactly "Save <name>", with no escaping backslash left in.
MARKDOWN_NAMED = {
    "id": "st-markdown-named",
    "name": "Back\\Room *Barefoot* Studio_2 [Co.] #1.",
    "street": "1 Main Street",
    "city": "Bozeman",
    "region": "MT",
    "postal_code": "59715",
    "country": "US",
    "latitude": "45.67965",
    "longitude": "-111.03856",
    "website": "https://backroom.example.com/",
    "styles": "Ashiatsu DeepFeet",
}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: Outside requests the app may make: map tiles, which fail offline while the markers still show.
EXPECTED_OUTSIDE = re.compile(r"^https://([abc]\.)?tile\.openstreetmap\.org/\d+/\d+/\d+\.png$")

#: Every request aborted in this session: (resource type, url), reported at the end of the run.
BLOCKED: list[tuple[str, str]] = []


@dataclass
class Browsing:
    """What the browser did that the app must account for."""

    blocked: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def unexpected_requests(self) -> list[str]:
        return [url for _, url in self.blocked if not EXPECTED_OUTSIDE.match(url)]


def studios_in(city: str, region: str) -> list[str]:
    """Names of the sample studios in one town, as the CSV has them."""
    with SAMPLE_CSV.open(newline="", encoding="utf-8") as sample:
        return [row["name"] for row in csv.DictReader(sample) if (row["city"], row["region"]) == (city, region)]


class App:
    """How a person drives the app: open an address, type a place, wait for the run to end."""

    def __init__(self, url: str) -> None:
        self.url = url

    def open(self, page: Page, path: str = "/") -> Page:
        page.goto(self.url + path)
        self.idle(page)
        return page

    @staticmethod
    def idle(page: Page) -> None:
        """Wait until the current script run has finished (the moment to click)."""
        page.locator(IDLE).wait_for()

    def search(self, page: Page, place: str, *, expect_names: list[str] | None = None) -> None:
        """Type a place and press Enter; wait for the first expected studio (or any card)."""
        box = page.locator(".st-key-location input")
        box.fill(place)
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"[?&]place="))
        # Every expected studio, not just the first: a rerun that starts right after this one (a
        # browser component answering) redraws the cards, and reading them mid-way would be flaky.
        wanted = [self.cards(page).filter(has_text=name) for name in expect_names or ()] or [self.cards(page)]
        try:
            for cards in wanted:
                expect(cards.first).to_be_visible()
        except AssertionError as err:  # say what the page said instead (e.g. the place search is down)
            alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
            raise AssertionError(f"no results for {place!r}; the page says: {alerts}") from err
        self.idle(page)

    def expect_studios(self, page: Page, names: list[str]) -> list[str]:
        """Wait until every named studio has its card (reruns redraw cards), then read all names."""
        for name in names:
            expect(self.cards(page).filter(has_text=name).first).to_be_visible()
        self.idle(page)
        return self.card_names(page)

    @staticmethod
    def cards(page: Page) -> Locator:
        return page.locator(".af-card")

    @staticmethod
    def card_names(page: Page) -> list[str]:
        """Result card titles without their rank ("1 Name" -> "Name")."""
        titles = page.locator(".st-key-results-list .af-card h3").all_inner_texts()
        return [re.sub(r"^\d+\s+", "", title) for title in titles]

    @staticmethod
    def star(page: Page, studio_id: str) -> Locator:
        """The star of a studio's result card (a button in the list's HTML, named for its studio)."""
        return page.locator(f'.st-key-results-list button.af-star[data-studio="{studio_id}"]')

    @staticmethod
    def expect_saved(star: Locator, saved: bool = True) -> None:
        """The server has the star so (the card was drawn again from what it saved), not only the tap shown."""
        expect(star).to_have_attribute("data-saved", "1" if saved else "0")
        expect(star).not_to_have_attribute("aria-busy", "true")

    @staticmethod
    def map_frame(page: Page) -> FrameLocator:
        return page.frame_locator(MAP_IFRAME)

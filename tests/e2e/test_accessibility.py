"""Accessibility in a real browser, at phone (390x844) and desktop (1366x900) width, after a search.

- axe-core (npm, pinned in package.json) runs on the page with the map frame included: a copy of axe
  is injected into every frame, so the rules run inside the map's own document too, and the rules
  about a whole page (one main landmark, a level-one heading, content in landmarks) judge the page
  as a person meets it, with the map inside the page's main landmark.
- The map can be pinch-zoomed; the keyboard reaches the first result a few Tabs after the search box
  and never stops on something that cannot be seen; the tap targets in the results are big enough
  (WCAG 2.2: 44x44 for the card actions and the star on a phone, 24x24 for every other control); the
  star is named for its studio with no escaping artefacts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
from e2e_support import HOSTILE, MAP_IFRAME, MARKDOWN_NAMED, ROOT, App, studios_in
from playwright.sync_api import BrowserContext, Frame, Page, expect

pytestmark = pytest.mark.e2e

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
#: Search, Near me, Favourites, Why Ashiatsu?, the filters, (on a phone) List | Map, then the first card's
#: first control (its first action, or its name where that links to the studio's page).
FEW_TABS = 7
STAR = "button.af-star"

#: Every rule axe has, plus target-size (WCAG 2.2, 2.5.8), which axe leaves off by default. The map
#: frame gets a copy of axe too (``frames`` below); ``frameWaitTime`` bounds the wait for it.
AXE_RUN = """async () => {
    const results = await axe.run(document, {
        iframes: true, frameWaitTime: 10000, rules: {'target-size': {enabled: true}},
    });
    const element = (target) => {  // the node in its own document, through the frames on the way
        let doc = document, found = null;
        for (const selector of target) {
            found = typeof selector === 'string' ? doc.querySelector(selector) : null;
            if (!found) return null;
            doc = found.contentDocument || doc;
        }
        return found;
    };
    const node = (n) => ({target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary || '',
                          pin: !!(element(n.target) || {matches: () => false}).matches('.af-pin')});
    const framed = results.passes.concat(results.violations).flatMap((rule) => rule.nodes)
        .filter((n) => n.target.length > 1).map((n) => n.target[0]);
    return {
        violations: results.violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map(node)})),
        incomplete: results.incomplete.map((v) => v.id),
        frames: [...new Set(framed)].map((selector) => (document.querySelector(selector) || {}).title || selector),
    };
}"""
MAP_TITLE = "streamlit_folium.st_folium"


@pytest.fixture(scope="session")
def axe_js() -> str:
    if not AXE_JS.exists():
        message = f"axe-core is not installed ({AXE_JS} missing): run `npm ci` (make test does)"
        if os.environ.get("FINDER_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(AXE_JS)


def _searched(app: App, make: Callable[..., BrowserContext], width: str, place: str = "Austin, TX") -> Page:
    page = make(**WIDTHS[width]).new_page()
    app.open(page)
    names = studios_in(*place.split(", ")) if place == "Austin, TX" else None
    app.search(page, place, expect_names=names)
    expect(app.map_frame(page).locator(".leaflet-marker-icon").first).to_be_attached()
    return page


def _map_frame(page: Page) -> Frame:
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None, "the map frame has no document"
    return frame


#: True once the map's zoom and centre have not changed for 300 ms and no zoom animation runs.
MAP_AT_REST = """() => {
  const zoom = map.getZoom(), centre = map.getCenter(), now = performance.now(), last = window.__afRest;
  if (!last || map._animatingZoom || last.zoom !== zoom || !centre.equals(last.centre)) {
    window.__afRest = {zoom, centre, since: now};
    return false;
  }
  return now - last.since > 300;
}"""


def _show_map(app: App, page: Page) -> None:
    """On a phone, switch the List | Map control to Map and wait for the pins."""
    page.locator(".st-key-view button", has_text="Map").click()
    app.idle(page)
    expect(app.map_frame(page).locator(".leaflet-marker-icon").first).to_be_visible()


# --- axe -------------------------------------------------------------------------------------


def _excused(rule: str, node: dict) -> bool:
    """A violation WCAG itself exempts, stated per rule; everything else counts.

    target-size on a map pin that only fails because a neighbouring pin overlaps it: studios a few
    doors apart are drawn where they are (2.5.8's "essential" exception: the position is the
    information), and each pin's studio has its card in the list with the same actions at 44x44
    ("equivalent"). The pins' own size is asserted separately (``test_tap_targets_on_a_phone``).
    """
    if rule != "target-size" or not node["pin"]:
        return False
    return "obscured" in node["summary"] or "closest neighbors" in node["summary"]


def _audit(page: Page, axe_js: str, where: str, *, map_shown: bool = True) -> None:
    """Run axe on the page and in every frame; no violation of any impact may remain.

    On a phone in List view the map is hidden (from screen readers too), so axe rightly skips it.
    """
    for frame in page.frames:
        frame.add_script_tag(path=axe_js)
    report = page.evaluate(AXE_RUN)
    if map_shown:
        assert MAP_TITLE in report["frames"], f"{where}: axe did not run inside the map frame: {report['frames']}"
    assert "frame-tested" not in report["incomplete"], f"{where}: a frame was left untested"
    found = [
        f"{violation['impact']} {violation['id']}: {node['target']} {node['html']!r}\n    {node['summary']}"
        for violation in report["violations"]
        for node in violation["nodes"]
        if not _excused(violation["id"], node)
    ]
    assert found == [], f"{where}: axe found\n" + "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_the_page_or_in_the_map(
    app: App, offline_context: Callable[..., BrowserContext], axe_js: str, width: str
):
    page = _searched(app, offline_context, width)
    page.locator(".st-key-results-list .af-card details summary").first.click()  # what Details shows, too
    _audit(page, axe_js, f"{width}, results", map_shown=width == "desktop")
    if width == "phone":
        _show_map(app, page)
        _audit(page, axe_js, f"{width}, map view")
    # A pin clicked: its popup open in the map, its card selected (on a phone, shown under the map).
    pin = app.map_frame(page).locator(".af-pin").first  # by keyboard: the origin's dot may cover it
    pin.focus()
    pin.press("Enter")
    expect(app.map_frame(page).locator(".leaflet-popup-content")).to_be_visible()
    expect(page.locator(".af-card.af-selected").first).to_be_attached()
    app.idle(page)
    # Leaflet fades a popup in (opacity 0 to 1 in 0.2 s): axe must see its colours, not a blend mid-fade.
    expect(app.map_frame(page).locator(".leaflet-popup")).to_have_css("opacity", "1")
    _audit(page, axe_js, f"{width}, a pin clicked")


# --- pinch zoom ------------------------------------------------------------------------------

VIEWPORT_METAS = "() => Array.from(document.querySelectorAll('meta[name=viewport]')).map((meta) => meta.content)"
NO_ZOOM = re.compile(r"user-scalable\s*=\s*(no|0)|maximum-scale", re.IGNORECASE)


def test_the_map_can_be_pinch_zoomed(app: App, offline_context: Callable[..., BrowserContext]):
    page = _searched(app, offline_context, "phone")
    _show_map(app, page)
    frame = _map_frame(page)
    for document in (page, frame):
        metas = document.evaluate(VIEWPORT_METAS)
        assert not any(NO_ZOOM.search(content) for content in metas), metas

    # Leaflet ignores a pinch that starts while the map is still moving (shown, it fits the pins again):
    # a person pinches a map at rest, and so does this test.
    frame.wait_for_function(MAP_AT_REST)
    before = frame.evaluate("map.getZoom()")
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch = page.context.new_cdp_session(page)  # two fingers moving apart, as Chromium's input would send them

    def fingers(kind: str, apart: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x - apart, "y": y, "id": 1}, {"x": x + apart, "y": y, "id": 2}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    fingers("touchStart", 20)
    for apart in range(30, 140, 10):
        fingers("touchMove", apart)
        page.wait_for_timeout(16)
    fingers("touchEnd", 0)
    page.wait_for_function(
        "([frame, zoom]) => frame.contentWindow.map.getZoom() > zoom",
        arg=[
            page.locator(MAP_IFRAME).element_handle(),
            before,
        ],
    )


# --- the keyboard ----------------------------------------------------------------------------

#: What has the focus, through the map frame, and whether a person can see it: rendered, visible,
#: and inside the window (the browser scrolls a focused element into view, never one off screen).
FOCUSED = """() => {
    let element = document.activeElement, left = 0, top = 0;
    const frames = [];
    while (element && element.tagName === 'IFRAME' && element.contentDocument) {
        const frame = element.getBoundingClientRect();
        left += frame.left; top += frame.top;
        frames.push(element);
        element = element.contentDocument.activeElement;
    }
    if (!element || element === element.ownerDocument.body) return {what: 'body', seen: true};
    const box = element.getBoundingClientRect();
    const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
    const inside = box.right + left > 0 && box.left + left < innerWidth
        && box.bottom + top > 0 && box.top + top < innerHeight;
    const label = element.getAttribute('aria-label') || element.getAttribute('title') || element.innerText || '';
    return {what: `${element.tagName} ${label.trim().slice(0, 40)}`,
            seen: [element, ...frames].every(visible) && inside && box.width > 0,
            first: !!element.closest('.af-card')
                   && element.closest('.af-card') === document.querySelector('.st-key-results-list .af-card'),
            location: !!element.closest('.st-key-location')};
}"""


def _tab_until(page: Page, goal: str, limit: int, path: list[str]) -> bool:
    """Press Tab until the focus is on ``goal`` (a key of FOCUSED's answer); every stop must be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        path.append(focused["what"])
        assert focused["seen"], f"Tab stopped on something not on screen: {path[-8:]}"
        if focused.get(goal):
            return True
    return False


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_goes_from_the_search_box_to_the_results_and_only_to_what_is_seen(
    app: App, offline_context: Callable[..., BrowserContext], width: str
):
    page = _searched(app, offline_context, width)
    page.locator(".st-key-location input").focus()
    path: list[str] = []
    assert _tab_until(page, "first", FEW_TABS, path), f"{FEW_TABS} Tabs did not reach the first result: {path}"
    # On round the whole page and back to the search box: every stop can be seen.
    assert _tab_until(page, "location", 150, path), f"Tab never came back to the search box: {path[-10:]}"


# --- tap targets -----------------------------------------------------------------------------

#: Every control a person can see in a document (the page, or the map's): its size and name.
CONTROLS = """(primary) => Array.from(document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [role=button], [role=radio], [role=slider],'
        + ' [role=combobox], [tabindex]:not([tabindex="-1"])'))
    .filter((el) => !el.closest('[data-testid="stSkipToContent"], .leaflet-control-attribution'))
    .filter((el) => el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().width > 0)
    .map((el) => {
        const box = el.getBoundingClientRect();
        const label = el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText || el.tagName;
        return {name: label.trim().replace(/\\s+/g, ' ').slice(0, 50), width: box.width, height: box.height,
                primary: el.matches(primary)};
    })"""
PRIMARY = f".af-card .af-actions a, {STAR}"


def _too_small(controls: list[dict]) -> list[str]:
    small = []
    for control in controls:
        least = 44 if control["primary"] else 24
        if control["width"] < least - 0.5 or control["height"] < least - 0.5:
            small.append(f"{control['name']}: {control['width']:.0f}x{control['height']:.0f}, needs {least}x{least}")
    return small


def test_tap_targets_on_a_phone(app: App, offline_context: Callable[..., BrowserContext]):
    """Call, Directions, Website or Book and the star 44x44; every other control 24x24.

    Left out, each for its reason: Streamlit's skip link (1x1 until it has the focus, then it shows)
    and the map's attribution links (links inside a line of text: 2.5.8's "inline" exception).
    """
    page = _searched(app, offline_context, "phone")
    for summary in page.locator(".st-key-results-list .af-card details summary").all()[:2]:
        summary.click()  # the links behind Details count too
    controls = page.evaluate(f"({CONTROLS})({PRIMARY!r})")
    primary = [control for control in controls if control["primary"]]
    cards = app.cards(page).count()
    assert len(primary) >= 3 * cards, f"expected the card actions and stars of {cards} cards: {primary}"
    assert _too_small(controls) == []

    _show_map(app, page)
    in_map = _map_frame(page).evaluate(f"({CONTROLS})('.af-pin')")
    assert sum(control["primary"] for control in in_map) >= len(studios_in("Austin", "TX"))
    for control in in_map:
        control["primary"] = False  # a pin is a control like any other: 24x24
    assert _too_small(in_map) == []


# --- names -----------------------------------------------------------------------------------


def _star_of(page: Page, studio_id: str):
    return App.star(page, studio_id)


def test_stars_are_named_for_their_studio_exactly(app: App, offline_context: Callable[..., BrowserContext]):
    page = _searched(app, offline_context, "phone")
    expect(_star_of(page, "st-0004")).to_have_accessible_name("Save Tall Grass Massage Co.")
    expect(_star_of(page, HOSTILE["id"])).to_have_accessible_name(f"Save {HOSTILE['name']}")

    app.search(page, "Bozeman, MT", expect_names=[MARKDOWN_NAMED["name"]])
    name = MARKDOWN_NAMED["name"]
    star = _star_of(page, MARKDOWN_NAMED["id"])
    expect(star).to_have_accessible_name(f"Save {name}")
    expect(app.cards(page).first.locator("h3")).to_have_text(re.compile(rf"^1\s+{re.escape(name)}$"))
    pin = app.map_frame(page).locator(".af-pin").first
    expect(pin).to_have_accessible_name(name)
    pin.focus()  # the tooltip shows the name on keyboard focus (and on hover)
    expect(app.map_frame(page).locator(".leaflet-tooltip")).to_have_text(name)
    star.click()
    app.expect_saved(star)  # drawn again by the server, from the name in the directory
    expect(star).to_have_accessible_name(f"Remove {name} from favourites")


#: The pins whose centre is covered by the search's origin dot (a path in Leaflet's SVG), by name.
PINS_UNDER_THE_ORIGIN = """() => Array.from(document.querySelectorAll('.af-pin')).filter((pin) => {
    const box = pin.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit && hit.closest('.leaflet-pane') && !hit.closest('.leaflet-marker-pane');
}).map((pin) => pin.querySelector('.af-sr').textContent)"""


def test_a_studio_at_the_spot_searched_is_not_hidden_by_the_origin(
    app: App, offline_context: Callable[..., BrowserContext]
):
    """North Star Sanctuary is placed by its postal code, 78799: Austin's centre, where the search for
    "Austin, TX" is too. Its pin is drawn over the origin's dot, so it can be seen and tapped."""
    page = _searched(app, offline_context, "desktop")
    frame = _map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.af-pin').length >= 7")
    assert frame.evaluate(PINS_UNDER_THE_ORIGIN) == []
    on_top = frame.evaluate(
        """(name) => {
            const pin = Array.from(document.querySelectorAll('.af-pin'))
                .find((one) => one.querySelector('.af-sr').textContent === name);
            const box = pin.getBoundingClientRect();
            return pin.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
        }""",
        "North Star Sanctuary",
    )
    assert on_top, "the pin of the studio at Austin's centre is covered"


def test_a_tapped_pin_selects_its_card_on_a_phone(app: App, offline_context: Callable[..., BrowserContext]):
    """The map reaches below the screen in Map view; a tap on a pin must not scroll the page away from it."""
    page = _searched(app, offline_context, "phone")
    _show_map(app, page)
    frame = _map_frame(page)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box is not None and map_box["y"] + map_box["height"] > PHONE["viewport"]["height"]  # the case
    name = frame.evaluate(TAPPABLE_PIN)
    assert name, "every pin is covered by another"
    before = page.evaluate("scrollY")
    app.map_frame(page).locator('[data-e2e="tap"]').tap()
    expect(page.locator(".st-key-selected-under-map .af-card.af-selected")).to_contain_text(name)
    assert page.evaluate("scrollY") == before


#: Tag a pin whose centre is not covered by another pin or the origin's dot; its studio's name.
TAPPABLE_PIN = """() => {
    for (const pin of document.querySelectorAll('.af-pin')) {
        const box = pin.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (hit && pin.contains(hit)) {
            pin.setAttribute('data-e2e', 'tap');
            return pin.querySelector('.af-sr').textContent;
        }
    }
    return null;
}"""

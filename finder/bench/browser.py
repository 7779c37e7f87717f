"""Benchmark rows in a real browser: headless Chromium at 390x844 against ``streamlit run`` on a free port.

What a person on a phone waits for: Enter → the first card on screen, Enter → the pins on the map,
a pin tapped → its card selected, a star tapped → shown as saved, and a cold first load → the search
box usable. The times are taken inside the page, not by Playwright's round trips: a script added to
every document (the page and the map's frame) records when an input event happened
(``event.timeStamp``) and when a MutationObserver first saw the answer, and the frame after that
(``requestAnimationFrame``), on the one clock all frames share (``performance.timeOrigin``).

Each repetition is a new browser context (an empty cache, a new session) on the same app process.
With ``under_load=N`` the same visits are made while N other visitors search that process over the
WebSocket (finder.bench.load): what a person on a phone waits for on a busy evening.
Nothing leaves the machine: Chromium resolves no host name but 127.0.0.1. Needs the test tools
(``pip install -r requirements-dev.txt``: Playwright) and Chromium (``FINDER_CHROMIUM``, default
/usr/bin/chromium).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..directory import SAMPLE_DATA
from . import BenchRow
from .load import LoadReport, expected_studios, run_load, start_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

CHROMIUM = Path(os.environ.get("FINDER_CHROMIUM", "/usr/bin/chromium"))
#: No sandbox (root in a container), no GPU, and no host name resolves except the app's address.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
REPETITIONS = 5
#: Pairs of places: the first searched in List view, the second in Map view, each new to the session.
PLACE_PAIRS = (
    ("Austin, TX", "Denver"),
    ("Seattle, WA", "Chicago"),
    ("Berlin", "London"),
    ("04101", "Boston"),
    ("Sydney", "Tokyo"),
    ("Portland, OR", "Phoenix"),
    ("Miami", "Toronto"),
)
WAIT_MS = 30_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
STAR = "button.af-star"
#: A star as the server drew it saved: the answer to a tap, not only the tap shown at once.
STAR_SAVED = 'button.af-star[data-saved="1"]'

#: Added to the page before its own scripts. It watches the page and every frame's document (same
#: origin): the map's frame writes a new document over its first one, and a hidden frame gets no
#: animation frames, so the page itself attaches an observer to each new document, every frame.
OBSERVER_JS = """(() => {
    if (window !== window.top) return;
    const state = window.__af = {marks: {}, watches: [
        {name: 'search box', selector: '.st-key-location input:not([disabled])', text: '', where: 'page'},
    ]};
    const now = () => performance.timeOrigin + performance.now();
    const check = (doc, where) => {
        for (const watch of state.watches) {
            if (watch.where !== where || watch.name in state.marks) continue;
            const hits = doc.querySelectorAll(watch.selector);
            if (Array.prototype.some.call(hits, (el) => el.textContent.includes(watch.text))) {
                state.marks[watch.name] = now();
                requestAnimationFrame(() => { state.marks[watch.name + ' (frame)'] = now(); });
            }
        }
    };
    const observed = new WeakSet();
    const observe = (doc, where) => {
        if (!doc || observed.has(doc)) return;
        observed.add(doc);
        const options = {subtree: true, childList: true, attributes: true, characterData: true};
        new MutationObserver(() => check(doc, where)).observe(doc, options);
        for (const type of ['keydown', 'click']) {
            doc.addEventListener(type, (event) => {
                const clock = doc.defaultView ? doc.defaultView.performance.timeOrigin : performance.timeOrigin;
                state.marks['event ' + type] = clock + event.timeStamp;
            }, true);
        }
        check(doc, where);
    };
    const follow = () => {
        observe(document, 'page');
        for (const frame of document.querySelectorAll('iframe')) {
            try { observe(frame.contentDocument, 'frame'); } catch (error) { /* another origin: not ours */ }
        }
        requestAnimationFrame(follow);
    };
    follow();
})();"""
WATCH_JS = """([name, selector, text, where]) => {
    delete window.__af.marks[name];
    delete window.__af.marks[name + ' (frame)'];
    window.__af.watches.push({name, selector, text, where});
}"""
#: A pin that is not covered by another pin or the origin's dot, so a tap lands on it.
TAG_TAPPABLE_PIN = """() => {
    for (const pin of document.querySelectorAll('.af-pin')) {
        const box = pin.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (hit && pin.contains(hit)) { pin.setAttribute('data-bench', 'tap'); return pin.textContent; }
    }
    return null;
}"""


@dataclass(frozen=True, slots=True)
class Visit:
    """One repetition's timings, in milliseconds."""

    first_load: float
    first_card: float
    pins: float
    pin_to_card: float
    star: float


def _marks(page: Page) -> dict[str, float]:
    return page.evaluate("() => window.__af.marks")


def _answered(page: Page, name: str, started: str) -> float:
    """Milliseconds from the input event ``started`` to the frame after the watch ``name`` was met."""
    page.wait_for_function(f"() => {name + ' (frame)'!r} in window.__af.marks", timeout=WAIT_MS)
    marks = _marks(page)
    return marks[name + " (frame)"] - marks[started]


def _watch(page: Page, name: str, selector: str, text: str = "", where: str = "page") -> None:
    page.evaluate(WATCH_JS, [name, selector, text, where])


def _idle(page: Page) -> None:
    page.locator(IDLE).wait_for(timeout=WAIT_MS)


def _search(page: Page, place: str) -> None:
    box = page.locator(".st-key-location input")
    box.fill(place)
    if box.input_value() != place:  # a rerun redrew the box between the two: type it again
        _settled(page)
        box.fill(place)
    box.press("Enter")


def _settled(page: Page, quiet_ms: int = 500) -> None:
    """Idle, and still idle ``quiet_ms`` later: a frame that has just loaded (the map's) may report to
    the app and start a rerun right after the page first looks idle; typing into it then races it."""
    for _ in range(WAIT_MS // quiet_ms):
        _idle(page)
        page.wait_for_timeout(quiet_ms)
        if page.locator(IDLE).count():
            return
    raise RuntimeError(f"the page did not stay idle for {quiet_ms} ms within {WAIT_MS} ms")


def _switch_view(page: Page, view: str) -> None:
    page.locator(".st-key-view button", has_text=view).click()
    _settled(page)


def _map_frame(page: Page) -> Frame:
    frame = page.locator(MAP_IFRAME).element_handle(timeout=WAIT_MS).content_frame()
    if frame is None:
        raise RuntimeError("the map frame has no document")
    return frame


def _visit(browser: Browser, url: str, places: tuple[str, str], nearest: dict[str, tuple[str, ...]]) -> Visit:
    """One person's visit on a phone: load, search in List view, search in Map view, tap a pin, star."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(OBSERVER_JS)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => 'search box (frame)' in window.__af.marks", timeout=WAIT_MS)
        first_load = _marks(page)["search box (frame)"] - page.evaluate("performance.timeOrigin")
        _idle(page)

        in_list, in_map = places
        _watch(page, "card", ".st-key-results-list .af-card", nearest[in_list][0])
        _search(page, in_list)
        first_card = _answered(page, "card", "event keydown")
        _idle(page)

        _switch_view(page, "Map")
        _watch(page, "pins", ".af-pin", nearest[in_map][0], where="frame")
        _search(page, in_map)
        pins = _answered(page, "pins", "event keydown")
        _idle(page)

        frame = _map_frame(page)
        if frame.evaluate(TAG_TAPPABLE_PIN) is None:
            raise RuntimeError(f"no pin near {in_map!r} could be tapped: all are covered")
        _watch(page, "selected", ".af-card.af-selected")
        frame.locator('[data-bench="tap"]').tap()
        pin_to_card = _answered(page, "selected", "event click")
        _idle(page)

        _switch_view(page, "List")
        _watch(page, "star", STAR_SAVED)
        page.locator(STAR).first.click()
        star = _answered(page, "star", "event click")
        _idle(page)
        return Visit(first_load, first_card, pins, pin_to_card, star)
    finally:
        context.close()


ROWS: tuple[tuple[str, str, str, str], ...] = (
    # (field of Visit, row name, unit, bar)
    ("first_card", "browser: Enter → first card on screen", "ms", "≤ 400 ms"),
    ("pins", "browser: Enter → map pins shown (Map view)", "ms", "≤ 800 ms"),
    ("pin_to_card", "browser: pin tapped → its card selected", "ms", "≤ 500 ms"),
    ("star", "browser: star tapped → shown as saved", "ms", "≤ 300 ms"),
    ("first_load", "browser: cold first load → search box usable", "s", "≤ 2 s"),
)


#: Seconds of background load per visit, and one visit's more as a margin: enough for a visit on a
#: busy process; the load is checked to have outlasted the visits.
LOAD_S_PER_VISIT = 20.0
LOAD_RAMP_S = 15.0


def _rows(visits: list[Visit], load: LoadReport | None = None) -> list[BenchRow]:
    prefix = f"browser, {load.sessions} sessions searching: " if load else ""
    rows = []
    for field, name, unit, bar in ROWS:
        values = [getattr(visit, field) for visit in visits]
        scale = 1000.0 if unit == "s" else 1.0
        note = f"median of {len(values)} at 390x844; slowest {max(values) / scale:,.{2 if unit == 's' else 0}f} {unit}"
        label = f"{prefix}{name.removeprefix('browser: ')}" if load else name
        rows.append(BenchRow(label, statistics.median(values) / scale, unit, bar, note))
    if load is not None:
        rows.append(
            BenchRow(
                f"{prefix}the others' rerun p95",
                load.latency_ms(95),
                "ms",
                "",
                f"{load.searches} searches ({load.searches_per_s:.1f}/s), {load.verified} verified;"
                f" errors: {load.errors_text}",
            )
        )
    return rows


def _launch(playwright: Any) -> Browser:
    if not CHROMIUM.exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set FINDER_CHROMIUM)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def bench_rows(quick: bool = False, *, repetitions: int | None = None, under_load: int = 0) -> list[BenchRow]:
    """The browser rows: ``repetitions`` visits (default 5, 3 with ``quick``), medians reported;
    with ``under_load``, made while that many other sessions search the same app process.

    Playwright's sync API refuses to run where an asyncio loop runs (a caller that drives a browser
    itself, e.g. pytest-playwright): then the visits run in a thread of their own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _measured(quick, repetitions, under_load)
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_measured, quick, repetitions, under_load).result()


def _measured(quick: bool, repetitions: int | None, under_load: int = 0) -> list[BenchRow]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise RuntimeError("Playwright is needed: pip install -r requirements-dev.txt") from error
    count = repetitions or (3 if quick else REPETITIONS)
    pairs = [PLACE_PAIRS[index % len(PLACE_PAIRS)] for index in range(count)]
    nearest = expected_studios(sorted({place for pair in pairs for place in pair}), data=SAMPLE_DATA)
    with tempfile.TemporaryDirectory(prefix="finder-browser-bench-") as folder:
        database = f"sqlite:///{Path(folder) / 'favorites.sqlite3'}"
        env = {"FINDER_DATA": str(SAMPLE_DATA), "FINDER_GEOCODER": "", "FINDER_DB_URL": database}
        app = start_app(env=env)
        try:
            with sync_playwright() as playwright, ThreadPoolExecutor(max_workers=1) as others:
                browser = _launch(playwright)
                try:
                    _visit(browser, app.url, pairs[0], nearest)  # the app's first session loads the directory
                    load = _start_load(others, app, under_load, count) if under_load else None
                    visits = [_visit(browser, app.url, pair, nearest) for pair in pairs]
                    if load is not None and load.done():
                        load.result()  # the driver's own error, if it failed
                        raise RuntimeError("the background load ended before the visits did: they were not under load")
                finally:
                    browser.close()
                report = load.result() if load is not None else None
        finally:
            app.stop()
    return _rows(visits, report)


def _start_load(pool: ThreadPoolExecutor, app: Any, sessions: int, visits: int) -> Future[LoadReport]:
    """``sessions`` visitors searching ``app`` in the background, for longer than ``visits`` visits take;
    returns once they have arrived (the driver's one warm-up search, then its ramp)."""
    duration_s = LOAD_S_PER_VISIT * (visits + 1)
    load = pool.submit(run_load, sessions, duration_s=duration_s, ramp_s=LOAD_RAMP_S, app=app, seed=11)
    time.sleep(LOAD_RAMP_S + 5.0)
    if load.done():  # the driver failed to start: say why now
        load.result()
    return load

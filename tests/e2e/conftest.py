"""End-to-end fixtures: `streamlit run` on a free local port, Debian's Chromium, and no network.

One app server serves the whole session: its directory is the bundled sample plus one hostile
row in Austin and one named with Markdown's special characters in Bozeman, its favourites go to
a temporary SQLite file. Every browser context aborts any request that does not go to 127.0.0.1
and records it, so the tests prove the app works offline
(OpenStreetMap tiles are the only outside requests expected). Dialogs are recorded too: the app
must never open one.

Chromium missing: the tests are skipped, unless FINDER_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import csv
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_support import (
    ACTION_TIMEOUT_MS,
    BLOCKED,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXPECT_TIMEOUT_MS,
    HOSTILE,
    MARKDOWN_NAMED,
    SAMPLE_CSV,
    SERVER_START_S,
    TEST_BUDGET_S,
    App,
    Browsing,
)
from playwright.sync_api import BrowserContext, Page, expect

from finder.bench.load import start_app

expect.set_options(timeout=EXPECT_TIMEOUT_MS)
#: The app server's output, checked for tracebacks at the end of the run.
SERVER_LOGS: list[Path] = []


# --- time limits ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    """Fail a test that runs longer than TEST_BUDGET_S instead of hanging the run."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        pytest.fail(f"end-to-end test took longer than {TEST_BUDGET_S} s", pytrace=False)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TEST_BUDGET_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- the app server ------------------------------------------------------------------------


def _write_directory(path: Path) -> None:
    """The bundled sample plus the hostile row and the Markdown-named one."""
    with SAMPLE_CSV.open(newline="", encoding="utf-8") as sample:
        reader = csv.DictReader(sample)
        columns = list(reader.fieldnames or ())
        rows = list(reader)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
        writer.writerow(HOSTILE)
        writer.writerow(MARKDOWN_NAMED)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser_type_launch_args: dict) -> Iterator[str]:
    """The base URL of `streamlit run app.py` on a free port, with a temporary directory and database."""
    folder = tmp_path_factory.mktemp("e2e-app")
    data = folder / "studios.csv"
    _write_directory(data)
    env = {"FINDER_DATA": str(data), "FINDER_DB_URL": f"sqlite:///{folder / 'favourites.db'}"}
    try:
        server = start_app(env=env, timeout_s=SERVER_START_S)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield server.url
    finally:
        log_path = folder / "streamlit.log"
        log_path.write_text(server.log_tail(200_000))
        server.stop()
    SERVER_LOGS.append(log_path)


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launches Debian's Chromium (Playwright cannot download browsers here)."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set FINDER_CHROMIUM)"
        if os.environ.get("FINDER_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def browsing() -> Iterator[Browsing]:
    """What this test's browsers did; every test also checks: no dialog, nothing but tiles from outside."""
    seen = Browsing()
    yield seen
    assert seen.dialogs == [], f"the app opened a dialog: {seen.dialogs}"
    assert seen.unexpected_requests() == [], "the app asked the internet for more than map tiles"


@pytest.fixture
def offline_context(new_context: Callable[..., BrowserContext], browsing: Browsing) -> Callable[..., BrowserContext]:
    """Make a browser context that reaches only 127.0.0.1 and records what it blocked and any dialog."""

    def make(**context_args) -> BrowserContext:
        context = new_context(**{"viewport": {"width": 1280, "height": 900}, **context_args})
        context.set_default_timeout(ACTION_TIMEOUT_MS)

        def only_local(route) -> None:
            request = route.request
            if urlsplit(request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                browsing.blocked.append((request.resource_type, request.url))
                BLOCKED.append((request.resource_type, request.url))
                route.abort()

        def on_dialog(dialog) -> None:
            browsing.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        context.route("**/*", only_local)
        context.on("dialog", on_dialog)
        return context

    return make


@pytest.fixture
def page(offline_context: Callable[..., BrowserContext]) -> Page:
    """A desktop-sized page in its own offline context."""
    return offline_context().new_page()


@pytest.fixture(scope="session")
def app(app_url: str) -> App:
    return App(app_url)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    for log_path in SERVER_LOGS:
        text = log_path.read_text(errors="replace")
        if "Traceback" in text:
            terminalreporter.section("e2e: the app server logged errors")
            terminalreporter.write_line(f"{log_path}:\n{text[text.index('Traceback') :][:3000]}")
    if not BLOCKED:
        return
    hosts = Counter((kind, urlsplit(url).hostname) for kind, url in BLOCKED)
    terminalreporter.section("e2e: outside requests blocked")
    for (kind, host), count in hosts.most_common():
        terminalreporter.write_line(f"{count:5d}  {kind:<12} {host}")

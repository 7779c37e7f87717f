"""The README's replica recipe, tested: two app processes on one PostgreSQL behind HAProxy with sticky sessions.

A favourite starred through one replica is found through the other, and the load driver's sessions,
spread over both by the proxy, all get their answers.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e_support import App
from playwright.sync_api import BrowserContext, expect

from finder.bench.load import AppProcess, run_load
from finder.bench.replicas import ProxyUnavailable, start_replicas

pytestmark = pytest.mark.e2e


def _required(what: str) -> None:
    if os.environ.get("FINDER_REQUIRE_PROXY") == "1":
        pytest.fail(f"{what} is required here (FINDER_REQUIRE_PROXY=1)", pytrace=False)
    pytest.skip(f"{what} is not available")


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[str, AppProcess, AppProcess]]:
    """(proxy URL, replica a, replica b): two `streamlit run app.py` on one PostgreSQL, HAProxy in front."""
    database = os.environ.get("FINDER_TEST_POSTGRES_URL")
    if not database:
        _required("PostgreSQL (FINDER_TEST_POSTGRES_URL)")
    if shutil.which("haproxy") is None:
        _required("HAProxy (apt-get install haproxy)")
    try:
        running = start_replicas(2, env={"FINDER_DB_URL": database})
    except ProxyUnavailable as problem:
        pytest.fail(str(problem), pytrace=False)
    with running:
        yield running.url, running.apps["a"], running.apps["b"]


def _pinned(offline_context: Callable[..., BrowserContext], proxy_url: str, replica: str) -> BrowserContext:
    """A browser whose affinity cookie sends it to one replica, as the proxy's first answer would."""
    context = offline_context()
    context.add_cookies([{"name": "SERVERID", "value": replica, "url": proxy_url}])
    return context


def test_the_load_driver_through_the_proxy_gets_every_answer(replicas: tuple[str, AppProcess, AppProcess]):
    """Both replicas up: the proxy spreads the sessions (each keeps to its replica by the cookie)."""
    proxy_url, _, _ = replicas
    report = run_load(6, duration_s=6, ramp_s=1, think_s=(0.5, 1.5), app=proxy_url, seed=5)
    assert report.errors == {}, report.summary() + "\n" + "\n".join(report.error_samples)
    assert report.searches >= 6 and report.verified == report.searches


def test_a_favourite_starred_through_one_replica_is_found_through_the_other(
    replicas: tuple[str, AppProcess, AppProcess], offline_context: Callable[..., BrowserContext]
):
    proxy_url, replica_a, _ = replicas
    app = App(proxy_url)
    page = app.open(_pinned(offline_context, proxy_url, "a").new_page(), "/")
    app.search(page, "Austin, TX", expect_names=["Lotus Healing Arts"])  # every card drawn, the run over
    star = app.star(page, "st-0001")
    star.click()
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    try:
        app.expect_saved(star)
    except AssertionError:
        raise AssertionError(f"the star was not saved; the page says: {alerts}") from None
    expect(page).to_have_url(re.compile(r"[?&]list="))
    list_id = parse_qs(urlsplit(page.url).query)["list"][0]

    replica_a.stop()  # whoever answers now is replica b: the star can only come from the shared database
    other = app.open(_pinned(offline_context, proxy_url, "b").new_page(), f"/?list={list_id}")
    expect(other.locator(".st-key-show-favorites button")).to_contain_text("Favourites (1)")
    other.locator(".st-key-show-favorites button").click()
    expect(other.locator(".st-key-favorites")).to_contain_text("Lotus Healing Arts")

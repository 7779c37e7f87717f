"""The README's replica recipe, tested: two app processes on one PostgreSQL behind HAProxy with sticky sessions.

A favourite starred through one replica is found through the other, and the load driver's sessions,
spread over both by the proxy, all get their answers.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e_support import App
from playwright.sync_api import BrowserContext, expect

from finder.bench.load import AppProcess, free_port, run_load, start_app

pytestmark = pytest.mark.e2e

HAPROXY_CONFIG = """
global
    maxconn 2000
defaults
    mode http
    option http-no-delay
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend finder
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
    option redispatch
    retries 3
    cookie SERVERID insert indirect nocache
    option httpchk GET /_stcore/health
    default-server inter 500ms fall 2 rise 2
    server a 127.0.0.1:{port_a} cookie a check
    server b 127.0.0.1:{port_b} cookie b check
"""


def _required(what: str) -> None:
    if os.environ.get("FINDER_REQUIRE_PROXY") == "1":
        pytest.fail(f"{what} is required here (FINDER_REQUIRE_PROXY=1)", pytrace=False)
    pytest.skip(f"{what} is not available")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, AppProcess, AppProcess]]:
    """(proxy URL, replica a, replica b): two `streamlit run app.py` on one PostgreSQL, HAProxy in front."""
    database = os.environ.get("FINDER_TEST_POSTGRES_URL")
    haproxy = shutil.which("haproxy")
    if not database:
        _required("PostgreSQL (FINDER_TEST_POSTGRES_URL)")
    if haproxy is None:
        _required("HAProxy (apt-get install haproxy)")
    env = {"FINDER_DB_URL": database}
    replica_a = start_app(env=env)
    replica_b = start_app(env=env)
    port = free_port()
    config = Path(tmp_path_factory.mktemp("haproxy")) / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, port_a=replica_a.port, port_b=replica_b.port))
    proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while not _listening(port):
            if proxy.poll() is not None or time.monotonic() > deadline:
                output = proxy.stdout.read().decode(errors="replace") if proxy.stdout else ""
                pytest.fail(f"haproxy did not start:\n{output[-2000:]}", pytrace=False)
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", replica_a, replica_b
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        replica_a.stop()
        replica_b.stop()


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
    star = page.locator(".st-key-fav-st-0001 button")
    for _ in range(3):  # a click that lands while a browser component's rerun redraws the card is lost
        if star.get_attribute("data-testid") and "Remove" not in (star.inner_text() or ""):
            star.click()
        try:
            expect(star).to_have_accessible_name(re.compile("^Remove "), timeout=5000)
            break
        except AssertionError:
            app.idle(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert "Remove" in star.inner_text(), f"the star was not saved; the page says: {alerts}"
    expect(page).to_have_url(re.compile(r"[?&]list="))
    list_id = parse_qs(urlsplit(page.url).query)["list"][0]

    replica_a.stop()  # whoever answers now is replica b: the star can only come from the shared database
    other = app.open(_pinned(offline_context, proxy_url, "b").new_page(), f"/?list={list_id}")
    expect(other.locator(".st-key-show-favorites button")).to_contain_text("Favourites (1)")
    other.locator(".st-key-show-favorites button").click()
    expect(other.locator(".st-key-favorites")).to_contain_text("Lotus Healing Arts")

"""The load driver: real Streamlit sessions over the websocket against `streamlit run app.py`, answers checked.

One app process serves the whole module. No timing is asserted: only that searches happened, that every
answer held the studios the core expects, and that a wrong expectation or a dead server counts as an error.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Iterator

import pytest
from streamlit.proto.Element_pb2 import Element

from finder.bench import BenchRow
from finder.bench.load import (
    PLACES,
    AppProcess,
    LoadReport,
    Run,
    Tally,
    Visit,
    Visitor,
    _widget_value,
    expected_studios,
    free_port,
    loopback_url,
    percentile,
    run_load,
    start_app,
)


@pytest.fixture(scope="module")
def app() -> Iterator[AppProcess]:
    """The app on a free loopback port, on the bundled data, offline geocoding only (driver alike)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FINDER_DATA", raising=False)
        patch.delenv("FINDER_GEOCODER", raising=False)
        process = start_app(timeout_s=60)
        try:
            yield process
        finally:
            process.stop()
        assert process.process.poll() is not None, "the app process outlived stop()"


def _explain(report: LoadReport) -> str:
    return f"{report.summary()}\n" + "\n".join(report.error_samples)


def test_concurrent_sessions_search_and_every_answer_is_verified(app):
    """The CI smoke run: 20 sessions at once; it fails on any error or lost answer, never on timing."""
    sessions = 20
    report = run_load(sessions, duration_s=12, ramp_s=3, think_s=(1.0, 3.0), app=app, seed=3)
    assert report.errors == {}, _explain(report)
    assert report.searches >= sessions, _explain(report)
    assert report.verified == report.searches
    assert len(report.latencies_ms) == report.searches
    assert len(report.first_render_ms) == sessions  # one page load each, no session lost
    assert report.rss_start_mb > 0 and report.rss_peak_mb >= report.rss_start_mb
    assert not math.isnan(report.rss_after_mb)
    assert app.process.poll() is None, "a given app is left running"


def test_a_wrong_expectation_is_an_error(app):
    report = run_load(
        1,
        duration_s=3,
        ramp_s=0,
        think_s=(0.2, 0.4),
        app=app.url,  # a base URL works too (memory is then not measured)
        places=("Austin, TX", "Berlin"),
        expect={"Austin, TX": ("No Such Studio",)},
    )
    assert report.searches >= 2, _explain(report)
    assert set(report.errors) == {"wrong answer"}, _explain(report)
    assert 1 <= report.errors["wrong answer"] < report.searches  # Berlin is still checked, and right
    assert "No Such Studio" in report.error_samples[0]
    assert math.isnan(report.rss_start_mb)


def test_a_server_that_is_not_there_is_a_connect_error():
    tally = Tally()
    visit = Visit({"Berlin": ("Slow River Loft",)}, think_s=(0, 0), connect_timeout_s=2)
    visitor = Visitor(f"http://127.0.0.1:{free_port()}", visit, tally, random.Random(1))
    asyncio.run(asyncio.wait_for(visitor.run(time.monotonic() + 10), timeout=30))
    assert set(tally.errors) == {"connect"} and tally.errors["connect"] >= 1
    assert tally.searches == 0


def test_every_default_place_has_expected_studios():
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FINDER_DATA", raising=False)
        patch.delenv("FINDER_GEOCODER", raising=False)
        expected = expected_studios()
    assert len(PLACES) >= 30 and set(expected) == set(PLACES)
    assert all(1 <= len(names) <= 3 for names in expected.values())
    with pytest.raises(ValueError, match="no studio within"):
        expected_studios(["0, -160"])  # the middle of the Pacific


def test_only_loopback_urls():
    assert loopback_url("http://127.0.0.1:8501/") == "http://127.0.0.1:8501"
    for url in ("http://example.com:8501", "https://127.0.0.1:8501", "http://127.0.0.1"):
        with pytest.raises(ValueError):
            loopback_url(url)


def test_widget_values_are_what_the_browser_sends_back():
    element = Element()
    slider = element.slider
    slider.id = "$$ID-abc123-radius"
    slider.type = slider.SELECT_SLIDER
    slider.options[:] = ["3 mi", "30 mi", "any distance"]
    slider.default[:] = [1]
    assert list(_widget_value(element).string_array_value.data) == ["30 mi"]
    slider.set_value = True
    slider.raw_value[:] = ["3 mi"]
    assert list(_widget_value(element).string_array_value.data) == ["3 mi"]

    text = Element()
    text.text_input.id = "$$ID-abc123-location"
    text.text_input.default = ""
    text.text_input.value = "Berlin"
    text.text_input.set_value = True
    assert _widget_value(text).string_value == "Berlin"
    button = Element()
    button.button.id = "$$ID-abc123-search"
    assert _widget_value(button) is None  # a trigger, sent only when pressed

    run = Run(started=True)
    run.add((0, 1), text)
    card = Element()
    card.html.body = (
        '<article class="af-card"><h3><span class="af-rank" aria-hidden="true">1</span> Heel &amp; Palm</h3>'
    )
    run.add((0, 2), card)
    assert run.widget_id("location") == "$$ID-abc123-location"
    assert run.widget_id("radius") is None
    assert run.card_names() == ["Heel & Palm"]


def test_the_report_rows_carry_the_bars():
    report = LoadReport(
        sessions=10,
        window_s=20,
        searches=40,
        verified=40,
        latencies_ms=[float(value) for value in range(1, 101)],
        first_render_ms=[100.0],
        errors={},
        error_samples=[],
        rss_start_mb=200,
        rss_peak_mb=215,
        rss_after_mb=210,
    )
    assert (report.latency_ms(50), report.latency_ms(95), report.latency_ms(99)) == (50, 95, 99)
    assert report.searches_per_s == 2 and report.mb_per_session == 1.5
    rows = report.rows()
    assert all(isinstance(row, BenchRow) for row in rows)
    bars = {row.bar for row in rows}
    assert {
        "p95 ≤ 300 ms at 200 sessions",
        "0 errors",
        "≤ 2 MB per session",
        "after: within 10 % of start 5 min after",
    } <= bars
    assert math.isnan(percentile([], 50)) and percentile([7.0], 99) == 7.0

"""The operator page: locked by FINDER_OPERATOR_PASSWORD (missing, wrong, right), the queue shown inert
(escaped in the HTML and on the map), decisions by button, the log and the directory's health."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from appview import ROOT, map_script, page_html, texts
from streamlit.testing.v1 import AppTest

from finder.geocoding import load_offline_geocoder
from finder.submissions import Intake, SubmissionsStore, Suggestion

OPERATOR = str(ROOT / "pages" / "operator.py")
HOSTILE = {
    "name": '<img src=x onerror=alert(1)>"`${alert(2)}',
    "description": "<script>alert(3)</script>",
    "city": "Austin",
    "region": "TX",
    "postal_code": "78701",
    "country": "US",
    "styles": "Ashiatsu",
}


def _page() -> AppTest:
    at = AppTest.from_file(OPERATOR, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def hostile(db_url: str) -> str:
    with SubmissionsStore(db_url) as store:
        return Intake(store, geocoder=load_offline_geocoder()).submit(Suggestion("new", dict(HOSTILE)), browser="x")


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("FINDER_OPERATOR_PASSWORD", "correct horse")
    at = _page()
    at.text_input(key="operator-password").input("correct horse").run()
    at.text_input(key="operator-name").input("ann").run()
    return at


def test_without_a_password_the_page_says_how_to_enable_it_and_nothing_else(monkeypatch, hostile):
    monkeypatch.delenv("FINDER_OPERATOR_PASSWORD", raising=False)
    at = _page()
    assert "set the environment variable FINDER_OPERATOR_PASSWORD" in texts(at.info)[0]
    assert not at.text_input and not at.button and hostile not in page_html(at)


def test_a_wrong_password_waits_and_shows_nothing(monkeypatch, hostile):
    monkeypatch.setenv("FINDER_OPERATOR_PASSWORD", "correct horse")
    at = _page()
    started = time.monotonic()
    at.text_input(key="operator-password").input("Correct horse").run()
    assert time.monotonic() - started >= 1.0  # the delay after a failed attempt
    assert texts(at.error) == ["That password is not right. Each wrong try waits longer."]
    assert not [b for b in at.button if b.key.startswith(("approve-", "reject-"))]
    assert hostile not in page_html(at)


def test_the_right_password_opens_the_queue_with_every_value_inert(signed_in: AppTest, hostile):
    at = signed_in
    at.run()
    assert at.button(key=f"approve-{hostile}") is not None and at.button(key=f"reject-{hostile}") is not None
    html = page_html(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert "<script>alert(3)" not in html and "&lt;script&gt;" in html
    script = map_script(at)
    assert hostile in script and "<img src=x" not in script and "${alert(2)}" not in script


def test_approve_by_button_logs_it(signed_in: AppTest, hostile, db_url):
    at = signed_in
    at.run()
    at.button(key=f"approve-{hostile}").click().run()
    assert texts(at.success)[0].startswith(f"{hostile} approved")
    with SubmissionsStore(db_url) as store:
        (decision,) = store.decisions()
    assert (decision.decision, decision.operator, decision.after["name"]) == ("approved", "ann", HOSTILE["name"])
    assert not any(button.key == f"approve-{hostile}" for button in at.button)  # decided: out of the queue


def test_reject_needs_a_reason(signed_in: AppTest, hostile, db_url):
    at = signed_in
    at.run()
    at.button(key=f"reject-{hostile}").click().run()
    assert any("Give a reason" in text for text in texts(at.error))
    at.text_input(key=f"reason-{hostile}").input("spam").run()
    at.button(key=f"reject-{hostile}").click().run()
    assert texts(at.success)[0] == f"{hostile} rejected."


def test_the_health_tab_lists_approximate_placements_and_countries(signed_in: AppTest):
    html_and_text = page_html(signed_in) + " ".join(str(df.value) for df in signed_in.dataframe)
    assert "US" in html_and_text
    assert any("Placed only approximately" in header.value for header in signed_in.subheader)


def test_a_bad_csv_replacement_is_shown_to_the_operator(signed_in: AppTest, monkeypatch, tmp_path: Path):
    data = tmp_path / "studios.csv"
    data.write_bytes((ROOT / "data" / "studios.csv").read_bytes())
    monkeypatch.setenv("FINDER_DATA", str(data))
    at = signed_in
    at.run()
    data.write_bytes(b"\x00\x01\x02 not a csv")
    deadline = time.monotonic() + 5
    while not any("not a text CSV" in text for text in texts(at.warning)) and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    assert any("not a text CSV" in text and "last good version" in text for text in texts(at.warning))


def test_a_password_from_streamlit_secrets_locks_the_page_the_same_way(monkeypatch, hostile):
    monkeypatch.delenv("FINDER_OPERATOR_PASSWORD", raising=False)
    at = AppTest.from_file(OPERATOR, default_timeout=30)
    at.secrets["FINDER_OPERATOR_PASSWORD"] = "from secrets"
    at.run()
    assert not texts(at.info) or "set the environment variable" not in texts(at.info)[0]  # a password is set
    at.text_input(key="operator-password").input("wrong").run()
    assert not any(button.key == f"approve-{hostile}" for button in at.button)
    at.text_input(key="operator-password").input("from secrets").run()
    assert at.button(key=f"approve-{hostile}") is not None

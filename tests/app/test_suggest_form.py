"""The suggestion form in the app: reachable from the results and the no-results message, on every studio;
the loader's messages, the pin before sending, the thanks with a reference, and nothing listed until approved."""

from __future__ import annotations

import time

from appview import map_script, open_filters, page_html, result_cards, result_names, stars, texts

from finder.directory import data_path
from finder.errors import SubmissionError
from finder.submissions import SubmissionsStore
from finder.submissions.live import current_directory
from finder.submissions.model import FORM_COLUMNS
from finder.submissions.review import decide


def _fill(at, **fields: str):
    for column, value in fields.items():
        at.text_input(key=f"suggest-{column}").input(value)
    return at


def _lantern(at):
    return _fill(at, name="Lantern Bar Studio", city="Austin", region="TX", postal_code="78701", country="US")


def _send_twice(at):
    at.button(key="suggest-submit").click().run()  # the first press shows the pin
    assert "Check the pin" in " ".join(texts(at.warning))
    at.button(key="suggest-submit").click().run()
    return at


def test_the_form_opens_from_the_results_with_one_field_per_column(search):
    at = search("Austin, TX")
    at.button(key="suggest-open").click().run()
    keys = {widget.key for widget in [*at.text_input, *at.text_area]}
    assert {f"suggest-{column}" for column in FORM_COLUMNS} <= keys
    assert at.button(key="suggest-submit") is not None


def test_the_form_opens_from_the_no_results_message(search):
    at = search("Reykjavik")
    open_filters(at).select_slider(key="radius").set_value(100).run()
    assert texts(at.warning) == ["No studios within 100 km."]
    at.button(key="suggest-open").click().run()
    assert at.text_input(key="suggest-name") is not None


def test_every_studio_has_suggest_an_edit_and_report_closed(search, open_app):
    at = search("Austin, TX")
    studio_ids = [star.studio_id for star in stars(at)]
    assert studio_ids
    for card, studio_id in zip(result_cards(at), studio_ids, strict=True):
        assert f"studio={studio_id}" in card and "Suggest an edit or report closed</a>" in card  # to its page
        page = open_app(place="Austin, TX", studio=studio_id)
        assert page.button(key=f"suggest-edit-{studio_id}").label == "Suggest an edit"
        assert page.button(key=f"report-closed-{studio_id}").label == "Report closed"


def test_a_suggestion_shows_its_pin_then_is_stored_pending_and_listed_for_nobody(search, db_url, open_app):
    at = search("Austin, TX")
    at.button(key="suggest-open").click().run()
    _lantern(at).button(key="suggest-submit").click().run()
    assert "Lantern Bar Studio" in map_script(at)  # the pin, before anything is sent
    at.button(key="suggest-submit").click().run()
    (thanks,) = texts(at.success)
    assert thanks.startswith("Thanks — a moderator will check it. Your reference: ")
    reference = thanks.rsplit(" ", 1)[1]
    with SubmissionsStore(db_url) as store:
        assert store.get(reference).status == "pending"
    fresh = open_app(place="Austin, TX")
    assert "Lantern Bar Studio" not in result_names(fresh)


def test_a_bad_field_gets_the_loaders_message_and_nothing_is_sent(search, db_url):
    at = search("Austin, TX")
    at.button(key="suggest-open").click().run()
    _fill(at, name="", city="Austin", country="US").button(key="suggest-submit").click().run()
    assert "Studio name: has no name; every listing needs one" in texts(at.error)
    at.button(key="suggest-submit").click().run()
    assert not at.success
    with SubmissionsStore(db_url) as store:
        assert store.list() == []


def test_an_edit_starts_from_the_listing(search, open_app):
    found = search("Austin, TX")
    studio_id = stars(found)[0].studio_id
    name = result_names(found)[0]
    at = open_app(place="Austin, TX", studio=studio_id)
    at.button(key=f"suggest-edit-{studio_id}").click().run()
    assert at.text_input(key="suggest-name").value == name
    assert "Suggest an edit" in page_html(at)


def test_the_rate_limit_says_so_and_keeps_what_was_typed(search):
    at = search("Austin, TX")
    for number in range(3):
        at.button(key="suggest-open").click().run()
        _lantern(at).text_input(key="suggest-name").input(f"Studio number {number}")
        assert texts(_send_twice(at).success)
        at.button(key="suggest-close").click().run()
    at.button(key="suggest-open").click().run()
    _lantern(at).text_input(key="suggest-name").input("Studio number 3")
    at.button(key="suggest-submit").click().run()
    at.button(key="suggest-submit").click().run()
    assert any("You have sent 3 suggestions" in text for text in texts(at.warning)), (
        texts(at.warning),
        texts(at.success),
    )
    assert not at.success and at.text_input(key="suggest-name").value == "Studio number 3"


def test_an_unavailable_database_says_try_again_and_keeps_the_form(search, monkeypatch):
    def down(*args, **kwargs):
        raise SubmissionError("Could not save your suggestion right now; please try again in a minute.")

    monkeypatch.setattr(SubmissionsStore, "add", down)
    at = search("Austin, TX")
    at.button(key="suggest-open").click().run()
    _lantern(at)
    at.button(key="suggest-submit").click().run()
    at.button(key="suggest-submit").click().run()
    assert any("try again" in text for text in texts(at.warning))
    assert not at.success and at.text_input(key="suggest-name").value == "Lantern Bar Studio"


def test_the_honeypot_field_is_hidden_from_people(search):
    at = search("Austin, TX")
    at.button(key="suggest-open").click().run()
    assert ".st-key-suggest-hp {position: absolute" in page_html(at)


def test_an_approval_reaches_a_running_session_without_a_restart(search, db_url):
    at = search("Austin, TX")
    assert "Lantern Bar Studio" not in result_names(at)
    at.button(key="suggest-open").click().run()
    at = _send_twice(_lantern(at))
    reference = texts(at.success)[0].rsplit(" ", 1)[1]
    with SubmissionsStore(db_url) as store:  # an operator, in another process
        decide(store, current_directory(data_path(), store), reference, approve=True, operator="ann")
    at.button(key="suggest-close").click().run()
    deadline = time.monotonic() + 5
    while "Lantern Bar Studio" not in result_names(at) and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    assert "Lantern Bar Studio" in result_names(at)

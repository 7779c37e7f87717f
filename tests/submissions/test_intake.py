"""Taking suggestions in: stored pending, never listed before approval; rate limits, honeypot, lengths."""

from __future__ import annotations

import pytest

from finder.errors import SubmissionRefused
from finder.submissions import Intake, RateLimiter, Suggestion, Window


def test_a_suggestion_is_stored_as_the_loader_would_list_it(intake: Intake, new_studio):
    reference = intake.submit(Suggestion("new", new_studio(website="lantern.example")), browser="b")
    (stored,) = intake.store.list()
    assert stored.id == reference and stored.status == "pending"
    assert stored.fields["website"] == "https://lantern.example"  # the loader's fix, not what was typed
    assert stored.fields["precision"] == "city" and stored.fields["latitude"]


def test_a_bad_suggestion_is_refused_with_the_loaders_message_and_nothing_stored(intake: Intake, new_studio):
    with pytest.raises(SubmissionRefused, match="has no name; every listing needs one"):
        intake.submit(Suggestion("new", new_studio(name="")), browser="b")
    assert intake.store.list() == []


def test_the_honeypot_stores_nothing_and_tells_the_script_nothing(intake: Intake, new_studio):
    reference = intake.submit(Suggestion("new", new_studio(), honeypot="http://spam.example"), browser="b")
    assert len(reference) == 8
    assert intake.store.list() == []


def test_a_browser_may_send_three_then_is_told_to_wait(intake: Intake, new_studio):
    for number in range(3):
        intake.submit(Suggestion("new", new_studio(name=f"Studio {number}")), browser="one")
    with pytest.raises(SubmissionRefused, match="You have sent 3 suggestions in a short time"):
        intake.submit(Suggestion("new", new_studio(name="Fourth")), browser="one")
    intake.submit(Suggestion("new", new_studio(name="Other browser")), browser="two")
    assert len(intake.store.list()) == 4


def test_the_process_limit_holds_across_browsers(intake: Intake, new_studio):
    for number in range(5):
        intake.submit(Suggestion("new", new_studio(name=f"Studio {number}")), browser=f"browser-{number}")
    with pytest.raises(SubmissionRefused, match="Many suggestions are arriving right now"):
        intake.submit(Suggestion("new", new_studio()), browser="fresh")


def test_the_windows_slide():
    now = [0.0]
    limiter = RateLimiter(per_browser=Window(1, 10), per_process=Window(100, 10), clock=lambda: now[0])
    assert limiter.allow("b") == ""
    assert limiter.allow("b") != ""
    now[0] = 10.5
    assert limiter.allow("b") == ""


def test_an_edit_and_a_closure_name_their_studio(intake: Intake, new_studio, geocoder):
    from finder.directory import load_directory

    studio = next(iter(load_directory()))
    edit = intake.submit(Suggestion("edit", {**new_studio(), "name": "Renamed"}, studio=studio), browser="b")
    closed = intake.submit(Suggestion("closed", studio=studio, note="closed in May"), browser="c")
    by_id = {s.id: s for s in intake.store.list()}
    assert (by_id[edit].kind, by_id[edit].studio_id, by_id[edit].fields["name"]) == ("edit", studio.id, "Renamed")
    assert (by_id[closed].kind, by_id[closed].studio_id, by_id[closed].note) == ("closed", studio.id, "closed in May")


def test_an_overlong_note_is_refused(intake: Intake, new_studio):
    with pytest.raises(SubmissionRefused, match="note is longer than 500"):
        intake.submit(Suggestion("new", new_studio(), note="x" * 501), browser="b")

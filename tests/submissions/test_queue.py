"""The queue and the decision log, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from finder.errors import SubmissionError
from finder.submissions import SubmissionsStore
from finder.submissions.model import is_reference


def test_a_suggestion_is_stored_pending_with_a_reference(store: SubmissionsStore):
    reference = store.add("new", "sub-x", {"name": "Lantern"}, note="opened in May")
    assert is_reference(reference)
    (submission,) = store.list()
    assert submission.as_json() == {
        "id": reference,
        "kind": "new",
        "status": "pending",
        "studio_id": "sub-x",
        "fields": {"name": "Lantern"},
        "submitted_at": submission.submitted_at.isoformat(),
    }
    assert submission.note == "opened in May"


def test_pending_first_then_decided(store: SubmissionsStore):
    first = store.add("new", "a", {"name": "A"})
    second = store.add("edit", "b", {"name": "B"})
    store.decide(first, approve=True, operator="ann")
    assert [s.id for s in store.list()] == [second, first]
    assert [s.status for s in store.list()] == ["pending", "approved"]


def test_a_decision_is_logged_with_before_and_after_and_cannot_be_made_twice(store: SubmissionsStore):
    reference = store.add("edit", "st-1", {"name": "New name"})
    store.decide(reference, approve=True, operator="ann", before={"name": "Old"}, after={"name": "New name"})
    with pytest.raises(SubmissionError, match="already decided"):
        store.decide(reference, approve=False, operator="bob", reason="late")
    (decision,) = store.decisions()
    assert (decision.decision, decision.operator, decision.before, decision.after) == (
        "approved",
        "ann",
        {"name": "Old"},
        {"name": "New name"},
    )


def test_rejecting_needs_a_reason_and_every_decision_an_operator(store: SubmissionsStore):
    reference = store.add("new", "x", {"name": "X"})
    with pytest.raises(SubmissionError, match="reason"):
        store.decide(reference, approve=False, operator="ann")
    with pytest.raises(SubmissionError, match="operator name"):
        store.decide(reference, approve=True, operator="  ")
    assert store.list()[0].status == "pending" and store.decisions() == []


def test_the_decision_log_cannot_be_edited_or_deleted(store: SubmissionsStore):
    store.decide(store.add("new", "x", {"name": "X"}), approve=False, operator="ann", reason="spam")
    for statement in ("UPDATE submission_decisions SET operator = 'mallory'", "DELETE FROM submission_decisions"):
        with pytest.raises(SQLAlchemyError, match="cannot be changed"), store._engine.begin() as conn:
            conn.execute(text(statement))
    assert store.decisions()[0].operator == "ann"


def test_approved_changes_fold_in_decision_order(store: SubmissionsStore):
    edit = store.add("edit", "st-1", {"name": "Renamed"})
    new = store.add("new", "sub-n", {"name": "Newcomer"})
    closed = store.add("closed", "st-1", {"name": "Renamed"})
    rejected = store.add("new", "sub-r", {"name": "Spam"})
    for reference in (edit, new, closed):
        store.decide(reference, approve=True, operator="ann")
    store.decide(rejected, approve=False, operator="ann", reason="spam")
    version, changes = store.approved_changes()
    assert version == 4
    assert set(changes.records) == {"sub-n"} and changes.removed == {"st-1"}


def test_two_stores_on_one_database_see_each_other(db_url: str):
    with SubmissionsStore(db_url) as one, SubmissionsStore(db_url) as other:
        reference = one.add("new", "x", {"name": "X"})
        other.decide(reference, approve=True, operator="ann")
        assert one.version() == other.version() == 1


def test_an_unreachable_database_says_so():
    with pytest.raises(SubmissionError, match="FINDER_DB_URL"):
        SubmissionsStore("postgresql+psycopg://nobody@127.0.0.1:1/none")

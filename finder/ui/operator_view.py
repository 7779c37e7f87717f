"""The operator page's views: the password gate, the queue (map, precision, diff, possible duplicates,
approve / reject with a reason), the decision log and the directory's health.

Every value that came from a visitor or the CSV is escaped (finder.safety) or shown in a data grid,
which never reads it as HTML.
"""

from __future__ import annotations

import weakref

import pandas as pd
import streamlit as st

from ..directory import Match, Studio
from ..errors import FinderError
from ..geo import precision_label
from ..safety import html_text, markdown_text
from ..submissions.auth import ENABLE_HINT, OperatorGate, configured_password
from ..submissions.health import Health, directory_health
from ..submissions.live import Snapshot
from ..submissions.model import Submission
from ..submissions.review import current_record, decide, field_diff, possible_duplicates
from ..submissions.store import SubmissionsStore
from .html import show_html
from .map_component import results_map
from .resources import live_directory

_SIGNED_IN = "operator_signed_in"
_MESSAGE = "operator_message"
_SHOWN = 50  # pending suggestions drawn at once (the rest wait their turn)


@st.cache_resource(show_spinner=False)
def _gate() -> OperatorGate:
    """One per process: failed attempts from every session slow the next one down."""
    return OperatorGate()


def page() -> None:
    password = configured_password(st.secrets)
    if not password:
        st.title("Operator")
        st.info(ENABLE_HINT)
        return
    if not st.session_state.get(_SIGNED_IN):
        _sign_in_form(password)
        return
    live = live_directory()
    snapshot = live.snapshot()
    st.title("Operator")
    st.text_input("Your operator name (kept with every decision)", key="operator-name", max_chars=80)
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        (st.success if message[0] == "ok" else st.error)(markdown_text(message[1]))
    if snapshot.notice():
        st.warning(markdown_text(snapshot.notice()))
    if snapshot.changes_problem:
        st.warning(markdown_text(snapshot.changes_problem))
    if live.store is None:
        st.error("The suggestions database is not available; check FINDER_DB_URL and restart the app.")
        return
    queue, log, health = st.tabs(["Queue", "Decision log", "Directory health"])
    with queue:
        _queue(live.store, snapshot)
    with log:
        _decision_log(live.store)
    with health:
        _health(directory_health_of(snapshot))


def _sign_in(password: str) -> None:
    attempt = st.session_state.get("operator-password", "")
    if not attempt:
        return
    st.session_state["operator-password"] = ""
    if _gate().check(password, attempt):
        st.session_state[_SIGNED_IN] = True
    else:
        st.session_state[_MESSAGE] = ("error", "That password is not right. Each wrong try waits longer.")


def _sign_in_form(password: str) -> None:
    st.title("Operator")
    st.text_input("Operator password", type="password", key="operator-password", on_change=_sign_in, args=(password,))
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.error(message[1])


# --- the queue --------------------------------------------------------------------------------


def _decide(store: SubmissionsStore, reference: str, approve: bool) -> None:
    operator = str(st.session_state.get("operator-name", "") or "")
    reason = str(st.session_state.get(f"reason-{reference}", "") or "")
    try:
        decision = decide(
            store, live_directory().snapshot(), reference, approve=approve, operator=operator, reason=reason
        )
    except FinderError as err:
        st.session_state[_MESSAGE] = ("error", str(err))
        return
    outcome = "approved: it is listed for every visitor within a few seconds" if approve else "rejected"
    st.session_state[_MESSAGE] = ("ok", f"{decision.submission_id} {outcome}.")


def _pin_studio(submission: Submission) -> Studio | None:
    """A pending suggestion as a pin (only what a pin and its popup show)."""
    fields = submission.fields
    try:
        latitude, longitude = float(fields["latitude"]), float(fields["longitude"])
    except (KeyError, ValueError):
        return None
    precision = fields.get("precision") or "coordinates"
    return Studio(
        id=submission.id,
        name=f"{submission.id}: {fields.get('name', '')}",
        latitude=latitude,
        longitude=longitude,
        precision=precision if precision in ("postal_code", "city", "region", "street") else "coordinates",
        street=fields.get("street", ""),
        city=fields.get("city", ""),
        region=fields.get("region", ""),
        postal_code=fields.get("postal_code", ""),
        country=fields.get("country", ""),
    )


def _pins_map(studios: list[Studio] | tuple[Studio, ...], *, key: str) -> None:
    """Numbered pins for listings (no origin), their popups escaped as every map's are."""
    results_map(
        None,
        [Match(studio, 0.0) for studio in studios],
        radius_km=None,
        unit="km",
        favorite_ids=(),
        key=key,
        height=360,
        returned_objects=(),
    )


def _queue(store: SubmissionsStore, snapshot: Snapshot) -> None:
    try:
        pending = store.list(status="pending", limit=_SHOWN)
    except FinderError as err:
        st.error(markdown_text(str(err)))
        return
    if not pending:
        st.caption("No suggestions are waiting.")
        return
    st.caption(f"{len(pending)} waiting, newest first. Pins carry the number of their suggestion below.")
    pins = [studio for studio in (_pin_studio(submission) for submission in pending) if studio is not None]
    if pins:
        _pins_map(pins, key="queue-map")
    for number, submission in enumerate(pending, 1):
        with st.container(key=f"submission-{submission.id}", border=True):
            _submission(store, snapshot, submission, number)


def _submission(store: SubmissionsStore, snapshot: Snapshot, submission: Submission, number: int) -> None:
    fields = submission.fields
    precision = precision_label(fields.get("precision") or "coordinates")
    kind = {"new": "New studio", "edit": "Edit", "closed": "Reported closed"}[submission.kind]
    head = (
        f"<h3>{number}. {html_text(kind)}: {html_text(fields.get('name', ''))}</h3>"
        f"<p>Reference <code>{html_text(submission.id)}</code> · listing <code>{html_text(submission.studio_id)}</code>"
        f" · sent {submission.submitted_at:%Y-%m-%d %H:%M} UTC · placed with {html_text(precision)}</p>"
    )
    if submission.note:
        head += f"<p>Note from the sender: {html_text(submission.note)}</p>"
    show_html(head + _diff_html(current_record(snapshot, submission), fields, closed=submission.kind == "closed"))
    if snapshot.directory is not None and submission.kind != "closed":
        duplicates = possible_duplicates(snapshot.directory, fields, exclude_id=submission.studio_id)
        if duplicates:
            items = "".join(
                f"<li>{html_text(d.studio.name)} ({html_text(d.studio.id)}), {html_text(d.studio.address)}: "
                f"{html_text(d.reason)}"
                + (f", {d.distance_m:.0f} m away" if d.distance_m == d.distance_m else "")
                + "</li>"
                for d in duplicates
            )
            show_html(f'<p class="af-note">Possible duplicates:</p><ul>{items}</ul>')
    st.text_input("Reason (needed to reject; kept in the log)", key=f"reason-{submission.id}", max_chars=300)
    with st.container(horizontal=True, gap="small"):
        st.button(
            "Approve",
            key=f"approve-{submission.id}",
            type="primary",
            on_click=_decide,
            args=(store, submission.id, True),
        )
        st.button("Reject", key=f"reject-{submission.id}", on_click=_decide, args=(store, submission.id, False))


def _diff_html(before: dict[str, str] | None, after: dict[str, str], *, closed: bool) -> str:
    if closed:
        return "<p>Approving removes this listing from the directory.</p>"
    rows = "".join(
        f"<tr><th>{html_text(change.column)}</th><td>{html_text(change.before)}</td><td>{html_text(change.after)}</td></tr>"
        for change in field_diff(before, after)
        if change.column != "id"
    )
    if not rows:
        return "<p>No field changes.</p>"
    return f'<table class="af-diff"><tr><th>field</th><th>now</th><th>suggested</th></tr>{rows}</table>'


# --- the decision log ---------------------------------------------------------------------------


def _decision_log(store: SubmissionsStore) -> None:
    try:
        decisions = store.decisions()
    except FinderError as err:
        st.error(markdown_text(str(err)))
        return
    if not decisions:
        st.caption("No decisions yet.")
        return
    st.caption("Every decision, newest first. The log cannot be edited.")
    rows = [
        {
            "#": decision.seq,
            "when (UTC)": f"{decision.decided_at:%Y-%m-%d %H:%M:%S}",
            "suggestion": decision.submission_id,
            "decision": decision.decision,
            "operator": decision.operator,
            "reason": decision.reason,
            "changed": ", ".join(
                c.column for c in field_diff(decision.before, decision.after or {}) if c.column != "id"
            )
            if decision.after
            else ("removed" if decision.decision == "approved" else ""),
        }
        for decision in decisions
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="decision-log")


# --- health -------------------------------------------------------------------------------------


_health_of: weakref.WeakKeyDictionary[Snapshot, Health] = weakref.WeakKeyDictionary()


def directory_health_of(snapshot: Snapshot) -> Health:
    """Computed once per directory build (a snapshot is never changed), and forgotten with it: an old
    directory is not kept in memory for its health's sake."""
    health = _health_of.get(snapshot)
    if health is None:
        health = _health_of[snapshot] = directory_health(snapshot)
    return health


def _studio_rows(studios: tuple[Studio, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": s.id,
                "name": s.name,
                "city": s.city,
                "country": s.country,
                "precision": s.precision,
                "verified_on": s.verified_on.isoformat() if s.verified_on else "",
                "line": s.line or "",
            }
            for s in studios
        ]
    )


def _health(health: Health) -> None:
    st.metric("Studios listed", f"{health.total:,}")
    if health.file_problem:
        st.error(markdown_text(health.file_problem))
    for problem in health.changes_problems:
        st.error(markdown_text(problem.message))
    st.subheader("Studios per country")
    st.dataframe(pd.DataFrame(health.per_country, columns=["country", "studios"]), hide_index=True, key="per-country")
    st.subheader(f"Skipped CSV rows ({len(health.skipped)})")
    if health.skipped:
        st.code("\n".join(str(problem) for problem in health.skipped[:500]), language=None)
    else:
        st.caption("Every row of the CSV loaded.")
    st.subheader(f"Placed only approximately ({len(health.approximate)})")
    if health.approximate:
        _pins_map(health.approximate[:200], key="approximate-map")
        st.dataframe(_studio_rows(health.approximate), hide_index=True, key="approximate")
    st.subheader(f"Not verified for a year ({len(health.stale)}) or never ({len(health.unverified)})")
    st.dataframe(_studio_rows(health.stale + health.unverified), hide_index=True, key="stale")
    st.subheader(f"Possible duplicates ({len(health.duplicates)})")
    st.dataframe(
        pd.DataFrame(
            [
                {"first": a.id, "name": a.name, "second": b.id, "other name": b.name, "why": why}
                for a, b, why in health.duplicates
            ]
        ),
        hide_index=True,
        key="duplicates",
    )

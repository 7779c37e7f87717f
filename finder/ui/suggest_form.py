"""The "Suggest a studio" form, and "Suggest an edit" / "Report closed" on every studio.

The form asks for the CSV's columns (keys ``suggest-<column>``), checks them with the CSV loader's own
rules (finder.submissions.check), shows the pin before anything is sent, and stores the suggestion as
pending (finder.submissions.intake). What was typed stays in the form until it has been sent.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from ..directory import Directory, Match, Studio
from ..errors import FinderError, SubmissionError, SubmissionRefused
from ..favorites.store import default_url
from ..geocoding import load_offline_geocoder
from ..safety import html_text, markdown_text
from ..submissions.check import Checked
from ..submissions.intake import Intake, Suggestion
from ..submissions.model import FIELD_LABELS, FIELD_LIMITS, FORM_COLUMNS, NOTE_LIMIT, studio_record
from ..submissions.store import SubmissionsStore
from ..units import Unit
from .html import show_html
from .map_component import results_map

_OPEN = "suggest"  # {"kind": ..., "studio_id": ...} while the form is open
_CHECKED = "suggest_checked"  # (the values checked, what the check found)
_RECEIPT = "suggest_receipt"
_ERROR = "suggest_error"
_LONG = frozenset({"description", "hours"})
_WHERE = ("name", "street", "postal_code", "city", "region", "country")
_HIDDEN_CSS = (
    "<style>.st-key-suggest-hp {position: absolute !important; left: -10000px; width: 1px; height: 1px;"
    " overflow: hidden;}</style>"
)
_TITLES = {"new": "Suggest a studio", "edit": "Suggest an edit", "closed": "Report closed"}


@st.cache_resource(show_spinner=False)
def _intake(db_url: str) -> Intake:
    """One per process: its rate limiter counts every session's suggestions (a failed open is retried)."""
    try:
        geocoder = load_offline_geocoder()
    except FinderError:
        geocoder = None
    return Intake(SubmissionsStore(), geocoder=geocoder)


def _browser() -> str:
    """Who is sending, as well as a server can tell: this browser's cookie, else its address, else the session
    (kept for the session, so a session is one sender however its runs are numbered)."""
    known = st.session_state.get("suggest_browser")
    if known:
        return str(known)
    cookie = st.context.cookies.get("_streamlit_xsrf") or ""
    who = cookie or st.context.ip_address or ""
    if not who:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        context = get_script_run_ctx()
        who = context.session_id if context else "unknown"
    key = hashlib.sha256(str(who).encode("utf-8", "replace")).hexdigest()[:24]
    st.session_state["suggest_browser"] = key
    return key


def is_open() -> bool:
    return st.session_state.get(_OPEN) is not None


def _open(kind: str, studio: Studio | None) -> None:
    record = studio_record(studio) if studio is not None and kind == "edit" else {}
    for column in FORM_COLUMNS:
        st.session_state[f"suggest-{column}"] = (
            record.get(column, "") if column not in ("latitude", "longitude") else ""
        )
    if studio is not None and kind == "edit" and studio.precision == "coordinates":
        st.session_state["suggest-latitude"], st.session_state["suggest-longitude"] = (
            record["latitude"],
            record["longitude"],
        )
    st.session_state["suggest-note"] = ""
    st.session_state["suggest-hp"] = ""
    st.session_state[_OPEN] = {"kind": kind, "studio": studio}
    for key in (_CHECKED, _RECEIPT, _ERROR):
        st.session_state.pop(key, None)


def close() -> None:
    for key in (_OPEN, _CHECKED, _RECEIPT, _ERROR):
        st.session_state.pop(key, None)


def open_button() -> None:
    """The control that opens the form for a new studio (key ``suggest-open``): once per page."""
    st.button(
        "Suggest a studio", key="suggest-open", icon=":material/add_location_alt:", on_click=_open, args=("new", None)
    )


def studio_actions(studio: Studio) -> None:
    """ "Suggest an edit" and "Report closed" under one studio's card."""
    with st.container(key=f"studio-actions-{studio.id}", horizontal=True, gap="small"):
        st.button(
            "Suggest an edit", key=f"suggest-edit-{studio.id}", type="tertiary", on_click=_open, args=("edit", studio)
        )
        st.button(
            "Report closed", key=f"report-closed-{studio.id}", type="tertiary", on_click=_open, args=("closed", studio)
        )


def _values() -> dict[str, str]:
    return {column: str(st.session_state.get(f"suggest-{column}", "") or "") for column in FORM_COLUMNS}


def _suggestion(opened: dict) -> Suggestion:
    return Suggestion(
        kind=opened["kind"],
        fields=_values() if opened["kind"] != "closed" else {},
        studio=opened["studio"],
        note=str(st.session_state.get("suggest-note", "") or ""),
        honeypot=str(st.session_state.get("suggest-hp", "") or ""),
    )


def _check(intake: Intake, suggestion: Suggestion) -> Checked:
    checked = intake.check(suggestion)
    st.session_state[_CHECKED] = (suggestion.fields, suggestion.note, checked)
    return checked


def _send(suggestion: Suggestion) -> None:
    """The send button: check, and store only what has been checked (its pin shown) as it stands."""
    st.session_state.pop(_ERROR, None)
    try:
        intake = _intake(default_url())
    except FinderError as err:
        st.session_state[_ERROR] = f"{err} What you typed is kept; please try again in a minute."
        return
    previous = st.session_state.get(_CHECKED)
    if suggestion.kind != "closed" and (
        previous is None or previous[0] != suggestion.fields or previous[1] != suggestion.note
    ):
        checked = _check(intake, suggestion)
        if checked.ok:
            st.session_state[_ERROR] = "Check the pin on the map below; if it is right, press Send again."
        return
    try:
        st.session_state[_RECEIPT] = intake.submit(suggestion, browser=_browser())
    except SubmissionRefused as err:
        st.session_state[_ERROR] = str(err)
    except SubmissionError as err:
        st.session_state[_ERROR] = f"{err}"


def _on_check() -> None:
    try:
        _check(_intake(default_url()), _suggestion(st.session_state[_OPEN]))
    except FinderError as err:
        st.session_state[_ERROR] = f"{err} What you typed is kept; please try again in a minute."


def _on_send() -> None:
    _send(_suggestion(st.session_state[_OPEN]))


def render(directory: Directory, *, units: Unit) -> None:
    """The form in place of the results: fields, problems, the pin, and the thanks with a reference."""
    opened = st.session_state[_OPEN]
    studio: Studio | None = opened["studio"]
    with st.container(key="suggest"):
        title = _TITLES[opened["kind"]] + (f": {studio.name}" if studio is not None else "")
        show_html(f'<h2 class="af-suggest-title">{html_text(title)}</h2>{_HIDDEN_CSS}')
        receipt = st.session_state.get(_RECEIPT)
        if receipt:
            st.success(f"Thanks — a moderator will check it. Your reference: {receipt}")
            st.button("Back to the search", key="suggest-close", on_click=close)
            return
        st.button("Back to the search", key="suggest-close", type="tertiary", on_click=close)
        if opened["kind"] == "closed":
            st.caption("Tell us what you know (optional): when it closed, where you heard it.")
        else:
            st.caption(
                "Only the name and a town or postal code with a country are needed. "
                "A moderator checks every suggestion before it is listed."
            )
        _fields(opened["kind"])
        st.text_input("Leave this field empty", key="suggest-hp", autocomplete="off", label_visibility="collapsed")
        st.button("Show on the map", key="suggest-check", disabled=opened["kind"] == "closed", on_click=_on_check)
        st.button("Send", key="suggest-submit", type="primary", on_click=_on_send)
        message = st.session_state.get(_ERROR)
        if message:
            st.warning(markdown_text(message))
        checked = st.session_state.get(_CHECKED)
        if checked is not None and opened["kind"] != "closed":
            _checked(checked[2], directory, units)


def _field(column: str) -> None:
    widget = st.text_area if column in _LONG else st.text_input
    widget(FIELD_LABELS[column], key=f"suggest-{column}", max_chars=FIELD_LIMITS[column])


def _fields(kind: str) -> None:
    """Where the studio is first (all a listing needs), the rest behind one disclosure (short on a phone)."""
    if kind != "closed":
        for column in _WHERE:
            _field(column)
        with st.expander("More details (optional): phone, links, styles, price, hours", expanded=kind == "edit"):
            for column in FORM_COLUMNS:
                if column not in _WHERE:
                    _field(column)
    st.text_area("A note for the moderator (optional)", key="suggest-note", max_chars=NOTE_LIMIT)


def _checked(checked: Checked, directory: Directory, units: Unit) -> None:
    """What the check found, field by field, and the pin with the listings around it."""
    for problem in checked.problems:
        label = FIELD_LABELS.get(problem.field, "This suggestion")
        text = f"{label}: {problem.message}"
        (st.error if problem.severity == "error" else st.caption)(markdown_text(text))
    studio = checked.studio
    if studio is None:
        return
    where = (
        "at these coordinates"
        if studio.precision == "coordinates"
        else f"by its {studio.precision.replace('_', ' ')} (approximate)"
    )
    st.caption(
        markdown_text(
            f"Pin 1 shows where “{studio.name}” would be listed, placed {where}; "
            "the other pins are studios already listed nearby."
        )
    )
    around = [
        m
        for m in directory.nearest(studio.latitude, studio.longitude, limit=5, radius_km=5.0)
        if m.studio.id != studio.id
    ]
    results_map(
        None,  # no "you are here": the numbered pin is the suggestion
        [Match(studio, 0.0), *around],
        radius_km=None,
        unit=units,
        favorite_ids=(),
        key="suggest-map",
        height=280,
        returned_objects=(),
        numbered=1,
    )

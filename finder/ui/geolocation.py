""" "Use my location": ask the browser for its position and put it in the location box.

The browser answers asynchronously (streamlit-js-eval returns None until it has), so the
answer is kept in session state and applied at the top of the next run, before the
location box is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st
from streamlit_js_eval import get_geolocation

_MESSAGES = {
    1: "Location access was denied. Type a place instead, or allow location for this site in your "
    "browser's settings and try again.",
    2: "Your browser could not find its position right now. Type a place instead.",
    3: "Finding your position took too long. Try again, or type a place instead.",
    0: "This browser cannot share its location. Type a place instead.",
}


def request() -> None:
    """Callback of the "Use my location" button: ask again, even after an earlier answer."""
    st.session_state.geo_request += 1
    st.session_state.geo_message = ""


def answer_text(answer: object) -> tuple[str | None, str]:
    """What the browser said, as (coordinates for the location box, or None; message for people)."""
    if isinstance(answer, dict):
        coords = answer.get("coords")
        if isinstance(coords, dict):
            try:
                latitude, longitude = float(coords["latitude"]), float(coords["longitude"])
            except (KeyError, TypeError, ValueError):
                latitude = longitude = math.nan
            if math.isfinite(latitude) and math.isfinite(longitude) and abs(latitude) <= 90 and abs(longitude) <= 180:
                return f"{latitude:.5f}, {longitude:.5f}", ""
        error = answer.get("error")
        if isinstance(error, dict):
            code = error.get("code")
            return None, _MESSAGES.get(code if isinstance(code, int) else 0, _MESSAGES[0])
    return None, _MESSAGES[0]


def apply_answer(on_location: Callable[[str], None]) -> None:
    """At the top of a run: hand a received position to ``on_location`` (or keep the message)."""
    answer = st.session_state.pop("geo_answer", None)
    if answer is None:
        return
    location, message = answer_text(answer)
    st.session_state.geo_message = message
    if location is not None:
        on_location(location)


def render() -> None:
    """While a request is open, ask the browser; show what happened to the last request."""
    request_number = st.session_state.geo_request
    if request_number and st.session_state.geo_answered != request_number:
        answer = get_geolocation(component_key=f"geo-{request_number}")
        if answer is None:
            st.caption("Asking your browser for your location… (allow it when the browser asks)")
        else:
            st.session_state.geo_answered = request_number
            st.session_state.geo_answer = answer
            st.rerun()
    if st.session_state.geo_message:
        st.warning(st.session_state.geo_message)

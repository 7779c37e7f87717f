""" "Use my location": the browser's answer fills the location box, a refusal gets a friendly message."""

from __future__ import annotations

from appview import result_names, texts


def test_position_from_the_browser_searches_there(open_app):
    at = open_app()
    at.button(key="use_location").click().run()
    assert any(caption.startswith("Asking your browser") for caption in texts(at.caption))
    at.session_state["geo-1"] = {"coords": {"latitude": 30.27, "longitude": -97.74}}  # the component's answer
    at.run()
    assert not at.exception
    assert at.text_input(key="location").value == "30.27000, -97.74000"
    assert result_names(at)
    assert at.query_params["place"] == "30.27000, -97.74000"


def test_denied_gets_a_friendly_message(open_app):
    at = open_app()
    at.session_state["geo_answer"] = {"error": {"code": 1, "message": "denied"}}
    at.run()
    assert not at.exception
    assert any(warning.startswith("Location access was denied") for warning in texts(at.warning))
    assert at.text_input(key="location").value == ""

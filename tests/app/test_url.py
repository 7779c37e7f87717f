"""The search lives in the address: opening it shows the same search; junk in it is ignored."""

from __future__ import annotations

import pytest
from appview import open_filters, result_distances, result_names, texts


def test_address_sets_widgets_and_results(open_app):
    at = open_app(place="Austin, TX", radius="15", units="km", styles="Ashiatsu DeepFeet")
    assert at.text_input(key="location").value == "Austin, TX"
    assert open_filters(at).select_slider(key="radius").value == 25  # 15 km is covered by the 25 km choice
    assert open_filters(at).segmented_control(key="units").value == "km"
    assert open_filters(at).multiselect(key="styles").value == ["Ashiatsu DeepFeet"]
    distances = result_distances(at)
    assert distances and all(unit == "km" and value <= 25 for value, unit in distances)


def test_search_is_written_to_the_address_and_reopens_the_same(search, open_app):
    at = search("Austin, TX")
    open_filters(at).select_slider(key="radius").set_value(3).run()
    open_filters(at).multiselect(key="styles").set_value(["Ashiatsu DeepFeet"]).run()
    params = dict(at.query_params)
    assert params == {"place": "Austin, TX", "radius": "3mi", "units": "mi", "styles": "Ashiatsu DeepFeet"}
    again = open_app(**params)
    assert result_names(again) == result_names(at)
    assert open_filters(again).select_slider(key="radius").value == 3


def test_address_without_units_is_read_in_the_units_of_the_place(search, open_app):
    at = search("Austin, TX")
    open_filters(at).selectbox(key="limit").set_value(5).run()
    params = dict(at.query_params)
    assert "units" not in params
    again = open_app(**params)
    assert (
        open_filters(again).select_slider(key="radius").value
        == open_filters(at).select_slider(key="radius").value
        == 30
    )
    assert result_names(again) == result_names(at)


@pytest.mark.parametrize(
    ("name", "value", "note"),
    [
        ("radius", "abc", "The radius in the address is not a distance"),
        ("units", "furlongs", "Units in the address must be km or mi."),
        ("styles", "<script>alert(1)</script>", "A style in the address is not offered by any studio"),
        ("place", "Austin " * 72, "The place in the address was too long"),
    ],
)
def test_malformed_address_values_are_ignored_with_a_note(open_app, name, value, note):
    at = open_app(**{"place": "Berlin", name: value})
    assert any(caption.startswith(note) for caption in texts(at.caption))
    assert "<script>" not in "".join(texts(at.markdown))
    if name == "place":
        assert at.text_input(key="location").value == ""
    else:
        assert result_names(at)


def _forgetful_run():
    import streamlit as st

    from finder.ui import session

    st.query_params.from_dict({"place": "Austin, TX", "radius": "30mi", "limit": "20"})
    session.follow_address(())  # the first run: widgets from the address
    st.session_state.location = "Austin, TX (edited)"  # a widget the interrupted run had reached
    for key in ("radius", "limit", "styles"):  # what Streamlit drops for widgets a cut-short run never drew
        del st.session_state[key]
    session.follow_address(())
    for key in ("location", "radius", "shown_units", "limit", "styles"):
        st.text(f"{key}={st.session_state[key]!r}")


def test_widgets_forgotten_by_an_interrupted_run_come_back_from_the_address():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_forgetful_run, default_timeout=30)
    at.run()
    assert not at.exception
    assert [text.value for text in at.text] == [
        "location='Austin, TX (edited)'",  # kept: only the forgotten widgets are restored
        "radius=30",
        "shown_units='mi'",
        "limit=20",
        "styles=[]",
    ]

"""The search lives in the address: opening it shows the same search; junk in it is ignored."""

from __future__ import annotations

import pytest
from appview import result_distances, result_names, texts


def test_address_sets_widgets_and_results(open_app):
    at = open_app(place="Austin, TX", radius="15", units="km", styles="Ashiatsu DeepFeet")
    assert at.text_input(key="location").value == "Austin, TX"
    assert at.select_slider(key="radius").value == 25  # 15 km is covered by the 25 km choice
    assert at.segmented_control(key="units").value == "km"
    assert at.multiselect(key="styles").value == ["Ashiatsu DeepFeet"]
    distances = result_distances(at)
    assert distances and all(unit == "km" and value <= 25 for value, unit in distances)


def test_search_is_written_to_the_address_and_reopens_the_same(search, open_app):
    at = search("Austin, TX")
    at.select_slider(key="radius").set_value(3).run()
    at.multiselect(key="styles").set_value(["Ashiatsu DeepFeet"]).run()
    params = dict(at.query_params)
    assert params == {"place": "Austin, TX", "radius": "3mi", "units": "mi", "styles": "Ashiatsu DeepFeet"}
    again = open_app(**params)
    assert result_names(again) == result_names(at)
    assert again.select_slider(key="radius").value == 3


def test_address_without_units_is_read_in_the_units_of_the_place(search, open_app):
    at = search("Austin, TX")
    at.selectbox(key="limit").set_value(5).run()
    params = dict(at.query_params)
    assert "units" not in params
    again = open_app(**params)
    assert again.select_slider(key="radius").value == at.select_slider(key="radius").value == 30
    assert result_names(again) == result_names(at)


@pytest.mark.parametrize(("name", "value", "note"), [
    ("radius", "abc", "The radius in the address is not a distance"),
    ("units", "furlongs", "Units in the address must be km or mi."),
    ("styles", "<script>alert(1)</script>", "A style in the address is not offered by any studio"),
    ("place", "Austin " * 72, "The place in the address was too long"),
])
def test_malformed_address_values_are_ignored_with_a_note(open_app, name, value, note):
    at = open_app(**{"place": "Berlin", name: value})
    assert any(caption.startswith(note) for caption in texts(at.caption))
    assert "<script>" not in "".join(texts(at.markdown))
    if name == "place":
        assert at.text_input(key="location").value == ""
    else:
        assert result_names(at)

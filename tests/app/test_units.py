"""Miles where people use miles, kilometres elsewhere, and a switch that keeps the distance."""

from __future__ import annotations

from appview import open_filters, result_distances


def test_miles_for_a_us_place(search):
    at = search("Austin, TX")
    assert open_filters(at).segmented_control(key="units").value == "mi"
    assert open_filters(at).select_slider(key="radius").value == 30
    assert {unit for _value, unit in result_distances(at)} == {"mi"}


def test_kilometres_for_a_german_place(search):
    at = search("Berlin")
    assert open_filters(at).segmented_control(key="units").value == "km"
    assert open_filters(at).select_slider(key="radius").value == 50
    assert {unit for _value, unit in result_distances(at)} == {"km"}


def test_switch_converts_the_radius_and_back(search):
    at = search("Austin, TX")
    miles = result_distances(at)
    open_filters(at).segmented_control(key="units").set_value("km").run()
    assert not at.exception
    assert open_filters(at).select_slider(key="radius").value == 50
    assert {unit for _value, unit in result_distances(at)} == {"km"}
    assert at.query_params["units"] == "km"
    open_filters(at).segmented_control(key="units").set_value("mi").run()
    assert open_filters(at).select_slider(key="radius").value == 30
    assert result_distances(at) == miles


def test_another_place_keeps_the_distance_not_a_bigger_one(search):
    at = search("Austin, TX")
    for place in ("Berlin", "Portland", "Munich", "Austin, TX"):
        at.text_input(key="location").input(place).run()
    assert open_filters(at).select_slider(key="radius").value == 30


def test_clicking_the_chosen_unit_again_keeps_it(search):
    at = search("Austin, TX")
    open_filters(at).segmented_control(key="units").set_value(None).run()
    assert not at.exception
    assert open_filters(at).segmented_control(key="units").value == "mi"
    assert result_distances(at)

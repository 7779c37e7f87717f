"""Radius, styles and how many results; never a dead end when nothing is near."""

from __future__ import annotations

import re

from appview import (
    map_script,
    open_filters,
    result_cards,
    result_distances,
    result_names,
    sample_studios,
    status,
    texts,
)
from pins import map_pins


def test_radius_limits_the_distance(search):
    at = search("Austin, TX")
    open_filters(at).select_slider(key="radius").set_value(155).run()
    wide = result_distances(at)
    open_filters(at).select_slider(key="radius").set_value(3).run()
    narrow = result_distances(at)
    assert narrow and len(narrow) < len(wide)
    assert all(unit == "mi" and value <= 3 for value, unit in narrow)
    assert at.query_params["radius"] == "3mi"  # the address keeps the unit with the distance


def test_styles_keep_only_studios_offering_them(search):
    at = search("Austin, TX")
    open_filters(at).multiselect(key="styles").set_value(["Barefoot Sensei"]).run()
    styles_of = {studio["name"]: studio["styles"] for studio in sample_studios()}
    names = result_names(at)
    assert names and all("Barefoot Sensei" in styles_of[name] for name in names)
    assert at.query_params["styles"] == "Barefoot Sensei"


def test_results_count(search):
    at = search("Austin, TX")
    open_filters(at).select_slider(key="radius").set_value(0).run()  # any distance
    open_filters(at).selectbox(key="limit").set_value(5).run()
    assert len(result_names(at)) == 5
    assert len(map_pins(map_script(at))) == 5
    open_filters(at).selectbox(key="limit").set_value(20).run()
    assert len(result_names(at)) == 20


def test_nothing_near_shows_the_nearest_beyond_and_a_widen_button(search):
    at = search("Reykjavik")
    open_filters(at).select_slider(key="radius").set_value(100).run()
    assert texts(at.warning) == ["No studios within 100 km."]
    assert status(at).startswith("Near Reykjav")  # no count: nothing within the radius
    beyond = result_distances(at)
    assert beyond and all(value > 100 for value, _unit in beyond)
    widen = at.button(key="widen")
    assert widen.label.startswith(("Widen to ", "Show any distance")) and "(nearest: " in widen.label
    assert widen.label.endswith(" km)")
    widen.click().run()
    assert not at.exception
    assert not at.warning
    assert result_cards(at) and " studios near Reykjav" in status(at)


def test_widen_to_a_radius(search):
    # A point in the sea off Cape Cod, 20-odd miles from the nearest studio: the widen choice is a radius.
    at = search("41.8, -69.6")
    open_filters(at).select_slider(key="radius").set_value(5).run()
    label = at.button(key="widen").label
    assert label.startswith("Widen to ") and " mi (nearest: " in label  # off Cape Cod: the nearest town is US
    at.button(key="widen").click().run()
    assert result_names(at)
    assert open_filters(at).select_slider(key="radius").value == int(label.split()[2])


def test_styles_nobody_offers_nearby_can_be_cleared_in_one_action(search):
    at = search("Reykjavik")
    open_filters(at).multiselect(key="styles").set_value(["Chavutti Thirumal"]).run()
    open_filters(at).select_slider(key="radius").set_value(5).run()
    assert texts(at.warning) == ["No studios within 5 km offering those styles."]
    at.button(key="clear-styles").click().run()
    assert open_filters(at).multiselect(key="styles").value == [] and "styles" not in at.query_params


def test_the_filters_control_says_what_they_are_set_to(search):
    at = search("Austin, TX")
    assert _filters_label(at) == "30 mi · any style · 10 results"
    open_filters(at).multiselect(key="styles").set_value(["Barefoot Sensei"]).run()
    open_filters(at).selectbox(key="limit").set_value(5).run()
    assert _filters_label(at) == "30 mi · Barefoot Sensei · 5 results"


def test_open_now_and_sort_live_in_the_address_and_the_filters_label(open_app):
    at = open_app(place="Austin, TX", open="now", sort="opens")
    assert (
        open_filters(at).segmented_control(key="open_filter").value == "now"
        and open_filters(at).selectbox(key="sort").value == "opens"
    )
    assert _filters_label(at) == "30 mi · any style · open now · soonest open first · 10 results"
    open_filters(at).segmented_control(key="open_filter").set_value("at").run()
    open_filters(at).selectbox(key="open_day").set_value("sat").run()
    open_filters(at).selectbox(key="open_time").set_value("11:30").run()
    assert at.query_params["open"] == "sat-11:30"
    assert _filters_label(at) == "30 mi · any style · open Sat 11:30 · soonest open first · 10 results"
    open_filters(at).number_input(key="max_price").set_value(130).run()
    open_filters(at).selectbox(key="session_minutes").set_value(90).run()
    assert (at.query_params["price"], at.query_params["minutes"]) == ("130", "90")
    assert _filters_label(at) == (
        "30 mi · any style · open Sat 11:30 · up to 130 USD · 90+ min · soonest open first · 10 results"
    )


def test_every_card_says_whether_the_studio_is_open(search):
    at = search("Austin, TX")
    line = re.compile(
        r'class="af-hours af-hours-(open|closing_soon|closed|appointment|unknown)">'
        r"(Open now · closes \d\d:\d\d|Closes soon · \d\d:\d\d|Closed · opens (\w{3} )?\d\d:\d\d|By appointment)<"
    )
    assert result_cards(at) and all(line.search(card) for card in result_cards(at))


def test_no_studio_open_nearby_offers_one_action_to_show_closed_ones(open_app):
    at = open_app(place="Austin, TX", open="now", price="1")
    assert texts(at.warning) == ["No studios within 30 mi that match those filters."]
    at.button(key="clear-filters").click().run()
    assert not at.warning and result_cards(at)
    assert not {"open", "price"} & set(dict(at.query_params))


def _filters_label(at) -> str:
    """The label of the control the filters sit behind (it says what they are set to)."""
    return next(block.label for block in at.expander if block.label.endswith(" results"))


def test_the_filters_are_drawn_only_while_open_and_keep_their_values_closed(search):
    at = search("Austin, TX")
    assert not at.select_slider and not at.multiselect  # closed: nothing of them is sent on a search
    open_filters(at).select_slider(key="radius").set_value(5).run()
    open_filters(at).multiselect(key="styles").set_value(["Barefoot Sensei"]).run()
    at.session_state["filters-open"] = False
    at.text_input(key="location").input("Austin, TX 78701").run()  # a new search with the filters closed
    assert not at.select_slider
    assert all(value <= 5 for value, _ in result_distances(at))
    assert at.query_params["radius"] == "5mi" and at.query_params["styles"] == "Barefoot Sensei"
    assert _filters_label(at) == "5 mi · Barefoot Sensei · 10 results"
    reopened = open_filters(at)
    assert reopened.select_slider(key="radius").value == 5
    assert reopened.multiselect(key="styles").value == ["Barefoot Sensei"]


def test_the_price_cap_is_in_the_currency_of_the_studios_near_the_search(open_app):
    at = open_app(place="Berlin", price="90")
    assert open_filters(at).number_input(key="max_price").label == "Price up to, EUR"
    by_name = {studio["name"]: studio for studio in sample_studios()}
    names = result_names(at)
    assert names and all(
        by_name[name]["currency"] == "EUR" and float(by_name[name]["price_from"]) <= 90 for name in names
    )
    at = open_app(place="Mexico City", price="1500")
    assert open_filters(at).number_input(key="max_price").label == "Price up to, MXN"
    names = result_names(at)
    assert names and all(by_name[name]["currency"] == "MXN" for name in names)  # not every US studio under 1,500

"""The address bar's search: untrusted URL values in, a SearchState out, and back again."""

import pytest

from finder.ui.state import SearchState, closest_radius_choice, from_query_params, radius_param

STYLES = ("Ashiatsu DeepFeet", "Barefoot Sensei")


@pytest.mark.parametrize(
    ("params", "radius", "radius_units"),
    [
        ({"radius": "30mi"}, 30, "mi"),
        ({"radius": "50km"}, 50, "km"),
        ({"radius": "50", "units": "km"}, 50, "km"),
        ({"radius": "50"}, 50, ""),  # no unit anywhere: read in the units of the place searched
        ({"radius": "any"}, 0, ""),
        ({"radius": "0"}, 0, ""),
        ({"radius": "40km"}, 50, "km"),  # off the choices: the next choice up, never a smaller one
        ({}, 50, ""),
    ],
)
def test_radius_is_read_with_its_unit(params, radius, radius_units):
    state = from_query_params(params)
    assert (state.radius, state.radius_units) == (radius, radius_units)
    assert not state.problems


@pytest.mark.parametrize(
    "params",
    [
        {"radius": "abc"},
        {"radius": "-5km"},
        {"radius": "1e999"},
        {"units": "furlongs"},
        {"place": "x" * 500},
        {"place": "Austin\x00"},
        {"styles": "<script>alert(1)</script>"},
    ],
)
def test_malformed_values_are_ignored_and_said(params):
    state = from_query_params(params, known_styles=STYLES)
    assert state.problems
    assert "<script>" not in state.styles and len(state.place) <= 200


def test_styles_match_the_directory_whatever_the_case():
    state = from_query_params({"styles": "ashiatsu  deepfeet|BAREFOOT SENSEI|ashiatsu deepfeet"}, known_styles=STYLES)
    assert state.styles == STYLES


def test_round_trip_keeps_the_search():
    state = SearchState(
        place="Portland, Maine", radius=30, units="mi", styles=STYLES, limit=20, list_id="x" * 32, radius_units="mi"
    )
    again = from_query_params(state.to_query_params(), known_styles=STYLES)
    assert (again.place, again.radius, again.radius_units, again.styles, again.limit, again.list_id) == (
        "Portland, Maine",
        30,
        "mi",
        STYLES,
        20,
        "x" * 32,
    )


def test_units_switch_comes_back_to_the_same_radius():
    assert closest_radius_choice(50, "mi") == 30
    assert closest_radius_choice(30 * 1.609344, "km") == 50
    assert radius_param(30, "mi") == "30mi" and radius_param(0, "km") == "any"


def test_round_trip_keeps_the_opening_price_length_and_sort():
    state = SearchState(place="Tokyo", opening="tue-15:00", max_price=9000, session_minutes=90, sort="opens")
    params = state.to_query_params()
    assert {k: params[k] for k in ("open", "price", "minutes", "sort")} == {
        "open": "tue-15:00",
        "price": "9000",
        "minutes": "90",
        "sort": "opens",
    }
    again = from_query_params(params)
    assert (again.opening, again.max_price, again.session_minutes, again.sort) == ("tue-15:00", 9000, 90, "opens")
    assert from_query_params({"open": "NOW"}).opening == "now"
    assert not {"open", "price", "minutes", "sort"} & set(SearchState(place="x").to_query_params())


@pytest.mark.parametrize(
    "params",
    [{"open": "tue-25:00"}, {"open": "someday"}, {"price": "-5"}, {"price": "1e9"}, {"minutes": "45"}, {"sort": "x"}],
)
def test_malformed_filters_in_the_address_are_ignored_and_said(params):
    state = from_query_params(params)
    assert state.problems
    assert (state.opening, state.max_price, state.session_minutes, state.sort) == ("", 0, 0, "distance")


def test_open_at_a_day_and_time_is_that_time_where_the_search_is():
    from datetime import UTC, datetime

    from finder.geocoding.place import Place
    from finder.ui.state import search_filters

    tokyo = Place(query="Tokyo", label="Tokyo", latitude=35.68, longitude=139.69, precision="city", source="test")
    now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday noon in Tokyo
    later = search_filters(SearchState(opening="wed-15:00"), tokyo, now).open_at
    assert later.isoformat() == "2026-12-02T15:00:00+09:00"
    next_week = search_filters(SearchState(opening="tue-15:00"), tokyo, now).open_at
    assert next_week.isoformat() == "2026-12-08T15:00:00+09:00"
    assert search_filters(SearchState(opening="now", max_price=80), tokyo, now).open_at == now

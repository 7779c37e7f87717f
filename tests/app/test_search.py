"""Typing a place: the nearest studios, where we searched from, alternatives and suggestions."""

from __future__ import annotations

from appview import map_script, result_cards, result_distances, result_names, sample_studios, status, texts
from pins import map_pins


def result_cards_text(at) -> str:
    return "\n".join(result_cards(at))


def test_city_lists_sample_studios_by_distance_with_a_map(search):
    at = search("Austin, TX")
    names = result_names(at)
    assert names and set(names) <= {studio["name"] for studio in sample_studios()}
    distances = [value for value, _unit in result_distances(at)]
    assert distances == sorted(distances)
    assert status(at) == f"{len(names)} studios near Austin, Texas, US · city precision"
    script = map_script(at)
    assert [pin["rank"] for pin in map_pins(script)] == list(range(1, len(names) + 1))  # in card order
    assert "L.circleMarker(" in script  # the origin


def test_postal_code(search):
    at = search("04101")
    assert status(at).endswith("near 04101 Portland, Maine, US · postal-code precision")
    assert result_names(at)


def test_coordinates(search):
    at = search("30.27, -97.74")
    assert " near 30.27000, -97.74000" in status(at)
    assert result_names(at)
    assert "Austin" in result_cards_text(at)


def test_ambiguous_place_offers_alternatives_that_search_there(search):
    at = search("Portland")
    assert status(at).endswith("near Portland, Oregon, US · city precision")
    maine = next(button for button in at.button if button.label == "Portland, Maine, US")
    maine.click().run()
    assert not at.exception
    assert at.text_input(key="location").value == "Portland, Maine, US"
    assert status(at).endswith("near Portland, Maine, US · city precision")
    assert ", ME, US" in result_cards_text(at)


def test_unknown_place_suggests_a_spelling(search):
    at = search("Albuqerky")
    assert any("Albuqerky" in warning for warning in texts(at.warning))
    suggestion = at.button(key="suggestion-0")
    assert suggestion.label == "Did you mean Albuquerque, New Mexico, US?"
    suggestion.click().run()
    assert "near Albuquerque, New Mexico, US" in status(at)


def test_code_instead_of_a_place_gets_a_clear_message(search):
    at = search("<script>alert(1)</script>")
    assert texts(at.warning) == ["That looks like code, not a place; type a town, a postal code or an address."]
    assert not result_names(at)

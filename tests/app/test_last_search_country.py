"""The app hands the geocoder the country of the visitor's last search: a postal code several countries share
goes there."""

from __future__ import annotations

from appview import status


def test_a_shared_code_follows_the_country_searched_before(search):
    at = search("Paris, France")
    at.text_input(key="location").input("75001").run()
    assert not at.exception
    assert status(at).endswith("75001 Paris, Île-de-France, FR · postal-code precision")
    at.run()  # a rerun of the same search keeps it
    assert status(at).endswith("75001 Paris, Île-de-France, FR · postal-code precision")


def test_without_a_search_before_it_the_usual_order_holds(search):
    assert status(search("75001")).endswith("75001 Addison, Texas, US · postal-code precision")


def test_a_search_in_the_us_keeps_the_code_there(search):
    at = search("Austin, TX")
    at.text_input(key="location").input("75001").run()
    assert status(at).endswith("75001 Addison, Texas, US · postal-code precision")


def test_the_next_search_follows_the_last_place_found(search):
    at = search("Paris, France")
    at.text_input(key="location").input("Austin, TX").run()
    at.text_input(key="location").input("75001").run()
    assert status(at).endswith("75001 Addison, Texas, US · postal-code precision")

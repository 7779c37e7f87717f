"""Stars persist in the database under a private list id that lives in the address."""

from __future__ import annotations

import json

from appview import cards, map_script, page_html, relay_report, result_names, star_of, stars, tap_star, texts
from pins import map_pins
from sqlalchemy import func, select

from finder.directory.schema import Studio
from finder.favorites import FavoritesStore, new_list_id
from finder.favorites.store import _favorites
from finder.ui.content import STORAGE_KEY


def favorites_view(at):
    """The favourites, opened from their control beside the search (in place of the results)."""
    if not at.session_state["favorites_open"]:
        at.button(key="show-favorites").click().run()
    return at.get_by_key("favorites")


def close_favorites(at):
    if at.session_state["favorites_open"]:
        at.button(key="show-favorites").click().run()
    return at


def test_star_creates_a_private_list_and_unstar_empties_it(search, open_app):
    at = search("Austin, TX")
    star = stars(at)[0]
    studio_id = star.studio_id
    assert star.label.startswith("Save ")  # its accessible name says which studio
    tap_star(at, studio_id)
    assert not at.exception
    list_id = at.query_params["list"]
    assert len(list_id) == 32
    assert at.query_params["place"] == "Austin, TX"  # the search stays in the address
    assert at.button(key="show-favorites").label == "Favourites (1)"
    assert star_of(at, studio_id).saved
    assert star_of(at, studio_id).label.startswith("Remove ") and star_of(at, studio_id).label.endswith(
        " from favourites"
    )
    view = favorites_view(at)
    assert texts(view.subheader) == ["★ Your favourites (1)"]
    assert f'data-studio="{studio_id}"' in "".join(cards(view))
    assert any(f"?list={list_id}" in code.value for code in at.code)  # "Copy link to my list"

    elsewhere = open_app(list=list_id)  # the private link, in another browser
    assert texts(favorites_view(elsewhere).subheader) == ["★ Your favourites (1)"]
    assert elsewhere.button(key=f"unfav-{studio_id}")

    tap_star(close_favorites(at), studio_id)
    assert texts(favorites_view(at).subheader) == ["★ Your favourites (0)"]
    assert not cards(favorites_view(at))


def test_remove_button_in_the_favourites_view(search):
    at = search("Austin, TX")
    studio_id = stars(at)[1].studio_id
    tap_star(at, studio_id)
    favorites_view(at)
    at.button(key=f"unfav-{studio_id}").click().run()
    assert not at.exception
    assert texts(favorites_view(at).subheader) == ["★ Your favourites (0)"]
    assert star_of(close_favorites(at), studio_id).label.startswith("Save ")


def test_malformed_list_id_opens_and_creates_nothing(open_app, db_url):
    at = open_app(list="not-a-list-id'; DROP TABLE favorites;--")
    assert any("not valid" in warning for warning in texts(at.warning))  # said wherever the person is
    view = favorites_view(at)
    assert texts(view.subheader) == ["★ Your favourites (0)"]
    with FavoritesStore(db_url) as store, store._engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(_favorites)).scalar_one() == 0


def test_studio_that_left_the_directory_stays_as_no_longer_listed(open_app, db_url):
    list_id = new_list_id()
    gone = Studio(
        id="closed-1",
        name="Old Barefoot Loft",
        latitude=30.3,
        longitude=-97.7,
        street="1 Gone Street",
        city="Austin",
        region="TX",
        country="US",
    )
    with FavoritesStore(db_url) as store:
        store.add(list_id, gone)
    at = open_app(list=list_id, place="Austin, TX")
    script = map_script(at)
    assert "Old Barefoot Loft" in script  # favourites are on the map too, beside the results
    pins = map_pins(script)
    assert len(pins) == len(result_names(at)) + 1 and pins[-1]["rank"] is None  # the favourite: a star, no number
    view = favorites_view(at)
    [card] = cards(view)
    assert "Old Barefoot Loft" in card and "No longer listed" in card and "1 Gone Street" in card
    view.button(key="unfav-closed-1").click().run()
    assert not cards(favorites_view(at))


def test_a_database_error_says_so_and_leaves_the_star_as_it_was(search, monkeypatch):
    from finder.errors import FavoritesError

    def broken_add(self, list_id, studio):
        raise FavoritesError("Could not save your favourite; please try again.")

    monkeypatch.setattr(FavoritesStore, "add", broken_add)
    at = search("Austin, TX")
    star = stars(at)[0]
    tap_star(at, star.studio_id)
    assert not star_of(at, star.studio_id).saved  # the star is not shown as saved
    assert star_of(at, star.studio_id).label.startswith("Save ")
    assert at.session_state["stars_done"] == 1  # answered: the browser shows the star as the server has it
    assert any("Could not save your favourite" in warning.value for warning in at.warning)


def _storage_scripts(at) -> list[str]:
    return [block for block in page_html(at).split("\n") if "localStorage.setItem" in block and "<script>try" in block]


def test_the_browser_keeps_a_new_list_in_place_of_its_own_and_a_linked_one_only_if_it_keeps_none(search, open_app):
    at = search("Austin, TX")
    assert not _storage_scripts(at)  # no list, nothing to keep; and no component asks the browser anything
    assert not [c for c in at.get("component_instance") if c.proto.component_name.endswith("streamlit_js_eval")]
    tap_star(at, stars(at)[0].studio_id)
    list_id = at.query_params["list"]
    (made,) = _storage_scripts(at)
    assert f"if (true) {{ localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(list_id)}); }}" in made

    linked = open_app(list=list_id)
    (kept,) = _storage_scripts(linked)
    assert f"if (!localStorage.getItem({json.dumps(STORAGE_KEY)}))" in kept and json.dumps(list_id) in kept

    tampered = open_app(list=list_id[:-1] + "<")
    assert not _storage_scripts(tampered)  # an id that is not valid never reaches a script


def test_a_report_of_the_star_relay_sets_each_star_it_names_and_a_repeat_changes_nothing(search):
    """The page sends what each unanswered star should be: a report that replaced an earlier one still
    waiting carries both taps, and the same report applied twice leaves the list as once."""
    at = search("Austin, TX")
    first, second = (star.studio_id for star in stars(at)[:2])
    relay_report(at, {"seq": 2, "wants": {first: True, second: True}})
    assert {star.studio_id for star in stars(at) if star.saved} == {first, second}
    assert at.session_state["stars_done"] == 2
    relay_report(at, {"seq": 2, "wants": {first: True, second: True}})
    assert at.button(key="show-favorites").label == "Favourites (2)"
    relay_report(at, {"seq": 3, "wants": {second: False}})
    assert [star.studio_id for star in stars(at) if star.saved] == [first]


def test_what_the_browser_sends_the_relay_is_checked(search):
    """A report is untrusted input: anything not of its shape is ignored, a studio not listed is said."""
    at = search("Austin, TX")
    studio_id = stars(at)[0].studio_id
    for hostile in (
        None,
        "st-0001",
        [studio_id],
        {"seq": "1", "wants": {studio_id: True}},
        {"seq": True, "wants": {studio_id: True}},
        {"seq": -4, "wants": {studio_id: True}},
        {"seq": 1, "wants": [studio_id]},
        {"seq": 1, "wants": {studio_id: "yes"}},
        {"seq": 1, "wants": {"<script>alert(1)</script>": False, "x" * 5000: False}},
    ):
        relay_report(at, hostile)
        assert not any(star.saved for star in stars(at)), hostile
    assert "list" not in at.query_params  # nothing was saved, so no list was made
    relay_report(at, {"seq": 9, "wants": {"no-such-studio": True}})
    assert any("not in the directory any more" in warning for warning in texts(at.warning))
    assert not any(star.saved for star in stars(at))

"""Favourites in the app: the star on each result, the private list id, and the Favourites view.

The list id comes from the address (``?list=``), else from this browser's localStorage, else
it is made on the first star. Every star is written to the database at once; a database
error shows a message and leaves the star as it was.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Sequence

import numpy as np
import streamlit as st

from ..directory import Directory, Match, Studio
from ..errors import FinderError
from ..favorites import Favorite, export_csv, is_valid_list_id, new_list_id
from ..geo import geodesic_km
from ..geocoding.place import Place
from ..safety import markdown_text
from ..units import Unit
from . import session
from .cards import star_label, studio_card
from .content import FAVORITES_PRIVACY, STORAGE_KEY
from .html import show_html
from .resources import favorites_store

PAGE_SIZE = 20
MAP_FAVORITES = 50


def list_link(list_id: str) -> str:
    """The address of this app with only the list in it: what a person copies to open the list elsewhere."""
    base = (st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    return f"{base}?list={list_id}"


def _keep_in_browser(list_id: str, *, replace: bool) -> None:
    """Write the list id to localStorage with a script that sends nothing back.

    A component that answered (the write, then a read to confirm it) cost a second rerun of the
    whole page 0.3–0.9 s after the first star. The script is drawn on every run; the same script
    again is not run again, and a run cut short before it was drawn is made good by the next. A
    browser that refuses storage still has the list in its address.
    """
    if not is_valid_list_id(list_id):  # only the id's own characters go into the script
        return
    key, value = json.dumps(STORAGE_KEY), json.dumps(list_id)
    keep = "true" if replace else f"!localStorage.getItem({key})"
    show_html(
        f"<script>try {{ if ({keep}) {{ localStorage.setItem({key}, {value}); }} }}"
        " catch (error) { /* storage refused: the address still holds the list */ }</script>",
        unsafe_allow_javascript=True,
    )


def _star_key(studio_id: str) -> str:
    return f"fav-{studio_id}"


def _save(studio: Studio, save: bool, on_list_change: Callable[[], None]) -> None:
    """Star (``save``) or unstar a studio, written at once; on failure leave it as it was and say why."""
    store, problem = favorites_store()
    if store is None:
        st.session_state.favorites_error = problem
        return
    list_id = st.session_state.list_id
    if not list_id:
        if not save:
            return  # no list yet, so nothing to take out of it
        list_id = new_list_id()
        session.set_list_id(list_id, new=True)
        on_list_change()
    try:
        if save:
            store.add(list_id, studio)
        else:
            store.remove(list_id, studio.id)
        st.session_state.favorites_error = ""
    except FinderError as err:
        st.session_state.favorites_error = str(err)


#: The key of the star relay; taps it reports are answered by this number in the session.
STAR_RELAY = "stars"
#: Stars one report may set (a page shows at most 50 results and 50 favourites on the map).
MAX_TAPS = 100

# The stars on the cards are plain buttons in the list's one HTML block; the page's script (PAGE_SCRIPT
# in content.py) shows a tap at once and keeps what each star not yet answered should be: studio id ->
# save or not. This relay hands those reports to Python and tells the page which stars are saved and
# the number of the last report applied (``done``); from then on a star shows what Python saved (a
# failed save, which the page explains, shows the star as it was). A tap changes no card's HTML, so the
# list is not drawn again: the focus stays on the star, and an open Details stays open.
_STARS_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const stars = window.afStars;
  if (!stars) { return; }
  stars.send = setTriggerValue;
  stars.done = Number((data && data.done) || 0);
  stars.saved = (data && data.saved) || [];
  stars.apply();
  stars.flush();
}
"""

_star_relay = st.components.v2.component("finder_stars", js=_STARS_JS, isolate_styles=False)


def star_taps(value: object) -> tuple[int, dict[str, bool]]:
    """A report of the star relay, checked (it comes from the browser): (its number, studio id -> save).

    Anything not of that shape is nothing: (0, {}). Ids are checked by the store and the directory.
    """
    if not isinstance(value, dict):
        return 0, {}
    seq, wants = value.get("seq"), value.get("wants")
    if type(seq) is not int or seq < 1 or not isinstance(wants, dict):
        return 0, {}
    taps = {key: want for key, want in list(wants.items())[:MAX_TAPS] if isinstance(key, str) and type(want) is bool}
    return seq, taps


def _apply_taps(directory: Directory, on_list_change: Callable[[], None]) -> None:
    """Callback of the star relay: set each star it reports, then answer with the report's number.
    Setting a star that is already so changes nothing (the store adds and removes idempotently)."""
    seq, taps = star_taps((st.session_state.get(STAR_RELAY) or {}).get("tap"))
    if not seq:
        return
    for studio_id, save in taps.items():
        studio = directory.get(studio_id)
        if studio is not None:
            _save(studio, save, on_list_change)
        elif not save:
            _remove(studio_id)  # a studio no longer listed can still be taken off the list
        else:
            st.session_state.favorites_error = "That studio is not in the directory any more, so it was not saved."
    st.session_state.stars_done = max(seq, st.session_state.get("stars_done", 0))


def _remove(studio_id: str) -> None:
    store, problem = favorites_store()
    list_id = st.session_state.list_id
    if store is None or not list_id:
        st.session_state.favorites_error = problem or "There is no favourites list to change."
        return
    try:
        store.remove(list_id, studio_id)
        st.session_state.favorites_error = ""
    except FinderError as err:
        st.session_state.favorites_error = str(err)


def _favorite_studio(favorite: Favorite) -> Studio:
    """A studio from the snapshot kept when it was starred (for studios no longer listed)."""
    return Studio(
        id=favorite.studio_id,
        name=favorite.name,
        latitude=favorite.latitude,
        longitude=favorite.longitude,
        street=favorite.address,
        phone=favorite.phone,
        website=favorite.website,
    )


class FavoritesPanel:
    """The favourites of this browser for one run of the script."""

    def __init__(self, directory: Directory, on_list_change: Callable[[], None]) -> None:
        self.directory = directory
        self.on_list_change = on_list_change
        self.store, self.problem = favorites_store()
        self.notice = ""
        self._read: list[Favorite] | None = None
        self.list_id = self._resolve_list_id()
        # One read per run: the stars, the map and the view all use this list.
        self.ids: frozenset[str] = frozenset(favorite.studio_id for favorite in self._favorites())
        self._card_stars: set[str] = set()  # the studios whose card star is on the page this run

    def _resolve_list_id(self) -> str:
        from_url = st.query_params.get("list")
        if from_url is not None and from_url != st.session_state.list_id:
            if is_valid_list_id(from_url):
                session.set_list_id(from_url)
            else:
                self.notice = (
                    "This favourites link is not valid, so no list was opened. Check that the whole link was copied."
                )
                session.set_list_id("")
        return st.session_state.list_id

    def talk_to_browser(self) -> None:
        """Keep the list id in this browser's localStorage: a list made here replaces the one kept, a
        list opened by its link is kept only by a browser that keeps none. (Reading it back is the
        page script's job: at the bare address it puts the kept list into the address.) Drawn last on
        the page, so that it never moves the elements above it."""
        if self.list_id:
            _keep_in_browser(self.list_id, replace=st.session_state.list_is_new)
        _star_relay(
            key=STAR_RELAY,
            data={"done": st.session_state.get("stars_done", 0), "saved": sorted(self.ids & self._card_stars)},
            on_tap_change=functools.partial(_apply_taps, self.directory, self.on_list_change),
        )

    def card_stars(self, studio_ids: Sequence[str]) -> frozenset[str]:
        """Which of these cards to draw with a saved star (the relay shows every later tap).

        While the same studios are listed, their cards keep the stars they were first drawn with: a
        tap then changes no HTML, so the list is not drawn again (the focus stays on the star, an
        open Details stays open), and the relay sets each star from what it is told on every run.
        """
        self._card_stars.update(studio_ids)
        listed = tuple(studio_ids)
        kept = st.session_state.get("card_stars")
        if kept is not None and kept[0] == listed:
            return kept[1]
        saved = frozenset(studio_id for studio_id in listed if studio_id in self.ids)
        st.session_state.card_stars = (listed, saved)
        return saved

    def star(self, studio: Studio) -> None:
        """The star of a studio's own page, a button that says what it does (key ``fav-<studio id>``).
        (The stars of the result cards are in the cards' HTML, and reach Python through the relay.)"""
        starred = studio.id in self.ids
        st.button(
            star_label(markdown_text(studio.name), saved=starred),
            key=_star_key(studio.id),
            icon=":material/star:" if starred else ":material/star_border:",
            type="tertiary",
            on_click=_save,
            args=(studio, not starred, self.on_list_change),
        )

    def map_extras(self, origin: Place | None, *, exclude: Collection[str]) -> list[Match]:
        """Favourites that are not among the results, so the map shows them too."""
        if not self.ids or self.store is None:
            return []
        matches = self._matches([f for f in self._favorites() if f.studio_id not in exclude], origin)
        matches.sort(key=lambda match: match.distance_km)
        return matches[:MAP_FAVORITES]  # the nearest ones: a long list must not flood the map

    def _favorites(self) -> list[Favorite]:
        """This run's favourites, read once (the map and the view both use them)."""
        if self.store is None or not self.list_id:
            return []
        if self._read is None:
            try:
                self._read = self.store.list(self.list_id)
            except FinderError as err:
                self.problem = str(err)
                self._read = []
        return self._read

    def _matches(self, favorites: list[Favorite], origin: Place | None) -> list[Match]:
        listed = self.directory.get_many(f.studio_id for f in favorites)
        studios = [listed.get(f.studio_id) or _favorite_studio(f) for f in favorites]
        if origin is None or not studios:
            return [Match(studio, float("nan")) for studio in studios]
        distances = geodesic_km(
            origin.latitude,
            origin.longitude,
            np.array([s.latitude for s in studios]),
            np.array([s.longitude for s in studios]),
        )
        return [Match(studio, float(d)) for studio, d in zip(studios, distances, strict=True)]

    def settle(self) -> None:
        """Every run: what went wrong with the favourites, said once, wherever the person is."""
        # The same message can come from the store's opening, this run's read and a star's callback: once.
        for message in dict.fromkeys((self.notice, self.problem, st.session_state.favorites_error)):
            if message:
                st.warning(markdown_text(message))

    def render(self, origin: Place | None, unit: Unit) -> None:
        """The Favourites view: starred studios with distance, links, remove, export, import, the link."""
        with st.container(key="favorites", border=True):
            st.subheader(f"★ Your favourites ({len(self.ids)})")
            st.caption(FAVORITES_PRIVACY)
            for line in st.session_state.pop("favorites_import_report", ()):
                st.caption(markdown_text(line))  # import problems quote the file's cells
            favorites = self._favorites()
            if not favorites:
                st.caption("Save a studio with its star in the results to keep it here.")
            else:
                self._list(favorites, origin, unit)
                st.download_button(
                    "Export as CSV",
                    data=export_csv(favorites),
                    file_name="ashiatsu-favourites.csv",
                    mime="text/csv",
                    key="favorites-export",
                )
            if self.list_id:
                st.caption("Copy link to my list (open it on another device, or keep it as a bookmark):")
                st.code(list_link(self.list_id), language=None, wrap_lines=True)
            self._import()

    def _list(self, favorites: list[Favorite], origin: Place | None, unit: Unit) -> None:
        matches = self._matches(favorites, origin)
        if origin is not None:
            matches.sort(key=lambda match: match.distance_km)
        pages = max(1, -(-len(matches) // PAGE_SIZE))
        page = 1
        if pages > 1:
            page = st.number_input("Page", min_value=1, max_value=pages, value=1, step=1, key="favorites-page")
        for match in matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
            studio = match.studio
            listed = studio.id in self.directory
            with st.container(border=True, key=f"favorite-{studio.id}"):
                show_html(
                    studio_card(
                        studio,
                        distance_km=None if origin is None else match.distance_km,
                        unit=unit,
                        origin=origin,
                        status="" if listed else "No longer listed in the directory",
                    )
                )
                st.button("Remove", key=f"unfav-{studio.id}", on_click=_remove, args=(studio.id,))

    def _import(self) -> None:
        upload = st.file_uploader("Import favourites from a CSV file", type=["csv"], key="favorites-import")
        if upload is None or st.session_state.get("favorites_imported") == upload.file_id:
            return
        st.session_state.favorites_imported = upload.file_id
        if self.store is None:
            return
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.warning("That file is not UTF-8 text. Export it as 'CSV UTF-8' and try again.")
            return
        if not self.list_id:
            self.list_id = new_list_id()
            session.set_list_id(self.list_id, new=True)
            self.on_list_change()
        try:
            result = self.store.import_csv(self.list_id, text)
        except FinderError as err:
            st.warning(markdown_text(err))
            return
        lines = [f"Imported {result.added} favourites ({result.skipped} were already in your list)."]
        st.session_state.favorites_import_report = lines + result.problems[:20]
        st.rerun()

"""The search in this browser session, kept in step with the address bar.

The address is the source of truth: on the first run, and whenever the browser goes Back or
Forward, the widgets follow it; every change a person makes is written back as a new history
entry. The callbacks here are the widgets' ``on_change``/``on_click`` handlers.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ..geocoding.place import Place
from ..units import UNITS, Unit, default_unit
from .state import SearchState, closest_radius_choice, from_query_params, radius_param

#: The widgets whose values the address holds (each widget's key is its session-state key).
_WIDGET_KEYS = ("location", "radius", "styles", "limit", "open_filter", "max_price", "session_minutes", "sort")

#: Every other key of this session's state, with its value before anything happened. ``units`` is the
#: units widget; ``units_choice`` is SearchState.units (what a person chose, "" = the place's units);
#: ``shown_units`` is SearchState.radius_units (the units the radius widget is in now, so a switch
#: can carry the same distance across).
_DEFAULTS: dict[str, object] = {
    "units_choice": "",
    "shown_units": "",
    "list_id": "",  # the favourites list (the address's ?list=)
    "list_is_new": False,  # made in this session: this browser's storage should keep it in place of its own
    "synced_url": None,  # the address the widgets were last set from or written to
    "url_problems": (),  # what the address held that had to be ignored, for people
    "favorites_error": "",
    "geo_request": 0,  # "Use my location" presses so far
    "geo_answered": 0,  # the last press the browser answered
    "geo_message": "",
    "favorites_open": False,  # the favourites shown in place of the results
    "view": "List",  # on a phone: the list or the map
    "studio": "",  # the studio whose page is open (the address's ?studio=), or ""
    "known_styles": (),  # the directory's styles, for reading the address's styles in a callback
    "open_day": "sat",  # the "Open at…" day and time, kept while another opening filter is chosen
    "open_time": "10:00",
    "searched": None,  # (the query placed last, its country, the country of the search before it)
}


def start(known_styles: Iterable[str]) -> None:
    """At the top of every run: the session's defaults, then the widgets from the address."""
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if st.session_state.view not in ("List", "Map"):
        st.session_state.view = "List"
    follow_address(known_styles)


def follow_address(known_styles: Iterable[str]) -> None:
    """On the first run, or after Back/Forward, set the widgets from the address.

    Also when Streamlit has dropped a widget's value: a run cut short by a newer one (a browser
    component answering, say) forgets the widgets it had not reached yet. The address was written
    with every change, so it still holds what they showed.
    """
    st.session_state.known_styles = tuple(known_styles)
    address = st.query_params.to_dict()
    synced = st.session_state.get("synced_url") == address
    missing = [key for key in _WIDGET_KEYS if key not in st.session_state]
    if synced and not missing:
        return
    state = from_query_params(address, known_styles=known_styles)
    _restore_widgets(state, _WIDGET_KEYS if not synced else missing)
    if not synced:
        st.session_state.studio = state.studio
        st.session_state.units_choice = state.units
        st.session_state.synced_url = address
        st.session_state.url_problems = state.problems


def _restore_widgets(state: SearchState, restore: tuple[str, ...] | list[str]) -> None:
    """These widgets' values from the address's state."""
    if "location" in restore:
        st.session_state.location = state.place
    if "radius" in restore:
        st.session_state.radius = state.radius
        st.session_state.shown_units = state.radius_units  # "": the radius is in the units of the place
    if "styles" in restore:
        st.session_state.styles = list(state.styles)
    if "limit" in restore:
        st.session_state.limit = state.limit
    _restore_filters(state, restore)


def _restore_filters(state: SearchState, restore: tuple[str, ...] | list[str]) -> None:
    """The opening, price, length and sort widgets from the address."""
    if "open_filter" in restore:
        st.session_state.open_filter = "at" if state.opening not in ("", "now") else state.opening or "any"
        if st.session_state.open_filter == "at":
            st.session_state.open_day, st.session_state.open_time = state.opening.split("-")
    if "max_price" in restore:
        st.session_state.max_price = state.max_price or None
    if "session_minutes" in restore:
        st.session_state.session_minutes = state.session_minutes
    if "sort" in restore:
        st.session_state.sort = state.sort


def _opening() -> str:
    choice = st.session_state.open_filter
    if choice == "at":
        return f"{st.session_state.open_day}-{st.session_state.open_time}"
    return "now" if choice == "now" else ""


def current() -> SearchState:
    """The search this session shows, as the address would hold it.

    A callback runs before the page, so before :func:`follow_address` has put back the values of
    widgets Streamlit dropped (a run cut short, a browser that did not send one): those come from the
    address here too, never a missing key.
    """
    missing = [key for key in _WIDGET_KEYS if key not in st.session_state]
    if missing:
        known = st.session_state.get("known_styles", ())
        _restore_widgets(from_query_params(st.query_params.to_dict(), known_styles=known), missing)
    return SearchState(
        place=st.session_state.location.strip(),
        radius=st.session_state.radius,
        units=st.session_state.units_choice,
        styles=tuple(st.session_state.styles),
        limit=st.session_state.limit,
        list_id=st.session_state.list_id,
        radius_units=st.session_state.shown_units,
        studio=st.session_state.studio,
        opening=_opening(),
        max_price=int(st.session_state.max_price or 0),
        session_minutes=st.session_state.session_minutes,
        sort=st.session_state.sort,
    )


def write_address() -> None:
    """Put the current search in the address bar (a new history entry, so Back works)."""
    params = current().to_query_params()
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state.synced_url = params


def settle_units(origin: Place | None) -> Unit:
    """The units to show: the person's choice, else the place's; the radius follows, as one distance."""
    units = st.session_state.units_choice or default_unit(origin.country_code if origin else None)
    radius_units = st.session_state.shown_units
    if radius_units != units:
        if radius_units:  # another place, other units: the same distance, not a growing one
            radius_km = SearchState(radius=st.session_state.radius, units=radius_units).radius_km
            st.session_state.radius = closest_radius_choice(radius_km, units) if radius_km else 0
        else:  # a radius from the address without units is in the units of the place
            st.session_state.radius = from_query_params({**st.query_params.to_dict(), "units": units}).radius
        shown_radius = radius_param(st.session_state.radius, units)
        if st.query_params.get("radius", shown_radius) != shown_radius:
            st.query_params["radius"] = shown_radius  # the address holds the radius shown, with its unit
            st.session_state.synced_url = st.query_params.to_dict()
    st.session_state.units = units
    st.session_state.shown_units = units
    return units


def last_country(query: str) -> str | None:
    """The country of the visitor's last search before this query: a postal code shared by several countries
    goes there (OfflineGeocoder.locate). The reruns of one search keep the country that came before it."""
    searched = st.session_state.get("searched")
    if not searched:
        return None
    previous_query, country, before = searched
    return before if previous_query == query else country


def remember_search(query: str, origin: Place | None, before: str | None) -> None:
    """Remember where this search was, for the next one (``before``: what last_country said for it)."""
    country = origin.country_code if origin and origin.country_code else before
    st.session_state.searched = (query, country, before)


def set_list_id(list_id: str, *, new: bool = False) -> None:
    """Open this favourites list (``new``: made here, so this browser should remember it)."""
    st.session_state.list_id = list_id
    if new:
        st.session_state.list_is_new = True


# --- callbacks --------------------------------------------------------------------------------


def on_units_change() -> None:
    """The radius moves to the same distance in the other unit."""
    previous = st.session_state.shown_units or "km"
    if st.session_state.units not in UNITS:  # clicking the selected unit again clears it
        st.session_state.units = previous
        return
    radius = SearchState(radius=st.session_state.radius, units=previous).radius_km
    st.session_state.units_choice = st.session_state.shown_units = st.session_state.units
    st.session_state.radius = closest_radius_choice(radius, st.session_state.units)
    write_address()


def on_radius_change() -> None:
    """A distance a person picked keeps its unit, also in the address they share."""
    st.session_state.units_choice = st.session_state.units_choice or st.session_state.shown_units
    write_address()


def search() -> None:
    """A new search (the box, the Search button): the results, even from a studio's page."""
    st.session_state.studio = ""
    write_address()


def choose_place(label: str) -> None:
    """Search this place: a suggestion, an alternative reading, or where the browser says we are."""
    st.session_state.location = label
    search()


def close_studio() -> None:
    """From a studio's page back to the results it was opened from."""
    st.session_state.studio = ""
    write_address()


def remove_style(style: str) -> None:
    """One style chip's ✕: search without that style."""
    st.session_state.styles = [chosen for chosen in st.session_state.styles if chosen != style]
    write_address()


def toggle_favorites() -> None:
    """The favourites in place of the results, or back."""
    st.session_state.favorites_open = not st.session_state.favorites_open


def clear_styles() -> None:
    """Drop the style filter: "never a dead end" when no studio offers the chosen styles."""
    st.session_state.styles = []
    write_address()


def filters_active() -> bool:
    """True when an opening, price or length filter is set."""
    state = current()
    return bool(state.opening or state.max_price or state.session_minutes)


def clear_filters_label() -> str:
    """The one action that drops them: "Show closed studios too" when only the opening filter is set."""
    state = current()
    return "Show closed studios too" if not (state.max_price or state.session_minutes) else "Any time, price and length"


def clear_filters() -> None:
    """Drop the opening, price and length filters: "never a dead end" when no studio matches them."""
    st.session_state.open_filter = "any"
    st.session_state.max_price = None
    st.session_state.session_minutes = 0
    write_address()


def widen_to(radius: int) -> None:
    """Widen the radius to this choice (0: any distance)."""
    st.session_state.radius = radius
    write_address()

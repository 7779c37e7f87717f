"""The answer to a search on the page: what was understood, the result list (or why there is none), the map.

Every string that came from the CSV or the location box is escaped (finder.safety) before Streamlit
renders it as Markdown; the cards and the map escape their own HTML.
"""

from __future__ import annotations

import streamlit as st

from ..directory import Match
from ..geo import precision_label
from ..geocoding.place import Place
from ..safety import markdown_text
from ..search import SearchOutcome
from ..units import Unit, format_distance
from . import session
from .cards import match_card
from .favorites_view import FavoritesPanel
from .map import studio_id_at
from .map_component import results_map
from .resources import Located
from .state import nearest_radius_choice

MAP_HEIGHT = 520


def render_located(located: Located | None) -> None:
    """What the location box was understood as: the place and its precision, or why it is not a place."""
    if located is None:
        return
    if located.error:
        st.warning(markdown_text(located.error))  # the message quotes what was typed
        if located.suggestions:
            st.write("Did you mean:")
            for index, label in enumerate(located.suggestions[:5]):
                st.button(markdown_text(label), key=f"suggestion-{index}", on_click=session.choose_place, args=(label,))
        return
    origin = located.place
    precision = "" if origin.precision == "coordinates" else f" · {precision_label(origin.precision)}"
    st.markdown(f"**Near {markdown_text(origin.label)}**{precision}")
    if origin.note:
        st.caption(markdown_text(origin.note))
    if origin.alternatives:
        st.write("Did you mean:")
        alternatives = st.columns(min(len(origin.alternatives), 4))
        for index, alternative in enumerate(origin.alternatives[:4]):
            alternatives[index].button(
                markdown_text(alternative.label),
                key=f"alternative-{index}",
                on_click=session.choose_place,
                args=(alternative.label,),
            )


def render(outcome: SearchOutcome | None, *, units: Unit, favorites: FavoritesPanel) -> None:
    """The result list beside the map; before any search, a line saying what to do."""
    results_column, map_column = st.columns([5, 6])
    if outcome is None:
        with results_column:
            st.caption("Type where you are to see the studios nearest to you.")
        return
    shown = outcome.matches or outcome.beyond
    clicked = st.session_state.get("map") or {}
    selected_id = studio_id_at(shown, clicked) if clicked else None
    with results_column:
        _render_list(outcome, shown, units=units, favorites=favorites, selected_id=selected_id)
    with map_column:
        _render_map(outcome.origin, shown, radius_km=outcome.radius_km, units=units, favorites=favorites)


def _render_list(
    outcome: SearchOutcome, shown: tuple[Match, ...], *, units: Unit, favorites: FavoritesPanel, selected_id: str | None
) -> None:
    if outcome.matches:
        st.subheader(f"{len(outcome.matches)} nearest studios")
    else:
        _render_nothing_within(outcome, units)
    for rank, match in enumerate(shown, 1):
        if match.studio.id == selected_id:
            st.caption(f"Selected on the map: {rank}. {markdown_text(match.studio.name)} (outlined below)")
    for rank, match in enumerate(shown, 1):
        with st.container(border=True, key=f"result-{rank}"):
            st.html(
                match_card(match, unit=units, origin=outcome.origin, selected=match.studio.id == selected_id, rank=rank)
            )
            favorites.star(match.studio)


def _render_nothing_within(outcome: SearchOutcome, units: Unit) -> None:
    """No studio matches: say why, how far the nearest is, and offer the one action that finds it."""
    styles = st.session_state.styles
    if outcome.radius_km is None:
        st.warning("No studio in the directory offers those styles; choose other styles.")
    else:
        st.warning(
            f"No studios within {format_distance(outcome.radius_km, units)}"
            + (" offering those styles." if styles else ".")
        )
    if outcome.beyond:
        nearest = outcome.beyond[0]
        st.write(f"The nearest is {format_distance(nearest.distance_km, units)} away.")
        widen = nearest_radius_choice(outcome.widen_to_km, units)
        label = f"Widen to {widen} {units}" if widen else "Show any distance"
        st.button(label, key="widen", on_click=session.widen_to, args=(widen,))


def _render_map(
    origin: Place, shown: tuple[Match, ...], *, radius_km: float | None, units: Unit, favorites: FavoritesPanel
) -> None:
    extra = favorites.map_extras(origin, exclude={match.studio.id for match in shown})
    # The clicked studio is highlighted in the list, not redrawn on the map: an unchanged map is
    # not reloaded by the browser, so the popup the person just opened stays open.
    results_map(
        origin,
        list(shown) + extra,
        radius_km=radius_km,
        unit=units,
        favorite_ids=favorites.ids,
        numbered=len(shown),
        key="map",
        height=MAP_HEIGHT,
        returned_objects=("last_object_clicked", "last_object_clicked_tooltip"),
    )

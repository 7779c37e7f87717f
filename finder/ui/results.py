"""The answer to a search on the page: what was understood, the result list (or why there is none), the map.

Every string that came from the CSV or the location box is escaped (finder.safety) before Streamlit
renders it as Markdown or HTML; the cards and the map escape their own HTML. On a desktop the list and
the map stand side by side (the map stays in view); on a phone the ``view`` switch shows one of them.
"""

from __future__ import annotations

import json

import streamlit as st

from ..directory import Match
from ..geo import precision_label
from ..geocoding.place import Place
from ..safety import html_text, markdown_text
from ..search import SearchOutcome
from ..units import Unit, format_distance
from . import session, suggest_form
from .cards import match_card
from .favorites_view import FavoritesPanel
from .html import show_html
from .map import studio_id_at
from .map_component import results_map
from .resources import Located
from .state import SearchState, nearest_radius_choice

MAP_HEIGHT = 560
_SELECTED_CSS = "@media (min-width: 641px) {.st-key-selected-under-map {display: none;}}"


def render_problem(located: Located | None, *, countries: frozenset[str]) -> None:
    """Why what was typed is not a place, with the likely readings; or the other readings of a place."""
    if located is None:
        return
    if located.error:
        st.warning(markdown_text(located.error))  # the message quotes what was typed
        for index, label in enumerate(located.suggestions[:5]):
            st.button(
                f"Did you mean {markdown_text(label)}?",
                key=f"suggestion-{index}",
                on_click=session.choose_place,
                args=(label,),
            )
        return
    # Other readings, where the directory could have studios for them (a US ZIP is no Czech postcode).
    plausible = [alt for alt in located.place.alternatives if not alt.country_code or alt.country_code in countries]
    if plausible:
        with st.container(key="alternatives", horizontal=True, gap="small"):
            st.caption("Did you mean:")
            for index, alternative in enumerate(plausible[:4]):
                st.button(
                    markdown_text(alternative.label),
                    key=f"alternative-{index}",
                    type="tertiary",
                    on_click=session.choose_place,
                    args=(alternative.label,),
                )


def _status(outcome: SearchOutcome) -> None:
    """One line: how many studios near where, and how exactly that place is known."""
    origin = outcome.origin
    count = len(outcome.matches)
    found = f"{count} studio{'s' if count != 1 else ''} near" if count else "Near"
    precision = "" if origin.precision == "coordinates" else precision_label(origin.precision)
    small = " · ".join(html_text(text) for text in (precision, origin.note or "") if text)
    show_html(
        f'<div class="af-status"><h2>{found} {html_text(origin.label)}</h2>'
        + (f"<p>{small}</p>" if small else "")
        + "</div>"
    )


def render(outcome: SearchOutcome | None, *, units: Unit, favorites: FavoritesPanel, state: SearchState) -> None:
    """The result list beside the map; before any search, a line saying what to do."""
    if outcome is None:
        st.caption("Type where you are (a town, a postal code, an address) or use your location.")
        return
    _status(outcome)
    _style_chips(state.styles)
    shown = outcome.matches or outcome.beyond
    clicked = st.session_state.get("map") or {}
    selected_id = studio_id_at(shown, clicked) if clicked else None
    drawn_saved = favorites.card_stars([match.studio.id for match in shown])  # each card's star, first drawn
    list_column, map_column = st.columns([5, 6], gap="medium")
    with list_column, st.container(key="results-list"):
        _render_list(outcome, shown, units=units, selected_id=selected_id, state=state, drawn_saved=drawn_saved)
    with map_column, st.container(key="results-map"):
        _render_map(outcome.origin, shown, radius_km=outcome.radius_km, units=units, favorites=favorites)
        selected = next((match for match in shown if match.studio.id == selected_id), None)
        if selected is not None:  # on a phone the picked pin's card shows under the map
            rank = shown.index(selected) + 1
            with st.container(key="selected-under-map"):
                saved = selected.studio.id in drawn_saved
                card = match_card(selected, unit=units, origin=outcome.origin, selected=True, rank=rank, saved=saved)
                show_html(f'<style>{_SELECTED_CSS}</style><div class="af-under-map">{card}</div>')


def _style_chips(styles: tuple[str, ...]) -> None:
    """The styles the results are filtered by, each a chip that removes it."""
    if not styles:
        return
    with st.container(key="style-chips", horizontal=True, gap="small"):
        for index, style in enumerate(styles):
            st.button(
                markdown_text(style),
                key=f"chip-{index}",
                icon=":material/close:",
                help=f"Show studios of any style, not only {markdown_text(style)}",
                on_click=session.remove_style,
                args=(style,),
            )


def _render_list(
    outcome: SearchOutcome,
    shown: tuple[Match, ...],
    *,
    units: Unit,
    selected_id: str | None,
    state: SearchState,
    drawn_saved: frozenset[str],
) -> None:
    if not outcome.matches:
        _render_nothing_within(outcome, units)
    # The whole list is one element, stars included (their taps reach Python through the star relay):
    # each element costs the server on every search of every visitor, and the browser a redraw.
    cards = [
        match_card(
            match,
            unit=units,
            origin=outcome.origin,
            selected=match.studio.id == selected_id,
            rank=rank,
            page_href=state.query_string(studio=match.studio.id),
            on_map=True,
            saved=match.studio.id in drawn_saved,
        )
        for rank, match in enumerate(shown, 1)
    ]
    if cards:
        show_html(f'<div class="af-list">{"".join(cards)}</div>')
    if outcome.matches:
        suggest_form.open_button()
    if selected_id is not None:
        _bring_into_view(selected_id)


def _bring_into_view(studio_id: str) -> None:
    """Scroll the card of the pin just clicked into view (the list may be long, the card far down)."""
    target = json.dumps(studio_id).replace("<", "\\u003c")  # a JS string literal that cannot end the script
    show_html(
        "<script>(function () { var card = document.querySelector('.st-key-results-list [data-studio=\"'"
        f" + CSS.escape({target}) + '\"]');"
        " if (card) { card.scrollIntoView({block: 'nearest', behavior: 'smooth'}); } })();</script>",
        unsafe_allow_javascript=True,
    )


def _render_nothing_within(outcome: SearchOutcome, units: Unit) -> None:
    """No studio matches: say why, how far the nearest is, and offer the actions that find one."""
    styles = st.session_state.styles
    filtered = session.filters_active()
    if outcome.radius_km is None:
        st.warning(
            "No studio in the directory matches those filters."
            if filtered
            else "No studio in the directory offers those styles."
        )
    else:
        within = f"{st.session_state.radius} {units}" if st.session_state.radius else "any distance"
        why = " that match those filters." if filtered else " offering those styles." if styles else "."
        st.warning(f"No studios within {within}{why}")
    with st.container(key="no-results-actions", horizontal=True, gap="small"):
        if outcome.beyond:
            nearest = outcome.beyond[0]
            widen = nearest_radius_choice(outcome.widen_to_km, units)
            label = f"Widen to {widen} {units}" if widen else "Show any distance"
            st.button(
                f"{label} (nearest: {format_distance(nearest.distance_km, units)})",
                key="widen",
                on_click=session.widen_to,
                args=(widen,),
            )
        if styles:
            st.button("Clear the style filter", key="clear-styles", on_click=session.clear_styles)
        if filtered:
            st.button(session.clear_filters_label(), key="clear-filters", on_click=session.clear_filters)
        suggest_form.open_button()  # the studio a person knows of may be just the one missing here


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

"""Ashiatsu Finder: where is the nearest studio that offers Ashiatsu barefoot massage?

Run with `streamlit run app.py`. This file lays out the page: widgets in, one call into
`finder` for the search, render out. Everything else lives in `finder/` (the core) and
`finder/ui/` (Streamlit-only helpers).
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from finder.safety import markdown_text
from finder.search import format_distance, search
from finder.ui import favorites_view, geolocation, session
from finder.ui.cards import CARD_CSS, match_card
from finder.ui.content import ATTRIBUTION, LOCATION_PLACEHOLDER, SAMPLE_NOTICE, WHY_ASHIATSU
from finder.ui.map import build_map, studio_id_at
from finder.ui.resources import locate, studio_directory
from finder.ui.state import LIMIT_CHOICES, RADIUS_CHOICES, nearest_radius_choice

st.set_page_config(page_title="Ashiatsu Finder", page_icon="🦶", layout="wide")

loaded = studio_directory()
directory = loaded.directory
known_styles = directory.styles if directory else ()

session.follow_address(known_styles)  # the address bar is the source of truth for the search
geolocation.apply_answer(on_location=session.write_address)  # a position the browser sent fills the box

# --- where are you? --------------------------------------------------------------------------
query = st.session_state.location.strip()
located = locate(query) if query else None
origin = located.place if located else None
units = session.settle_units(origin)

with st.sidebar:
    st.markdown(WHY_ASHIATSU)
    st.caption(ATTRIBUTION)

st.markdown(CARD_CSS, unsafe_allow_html=True)  # constant CSS, no untrusted text
st.title("Ashiatsu Finder")
st.write("Find studios near you that offer Ashiatsu, the barefoot massage given with overhead bars.")

if directory is None:
    st.error(f"The studio directory could not be loaded. {loaded.error}")
    st.stop()
if loaded.is_sample:
    st.info(SAMPLE_NOTICE)
report = directory.report
if report.skipped:
    with st.expander(f"{report.skipped} listings skipped — details"):
        st.caption("Fix these lines in the CSV and reload the page; every other listing is searchable.")
        st.code("\n".join(str(problem) for problem in report.errors[:500]), language=None)
for problem in st.session_state.get("url_problems", ()):
    st.caption(problem)

search_column, button_column, locate_column = st.columns([6, 1, 2], vertical_alignment="bottom")
search_column.text_input("Where are you?", key="location", placeholder=LOCATION_PLACEHOLDER,
                         max_chars=200, on_change=session.write_address)
button_column.button("Search", key="search", on_click=session.write_address, use_container_width=True)
locate_column.button("📍 Use my location", key="use_location", on_click=geolocation.request,
                     use_container_width=True)
geolocation.render()

filters = st.columns([3, 2, 3, 2])
filters[0].select_slider(
    "Within", options=RADIUS_CHOICES[units], key="radius", on_change=session.on_radius_change,
    format_func=lambda value: f"{value} {units}" if value else "any distance",
)
filters[1].segmented_control("Units", options=["mi", "km"], key="units", on_change=session.on_units_change,
                             selection_mode="single")
filters[2].multiselect("Styles", options=list(known_styles), key="styles", on_change=session.write_address,
                       placeholder="Any style")
filters[3].selectbox("Results", options=LIMIT_CHOICES, key="limit", on_change=session.write_address)

if located and located.error:
    st.warning(markdown_text(located.error))  # the message quotes what was typed
    if located.suggestions:
        st.write("Did you mean:")
        for index, label in enumerate(located.suggestions[:5]):
            st.button(markdown_text(label), key=f"suggestion-{index}", on_click=session.choose_place, args=(label,))

favorites = favorites_view.FavoritesPanel(directory, on_list_change=session.write_address)
outcome = None
if origin is not None:
    approximate = "" if origin.precision == "coordinates" else f" · {origin.precision.replace('_', '-')} precision"
    st.markdown(f"**Near {markdown_text(origin.label)}**{approximate}")
    if origin.note:
        st.caption(markdown_text(origin.note))
    if origin.alternatives:
        st.write("Did you mean:")
        alternatives = st.columns(min(len(origin.alternatives), 4))
        for index, alternative in enumerate(origin.alternatives[:4]):
            alternatives[index].button(markdown_text(alternative.label), key=f"alternative-{index}",
                                       on_click=session.choose_place,
                                       args=(alternative.label,))
    radius_km = session.radius_km()
    outcome = search(directory, origin, limit=st.session_state.limit, radius_km=radius_km,
                     styles=st.session_state.styles)

results_column, map_column = st.columns([5, 6])
if outcome is not None:
    shown = outcome.matches or outcome.beyond
    clicked = st.session_state.get("map") or {}
    selected_id = studio_id_at(shown, clicked) if clicked else None
    with results_column:
        if not outcome.matches:
            if radius_km is None:
                st.warning("No studio in the directory offers those styles; choose other styles.")
            else:
                st.warning(f"No studios within {format_distance(radius_km, units)}"
                           + (" offering those styles." if st.session_state.styles else "."))
            if outcome.beyond:
                nearest = outcome.beyond[0]
                st.write(f"The nearest is {format_distance(nearest.distance_km, units)} away.")
                widen = nearest_radius_choice(outcome.widen_to_km, units)
                label = f"Widen to {widen} {units}" if widen else "Show any distance"
                st.button(label, key="widen", on_click=session.widen_to, args=(widen,))
        else:
            st.subheader(f"{len(outcome.matches)} nearest studios")
        for rank, match in enumerate(shown, 1):
            if match.studio.id == selected_id:
                st.caption(f"Selected on the map: {rank}. {markdown_text(match.studio.name)} (outlined below)")
        for rank, match in enumerate(shown, 1):
            with st.container(border=True, key=f"result-{rank}"):
                st.html(match_card(match, unit=units, origin=origin, selected=match.studio.id == selected_id,
                                   rank=rank))
                favorites.star(match.studio)
    with map_column:
        extra = favorites.map_extras(origin, exclude={m.studio.id for m in shown})
        # The clicked studio is highlighted in the list, not redrawn on the map: an unchanged map is
        # not reloaded by the browser, so the popup the person just opened stays open.
        fmap = build_map(origin, list(shown) + extra, radius_km=radius_km, unit=units,
                         favorite_ids=favorites.ids)
        st_folium(fmap, key="map", height=520, use_container_width=True,
                  returned_objects=["last_object_clicked", "last_object_clicked_tooltip"])
else:
    with results_column:
        st.caption("Type where you are to see the studios nearest to you.")

favorites.render(origin, units)

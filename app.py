"""Ashiatsu Finder: where is the nearest studio that offers Ashiatsu barefoot massage?

Run with `streamlit run app.py`. This file lays out the page: widgets in, one call into
`finder` for the search, render out. Everything else lives in `finder/` (the core) and
`finder/ui/` (Streamlit-only helpers).
"""

from __future__ import annotations

import streamlit as st

from finder.search import search
from finder.ui import favorites_view, geolocation, results, session
from finder.ui.cards import CARD_CSS
from finder.ui.content import ATTRIBUTION, LOCATION_PLACEHOLDER, SAMPLE_NOTICE, WHY_ASHIATSU
from finder.ui.resources import freeze_loaded_heap, locate, run_slot, studio_directory
from finder.ui.state import LIMIT_CHOICES, RADIUS_CHOICES


def page() -> None:
    """One run of the page, top to bottom."""
    st.set_page_config(page_title="Ashiatsu Finder", page_icon="🦶", layout="wide")

    loaded = studio_directory()
    directory = loaded.directory
    known_styles = directory.styles if directory else ()

    session.start(known_styles)  # the session's defaults; the address bar is the source of truth for the search
    geolocation.apply_answer(on_location=session.choose_place)  # a position the browser sent fills the box

    # --- where are you? --------------------------------------------------------------------------
    query = session.current().place
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
    for problem in st.session_state.url_problems:
        st.caption(problem)

    search_column, button_column, locate_column = st.columns([6, 1, 2], vertical_alignment="bottom")
    search_column.text_input(
        "Where are you?",
        key="location",
        placeholder=LOCATION_PLACEHOLDER,
        max_chars=200,
        on_change=session.write_address,
    )
    button_column.button("Search", key="search", on_click=session.write_address, use_container_width=True)
    locate_column.button(
        "📍 Use my location", key="use_location", on_click=geolocation.request, use_container_width=True
    )
    geolocation.render()

    filters = st.columns([3, 2, 3, 2])
    filters[0].select_slider(
        "Within",
        options=RADIUS_CHOICES[units],
        key="radius",
        on_change=session.on_radius_change,
        format_func=lambda value: f"{value} {units}" if value else "any distance",
    )
    filters[1].segmented_control(
        "Units", options=["mi", "km"], key="units", on_change=session.on_units_change, selection_mode="single"
    )
    filters[2].multiselect(
        "Styles", options=list(known_styles), key="styles", on_change=session.write_address, placeholder="Any style"
    )
    filters[3].selectbox("Results", options=LIMIT_CHOICES, key="limit", on_change=session.write_address)

    results.render_located(located)
    favorites = favorites_view.FavoritesPanel(directory, on_list_change=session.write_address)
    state = session.current()
    outcome = (
        None
        if origin is None
        else search(directory, origin, limit=state.limit, radius_km=state.radius_km, styles=state.styles)
    )
    results.render(outcome, units=units, favorites=favorites)
    favorites.render(origin, units)


with run_slot():  # a few runs at a time: more would only take turns for the interpreter lock
    page()
freeze_loaded_heap()  # once per process: the loaded directory and gazetteer leave the collector's walk

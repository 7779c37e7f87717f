"""Ashiatsu Finder: where is the nearest studio that offers Ashiatsu barefoot massage?

Run with `streamlit run app.py`. This file lays out the page: widgets in, one call into
`finder` for the search, render out. Everything else lives in `finder/` (the core) and
`finder/ui/` (Streamlit-only helpers).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

import streamlit as st

from finder.safety import markdown_text
from finder.search import search
from finder.ui import favorites_view, geolocation, layout, results, session, studio_page, suggest_form
from finder.ui.resources import freeze_loaded_heap, locate, run_slot, studio_directory
from finder.ui.state import search_filters


def page() -> None:
    """One run of the page, top to bottom."""
    st.set_page_config(page_title="Ashiatsu Finder", page_icon="🦶", layout="wide", initial_sidebar_state="collapsed")
    loaded = studio_directory()
    directory = loaded.directory
    known_styles = directory.styles if directory else ()

    session.start(known_styles)  # the session's defaults; the address bar is the source of truth for the search
    geolocation.apply_answer(on_location=session.choose_place)  # a position the browser sent fills the box

    state = session.current()
    before = session.last_country(state.place)
    located = locate(state.place, last_country=before) if state.place else None
    origin = located.place if located else None
    session.remember_search(state.place, origin, before)
    units = session.settle_units(origin)

    layout.header(is_sample=loaded.is_sample, view=st.session_state.view)
    if directory is None:
        st.error(f"The studio directory could not be loaded. {loaded.error}")
        st.stop()
    report = directory.report
    if report.skipped:
        with st.expander(f"{report.skipped} listings skipped — details"):
            st.caption("Fix these lines in the CSV and reload the page; every other listing is searchable.")
            st.code("\n".join(str(problem) for problem in report.errors[:500]), language=None)
    favorites = favorites_view.FavoritesPanel(directory, on_list_change=session.write_address)
    layout.search_bar(favorites_count=len(favorites.ids))
    # The currency a price cap is in, found at most once a run, and only when something shows or uses it.
    local_currency = cache(lambda: directory.currency_near(origin.latitude, origin.longitude) if origin else "")
    layout.filters(units=units, known_styles=known_styles, currency=local_currency)
    # Messages come and go; in one container they never shift the elements below them (a shifted
    # element is redrawn, and a click on it while that happens is lost).
    with st.container(key="notices"):
        geolocation.render()  # "asking your browser…", or why it could not say
        for problem in st.session_state.url_problems:
            st.caption(problem)
        favorites.settle()
        results.render_problem(located, countries=directory.countries)
        if loaded.notice:  # a bad replacement of the CSV (the last good one serves), or an empty directory
            st.warning(markdown_text(loaded.notice))
    state = session.current()
    if suggest_form.is_open():
        suggest_form.render(directory, units=units)
    elif st.session_state.favorites_open:
        favorites.render(origin, units)
    elif state.studio:
        studio_page.render(directory, state, origin=origin, units=units, favorites=favorites)
    else:
        now = datetime.now(UTC)
        outcome = (
            None
            if origin is None
            else search(
                directory,
                origin,
                limit=state.limit,
                radius_km=state.radius_km,
                styles=state.styles,
                filters=search_filters(state, origin, now, currency=local_currency),
                sort=state.sort,
                now=now,
            )
        )
        results.render(outcome, units=units, favorites=favorites, state=state)
    with st.container(key="browser"):  # the hidden helpers that keep the list in this browser, last
        favorites.talk_to_browser()


with run_slot():  # a few runs at a time: more would only take turns for the interpreter lock
    page()
freeze_loaded_heap()  # once per process: the loaded directory and gazetteer leave the collector's walk

"""The top of the page: a one-line header, the search bar and the filters behind one control.

Few elements on purpose: every element is sent to the browser on every rerun, and a rerun is what a
person waits for after each search. The header, its styles and the sample notice are one HTML block;
the filters live in an expander whose label says what they are set to, and its widgets are drawn only
while it is open (a rerun when it opens or closes): what they are set to lives in the address and in
the session meanwhile.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import streamlit as st

from ..safety import html_text
from ..units import Unit
from . import geolocation, session, suggest
from .content import ATTRIBUTION, LOCATION_PLACEHOLDER, PAGE_CSS, PAGE_SCRIPT, SAMPLE_NOTICE, VIEW_CSS, WHY_ASHIATSU
from .html import show_html
from .state import LIMIT_CHOICES, OPEN_DAYS, OPEN_TIMES, RADIUS_CHOICES, SESSION_CHOICES

_OPEN_LABELS = {"any": "Any time", "now": "Open now", "at": "Open at…"}
_SORT_LABELS = {"distance": "Distance", "price": "Price", "opens": "Soonest open"}


def header(*, is_sample: bool, view: str) -> None:
    """Styles, the page's script, the title on one line, and (for the bundled data) that the studios are
    fictional. Only constant text and escaped text go in, so the script may run."""
    show_html(_header_html(is_sample, view if view in VIEW_CSS else "List"), unsafe_allow_javascript=True)


@functools.lru_cache(maxsize=8)  # one string per view and directory kind: tens of kilobytes, the same on every run
def _header_html(is_sample: bool, view: str) -> str:
    sample = f'<span class="af-sample">{html_text(SAMPLE_NOTICE)}</span>' if is_sample else ""
    return (
        PAGE_CSS
        + VIEW_CSS[view]
        + '<div class="af-header"><h1>Ashiatsu Finder</h1>'
        + "<p>Studios near you that offer Ashiatsu, the barefoot massage given with overhead bars.</p>"
        + f"{sample}</div>"
        + PAGE_SCRIPT
    )


@st.dialog("Why Ashiatsu?", width="large")
def _why_ashiatsu() -> None:
    st.markdown(WHY_ASHIATSU)
    st.caption(ATTRIBUTION)


def search_bar(*, favorites_count: int) -> None:
    """Where are you? The box, Search, the browser's location, the favourites and the "Why" panel."""
    with st.container(key="search-bar", horizontal=True, vertical_alignment="bottom", gap="small"):
        st.text_input(
            "Where are you?",
            key="location",
            placeholder=LOCATION_PLACEHOLDER,
            max_chars=200,
            on_change=session.search,
            width=320,
            autocomplete="off",
            label_visibility="collapsed",  # the placeholder says it; screen readers still get the label
        )
        st.button("Search", key="search", on_click=session.search, type="primary", icon=":material/search:")
        st.button("Near me", key="use_location", on_click=geolocation.request, icon=":material/my_location:")
        showing = st.session_state.favorites_open
        label = "Results" if showing else f"Favourites ({favorites_count})"
        icon = ":material/arrow_back:" if showing else ":material/star:"
        st.button(label, key="show-favorites", on_click=session.toggle_favorites, icon=icon)
        if st.button("Why Ashiatsu?", key="why", type="tertiary", icon=":material/help:"):
            _why_ashiatsu()
    suggest.suggestions()  # the places that match what is being typed in the box, as a list under it


def filters_summary(
    units: Unit,
    styles: Sequence[str],
    limit: int,
    *,
    opening: str = "",
    price: str = "",
    minutes: int = 0,
    sort: str = "distance",
) -> str:
    """What the filters are set to, as their control's label: "30 mi · any style · open now · 10 results",
    and "up to 90 EUR", "90+ min", "cheapest first" when those are set (``price``: the cap with its currency)."""
    radius = st.session_state.radius
    distance = f"{radius} {units}" if radius else "any distance"
    style = "any style" if not styles else styles[0] if len(styles) == 1 else f"{len(styles)} styles"
    parts = [distance, style]
    if opening:
        parts.append("open now" if opening == "now" else f"open {opening[:3].title()} {opening[4:]}")
    if price:
        parts.append(f"up to {price}")
    if minutes:
        parts.append(f"{minutes}+ min")
    if sort != "distance":
        parts.append(_SORT_ORDER.get(sort, sort))
    return " · ".join([*parts, f"{limit} results"])


_SORT_ORDER = {"price": "cheapest first", "opens": "soonest open first"}


def _current(key: str, options: Sequence[object]) -> object:
    """The widget's value as its default too (None when it is not one of its options).

    The filters are drawn only while their expander is open, so a widget is often made anew after
    the address has changed its value: with the current value as its default, it shows (and reports
    back) what the search uses, never its first choice ("5 results" after Back, "3 mi" for a 30 mi
    search).
    """
    value = st.session_state.get(key)
    return value if value in options else None


def _index(key: str, options: Sequence[object]) -> int:
    value = st.session_state.get(key)
    return list(options).index(value) if value in options else 0


def filters(*, units: Unit, known_styles: Sequence[str], currency: Callable[[], str] = str) -> None:
    """Radius, units, styles and how many results, behind one control that shows their summary; a price cap
    is in ``currency()``, that of the studios near the search (finder.search), found only while they show."""
    state = session.current()
    price = f"{state.max_price:,} {currency()}".strip() if state.max_price else ""
    summary = filters_summary(
        units,
        st.session_state.styles,
        st.session_state.limit,
        opening=state.opening,
        price=price,
        minutes=state.session_minutes,
        sort=state.sort,
    )
    with st.container(key="filters", horizontal=True, vertical_alignment="top", gap="small"):
        with st.expander(summary, icon=":material/tune:", key="filters-open", on_change="rerun") as box:
            if box.open:
                _filter_widgets(units=units, known_styles=known_styles, currency=currency)
        st.segmented_control("View", options=["List", "Map"], key="view", label_visibility="collapsed")


def _filter_widgets(*, units: Unit, known_styles: Sequence[str], currency: Callable[[], str]) -> None:
    """The filters themselves, drawn only while their expander is open: eight widgets fewer on every
    search and on the first load, which is what a phone waits for. Closed, their values live on in
    the session (``persist_state``) and, as always, in the address."""
    st.select_slider(
        "Within",
        options=RADIUS_CHOICES[units],
        key="radius",
        value=_current("radius", RADIUS_CHOICES[units]),
        on_change=session.on_radius_change,
        persist_state="session",
        format_func=lambda value: f"{value} {units}" if value else "any distance",
    )
    st.segmented_control(
        "Units",
        options=["mi", "km"],
        key="units",
        default=_current("units", ["mi", "km"]),
        on_change=session.on_units_change,
        persist_state="session",
        selection_mode="single",
    )
    st.multiselect(
        "Styles",
        options=list(known_styles),
        key="styles",
        default=[style for style in st.session_state.styles if style in known_styles],
        on_change=session.write_address,
        persist_state="session",
        placeholder="Any style",
    )
    _hours_and_price_filters(currency())
    st.selectbox(
        "Results",
        options=LIMIT_CHOICES,
        key="limit",
        index=_index("limit", LIMIT_CHOICES),
        on_change=session.write_address,
        persist_state="session",
    )


def _hours_and_price_filters(currency: str) -> None:
    """Open now or at a day and time (where the search is), a price cap, a session length, and the order."""
    st.segmented_control(
        "Open",
        options=list(_OPEN_LABELS),
        key="open_filter",
        default=_current("open_filter", list(_OPEN_LABELS)),
        format_func=_OPEN_LABELS.__getitem__,
        on_change=session.write_address,
        persist_state="session",
        selection_mode="single",
    )
    if st.session_state.open_filter == "at":
        with st.container(key="open-at", horizontal=True, gap="small"):
            st.selectbox(
                "Day",
                OPEN_DAYS,
                key="open_day",
                index=_index("open_day", OPEN_DAYS),
                format_func=str.title,
                on_change=session.write_address,
                persist_state="session",
            )
            st.selectbox(
                "Time",
                OPEN_TIMES,
                key="open_time",
                index=_index("open_time", OPEN_TIMES),
                on_change=session.write_address,
                persist_state="session",
            )
    st.number_input(
        f"Price up to, {currency}" if currency else "Price up to",
        min_value=0,
        step=10,
        key="max_price",
        value=st.session_state.get("max_price"),
        placeholder="Any price",
        on_change=session.write_address,
        persist_state="session",
    )
    st.selectbox(
        "Session length",
        SESSION_CHOICES,
        key="session_minutes",
        index=_index("session_minutes", SESSION_CHOICES),
        format_func=lambda minutes: f"{minutes} min or more" if minutes else "Any length",
        on_change=session.write_address,
        persist_state="session",
    )
    st.selectbox(
        "Sort by",
        list(_SORT_LABELS),
        key="sort",
        index=_index("sort", list(_SORT_LABELS)),
        format_func=_SORT_LABELS.__getitem__,
        on_change=session.write_address,
        persist_state="session",
    )

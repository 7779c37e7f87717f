"""A page per studio (``?studio=<id>``): every field, its own map, its links, when it was last checked.

The page replaces the results while the address names a studio; the search stays in the address, so
"Back to the results" (or the browser's Back) shows them as they were. Every value from the CSV is
escaped (finder.safety); links are http(s), tel: or the directions providers' only (finder.links).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import streamlit as st

from ..directory import Directory, Match, Studio
from ..geo import approximate_note, geodesic_km
from ..geocoding.place import Place
from ..hours import Week
from ..hours import week as hours_week
from ..links import link_html, studio_links
from ..safety import html_text
from ..units import Unit, format_distance
from . import suggest_form
from .cards import price_text
from .favorites_view import FavoritesPanel
from .html import show_html
from .map_component import results_map
from .state import SearchState

MAP_HEIGHT = 360
_NOT_FOUND = "That studio is not in the directory any more (or the link is incomplete)."


def render(
    directory: Directory, state: SearchState, *, origin: Place | None, units: Unit, favorites: FavoritesPanel
) -> None:
    """The page of the studio the address names, or a message and the way back when there is none."""
    back = state.query_string(studio="")
    show_html(f'<a class="af-back af-nav" href="{html_text(back)}" target="_self">&larr; Back to the results</a>')
    studio = directory.get(state.studio)
    if studio is None:
        st.warning(_NOT_FOUND)
        return
    distance_km = _distance_km(studio, origin)
    details, where = st.columns([5, 6], gap="medium")
    with details:
        show_html(studio_page_html(studio, distance_km=distance_km, unit=units, origin=origin))
        with st.container(key="studio-star"):  # here the star says what it does, in words
            favorites.star(studio)
        suggest_form.studio_actions(studio)  # on this page, not on every card: a search stays light
    with where, st.container(key="studio-where"):
        results_map(
            None,
            [Match(studio, distance_km if distance_km is not None else float("nan"))],
            radius_km=None,
            unit=units,
            favorite_ids=favorites.ids,
            key="studio-map",
            height=MAP_HEIGHT,
            returned_objects=(),
        )


def _distance_km(studio: Studio, origin: Place | None) -> float | None:
    if origin is None:
        return None
    return float(
        geodesic_km(origin.latitude, origin.longitude, np.array([studio.latitude]), np.array([studio.longitude]))[0]
    )


def studio_page_html(
    studio: Studio, *, distance_km: float | None, unit: Unit, origin: Place | None, now: datetime | None = None
) -> str:
    """The studio's page as HTML: heading, actions, Share, its hours this week, and every field the directory holds."""
    week = hours_week(studio, now or datetime.now(UTC))
    links = studio_links(studio, (origin.latitude, origin.longitude) if origin else None)
    actions = [
        link_html(links.phone, "Call"),
        link_html(links.directions_google, "Directions"),
        link_html(links.directions_osm, "Directions (OpenStreetMap)"),
        link_html(links.booking, "Book"),
        link_html(links.website, "Website"),
        '<button type="button" class="af-share">Share</button>',
    ]
    rows = [
        ("Distance", _distance_text(studio, distance_km, unit)),
        ("Address", studio.address),
        ("Phone", studio.phone),
        ("Styles", ", ".join(studio.styles)),
        ("Price", price_text(studio)),
        ("Hours", studio.hours),
        ("Time zone", week.timezone),
        ("Location", _location_text(studio)),
        ("Last verified", _verified_text(studio)),
    ]
    parts = [
        f'<section class="af-studio" data-studio="{html_text(studio.id)}">',
        f"<h2>{html_text(studio.name)}</h2>",
        f'<div class="af-actions">{"".join(action for action in actions if action)}</div>',
    ]
    parts.append(_week_html(week))
    if studio.description:
        parts.append(f"<p>{html_text(studio.description)}</p>")
    fields = "".join(f"<dt>{name}</dt><dd>{html_text(value)}</dd>" for name, value in rows if value)
    parts.append(f"<dl>{fields}</dl></section>")
    return "".join(parts)


def _distance_text(studio: Studio, distance_km: float | None, unit: Unit) -> str:
    if distance_km is None:
        return ""
    return (
        f"about {format_distance(distance_km, unit)} (approximate)"
        if studio.approximate
        else format_distance(distance_km, unit)
    )


def _week_html(week: Week) -> str:
    """Open now or not, then the seven days from today in the studio's local time, today marked."""
    status = f'<p class="af-hours af-hours-{week.status.state}">{html_text(week.status.line())}</p>'
    if not week.days:
        return status
    today = ' class="af-today" aria-current="date"'
    rows = "".join(
        f"<tr{today if day.today else ''}><th scope='row'>{html_text(day.name)}"
        f"{' (holiday)' if day.holiday else ''}</th><td>{html_text(day.text)}</td></tr>"
        for day in week.days
    )
    note = f'<p class="af-note">{html_text(week.note)}</p>' if week.note else ""
    caption = f"This week, {html_text(week.timezone)} time" if week.timezone else "This week"
    return f'{status}<table class="af-week"><caption>{caption}</caption>{rows}</table>{note}'


def _location_text(studio: Studio) -> str:
    """What "approximate location" means for this studio, or that the pin is where the studio is."""
    if not studio.approximate:
        return "The pin is at the studio's address."
    return (
        f"{approximate_note(studio.precision)}: the pin marks the centre of "
        f"{'its postal code' if studio.precision == 'postal_code' else 'its town'}, "
        "so distances to it are rough; check the address before you go."
    )


def _verified_text(studio: Studio) -> str:
    if studio.verified_on is None:
        return "Not yet checked by the directory"
    return studio.verified_on.strftime("%-d %B %Y")


__all__ = ["MAP_HEIGHT", "render", "studio_page_html"]

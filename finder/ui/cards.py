"""HTML for the result and favourite cards. Plain Python: every value passes through finder.safety."""

from __future__ import annotations

from ..directory import Match, Studio
from ..geo import approximate_note
from ..geocoding.place import Place
from ..links import link_html, studio_links
from ..safety import html_text
from ..units import Unit, format_distance

CARD_CSS = """
<style>
.af-card h4 {margin: 0 0 .2rem 0; font-size: 1.05rem; overflow-wrap: anywhere;}
.af-card .af-meta {color: #475569; font-size: .9rem; overflow-wrap: anywhere;}
.af-card .af-tags {margin: .3rem 0;}
.af-card .af-tag {display: inline-block; background: #ecfdf5; color: #065f46; border-radius: 999px;
  padding: 0 .55rem; margin: 0 .25rem .25rem 0; font-size: .8rem;}
.af-card .af-note {color: #92400e; font-size: .85rem;}
.af-card .af-links a {margin-right: .9rem; white-space: nowrap; display: inline-block;}
.af-card.af-selected {outline: 3px solid #0f766e; outline-offset: 6px; border-radius: 4px;}
/* streamlit-js-eval's helper frames (localStorage, location) draw a white 8 px strip: keep them unseen. */
iframe[title="streamlit_js_eval.streamlit_js_eval"] {visibility: hidden;}
</style>
"""


def _price(studio: Studio) -> str:
    parts = []
    if studio.price_from is not None:
        amount = (
            f"{studio.price_from:,.0f}" if studio.price_from == int(studio.price_from) else f"{studio.price_from:,.2f}"
        )
        parts.append(f"from {amount} {studio.currency}".strip())
    if studio.session_minutes:
        parts.append(f"{studio.session_minutes} min")
    return " · ".join(parts)


def studio_card(
    studio: Studio,
    *,
    distance_km: float | None,
    unit: Unit,
    origin: Place | None = None,
    selected: bool = False,
    rank: int | None = None,
    status: str = "",
) -> str:
    """One studio as an HTML card: name, distance, address, styles, price, hours and links."""
    links = studio_links(studio, (origin.latitude, origin.longitude) if origin else None)
    title = html_text(studio.name)
    if rank is not None:
        title = f"{rank}. {title}"
    meta = []
    if distance_km is not None:
        meta.append(html_text(format_distance(distance_km, unit)) + " away")
    if studio.address:
        meta.append(html_text(studio.address))
    classes = "af-card af-selected" if selected else "af-card"
    parts = [f'<div class="{classes}" data-studio="{html_text(studio.id)}">', f"<h4>{title}</h4>"]
    if status:
        parts.append(f'<div class="af-note">{html_text(status)}</div>')
    if meta:
        parts.append(f'<div class="af-meta">{" · ".join(meta)}</div>')
    if studio.approximate:
        parts.append(f'<div class="af-note">{html_text(approximate_note(studio.precision))}</div>')
    if studio.styles:
        tags = "".join(f'<span class="af-tag">{html_text(style)}</span>' for style in studio.styles)
        parts.append(f'<div class="af-tags">{tags}</div>')
    details = [text for text in (_price(studio), studio.hours) if text]
    if details:
        parts.append(f'<div class="af-meta">{" · ".join(html_text(text) for text in details)}</div>')
    if studio.description:
        parts.append(f'<div class="af-meta">{html_text(studio.description)}</div>')
    anchors = [
        link_html(links.phone, f"Call {studio.phone}"),
        link_html(links.website, "Website"),
        link_html(links.booking, "Book"),
        link_html(links.directions_osm, "Directions (OpenStreetMap)"),
        link_html(links.directions_google, "Google Maps"),
    ]
    parts.append(f'<div class="af-links">{"".join(a for a in anchors if a)}</div></div>')
    return "".join(parts)


def match_card(
    match: Match, *, unit: Unit, origin: Place | None, selected: bool = False, rank: int | None = None
) -> str:
    return studio_card(
        match.studio, distance_km=match.distance_km, unit=unit, origin=origin, selected=selected, rank=rank
    )

"""HTML for the result and favourite cards. Plain Python: every value passes through finder.safety.

A card shows what a person decides by (name, distance, styles, price, hours) and the actions they take
(Call, Directions, Website or Book) as buttons large enough for a thumb; the rest (description, the
second directions provider, full hours) sits behind a native Details disclosure, which needs no script.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..directory import Match, Studio
from ..geo import approximate_note
from ..geocoding.place import Place
from ..hours import HoursStatus, hours_status
from ..links import link_html, studio_links
from ..safety import html_text
from ..units import Unit, format_distance

#: The studio name in a result card's HTML (group 1, escaped): for readers of the page (tests, the load driver).
CARD_TITLE = re.compile(
    r'<h3><span class="af-rank" aria-hidden="true">\d+</span> (?:<a class="af-nav" href="[^"]*" target="_self">)?'
    r"(.*?)(?:</a>)?</h3>"
)


#: A card's star in its HTML: (studio id, studio name), escaped. Whether it shows saved is the relay's.
STAR_BUTTON = re.compile(r'<button type="button" class="af-star[^"]*" data-studio="([^"]*)" data-name="([^"]*)"')


def price_text(studio: Studio) -> str:
    """ "from 90 USD · 60 min", or "" when the directory says neither."""
    parts = []
    if studio.price_from is not None:
        whole = studio.price_from == int(studio.price_from)
        amount = f"{studio.price_from:,.0f}" if whole else f"{studio.price_from:,.2f}"
        parts.append(f"from {amount} {studio.currency}".strip())
    if studio.session_minutes:
        parts.append(f"{studio.session_minutes} min")
    return " · ".join(parts)


def distance_text(studio: Studio, distance_km: float, unit: Unit) -> str:
    """ "3.2 mi away", or for a studio placed only by postal code or town, where it is ("in 78799")."""
    if studio.approximate:
        where = studio.postal_code if studio.precision == "postal_code" and studio.postal_code else studio.city
        return f"in {where} (approximate)" if where else f"about {format_distance(distance_km, unit)} away"
    return f"{format_distance(distance_km, unit)} away"


def studio_card(
    studio: Studio,
    *,
    distance_km: float | None,
    unit: Unit,
    origin: Place | None = None,
    selected: bool = False,
    rank: int | None = None,
    status: str = "",
    page_href: str = "",
    on_map: bool = False,
    saved: bool | None = None,
    now: datetime | None = None,
) -> str:
    """One studio as an HTML card: name, distance, styles, price, hours, action buttons and details.

    ``page_href`` (the address of the studio's page) makes the name a link to it; ``on_map`` adds a
    "Show on map" button (the page's script centres the map on the studio and opens its popup);
    ``saved`` (True or False: whether it is a favourite) adds its star.
    """
    hours = hours_status(studio, now or datetime.now(UTC))
    links = studio_links(studio, (origin.latitude, origin.longitude) if origin else None)
    classes = "af-card af-selected" if selected else "af-card"
    parts = [f'<article class="{classes}" data-studio="{html_text(studio.id)}">', _heading(studio, rank, page_href)]
    if saved is not None:
        parts.append(star_button(studio, saved=saved))
    if status:
        parts.append(f'<div class="af-note">{html_text(status)}</div>')
    meta = []
    if distance_km is not None and distance_km == distance_km:
        meta.append(html_text(distance_text(studio, distance_km, unit)))
    if studio.address:
        meta.append(html_text(studio.address))
    if meta:
        parts.append(f'<div class="af-meta">{" · ".join(meta)}</div>')
    if studio.styles:
        tags = "".join(f'<span class="af-tag">{html_text(style)}</span>' for style in studio.styles)
        parts.append(f'<div class="af-tags">{tags}</div>')
    parts.append(_hours_line(hours))
    if price_text(studio):
        parts.append(f'<div class="af-meta">{html_text(price_text(studio))}</div>')
    actions = [
        link_html(links.phone, "Call"),
        link_html(links.directions_google, "Directions"),
        link_html(links.booking, "Book") or link_html(links.website, "Website"),
    ]
    if on_map:
        studio_id = html_text(studio.id)
        actions.append(f'<button type="button" class="af-show" data-studio="{studio_id}">Show on map</button>')
    parts.append(f'<div class="af-actions">{"".join(action for action in actions if action)}</div>')
    parts.append(_details(studio, links.directions_osm, links.website if links.booking else None, hours, page_href))
    parts.append("</article>")
    return "".join(parts)


def _heading(studio: Studio, rank: int | None, page_href: str) -> str:
    """The card's name: numbered as its pin is, a link to the studio's page when there is one."""
    title = html_text(studio.name)
    if page_href:
        title = f'<a class="af-nav" href="{html_text(page_href)}" target="_self">{title}</a>'
    if rank is not None:
        title = f'<span class="af-rank" aria-hidden="true">{rank}</span> {title}'
    return f"<h3>{title}</h3>"


def star_label(name: str, *, saved: bool) -> str:
    """What the star of a studio says to a screen reader (and in its tooltip): what a tap will do."""
    return f"Remove {name} from favourites" if saved else f"Save {name}"


def star_button(studio: Studio, *, saved: bool) -> str:
    """The star of a card: a plain button whose taps the page's script shows at once and the star relay
    (favorites_view) hands to Python. ``saved`` is how it is first drawn; from then on the page's script
    sets it (and ``data-saved``) from what the relay says Python saved.
    """
    name = html_text(studio.name)
    label = star_label(name, saved=saved)
    return (
        f'<button type="button" class="af-star{" af-saved" if saved else ""}" data-studio="{html_text(studio.id)}"'
        f' data-name="{name}" data-saved="{int(saved)}" aria-label="{label}" title="{label}">'
        f"{'★' if saved else '☆'}</button>"
    )


def _hours_line(hours: HoursStatus) -> str:
    """ "Open now · closes 19:00", in the studio's local time; its state also as a class, for colour."""
    return f'<div class="af-hours af-hours-{hours.state}">{html_text(hours.line())}</div>'


def _details(studio: Studio, osm_directions: str, website: str | None, hours: HoursStatus, page_href: str = "") -> str:
    """What a person may want second: description, precision, the phone number, other links, and
    (on the studio's page) how to correct the listing."""
    inner = []
    if studio.description:
        inner.append(f"<p>{html_text(studio.description)}</p>")
    if studio.approximate:
        inner.append(f'<p class="af-note">{html_text(approximate_note(studio.precision))}</p>')
    if studio.phone:
        inner.append(f"<p>Phone: {html_text(studio.phone)}</p>")
    if studio.hours:
        zone = f" ({hours.timezone} time)" if hours.timezone else ""
        inner.append(f"<p>Hours{html_text(zone)}: {html_text(studio.hours)}</p>")
    if hours.holidays_unknown:
        inner.append('<p class="af-note">Hours may differ on public holidays.</p>')
    other = [link_html(osm_directions, "Directions (OpenStreetMap)"), link_html(website, "Website")]
    if page_href:
        href = html_text(page_href)
        other.append(f'<a class="af-nav" href="{href}" target="_self">Suggest an edit or report closed</a>')
    inner.append(f'<p class="af-more">{"".join(link for link in other if link)}</p>')
    return f"<details><summary>Details</summary>{''.join(inner)}</details>"


def match_card(
    match: Match,
    *,
    unit: Unit,
    origin: Place | None,
    selected: bool = False,
    rank: int | None = None,
    page_href: str = "",
    on_map: bool = False,
    saved: bool | None = None,
) -> str:
    return studio_card(
        match.studio,
        distance_km=match.distance_km,
        unit=unit,
        origin=origin,
        selected=selected,
        rank=rank,
        page_href=page_href,
        on_map=on_map,
        saved=saved,
    )

"""Links a person follows from a listing: directions, phone, website. All http(s) or tel:."""

from __future__ import annotations

from dataclasses import dataclass

from .directory.schema import Studio
from .safety import html_text, safe_url, tel_href, url_component


@dataclass(frozen=True)
class StudioLinks:
    """The safe links for one studio; None where the studio has no usable value."""

    directions_osm: str
    directions_google: str
    phone: str | None
    website: str | None
    booking: str | None


def link_html(url: str | None, text: str) -> str:
    """An anchor that opens in a new tab, both parts escaped; "" when there is no url.

    ``url`` must come from :func:`studio_links` (http(s) or tel: only), never straight from the CSV.
    """
    if not url:
        return ""
    return f'<a href="{html_text(url)}" target="_blank" rel="noopener noreferrer">{html_text(text)}</a>'


def _coordinate(value: float) -> str:
    return f"{value:.6f}"


def studio_links(studio: Studio, origin: tuple[float, float] | None = None) -> StudioLinks:
    """Directions from ``origin`` (when known) to the studio, plus its phone and web links."""
    destination = f"{_coordinate(studio.latitude)},{_coordinate(studio.longitude)}"
    if origin is not None:
        start = f"{_coordinate(origin[0])},{_coordinate(origin[1])}"
        osm = "https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=" + url_component(
            f"{start};{destination}"
        )
        google = (
            "https://www.google.com/maps/dir/?api=1&origin="
            + url_component(start)
            + "&destination="
            + url_component(destination)
        )
    else:
        osm = (
            f"https://www.openstreetmap.org/?mlat={_coordinate(studio.latitude)}"
            f"&mlon={_coordinate(studio.longitude)}#map=16/{destination.replace(',', '/')}"
        )
        google = "https://www.google.com/maps/dir/?api=1&destination=" + url_component(destination)
    return StudioLinks(
        directions_osm=osm,
        directions_google=google,
        phone=tel_href(studio.phone),
        website=safe_url(studio.website),
        booking=safe_url(studio.booking_url),
    )

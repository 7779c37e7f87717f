"""The results map: the search origin, the radius, one marker per studio, all offline-capable.

Leaflet, jQuery and the marker-cluster plugin come from the app's own ``static/`` folder
(Streamlit static serving, ``/app/static/...``), never from a CDN, and a bundled country
outline layer sits under the OpenStreetMap tiles so the map stays readable without them.
Every string from the CSV or the location box passes through ``finder.safety`` first.
This module imports folium and the finder core only, never streamlit, so tests build maps directly.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template
from xyzservices import TileProvider

from ..geo import approximate_note
from ..links import link_html, studio_links
from ..safety import html_text
from ..units import Unit, check_unit, format_distance

if TYPE_CHECKING:
    from ..directory import Match
    from ..geocoding.place import Place

__all__ = [
    "CLUSTER_THRESHOLD",
    "ORIGIN_TOOLTIP",
    "STATIC_URL",
    "OfflineMap",
    "OfflineMarkerCluster",
    "build_map",
    "popup_html",
    "studio_id_at",
]

#: Where Streamlit serves the repository's ``static/`` folder.
STATIC_URL = "/app/static"
#: More matches than this are drawn in clusters.
CLUSTER_THRESHOLD = 30
#: The start of the origin marker's tooltip; a click on it is not a click on a studio.
ORIGIN_TOOLTIP = "You searched here"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
_OSM = TileProvider(
    name="OpenStreetMap",
    url=OSM_TILES,
    attribution="(C) OpenStreetMap contributors",
    html_attribution=OSM_ATTRIBUTION,
    max_zoom=19,
)
_CLUSTER_OPTIONS = {"showCoverageOnHover": False, "maxClusterRadius": 50, "disableClusteringAtZoom": 16}
_COUNTRIES_URL = f"{STATIC_URL}/countries.geojson"
_IMAGE_PATH = f"{STATIC_URL}/leaflet/images/"
_DEFAULT_ZOOM = 12  # one point on the map and nothing to fit: about a town
_MAX_FIT_ZOOM = 15  # never zoom closer than street level when fitting a few close points
_KM_PER_DEGREE_LAT = 111.32


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet, jQuery and CSS come from the app, not from CDNs.

    Bootstrap, Font Awesome and awesome-markers are left out: the markers here are plain
    Leaflet markers, circle markers and DivIcons, which need none of them.
    """

    default_js = [
        ("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
        ("jquery", f"{STATIC_URL}/jquery/jquery.min.js"),  # folium popups are built with $()
    ]
    default_css = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


class OfflineMarkerCluster(MarkerCluster):
    """Leaflet.markercluster served by the app."""

    default_js = [("markerclusterjs", f"{STATIC_URL}/markercluster/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css"),
    ]


class _MapSetup(MacroElement):
    """Marker image path, page styles, two panes, and the country outlines fetched by the browser.

    The outlines live in their own pane below the tile pane: with tiles they are hidden,
    without tiles (offline, blocked) they are the map. A failed fetch leaves the map as it was.
    The origin gets a pane just below the markers: a studio at the very spot searched (one placed by
    its town or postal code, at that place's centre) stays visible and can be tapped; the radius
    circle still centres on the origin.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                .leaflet-container { background: #dce8ee; }
                .af-pin { display: flex; align-items: center; justify-content: center;
                    box-sizing: border-box; border-radius: 50%; border: 2px solid #ffffff;
                    background: #0f766e; color: #ffffff;
                    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.45); font: 700 14px/1 sans-serif; }
                .af-pin--favorite { background: #fff7e0; color: #92400e; border-color: #b7791f; }
                .af-pin--selected { background: #c2410c; color: #ffffff; border-width: 3px;
                    box-shadow: 0 0 0 4px rgba(194, 65, 12, 0.35), 0 1px 5px rgba(0, 0, 0, 0.5); }
                .af-pin:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
                .af-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
                    clip: rect(0 0 0 0); white-space: nowrap; }
                .af-popup { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
                .af-popup strong { font-size: 15px; }
                .af-popup .af-note { color: #8a5a00; font-style: italic; }
                .af-popup .af-links a { display: inline-block; margin: 4px 10px 0 0; }
                /* one line, clear of the scale bar on the left, even on a phone-wide map */
                .leaflet-control-attribution { max-width: calc(100% - 120px); white-space: nowrap;
                    overflow: hidden; text-overflow: ellipsis; font-size: 10px; }
            </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
            (function (map) {
                var pane = map.createPane("afBasemap");
                pane.style.zIndex = 150;
                pane.style.pointerEvents = "none";
                map.createPane("afOrigin").style.zIndex = 590;  // markers: 600
                // Leaflet focuses the whole map on a press (for its arrow keys) and undoes the scroll
                // of this frame only: the page around a map taller than what is left of the screen
                // scrolled by the rest, between the press and the release, and the tap missed its pin.
                // Focused first without scrolling, Leaflet leaves it alone.
                map.getContainer().addEventListener("mousedown", function () {
                    map.getContainer().focus({preventScroll: true});
                }, true);
                if (!window.fetch) { return; }
                fetch({{ this.url|tojson }})
                    .then(function (response) {
                        if (!response.ok) { throw new Error("HTTP " + response.status); }
                        return response.json();
                    })
                    .then(function (data) {
                        L.geoJSON(data, {
                            pane: "afBasemap",
                            interactive: false,
                            attribution: "Natural Earth",
                            style: {color: "#9aa9a3", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1}
                        }).addTo(map);
                    })
                    .catch(function () { /* no outlines: markers still show */ });
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str = _COUNTRIES_URL, image_path: str = _IMAGE_PATH) -> None:
        super().__init__()
        self._name = "MapSetup"
        self.url = url
        self.image_path = image_path


class _Raw(Element):
    """Text added to the page as it is: branca would compile a rendered macro as a template again."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class StudioPins(JSCSSMixin, MacroElement):
    """Every studio pin of a map in one element: the pins as data, one loop of Leaflet markers.

    folium's Marker, Popup and Tooltip are three elements a pin, each compiled as a Jinja template
    twice per map (5 ms a pin); here the template is compiled once for the process and the pins
    travel as JSON (their text already escaped by finder.safety). The markers are the same Leaflet
    markers, so st_folium reports their clicks and tooltips as before.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                // st_folium reports a click 250 ms late (its debounce, meant for panning): a pin
                // reports its own click at once, in st_folium's words, and records it as sent, so the
                // debounced report finds nothing new. Anything it cannot word exactly is left to st_folium.
                function reportClick(marker) {
                    var state = window.__GLOBAL_DATA__, tooltip = marker.getTooltip();
                    var names = (state && state.returned_objects) || [];
                    if (!tooltip || !window.DOMParser || window.parent === window || !names.length) { return; }
                    var said = {
                        last_object_clicked: marker.getLatLng(),
                        last_object_clicked_tooltip: new DOMParser()
                            .parseFromString(tooltip.getContent(), "text/html").body.textContent.trim()
                    };
                    if (!names.every(function (name) { return name in said; })) { return; }
                    var value = {};
                    Object.keys(said).forEach(function (name) {
                        if (names.indexOf(name) >= 0) { value[name] = said[name]; }
                    });
                    if (JSON.stringify(value) === JSON.stringify(state.previous_data)) { return; }
                    state.previous_data = value;
                    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                               value: value, dataType: "json"}, "*");
                }
                var pins = {{ this.pins|tojson }};
                var layer = {{ "L.markerClusterGroup(" ~ (this.cluster_options|tojson) ~ ").addTo(map)"
                               if this.cluster else "map" }};
                var markers = {};
                // A card's "Show on map" (the page's script calls it): centre on the studio, open its popup.
                window.afShowStudio = function (id) {
                    var found = Object.prototype.hasOwnProperty.call(markers, id) ? markers[id] : null;
                    if (!found) { return false; }
                    map.invalidateSize();
                    var open = function () { found.marker.openPopup(); };
                    if (found.clustered && layer.zoomToShowLayer) { layer.zoomToShowLayer(found.marker, open); }
                    else { map.setView(found.marker.getLatLng(), Math.max(map.getZoom(), 13)); open(); }
                    return true;
                };
                pins.forEach(function (pin) {
                    var marker = L.marker([pin.lat, pin.lng], {
                        icon: L.divIcon({className: pin.className, html: pin.icon, iconSize: [30, 30],
                                         iconAnchor: [15, 15], popupAnchor: [0, -15], tooltipAnchor: [15, 0]}),
                        keyboard: true, riseOnHover: true, zIndexOffset: pin.selected ? 1000 : 0
                    });
                    marker.bindTooltip(pin.tooltip, {sticky: true});
                    marker.bindPopup(pin.popup, {maxWidth: 300});
                    // Enter (or Space) on a focused pin makes the click a tap makes, so its card is
                    // selected too; Leaflet's own key handler (bundled 1.9.3) only opens the popup.
                    marker.off("keypress", marker._onKeyPress, marker);
                    marker.on("keypress", function (event) {
                        var key = event.originalEvent.keyCode;
                        if (key === 13 || key === 32) {
                            event.originalEvent.preventDefault();
                            marker.fire("click", {latlng: marker.getLatLng(), originalEvent: event.originalEvent});
                        }
                    });
                    marker.on("click", function () { reportClick(marker); });
                    marker.addTo(pin.selected ? map : layer);
                    markers[pin.id] = {marker: marker, clustered: !pin.selected && layer !== map};
                });
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, pins: list[dict[str, object]], *, cluster: bool) -> None:
        super().__init__()
        self._name = "StudioPins"
        self.pins = pins
        self.cluster = cluster
        self.cluster_options = _CLUSTER_OPTIONS
        self.default_js = OfflineMarkerCluster.default_js if cluster else []
        self.default_css = OfflineMarkerCluster.default_css if cluster else []

    def render(self, **kwargs: object) -> None:
        for _, url in self.default_js:
            self.get_root().header.add_child(JavascriptLink(url), name=url)
        for _, url in self.default_css:
            self.get_root().header.add_child(CssLink(url), name=url)
        self.get_root().script.add_child(_Raw(self._template.module.script(self, kwargs)), name=self.get_name())


def _pin(
    match: Match, origin: Place | None, *, rank: int | None, unit: Unit, favorite: bool, selected: bool
) -> dict[str, object]:
    """One pin: where, its number (or a star), the studio's name for people and screen readers, its popup.

    No ``title``: Leaflet sets it as text, so the escaped name showed its entities ("Back&#92;Room"),
    and the tooltip already shows the name on hover and on keyboard focus.
    """
    name = html_text(match.studio.name)
    mark = str(rank) if rank is not None else "&#9733;"
    classes = ["af-pin", *(["af-pin--favorite"] if favorite else []), *(["af-pin--selected"] if selected else [])]
    return {
        "id": match.studio.id,
        "lat": match.studio.latitude,
        "lng": match.studio.longitude,
        "rank": rank,
        "className": " ".join(classes),
        "icon": f'<span aria-hidden="true">{mark}</span><span class="af-sr">{name}</span>',
        "tooltip": name,
        "popup": popup_html(match, origin, unit=unit, favorite=favorite),
        "selected": selected,
    }


def popup_html(match: Match, origin: Place | None = None, *, unit: Unit = "km", favorite: bool = False) -> str:
    """The popup of one studio: name, distance, address, precision note and safe links, all escaped."""
    studio = match.studio
    links = studio_links(studio, (origin.latitude, origin.longitude) if origin is not None else None)
    star = ' <span title="In your favourites">&#9733;</span>' if favorite else ""
    parts = [
        '<div class="af-popup">',
        f"<strong>{html_text(studio.name)}</strong>{star}",
    ]
    if origin is not None and match.distance_km == match.distance_km:  # a map of a search: how far from it
        parts.append(f"<div>{html_text(format_distance(match.distance_km, unit))} away</div>")
    if studio.address:
        parts.append(f"<div>{html_text(studio.address)}</div>")
    if studio.approximate:
        parts.append(f'<div class="af-note">{html_text(approximate_note(studio.precision))}</div>')
    anchors = [
        link_html(links.directions_osm, "Directions (OpenStreetMap)"),
        link_html(links.directions_google, "Google Maps"),
        link_html(links.phone, studio.phone),
        link_html(links.website, "Website"),
        link_html(links.booking, "Book"),
    ]
    parts.append(f'<div class="af-links">{"".join(anchors)}</div>')
    parts.append("</div>")
    return "".join(parts)


def build_map(
    origin: Place | None,
    matches: Sequence[Match],
    *,
    radius_km: float | None = None,
    unit: Unit = "km",
    highlight_id: str | None = None,
    favorite_ids: Collection[str] = (),
    tiles: bool = True,
    numbered: int | None = None,
) -> folium.Map:
    """A folium map of a search: origin marker, radius circle, one pin per match, fitted bounds.

    Pins carry the number of their card (the first ``numbered`` matches; by default all) and the
    studio's name as tooltip and accessible name; the rest (favourites shown beside the results)
    carry a star. ``highlight_id`` gets a distinct pin drawn above the others (and never hidden in
    a cluster); studios in ``favorite_ids`` are marked as favourites. With more than
    ``CLUSTER_THRESHOLD`` matches the pins are clustered. ``tiles=False`` leaves only the outlines.
    """
    check_unit(unit)
    favorites = frozenset(favorite_ids)
    center, zoom, bounds = _view(origin, matches, radius_km)
    fmap = OfflineMap(
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        world_copy_jump=True,
    )
    _MapSetup().add_to(fmap)
    if tiles:  # a provider object: looking a name or URL up in xyzservices costs more than the rest of the map
        folium.TileLayer(_OSM, name="OpenStreetMap", max_zoom=19).add_to(fmap)

    if origin is not None and radius_km is not None and radius_km > 0:
        circle = folium.Circle(
            location=(origin.latitude, origin.longitude),
            radius=radius_km * 1000.0,
            color="#0f766e",
            weight=1.5,
            dash_array="6 6",
            fill=True,
            fill_opacity=0.05,
        )
        circle.options["interactive"] = False  # a click inside the circle is not a studio click
        circle.add_to(fmap)

    if matches:
        StudioPins(
            [
                _pin(
                    match,
                    origin,
                    rank=rank if numbered is None or rank <= numbered else None,
                    unit=unit,
                    favorite=match.studio.id in favorites,
                    selected=match.studio.id == highlight_id,
                )
                for rank, match in enumerate(matches, 1)
            ],
            cluster=len(matches) > CLUSTER_THRESHOLD,
        ).add_to(fmap)

    if origin is not None:
        label = f"{ORIGIN_TOOLTIP}: {origin.label}" if origin.label else ORIGIN_TOOLTIP
        origin_marker = folium.CircleMarker(
            location=(origin.latitude, origin.longitude),
            radius=8,
            color="#ffffff",
            weight=3,
            fill_color="#1d4ed8",
            fill_opacity=1.0,
            tooltip=folium.Tooltip(html_text(label)),
        )
        origin_marker.options["pane"] = "afOrigin"  # above the circle, below the pins
        origin_marker.add_to(fmap)

    if bounds is not None:
        fmap.fit_bounds(bounds, padding=(30, 30), max_zoom=_MAX_FIT_ZOOM)
    return fmap


def studio_id_at(
    matches: Sequence[Match], clicked: Mapping[str, object] | None, *, tolerance_deg: float = 1e-5
) -> str | None:
    """The id of the studio whose marker was clicked, or None.

    ``clicked`` is what ``st_folium`` returned (a dict with ``last_object_clicked`` and, when
    asked for, ``last_object_clicked_tooltip``) or just its ``last_object_clicked`` value,
    ``{"lat": ..., "lng": ...}``. A marker reports its own coordinates, so they are matched
    within ``tolerance_deg``; the tooltip (the studio's name) breaks ties between studios at one
    spot and stands in when no coordinates match. A click on the origin marker gives None.
    """
    if not clicked:
        return None
    if "last_object_clicked" in clicked or "last_object_clicked_tooltip" in clicked:
        point = clicked.get("last_object_clicked")
        tooltip = clicked.get("last_object_clicked_tooltip")
    else:
        point, tooltip = clicked, None
    name = " ".join(tooltip.split()) if isinstance(tooltip, str) else ""
    if name.startswith(ORIGIN_TOOLTIP):
        return None
    candidates = _matches_at(matches, _latlng(point), tolerance_deg)
    if candidates:
        named = [match for match in candidates if name and _name_key(match) == name]
        return (named or candidates)[0].studio.id
    if name:
        named_ids = {match.studio.id for match in matches if _name_key(match) == name}
        if len(named_ids) == 1:
            return named_ids.pop()
    return None


def _name_key(match: Match) -> str:
    return " ".join(match.studio.name.split())


def _matches_at(matches: Sequence[Match], latlng: tuple[float, float] | None, tolerance_deg: float) -> list[Match]:
    """The matches within ``tolerance_deg`` of a point (longitude wrapped), nearest first."""
    if latlng is None:
        return []
    lat, lng = latlng
    candidates: list[tuple[float, Match]] = []
    for match in matches:
        dlat = abs(lat - match.studio.latitude)
        dlng = abs((lng - match.studio.longitude + 180.0) % 360.0 - 180.0)
        offset = max(dlat, dlng)
        if offset <= tolerance_deg:
            candidates.append((offset, match))
    candidates.sort(key=lambda pair: pair[0])
    return [match for _, match in candidates]


def _latlng(point: object) -> tuple[float, float] | None:
    if not isinstance(point, Mapping):
        return None
    try:
        lat, lng = float(point["lat"]), float(point["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return None
    return lat, lng


def _view(
    origin: Place | None, matches: Sequence[Match], radius_km: float | None
) -> tuple[tuple[float, float], int, list[list[float]] | None]:
    """Start centre and zoom, and the bounds to fit (origin + matches, else the radius circle)."""
    points = [(m.studio.latitude, m.studio.longitude) for m in matches]
    if origin is not None:
        points.insert(0, (origin.latitude, origin.longitude))
    if not points:
        return (20.0, 0.0), 2, None
    center = points[0]
    if len(set(points)) == 1:
        if origin is not None and radius_km is not None and radius_km > 0:
            return center, _DEFAULT_ZOOM, _circle_bounds(center, radius_km)
        return center, _DEFAULT_ZOOM, None
    lats = [lat for lat, _ in points]
    lngs = [lng for _, lng in points]
    return center, _DEFAULT_ZOOM, [[min(lats), min(lngs)], [max(lats), max(lngs)]]


def _circle_bounds(center: tuple[float, float], radius_km: float) -> list[list[float]]:
    lat, lng = center
    dlat = radius_km / _KM_PER_DEGREE_LAT
    dlng = min(180.0, radius_km / (_KM_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01)))
    return [[max(lat - dlat, -85.0), lng - dlng], [min(lat + dlat, 85.0), lng + dlng]]

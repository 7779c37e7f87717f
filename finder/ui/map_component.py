"""The results map as the st_folium component, its payload built once per distinct map.

``st_folium`` renders a folium map (its jinja templates, twice) and rebuilds the Leaflet script on
every rerun, even when nothing on the map changed. Here the payload is built once per distinct
content (origin, studios, radius, units, favourites) and kept in a bounded cache, so a rerun that
shows the same map costs a dictionary lookup, and the browser receives identical arguments: the map
is not remounted and a popup the person opened stays open.

It sends what ``streamlit_folium.st_folium`` (pinned, 0.27.4) sends, through that package's own
component and helpers; tests compare the two.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import folium
import streamlit as st
import streamlit_folium

from ..directory import Match
from ..geocoding.place import Place
from ..units import Unit
from .map import build_map

#: Distinct maps kept ready; each is tens of kilobytes (50 studios: about 90 KB).
CACHED_MAPS = 128


@dataclass(frozen=True, slots=True)
class MapPayload:
    """What the st_folium component receives for one map."""

    script: str
    header: str
    html: str
    map_id: str
    component_key: str  # st_folium's hash of the script: the component's identity in the browser
    defaults: dict[str, object]
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def payload_of(fmap: folium.Map, *, key: str, returned_objects: Sequence[str]) -> MapPayload:
    """The component arguments for a folium map, computed as ``st_folium`` computes them."""
    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    (south, west), (north, east) = fmap.get_bounds()
    defaults: dict[str, object] = {name: None for name in returned_objects if name not in ("bounds", "zoom")}
    if "bounds" in returned_objects:
        defaults["bounds"] = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    if "zoom" in returned_objects:
        defaults["zoom"] = fmap.options.get("zoom")
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return MapPayload(
        script=script,
        header=header,
        html=html,
        map_id=streamlit_folium.get_full_id(fmap),
        component_key=streamlit_folium.generate_js_hash(script, key, False),
        defaults=defaults,
        css_links=tuple(dict.fromkeys(css)),
        js_links=tuple(dict.fromkeys(js)),
    )


def _walk(element: object) -> list[object]:
    found = [element] if isinstance(element, folium.elements.JSCSSMixin) else []
    for child in getattr(element, "_children", {}).values():
        found.extend(_walk(child))
    return found


@lru_cache(maxsize=CACHED_MAPS)
def _cached_payload(
    origin: Place,
    matches: tuple[Match, ...],
    radius_km: float | None,
    unit: Unit,
    favorite_ids: frozenset[str],
    key: str,
    returned_objects: tuple[str, ...],
) -> MapPayload:
    fmap = build_map(origin, matches, radius_km=radius_km, unit=unit, favorite_ids=favorite_ids)
    return payload_of(fmap, key=key, returned_objects=returned_objects)


def results_map(
    origin: Place,
    matches: Sequence[Match],
    *,
    radius_km: float | None,
    unit: Unit,
    favorite_ids: Collection[str],
    key: str,
    height: int,
    returned_objects: Sequence[str],
) -> None:
    """Draw the map of a search; the last click lands in ``st.session_state[key]`` as st_folium puts it."""
    payload = _cached_payload(
        origin, tuple(matches), radius_km, unit, frozenset(favorite_ids), key, tuple(returned_objects)
    )

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(payload.component_key, {})

    streamlit_folium._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=payload.component_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=payload.defaults,
        zoom=None,
        center=None,
        feature_group=None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(payload.css_links),
        js_links=list(payload.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )

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

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import folium
import streamlit as st
import streamlit_folium
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement

from ..directory import Match
from ..geocoding.place import Place
from ..units import Unit
from .map import build_map

_VIEWPORT = re.compile(r"<meta name=\"viewport\"[^>]*>", re.DOTALL)
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
    """The component arguments for a folium map, as ``st_folium`` computes them, without rendering the page.

    ``st_folium`` renders the whole folium page (every element's macros compiled again as templates)
    only to keep its header and an empty html; the Leaflet script comes from each element's script
    macro. Here the header comes straight from the elements' header macros (the viewport meta tag,
    which would forbid pinch zoom, left out), and the script exactly as ``st_folium`` builds it.
    """
    elements = _walk(fmap)
    for element in elements:
        _add_to_parent(element)
    header = "\n".join(
        element._template.module.header(element, {})
        for element in elements
        if isinstance(element, MacroElement) and hasattr(element._template.module, "header")
    )
    header = _VIEWPORT.sub("", header).replace(streamlit_folium.get_full_id(fmap), "map_div")
    script = streamlit_folium._get_map_string(fmap)
    (south, west), (north, east) = fmap.get_bounds()
    defaults: dict[str, object] = {name: None for name in returned_objects if name not in ("bounds", "zoom")}
    if "bounds" in returned_objects:
        defaults["bounds"] = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    if "zoom" in returned_objects:
        defaults["zoom"] = fmap.options.get("zoom")
    css: list[str] = []
    js: list[str] = []
    for element in elements:
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return MapPayload(
        script=script,
        header=header,
        html="",
        map_id="map_div",
        component_key=streamlit_folium.generate_js_hash(script, key, False),
        defaults=defaults,
        css_links=tuple(dict.fromkeys(css)),
        js_links=tuple(dict.fromkeys(js)),
    )


def _add_to_parent(element: Element) -> None:
    """What folium's Layer.render adds to the tree (the layer's ``addTo`` call), without rendering the page."""
    if isinstance(element, folium.map.Layer) and element.show:
        name = element.get_name() + "_add"
        if name not in element._children:
            adding = ElementAddToElement(
                element_name=element.get_name(), element_parent_name=element._parent.get_name()
            )
            element.add_child(adding, name=name)


def _walk(element: Element) -> list[Element]:
    """The element and all its descendants, parents first (the order st_folium reads them in)."""
    found = [element]
    for child in element._children.values():
        found.extend(_walk(child))
    return found


@lru_cache(maxsize=CACHED_MAPS)
def _cached_payload(
    origin: Place | None,
    matches: tuple[Match, ...],
    radius_km: float | None,
    unit: Unit,
    favorite_ids: frozenset[str],
    numbered: int | None,
    key: str,
    returned_objects: tuple[str, ...],
) -> MapPayload:
    fmap = build_map(origin, matches, radius_km=radius_km, unit=unit, favorite_ids=favorite_ids, numbered=numbered)
    return payload_of(fmap, key=key, returned_objects=returned_objects)


def results_map(
    origin: Place | None,
    matches: Sequence[Match],
    *,
    radius_km: float | None,
    unit: Unit,
    favorite_ids: Collection[str],
    key: str,
    height: int,
    returned_objects: Sequence[str],
    numbered: int | None = None,
) -> None:
    """Draw the map of a search; the last click lands in ``st.session_state[key]`` as st_folium puts it.

    The first ``numbered`` matches (default: all) carry the number of their card.
    """
    payload = _cached_payload(
        origin, tuple(matches), radius_km, unit, frozenset(favorite_ids), numbered, key, tuple(returned_objects)
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

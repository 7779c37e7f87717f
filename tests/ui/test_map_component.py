"""The cached map payload: what st_folium would send, built once per distinct map."""

from __future__ import annotations

import re

import streamlit_folium
from pins import map_pins

from finder.ui import map_component
from finder.ui.map import build_map

RETURNED = ("last_object_clicked", "last_object_clicked_tooltip")


def _without_ids(text: str) -> str:
    return re.sub(r"_[a-z0-9]{32}", "", text)  # folium names every element with a random hex id


def test_the_payload_is_what_st_folium_sends(monkeypatch, origin, matches_of):
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))

    def same_map():
        return build_map(origin, matches_of(12), radius_km=50, unit="mi", favorite_ids={"studio-003"})

    streamlit_folium.st_folium(
        same_map(), key="map", height=520, use_container_width=True, returned_objects=list(RETURNED)
    )
    payload = map_component.payload_of(same_map(), key="map", returned_objects=RETURNED)
    assert payload.component_key == sent["key"]  # st_folium's hash ignores the random ids: the same map
    assert _without_ids(payload.script) == _without_ids(sent["script"])
    assert payload.html == sent["html"] == ""
    assert "#map_div {" in payload.header and ".af-pin {" in payload.header  # the map's and our styles
    assert "user-scalable=no" in sent["header"] and "user-scalable" not in payload.header  # pinch zoom works
    assert len(map_pins(payload.script)) == 12
    assert payload.defaults == sent["default"]
    assert (list(payload.css_links), list(payload.js_links)) == (sent["css_links"], sent["js_links"])
    assert payload.js_links[0].startswith("/app/static/")  # still the self-hosted Leaflet


def test_the_same_map_is_built_once_and_sent_unchanged(monkeypatch, origin, matches_of):
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.append(kwargs))
    builds = []
    real_build = map_component.build_map
    monkeypatch.setattr(map_component, "build_map", lambda *a, **k: builds.append(1) or real_build(*a, **k))
    map_component._cached_payload.cache_clear()
    arguments = {
        "radius_km": 50.0,
        "unit": "km",
        "favorite_ids": (),
        "key": "map",
        "height": 520,
        "returned_objects": RETURNED,
    }
    for _ in range(3):
        map_component.results_map(origin, matches_of(5), **arguments)
    map_component.results_map(origin, matches_of(6), **arguments)
    assert len(builds) == 2  # one per distinct map
    assert sent[0]["script"] == sent[2]["script"] and sent[0]["key"] == sent[2]["key"]  # no remount
    assert sent[3]["key"] != sent[0]["key"]


def test_the_cache_is_bounded(origin, make_match):
    map_component._cached_payload.cache_clear()
    for index in range(map_component.CACHED_MAPS + 20):
        map_component._cached_payload(origin, (make_match(index),), None, "km", frozenset(), None, "map", RETURNED)
    assert map_component._cached_payload.cache_info().currsize == map_component.CACHED_MAPS

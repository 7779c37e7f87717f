"""The results map: local assets only, one marker per studio, escaped popups, clicks map back."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import folium
import pytest
from pins import map_pins

from finder.ui.map import (
    CLUSTER_THRESHOLD,
    OfflineMap,
    build_map,
    studio_id_at,
)
from finder.units import format_distance

STATIC = Path(__file__).resolve().parents[2] / "static"
HOSTILE = "</script><img src=x onerror=alert(1)>`${alert(1)}` \"quoted\" 'single' back\\slash\nnew line"
ASSET_TAG = re.compile(r"<(?:script[^>]*\bsrc|link[^>]*\bhref)=\"([^\"]*)\"", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def render(*args, **kwargs) -> str:
    return build_map(*args, **kwargs).get_root().render()


def asset_urls(html: str) -> list[str]:
    return ASSET_TAG.findall(html)


def elements(node):
    yield node
    for child in node._children.values():
        yield from elements(child)


# -- works offline, leaks nothing ---------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 3, CLUSTER_THRESHOLD + 5])
def test_every_script_and_stylesheet_is_served_by_the_app(origin, matches_of, count):
    fmap = build_map(origin, matches_of(count), radius_km=25)
    html = fmap.get_root().render()
    urls = asset_urls(html)
    assert urls, "the page loads Leaflet from somewhere"
    assert all(url.startswith("/app/static/") for url in urls), urls
    for needle in ("cdn", "jsdelivr", "cloudflare", "code.jquery", "bootstrap", "fontawesome"):
        assert needle not in html.lower()
    # streamlit-folium does not read the <script src> tags: it loads every element's default_js and
    # default_css itself, so those must be local too.
    for element in elements(fmap):
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            assert url.startswith("/app/static/"), (type(element).__name__, url)


def test_referenced_assets_exist_on_disk(origin, matches_of):
    html = render(origin, matches_of(CLUSTER_THRESHOLD + 1), radius_km=25)
    paths = [url.removeprefix("/app/static/") for url in asset_urls(html)]
    assert 'L.Icon.Default.imagePath = "/app/static/leaflet/images/"' in html
    assert '"/app/static/countries.geojson"' in html
    paths += ["countries.geojson"]
    paths += [f"leaflet/images/{name}" for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")]
    # images leaflet.css points at (the layers control)
    css = (STATIC / "leaflet/leaflet.css").read_text(encoding="utf-8")
    paths += [f"leaflet/{url}" for url in re.findall(r"url\((images/[^)]+)\)", css)]
    for path in paths:
        assert (STATIC / path).is_file(), path


def test_static_folder_is_small_and_the_basemap_is_geojson():
    total = sum(path.stat().st_size for path in STATIC.rglob("*") if path.is_file())
    assert total < 1_000_000
    countries = STATIC / "countries.geojson"
    assert countries.stat().st_size <= 300_000
    collection = json.loads(countries.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) > 150
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}
    assert (STATIC / "README.md").is_file()


def test_tiles_are_openstreetmap_with_attribution_and_optional(origin, matches_of):
    with_tiles = render(origin, matches_of(3))
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in with_tiles
    assert "openstreetmap.org/copyright" in with_tiles
    without = render(origin, matches_of(3), tiles=False)
    assert "L.tileLayer(" not in without
    assert "tile.openstreetmap.org" not in without
    assert "L.geoJSON(" in without  # the bundled outlines are still fetched
    assert len(map_pins(without)) == 3


def test_the_map_is_a_folium_map_with_local_defaults(origin):
    fmap = build_map(origin, [])
    assert isinstance(fmap, OfflineMap)
    # folium's own defaults are untouched for anybody else's maps
    assert any(url.startswith("https://") for _, url in folium.Map.default_js)


# -- what is on the map -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 10, CLUSTER_THRESHOLD, CLUSTER_THRESHOLD + 1, 50])
def test_one_marker_per_match_plus_origin_and_radius(origin, matches_of, count):
    html = render(origin, matches_of(count), radius_km=40)
    pins = map_pins(html)
    assert [pin["rank"] for pin in pins] == list(range(1, count + 1))  # numbered as their cards
    assert html.count("L.marker(") == (1 if count else 0)  # one loop makes them all
    assert html.count("L.circleMarker(") == 1
    assert html.count("L.circle(") == 1
    assert '"radius": 40000.0' in html
    assert '"interactive": false' in html  # clicks inside the radius are not studio clicks
    assert "You searched here: Austin, Texas, US" in html
    assert '"pane": "afOrigin"' in html  # drawn above the radius circle, below the pins
    assert 'createPane("afOrigin").style.zIndex = 590' in html


def test_no_origin_no_radius(matches_of):
    html = render(None, matches_of(2), radius_km=40)
    assert "L.circleMarker(" not in html
    assert "L.circle(" not in html
    assert len(map_pins(html)) == 2


def test_clustering_starts_above_the_threshold(origin, matches_of):
    assert "L.markerClusterGroup(" not in render(origin, matches_of(CLUSTER_THRESHOLD))
    html = render(origin, matches_of(CLUSTER_THRESHOLD + 1), highlight_id="studio-004")
    assert html.count("L.markerClusterGroup(") == 1
    assert "/app/static/markercluster/leaflet.markercluster.js" in html
    pins = map_pins(html)
    assert len(pins) == CLUSTER_THRESHOLD + 1
    assert [pin["rank"] for pin in pins if pin["selected"]] == [5]  # drawn outside the cluster, never hidden
    assert "marker.addTo(pin.selected ? map : layer)" in html


def test_bounds_fit_the_origin_and_the_matches(origin, make_match):
    near = make_match(1, latitude=30.5, longitude=-97.9)
    far = make_match(2, latitude=29.9, longitude=-97.2)
    html = render(origin, [near, far])
    bounds = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.DOTALL).group(1))
    assert bounds == [[29.9, -97.9], [30.5, -97.2]]


def test_bounds_with_nothing_found_show_the_search_radius(origin):
    html = render(origin, [], radius_km=50)
    (south, west), (north, east) = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.DOTALL).group(1))
    assert south < origin.latitude < north and west < origin.longitude < east
    assert north - south == pytest.approx(2 * 50 / 111.32, rel=0.01)


def test_an_empty_map_shows_the_world():
    html = render(None, [])
    assert "fitBounds" not in html
    assert '"zoom": 2' in html


def test_popup_has_distance_address_and_safe_links(origin, make_match):
    match = make_match(3, distance_km=5.15, precision="postal_code", website="javascript:alert(1)")
    html = map_pins(render(origin, [match], unit="mi"))[0]["popup"]
    assert "3.2 mi away" in html
    assert "103 South Congress Avenue, Suite 3, 78704 Austin, TX, US" in html
    assert "Approximate location (postal-code precision)" in html
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert len(hrefs) == 4  # OSM, Google, phone, booking; the javascript: website is gone
    assert any(h.startswith("https://www.openstreetmap.org/directions?") for h in hrefs)
    assert any(h.startswith("https://www.google.com/maps/dir/?api=1&amp;origin=") for h in hrefs)
    assert "tel:+15125550100" in hrefs
    assert all(h.startswith(("https://", "tel:")) for h in hrefs)
    assert html.count('target="_blank" rel="noopener noreferrer"') == 4
    assert "Website</a>" not in html


def test_popup_in_km_and_exact_locations_say_nothing_about_precision(origin, make_match):
    html = map_pins(render(origin, [make_match(0, distance_km=5.1)], unit="km"))[0]["popup"]
    assert "5.1 km away" in html
    assert "Approximate location" not in html
    assert "Website</a>" in html


@pytest.mark.parametrize(
    ("distance_km", "unit", "text"),
    [(5.1, "km", "5.1 km"), (5.15, "mi", "3.2 mi"), (0.04, "km", "0.0 km"), (153.4, "km", "153 km")],
)
def test_format_distance(distance_km, unit, text):
    assert format_distance(distance_km, unit) == text


def test_an_unknown_unit_is_refused(origin):
    with pytest.raises(ValueError, match="'km' or 'mi'"):
        build_map(origin, [], unit="furlongs")


def test_highlight_and_favourites_get_their_own_icons(origin, matches_of):
    html = render(origin, matches_of(4), highlight_id="studio-001", favorite_ids={"studio-002", "studio-003"})
    classes = [pin["className"] for pin in map_pins(html)]
    assert classes == ["af-pin", "af-pin af-pin--selected", "af-pin af-pin--favorite", "af-pin af-pin--favorite"]
    assert "zIndexOffset: pin.selected ? 1000 : 0" in html
    popups = [pin["popup"] for pin in map_pins(html)]
    assert sum('<span title="In your favourites">&#9733;</span>' in popup for popup in popups) == 2


def test_pins_carry_their_number_and_the_studios_name(origin, matches_of, make_match):
    extra = make_match(9, name="Saved Elsewhere")
    pins = map_pins(render(origin, [*matches_of(2), extra], numbered=2))
    assert [pin["rank"] for pin in pins] == [1, 2, None]  # the favourite beside the results: a star
    assert pins[0]["icon"] == '<span aria-hidden="true">1</span><span class="af-sr">Barefoot Bodywork Studio 0</span>'
    assert pins[2]["icon"].startswith('<span aria-hidden="true">&#9733;</span>')
    assert pins[2]["tooltip"] == "Saved Elsewhere"
    assert "title" not in pins[2]  # Leaflet would show the escaped name's entities as text


# -- hostile data -------------------------------------------------------------------------------


def hostile_map(origin, make_match) -> str:
    match = make_match(
        0,
        name=HOSTILE,
        street=HOSTILE,
        city="${alert(2)}",
        phone="`+1 555`<b>0100</b>",
        website="javascript:alert(1)",
        booking_url="javascript:alert(3)",
        precision="city",
    )
    hostile_origin = origin.__class__(**{**origin.__dict__, "label": HOSTILE})
    return render(hostile_origin, [match], radius_km=10)


def test_hostile_text_is_escaped_everywhere(origin, make_match):
    html = hostile_map(origin, make_match)
    for raw in ("<img", "</script><", "${alert", "`${", "javascript:", "<b>", "back\\slash", "\nnew line"):
        assert raw not in html, raw
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(1)&#125;&#96;" in html
    assert html.count("</script>") == html.count("<script")  # nothing closes a script block early


def test_template_syntax_in_listings_is_never_run_on_the_server(origin, make_match):
    """folium compiles a rendered popup as a Jinja template again: a listing must stay text."""
    payload = (
        "{{ 'EVAL' ~ 'UATED' }} {{ cycler.__init__.__globals__.os.getpid() }} "
        "{% if true %}{{ 'WAS' ~ 'RUN' }}{% endif %}"
    )
    match = make_match(0, name=payload, street=payload, city=payload, phone="+1 512 555 0100")
    html = render(origin.__class__(**{**origin.__dict__, "label": payload}), [match], radius_km=10)
    assert "EVALUATED" not in html and "WASRUN" not in html and f" {os.getpid()} " not in html
    assert "&#123;&#123; &#x27;EVAL&#x27; ~ &#x27;UATED&#x27; &#125;&#125;" in html


def test_hostile_map_scripts_parse_and_run_nothing(origin, make_match, tmp_path):
    """Run every inline script of the page in node with a stand-in Leaflet and jQuery."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    html = hostile_map(origin, make_match)
    scripts = INLINE_SCRIPT.findall(html)
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    result = subprocess.run(
        [node, str(harness)],
        input=json.dumps(scripts),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["alerts"] == []
    # the text Leaflet receives is the escaped HTML, byte for byte: nothing was interpolated
    name = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(1)&#125;&#96; &quot;quoted&quot; "
    assert any(name in tooltip for tooltip in seen["tooltips"])
    assert any(f"You searched here: {name}" in tooltip for tooltip in seen["tooltips"])
    assert any(f"<strong>{name}" in popup for popup in seen["popups"])
    assert all("<img" not in text for text in seen["tooltips"] + seen["popups"])


NODE_HARNESS = r"""
const scripts = JSON.parse(require("fs").readFileSync(0, "utf8"));
const seen = {alerts: [], tooltips: [], popups: []};
// A stand-in for Leaflet: every property and every call gives the stand-in back,
// except the calls whose arguments we want to see.
function stub() {
  const fn = function () { return proxy; };
  const proxy = new Proxy(fn, {
    get(target, prop) {
      if (prop === "bindTooltip") return (content) => { seen.tooltips.push(String(content)); return proxy; };
      if (prop === "setContent" || prop === "bindPopup") {
        return (content) => { seen.popups.push(String(content)); return proxy; };
      }
      if (prop === Symbol.toPrimitive) return () => "stub";
      return proxy;
    },
    set() { return true; },
    apply() { return proxy; },
  });
  return proxy;
}
const L = stub();
const $ = (html) => [html];
const alert = (value) => { seen.alerts.push(String(value)); };
const window = {};
for (const code of scripts) {
  new Function("L", "$", "alert", "window", "fetch", code)(L, $, alert, window, undefined);
}
process.stdout.write(JSON.stringify(seen));
"""


# -- payload ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 50])
def test_payload_stays_under_300_kb(origin, matches_of, count):
    html = render(origin, matches_of(count), radius_km=100, favorite_ids={"studio-001"}, highlight_id="studio-002")
    assert len(html.encode("utf-8")) < 300_000


# -- clicks -------------------------------------------------------------------------------------


def test_a_click_on_a_marker_maps_back_to_its_studio(matches_of):
    matches = matches_of(5)
    studio = matches[3].studio
    clicked = {"lat": studio.latitude, "lng": studio.longitude}
    assert studio_id_at(matches, clicked) == studio.id
    assert studio_id_at(matches, {"last_object_clicked": clicked}) == studio.id
    assert studio_id_at(matches, {"lat": studio.latitude + 5e-6, "lng": studio.longitude - 5e-6}) == studio.id
    assert studio_id_at(matches, {"lat": studio.latitude, "lng": studio.longitude + 360.0}) == studio.id


@pytest.mark.parametrize(
    "clicked",
    [None, {}, {"last_object_clicked": None}, {"lat": 0.0, "lng": 0.0}, {"lat": "x", "lng": 1}, {"lng": 1.0}],
)
def test_a_click_elsewhere_is_no_studio(matches_of, clicked):
    assert studio_id_at(matches_of(5), clicked) is None


def test_the_tooltip_breaks_ties_and_stands_in_for_coordinates(matches_of, make_match):
    twin_a = make_match(1, latitude=30.3, longitude=-97.7, name="North Loop Ashiatsu")
    twin_b = make_match(2, latitude=30.3, longitude=-97.7, name="Studio  <B>  & Co")
    matches = [*matches_of(1), twin_a, twin_b]
    where = {"lat": 30.3, "lng": -97.7}
    assert studio_id_at(matches, {"last_object_clicked": where}) == twin_a.studio.id
    tooltip = "Studio <B> & Co"  # what the browser shows: entities decoded, whitespace collapsed
    assert studio_id_at(matches, {"last_object_clicked": where, "last_object_clicked_tooltip": tooltip}) == (
        twin_b.studio.id
    )
    assert studio_id_at(matches, {"last_object_clicked": None, "last_object_clicked_tooltip": tooltip}) == (
        twin_b.studio.id
    )


def test_a_click_on_the_origin_is_no_studio(origin, make_match):
    at_origin = make_match(0, latitude=origin.latitude, longitude=origin.longitude)
    clicked = {
        "last_object_clicked": {"lat": origin.latitude, "lng": origin.longitude},
        "last_object_clicked_tooltip": "You searched here: Austin, Texas, US",
    }
    assert studio_id_at([at_origin], clicked) is None


def test_a_map_without_a_search_says_no_distance_in_its_popups():
    """The operator's queue and a studio's own page map studios without a search: no "0 km away"."""
    from finder.directory import Match, Studio
    from finder.ui.map import popup_html

    studio = Studio(id="s1", name="Lantern Bar Studio", latitude=30.27, longitude=-97.74, city="Austin", country="US")
    assert "away" not in popup_html(Match(studio, float("nan")))
    assert "away" not in popup_html(Match(studio, 0.0))

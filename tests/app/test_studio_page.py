"""A page per studio (``?studio=<id>``), links to it from the cards, and the removable style chips."""

from __future__ import annotations

import html
import re

from appview import open_filters, page_html, result_cards, result_names

from finder.directory import load_directory


def _sample_studio(name: str):
    return next(studio for studio in load_directory() if studio.name == name)


def _studio_section(at) -> str:
    for element in at.get("html"):
        if 'class="af-studio"' in element.proto.body:
            return element.proto.body
    return ""


def test_a_card_links_to_its_studio_page_keeping_the_search(search):
    at = search("Austin, TX")
    first = result_cards(at)[0]
    href = html.unescape(re.search(r'<a class="af-nav" href="([^"]*)"', first).group(1))
    studio_id = re.search(r'data-studio="([^"]*)"', first).group(1)
    assert href.startswith("?") and "place=Austin%2C+TX" in href and f"studio={studio_id}" in href
    assert f'class="af-show" data-studio="{studio_id}">Show on map</button>' in first


def test_the_studio_page_shows_every_field_its_map_and_share(open_app):
    studio = _sample_studio("North Star Sanctuary")
    at = open_app(place="Austin, TX", studio=studio.id)
    section = _studio_section(at)
    assert f"<h2>{html.escape(studio.name)}</h2>" in section
    for text in (studio.phone, studio.hours, studio.description, *studio.styles):
        assert html.escape(text) in section
    assert "Last verified" in section and studio.verified_on.strftime("%Y") in section
    assert "Approximate location (postal-code precision)" in section  # what "approximate" means here
    assert '<button type="button" class="af-share">Share</button>' in section
    assert not result_cards(at)  # the page replaces the results
    maps = [el for el in at.get("component_instance") if el.proto.component_name.endswith("st_folium")]
    assert len(maps) == 1 and studio.name in maps[0].proto.json_args
    assert at.button(key=f"fav-{studio.id}").label == f"Save {studio.name}"


def test_back_to_the_results_as_they_were(open_app):
    studio = _sample_studio("North Star Sanctuary")
    at = open_app(place="Austin, TX", radius="15mi", studio=studio.id)
    back = html.unescape(re.search(r'<a class="af-back af-nav" href="([^"]*)"', page_html(at)).group(1))
    assert "studio=" not in back and "radius=15mi" in back and "place=Austin%2C+TX" in back
    at.text_input(key="location").set_value("Denver").run()  # a new search leaves the page too
    assert result_names(at) and not _studio_section(at)
    assert "studio" not in dict(at.query_params)


def test_a_studio_not_in_the_directory_says_so_and_offers_the_way_back(open_app):
    at = open_app(place="Austin, TX", studio="no-such-studio")
    assert any("not in the directory" in warning.value for warning in at.warning)
    assert "Back to the results" in page_html(at)
    assert not at.exception


def test_a_starred_studio_page_offers_removal(open_app):
    studio = _sample_studio("North Star Sanctuary")
    at = open_app(studio=studio.id)
    at.button(key=f"fav-{studio.id}").click().run()
    assert at.button(key=f"fav-{studio.id}").label == f"Remove {studio.name} from favourites"
    assert dict(at.query_params).get("studio") == studio.id  # the list link joins, the page stays


def test_style_chips_remove_one_style_each(open_app):
    at = open_app(place="Austin, TX", styles="Ashiatsu DeepFeet|Barefoot Sensei", radius="any")
    chips = [at.button(key="chip-0"), at.button(key="chip-1")]
    assert [chip.label for chip in chips] == ["Ashiatsu DeepFeet", "Barefoot Sensei"]
    chips[0].click().run()
    assert open_filters(at).multiselect(key="styles").value == ["Barefoot Sensei"]
    assert dict(at.query_params)["styles"] == "Barefoot Sensei"
    assert [chip.label for chip in at.button if chip.key and chip.key.startswith("chip-")] == ["Barefoot Sensei"]


def test_the_studio_page_shows_the_week_in_the_studios_time_with_today_marked(open_app):
    studio = next(s for s in load_directory() if s.city == "Austin" and "appointment" not in s.hours.lower())
    at = open_app(studio=studio.id)
    section = _studio_section(at)
    week = re.search(r'<table class="af-week"><caption>This week, ([^<]+) time</caption>(.*?)</table>', section)
    assert week and week.group(1) == "America/Chicago"
    rows = re.findall(r"<tr( class=\"af-today\" aria-current=\"date\")?><th scope='row'>", week.group(2))
    assert len(rows) == 7 and rows[0] and not any(rows[1:])  # today first, and only today marked
    assert re.search(r'<p class="af-hours af-hours-(open|closing_soon|closed)">', section)

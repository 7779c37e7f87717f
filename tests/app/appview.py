"""Readers of what a person sees in an AppTest run: result cards, distances, the map's script."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from finder.directory.schema import COLUMNS
from finder.ui.cards import CARD_TITLE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE_CSV = ROOT / "data" / "studios.csv"

_RANKED = re.compile(r'<span class="af-rank"')
_DISTANCE = re.compile(r'<div class="af-meta">([\d,.]+) (mi|km) away')


def cards(at) -> list[str]:
    """The HTML of every result card, top to bottom (``at`` may be a block, e.g. the favourites)."""
    return [element.proto.body for element in at.get("html") if 'class="af-card' in element.proto.body]


def result_cards(at: AppTest) -> list[str]:
    """The cards of the search results (numbered), not those of the favourites view."""
    return [card for card in cards(at) if _RANKED.search(card) and "af-under-map" not in card]


def result_names(at: AppTest) -> list[str]:
    return [CARD_TITLE.search(card).group(1) for card in result_cards(at)]


def result_distances(at: AppTest) -> list[tuple[float, str]]:
    found = [_DISTANCE.search(card) for card in result_cards(at)]
    return [(float(m.group(1).replace(",", "")), m.group(2)) for m in found if m]


def map_script(at: AppTest) -> str:
    """The Leaflet script streamlit-folium was handed ("" when no map is shown)."""
    for element in at.get("component_instance"):
        if element.proto.component_name.endswith("st_folium"):
            return json.loads(element.proto.json_args)["script"]
    return ""


def status(at: AppTest) -> str:
    """The line above the results ("10 studios near Austin, Texas, US · city precision"), as text."""
    for element in at.get("html"):
        if 'class="af-status"' in element.proto.body:
            body = re.sub(r"</h2>\s*<p>", " · ", element.proto.body)
            return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
    return ""


def page_html(at: AppTest) -> str:
    """Every HTML block of the page, joined (the header, the cards, the status line)."""
    return "\n".join(element.proto.body for element in at.get("html"))


def texts(elements) -> list[str]:
    """The text a person reads: Markdown's backslash escapes (untrusted text is escaped) resolved."""
    return [re.sub(r"\\(.)", r"\1", element.value) for element in elements]


def sample_studios() -> list[dict[str, str]]:
    with SAMPLE_CSV.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for values in rows:
            writer.writerow({column: values.get(column, "") for column in COLUMNS})
    return path


def open_filters(at: AppTest) -> AppTest:
    """Open the filters' expander, as a person does before changing one: its widgets are drawn only
    while it is open."""
    at.session_state["filters-open"] = True
    at.run()
    assert not at.exception, at.exception
    return at

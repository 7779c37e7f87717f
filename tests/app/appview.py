"""Readers of what a person sees in an AppTest run: result cards, distances, the map's script."""

from __future__ import annotations

import csv
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

from finder.bench.app import report_to_component
from finder.directory.schema import COLUMNS
from finder.ui.cards import CARD_TITLE, STAR_BUTTON, star_label

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE_CSV = ROOT / "data" / "studios.csv"

_RANKED = re.compile(r'<span class="af-rank"')
_DISTANCE = re.compile(r'<div class="af-meta">([\d,.]+) (mi|km) away')


_CARD = re.compile(r'<article class="af-card.*?</article>', re.DOTALL)


def cards(at) -> list[str]:
    """The HTML of every card, top to bottom (``at`` may be a block, e.g. the favourites); the result
    list is one HTML block of cards."""
    return [card for element in at.get("html") for card in _CARD.findall(element.proto.body)]


def result_cards(at: AppTest) -> list[str]:
    """The cards of the search results (numbered), not those of the favourites view."""
    bodies = (element.proto.body for element in at.get("html") if "af-under-map" not in element.proto.body)
    return [card for body in bodies for card in _CARD.findall(body) if _RANKED.search(card)]


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


@dataclass(frozen=True)
class CardStar:
    """The star of a result card, as the page draws it."""

    studio_id: str
    label: str  # its accessible name: "Save …" or "Remove … from favourites"
    saved: bool


def relay_saved(at: AppTest) -> set[str]:
    """The studios whose card star the star relay shows saved (what Python last told the browser)."""
    relay = next(e for e in at.get("bidi_component") if e.proto.component_name.endswith("finder_stars"))
    return set(json.loads(relay.proto.json)["saved"])


def stars(at: AppTest) -> list[CardStar]:
    """The stars of the result cards, in card order, as the page shows them: each card's HTML says
    which studio and its name; the relay, whether it is saved."""
    saved = relay_saved(at)
    found = (STAR_BUTTON.search(card) for card in result_cards(at))
    named = ((html.unescape(m.group(1)), html.unescape(m.group(2))) for m in found if m)
    return [CardStar(id_, star_label(name, saved=id_ in saved), id_ in saved) for id_, name in named]


def star_of(at: AppTest, studio_id: str) -> CardStar:
    return next(star for star in stars(at) if star.studio_id == studio_id)


def relay_report(at: AppTest, value: object) -> AppTest:
    """Send what the page's star relay sends when a star is tapped (``value``), and run the page (the
    browser's part of the relay is tested in the browser, tests/e2e)."""
    report_to_component(at, "finder_stars", "tap", value)
    assert not at.exception, at.exception
    return at


def tap_star(at: AppTest, studio_id: str) -> AppTest:
    """Tap the star of a result card once, as a person does."""
    save = not star_of(at, studio_id).saved
    seq = int(at.session_state["stars_done"]) + 1 if "stars_done" in at.session_state else 1
    return relay_report(at, {"seq": seq, "wants": {studio_id: save}})

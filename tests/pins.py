"""Read the studio pins out of a map's Leaflet script (they travel as one JSON array: ``var pins = [...]``)."""

from __future__ import annotations

import json


def map_pins(script: str) -> list[dict]:
    """Every pin of every pin layer in the script, in order ([] when there is none)."""
    pins: list[dict] = []
    decoder = json.JSONDecoder()
    start = script.find("var pins = ")
    while start >= 0:
        found, _ = decoder.raw_decode(script, start + len("var pins = "))
        pins.extend(found)
        start = script.find("var pins = ", start + 1)
    return pins

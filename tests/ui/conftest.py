"""Fixtures for the map tests: a search origin in Austin and studios around it."""

from __future__ import annotations

import math

import pytest

from finder.directory import Match
from finder.directory.schema import Studio
from finder.geocoding.place import Place

AUSTIN = (30.2672, -97.7431)


def _make_match(index: int, *, distance_km: float | None = None, **fields) -> Match:
    """Studio number ``index`` on a spiral around Austin, with realistic (long-ish) fields."""
    angle = index * 2.399963  # golden angle: points spread evenly, none on top of another
    step = 0.02 * math.sqrt(index + 1)
    values = {
        "id": f"studio-{index:03d}",
        "name": f"Barefoot Bodywork Studio {index}",
        "latitude": round(AUSTIN[0] + step * math.sin(angle), 6),
        "longitude": round(AUSTIN[1] + step * math.cos(angle), 6),
        "street": f"{100 + index} South Congress Avenue, Suite {index}",
        "city": "Austin",
        "region": "TX",
        "postal_code": "78704",
        "country": "US",
        "phone": "+1 (512) 555-0100",
        "website": f"https://studio-{index}.example.com/ashiatsu?ref=finder&lang=en",
        "booking_url": f"https://book.example.com/studios/{index}",
    }
    values.update(fields)
    return Match(studio=Studio(**values), distance_km=2.5 * (index + 1) if distance_km is None else distance_km)


@pytest.fixture
def origin() -> Place:
    return Place(
        query="Austin",
        label="Austin, Texas, US",
        latitude=AUSTIN[0],
        longitude=AUSTIN[1],
        precision="city",
        source="offline",
        country_code="US",
    )


@pytest.fixture
def matches_of():
    """``matches_of(n)``: n matches sorted by distance."""
    return lambda count: [_make_match(index) for index in range(count)]


@pytest.fixture
def make_match():
    """``make_match(index, distance_km=None, **studio_fields)``: one match near Austin."""
    return _make_match

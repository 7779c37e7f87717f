"""Fixtures for the core tests: studio CSVs written into a temporary folder, and a fake geocoder."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pytest

from finder import Directory, Place, load_directory
from finder.directory.schema import COLUMNS


def csv_text(rows: Iterable[Mapping[str, str]], columns: Sequence[str] = COLUMNS, lineterminator: str = "\n") -> str:
    """A studio CSV with every column of ``columns``; missing values are left empty."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator=lineterminator, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def point_rows(points: Sequence[tuple[float, float]], styles: Sequence[str] | None = None) -> list[dict[str, str]]:
    """One studio per point, id = its index, coordinates written at full precision."""
    return [
        {
            "id": str(i),
            "name": f"Studio {i}",
            "latitude": repr(float(lat)),
            "longitude": repr(float(lon)),
            "styles": styles[i] if styles else "",
        }
        for i, (lat, lon) in enumerate(points)
    ]


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (dicts), text or bytes to a CSV in tmp_path and return its path."""

    def write(
        content: str | bytes | Iterable[Mapping[str, str]], name: str = "studios.csv", columns: Sequence[str] = COLUMNS
    ) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(csv_text(content, columns).encode("utf-8"))
        return path

    return write


@pytest.fixture
def directory_of(write_csv: Callable[..., Path]) -> Callable[..., Directory]:
    """Build a Directory from points (and optional ';'-separated styles per point)."""

    def build(points: Sequence[tuple[float, float]], styles: Sequence[str] | None = None) -> Directory:
        return load_directory(write_csv(point_rows(points, styles)), geocoder=None)

    return build


class FakeGeocoder:
    """Places rows by (postal_code, city, country) from a fixed table and records every call."""

    def __init__(self, places: Mapping[tuple[str, str, str], tuple[float, float, str]]) -> None:
        self.places = dict(places)
        self.calls: list[dict[str, str]] = []

    def place_structured(
        self, *, postal_code: str = "", city: str = "", region: str = "", country: str = ""
    ) -> Place | None:
        self.calls.append({"postal_code": postal_code, "city": city, "region": region, "country": country})
        found = self.places.get((postal_code, city, country))
        if found is None:
            return None
        latitude, longitude, precision = found
        return Place(
            query=f"{postal_code} {city} {country}".strip(),
            label=city or postal_code,
            latitude=latitude,
            longitude=longitude,
            precision=precision,
            source="fake",
            country_code=country or None,
        )


@pytest.fixture
def fake_geocoder() -> FakeGeocoder:
    return FakeGeocoder(
        {
            ("78701", "Austin", "US"): (30.2711, -97.7437, "postal_code"),
            ("", "Portland", "US"): (45.5152, -122.6784, "city"),
        }
    )


@pytest.fixture
def load() -> Callable[[Path], Directory]:
    """Load a CSV without the gazetteer (every row has coordinates)."""
    return lambda path: load_directory(path, geocoder=None)

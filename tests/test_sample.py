"""The synthetic directory generator and the bundled sample data."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from finder.directory.schema import COLUMNS
from finder.sample import STYLES, sample_rows, write_sample_csv

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "studios.csv"
TEXT_COLUMNS = tuple(column for column in COLUMNS if column not in ("latitude", "longitude", "phone"))
EXAMPLE_LINK = re.compile(r"^https?://([a-z0-9-]+\.)*example\.(com|org|net)/")


def generated(rows: int, seed: int = 7) -> str:
    out = io.StringIO()
    assert write_sample_csv(out, rows, seed=seed) == rows
    return out.getvalue()


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert generated(500) == generated(500)
    assert generated(500) != generated(500, seed=8)


def test_writes_to_a_path(tmp_path):
    path = tmp_path / "sample.csv"
    assert write_sample_csv(path, 50) == 50
    assert path.read_text(encoding="utf-8") == generated(50)


@pytest.mark.parametrize("rows", [0, 1, 2_345])
def test_header_and_row_count(rows):
    text = generated(rows)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert len(read(text)) == rows


def test_dataframe_matches_the_csv():
    frame = sample_rows(300)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.to_dict("records") == read(generated(300))


@pytest.mark.parametrize("rows", [-1, 1.5, True])
def test_rejects_a_bad_row_count(rows):
    with pytest.raises(ValueError, match="rows must be"):
        write_sample_csv(io.StringIO(), rows)


def located(row: dict[str, str]) -> bool:
    if row["latitude"] and row["longitude"]:
        return -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
    return not row["latitude"] and not row["longitude"] and bool(row["city"] and row["country"])


def test_every_synthetic_row_is_usable():
    rows = read(generated(20_000))
    assert all(row["name"] and located(row) for row in rows)
    assert all(EXAMPLE_LINK.match(row[field]) for row in rows for field in ("website", "booking_url") if row[field])
    assert all(1 <= len(row["styles"].split(";")) <= 3 for row in rows)
    assert {style for row in rows for style in row["styles"].split(";")} == set(STYLES)


def test_synthetic_rows_cover_poles_antimeridian_and_city_only():
    rows = read(generated(20_000))
    with_coordinates = [row for row in rows if row["latitude"]]
    assert any(abs(float(row["latitude"])) > 89 for row in with_coordinates)
    assert any(abs(float(row["longitude"])) > 179 for row in with_coordinates)
    city_only = [row for row in rows if not row["latitude"]]
    assert 0.01 < len(city_only) / len(rows) < 0.03


def no_formula_cells(rows: list[dict[str, str]]) -> bool:
    # Phone numbers legitimately start with "+"; safety.csv_cell guards them on export.
    return not any(row[column].startswith(("=", "+", "-", "@")) for row in rows for column in TEXT_COLUMNS)


def test_no_synthetic_text_cell_looks_like_a_formula():
    assert no_formula_cells(read(generated(5_000)))


@pytest.fixture(scope="module")
def bundled() -> list[dict[str, str]]:
    with open(BUNDLED, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_bundled_size_and_spread(bundled):
    assert 250 <= len(bundled) <= 350
    assert 50 <= len({(row["city"], row["country"]) for row in bundled}) <= 70
    assert len({row["id"] for row in bundled}) == len(bundled)
    assert len({row["name"] for row in bundled}) == len(bundled)
    assert all(row["name"] and located(row) for row in bundled)


def test_bundled_contact_details_are_fictional(bundled):
    north_american = [row["phone"] for row in bundled if row["phone"].startswith("+1 ")]
    assert north_american
    assert all(re.fullmatch(r"\+1 \(\d{3}\) 555-01\d\d", phone) for phone in north_american)
    links = [row[field] for row in bundled for field in ("website", "booking_url") if row[field]]
    assert links and all(EXAMPLE_LINK.match(link) for link in links)
    assert no_formula_cells(bundled)


def test_bundled_rows_without_coordinates_have_an_address(bundled):
    unplaced = [row for row in bundled if not row["latitude"]]
    assert 0.1 < len(unplaced) / len(bundled) < 0.3
    assert all(row["street"] and row["postal_code"] and row["city"] and row["country"] for row in unplaced)


def test_bundled_has_every_style(bundled):
    styles = [style for row in bundled for style in row["styles"].split(";")]
    assert set(styles) == set(STYLES)

"""The bench rows for a file whose every row needs the gazetteer: what they count adds up (no timing asserted)."""

from __future__ import annotations

import csv

from finder.bench import placing


def test_the_file_has_every_place_and_no_coordinates(tmp_path, monkeypatch):
    monkeypatch.setattr(placing, "TOWNS", 50)
    monkeypatch.setattr(placing, "ZIPS", 10)
    monkeypatch.setattr(placing, "UNKNOWN", 5)
    path = tmp_path / "unplaced.csv"
    distinct = placing.write_unplaced_csv(path, 500)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert distinct == 65 and len(rows) == 500
    assert "latitude" not in rows[0]
    places = {(row["postal_code"], row["city"], row["country"]) for row in rows}
    assert len(places) == distinct


def test_placed_and_reported_rows_add_up_and_the_cap_is_said(monkeypatch):
    monkeypatch.setattr(placing, "QUICK_ROWS", 2_000)
    monkeypatch.setattr(placing, "TOWNS", 400)
    monkeypatch.setattr(placing, "ZIPS", 100)
    monkeypatch.setattr(placing, "UNKNOWN", 40)
    rows = placing.bench_rows(quick=True)

    def value(start: str) -> float:
        return next(row.value for row in rows if row.name.startswith(start))

    placed, reported = value("rows placed"), value("rows reported in all")
    assert placed + reported == 2_000
    assert placed >= 1_500  # the gazetteer's own towns and ZIP codes are placed
    assert value("rows reported past the") == 0  # 540 places: all looked up, none past the cap
    assert value("load + place 2,000 rows") > 0

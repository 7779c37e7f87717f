"""Time zones are found when a search needs them, not at load, and are the same whichever way they are found."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from finder.directory import opening
from finder.directory.schema import COLUMNS
from finder.hours.zones import timezones_at
from finder.submissions.live import LiveDirectory

NOON_UTC = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)

# London, Tokyo, New York and Sydney; hours of every kind, and the `timezone` column on some rows.
PLACES = [(51.5, -0.12), (35.68, 139.69), (40.71, -74.01), (-33.87, 151.21)]
HOURS = ["Mo-Fr 09:00-18:00", "24/7", "By appointment only", "", "Mon-Sat 10am-8pm", "Mo-Su 22:00-02:00; PH off"]


WITH_ZONE = [*COLUMNS, "timezone"]


def studio_rows(count: int = 24) -> list[dict[str, str]]:
    rows = []
    for i in range(count):
        latitude, longitude = PLACES[i % len(PLACES)]
        rows.append(
            {
                "id": f"s{i}",
                "name": f"Studio {i}",
                "latitude": repr(latitude + i * 0.001),
                "longitude": repr(longitude),
                "hours": HOURS[i % len(HOURS)],
                "country": ["GB", "JP", "US", "AU"][i % len(PLACES)],
                "timezone": "Asia/Tokyo" if i % 7 == 3 else "",  # a column's zone wins over the coordinates'
            }
        )
    return rows


@pytest.fixture
def lookups(monkeypatch) -> list[int]:
    """How many points each time-zone lookup asked about."""
    asked: list[int] = []

    def counting(latitudes, longitudes):
        asked.append(len(latitudes))
        return timezones_at(latitudes, longitudes)

    monkeypatch.setattr(opening, "timezones_at", counting)
    return asked


def zones_by_id(directory) -> dict[str, str]:
    return {match.studio.id: match.studio.timezone for match in directory.nearest(0.0, 0.0, limit=len(directory))}


def test_loading_looks_up_no_zone_and_a_search_only_those_of_the_studios_it_shows(write_csv, load, lookups):
    directory = load(write_csv(studio_rows(), columns=WITH_ZONE))
    assert lookups == []
    found = directory.nearest(51.5, -0.12, limit=3)
    assert sum(lookups) <= 3
    assert [match.studio.timezone for match in found] == ["Europe/London", "Europe/London", ""]  # s8: by appointment
    directory.nearest(51.5, -0.12, limit=3, open_at=NOON_UTC)  # who is open: every studio's zone, once
    everyone = sum(lookups)
    directory.nearest(35.68, 139.69, limit=3, open_at=NOON_UTC)
    directory.nearest(35.68, 139.69, limit=3)
    assert sum(lookups) == everyone


def test_a_studios_zone_is_the_same_before_and_after_the_whole_directorys_are_found(write_csv, load):
    rows = studio_rows()
    before = zones_by_id(load(write_csv(rows, columns=WITH_ZONE)))
    prepared = load(write_csv(rows, name="again.csv", columns=WITH_ZONE))
    prepared.prepare_open()
    assert zones_by_id(prepared) == before
    assert before["s3"] == "Asia/Tokyo"  # its own column, though it is in Sydney
    assert before["s7"] == "Australia/Sydney" and before["s6"] == "America/New_York"
    assert before["s2"] == before["s9"] == ""  # by appointment, no hours: no zone needed, none given
    assert before["s4"] == "Europe/London"


@pytest.mark.parametrize("prepared_first", [False, True])
def test_changes_keep_each_studios_zone_whether_or_not_it_was_found_yet(write_csv, load, prepared_first):
    rows = studio_rows()
    base = load(write_csv(rows, columns=WITH_ZONE))
    if prepared_first:
        base.prepare_open()
    added = load(write_csv([{**rows[1], "id": "new", "latitude": "-33.9", "longitude": "151.2"}], "new.csv", WITH_ZONE))
    merged = base.with_changes(added, removed=["s0"])
    zones = zones_by_id(merged)
    assert "s0" not in zones and zones["new"] == "Australia/Sydney"
    assert {key: zone for key, zone in zones.items() if key != "new"} == {
        key: zone for key, zone in zones_by_id(base).items() if key != "s0"
    }
    open_ids = {match.studio.id for match in merged.nearest(-33.9, 151.2, limit=50, open_at=NOON_UTC)}
    assert "new" in open_ids  # 24/7 in Sydney


def test_the_refresh_thread_finds_every_zone_before_a_visitor_asks(write_csv, lookups, monkeypatch):
    live = LiveDirectory(write_csv(studio_rows(), columns=WITH_ZONE), store=None)
    assert lookups == []
    found = threading.Event()
    counting = opening.timezones_at

    def noting(latitudes, longitudes):
        zones = counting(latitudes, longitudes)
        found.set()
        return zones

    monkeypatch.setattr(opening, "timezones_at", noting)
    try:
        live.start(poll_s=60)
        assert found.wait(10), "the refresh thread did not look the zones up"
    finally:
        live.stop()
    asked = sum(lookups)
    rules = {"Mo-Fr 09:00-18:00", "24/7", "Mon-Sat 10am-8pm", "Mo-Su 22:00-02:00; PH off"}
    assert asked == sum(row["hours"] in rules and not row["timezone"] for row in studio_rows())
    live.snapshot().directory.nearest(51.5, -0.12, limit=3, open_at=NOON_UTC)  # waits for the thread if need be
    assert sum(lookups) == asked


def race(directory, expected: dict[str, str]) -> list[Exception]:
    """One thread finds every zone while three ask for the zones of the studios they show; what went wrong."""
    start, problems = threading.Barrier(4), []

    def read() -> None:
        start.wait()
        try:
            for _ in range(20):
                for match in directory.nearest(35.68, 139.69, limit=40):
                    assert match.studio.timezone == expected[match.studio.id]
        except Exception as error:  # reported by the test
            problems.append(error)

    def build() -> None:
        start.wait()
        directory.prepare_open()

    threads = [threading.Thread(target=build), *(threading.Thread(target=read) for _ in range(3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return problems


def test_searches_while_the_zones_are_being_found_see_the_same_zones(write_csv, load):
    # Each search sees either the zones not yet found or the groups, never a half-built state, and the same
    # answer either way.
    rows = studio_rows(400)
    expected = zones_by_id(load(write_csv(rows, name="reference.csv", columns=WITH_ZONE)))
    for attempt in range(5):
        directory = load(write_csv(rows, name=f"race-{attempt}.csv", columns=WITH_ZONE))
        problems = race(directory, expected)
        assert not problems, (attempt, problems[:1])
        assert zones_by_id(directory) == expected

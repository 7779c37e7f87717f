"""A studio's region, however it is written, picks the regional holidays the ``holidays`` library knows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from finder.directory import Studio
from finder.hours import hours_status
from finder.hours.zones import holiday_calendar, subdivision_code, unknown_region


@pytest.mark.parametrize(
    ("country", "region", "code"),
    [
        ("GB", "England", "ENG"),
        ("GB", "Scotland", "SCT"),
        ("GB", "northern ireland", "NIR"),
        ("GB", "ENG", "ENG"),
        ("US", "Texas", "TX"),
        ("US", "TEXAS", "TX"),
        ("US", "tx", "TX"),
        ("US", "US-TX", "TX"),  # the ISO 3166-2 code
        ("US", "District of Columbia", "DC"),
        ("DE", "Bayern", "BY"),  # the library's own name
        ("DE", "Bavaria", "BY"),  # ISO's English name
        ("DE", "Baden-Wurttemberg", "BW"),  # without the accent
        ("DE", "  baden württemberg ", "BW"),
        ("CA", "Québec", "QC"),
        ("CA", "Quebec", "QC"),
        ("CA", "Colombie-Britannique", "BC"),
        ("AU", "New South Wales", "NSW"),
        ("AU", "NSW", "NSW"),
        ("ch", "Genève", "GE"),  # the country code in any case
        ("US", "Atlantis", None),
        ("US", "", None),
        ("ZZ", "Texas", None),  # a country the library does not know
    ],
)
def test_region_names_and_codes_map_to_the_librarys_subdivision(country, region, code):
    assert subdivision_code(country, region) == code


def test_a_region_the_data_does_not_know_gives_the_national_calendar():
    calendar = holiday_calendar("US", "Atlantis")
    assert calendar is not None and calendar.subdivision is None
    assert calendar.is_holiday(datetime(2026, 7, 4).date())


@pytest.mark.parametrize(
    ("country", "region", "zone", "local", "state"),
    [
        ("GB", "Scotland", "Europe/London", "2026-11-30T11:00", "closed"),  # St Andrew's Day
        ("GB", "England", "Europe/London", "2026-11-30T11:00", "open"),
        ("US", "Texas", "America/Chicago", "2026-03-02T11:00", "closed"),  # Texas Independence Day
        ("US", "Oklahoma", "America/Chicago", "2026-03-02T11:00", "open"),
        ("CA", "Québec", "America/Toronto", "2026-06-24T11:00", "closed"),  # Saint-Jean-Baptiste
        ("CA", "Ontario", "America/Toronto", "2026-06-24T11:00", "open"),
        ("DE", "Bavaria", "Europe/Berlin", "2026-01-06T11:00", "closed"),  # Epiphany
        ("DE", "Berlin", "Europe/Berlin", "2026-01-06T11:00", "open"),
        ("AU", "New South Wales", "Australia/Sydney", "2026-10-05T11:00", "closed"),  # Labour Day
        ("AU", "Victoria", "Australia/Melbourne", "2026-10-05T11:00", "open"),
    ],
)
def test_ph_off_follows_the_region_by_its_name(country, region, zone, local, state):
    hours = "Mo-Su 10:00-18:00; PH off"
    studio = Studio(
        id="s", name="Studio", latitude=0, longitude=0, hours=hours, timezone=zone, country=country, region=region
    )
    at = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    assert hours_status(studio, at).state == state


@pytest.mark.parametrize(
    ("country", "region", "unknown"),
    [
        ("ES", "Catalonia", True),  # neither the library nor ISO's English names spell it so ("CT", "Cataluña")
        ("AT", "Vienna", True),
        ("US", "Atlantis", True),
        ("ES", "CT", False),
        ("US", "Texas", False),
        ("US", "", False),  # no region: the national holidays, as asked
        ("ZZ", "Atlantis", False),  # a country without a calendar: said on the card, not a region problem
    ],
)
def test_a_region_no_spelling_matches_is_named_with_the_codes_to_use(country, region, unknown):
    problem = unknown_region(country, region)
    assert (problem is not None) == unknown
    if unknown:
        assert repr(region) in problem and "national holidays" in problem and "Use its code" in problem

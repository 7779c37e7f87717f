"""Open or closed, in the studio's own time zone: hours × instants, across DST, midnight and holidays."""

from __future__ import annotations

from datetime import datetime

import pytest

from finder.directory import Studio
from finder.hours import hours_status, week


def studio(hours: str, timezone: str, country: str = "", region: str = "") -> Studio:
    return Studio(
        id="s",
        name="Studio",
        latitude=0.0,
        longitude=0.0,
        hours=hours,
        timezone=timezone,
        country=country,
        region=region,
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)  # every instant below is UTC ("Z"): a server in UTC


@pytest.mark.parametrize(
    ("hours", "zone", "instant", "state", "line"),
    [
        # A studio in Tokyo seen from a server in UTC: 03:00Z is noon in Tokyo.
        ("Mo-Fr 10:00-19:00", "Asia/Tokyo", "2026-12-02T03:00:00Z", "open", "Open now · closes 19:00"),
        ("Mo-Fr 10:00-19:00", "Asia/Tokyo", "2026-12-02T09:45:00Z", "closing_soon", "Closes soon · 19:00"),
        ("Mo-Fr 10:00-19:00", "Asia/Tokyo", "2026-12-04T12:00:00Z", "closed", "Closed · opens Mon 10:00"),
        ("Mo-Fr 10:00-19:00", "Asia/Tokyo", "2026-12-01T23:30:00Z", "closed", "Closed · opens 10:00"),
        # Past midnight: Friday's hours run into Saturday.
        ("Fr 20:00-02:00", "Europe/Berlin", "2026-12-04T20:00:00Z", "open", "Open now · closes 02:00"),
        ("Fr 20:00-02:00", "Europe/Berlin", "2026-12-05T00:30:00Z", "closing_soon", "Closes soon · 02:00"),
        ("Fr 20:00-02:00", "Europe/Berlin", "2026-12-05T02:00:00Z", "closed", "Closed · opens Fri 20:00"),
        # US DST (8 March, 1 November 2026): 13:30Z is 09:30 in summer time, 08:30 in winter time.
        ("Mo-Su 09:00-17:00", "America/New_York", "2026-03-07T13:30:00Z", "closed", "Closed · opens 09:00"),
        ("Mo-Su 09:00-17:00", "America/New_York", "2026-03-08T13:30:00Z", "open", "Open now · closes 17:00"),
        ("Mo-Su 09:00-17:00", "America/New_York", "2026-10-31T13:30:00Z", "open", "Open now · closes 17:00"),
        ("Mo-Su 09:00-17:00", "America/New_York", "2026-11-01T13:30:00Z", "closed", "Closed · opens 09:00"),
        # 01:30 on the night the clocks jump from 02:00 to 03:00: closing is 30 minutes away, not 90.
        ("Mo-Su 01:00-03:00", "America/New_York", "2026-03-08T06:30:00Z", "closing_soon", "Closes soon · 03:00"),
        # EU DST (29 March, 25 October 2026): 07:30Z is 09:30 in summer, 08:30 in winter in Berlin.
        ("Mo-Su 09:00-17:00", "Europe/Berlin", "2026-03-28T07:30:00Z", "closed", "Closed · opens 09:00"),
        ("Mo-Su 09:00-17:00", "Europe/Berlin", "2026-03-29T07:30:00Z", "open", "Open now · closes 17:00"),
        ("Mo-Su 09:00-17:00", "Europe/Berlin", "2026-10-24T07:30:00Z", "open", "Open now · closes 17:00"),
        ("Mo-Su 09:00-17:00", "Europe/Berlin", "2026-10-25T07:30:00Z", "closed", "Closed · opens 09:00"),
        # Sydney's DST ends 5 April and starts 4 October 2026 (southern hemisphere: the other way round).
        ("Mo-Su 09:00-17:00", "Australia/Sydney", "2026-04-03T22:30:00Z", "open", "Open now · closes 17:00"),
        ("Mo-Su 09:00-17:00", "Australia/Sydney", "2026-04-04T22:30:00Z", "closed", "Closed · opens 09:00"),
        ("Mo-Su 09:00-17:00", "Australia/Sydney", "2026-10-02T22:30:00Z", "closed", "Closed · opens 09:00"),
        ("Mo-Su 09:00-17:00", "Australia/Sydney", "2026-10-03T22:30:00Z", "open", "Open now · closes 17:00"),
        # Always and never.
        ("24/7", "America/Chicago", "2026-12-05T17:00:00Z", "open", "Open now"),
        ("off", "America/Chicago", "2026-12-05T17:00:00Z", "closed", "Closed"),
        # Week-day lists and ranges (1 December 2026 is a Tuesday).
        ("Mo,We,Fr 09:00-17:00", "UTC", "2026-12-01T15:00:00Z", "closed", "Closed · opens Wed 09:00"),
        ("Mo,We,Fr 09:00-17:00", "UTC", "2026-12-02T15:00:00Z", "open", "Open now · closes 17:00"),
        ("Tu-Th 10:00-18:00; Fr-Sa 16:00-01:00", "UTC", "2026-12-04T23:50:00Z", "open", "Open now · closes 01:00"),
        # The plain forms, converted at load, mean what they say.
        ("Mon–Fri 9am–5pm", "America/Chicago", "2026-12-01T15:00:00Z", "open", "Open now · closes 17:00"),
        ("Daily 9:00–21:00", "America/Chicago", "2026-12-06T02:45:00Z", "closing_soon", "Closes soon · 21:00"),
        (
            "Mon, Wed, Fri 9:00–17:00; Sat by appointment",
            "UTC",
            "2026-12-05T12:00:00Z",
            "appointment",
            "By appointment",
        ),
        ("By appointment only", "UTC", "2026-12-05T12:00:00Z", "appointment", "By appointment"),
        ("", "UTC", "2026-12-05T12:00:00Z", "unknown", "Hours not listed"),
        ("Mon-Fri 9-5ish", "UTC", "2026-12-02T12:00:00Z", "unknown", "Hours: Mon-Fri 9-5ish"),
    ],
)
def test_status_in_the_studios_local_time(hours, zone, instant, state, line):
    status = hours_status(studio(hours, zone), at(instant))
    assert (status.state, status.line()) == (state, line)


@pytest.mark.parametrize(
    ("instant", "state"),
    [("2026-11-26T17:00:00Z", "closed"), ("2026-11-27T17:00:00Z", "open")],  # Thanksgiving, then a normal Friday
)
def test_ph_off_follows_the_country(instant, state):
    status = hours_status(studio("Mo-Su 10:00-18:00; PH off", "America/New_York", "US"), at(instant))
    assert status.state == state and not status.holidays_unknown


@pytest.mark.parametrize(("region", "state"), [("BY", "closed"), ("BE", "open")])
def test_ph_follows_the_region_where_the_library_knows_it(region, state):
    # 6 January (Epiphany) is a public holiday in Bavaria, not in Berlin.
    status = hours_status(
        studio("Mo-Su 10:00-18:00; PH off", "Europe/Berlin", "DE", region), at("2026-01-06T11:00:00Z")
    )
    assert status.state == state


def test_ph_rules_are_ignored_where_no_calendar_is_known_and_the_card_says_so():
    status = hours_status(studio("Mo-Su 10:00-18:00; PH off", "UTC", "ZZ"), at("2026-12-25T12:00:00Z"))
    assert status.state == "open" and status.holidays_unknown
    assert week(studio("Mo-Su 10:00-18:00; PH off", "UTC", "ZZ"), at("2026-12-25T12:00:00Z")).note


def test_the_json_fields_of_a_status():
    status = hours_status(studio("Mo-Fr 10:00-19:00", "Asia/Tokyo"), at("2026-12-02T03:00:00Z"))
    assert status.open_now is True and status.timezone == "Asia/Tokyo"
    assert status.next_change.isoformat() == "2026-12-02T19:00:00+09:00"
    assert hours_status(studio("By appointment only", "UTC"), at("2026-12-02T03:00:00Z")).open_now is None


def test_the_week_from_today_with_today_marked():
    hours = "Tu-Th 10:00-18:00; Fr-Sa 16:00-01:00"
    shown = week(studio(hours, "Asia/Tokyo"), at("2026-12-02T03:00:00Z"))  # Wednesday noon in Tokyo
    assert [(day.name, day.text, day.today) for day in shown.days] == [
        ("Wed", "10:00–18:00", True),
        ("Thu", "10:00–18:00", False),
        ("Fri", "16:00–01:00", False),
        ("Sat", "16:00–01:00", False),
        ("Sun", "Closed", False),  # Saturday's hours end at 01:00 on Sunday: they are shown on Saturday
        ("Mon", "Closed", False),
        ("Tue", "10:00–18:00", False),
    ]
    assert shown.status.line() == "Open now · closes 18:00" and shown.timezone == "Asia/Tokyo"


def test_the_week_of_a_studio_always_open_and_of_one_by_appointment():
    assert {day.text for day in week(studio("24/7", "UTC"), at("2026-12-02T03:00:00Z")).days} == {"Open 24 hours"}
    by_appointment = week(studio("By appointment only", "UTC"), at("2026-12-02T03:00:00Z"))
    assert by_appointment.days == () and by_appointment.status.line() == "By appointment"

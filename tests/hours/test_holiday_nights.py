"""Overnight hours around public holidays follow the opening_hours day model, as opening-hours-py reads it.

The last rule that matches a day holds it; a stretch past midnight runs on into the next day unless
another rule holds that day. Germany 2026: Good Friday (3 April) is a public holiday and the Saturday
after it is not; Christmas Day and the day after (Friday 25, Saturday 26 December) both are, Thursday
24 is not. The oracle is opening-hours-py's own evaluation with its built-in German calendar; ours
takes the holidays from the ``holidays`` library (regions included) and must give the same answers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from opening_hours import OpeningHours, State

from finder.directory import Studio
from finder.hours import holiday_calendar, hours_status, schedule_for, week
from finder.hours.rules import holiday_flags, parsed

BERLIN = ZoneInfo("Europe/Berlin")


def studio(hours: str) -> Studio:
    return Studio(
        id="s", name="Studio", latitude=52.5, longitude=13.4, hours=hours, timezone="Europe/Berlin", country="DE"
    )


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("hours", "when", "open_now"),
    [
        # A night that starts on a holiday: "PH off" takes the Friday; the hours after midnight are the
        # Saturday's, which no rule holds after Good Friday, and which "PH off" holds on the 26th.
        ("Fr 22:00-02:00; PH off", "2026-04-03T23:00", False),
        ("Fr 22:00-02:00; PH off", "2026-04-04T01:00", True),
        ("Fr 22:00-02:00; PH off", "2026-12-25T23:00", False),
        ("Fr 22:00-02:00; PH off", "2026-12-26T01:00", False),
        ("Fr 22:00-02:00; PH off", "2026-12-19T01:00", True),  # after a normal Friday
        # Holiday hours of their own that run past midnight carry on into the next day...
        ("Mo-Fr 09:00-17:00; PH 20:00-03:00", "2026-04-03T21:00", True),
        ("Mo-Fr 09:00-17:00; PH 20:00-03:00", "2026-04-04T01:00", True),
        ("Mo-Fr 09:00-17:00; PH 20:00-03:00", "2026-03-28T01:00", False),  # after a normal Friday
        # The evening before a holiday: Thursday's night is Thursday's until midnight, where the holiday's
        # own rule takes over ("off", or its own hours).
        ("Th 22:00-02:00; PH off", "2026-12-24T23:00", True),
        ("Th 22:00-02:00; PH off", "2026-12-25T01:00", False),
        ("Th 22:00-02:00; PH off", "2026-12-18T01:00", True),  # a normal Thursday night
        ("Mo-Sa 18:00-03:00; PH 20:00-01:00", "2026-12-24T23:00", True),
        ("Mo-Sa 18:00-03:00; PH 20:00-01:00", "2026-12-25T00:30", False),
        ("Mo-Sa 18:00-03:00; PH 20:00-01:00", "2026-12-25T21:00", True),
        # ...into a day the same rule holds (the 26th is a holiday too), and stop at midnight before a day
        # another rule holds (Sunday the 27th: Mo-Su 10:00-18:00).
        ("Mo-Su 10:00-18:00; PH 20:00-03:00", "2026-12-26T02:30", True),
        ("Mo-Su 10:00-18:00; PH 20:00-03:00", "2026-12-27T02:30", False),
        ("Mo-Su 10:00-18:00; PH 20:00-03:00", "2026-12-26T21:00", True),
        ("Mo-Su 10:00-18:00; PH 20:00-03:00", "2026-12-27T11:00", True),
        ("Fr 20:00-03:00; PH off", "2026-12-19T02:30", True),  # with no rule for Saturday, Friday's night runs on
    ],
)
def test_overnight_hours_around_a_holiday(hours, when, open_now):
    assert hours_status(studio(hours), local(when)).open_now is open_now


EXPRESSIONS = (
    "Fr 22:00-02:00; PH off",
    "Th 22:00-02:00; PH off",
    "Mo-Su 20:00-02:00; PH off",
    "Mo-Fr 10:00-18:00; PH 12:00-14:00",
    "Mo-Sa 18:00-03:00; PH 20:00-01:00",
    "PH off; Fr-Sa 21:00-04:00",
    "Tu-Su 16:00-01:00; Su,PH off",
    "Mo-Fr 09:00-17:00; PH,Sa 10:00-12:00",
    "Mo-Fr 09:00-17:00; PH 20:00-03:00",
    "Mo-Su 10:00-18:00; PH +1 day off",  # the day after a holiday
    "Mo-Su 10:00-18:00; PH -1 day 10:00-14:00",  # the day before one
    "Mo-Sa 18:00-02:00; PH off; PH +1 day 20:00-23:00",
    "Mo-Su 10:00-18:00; PH +2 days off; PH off",
    "Tu-Sa 12:00-20:00; Su,PH -1 day off",
)


@pytest.mark.parametrize("hours", EXPRESSIONS)
def test_holiday_nights_match_the_librarys_own_calendar(hours):
    # Every half hour from 20 December to 2 January, and over Easter and Whitsun 2026: our state (holidays
    # from the `holidays` library, both the card's path and the directory's) equals the library's own.
    oracle = OpeningHours(hours, timezone=BERLIN, country="DE")
    schedule, calendar = schedule_for(hours, "Europe/Berlin"), holiday_calendar("DE")
    assert calendar is not None and schedule.has_holidays
    starts = (datetime(2026, 12, 20, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 22, tzinfo=UTC))
    for start in starts:
        for step in range(14 * 48):
            instant = start + timedelta(minutes=30 * step)
            expected = oracle.state(instant.astimezone(BERLIN))[0]
            assert schedule.state(instant, calendar)[0] == expected, (hours, instant.astimezone(BERLIN))
            wall = instant.astimezone(BERLIN).replace(tzinfo=None)
            flags = holiday_flags(wall.date(), calendar, hours)
            assert parsed(hours).is_open_at_local(wall, flags) == (expected == State.OPEN), (hours, wall)


def test_the_week_of_a_holiday_friday_night():
    days = {
        day.day.isoformat(): day for day in week(studio("Th-Fr 22:00-02:00; PH off"), local("2026-12-21T12:00")).days
    }
    assert days["2026-12-24"].text == "22:00–24:00"  # Thursday's night ends where the holiday begins
    assert (days["2026-12-25"].text, days["2026-12-25"].holiday) == ("Closed", True)

"""Opening hours: read (OSM ``opening_hours`` syntax or plain forms), evaluated in each studio's time zone."""

from .convert import HoursNotRead, plain_to_osm
from .rules import Hours, Schedule, read_hours
from .status import HOURS_STATES, DayHours, HoursState, HoursStatus, Week, hours_status, schedule_for, status_at, week
from .zones import HolidayCalendar, holiday_calendar, known_timezone, next_local_time, timezone_at

__all__ = [
    "HOURS_STATES",
    "DayHours",
    "HolidayCalendar",
    "Hours",
    "HoursNotRead",
    "HoursState",
    "HoursStatus",
    "Schedule",
    "Week",
    "holiday_calendar",
    "hours_status",
    "known_timezone",
    "next_local_time",
    "plain_to_osm",
    "read_hours",
    "schedule_for",
    "status_at",
    "timezone_at",
    "week",
]

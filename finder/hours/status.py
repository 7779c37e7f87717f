"""Is a studio open, and until when, in its own time zone: the card line and the week on its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from opening_hours import State

from .rules import Hours, Schedule, Segment, is_appointment, read_hours
from .zones import HolidayCalendar, holiday_calendar, timezone_at

if TYPE_CHECKING:
    from ..directory.schema import Studio

HoursState = Literal["open", "closing_soon", "closed", "appointment", "unknown"]
HOURS_STATES: tuple[HoursState, ...] = ("open", "closing_soon", "closed", "appointment", "unknown")
CLOSING_SOON = timedelta(minutes=30)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@lru_cache(maxsize=8192)  # (expression, zone) pairs of one directory; parsed once, shared by every session
def schedule_for(expression: str, timezone: str) -> Schedule:
    """The parsed rules of ``expression`` evaluated in ``timezone``."""
    return Schedule(expression, timezone)


@dataclass(frozen=True, slots=True)
class HoursStatus:
    """A studio's hours at one instant, in its local time."""

    state: HoursState
    timezone: str = ""
    next_change: datetime | None = None  # when the state changes next (local, aware), if within a week
    opens_at: datetime | None = None  # when closed: the next opening
    hours_text: str = ""  # the text as written, for hours that could not be read
    holidays_unknown: bool = False  # rules name public holidays this studio's country has no calendar for
    checked_at: datetime | None = None  # the instant evaluated, in the studio's local time

    @property
    def open_now(self) -> bool | None:
        """True or False when the hours say; None when unknown or by appointment."""
        if self.state in ("open", "closing_soon"):
            return True
        return False if self.state == "closed" else None

    def line(self) -> str:
        """The card's status line: "Open now · closes 19:00", "Closed · opens Tue 10:00", …"""
        if self.state == "open":
            return f"Open now · closes {_when(self.next_change, self.checked_at)}" if self.next_change else "Open now"
        if self.state == "closing_soon":
            return f"Closes soon · {_clock(self.next_change)}" if self.next_change else "Closes soon"
        if self.state == "closed":
            return f"Closed · opens {_when(self.opens_at, self.checked_at)}" if self.opens_at else "Closed"
        if self.state == "appointment":
            return "By appointment"
        return f"Hours: {self.hours_text}" if self.hours_text else "Hours not listed"


def _clock(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def _when(moment: datetime | None, now: datetime | None) -> str:
    """ "19:00" for a time later today (or tonight, past midnight), "Tue 10:00" for another day's."""
    if moment is None:
        return ""
    if now is not None and (moment.date() == now.date() or moment - now < timedelta(hours=12)):
        return _clock(moment)
    return f"{_WEEKDAYS[moment.weekday()]} {_clock(moment)}"


def _state_of(segment: Segment, at: datetime) -> HoursState:
    if is_appointment(segment.state, segment.comment):
        return "appointment"
    if segment.state == State.OPEN:
        return "closing_soon" if segment.end is not None and segment.end - at <= CLOSING_SOON else "open"
    return "closed" if segment.state == State.CLOSED else "unknown"


def status_at(schedule: Schedule, at: datetime, calendar: HolidayCalendar | None = None) -> HoursStatus:
    """The status of parsed rules at an instant (aware), looking a week ahead for the next opening."""
    segments = schedule.segments(at, calendar)
    current = next(segments)
    state = _state_of(current, at)
    opens_at = None
    if state == "closed":
        opens_at = next(
            (s.start for s in segments if s.state == State.OPEN and not is_appointment(s.state, s.comment)), None
        )
    return HoursStatus(
        state,
        timezone=schedule.zone.key,
        next_change=current.end,
        opens_at=opens_at,
        holidays_unknown=schedule.has_holidays and calendar is None,
        checked_at=at.astimezone(schedule.zone),
    )


def _rules_of(studio: Studio) -> tuple[Hours, Schedule | None, HolidayCalendar | None]:
    hours = read_hours(studio.hours)
    if hours.kind != "rules":
        return hours, None, None
    schedule = schedule_for(hours.expression, studio.timezone or timezone_at(studio.latitude, studio.longitude))
    calendar = holiday_calendar(studio.country, studio.region) if schedule.has_holidays and studio.country else None
    return hours, schedule, calendar


def hours_status(studio: Studio, at: datetime) -> HoursStatus:
    """A studio's status at an instant (an aware datetime; naive ones are taken as UTC)."""
    at = _aware(at)
    hours, schedule, calendar = _rules_of(studio)
    if schedule is None:
        zone = studio.timezone
        if hours.kind == "appointment":
            return HoursStatus("appointment", timezone=zone)
        return HoursStatus("unknown", timezone=zone, hours_text=hours.text)
    return status_at(schedule, at, calendar)


def _aware(at: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    return at.replace(tzinfo=ZoneInfo("UTC")) if at.tzinfo is None else at


# --- the week, for the studio page ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day of a studio's week: its date, its name, what the hours are that day, and whether it is today."""

    day: date
    name: str  # "Mon"
    text: str  # "10:00–19:00", "10:00–12:00, 13:00–17:00", "Open 24 hours", "Closed", "By appointment"
    today: bool
    holiday: bool = False  # a public holiday by the studio's calendar (its hours may be the holiday rules)


@dataclass(frozen=True, slots=True)
class Week:
    """Seven days from today, in the studio's local time, with the status now."""

    status: HoursStatus
    days: tuple[DayHours, ...]  # empty when the hours cannot be evaluated (by appointment, unknown)
    timezone: str
    note: str = ""  # "Hours may differ on public holidays." when PH rules cannot be followed


def week(studio: Studio, at: datetime) -> Week:
    """The studio's next seven days from today (today first, marked), for its page."""
    at = _aware(at)
    status = hours_status(studio, at)
    hours, schedule, calendar = _rules_of(studio)
    note = "Hours may differ on public holidays." if status.holidays_unknown else ""
    if schedule is None:
        return Week(status, (), studio.timezone, note)
    today = at.astimezone(schedule.zone).date()
    midnight = datetime.combine(today - timedelta(days=1), time(0), tzinfo=schedule.zone)
    pieces: dict[date, list[str]] = {today + timedelta(days=n): [] for n in range(7)}
    for segment in schedule.segments(midnight, calendar, days=9):
        _place_segment(segment, pieces, schedule)
    days = tuple(
        DayHours(
            day,
            _WEEKDAYS[day.weekday()],
            ", ".join(texts) or "Closed",
            day == today,
            bool(calendar and calendar.is_holiday(day)),
        )
        for day, texts in pieces.items()
    )
    return Week(status, days, schedule.zone.key, note)


def _place_segment(segment: Segment, pieces: dict[date, list[str]], schedule: Schedule) -> None:
    """Add an open (or by-appointment) stretch to the days it falls on; an overnight tail stays on its first day."""
    appointment = is_appointment(segment.state, segment.comment)
    if segment.state != State.OPEN and not appointment:
        return
    day = segment.start.date()
    while day in pieces or day < min(pieces):
        start = datetime.combine(day, time(0), tzinfo=schedule.zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=schedule.zone)
        if segment.end is not None and segment.end <= start:
            return
        piece_start = max(segment.start, start)
        tail = piece_start == start and segment.start < start and segment.end is not None
        if not (tail and segment.end <= start + timedelta(hours=12)) and day in pieces:
            pieces[day].append(_piece_text(piece_start, segment.end, start, end, appointment))
        day += timedelta(days=1)


def _piece_text(
    piece_start: datetime, segment_end: datetime | None, start: datetime, end: datetime, appointment: bool
) -> str:
    if appointment:
        return "By appointment"
    if piece_start == start and (segment_end is None or segment_end >= end):
        return "Open 24 hours"
    if segment_end is None or segment_end > end + timedelta(hours=12):
        shown_end = "24:00"
    elif segment_end >= end:
        shown_end = segment_end.strftime("%H:%M") if segment_end > end else "24:00"
    else:
        shown_end = segment_end.strftime("%H:%M")
    return f"{piece_start.strftime('%H:%M')}–{shown_end}"

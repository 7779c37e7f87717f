"""Hours as read from the CSV (``Hours``) and as evaluated in one time zone (``Schedule``).

OSM ``opening_hours`` syntax is parsed by opening-hours-py (a maintained Rust parser); plain forms are
converted first (``convert``). Both are cached by their text, so a rerun never parses again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

from .convert import EXAMPLE, HoursNotRead, is_appointment_only, plain_to_osm
from .zones import HolidayCalendar

HoursKind = Literal["rules", "appointment", "unreadable", "none"]
#: ``PH``, or a day offset from one: "PH +1 day" is the day after a public holiday, "PH -1 day" the day before.
_PH = re.compile(r"\bPH\b(?:\s*([+-])\s*(\d+)\s*days?\b)?")
#: Offsets beyond this many days are left to the library (without a calendar it never matches them).
_MAX_OFFSET = 3
#: How far ahead next changes are looked for: a week and a day covers "opens Tue 10:00" from any day.
HORIZON_DAYS = 8


@dataclass(frozen=True, slots=True)
class Hours:
    """One ``hours`` cell: its text, what kind of value it is, its OSM expression, or why it was not read."""

    text: str
    kind: HoursKind
    expression: str = ""  # OSM syntax, for kind "rules"
    problem: str = ""  # for kind "unreadable": which part could not be read

    @property
    def has_holidays(self) -> bool:
        """True when a rule names public holidays (``PH``)."""
        return bool(_PH.search(self.expression))

    def message(self) -> str:
        """The warning ``validate`` prints for unreadable hours."""
        shown = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"hours {shown!r} could not be read ({self.problem}); use e.g. {EXAMPLE!r}"


@lru_cache(maxsize=8192)  # a directory has few distinct hours texts; the bound keeps a hostile file in check
def read_hours(text: str) -> Hours:
    """Read an ``hours`` cell: OSM syntax as it is, plain forms converted, anything else kept as text."""
    text = text.strip()
    if not text:
        return Hours(text, "none")
    if is_appointment_only(text):
        return Hours(text, "appointment")
    try:
        return Hours(text, "rules", parsed(text).expression)
    except ParserError:
        pass
    try:
        expression = plain_to_osm(text)
        return Hours(text, "rules", parsed(expression).expression)
    except HoursNotRead as error:
        return Hours(text, "unreadable", problem=str(error))
    except ParserError:
        return Hours(text, "unreadable", problem="it is neither OSM opening_hours syntax nor plain days and times")


class _Parsed:
    """An expression parsed once, for evaluation at local wall-clock times (naive datetimes)."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.rules = OpeningHours(expression, max_interval_days=HORIZON_DAYS)

    def is_open_at_local(self, local: datetime, holidays: int) -> bool:
        """Open (and not by appointment) at this local wall-clock time; ``holidays``: which of the days around
        it that the expression asks about are public holidays there (:func:`holiday_flags`)."""
        rules = rules_on(self.rules, self.expression, None, local.date(), holidays)
        state, comment = rules.state(local)
        return state == State.OPEN and not is_appointment(state, comment)


def is_appointment(state: State, comment: str) -> bool:
    """A stretch that is "by appointment" (``Sa unknown "by appointment"``): neither open nor closed."""
    return state != State.CLOSED and "appointment" in comment.casefold()


_WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def _offset(match: re.Match[str]) -> int:
    """The day offset of a ``PH`` token: 0, or +N / -N for "PH +N days" / "PH -N days"."""
    sign, days = match.groups()
    return 0 if days is None else (int(days) if sign == "+" else -int(days))


@lru_cache(maxsize=8192)
def holiday_days(expression: str) -> tuple[int, ...]:
    """Which days, as days before the one evaluated, decide its ``PH`` rules: a token with offset k holds a
    day when the day k before it is a holiday, and what held the day before may run on past midnight, so
    k and k + 1 for each token ((0, 1) for a plain ``PH``)."""
    offsets = {_offset(match) for match in _PH.finditer(expression)}
    return tuple(sorted({j for k in offsets if abs(k) <= _MAX_OFFSET for j in (k, k + 1)}))


def holiday_flags(day: date, calendar: HolidayCalendar | None, expression: str = "PH") -> int:
    """Bit i set when the day ``holiday_days(expression)[i]`` days before ``day`` is a public holiday by
    ``calendar`` (0 without one): for a plain ``PH``, bit 0 is ``day`` itself and bit 1 the day before."""
    if calendar is None:
        return 0
    flags = 0
    for bit, before in enumerate(holiday_days(expression)):
        if calendar.is_holiday(day - timedelta(days=before)):
            flags |= 1 << bit
    return flags


def rules_on(rules: OpeningHours, expression: str, zone: ZoneInfo | None, day: date, holidays: int) -> OpeningHours:
    """The rules that decide the state on ``day`` when ``holidays`` (:func:`holiday_flags`) says which of the
    days around it are public holidays.

    opening-hours-py follows the specification's day model: the last rule that matches a day holds it,
    and a stretch past midnight runs on into the next day unless another rule holds that day. So the
    state on a day depends on that day and the one before, and reading each ``PH`` token as exactly those
    of the two weekdays it holds gives the library's own answer (the one it gives with its built-in
    calendars): on a holiday Friday "Th 22:00-02:00; PH off" closes at midnight, and
    "Mo-Fr 09:00-17:00; PH 20:00-03:00" is open at 01:00 on the Saturday after. "PH +1 day" holds a day
    whose day before is a holiday, and the day after that if its own day before was one.
    """
    if not holidays or not _PH.search(expression):
        return rules
    needed = holiday_days(expression)

    def weekdays(match: re.Match[str]) -> str:
        offset = _offset(match)
        if abs(offset) > _MAX_OFFSET:
            return match.group(0)
        held = [
            (day.weekday() - shift) % 7 for shift in (0, 1) if holidays >> needed.index(offset + shift) & 1
        ]  # this day if the day ``offset`` before it is a holiday; the day before, likewise
        return ",".join(_WEEKDAY_CODES[d] for d in sorted(held)) if held else match.group(0)

    return _rules_for(_PH.sub(weekdays, expression), zone) or rules


@lru_cache(maxsize=8192)
def _rules_for(expression: str, zone: ZoneInfo | None) -> OpeningHours | None:
    """The rules of an expression with its ``PH`` tokens read as weekdays, or None if the library refuses it
    (then ``PH`` rules are ignored)."""
    try:
        return OpeningHours(expression, timezone=zone, max_interval_days=HORIZON_DAYS)
    except ParserError:
        return None


@lru_cache(maxsize=8192)
def parsed(expression: str) -> _Parsed:
    """The parsed rules of an OSM expression (raises ParserError), cached by its text."""
    return _Parsed(expression)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of time with one state: ``end`` is None when it never changes within the horizon."""

    start: datetime
    end: datetime | None
    state: State
    comment: str


class Schedule:
    """Hours evaluated in one IANA time zone; holidays come from the calendar handed to each call.

    A rule set that names ``PH`` is evaluated, day by day, with ``PH`` read as the days the calendar says
    are public holidays (:func:`rules_on`); without a calendar ``PH`` rules are ignored. Read-only after
    construction, safe to share between threads.
    """

    def __init__(self, expression: str, timezone: str) -> None:
        self.expression = expression
        self.zone = ZoneInfo(timezone)
        self._rules = OpeningHours(expression, timezone=self.zone, max_interval_days=HORIZON_DAYS)
        readable = _rules_for(_PH.sub("Mo-Su", expression), self.zone) is not None  # PH read as weekdays
        self.has_holidays = bool(_PH.search(expression)) and readable

    def _rules_on(self, day: date, calendar: HolidayCalendar | None) -> OpeningHours:
        if not self.has_holidays:
            return self._rules
        return rules_on(self._rules, self.expression, self.zone, day, holiday_flags(day, calendar, self.expression))

    def state(self, instant: datetime, calendar: HolidayCalendar | None = None) -> tuple[State, str]:
        """The state and comment at an instant (any aware datetime), in this schedule's local time."""
        local = instant.astimezone(self.zone)
        return self._rules_on(local.date(), calendar).state(local)

    def segments(
        self, start: datetime, calendar: HolidayCalendar | None = None, *, days: int = HORIZON_DAYS
    ) -> Iterator[Segment]:
        """Successive stretches of one state from ``start`` for ``days`` days, as local aware datetimes."""
        cursor = start.astimezone(self.zone)
        limit = cursor + timedelta(days=days)
        pending: Segment | None = None
        while cursor < limit:
            rules = self._rules_on(cursor.date(), calendar)
            state, comment = rules.state(cursor)
            change = rules.next_change(cursor)
            if self.has_holidays and calendar is not None:  # the rules may switch at midnight
                midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=self.zone)
                change = midnight if change is None or change > midnight else change
            if pending is not None and (pending.state, pending.comment) == (state, comment):
                pending = Segment(pending.start, change, state, comment)
            else:
                if pending is not None:
                    yield pending
                pending = Segment(cursor, change, state, comment)
            if change is None or change <= cursor:
                break
            cursor = change
        if pending is not None:
            yield pending

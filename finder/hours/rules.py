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
_PH = re.compile(r"\bPH\b")
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
        self.on_holiday = _holiday_rules(expression, None)

    def is_open_at_local(self, local: datetime, holiday: bool) -> bool:
        """Open (and not by appointment) at this local wall-clock time; ``holiday``: a public holiday there."""
        rules = self.on_holiday if holiday and self.on_holiday is not None else self.rules
        state, comment = rules.state(local)
        return state == State.OPEN and not is_appointment(state, comment)


def is_appointment(state: State, comment: str) -> bool:
    """A stretch that is "by appointment" (``Sa unknown "by appointment"``): neither open nor closed."""
    return state != State.CLOSED and "appointment" in comment.casefold()


def _holiday_rules(expression: str, zone: ZoneInfo | None) -> OpeningHours | None:
    """The rules as they read on a public holiday (PH matches every day), or None when they name no PH."""
    if not _PH.search(expression):
        return None
    try:
        return OpeningHours(_PH.sub("Mo-Su", expression), timezone=zone, max_interval_days=HORIZON_DAYS)
    except ParserError:  # a PH form the substitution cannot express ("PH +1 day"): PH is ignored
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

    A rule set that names ``PH`` gets a second evaluator in which ``PH`` matches every day; it is used
    on the days the calendar says are public holidays (and never without a calendar, so ``PH`` rules
    are then ignored). Read-only after construction, safe to share between threads.
    """

    def __init__(self, expression: str, timezone: str) -> None:
        self.expression = expression
        self.zone = ZoneInfo(timezone)
        self._rules = OpeningHours(expression, timezone=self.zone, max_interval_days=HORIZON_DAYS)
        self._on_holiday = _holiday_rules(expression, self.zone)

    @property
    def has_holidays(self) -> bool:
        return self._on_holiday is not None

    def _rules_on(self, day: date, calendar: HolidayCalendar | None) -> OpeningHours:
        if self._on_holiday is not None and calendar is not None and calendar.is_holiday(day):
            return self._on_holiday
        return self._rules

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
            if self._on_holiday is not None and calendar is not None:  # the rules may switch at midnight
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

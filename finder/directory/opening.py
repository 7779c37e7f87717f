"""Per studio: its parsed hours, its time zone and its holiday calendar, for "open at" filters and sorting.

Built at load: each distinct hours text is read once (``finder.hours.read_hours``), each studio gets the
number of its text and of its (country, region). A studio's time zone comes from the ``timezone`` column or,
the first time it is needed, from its coordinates (tzfpy, about 2 µs), and is kept: a million lookups at
load would add more than the whole hours budget, and most studios are never evaluated. A query evaluates
each distinct (hours, zone, calendar) once, however many of its candidates share it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import numpy as np
import pandas as pd
from opening_hours import State

from ..hours import Hours, holiday_calendar, read_hours, schedule_for, timezone_at
from ..hours.zones import HolidayCalendar

_ZONE_SHIFT, _CALENDAR_SHIFT = 40, 20  # key = hours << 40 | zone << 20 | calendar


class OpeningTable:
    """Hours, zones and calendars of a directory's studios, by position. Thread-safe, append-only."""

    def __init__(
        self,
        hours: pd.Series,
        country: pd.Series,
        region: pd.Series,
        timezone: pd.Series,
        latitude: np.ndarray,
        longitude: np.ndarray,
    ) -> None:
        codes, texts = pd.factorize(hours.fillna(""))
        self._hours_id = codes.astype(np.int32)
        self._hours: list[Hours] = [read_hours(text) for text in texts]
        self._holiday_rules = np.array([h.has_holidays for h in self._hours] + [False], dtype=bool)
        places = country.fillna("").astype(str) + "|" + region.fillna("").astype(str)
        codes, self._places = pd.factorize(places)
        self._calendar_id = codes.astype(np.int32)
        self._calendars: dict[int, HolidayCalendar | None] = {}
        zones, zone_names = pd.factorize(timezone.replace("", None))
        self._zone_names: list[str] = list(zone_names)
        self._zone_numbers = {name: number for number, name in enumerate(self._zone_names)}
        self._zone_id = zones.astype(np.int32)  # -1: not known yet (taken from the coordinates on first use)
        self._latitude, self._longitude = latitude, longitude
        self._lock = threading.Lock()

    def zone_ids(self, positions: np.ndarray) -> np.ndarray:
        """The zone numbers of these studios, looking up (once) the ones not yet known."""
        zones = self._zone_id[positions]
        unknown = np.flatnonzero(zones < 0)
        if unknown.size:
            for index in unknown:
                position = positions[index]
                name = timezone_at(float(self._latitude[position]), float(self._longitude[position]))
                zones[index] = self._zone_id[position] = self._zone_number(name)
        return zones

    def _zone_number(self, name: str) -> int:
        number = self._zone_numbers.get(name)
        if number is None:
            with self._lock:
                number = self._zone_numbers.get(name)
                if number is None:
                    number = len(self._zone_names)
                    self._zone_names.append(name)
                    self._zone_numbers[name] = number
        return number

    def zone_names(self, positions: np.ndarray) -> list[str]:
        return [self._zone_names[number] for number in self.zone_ids(positions).tolist()]

    def _calendar(self, number: int) -> HolidayCalendar | None:
        if number not in self._calendars:
            country, _, region = self._places[number].partition("|")
            self._calendars[number] = holiday_calendar(country, region) if country else None
        return self._calendars[number]

    def _keys(self, positions: np.ndarray) -> np.ndarray:
        hours = self._hours_id[positions].astype(np.int64)
        calendars = np.where(self._holiday_rules[hours], self._calendar_id[positions], 0).astype(np.int64)
        zones = self.zone_ids(positions).astype(np.int64)
        return hours << _ZONE_SHIFT | zones << _CALENDAR_SHIFT | calendars

    def _each(self, positions: np.ndarray, value: Callable[[int], float], memo: dict[int, float]) -> np.ndarray:
        """``value`` of each position's (hours, zone, calendar), computed once per distinct key."""
        keys = self._keys(positions)
        unique, inverse = np.unique(keys, return_inverse=True)
        values = np.array([memo[key] if key in memo else memo.setdefault(key, value(key)) for key in unique.tolist()])
        return values[inverse] if len(positions) else np.empty(0)

    def _parts(self, key: int) -> tuple[Hours, str, HolidayCalendar | None]:
        hours = self._hours[key >> _ZONE_SHIFT]
        zone = self._zone_names[(key >> _CALENDAR_SHIFT) & ((1 << (_ZONE_SHIFT - _CALENDAR_SHIFT)) - 1)]
        calendar = self._calendar(key & ((1 << _CALENDAR_SHIFT) - 1)) if hours.has_holidays else None
        return hours, zone, calendar

    def open_mask(self, positions: np.ndarray, at: datetime, memo: dict[int, float]) -> np.ndarray:
        """Which of these studios are open at ``at`` (not by appointment, not unknown)."""

        def is_open(key: int) -> float:
            hours, zone, calendar = self._parts(key)
            if hours.kind != "rules":
                return 0.0
            state, comment = schedule_for(hours.expression, zone).state(at, calendar)
            return float(state == State.OPEN and "appointment" not in comment.casefold())

        return self._each(positions, is_open, memo).astype(bool)

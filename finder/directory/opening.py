"""Per studio: its parsed hours, its time zone and its holiday calendar, for "open at" filters.

Built once at load. Each distinct hours text is read once (``finder.hours.read_hours``); each studio's
time zone comes from the ``timezone`` column or from its coordinates (tzfpy, once per distinct point);
studios that share hours, zone and (for rules naming PH) holiday calendar form one group, and a query
evaluates each group it meets once, however many studios it holds: "is it open at 15:00 UTC" is a
handful of evaluations, not one per studio.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..hours import Hours, holiday_calendar, read_hours
from ..hours.rules import holiday_flags, parsed
from ..hours.zones import HolidayCalendar, timezones_at

_MINUTES_KEPT = 8


class OpeningTable:
    """Hours, zones and calendars of a directory's studios, by position. Read-only after load."""

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
        hours_id = codes.astype(np.int64)
        self._hours: list[Hours] = [read_hours(text) for text in texts]
        self._hours.append(read_hours(""))  # code -1 (no value) reads as "none"
        evaluated = np.array([h.kind == "rules" for h in self._hours], dtype=bool)
        holiday_rules = np.array([h.has_holidays for h in self._hours], dtype=bool)
        place_id, self._places = _places(country, region)
        zones = _zone_names(timezone, latitude, longitude, evaluated[hours_id])
        zone_id, zone_names = pd.factorize(zones)
        self._zone_names: list[str] = [*zone_names, ""]  # code -1: not evaluated, no zone needed
        calendar = np.where(holiday_rules[hours_id], place_id, -1)
        keys = (hours_id % len(self._hours)) << 42 | (zone_id.astype(np.int64) + 1) << 21 | (calendar + 1)
        group, group_keys = pd.factorize(keys)
        self._group = group.astype(np.int32)
        # Per group: its hours, zone and calendar numbers (-1: none), as arrays for whole-directory passes.
        self._group_hours = (group_keys >> 42).astype(np.int64)
        self._group_zone = ((group_keys >> 21) & ((1 << 21) - 1)).astype(np.int64) - 1
        self._group_calendar = (group_keys & ((1 << 21) - 1)).astype(np.int64) - 1
        self._group_evaluated = evaluated[self._group_hours]
        self._zone_keys: list[str] = list(zone_names)
        self._zone_infos: list[ZoneInfo] | None = None  # read on the first "open at" (a file per zone)
        self._calendars: dict[int, HolidayCalendar | None] = {}
        self._minutes: dict[int, OpenAt] = {}  # the last few minutes asked about, oldest first
        self._lock = threading.Lock()

    def zone_names(self, positions: np.ndarray) -> list[str]:
        """The IANA zone of each of these studios ("" for studios whose hours need none)."""
        zones = self._group_zone[self._group[positions]].tolist()
        return [self._zone_keys[zone] if zone >= 0 else "" for zone in zones]

    @property
    def zones(self) -> list[ZoneInfo]:
        """The zones by number, kept (ZoneInfo re-reads the files it lets go of)."""
        if self._zone_infos is None:
            self._zone_infos = [ZoneInfo(name) for name in self._zone_keys]
        return self._zone_infos

    def calendar(self, number: int) -> HolidayCalendar | None:
        if number < 0:
            return None
        with self._lock:
            if number not in self._calendars:
                country, _, region = self._places[number].partition("|")
                self._calendars[number] = holiday_calendar(country, region) if country else None
            return self._calendars[number]

    @property
    def groups(self) -> np.ndarray:
        """Each studio's group: studios that share hours, zone and holiday calendar."""
        return self._group

    @property
    def group_count(self) -> int:
        return len(self._group_hours)

    def open_at(self, at: datetime) -> OpenAt:
        """Who is open at ``at``: shared by every search within the same minute (rules and zone offsets are
        whole minutes, so nothing can change within one), each group evaluated once, when first asked."""
        minute = int(at.timestamp() // 60)
        with self._lock:
            opened = self._minutes.get(minute)
            if opened is None:
                if len(self._minutes) >= _MINUTES_KEPT:
                    self._minutes.pop(next(iter(self._minutes)))
                opened = self._minutes[minute] = OpenAt(self, datetime.fromtimestamp(minute * 60, UTC))
        return opened


class OpenAt:
    """Which studios are open at one instant (a whole minute); answers fill in as searches ask.

    Studios in zones showing the same wall-clock time share answers: evaluating every group of a million
    studios is a few hundred rule evaluations (distinct hours × distinct local times), not a million.
    """

    def __init__(self, table: OpeningTable, at: datetime) -> None:
        self._table = table
        local = [at.astimezone(zone).replace(tzinfo=None) for zone in table.zones]
        self._local = [*local, datetime(1970, 1, 1)]  # index -1: no zone (those groups are never open)
        minutes = [int((moment - datetime(1970, 1, 1)).total_seconds() // 60) for moment in self._local]
        self._minutes = np.array(minutes, dtype=np.int64)
        self._answers: dict[int, bool] = {}
        self._groups = np.full(len(table._group_hours), -1, dtype=np.int8)  # -1: not evaluated yet
        self._complete = False  # every group evaluated (then ``mask`` only looks answers up)

    def group_mask(self) -> np.ndarray:
        """Which groups are open (every group evaluated)."""
        if not self._complete:
            needed = np.flatnonzero(self._groups < 0)
            if needed.size:
                self._groups[needed] = self._evaluate(needed)
            self._complete = True
        return self._groups == 1

    def mask(self, positions: np.ndarray) -> np.ndarray:
        """Which of these studios are open (not by appointment, not unknown)."""
        groups = self._table._group[positions]
        if not self._complete:
            needed = np.unique(groups) if len(groups) < len(self._groups) else np.arange(len(self._groups))
            needed = needed[self._groups[needed] < 0]
            if needed.size:
                self._groups[needed] = self._evaluate(needed)
        return self._groups[groups] == 1

    def _evaluate(self, groups: np.ndarray) -> np.ndarray:
        table = self._table
        hours, zones = table._group_hours[groups], table._group_zone[groups]
        holidays = np.zeros(len(groups), dtype=np.int64)
        for index in np.flatnonzero(table._group_calendar[groups] >= 0).tolist():  # only rules that name PH
            holidays[index] = self._holidays(int(table._group_calendar[groups[index]]), int(zones[index]))
        keys = hours << 32 | self._minutes[zones] << 2 | holidays
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        pairs = zip(unique.tolist(), zones[first].tolist(), strict=True)
        answers = np.array([self._answer(key, zone) for key, zone in pairs], dtype=bool)
        return (answers[inverse] & table._group_evaluated[groups]).astype(np.int8)

    def _holidays(self, calendar_number: int, zone: int) -> int:
        """Which of the local day and the day before are public holidays (finder.hours.rules.holiday_flags)."""
        return holiday_flags(self._local[zone].date(), self._table.calendar(calendar_number))

    def _answer(self, key: int, zone: int) -> bool:
        answer = self._answers.get(key)
        if answer is None:
            hours = self._table._hours[key >> 32]
            if hours.kind != "rules":
                answer = False
            else:
                answer = parsed(hours.expression).is_open_at_local(self._local[zone], key & 3)
            self._answers[key] = answer
        return answer


def _places(country: pd.Series, region: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each studio's "country|region" as a number, and those strings: from the two columns' own codes,
    never a million joined strings or copies (at 1,000,000 rows those took about 65 MB at the load's peak)."""
    country_id, countries = _codes(country)
    region_id, regions = _codes(region)
    width = len(regions)
    place_id, pairs = pd.factorize(country_id * width + region_id)
    return place_id, [f"{countries[pair // width]}|{regions[pair % width]}" for pair in pairs.tolist()]


def _codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """The column's values as numbers 0..n, and the text of each (a missing value is "", the last)."""
    codes, uniques = pd.factorize(column)
    texts = [str(value) for value in uniques]
    return np.where(codes < 0, len(texts), codes).astype(np.int64), [*texts, ""]


def _zone_names(timezone: pd.Series, latitude: np.ndarray, longitude: np.ndarray, needed: np.ndarray) -> np.ndarray:
    """Each studio's zone: the column's, else the one at its coordinates (only where hours need it)."""
    zones = timezone.fillna("").astype(object).to_numpy(copy=True)
    lookup = np.flatnonzero(needed & (zones == ""))
    if lookup.size:
        # One lookup per distinct point, found from each coordinate's own codes (integer keys: no complex
        # copies hashed, about 120 MB at the peak of a 1,000,000-row load).
        latitude_id, latitudes = pd.factorize(latitude[lookup])
        longitude_id, longitudes = pd.factorize(longitude[lookup])
        codes, points = pd.factorize(latitude_id.astype(np.int64) * len(longitudes) + longitude_id)
        found = np.array(
            timezones_at(latitudes[points // len(longitudes)], longitudes[points % len(longitudes)]), dtype=object
        )
        zones[lookup] = found[codes]
    zones[~needed & (zones == "")] = None  # no zone needed: factorized as -1
    return zones

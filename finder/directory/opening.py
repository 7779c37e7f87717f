"""Per studio: its parsed hours, its time zone and its holiday calendar, for "open at" filters.

Each distinct hours text is read once, at load (``finder.hours.read_hours``), so a bad one is reported
then. Time zones are not needed to load, only to tell who is open: each studio's comes from the
``timezone`` column or from its coordinates (tzfpy, once per distinct point), looked up for the whole
directory the first time a search asks who is open (about 0.1 s per 100,000 points, and tzfpy's own
start of about 0.1 s), and for just the studios shown before that. Studios that share hours, zone and
(for rules naming PH) holiday calendar form one group, and a query evaluates each group it meets once,
however many studios it holds: "is it open at 15:00 UTC" is a handful of evaluations, not one per studio.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..hours import Hours, holiday_calendar, read_hours
from ..hours.rules import holiday_flags, parsed
from ..hours.zones import HolidayCalendar, timezones_at, unknown_region

_MINUTES_KEPT = 8
# An answer's key: hours number | local minute since 1970 (under 2**32) | holiday flags (at most 8 days).
_HOLIDAY_BITS = 8
_HOURS_SHIFT = 40


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
        hours_id = (codes % (len(texts) + 1)).astype(np.int32)  # -1 (no value) -> the last, read as "none"
        self._hours: list[Hours] = [read_hours(text) for text in texts]
        self._hours.append(read_hours(""))
        evaluated = np.array([h.kind == "rules" for h in self._hours], dtype=bool)
        holiday_rules = np.array([h.has_holidays for h in self._hours], dtype=bool)
        self._evaluated = evaluated
        place_id, self._places = _places(country, region)
        self._calendar_id = np.where(holiday_rules[hours_id], place_id, -1).astype(np.int32)
        given, given_names = pd.factorize(timezone.fillna(""))
        # Until the groups are built: each studio's hours and given zone (by number), to find zones from.
        self._pending: tuple[np.ndarray, np.ndarray] | None = (hours_id, given.astype(np.int32))
        self._given_names = np.array([*given_names, ""], dtype=object)  # code -1 -> ""
        self._latitude, self._longitude = latitude, longitude
        self._groups: _Groups | None = None  # built the first time a search asks who is open
        self._zone_infos: list[ZoneInfo] | None = None  # read on the first "open at" (a file per zone)
        self._calendars: dict[int, HolidayCalendar | None] = {}
        self._minutes: dict[int, OpenAt] = {}  # the last few minutes asked about, oldest first
        self._lock = threading.Lock()
        self._groups_lock = threading.Lock()

    def _grouped(self) -> _Groups:
        """The groups, built once: every studio's zone looked up, then studios sharing all three numbered."""
        if self._groups is None:
            with self._groups_lock:
                if self._groups is None:
                    assert self._pending is not None
                    hours_id, given = self._pending
                    needed = self._evaluated[hours_id]
                    zones = _zone_names(self._given_names[given], self._latitude, self._longitude, needed)
                    self._groups = _Groups(hours_id, zones, self._calendar_id, self._evaluated)
                    self._pending = None  # the groups answer from now on (set first: readers check this)
        return self._groups

    def zone_names(self, positions: np.ndarray) -> list[str]:
        """The IANA zone of each of these studios ("" for studios whose hours need none)."""
        pending = self._pending
        if pending is None:
            return self._grouped().zone_names(positions)
        hours_id, given = pending
        needed = self._evaluated[hours_id[positions]]
        zones = _zone_names(
            self._given_names[given[positions]], self._latitude[positions], self._longitude[positions], needed
        )
        return [zone or "" for zone in zones.tolist()]

    def given_zones(self, positions: np.ndarray) -> list[str]:
        """Each studio's zone as far as known without looking one up: the zones found, once they have been,
        else the ``timezone`` column's ("" where a zone is still to be found from the coordinates)."""
        pending = self._pending
        if pending is None:
            return self._grouped().zone_names(positions)
        return self._given_names[pending[1][positions]].tolist()

    @property
    def zones(self) -> list[ZoneInfo]:
        """The zones by number, kept (ZoneInfo re-reads the files it lets go of)."""
        if self._zone_infos is None:
            self._zone_infos = [ZoneInfo(name) for name in self._grouped().zone_keys]
        return self._zone_infos

    def unknown_regions(self) -> list[tuple[np.ndarray, str]]:
        """The studios whose hours name PH but whose region the holiday calendar does not know (their country's
        national holidays are used): per such region, those studios' positions and what to do."""
        found = []
        for number in np.unique(self._calendar_id[self._calendar_id >= 0]).tolist():
            country, _, region = self._places[number].partition("|")
            problem = unknown_region(country, region) if country and region else None
            if problem:
                found.append((np.flatnonzero(self._calendar_id == number), problem))
        return found

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
        return self._grouped().group

    @property
    def group_count(self) -> int:
        return len(self._grouped().hours)

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


class _Groups:
    """Studios that share hours, zone and holiday calendar, numbered; per group its three numbers (-1: none)."""

    def __init__(self, hours_id: np.ndarray, zones: np.ndarray, calendar: np.ndarray, evaluated: np.ndarray) -> None:
        zone_id, zone_names = pd.factorize(zones)
        self.zone_keys: list[str] = list(zone_names)
        self._zone_names: list[str] = [*zone_names, ""]  # code -1: not evaluated, no zone needed
        keys = hours_id.astype(np.int64) << 42 | (zone_id.astype(np.int64) + 1) << 21 | (calendar.astype(np.int64) + 1)
        group, group_keys = pd.factorize(keys)
        self.group = group.astype(np.int32)
        # As arrays, for whole-directory passes.
        self.hours = (group_keys >> 42).astype(np.int64)
        self.zone = ((group_keys >> 21) & ((1 << 21) - 1)).astype(np.int64) - 1
        self.calendar = (group_keys & ((1 << 21) - 1)).astype(np.int64) - 1
        self.evaluated = evaluated[self.hours]

    def zone_names(self, positions: np.ndarray) -> list[str]:
        return [self._zone_names[zone] for zone in self.zone[self.group[positions]].tolist()]


class OpenAt:
    """Which studios are open at one instant (a whole minute); answers fill in as searches ask.

    Studios in zones showing the same wall-clock time share answers: evaluating every group of a million
    studios is a few hundred rule evaluations (distinct hours × distinct local times), not a million.
    """

    def __init__(self, table: OpeningTable, at: datetime) -> None:
        self._table = table
        self._grouping = grouping = table._grouped()
        local = [at.astimezone(zone).replace(tzinfo=None) for zone in table.zones]
        self._local = [*local, datetime(1970, 1, 1)]  # index -1: no zone (those groups are never open)
        minutes = [int((moment - datetime(1970, 1, 1)).total_seconds() // 60) for moment in self._local]
        self._minutes = np.array(minutes, dtype=np.int64)
        self._answers: dict[int, bool] = {}
        self._groups = np.full(len(grouping.hours), -1, dtype=np.int8)  # -1: not evaluated yet
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
        groups = self._grouping.group[positions]
        if not self._complete:
            needed = np.unique(groups) if len(groups) < len(self._groups) else np.arange(len(self._groups))
            needed = needed[self._groups[needed] < 0]
            if needed.size:
                self._groups[needed] = self._evaluate(needed)
        return self._groups[groups] == 1

    def _evaluate(self, groups: np.ndarray) -> np.ndarray:
        grouping = self._grouping
        hours, zones = grouping.hours[groups], grouping.zone[groups]
        holidays = np.zeros(len(groups), dtype=np.int64)
        for index in np.flatnonzero(grouping.calendar[groups] >= 0).tolist():  # only rules that name PH
            holidays[index] = self._holidays(
                int(grouping.calendar[groups[index]]), int(zones[index]), int(hours[index])
            )
        keys = hours << _HOURS_SHIFT | self._minutes[zones] << _HOLIDAY_BITS | holidays
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        pairs = zip(unique.tolist(), zones[first].tolist(), strict=True)
        answers = np.array([self._answer(key, zone) for key, zone in pairs], dtype=bool)
        return (answers[inverse] & grouping.evaluated[groups]).astype(np.int8)

    def _holidays(self, calendar_number: int, zone: int, hours: int) -> int:
        """Which of the days around the local day that these hours ask about are public holidays
        (finder.hours.rules.holiday_flags)."""
        expression = self._table._hours[hours].expression
        return holiday_flags(self._local[zone].date(), self._table.calendar(calendar_number), expression)

    def _answer(self, key: int, zone: int) -> bool:
        answer = self._answers.get(key)
        if answer is None:
            hours = self._table._hours[key >> _HOURS_SHIFT]
            if hours.kind != "rules":
                answer = False
            else:
                holidays = key & ((1 << _HOLIDAY_BITS) - 1)
                answer = parsed(hours.expression).is_open_at_local(self._local[zone], holidays)
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


def _zone_names(timezone: Sequence, latitude: np.ndarray, longitude: np.ndarray, needed: np.ndarray) -> np.ndarray:
    """Each studio's zone: the column's, else the one at its coordinates (only where hours need it)."""
    zones = pd.Series(timezone, dtype=object).fillna("").to_numpy(dtype=object, copy=True)
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

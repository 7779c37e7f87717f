"""Where a studio's clock is: its IANA time zone (offline, from its coordinates) and its public holidays."""

from __future__ import annotations

import gettext
import re
import sys
import threading
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np
import tzfpy


def timezone_at(latitude: float, longitude: float) -> str:
    """The IANA time zone at a point, offline (tzfpy's polygons; ``Etc/GMT±N`` at sea)."""
    return tzfpy.get_tz(longitude, latitude)  # tzfpy takes longitude first


def timezones_at(latitudes: np.ndarray, longitudes: np.ndarray) -> list[str]:
    """The zone at each point (as :func:`timezone_at`), without a Python call per point on our side."""
    # In slices, each name interned: a million points name a few hundred zones, not a million strings,
    # and never a million Python floats at once.
    zones: list[str] = []
    for start in range(0, len(latitudes), _SLICE):
        part = slice(start, start + _SLICE)
        zones.extend(map(sys.intern, map(tzfpy.get_tz, longitudes[part].tolist(), latitudes[part].tolist())))
    return zones


_SLICE = 65_536


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


@lru_cache(maxsize=1024)  # distinct spellings in a CSV are few; the bound keeps a hostile file in check
def known_timezone(name: str) -> str | None:
    """The canonical spelling of an IANA time zone name ("europe/berlin" -> "Europe/Berlin"), or None."""
    canonical = _zone_names().get(name.strip().casefold())
    if canonical is None:
        return None
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return canonical


class HolidayCalendar:
    """The public holidays of one country (and subdivision, when the ``holidays`` library knows it)."""

    def __init__(self, country: str, subdivision: str | None) -> None:
        self.country, self.subdivision = country, subdivision
        self._years: dict[int, frozenset[date]] = {}
        self._lock = threading.Lock()

    def is_holiday(self, day: date) -> bool:
        dates = self._years.get(day.year)
        if dates is None:
            with self._lock:
                dates = self._years.get(day.year)
                if dates is None:
                    import holidays  # 0.2 s to import: only once a rule names PH

                    found = holidays.country_holidays(self.country, subdiv=self.subdivision, years=day.year)
                    dates = frozenset(found)
                    self._years[day.year] = dates
        return day in dates


@lru_cache(maxsize=1)
def _supported() -> dict[str, frozenset[str]]:
    import holidays  # 0.2 s to import, 0.25 s to list: once, and only when a rule names PH

    return {country: frozenset(codes) for country, codes in holidays.list_supported_countries().items()}


@lru_cache(maxsize=1024)
def holiday_calendar(country: str, region: str = "") -> HolidayCalendar | None:
    """The calendar for a studio's country and region, or None when the ``holidays`` library lacks the country.

    The region may be written as the library's subdivision code ("TX", "ENG"), the ISO 3166-2 code
    ("US-TX"), or a name ("Texas", "England", "Bayern", "Bavaria", "Québec"); one the data does not know
    gives the country's national holidays.
    """
    country = country.strip().upper()
    if country not in _supported():
        return None
    return HolidayCalendar(country, subdivision_code(country, region))


def unknown_region(country: str, region: str) -> str | None:
    """Why this region's holidays cannot be told apart, or None when they can (or no region is named, or the
    ``holidays`` library lacks the country): a region of a supported country that no spelling matches."""
    country = country.strip().upper()
    codes = _supported().get(country)
    if not codes or not _key(region) or subdivision_code(country, region) is not None:
        return None
    examples = ", ".join(sorted(codes)[:6]) + (", …" if len(codes) > 6 else "")
    return (
        f"region {region!r} is not one the holiday calendar knows for {country}; "
        f"PH follows {country}'s national holidays. Use its code, one of {examples}"
    )


def subdivision_code(country: str, region: str) -> str | None:
    """The ``holidays`` library's code for a region of a supported country, however it is written, or None."""
    country, key = country.strip().upper(), _key(region)
    if not key:
        return None
    return _subdivision_keys(country).get(key) or _iso_keys(country).get(key)


@lru_cache(maxsize=256)
def _subdivision_keys(country: str) -> dict[str, str]:
    """The ``holidays`` library's spellings of the country's subdivisions, without case or accents -> the
    code: its codes and its names (``subdivisions_aliases``: "Bayern", "Québec", "Colombie-Britannique")."""
    import holidays  # 0.2 s to import: only when a rule names PH

    codes = _supported().get(country, frozenset())
    if not codes:
        return {}
    aliases = getattr(holidays.country_holidays(country).__class__, "subdivisions_aliases", {})
    pairs = [*((code, code) for code in codes), *((alias, code) for alias, code in aliases.items() if code in codes)]
    return _unambiguous(pairs)


@lru_cache(maxsize=256)
def _iso_keys(country: str) -> dict[str, str]:
    """ISO 3166-2's spellings (pycountry) of the library's subdivisions: the full code ("US-TX"), the name,
    and ISO's English name where it has one ("Bavaria"). Read only for a region the library's own miss."""
    codes = _supported().get(country, frozenset())
    return _unambiguous(
        [(spelling, code) for code in codes for spelling in (f"{country}-{code}", *_iso_names(country, code))]
    )


def _unambiguous(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Spellings without case or accents -> codes, leaving out a spelling that two codes share."""
    found: dict[str, set[str]] = {}
    for spelling, code in pairs:
        found.setdefault(_key(spelling), set()).add(code)
    return {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1 and key}


def _iso_names(country: str, code: str) -> tuple[str, ...]:
    import pycountry

    subdivision = pycountry.subdivisions.get(code=f"{country}-{code}")
    if subdivision is None:
        return ()
    return (subdivision.name, _english_iso_names().gettext(subdivision.name))


@lru_cache(maxsize=1)
def _english_iso_names() -> gettext.NullTranslations:
    import pycountry

    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)


def _key(text: str) -> str:
    """ "Baden-Württemberg" and "baden wurttemberg" alike: no case, accents or punctuation."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def next_local_time(weekday: int, clock: time, zone: str, now: datetime) -> datetime:
    """The next moment (now included) when the clock in ``zone`` shows this weekday (0 = Monday) and time.

    "Open at Tue 15:00" means 15:00 where the person is searching; a time a DST change skips is taken
    as the instant after the gap (zoneinfo's fold rule).
    """
    here = ZoneInfo(zone)
    local_now = now.astimezone(here)
    days = (weekday - local_now.weekday()) % 7
    candidate = datetime.combine(local_now.date() + timedelta(days=days), clock, tzinfo=here)
    if candidate < local_now - timedelta(minutes=1):
        candidate = datetime.combine(candidate.date() + timedelta(days=7), clock, tzinfo=here)
    return candidate

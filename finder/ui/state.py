"""The search a person can bookmark or share: read from and written to the address bar.

Everything here is plain Python (no streamlit), so the parsing of untrusted URL values is
tested directly. The app keeps ``st.query_params`` and the widgets in step through it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal
from urllib.parse import urlencode

from ..directory import style_key
from ..geocoding.parse import MAX_QUERY_LENGTH
from ..geocoding.place import Place
from ..hours import next_local_time, timezone_at
from ..search import SORTS, Filters, Sort
from ..units import UNITS, Unit, to_km, to_unit

#: Radius choices per unit; 0 means "any distance".
RADIUS_CHOICES = {"km": (5, 10, 25, 50, 100, 250, 0), "mi": (3, 5, 15, 30, 60, 155, 0)}
DEFAULT_RADIUS = {"km": 50, "mi": 30}
LIMIT_CHOICES = (5, 10, 20, 50)
DEFAULT_LIMIT = 10
MAX_STUDIO_ID_LENGTH = 100
_STYLE_SEPARATOR = "|"
_RADIUS = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)\s*(km|mi)?")
#: "Open at…" choices: a day and a time on the half hour, as the address holds them ("tue-15:00").
OPEN_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OPEN_TIMES = tuple(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in (0, 30))
SESSION_CHOICES = (0, 60, 75, 90, 120)  # at least this many minutes; 0 = any length
_OPEN_AT = re.compile(r"(mon|tue|wed|thu|fri|sat|sun)-([0-2]\d:[03]0)")


@dataclass(frozen=True)
class SearchState:
    """What the address bar holds: place, radius (in ``units``), units, styles, list id."""

    place: str = ""
    radius: int = 0  # one of RADIUS_CHOICES[units]; 0 = any distance; set from DEFAULT_RADIUS when unset
    units: Unit | Literal[""] = ""  # the units a person chose, or "" for "decide from the place searched"
    styles: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    list_id: str = ""
    radius_units: Unit | Literal[""] = ""  # the units ``radius`` is in, or "" (those of the place searched)
    studio: str = ""  # the studio whose page is open (its id), or "" for the results
    opening: str = ""  # "" any time, "now", or a day and time where the search is: "tue-15:00"
    max_price: int = 0  # the most a session may cost, in the studios' currency; 0 = any price
    session_minutes: int = 0  # one of SESSION_CHOICES: sessions at least this long; 0 = any length
    sort: Sort = "distance"
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was ignored, for people

    @property
    def radius_km(self) -> float | None:
        if not self.radius:
            return None
        return to_km(self.radius, self.radius_units or self.units or "km")

    def to_query_params(self) -> dict[str, str]:
        """The address's parameters: each one only when it differs from its default (radius always)."""
        optional = {
            "units": self.units,
            "styles": _STYLE_SEPARATOR.join(self.styles),
            "limit": str(self.limit) if self.limit != DEFAULT_LIMIT else "",
            "list": self.list_id,
            "studio": self.studio,
            "open": self.opening,
            "price": str(self.max_price) if self.max_price else "",
            "minutes": str(self.session_minutes) if self.session_minutes else "",
            "sort": self.sort if self.sort != "distance" else "",
        }
        params = {"place": self.place} if self.place else {}
        params["radius"] = radius_param(self.radius, self.radius_units or self.units)
        params.update((name, value) for name, value in optional.items() if value)
        return params

    def query_string(self, **changes: str) -> str:
        """This state's address as ``?a=b&…``, with ``changes`` applied (a link to a studio's page, say)."""
        params = {**self.to_query_params(), **changes}
        return "?" + urlencode({name: value for name, value in params.items() if value})


def search_filters(
    state: SearchState, origin: Place, now: datetime, *, currency: Callable[[], str] | None = None
) -> Filters:
    """The core's filters for this search: "open at tue-15:00" is 15:00 next Tuesday where the person searches;
    ``currency()``, when given, is the price cap's (else the core finds the one near the search)."""
    open_at = None
    if state.opening == "now":
        open_at = now
    elif state.opening:
        day, clock = state.opening.split("-")
        zone = timezone_at(origin.latitude, origin.longitude)
        open_at = next_local_time(OPEN_DAYS.index(day), time.fromisoformat(clock), zone, now)
    priced = bool(state.max_price) or state.sort == "price"
    return Filters(
        open_at=open_at,
        max_price=state.max_price or None,
        currency=currency() if currency is not None and priced else None,
        session_minutes=state.session_minutes or None,
    )


def radius_param(radius: int, units: str) -> str:
    """The radius as the address holds it, with its unit, so a shared link means one distance: "30mi"."""
    return "any" if not radius else f"{radius}{units}"


def nearest_radius_choice(radius_km: float | None, units: Unit) -> int:
    """The smallest radius choice in ``units`` that covers ``radius_km`` (0 = any distance)."""
    if radius_km is None:
        return 0
    value = to_unit(radius_km, units)
    for choice in RADIUS_CHOICES[units]:
        if choice and choice >= value - 1e-9:
            return choice
    return 0


def closest_radius_choice(radius_km: float | None, units: Unit) -> int:
    """The radius choice in ``units`` closest (by ratio) to ``radius_km``: for switching units.

    Unlike :func:`nearest_radius_choice` it does not round up, so km -> mi -> km comes back to the
    same choice instead of growing with every switch (50 km -> 30 mi -> 50 km).
    """
    if radius_km is None:
        return 0
    value = to_unit(radius_km, units)
    choices = [choice for choice in RADIUS_CHOICES[units] if choice]
    return min(choices, key=lambda choice: abs(math.log(choice / value))) if value > 0 else choices[0]


def from_query_params(params: Mapping[str, str | Iterable[str]], *, known_styles: Iterable[str] = ()) -> SearchState:
    """Read a SearchState from untrusted URL values: anything malformed is ignored and said."""
    problems: list[str] = []

    def value(name: str) -> str:
        raw = params.get(name, "")
        if not isinstance(raw, str):
            raw = next(iter(raw), "")
        return raw.strip()

    units = _read_units(value("units"), problems)
    radius, radius_units = _read_radius(value("radius"), units, problems)
    return SearchState(
        place=_read_place(value("place"), problems),
        radius=radius,
        units=units,
        styles=_read_styles(value("styles"), known_styles, problems),
        limit=_read_limit(value("limit")),
        list_id=value("list")[:100],
        radius_units=radius_units,
        studio=_read_studio(value("studio"), problems),
        opening=_read_opening(value("open").lower(), problems),
        max_price=_read_price(value("price"), problems),
        session_minutes=_read_minutes(value("minutes"), problems),
        sort=_read_sort(value("sort").lower(), problems),
        problems=tuple(problems),
    )


def _read_opening(text: str, problems: list[str]) -> str:
    if text in ("", "now") or (_OPEN_AT.fullmatch(text) and text[4:] in OPEN_TIMES):
        return text
    problems.append("The opening time in the address must be now or a day and time like tue-15:00; it was left out.")
    return ""


def _read_price(text: str, problems: list[str]) -> int:
    if not text:
        return 0
    if text.isdigit() and len(text) <= 7:
        return int(text)
    problems.append("The price in the address is not a whole number, so any price is shown.")
    return 0


def _read_minutes(text: str, problems: list[str]) -> int:
    if not text:
        return 0
    if text.isdigit() and int(text) in SESSION_CHOICES:
        return int(text)
    problems.append("The session length in the address must be 60, 75, 90 or 120 minutes; any length is shown.")
    return 0


def _read_sort(text: str, problems: list[str]) -> Sort:
    if text in SORTS:
        return text  # type: ignore[return-value]
    if text:
        problems.append("The sort in the address must be distance, price or opens; distance is used.")
    return "distance"


def _read_place(place: str, problems: list[str]) -> str:
    if len(place) > MAX_QUERY_LENGTH or any(ord(c) < 32 for c in place):
        problems.append("The place in the address was too long or unreadable, so it was left out.")
        return ""
    return place


def _read_studio(studio_id: str, problems: list[str]) -> str:
    if len(studio_id) > MAX_STUDIO_ID_LENGTH or any(ord(c) < 32 or c == "\x7f" for c in studio_id):
        problems.append("The studio in the address is not one of ours, so the results are shown.")
        return ""
    return studio_id


def _read_units(text: str, problems: list[str]) -> Unit | Literal[""]:
    units = text.lower()
    if units in ("", *UNITS):
        return units  # type: ignore[return-value]
    problems.append("Units in the address must be km or mi.")
    return ""


def _read_radius(text: str, units: Unit | Literal[""], problems: list[str]) -> tuple[int, Unit | Literal[""]]:
    """The radius choice and the units it is in ("" when neither the radius nor the address says)."""
    text = text.lower()
    if text in ("any", "0"):
        return 0, units
    match = _RADIUS.fullmatch(text)
    if not match:
        if text:
            problems.append("The radius in the address is not a distance, so the default is used.")
        return DEFAULT_RADIUS[units or "km"], units
    radius_units = match.group(2) or units
    number = float(match.group(1))
    choice_units = radius_units or "km"
    return (0 if number == 0 else nearest_radius_choice(to_km(number, choice_units), choice_units)), radius_units


def _read_styles(text: str, known_styles: Iterable[str], problems: list[str]) -> tuple[str, ...]:
    known = {style_key(style): style for style in known_styles}
    styles: list[str] = []
    for style in text.split(_STYLE_SEPARATOR):
        if not style.strip():
            continue
        canonical = known.get(style_key(style))
        if canonical is None:
            problems.append("A style in the address is not offered by any studio, so it was left out.")
        elif canonical not in styles:
            styles.append(canonical)
    return tuple(styles)


def _read_limit(text: str) -> int:
    if not text:
        return DEFAULT_LIMIT
    try:
        limit = int(text)
    except ValueError:
        return DEFAULT_LIMIT
    return limit if limit in LIMIT_CHOICES else min(LIMIT_CHOICES, key=lambda choice: abs(choice - limit))

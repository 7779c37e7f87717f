"""The search a person can bookmark or share: read from and written to the address bar.

Everything here is plain Python (no streamlit), so the parsing of untrusted URL values is
tested directly. The app keeps ``st.query_params`` and the widgets in step through it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..nearest import KM_PER_MILE

MAX_QUERY_LENGTH = 200
#: Radius choices per unit; 0 means "any distance".
RADIUS_CHOICES = {"km": (5, 10, 25, 50, 100, 250, 0), "mi": (3, 5, 15, 30, 60, 155, 0)}
DEFAULT_RADIUS = {"km": 50, "mi": 30}
LIMIT_CHOICES = (5, 10, 20, 50)
DEFAULT_LIMIT = 10
_STYLE_SEPARATOR = "|"
_RADIUS = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)\s*(km|mi)?")


@dataclass(frozen=True)
class SearchState:
    """What the address bar holds: place, radius (in ``units``), units, styles, list id."""

    place: str = ""
    radius: int = 0  # one of RADIUS_CHOICES[units]; 0 = any distance; set from DEFAULT_RADIUS when unset
    units: str = ""  # "km", "mi", or "" for "decide from the place searched"
    styles: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    list_id: str = ""
    radius_units: str = ""  # the units ``radius`` is in: "km", "mi", or "" (those of the place searched)
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was ignored, for people

    @property
    def radius_km(self) -> float | None:
        if not self.radius:
            return None
        return self.radius * KM_PER_MILE if (self.radius_units or self.units) == "mi" else float(self.radius)

    def with_units(self, units: str) -> SearchState:
        """The same search in other units, the radius moved to the nearest choice there."""
        if units == self.units or units not in RADIUS_CHOICES:
            return replace(self, units=units) if units in RADIUS_CHOICES else self
        radius = nearest_radius_choice(self.radius_km, units)
        return replace(self, units=units, radius=radius, radius_units=units)

    def to_query_params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.place:
            params["place"] = self.place
        params["radius"] = radius_param(self.radius, self.radius_units or self.units)
        if self.units:
            params["units"] = self.units
        if self.styles:
            params["styles"] = _STYLE_SEPARATOR.join(self.styles)
        if self.limit != DEFAULT_LIMIT:
            params["limit"] = str(self.limit)
        if self.list_id:
            params["list"] = self.list_id
        return params


def radius_param(radius: int, units: str) -> str:
    """The radius as the address holds it, with its unit, so a shared link means one distance: "30mi"."""
    return "any" if not radius else f"{radius}{units}"


def nearest_radius_choice(radius_km: float | None, units: str) -> int:
    """The smallest radius choice in ``units`` that covers ``radius_km`` (0 = any distance)."""
    if radius_km is None:
        return 0
    value = radius_km / KM_PER_MILE if units == "mi" else radius_km
    for choice in RADIUS_CHOICES[units]:
        if choice and choice >= value - 1e-9:
            return choice
    return 0


def closest_radius_choice(radius_km: float | None, units: str) -> int:
    """The radius choice in ``units`` closest (by ratio) to ``radius_km``: for switching units.

    Unlike :func:`nearest_radius_choice` it does not round up, so km -> mi -> km comes back to the
    same choice instead of growing with every switch (50 km -> 30 mi -> 50 km).
    """
    if radius_km is None:
        return 0
    value = radius_km / KM_PER_MILE if units == "mi" else radius_km
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

    place = value("place")
    if len(place) > MAX_QUERY_LENGTH or any(ord(c) < 32 for c in place):
        problems.append("The place in the address was too long or unreadable, so it was left out.")
        place = ""

    units = value("units").lower()
    if units not in ("", "km", "mi"):
        problems.append("Units in the address must be km or mi.")
        units = ""

    radius_text = value("radius").lower()
    radius_units = units
    radius = DEFAULT_RADIUS[units or "km"]
    match = _RADIUS.fullmatch(radius_text)
    if radius_text in ("any", "0"):
        radius = 0
    elif match:
        radius_units = match.group(2) or units
        choice_units = radius_units or "km"
        number = float(match.group(1))
        radius = 0 if number == 0 else nearest_radius_choice(
            number * (KM_PER_MILE if choice_units == "mi" else 1.0), choice_units)
    elif radius_text:
        problems.append("The radius in the address is not a distance, so the default is used.")

    known = {" ".join(s.casefold().split()): s for s in known_styles}
    styles: list[str] = []
    for style in value("styles").split(_STYLE_SEPARATOR):
        style = style.strip()
        if not style:
            continue
        canonical = known.get(" ".join(style.casefold().split()))
        if canonical is None:
            problems.append("A style in the address is not offered by any studio, so it was left out.")
        elif canonical not in styles:
            styles.append(canonical)

    limit = DEFAULT_LIMIT
    if value("limit"):
        try:
            limit = int(value("limit"))
        except ValueError:
            limit = DEFAULT_LIMIT
        if limit not in LIMIT_CHOICES:
            limit = min(LIMIT_CHOICES, key=lambda choice: abs(choice - limit))

    return SearchState(place=place, radius=radius, units=units, styles=tuple(styles), limit=limit,
                       list_id=value("list")[:100], radius_units=radius_units, problems=tuple(problems))

"""Kilometres and miles: which one a place uses, converting, and how a distance is written."""

from __future__ import annotations

from typing import Literal, get_args

Unit = Literal["km", "mi"]
UNITS: tuple[Unit, ...] = get_args(Unit)

KM_PER_MILE = 1.609344

#: Where people measure road distances in miles (ISO 3166 alpha-2).
MILE_COUNTRIES = frozenset({"US", "GB", "LR", "MM", "PR", "GU", "VI", "AS", "MP", "UM", "IM", "JE", "GG"})


def check_unit(unit: str) -> Unit:
    """The unit itself, or ValueError with a message saying which units there are."""
    if unit not in UNITS:
        raise ValueError(f"Unit {unit!r} is not one of {', '.join(UNITS)}; use 'km' or 'mi'.")
    return unit  # type: ignore[return-value]


def default_unit(country_code: str | None) -> Unit:
    """ "mi" where people use miles (US, UK, ...), "km" elsewhere and when unknown."""
    return "mi" if (country_code or "").upper() in MILE_COUNTRIES else "km"


def to_unit(distance_km: float, unit: Unit) -> float:
    """A distance in km expressed in ``unit``."""
    return distance_km / KM_PER_MILE if unit == "mi" else distance_km


def to_km(distance: float, unit: Unit) -> float:
    """A distance in ``unit`` expressed in km."""
    return distance * KM_PER_MILE if unit == "mi" else float(distance)


def format_distance(distance_km: float, unit: Unit = "km") -> str:
    """ "3.2 mi", "12.4 km", "153 km": one decimal below 100, whole numbers from there."""
    value = to_unit(distance_km, check_unit(unit))
    return f"{value:.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"

"""Favourites as values: a starred studio's snapshot, the private list id, and the rules for stored text."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..directory.schema import Studio

MAX_STUDIO_ID = 200
MAX_TEXT = 2_000
_LIST_ID_BYTES = 24  # 192 random bits; token_urlsafe turns 24 bytes into exactly 32 characters
_LIST_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def new_list_id() -> str:
    """A fresh private list id: 192 random bits as 32 URL-safe characters."""
    return secrets.token_urlsafe(_LIST_ID_BYTES)


def is_valid_list_id(value: object) -> bool:
    """True only for exactly what :func:`new_list_id` makes: 32 characters of ``A-Z a-z 0-9 _ -``."""
    return isinstance(value, str) and _LIST_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Favorite:
    """A starred studio, as it was when starred (one database row); shown as "no longer listed" if it has left."""

    list_id: str
    studio_id: str
    name: str
    address: str
    latitude: float
    longitude: float
    phone: str
    website: str
    starred_at: datetime  # UTC


@dataclass(slots=True)
class ImportResult:
    """What an import did: rows added, rows already in the list, and one message per bad row."""

    added: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Text a database can store: no NUL (PostgreSQL refuses it), no lone surrogates, bounded length."""
    text = "" if value is None else str(value)
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:limit]


def studio_id_problem(value: object) -> str:
    """Why a studio id cannot be stored exactly as given, or "" when it can.

    PostgreSQL refuses NUL and UTF-8 cannot hold an unpaired surrogate: such an id is refused, never
    changed (a changed id would make a star that can never be removed).
    """
    if not isinstance(value, str) or not value.strip():
        return "its id is empty"
    if len(value) > MAX_STUDIO_ID:
        return f"its id is longer than {MAX_STUDIO_ID} characters"
    if "\x00" in value:
        return "its id contains a NUL character"
    if _SURROGATE.search(value):
        return "its id contains an unpaired surrogate (not a character)"
    return ""


def as_utc(value: datetime) -> datetime:
    """The moment in UTC. SQLite hands back naive datetimes (we store UTC); PostgreSQL hands back aware ones.

    Raises ValueError for a moment that has no UTC date (9999-12-31T23:59:59-23:59 is in the year 10000).
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as err:
        raise ValueError(f"{value.isoformat()} is outside the years 1 to 9999 in UTC") from err


def snapshot(list_id: str, studio: Studio, *, starred_at: datetime | None = None) -> Favorite:
    """The favourite a star keeps: the studio's name, address and links as they are now.

    Raises ValueError when the studio's id cannot be stored exactly (:func:`studio_id_problem`).
    """
    problem = studio_id_problem(studio.id)
    if problem:
        raise ValueError(f"This studio cannot be starred: {problem}.")
    return Favorite(
        list_id=list_id,
        studio_id=studio.id,
        name=clean_text(studio.name),
        address=clean_text(studio.address),
        latitude=float(studio.latitude),
        longitude=float(studio.longitude),
        phone=clean_text(studio.phone),
        website=clean_text(studio.website),
        starred_at=starred_at or datetime.now(UTC),
    )

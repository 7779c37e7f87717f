"""What a suggestion is: its kind, its fields (the CSV's columns), its reference, and the form's limits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal

from ..directory.schema import COLUMNS, PRECISION_COLUMN, Studio

Kind = Literal["new", "edit", "closed"]
Status = Literal["pending", "approved", "rejected"]
KINDS: Final = ("new", "edit", "closed")

#: The columns a person fills in the form, in the form's order (the CSV's, without id and verified_on).
FORM_COLUMNS: Final = tuple(column for column in COLUMNS if column not in ("id", "verified_on"))
#: The longest value each form field takes (the CSV allows more; a suggestion needs no more).
FIELD_LIMITS: Final = {
    "name": 120,
    "street": 200,
    "city": 100,
    "region": 100,
    "postal_code": 20,
    "country": 60,
    "latitude": 30,
    "longitude": 30,
    "phone": 40,
    "website": 500,
    "booking_url": 500,
    "styles": 300,
    "price_from": 20,
    "currency": 10,
    "session_minutes": 10,
    "hours": 300,
    "description": 1000,
}
#: What people call the columns in the form.
FIELD_LABELS: Final = {
    "name": "Studio name",
    "street": "Street address",
    "city": "Town or city",
    "region": "State or region",
    "postal_code": "Postal code",
    "country": "Country (e.g. US)",
    "latitude": "Latitude (optional)",
    "longitude": "Longitude (optional)",
    "phone": "Phone",
    "website": "Website",
    "booking_url": "Booking link",
    "styles": "Styles (separated by ;)",
    "price_from": "Price from",
    "currency": "Currency (e.g. USD)",
    "session_minutes": "Session length (minutes)",
    "hours": "Opening hours",
    "description": "Description",
}
NOTE_LIMIT: Final = 500
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: read aloud without doubt
REFERENCE_LENGTH: Final = 8


def new_reference() -> str:
    """A reference for a suggestion, shown to the person who sent it: ``K7M3Q9P2``."""
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def is_reference(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == REFERENCE_LENGTH
        and all(character in _REFERENCE_ALPHABET for character in value)
    )


def new_studio_id(reference: str) -> str:
    """The id an approved new studio is listed (and exported) under."""
    return f"sub-{reference.lower()}"


def studio_record(studio: Studio) -> dict[str, str]:
    """A listing as CSV text, column by column: what the loader reads back into the same studio."""
    record = {column: str(getattr(studio, column, "") or "") for column in COLUMNS}
    record["latitude"], record["longitude"] = repr(studio.latitude), repr(studio.longitude)
    record["styles"] = "; ".join(studio.styles)
    price = studio.price_from
    record["price_from"] = "" if price is None else (str(int(price)) if price == int(price) else repr(price))
    record["session_minutes"] = "" if studio.session_minutes is None else str(studio.session_minutes)
    record["verified_on"] = studio.verified_on.isoformat() if studio.verified_on else ""
    record[PRECISION_COLUMN] = studio.precision
    return record


@dataclass(frozen=True)
class Submission:
    """One suggestion as stored: what kind, about which studio, the listing it proposes, and its state."""

    id: str
    kind: Kind
    status: Status
    studio_id: str
    fields: dict[str, str]
    submitted_at: datetime
    note: str = ""
    decided_at: datetime | None = None

    def as_json(self) -> dict[str, object]:
        """The shape ``submissions list --json`` prints."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "studio_id": self.studio_id,
            "fields": dict(self.fields),
            "submitted_at": self.submitted_at.isoformat(),
        }


@dataclass(frozen=True)
class Decision:
    """One entry of the decision log: what was decided, when, by whom, and the listing before and after."""

    seq: int
    submission_id: str
    decision: Literal["approved", "rejected"]
    operator: str
    reason: str
    before: dict[str, str] | None
    after: dict[str, str] | None
    decided_at: datetime


@dataclass
class ApprovedChanges:
    """The approved suggestions, folded in decision order: listings to add or replace, ids to remove."""

    records: dict[str, dict[str, str]] = field(default_factory=dict)  # studio id -> record
    removed: set[str] = field(default_factory=set)
    references: dict[str, str] = field(default_factory=dict)  # studio id -> the suggestion that set it

    def apply(self, kind: Kind, studio_id: str, fields: dict[str, str], reference: str) -> None:
        if kind == "closed":
            self.records.pop(studio_id, None)
            self.removed.add(studio_id)
        else:
            self.removed.discard(studio_id)
            self.records[studio_id] = {**fields, "id": studio_id}
        self.references[studio_id] = reference

"""Studio, the CSV schema, and loading a CSV into a validated Directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The columns of a studio CSV, in the order the sample file uses. Only ``name`` and a
#: location (latitude + longitude, or a postal code / city with a country) are required.
COLUMNS = (
    "id", "name", "street", "city", "region", "postal_code", "country",
    "latitude", "longitude", "phone", "website", "booking_url", "styles",
    "price_from", "currency", "session_minutes", "hours", "description", "verified_on",
)
#: Extra column written by ``geocode-csv``: how exactly the coordinates are known.
PRECISION_COLUMN = "precision"


@dataclass(frozen=True, slots=True)
class Studio:
    """One listing of the directory, validated and cleaned; text fields are raw, not escaped."""

    id: str
    name: str
    latitude: float
    longitude: float
    precision: str = "coordinates"  # "coordinates", or "postal_code" / "city" when placed by the gazetteer
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166 alpha-2, upper case, or "" when unknown
    phone: str = ""
    website: str = ""  # http(s) only; anything else was dropped with a warning
    booking_url: str = ""
    styles: tuple[str, ...] = ()
    price_from: float | None = None
    currency: str = ""
    session_minutes: int | None = None
    hours: str = ""
    description: str = ""
    verified_on: date | None = None
    line: int = 0  # where the row starts in the CSV, as a text editor counts (header = 1)

    @property
    def approximate(self) -> bool:
        """True when the location is only known to postal-code or city precision."""
        return self.precision not in ("coordinates", "street")

    @property
    def address(self) -> str:
        """A one-line postal address from the parts that are present."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, locality, self.region, self.country) if part)


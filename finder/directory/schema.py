"""The studio CSV's columns and the values a directory holds: Studio, and Match (a studio at a distance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..geo import Precision, is_approximate
from ..units import KM_PER_MILE

#: The columns of a studio CSV, in the order the sample file uses. Only ``name`` and a
#: location (latitude + longitude, or a postal code / city with a country) are required.
# fmt: off
COLUMNS = (
    "id", "name", "street", "city", "region", "postal_code", "country",
    "latitude", "longitude", "phone", "website", "booking_url", "styles",
    "price_from", "currency", "session_minutes", "hours", "description", "verified_on",
)
# fmt: on
#: Extra column written by ``geocode-csv``: how exactly the coordinates are known.
PRECISION_COLUMN = "precision"
#: Optional column: the studio's IANA time zone ("Europe/Berlin"); by default it comes from the coordinates.
TIMEZONE_COLUMN = "timezone"
#: The columns the finder reads; any others are kept in the file and ignored.
KNOWN_COLUMNS = (*COLUMNS, PRECISION_COLUMN, TIMEZONE_COLUMN)


@dataclass(frozen=True, slots=True)
class Studio:
    """One listing of the directory, validated and cleaned; text fields are raw, not escaped."""

    id: str
    name: str
    latitude: float
    longitude: float
    precision: Precision = "coordinates"  # or "postal_code" / "city" when placed by the gazetteer
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
    hours: str = ""  # as written: OSM opening_hours syntax or a plain form (finder.hours reads both)
    description: str = ""
    verified_on: date | None = None
    timezone: str = ""  # IANA name, from the timezone column or the coordinates
    line: int = 0  # where the row starts in the CSV, as a text editor counts (header = 1)

    @property
    def approximate(self) -> bool:
        """True when the location is only known to postal-code or city precision."""
        return is_approximate(self.precision)

    @property
    def address(self) -> str:
        """A one-line postal address from the parts that are present."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, locality, self.region, self.country) if part)


@dataclass(frozen=True, slots=True)
class Match:
    """A studio found by a search, with its geodesic distance from the search origin."""

    studio: Studio
    distance_km: float

    @property
    def distance_miles(self) -> float:
        return self.distance_km / KM_PER_MILE

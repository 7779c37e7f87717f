"""What was typed: validation, decimal coordinates, postal codes and street addresses.

Nothing here touches the gazetteer; it only says how a query may be read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from finder.errors import InvalidQuery
from finder.geocoding.coordinates import checked, read_coordinates
from finder.geocoding.normalize import postal_key

MAX_QUERY_LENGTH = 200

_SQL = re.compile(
    r";\s*(drop|delete|insert|update|select|alter|create|truncate)\b|\bunion\s+(all\s+)?select\b"
    r"|\bselect\b.+\bfrom\b|--|/\*|\*/|\b(or|and)\s+'?\d+'?\s*=\s*'?\d+|'\s*(or|and)\s*'|\bdrop\s+table\b",
    re.IGNORECASE,
)
_HTML = re.compile(r"<\s*/?\s*[a-z!?]|&#?[a-z0-9]+;|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)

_NUMBER = r"([+-]?[0-9]{1,3}(?:[.,][0-9]+)?)"  # ASCII digits only: float() also reads "٣" and "1_0"
_COORDINATES = re.compile(
    rf"^\(?\s*{_NUMBER}\s*°?\s*([NS])?\s*(,|;|\s)\s*{_NUMBER}\s*°?\s*([EW])?\s*\)?$", re.IGNORECASE
)

#: Words that mark a part of a query as a street address rather than a town.
STREET_WORDS = frozenset(
    [
        "st",
        "street",
        "ave",
        "avenue",
        "av",
        "rd",
        "road",
        "blvd",
        "boulevard",
        "dr",
        "drive",
        "ln",
        "lane",
        "way",
        "ct",
        "court",
        "pl",
        "place",
        "pkwy",
        "parkway",
        "hwy",
        "highway",
        "ter",
        "terrace",
        "cir",
        "circle",
        "sq",
        "square",
        "trl",
        "suite",
        "ste",
        "apt",
        "unit",
        "floor",
        "fl",
        "str",
        "strasse",
        "rue",
        "calle",
        "via",
        "avenida",
        "rua",
        "weg",
        "gasse",
        "straat",
        "vej",
        "viale",
        "corso",
    ]
)
_HOUSE_NUMBER = re.compile(r"^\d+[a-z]?\b", re.IGNORECASE)

# Postal code shapes, most specific first. Each yields (lookup key, country hint or None).
_UK_FULL = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}\b", re.IGNORECASE)
_CA_FULL = re.compile(r"\b([ABCEGHJ-NPRSTVXY]\d[A-Z])\s?\d[A-Z]\d\b", re.IGNORECASE)
_US_ZIP4 = re.compile(r"\b(\d{5})-\d{4}\b")
_NL = re.compile(r"\b(\d{4})\s?[A-Z]{2}\b", re.IGNORECASE)
_DIGITS = re.compile(r"(?<![\w.])(\d{3,7}(?:[- ]\d{3,4})?)(?![\w.])")
_OUTWARD = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?|[A-Z]\d[A-Z])$", re.IGNORECASE)


@dataclass(frozen=True)
class PostalToken:
    """A postal code found in a query: its lookup key, the text it covered, and a country it implies."""

    key: str
    text: str
    country_hint: str | None = None


def clean_query(query: object) -> str:
    """The query with whitespace collapsed, or InvalidQuery with a message for people."""
    if not isinstance(query, str):
        raise InvalidQuery("Type a place: a town, a postal code, an address or 'latitude, longitude'.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"That is {len(query)} characters; a place needs at most {MAX_QUERY_LENGTH}.")
    text = query.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\u200d" for ch in text):
        raise InvalidQuery("The query contains control or invisible characters; type the place again.")
    text = " ".join(text.split())
    if not text:
        raise InvalidQuery("Type a place: a town, a postal code, an address or 'latitude, longitude'.")
    if not any(ch.isalnum() for ch in text):
        raise InvalidQuery("The query has no letters or digits; type a town, a postal code or an address.")
    if _HTML.search(text) or _SQL.search(text):
        raise InvalidQuery("That looks like code, not a place; type a town, a postal code or an address.")
    return text


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Coordinates in any written form (finder/geocoding/coordinates.py); None when the text is not coordinates.

    Plain decimals "lat, lon" or "lat lon" (optionally with N/S/E/W) are read here; "12 34" is more likely a
    postal code. Raises InvalidQuery when it is coordinates but unusable (out of range, NaN, a map link
    without any).
    """
    match = _COORDINATES.match(text.strip())
    if not match:
        return read_coordinates(text)
    lat_text, north_south, separator, lon_text, east_west = match.groups()
    if separator == "," and ("," in lat_text or "," in lon_text):
        return None  # "1,5, 2,3" is too ambiguous to read
    if (
        separator.isspace()
        and "." not in lat_text + lon_text
        and "," not in lat_text + lon_text
        and not (north_south or east_west)
    ):
        return None  # "12 34" is more likely a postal code or a house number than coordinates
    latitude, longitude = _number(lat_text), _number(lon_text)
    if north_south and north_south.upper() == "S":
        latitude = -abs(latitude)
    if east_west and east_west.upper() == "W":
        longitude = -abs(longitude)
    return checked(latitude, longitude)


def is_street_part(part: str) -> bool:
    """Whether a comma-separated part of a query reads as a street address ("500 E 7th St")."""
    words = re.split(r"[^a-z0-9]+", anyascii(part).casefold().replace(".", ""))
    words = [word for word in words if word]
    if len(words) < 2:
        return False
    if words[0] in {"rue", "calle", "via", "avenida", "rua", "viale", "corso"}:
        return True
    has_number = any(ch.isdigit() for ch in part)
    if _HOUSE_NUMBER.match(part.strip()) and any(word in STREET_WORDS for word in words[1:]):
        return True
    return has_number and words[-1] in STREET_WORDS


def find_postal_tokens(text: str) -> list[PostalToken]:
    """Postal codes the query may contain, most likely first (rightmost first, house numbers skipped)."""
    found: list[tuple[int, PostalToken]] = []
    for pattern, hint in ((_UK_FULL, "GB"), (_CA_FULL, "CA"), (_US_ZIP4, "US"), (_NL, "NL")):
        for match in pattern.finditer(text):
            found.append((match.start(), PostalToken(postal_key(match.group(1)), match.group(0), hint)))
    covered = [(t.text, start) for start, t in found]
    for match in _DIGITS.finditer(text):
        if any(start <= match.start() < start + len(cover) for cover, start in covered):
            continue
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        if (
            (not before or before.endswith(","))
            and after
            and not after.startswith(",")
            and is_street_part(text[match.start() :].split(",")[0])
        ):
            continue  # a house number: "500 E 7th St"
        found.append((match.start(), PostalToken(postal_key(match.group(1)), match.group(0))))
    stripped = text.strip()
    if _OUTWARD.match(stripped):
        found.append((0, PostalToken(postal_key(stripped), stripped)))
    found.sort(key=lambda item: -item[0])
    unique: dict[str, PostalToken] = {}
    for _, token in found:
        unique.setdefault(token.key, token)
    return list(unique.values())


def split_parts(text: str) -> list[str]:
    """Comma-separated parts, trimmed, empties dropped."""
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]

"""Coordinates in the forms people paste: decimals, degrees-minutes-seconds, decimal minutes, labelled pairs,
``geo:`` URIs (RFC 5870), links of the common map sites, and Plus Codes (through ``openlocationcode``).

Only ASCII digits are read as numbers: Python's ``float`` accepts ``"٣"`` and ``"1_0"``, a person did not
mean coordinates by them. Every number read is finite and in range, or the query is refused with a message
that says what was understood ("That looks like a map link, but it has no coordinates in it").
A short Plus Code ("9G8F+6X Zurich") needs a place to be relative to: :func:`short_plus_code` splits it,
the geocoder places the town and :func:`recover_plus_code` finishes the job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote_plus, urlsplit

from openlocationcode import openlocationcode as olc

from finder.errors import InvalidQuery

Coordinates = tuple[float, float]

_DECIMAL = r"[0-9]{1,3}(?:\.[0-9]+)?"
_PAIR_DECIMAL = re.compile(rf"^\s*([+-]?{_DECIMAL})\s*,\s*([+-]?{_DECIMAL})\s*$")
_NON_FINITE = re.compile(r"(?<![a-z])[+-]?(nan|inf|infinity)(?![a-z])", re.IGNORECASE)
_LABEL_OR_HEMISPHERE = re.compile(r"\b(latitude|lat|longitude|long|lng|lon|[NSEW])\b", re.IGNORECASE)
_NUMERIC_REST = re.compile(r"[\s()+\-−,;:=/°'\"0-9.]*")

# One coordinate: an optional hemisphere letter before or after, degrees, optional minutes and seconds,
# with ° ′ ″ ' " (or d m s) or plain spaces between them; decimal point or decimal comma.
_NUM = r"[0-9]+(?:[.,][0-9]+)?"
_ONE = re.compile(
    rf"""^(?P<pre>[NSEW])?\s*(?P<sign>[+\-−])?\s*
    (?P<deg>[0-9]{{1,3}}(?:[.,][0-9]+)?)\s*(?P<dmark>°|º|˚|deg|d)?\s*
    (?:(?P<min>{_NUM})\s*(?P<mmark>['′’‘]|min|m)?\s*
       (?:(?P<sec>{_NUM})\s*(?P<smark>["″”“]|''|′′|’’|sec|s)?\s*)?
    )?(?P<post>[NSEW])?$""",
    re.IGNORECASE | re.VERBOSE,
)
_HEMISPHERE = re.compile(r"(?<![A-Za-z])[NSEW](?![A-Za-z])", re.IGNORECASE)
_HEMISPHERE_WORDS = {"north": "N", "south": "S", "east": "E", "west": "W"}
_HEMISPHERE_WORD = re.compile(r"\b(north|south|east|west)\b", re.IGNORECASE)
_DEGREE_START = re.compile(rf"[+\-−]?{_NUM}\s*(?:°|º|˚)")
_LABELLED = re.compile(
    r"^\s*(?P<first>lat(?:itude)?|lng|lon(?:g(?:itude)?)?)\s*[:=]?\s*(?P<a>.+?)\s*[,;&]?\s*"
    r"(?P<second>lat(?:itude)?|lng|lon(?:g(?:itude)?)?)\s*[:=]?\s*(?P<b>.+?)\s*$",
    re.IGNORECASE,
)

_OLC_CHAR = "23456789CFGHJMPQRVWX"
_PLUS_CODE = re.compile(rf"(?<![0-9A-Z])([{_OLC_CHAR}0]{{2,8}}\+[{_OLC_CHAR}]{{0,3}})(?![0-9A-Z+])", re.IGNORECASE)

#: Hosts of map sites whose links may carry coordinates (matched by suffix: "www.google.com", "maps.google.de").
MAP_HOSTS = ("google.", "goo.gl", "maps.app.goo.gl", "maps.apple", "apple.com", "openstreetmap.org", "osm.org")
MAP_HOSTS += ("bing.com", "here.com", "waze.com")
_GOOGLE_PIN = re.compile(rf"!3d([+-]?{_DECIMAL})!4d([+-]?{_DECIMAL})")
_AT_VIEW = re.compile(rf"@([+-]?{_DECIMAL}),([+-]?{_DECIMAL})(?:,|$|/|z)")
_PATH_PAIR = re.compile(rf"/([+-]?{_DECIMAL}),\s*\+?([+-]?{_DECIMAL})(?:/|$)")
_OSM_HASH = re.compile(rf"map=[0-9.]+/([+-]?{_DECIMAL})/([+-]?{_DECIMAL})")
_QUERY_PAIRS = ("q", "query", "ll", "sll", "center", "coordinate", "destination", "daddr", "saddr", "cp", "where1")
_BING_POINT = re.compile(rf"point\.([+-]?{_DECIMAL})_([+-]?{_DECIMAL})")

NO_COORDINATES_IN_LINK = (
    "That looks like a map link, but it has no coordinates in it; copy the coordinates from the map, or type the place."
)
NOT_A_MAP_LINK = "That is a web link, not a place; type a town, a postal code or 'latitude, longitude'."


@dataclass(frozen=True)
class ShortPlusCode:
    """A Plus Code without its area ("9G8F+6X"), and the place typed with it ("Zurich")."""

    code: str
    locality: str


def checked(latitude: float, longitude: float) -> Coordinates:
    """The pair, or InvalidQuery when either is not finite or out of range."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise InvalidQuery("Coordinates must be numbers: type latitude and longitude, e.g. '48.85, 2.35'.")
    if not -90.0 <= latitude <= 90.0:
        raise InvalidQuery(f"Latitude {latitude:g} is outside -90..90; coordinates read as 'latitude, longitude'.")
    if not -180.0 <= longitude <= 180.0:
        raise InvalidQuery(f"Longitude {longitude:g} is outside -180..180; coordinates read as 'latitude, longitude'.")
    return latitude, longitude


def read_coordinates(text: str) -> Coordinates | None:
    """Coordinates in any form this module knows, or None when the text is not coordinates.

    Raises InvalidQuery when it is coordinates that cannot be used (out of range, NaN, a map link without any).
    """
    stripped = text.strip()
    if _is_link(stripped):
        return _from_link(stripped)
    plus_code = _PLUS_CODE.search(stripped)
    if plus_code and olc.isFull(plus_code.group(1).upper()):  # a full code needs no town: "8FVC9G8F+6X Zurich"
        return plus_code_centre(plus_code.group(1))
    if _NON_FINITE.search(stripped) and _only_numbers(_NON_FINITE.sub("0", stripped)):
        raise InvalidQuery("'NaN' and 'inf' are not coordinates: type latitude and longitude, e.g. '48.85, 2.35'.")
    labelled = _LABELLED.match(stripped)
    if labelled:
        return _from_labels(labelled)
    return _from_written_pair(stripped)


def _only_numbers(text: str) -> bool:
    """Whether the text is numbers, labels and hemisphere letters only (a coordinate pair's shape)."""
    return bool(_NUMERIC_REST.fullmatch(_LABEL_OR_HEMISPHERE.sub("", text)))


def _from_labels(match: re.Match[str]) -> Coordinates | None:
    first, second = (match.group(name).casefold()[:3] for name in ("first", "second"))
    if first == second or "lat" not in (first, second):
        return None
    a, b = _one(match.group("a")), _one(match.group("b"))
    if a is None or b is None:
        return None
    latitude, longitude = (a[0], b[0]) if first == "lat" else (b[0], a[0])
    return checked(latitude, longitude)


def _one(text: str) -> tuple[float, str | None] | None:
    """One coordinate in degrees and its hemisphere letter (upper case, or None); None when not one."""
    match = _ONE.match(text.strip().strip(",;/ "))
    if not match or (match.group("pre") and match.group("post")):
        return None
    hemisphere = (match.group("pre") or match.group("post") or "").upper() or None
    if hemisphere == "S" and match.group("smark") is None and match.group("sec") and match.group("mmark") == "m":
        hemisphere = None  # "48d51m24s": the s marks the seconds
    parts = [match.group(name) for name in ("deg", "min", "sec")]
    degrees, minutes, seconds = (float(part.replace(",", ".")) if part else 0.0 for part in parts)
    if match.group("min") and "." in parts[0].replace(",", "."):
        return None  # "48.5 30": decimal degrees followed by minutes is no written form
    if minutes >= 60 or seconds >= 60:
        raise InvalidQuery("Minutes and seconds of a coordinate run from 0 to 59; check the coordinates.")
    value = degrees + minutes / 60 + seconds / 3600
    negative = match.group("sign") in ("-", "−") or hemisphere in ("S", "W")
    return (-value if negative else value), hemisphere


def _halves(text: str) -> tuple[str, str] | None:
    """The text split into its latitude and longitude parts, by hemisphere letters or separators."""
    letters = list(_HEMISPHERE.finditer(text))
    if len(letters) == 2:
        first, second = letters
        if first.start() == 0 or not text[: first.start()].strip():  # letters before the numbers
            return text[: second.start()], text[second.start() :]
        return text[: first.end()], text[first.end() :]
    if letters:
        return None
    for separator in (";", " / ", ", ", ","):
        if text.count(separator) == 1:
            left, right = text.split(separator)
            return left, right
    degrees = list(_DEGREE_START.finditer(text))
    if len(degrees) == 2:
        return text[: degrees[1].start()], text[degrees[1].start() :]
    return None


def _from_written_pair(text: str) -> Coordinates | None:
    """Degrees (and minutes, seconds) written out: "48°51′24″N 2°21′03″E", "S 33° 55.2' E 18° 25.4'"."""
    text = _HEMISPHERE_WORD.sub(lambda m: _HEMISPHERE_WORDS[m.group(1).casefold()], text)
    text = text.strip().strip("()[]").strip()
    halves = _halves(text)
    if halves is None:
        return None
    first, second = _one(halves[0]), _one(halves[1])
    if first is None or second is None:
        return None
    (a, a_hemisphere), (b, b_hemisphere) = first, second
    if a_hemisphere in ("E", "W") and b_hemisphere in ("N", "S", None):
        a, b = b, a  # typed longitude first: "2°21′03″E 48°51′24″N"
    elif a_hemisphere in ("E", "W") or b_hemisphere in ("N", "S"):
        return None  # two latitudes or two longitudes
    return checked(a, b)


# ---- links -------------------------------------------------------------------------------------


def _is_link(text: str) -> bool:
    lowered = text.casefold()
    return lowered.startswith(("http://", "https://", "geo:", "www.")) or any(
        lowered.startswith(host) for host in ("maps.google.", "google.com/maps", "maps.apple.com", "openstreetmap.org")
    )


def _decimal_pair(text: str) -> Coordinates | None:
    match = _PAIR_DECIMAL.match(text)
    return checked(float(match.group(1)), float(match.group(2))) if match else None


def _from_geo_uri(text: str) -> Coordinates:
    """RFC 5870 ``geo:lat,lon[,alt][;params]``, and Android's ``geo:0,0?q=lat,lon(label)``."""
    body, _, query = text[4:].partition("?")
    point = body.split(";")[0].split(",")
    if query:
        value = parse_qs(query).get("q", [""])[0]
        found = _decimal_pair(re.sub(r"\(.*\)\s*$", "", value))
        if found is not None:
            return found
    if len(point) in (2, 3):
        found = _decimal_pair(",".join(point[:2]))
        if found is not None:
            return found
    raise InvalidQuery("That looks like a geo: link, but its coordinates cannot be read; type 'latitude, longitude'.")


def _from_link(text: str) -> Coordinates:
    """Coordinates a map site's link carries; InvalidQuery when it carries none (or is no map link)."""
    if text.casefold().startswith("geo:"):
        return _from_geo_uri(text)
    if _NON_FINITE.search(text):
        raise InvalidQuery("That link's coordinates are not numbers; copy the coordinates from the map.")
    link = urlsplit(text if "://" in text else f"https://{text}")
    host = (link.hostname or "").casefold()
    if not any(marker in host for marker in MAP_HOSTS):
        raise InvalidQuery(NOT_A_MAP_LINK)
    found = _from_link_query(parse_qs(link.query))
    if found is not None:
        return found
    path = unquote_plus(link.path)
    for pattern, where in ((_GOOGLE_PIN, path), (_OSM_HASH, link.fragment), (_AT_VIEW, path), (_PATH_PAIR, path)):
        match = pattern.search(where)
        if match:
            return checked(float(match.group(1)), float(match.group(2)))
    raise InvalidQuery(NO_COORDINATES_IN_LINK)


def _from_link_query(query: dict[str, list[str]]) -> Coordinates | None:
    """A marker's coordinates from a link's query (OSM's mlat/mlon, Bing's sp=point., q=, ll=, cp=...)."""
    if "mlat" in query and "mlon" in query:
        found = _decimal_pair(f"{query['mlat'][0]},{query['mlon'][0]}")
        if found is not None:
            return found
    bing = _BING_POINT.search(" ".join(query.get("sp", [])))
    if bing:
        return checked(float(bing.group(1)), float(bing.group(2)))
    for name in _QUERY_PAIRS:
        for value in query.get(name, []):
            found = _decimal_pair(value.replace("~", ",").replace(" ", ""))
            if found is not None:
                return found
    return None


# ---- Plus Codes --------------------------------------------------------------------------------


def plus_code_centre(code: str) -> Coordinates:
    """The centre of the area a full Plus Code names."""
    area = olc.decode(code.upper())
    return checked(area.latitudeCenter, area.longitudeCenter)


def short_plus_code(text: str) -> ShortPlusCode | None:
    """A short Plus Code typed with a place, "9G8F+6X Zurich" or "Zurich, 9G8F+6X"; None otherwise."""
    match = _PLUS_CODE.search(text)
    if not match:
        return None
    code = match.group(1).upper()
    locality = (text[: match.start()] + " " + text[match.end() :]).strip(" ,;")
    if not olc.isShort(code):
        return None
    if not locality:
        raise InvalidQuery(f"The Plus Code {code} is short: add the town it is near, e.g. '{code} Zurich'.")
    return ShortPlusCode(code, " ".join(locality.split()))


def recover_plus_code(short: ShortPlusCode, latitude: float, longitude: float) -> Coordinates:
    """The full code nearest a reference point, decoded."""
    return plus_code_centre(olc.recoverNearest(short.code, latitude, longitude))

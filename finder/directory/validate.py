"""Read a studio CSV, validate every row, and report each problem by its line number.

Nothing is lost: rows with errors are skipped and reported, good rows load however many
bad ones there are. The work is columnar (pandas over Arrow strings), so a million rows
load in seconds and well under a gigabyte.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import FinderError, GazetteerUnavailable
from ..geocoding.place import Place
from ..hours import known_timezone, read_hours
from ..safety import from_csv_cell, safe_url
from .csvread import _clean, read_columns, sniff
from .report import ERROR, WARNING, Collector, LoadReport, report_order
from .schema import KNOWN_COLUMNS, PRECISION_COLUMN, TIMEZONE_COLUMN

_TEXT_LIMIT = 5000
# Links this matches are certainly safe http(s) URLs; only the rest need a closer look.
_PLAIN_HTTP_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"
# 5 to 17 digits among spaces, dots, dashes, slashes, brackets and a leading +; an extension may follow.
_PHONE = re.compile(r"^\+?[()./\s-]*(?:\d[()./\s-]*){5,17}(?:(?:x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_BARE_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$", re.IGNORECASE)


class StructuredGeocoder(Protocol):
    """What the loader needs to place rows that have an address but no coordinates."""

    def place_structured(
        self, *, postal_code: str = "", city: str = "", region: str = "", country: str = ""
    ) -> Place | None: ...


@dataclass
class LoadedColumns:
    """The validated rows as columns, ready for a Directory."""

    frame: pd.DataFrame  # text columns (Arrow-backed strings) + numeric columns, every row read
    latitude: np.ndarray
    longitude: np.ndarray
    keep: np.ndarray  # which rows are valid (filtering is left to the Directory, which packs first)
    report: LoadReport


def _text(columns: dict[str, pa.ChunkedArray], name: str, length: int) -> pd.Series:
    if name in columns:
        series = pd.Series(columns[name], dtype=pd.ArrowDtype(pa.string()))
    else:
        series = pd.Series(
            pa.chunked_array([pa.repeat(pa.scalar("", pa.string()), length)]), dtype=pd.ArrowDtype(pa.string())
        )
    return series


def _shown(value: str, limit: int = 40) -> str:
    value = value.replace("\n", " ")
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


@lru_cache(maxsize=4096)  # distinct country spellings are few; the bound keeps hostile input from growing it
def _country_code(value: str) -> str | None:
    """An ISO alpha-2 code for what a spreadsheet may hold: 'us', 'USA', 'United States'."""
    text = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        code = text.upper()
        return "GB" if code == "UK" else code
    try:
        import pycountry

        return pycountry.countries.lookup(text).alpha_2
    except (ImportError, LookupError):
        return {"uk": "GB", "usa": "US", "u.s.a.": "US", "u.s.": "US"}.get(text.lower())


def _stable_id(name: str, postal_code: str, city: str, country: str) -> str:
    """The id of a row that has none: from its name and place, so it stays the same from load to load."""
    place = postal_code.casefold() or city.casefold()
    key = "|".join((" ".join(name.casefold().split()), " ".join(place.split()), country.upper()))
    return _hashed(key.encode("utf-8"))


def _hashed(key: bytes) -> str:
    return "s-" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]


#: What Python's str.split() splits ASCII text on (RE2's \s leaves out \v and \x1c-\x1f).
_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]+"


def _stable_ids(name: pa.Array, postal_code: pa.Array, city: pa.Array, country: pa.Array) -> pa.Array:
    """``_stable_id`` of every row, the same ids, with the text work done in Arrow where the row is ASCII
    (a million rows without ids: about 1.5 s instead of 11); other rows take the per-row path."""

    def spaced(values: pa.Array) -> pa.Array:  # " ".join(value.split())
        return pc.utf8_trim(pc.replace_substring_regex(values, _ASCII_SPACE, " "), " ")

    parts = (name, postal_code, city, country)
    ascii_rows = pc.and_(pc.and_(pc.string_is_ascii(name), pc.string_is_ascii(postal_code)), pc.string_is_ascii(city))
    ascii_rows = pc.and_(ascii_rows, pc.string_is_ascii(country))
    postal = pc.ascii_lower(postal_code)
    place = pc.if_else(pc.equal(postal, ""), pc.ascii_lower(city), postal)
    keys = pc.binary_join_element_wise(spaced(pc.ascii_lower(name)), spaced(place), pc.ascii_upper(country), "|").cast(
        pa.binary()
    )
    mask = ascii_rows.to_numpy(zero_copy_only=False)
    ids = [_hashed(key) for key in keys.to_pylist()] if mask.all() else []
    if not ids:
        columns = [part.to_pylist() for part in parts]
        ids = [
            _hashed(key) if plain else _stable_id(*row)
            for key, plain, row in zip(keys.to_pylist(), mask.tolist(), zip(*columns, strict=True), strict=True)
        ]
    return pa.array(ids, pa.string())


def _numeric(series: pd.Series) -> pd.Series:
    """Numbers from text; empty and unreadable values become NaN."""
    values = pa.chunked_array(series.array.__arrow_array__())
    blank = pc.equal(values, "")
    try:  # the common case, in Arrow: every non-empty value reads as a number
        numbers = pc.cast(pc.if_else(blank, pa.scalar(None, pa.string()), values), pa.float64())
        return pd.Series(numbers.to_numpy(zero_copy_only=False), index=series.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(series.astype(object).where(series != "", None), errors="coerce").astype("float64")


def _validate_coordinates(frame: pd.DataFrame, lines: np.ndarray, collect: Collector) -> np.ndarray:
    """Parse latitude/longitude; return the mask of rows with an error."""
    bad = np.zeros(len(frame), dtype=bool)
    lat_text, lon_text = frame["latitude"], frame["longitude"]
    latitude, longitude = _numeric(lat_text), _numeric(lon_text)
    for name, text, values, limit in (
        ("latitude", lat_text, latitude, 90.0),
        ("longitude", lon_text, longitude, 180.0),
    ):
        given = (text != "").to_numpy()
        number = values.to_numpy()
        not_number = given & ~np.isfinite(number) & ~np.isinf(number)
        out_of_range = given & np.isfinite(number) & (np.abs(number) > limit)
        out_of_range |= given & np.isinf(number)
        rows = np.flatnonzero(not_number)
        collect.add(
            lines[rows],
            name,
            ERROR,
            (f"{name} {_shown(text.iat[i])} is not a number; use decimal degrees like 30.2672" for i in rows),
        )
        rows = np.flatnonzero(out_of_range)
        collect.add(lines[rows], name, ERROR, (f"{name} {text.iat[i]} is outside -{limit:g}..{limit:g}" for i in rows))
        bad |= not_number | out_of_range
    lat_given = (lat_text != "").to_numpy()
    lon_given = (lon_text != "").to_numpy()
    only_one = lat_given ^ lon_given
    rows = np.flatnonzero(only_one)
    collect.add(
        lines[rows],
        "latitude",
        ERROR,
        (
            "has only one of latitude and longitude; give both, or leave both empty to place it by postal code or city"
            for _ in rows
        ),
    )
    bad |= only_one
    frame["latitude"] = latitude.where(~pd.Series(bad | ~(lat_given & lon_given)), np.nan).to_numpy()
    frame["longitude"] = longitude.where(~pd.Series(bad | ~(lat_given & lon_given)), np.nan).to_numpy()
    return bad


def _warn_and_drop(
    frame: pd.DataFrame, name: str, mask: np.ndarray, lines: np.ndarray, collect: Collector, message: str
) -> None:
    rows = np.flatnonzero(mask)
    if rows.size:
        values = frame[name]
        collect.add(lines[rows], name, WARNING, (message.format(value=_shown(values.iat[i])) for i in rows))
        frame.loc[mask, name] = ""


def _validate_links(frame: pd.DataFrame, lines: np.ndarray, collect: Collector) -> None:
    for name in ("website", "booking_url"):
        values = frame[name]
        plain = values.str.match(_PLAIN_HTTP_URL).fillna(False).to_numpy(dtype=bool)
        plain &= (values.str.len().fillna(0) <= 2048).to_numpy()
        given = np.flatnonzero((values != "").to_numpy() & ~plain)
        text = values.iloc[given].astype(object).to_numpy() if given.size else []
        fixed: dict[int, str] = {}
        dropped: list[int] = []
        for i, value in zip(given, text, strict=True):
            if safe_url(value):
                continue
            if "://" not in value and _BARE_DOMAIN.match(value) and safe_url("https://" + value):
                fixed[i] = "https://" + value
                collect.add(
                    [lines[i]], name, WARNING, [f"{name} {_shown(value)} has no http(s)://; using https://{value}"]
                )
            else:
                dropped.append(i)
                collect.add(
                    [lines[i]], name, WARNING, [f"{name} {_shown(value)} is not an http(s) link; it was left out"]
                )
        if fixed or dropped:
            column = values.astype(object).to_numpy(copy=True)
            for i, value in fixed.items():
                column[i] = value
            column[dropped] = ""
            frame[name] = pd.Series(column, index=frame.index, dtype=pd.ArrowDtype(pa.string()))


def _validate_optional(frame: pd.DataFrame, lines: np.ndarray, collect: Collector) -> None:
    """Checks whose failure keeps the row: the field is dropped (or fixed) with a warning."""
    _validate_links(frame, lines, collect)

    phone = frame["phone"]
    given = (phone != "").to_numpy()
    looks_like_phone = phone.str.match(_PHONE.pattern, case=False).fillna(False).to_numpy(dtype=bool)
    _warn_and_drop(
        frame,
        "phone",
        given & ~looks_like_phone,
        lines,
        collect,
        "phone {value} does not look like a phone number; it was left out",
    )

    price = _numeric(frame["price_from"])
    bad_price = (frame["price_from"] != "").to_numpy() & ~(price.to_numpy() >= 0)
    _warn_and_drop(
        frame,
        "price_from",
        bad_price,
        lines,
        collect,
        "price_from {value} is not a number like 80 or 95.50; it was left out",
    )
    frame["price_from"] = price.where(~pd.Series(bad_price, index=frame.index)).to_numpy()

    minutes = _numeric(frame["session_minutes"])
    values = minutes.to_numpy()
    bad_minutes = (frame["session_minutes"] != "").to_numpy() & ~(
        (values >= 1) & (values <= 600) & (np.floor(values) == values)
    )
    _warn_and_drop(
        frame,
        "session_minutes",
        bad_minutes,
        lines,
        collect,
        "session_minutes {value} is not a whole number of minutes (1-600); it was left out",
    )
    frame["session_minutes"] = pd.array(np.where(bad_minutes, np.nan, values), dtype="Int64")

    currency = frame["currency"].str.upper()
    frame["currency"] = currency
    bad_currency = (currency != "").to_numpy() & ~currency.str.match(_CURRENCY.pattern).fillna(False).to_numpy(
        dtype=bool
    )
    _warn_and_drop(
        frame,
        "currency",
        bad_currency,
        lines,
        collect,
        "currency {value} is not a 3-letter ISO code like USD; it was left out",
    )

    verified_text = frame["verified_on"]
    text = pa.chunked_array(verified_text.array.__arrow_array__())
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2026-02-30 over to March; a date is real only if it prints back as written.
    parsed = pc.if_else(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text), parsed, pa.scalar(None, parsed.type))
    days = pc.cast(pc.cast(parsed, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
    known = ~np.isnan(days) if days.dtype.kind == "f" else np.ones(len(days), dtype=bool)
    bad_date = (verified_text != "").to_numpy() & ~known
    _warn_and_drop(
        frame,
        "verified_on",
        bad_date,
        lines,
        collect,
        "verified_on {value} is not a date like 2026-03-31; it was left out",
    )
    frame["verified_on"] = np.where(known, np.nan_to_num(days, nan=-1), -1).astype(np.int32)  # days since 1970

    for name in ("name", "street", "city", "region", "hours", "description"):
        too_long = (frame[name].str.len().fillna(0) > _TEXT_LIMIT).to_numpy()
        rows = np.flatnonzero(too_long)
        if rows.size:
            collect.add(
                lines[rows],
                name,
                WARNING,
                (f"{name} is longer than {_TEXT_LIMIT} characters; it was shortened" for _ in rows),
            )
            frame[name] = frame[name].str.slice(0, _TEXT_LIMIT)


def _validate_hours(frame: pd.DataFrame, lines: np.ndarray, collect: Collector) -> None:
    """Hours that cannot be read are kept as text (status unknown) with a warning; so is a wrong time zone.

    Each distinct text is read once (and cached by finder.hours), so the loader parses a few dozen
    values however many rows share them.
    """
    codes, uniques = pd.factorize(frame["hours"])
    unreadable = [code for code, text in enumerate(uniques) if read_hours(text).kind == "unreadable"]
    for row in np.flatnonzero(np.isin(codes, unreadable)) if unreadable else ():
        collect.add([lines[row]], "hours", WARNING, [read_hours(uniques[codes[row]]).message()])
    codes, uniques = pd.factorize(frame[TIMEZONE_COLUMN])
    canonical = [known_timezone(name) if name else "" for name in uniques]
    if all(name == given for name, given in zip(canonical, uniques, strict=True)):
        return
    for row in np.flatnonzero(np.isin(codes, [code for code, name in enumerate(canonical) if name is None])):
        shown = _shown(uniques[codes[row]])
        message = f"timezone {shown} is not an IANA time zone like Europe/Berlin; it is taken from the coordinates"
        collect.add([lines[row]], TIMEZONE_COLUMN, WARNING, [message])
    names = np.array([*(name or "" for name in canonical), ""], dtype=object)[codes]  # code -1 (empty) -> ""
    frame[TIMEZONE_COLUMN] = pd.Series(list(names), index=frame.index, dtype=pd.ArrowDtype(pa.string()))


def _validate_country(frame: pd.DataFrame, lines: np.ndarray, collect: Collector) -> None:
    country = frame["country"]
    uniques = pd.unique(country.to_numpy())
    mapping = {value: ("" if value == "" else _country_code(value)) for value in uniques}
    unknown = {value for value, code in mapping.items() if code is None}
    if unknown:
        mask = country.isin(list(unknown)).to_numpy()
        rows = np.flatnonzero(mask)
        collect.add(
            lines[rows],
            "country",
            WARNING,
            (
                f"country {_shown(country.iat[i])} is not a country name or ISO code like US; it was left out"
                for i in rows
            ),
        )
    values = pa.chunked_array(country.array.__arrow_array__())
    if any(code != value for value, code in mapping.items()):
        originals = pa.array(list(mapping), pa.string())
        codes = pa.array([mapping[value] or "" for value in mapping], pa.string())
        values = pc.take(codes, pc.index_in(values, value_set=originals))
    frame["country"] = pd.Series(values, index=frame.index, dtype=pd.ArrowDtype(pa.string()))


#: Distinct places (postal code, city, region, country) a load looks up at most, those shared by the most rows
#: first; rows beyond are reported, not placed. A known town costs about 100 µs of CPU, an unknown one (with its
#: misspelling check) about 115 µs, so the lookups of a file of any size stay within a few seconds (measured by
#: `python -m finder bench`, "placing rows without coordinates": 1,000,000 rows, 52,000 places, 16 s in all).
MAX_DISTINCT_PLACES = 30_000


def _place_missing(
    frame: pd.DataFrame,
    lines: np.ndarray,
    need: np.ndarray,
    collect: Collector,
    geocoder: StructuredGeocoder | None,
    geocoder_problem: str | None,
) -> np.ndarray:
    """Place rows without coordinates by postal code or city, each distinct place once; return the failed rows."""
    failed = np.zeros(len(frame), dtype=bool)
    rows = np.flatnonzero(need)
    if not rows.size:
        return failed
    keys = frame[["postal_code", "city", "region", "country"]].iloc[rows]
    locatable = ((keys["postal_code"] != "") | (keys["city"] != "")).to_numpy()
    unlocatable = rows[~locatable]
    failed[unlocatable] = True
    message = "has nothing to locate it by; add latitude and longitude, or a postal code or city with a country"
    collect.add(lines[unlocatable], "latitude", ERROR, [message] * len(unlocatable))
    rows, keys = rows[locatable], keys[locatable]
    if geocoder is None:
        failed[rows] = True
        message = (
            f"has no coordinates and {geocoder_problem or 'no offline geocoder is available'}; "
            "add latitude and longitude"
        )
        collect.add(lines[rows], "latitude", ERROR, [message] * len(rows))
        if geocoder_problem and rows.size:
            collect.notices.append(
                f"{rows.size:,} listings without coordinates could not be placed: {geocoder_problem}. "
                "Every other listing is searchable."
            )
        return failed
    if rows.size:
        failed[rows] = _place_distinct(frame, lines[rows], rows, keys, collect, geocoder)
    return failed


def _place_distinct(
    frame: pd.DataFrame,
    row_lines: np.ndarray,
    rows: np.ndarray,
    keys: pd.DataFrame,
    collect: Collector,
    geocoder: StructuredGeocoder,
) -> np.ndarray:
    """Look up each distinct (postal code, city, region, country) once and spread the answers over its rows."""
    codes, first = _factorize_rows(keys)
    shared_by = np.bincount(codes, minlength=len(first))
    order = np.argsort(-shared_by, kind="stable")[:MAX_DISTINCT_PLACES]  # the places most rows share first
    columns = [pa.chunked_array(keys[name].array.__arrow_array__()).take(first[order]) for name in keys.columns]
    distinct = dict(zip(order.tolist(), zip(*(column.to_pylist() for column in columns), strict=True), strict=True))
    found, latitude, longitude, precision, failure = _look_up(distinct, len(first), geocoder)
    placed = found[codes]
    column = frame[PRECISION_COLUMN].astype(object).to_numpy(copy=True)
    column[rows[placed]] = precision[codes[placed]]
    for name, values in (("latitude", latitude), ("longitude", longitude)):
        updated = frame[name].to_numpy(copy=True)
        updated[rows[placed]] = values[codes[placed]]
        frame[name] = updated
    frame[PRECISION_COLUMN] = pd.Series(column, index=frame.index, dtype=pd.ArrowDtype(pa.string()))
    looked_up = list(distinct)[: failure.at if failure else None]
    messages = {index: _unplaced_message(distinct[index]) for index in looked_up if not found[index]}
    if failure is not None:  # the places not looked up because the gazetteer failed
        messages.update((index, failure.row(distinct[index])) for index in list(distinct)[failure.at :])
        failed_rows = int(np.isin(codes, list(distinct)[failure.at :]).sum())
        collect.notices.append(failure.notice(failed_rows))
    unplaced = np.flatnonzero(~placed)
    # A row past the cap is told one shared text: a million rows are reported in a second, not in seven.
    past_cap = (
        f"could not place this row: the file has more than {MAX_DISTINCT_PLACES:,} distinct places without "
        "coordinates, and only those shared by the most rows were looked up; add latitude and longitude"
    )
    lines = row_lines[unplaced]
    collect.add(lines, "latitude", ERROR, (messages.get(code, past_cap) for code in codes[unplaced].tolist()))
    return ~placed


@dataclass(frozen=True)
class _Failure:
    """The geocoder itself failed (a gazetteer damaged while the file loads) at the ``at``-th lookup."""

    at: int
    error: str

    def row(self, key: tuple[str, str, str, str]) -> str:
        where = _shown(", ".join(part for part in key if part), 60)
        return (
            f"could not place {where}: the offline place-name database failed while this file was loading "
            f"({self.error}); add latitude and longitude, or rebuild it with `make gazetteer` and load the file again"
        )

    def notice(self, rows: int) -> str:
        return (
            f"{rows:,} listings without coordinates could not be placed: the offline place-name database failed "
            f"while the studio file was loading ({self.error}). Rebuild it with `make gazetteer`; "
            "every other listing is searchable."
        )


def _look_up(
    distinct: dict[int, tuple[str, str, str, str]], count: int, geocoder: StructuredGeocoder
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, _Failure | None]:
    """(found, latitude, longitude, precision) per distinct place, and the geocoder's failure, if it failed.

    A place the geocoder cannot find is not found; a geocoder that cannot be used at all (its gazetteer
    damaged or deleted) stops the lookups there, and the rest are reported together.
    """
    found = np.zeros(count, dtype=bool)
    latitude, longitude = np.full(count, np.nan), np.full(count, np.nan)
    precision = np.empty(count, dtype=object)
    for at, (index, (postal_code, city, region, country)) in enumerate(distinct.items()):
        try:
            place = geocoder.place_structured(postal_code=postal_code, city=city, region=region, country=country)
        except GazetteerUnavailable as err:
            return found, latitude, longitude, precision, _Failure(at, str(err.__cause__ or err))
        except FinderError:
            place = None
        if place is not None:
            found[index] = True
            latitude[index], longitude[index], precision[index] = place.latitude, place.longitude, place.precision
    return found, latitude, longitude, precision, None


def _unplaced_message(key: tuple[str, str, str, str]) -> str:
    where = _shown(", ".join(part for part in key if part), 60)
    hint = "" if key[3] else " (a country code such as US would help)"
    return f"could not place {where}{hint}; add latitude and longitude, or check the postal code and city"


def _factorize_rows(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(a code per row, the first row of each code) for the distinct rows of string columns.

    Each column is factorized on its own (in Arrow), and the integer codes are combined a column at a
    time: a million rows in a fraction of a second, where a MultiIndex of Python tuples took seconds.
    """
    codes = np.zeros(len(keys), dtype=np.int64)
    for name in keys.columns:
        column, uniques = pd.factorize(keys[name])
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + column + 1)
    _, first = np.unique(codes, return_index=True)
    return codes, first


def _assign_ids(frame: pd.DataFrame, lines: np.ndarray, keep: np.ndarray, collect: Collector) -> np.ndarray:
    """Fill missing ids deterministically; return the mask of rows that duplicate an earlier id."""
    ids = pa.chunked_array(frame["id"].array.__arrow_array__())
    # Rows that are skipped anyway need no id.
    missing = np.flatnonzero(pc.equal(ids, "").to_numpy(zero_copy_only=False) & keep)
    if missing.size:
        parts = (
            pa.chunked_array(frame[name].array.__arrow_array__()).take(pa.array(missing)).combine_chunks()
            for name in ("name", "postal_code", "city", "country")
        )
        derived = _stable_ids(*parts)
        mask = np.zeros(len(ids), dtype=bool)
        mask[missing] = True
        ids = pa.chunked_array([pc.replace_with_mask(ids.combine_chunks(), pa.array(mask), derived)])
        frame["id"] = pd.Series(ids, index=frame.index, dtype=pd.ArrowDtype(pa.string()))
    # Only ids that occur more than once among the valid rows need a closer (Python) look.
    valid_ids = ids.filter(pa.array(keep))
    counts = pc.value_counts(valid_ids)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    duplicated = np.zeros(len(keep), dtype=bool)
    if len(repeated):
        suspects = np.flatnonzero(pc.is_in(ids, value_set=repeated).to_numpy(zero_copy_only=False) & keep)
        first_line: dict[str, int] = {}
        derived_rows = set(missing.tolist())
        suspect_ids = ids.take(pa.array(suspects)).to_pylist()
        for i, studio_id in zip(suspects, suspect_ids, strict=True):
            if studio_id not in first_line:
                first_line[studio_id] = int(lines[i])
                continue
            duplicated[i] = True
            first = first_line[studio_id]
            message = (
                f"same name and place as line {first}; give each studio its own id"
                if i in derived_rows
                else f"duplicate id {_shown(studio_id)} (first used on line {first})"
            )
            collect.add([lines[i]], "id", ERROR, [message])
    return duplicated


def load_columns(
    path: str | Path, *, geocoder: StructuredGeocoder | None = None, geocoder_problem: str | None = None
) -> LoadedColumns:
    """Read and validate a studio CSV into columns; raise DataFileError only for an unusable file."""
    path = Path(path)
    sniff(path)
    collect = Collector()
    columns, lines, rows_seen = read_columns(path, collect)
    return validate_columns(
        columns,
        lines,
        collect,
        source=str(path),
        rows_seen=rows_seen,
        geocoder=geocoder,
        geocoder_problem=geocoder_problem,
    )


def validate_columns(
    columns: dict[str, pa.ChunkedArray],
    lines: np.ndarray,
    collect: Collector,
    *,
    source: str,
    rows_seen: int,
    geocoder: StructuredGeocoder | None = None,
    geocoder_problem: str | None = None,
) -> LoadedColumns:
    """Every rule of the loader over rows given as string columns (a CSV's, or a suggestion's).

    ``lines`` says where each row starts (what problems are reported by); ``collect`` may already
    hold the reader's problems. This is the one validation the CSV loader and the suggestion
    form share (:func:`check_record`).
    """
    count = len(lines)
    _undo_neutralised_cells(columns)
    frame = pd.DataFrame({name: _text(columns, name, count) for name in KNOWN_COLUMNS})
    del columns

    empty_name = (frame["name"] == "").to_numpy()
    rows = np.flatnonzero(empty_name)
    collect.add(lines[rows], "name", ERROR, ("has no name; every listing needs one" for _ in rows))
    bad = empty_name | _validate_coordinates(frame, lines, collect)

    _validate_country(frame, lines, collect)
    _validate_optional(frame, lines, collect)
    _validate_hours(frame, lines, collect)
    pa.default_memory_pool().release_unused()

    has_coordinates = np.isfinite(frame["latitude"].to_numpy())
    given = pa.chunked_array(frame[PRECISION_COLUMN].array.__arrow_array__())
    coarse = pc.is_in(given, value_set=pa.array(["postal_code", "city", "region", "street"]))
    precision = pc.if_else(pc.and_(coarse, pa.array(has_coordinates)), given, "coordinates")
    frame[PRECISION_COLUMN] = pd.Series(precision, index=frame.index, dtype=pd.ArrowDtype(pa.string()))
    bad |= _place_missing(frame, lines, ~bad & ~has_coordinates, collect, geocoder, geocoder_problem)
    bad |= _assign_ids(frame, lines, ~bad, collect)

    keep = ~bad
    frame["line"] = lines
    problems = sorted(collect.problems, key=report_order)
    report = LoadReport(
        source=source, rows=rows_seen, valid=int(keep.sum()), problems=tuple(problems), notices=tuple(collect.notices)
    )
    latitude = frame.pop("latitude").to_numpy(dtype=np.float64)
    longitude = frame.pop("longitude").to_numpy(dtype=np.float64)
    return LoadedColumns(frame=frame, latitude=latitude, longitude=longitude, keep=keep, report=report)


def records_columns(records: Sequence[Mapping[str, str]]) -> dict[str, pa.ChunkedArray]:
    """Records ({column: text}) as the string columns :func:`validate_columns` takes, cleaned as the reader cleans."""
    columns: dict[str, pa.ChunkedArray] = {}
    for name in KNOWN_COLUMNS:
        values = pa.array([str(record.get(name) or "") for record in records], type=pa.string())
        columns[name] = pa.chunked_array([_clean(values)])
    return columns


def validate_records(
    records: Sequence[Mapping[str, str]],
    *,
    source: str,
    geocoder: StructuredGeocoder | None = None,
    geocoder_problem: str | None = None,
) -> LoadedColumns:
    """Records validated by the loader's rules; record ``i`` is reported as "line" ``i + 1``."""
    lines = np.arange(1, len(records) + 1, dtype=np.int64)
    return validate_columns(
        records_columns(records),
        lines,
        Collector(),
        source=source,
        rows_seen=len(records),
        geocoder=geocoder,
        geocoder_problem=geocoder_problem,
    )


def _undo_neutralised_cells(columns: dict[str, pa.ChunkedArray]) -> None:
    """Cells an export neutralised ("'+1 512 ...") read as they were written: what ``export`` writes loads back."""
    for name, column in columns.items():
        quoted = pc.starts_with(column, "'")
        if not pc.any(quoted).as_py():
            continue
        values = column.to_pylist()
        for i in np.flatnonzero(quoted.to_numpy(zero_copy_only=False)):
            values[i] = from_csv_cell(values[i])
        columns[name] = pa.chunked_array([pa.array(values, type=pa.string())])

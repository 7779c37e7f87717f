"""Read a studio CSV, validate every row, and report each problem by its line number.

Nothing is lost: rows with errors are skipped and reported, good rows load however many
bad ones there are. The work is columnar (pandas over Arrow strings), so a million rows
load in seconds and well under a gigabyte.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .errors import DataFileError, FinderError
from .geocoding.place import Place
from .safety import safe_url
from .studios import COLUMNS

ERROR = "error"
WARNING = "warning"

_TEXT_LIMIT = 5000
# Spreadsheet cells can be long; the csv module's default limit (131,072 characters) would reject them.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
_CHUNK_ROWS = 65_536
_HEADER_ALIASES = {
    "lat": "latitude", "lng": "longitude", "lon": "longitude", "long": "longitude",
    "zip": "postal_code", "zip_code": "postal_code", "zipcode": "postal_code", "postcode": "postal_code",
    "postal": "postal_code", "state": "region", "province": "region", "address": "street",
    "phone_number": "phone", "telephone": "phone", "url": "website", "web": "website",
    "booking": "booking_url", "style": "styles", "price": "price_from", "minutes": "session_minutes",
    "studio": "name", "studio_name": "name",
}
#: Extra column written by ``geocode-csv``: how exactly the coordinates are known.
PRECISION_COLUMN = "precision"
_KNOWN = (*COLUMNS, PRECISION_COLUMN)
_LONE_CR = re.compile(rb"\r(?!\n)")
_CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
# Links this matches are certainly safe http(s) URLs; only the rest need a closer look.
_PLAIN_HTTP_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"
# 5 to 17 digits among spaces, dots, dashes, slashes, brackets and a leading +; an extension may follow.
_PHONE = re.compile(r"^\+?[()./\s-]*(?:\d[()./\s-]*){5,17}(?:(?:x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_BARE_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the CSV: where, which field, how bad, and what to do."""

    line: int
    field: str
    severity: str  # "error" (row skipped) or "warning" (row kept, field dropped or fixed)
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class LoadReport:
    """What loading a CSV found: how many rows, how many loaded, and every problem."""

    source: str
    rows: int
    valid: int
    problems: tuple[Problem, ...] = ()

    @property
    def skipped(self) -> int:
        return self.rows - self.valid

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        text = f"{self.valid:,} of {self.rows:,} listings loaded from {self.source}"
        if self.skipped:
            text += f"; {self.skipped:,} skipped"
        if self.warnings:
            text += f"; {len(self.warnings):,} warnings"
        return text


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


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, lines: Iterable[int], field_name: str, severity: str, messages: Iterable[str]) -> None:
        self.problems.extend(
            Problem(int(line), field_name, severity, message)
            for line, message in zip(lines, messages, strict=True)
        )


# --- reading ---------------------------------------------------------------------------------


def _canonical_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())
    return _HEADER_ALIASES.get(key, key)


def _sniff(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError as err:
        raise DataFileError(
            f"No studio file at {path}. Check the path, or set FINDER_DATA to your CSV."
        ) from err
    except IsADirectoryError as err:
        raise DataFileError(f"{path} is a folder, not a CSV file.") from err
    except OSError as err:
        raise DataFileError(f"Could not read {path}: {err.strerror or err}.") from err
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise DataFileError(f"{path} is empty. It needs a header line (id,name,...) and one row per studio.")
    if b"\x00" in head:
        raise DataFileError(
            f"{path} is not a text CSV (it contains binary data). "
            "Export it as 'CSV UTF-8' from your spreadsheet and try again."
        )


def _has_control_bytes(block: bytes) -> bool:
    """True when the bytes hold a control character other than tab, LF and CR (counted, not searched)."""
    codes = np.frombuffer(block, dtype=np.uint8)
    allowed = block.count(b"\t") + block.count(b"\n") + block.count(b"\r")
    return int(np.count_nonzero(codes < 32)) + int(np.count_nonzero(codes == 127)) > allowed


def _undecodable_line(path: Path) -> int:
    """The line (header = 1) of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return data.count(b"\n", 0, err.start) + 1
    return 1


def _header_positions(path: Path, line: int, header: list[str]) -> dict[str, int]:
    """Where each known column sits in the header; raise DataFileError when there is no name column."""
    names = [_canonical_header(name) for name in header]
    if "name" not in names:
        shown = ", ".join(header[:6])[:120]
        raise DataFileError(
            f"{path} has no 'name' column (line {line} reads: {shown}). The first line must be "
            "the header, for example: " + ",".join(COLUMNS)
        )
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in _KNOWN and name not in positions:
            positions[name] = index
    return positions


def _read_columns(path: Path, collect: _Collector) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
    """Parse the CSV into Arrow string columns (known columns only) and the start line of each row.

    Well-formed files take Arrow's multi-threaded parser; any file it cannot account for line
    by line (blank lines, ragged rows, stray quotes, bad encoding) takes the exact path.
    """
    fast = _read_columns_arrow(path)
    if fast is not None:
        return fast
    return _read_columns_exact(path, collect)


def _clean(array: pa.Array | pa.ChunkedArray, *, controls: bool = True) -> pa.Array | pa.ChunkedArray:
    """Values trimmed, and (where the file has any) control characters removed."""
    if controls:
        array = pc.replace_substring_regex(array, _CONTROL_CHARS, "")
    if not pc.any(pc.match_substring_regex(array, r"^\s|\s$")).as_py():
        return array  # nothing to trim: no copy
    return pc.utf8_trim_whitespace(array)


def _read_columns_arrow(path: Path) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int] | None:
    """The fast path; None when the file is not plainly well-formed (the exact path then decides)."""
    with path.open("r", encoding="utf-8-sig", newline="", errors="replace") as handle:
        try:
            header = next(csv.reader(handle))
        except (StopIteration, csv.Error):
            return None
    if any("\n" in name or "\r" in name for name in header):
        return None
    names: list[str] = []
    for index, name in enumerate(_canonical_header(name) for name in header):
        names.append(name if name in _KNOWN and name not in names else f"__unused_{index}")
    if "name" not in names:
        return None
    wanted = [name for name in names if name in _KNOWN]
    invalid: list[object] = []

    def on_invalid(row: object) -> str:
        invalid.append(row)
        return "skip"

    newlines, controls, last = 0, False, b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            lone = _LONE_CR.search(block)
            if (last == b"\r" and not block.startswith(b"\n")) or (lone and lone.start() < len(block) - 1):
                return None  # an old-Mac line end: Arrow counts it as a line, so the count below would not hold
            newlines += block.count(b"\n")
            controls = controls or _has_control_bytes(block)
            last = block[-1:]
    chunks: dict[str, list[pa.Array]] = {name: [] for name in wanted}
    embedded_parts: list[np.ndarray] = []
    try:  # streamed block by block, so memory holds the cleaned columns and one raw block at a time
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=4 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in wanted}, include_columns=wanted,
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            embedded = np.zeros(batch.num_rows, dtype=np.int64)
            for name in wanted:
                column = batch.column(name)
                if pc.any(pc.match_substring(column, "\n")).as_py():
                    embedded += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
                chunks[name].append(_clean(column, controls=controls))
            embedded_parts.append(embedded)
            del batch
            pa.default_memory_pool().release_unused()
    except (pa.ArrowInvalid, OSError, UnicodeError):
        return None
    if invalid:
        return None
    embedded = np.concatenate(embedded_parts) if embedded_parts else np.zeros(0, dtype=np.int64)
    rows = len(embedded)
    ends_with_newline = last == b"\n"
    physical_lines = newlines + (0 if ends_with_newline else 1)
    if physical_lines != 1 + rows + int(embedded.sum()):
        return None  # blank lines or other lines the fast path cannot place
    lines = 2 + np.arange(rows, dtype=np.int64)
    if rows:
        lines[1:] += np.cumsum(embedded)[:-1]
    columns = {name: pa.chunked_array(parts, type=pa.string()) for name, parts in chunks.items()}
    return columns, lines, rows


def _read_columns_exact(path: Path, collect: _Collector) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
    """Python's csv module, row by row: exact line numbers for any file, and a report of broken rows."""
    positions: dict[str, int] = {}
    chunks: dict[str, list[pa.Array]] = {}
    line_chunks: list[np.ndarray] = []
    batch: list[list[str]] = []
    batch_lines: list[int] = []
    width = -1  # until the header is read
    rejected = unreadable = 0

    def flush() -> None:
        if not batch:
            return
        transposed = list(zip(*batch, strict=True))
        for name, index in positions.items():
            chunks[name].append(_clean(pa.array(transposed[index], type=pa.string())))
        line_chunks.append(np.asarray(batch_lines, dtype=np.int64))
        batch.clear()
        batch_lines.clear()

    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        last_line = 0
        while True:
            try:
                for fields in reader:
                    start, last_line = last_line + 1, reader.line_num
                    if len(fields) == width:  # the common case, kept tight
                        batch.append(fields)
                        batch_lines.append(start)
                        if len(batch) >= _CHUNK_ROWS:
                            flush()
                        continue
                    if not fields or (len(fields) == 1 and not fields[0].strip()):
                        continue  # a blank line
                    if width < 0:
                        width = len(fields)
                        positions = _header_positions(path, start, fields)
                        chunks = {name: [] for name in positions}
                        continue
                    if len(fields) > width and any(value.strip() for value in fields[width:]):
                        rejected += 1
                        collect.add(
                            [start], "", ERROR,
                            [f"has {len(fields)} fields but the header has {width}; a value containing "
                             "a comma must be wrapped in double quotes"],
                        )
                        continue
                    batch.append(fields[:width] + [""] * (width - len(fields)))
                    batch_lines.append(start)
                break
            except UnicodeDecodeError as err:
                raise DataFileError(
                    f"{path} is not UTF-8 text (line {_undecodable_line(path)}). "
                    "Save it as 'CSV UTF-8' in Excel or Google Sheets and try again."
                ) from err
            except csv.Error as err:
                unreadable += 1
                if "unexpected end of data" in str(err):
                    message = ("a double quote opened on this line is never closed, so the rest of the file was "
                               "read as one value; close the quote")
                else:
                    message = f"could not read this row ({err}); check its quotes"
                collect.add([last_line + 1], "", ERROR, [message])
                last_line = reader.line_num
    if width < 0:
        raise DataFileError(f"{path} has no rows.")
    flush()
    rows_seen = sum(len(part) for part in line_chunks) + rejected + unreadable
    if unreadable >= 3 and unreadable > rows_seen // 2:
        raise DataFileError(f"{path} does not look like a CSV file: most of its rows could not be read.")
    columns = {name: pa.chunked_array(parts, type=pa.string()) for name, parts in chunks.items()}
    lines = np.concatenate(line_chunks) if line_chunks else np.empty(0, dtype=np.int64)
    return columns, lines, rows_seen


# --- validating ------------------------------------------------------------------------------


def _text(columns: dict[str, pa.ChunkedArray], name: str, length: int) -> pd.Series:
    if name in columns:
        series = pd.Series(columns[name], dtype=pd.ArrowDtype(pa.string()))
    else:
        series = pd.Series(pa.chunked_array([pa.array([""] * length, type=pa.string())]),
                           dtype=pd.ArrowDtype(pa.string()))
    return series


def _shown(value: str, limit: int = 40) -> str:
    value = value.replace("\n", " ")
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


@cache
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
    place = postal_code.casefold() or city.casefold()
    key = "|".join((" ".join(name.casefold().split()), " ".join(place.split()), country.upper()))
    return "s-" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def _numeric(series: pd.Series) -> pd.Series:
    """Numbers from text; empty and unreadable values become NaN."""
    values = pa.chunked_array(series.array.__arrow_array__())
    blank = pc.equal(values, "")
    try:  # the common case, in Arrow: every non-empty value reads as a number
        numbers = pc.cast(pc.if_else(blank, pa.scalar(None, pa.string()), values), pa.float64())
        return pd.Series(numbers.to_numpy(zero_copy_only=False), index=series.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(series.astype(object).where(series != "", None), errors="coerce").astype("float64")


def _validate_coordinates(frame: pd.DataFrame, lines: np.ndarray, collect: _Collector) -> np.ndarray:
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
        collect.add(lines[rows], name, ERROR,
                    (f"{name} {_shown(text.iat[i])} is not a number; use decimal degrees like 30.2672"
                     for i in rows))
        rows = np.flatnonzero(out_of_range)
        collect.add(lines[rows], name, ERROR,
                    (f"{name} {text.iat[i]} is outside -{limit:g}..{limit:g}" for i in rows))
        bad |= not_number | out_of_range
    lat_given = (lat_text != "").to_numpy()
    lon_given = (lon_text != "").to_numpy()
    only_one = lat_given ^ lon_given
    rows = np.flatnonzero(only_one)
    collect.add(lines[rows], "latitude", ERROR,
                ("has only one of latitude and longitude; give both, or leave both empty to place it "
                 "by postal code or city" for _ in rows))
    bad |= only_one
    frame["latitude"] = latitude.where(~pd.Series(bad | ~(lat_given & lon_given)), np.nan).to_numpy()
    frame["longitude"] = longitude.where(~pd.Series(bad | ~(lat_given & lon_given)), np.nan).to_numpy()
    return bad


def _warn_and_drop(frame: pd.DataFrame, name: str, mask: np.ndarray, lines: np.ndarray,
                   collect: _Collector, message: str) -> None:
    rows = np.flatnonzero(mask)
    if rows.size:
        values = frame[name]
        collect.add(lines[rows], name, WARNING, (message.format(value=_shown(values.iat[i])) for i in rows))
        frame.loc[mask, name] = ""


def _validate_links(frame: pd.DataFrame, lines: np.ndarray, collect: _Collector) -> None:
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
                collect.add([lines[i]], name, WARNING,
                            [f"{name} {_shown(value)} has no http(s)://; using https://{value}"])
            else:
                dropped.append(i)
                collect.add([lines[i]], name, WARNING,
                            [f"{name} {_shown(value)} is not an http(s) link; it was left out"])
        if fixed or dropped:
            column = values.astype(object).to_numpy(copy=True)
            for i, value in fixed.items():
                column[i] = value
            column[dropped] = ""
            frame[name] = pd.Series(column, index=frame.index, dtype=pd.ArrowDtype(pa.string()))


def _validate_optional(frame: pd.DataFrame, lines: np.ndarray, collect: _Collector) -> None:
    """Checks whose failure keeps the row: the field is dropped (or fixed) with a warning."""
    _validate_links(frame, lines, collect)

    phone = frame["phone"]
    given = (phone != "").to_numpy()
    looks_like_phone = phone.str.match(_PHONE.pattern, case=False).fillna(False).to_numpy(dtype=bool)
    _warn_and_drop(frame, "phone", given & ~looks_like_phone, lines, collect,
                   "phone {value} does not look like a phone number; it was left out")

    price = _numeric(frame["price_from"])
    bad_price = (frame["price_from"] != "").to_numpy() & ~(price.to_numpy() >= 0)
    _warn_and_drop(frame, "price_from", bad_price, lines, collect,
                   "price_from {value} is not a number like 80 or 95.50; it was left out")
    frame["price_from"] = price.where(~pd.Series(bad_price, index=frame.index)).to_numpy()

    minutes = _numeric(frame["session_minutes"])
    values = minutes.to_numpy()
    bad_minutes = (frame["session_minutes"] != "").to_numpy() & ~(
        (values >= 1) & (values <= 600) & (np.floor(values) == values)
    )
    _warn_and_drop(frame, "session_minutes", bad_minutes, lines, collect,
                   "session_minutes {value} is not a whole number of minutes (1-600); it was left out")
    frame["session_minutes"] = pd.array(np.where(bad_minutes, np.nan, values), dtype="Int64")

    currency = frame["currency"].str.upper()
    frame["currency"] = currency
    bad_currency = (currency != "").to_numpy() & ~currency.str.match(_CURRENCY.pattern).fillna(False).to_numpy(
        dtype=bool)
    _warn_and_drop(frame, "currency", bad_currency, lines, collect,
                   "currency {value} is not a 3-letter ISO code like USD; it was left out")

    verified_text = frame["verified_on"]
    text = pa.chunked_array(verified_text.array.__arrow_array__())
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2026-02-30 over to March; a date is real only if it prints back as written.
    parsed = pc.if_else(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text), parsed,
                        pa.scalar(None, parsed.type))
    days = pc.cast(pc.cast(parsed, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
    known = ~np.isnan(days) if days.dtype.kind == "f" else np.ones(len(days), dtype=bool)
    bad_date = (verified_text != "").to_numpy() & ~known
    _warn_and_drop(frame, "verified_on", bad_date, lines, collect,
                   "verified_on {value} is not a date like 2026-03-31; it was left out")
    frame["verified_on"] = np.where(known, np.nan_to_num(days, nan=-1), -1).astype(np.int32)  # days since 1970

    for name in ("name", "street", "city", "region", "hours", "description"):
        too_long = (frame[name].str.len().fillna(0) > _TEXT_LIMIT).to_numpy()
        rows = np.flatnonzero(too_long)
        if rows.size:
            collect.add(lines[rows], name, WARNING,
                        (f"{name} is longer than {_TEXT_LIMIT} characters; it was shortened" for _ in rows))
            frame[name] = frame[name].str.slice(0, _TEXT_LIMIT)


def _validate_country(frame: pd.DataFrame, lines: np.ndarray, collect: _Collector) -> None:
    country = frame["country"]
    uniques = pd.unique(country.to_numpy())
    mapping = {value: ("" if value == "" else _country_code(value)) for value in uniques}
    unknown = {value for value, code in mapping.items() if code is None}
    if unknown:
        mask = country.isin(list(unknown)).to_numpy()
        rows = np.flatnonzero(mask)
        collect.add(lines[rows], "country", WARNING,
                    (f"country {_shown(country.iat[i])} is not a country name or ISO code like US; "
                     "it was left out" for i in rows))
    values = pa.chunked_array(country.array.__arrow_array__())
    if any(code != value for value, code in mapping.items()):
        originals = pa.array(list(mapping), pa.string())
        codes = pa.array([mapping[value] or "" for value in mapping], pa.string())
        values = pc.take(codes, pc.index_in(values, value_set=originals))
    frame["country"] = pd.Series(values, index=frame.index, dtype=pd.ArrowDtype(pa.string()))


def _place_missing(frame: pd.DataFrame, lines: np.ndarray, need: np.ndarray, collect: _Collector,
                   geocoder: StructuredGeocoder | None, geocoder_problem: str | None) -> np.ndarray:
    """Place rows without coordinates by postal code or city; return the mask of rows that failed."""
    failed = np.zeros(len(frame), dtype=bool)
    rows = np.flatnonzero(need)
    if not rows.size:
        return failed
    precision = frame[PRECISION_COLUMN].astype(object).to_numpy(copy=True)
    latitude = frame["latitude"].to_numpy(copy=True)
    longitude = frame["longitude"].to_numpy(copy=True)
    keys = frame[["postal_code", "city", "region", "country"]].iloc[rows]
    placed: dict[tuple[str, str, str, str], Place | None] = {}
    for i, key in zip(rows, keys.itertuples(index=False, name=None), strict=True):
        postal_code, city, region, country = key
        if not (postal_code or city):
            failed[i] = True
            collect.add([lines[i]], "latitude", ERROR,
                        ["has nothing to locate it by; add latitude and longitude, or a postal code or city "
                         "with a country"])
            continue
        if geocoder is None:
            failed[i] = True
            collect.add([lines[i]], "latitude", ERROR,
                        [f"has no coordinates and {geocoder_problem or 'no offline geocoder is available'}; "
                         "add latitude and longitude"])
            continue
        if key not in placed:
            try:
                placed[key] = geocoder.place_structured(
                    postal_code=postal_code, city=city, region=region, country=country
                )
            except FinderError:
                placed[key] = None
        place = placed[key]
        if place is None:
            failed[i] = True
            where = ", ".join(part for part in (postal_code, city, region, country) if part)
            hint = "" if country else " (a country code such as US would help)"
            collect.add([lines[i]], "latitude", ERROR,
                        [f"could not place {_shown(where, 60)}{hint}; add latitude and longitude, or check "
                         "the postal code and city"])
            continue
        latitude[i], longitude[i], precision[i] = place.latitude, place.longitude, place.precision
    frame["latitude"] = latitude
    frame["longitude"] = longitude
    frame[PRECISION_COLUMN] = pd.Series(precision, index=frame.index, dtype=pd.ArrowDtype(pa.string()))
    return failed


def _assign_ids(frame: pd.DataFrame, lines: np.ndarray, keep: np.ndarray, collect: _Collector) -> np.ndarray:
    """Fill missing ids deterministically; return the mask of rows that duplicate an earlier id."""
    ids = pa.chunked_array(frame["id"].array.__arrow_array__())
    missing = np.flatnonzero(pc.equal(ids, "").to_numpy(zero_copy_only=False))
    if missing.size:
        parts = frame[["name", "postal_code", "city", "country"]].iloc[missing]
        derived = pa.array([_stable_id(*row) for row in parts.itertuples(index=False, name=None)], pa.string())
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
            message = (f"same name and place as line {first}; give each studio its own id" if i in derived_rows
                       else f"duplicate id {_shown(studio_id)} (first used on line {first})")
            collect.add([lines[i]], "id", ERROR, [message])
    return duplicated


def load_columns(path: str | Path, *, geocoder: StructuredGeocoder | None = None,
                 geocoder_problem: str | None = None) -> LoadedColumns:
    """Read and validate a studio CSV into columns; raise DataFileError only for an unusable file."""
    path = Path(path)
    _sniff(path)
    collect = _Collector()
    columns, lines, rows_seen = _read_columns(path, collect)
    count = len(lines)
    frame = pd.DataFrame({name: _text(columns, name, count) for name in _KNOWN})
    del columns

    empty_name = (frame["name"] == "").to_numpy()
    rows = np.flatnonzero(empty_name)
    collect.add(lines[rows], "name", ERROR, ("has no name; every listing needs one" for _ in rows))
    bad = empty_name | _validate_coordinates(frame, lines, collect)

    _validate_country(frame, lines, collect)
    _validate_optional(frame, lines, collect)
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
    problems = sorted(collect.problems, key=lambda p: (p.line, p.severity != ERROR, p.field))
    report = LoadReport(source=str(path), rows=rows_seen, valid=int(keep.sum()), problems=tuple(problems))
    latitude = frame.pop("latitude").to_numpy(dtype=np.float64)
    longitude = frame.pop("longitude").to_numpy(dtype=np.float64)
    return LoadedColumns(frame=frame, latitude=latitude, longitude=longitude, keep=keep, report=report)

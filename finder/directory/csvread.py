"""Read a studio CSV into Arrow string columns, with the line each row starts on.

Well-formed files take Arrow's streaming, multi-threaded parser; a file it cannot account for
line by line (blank lines, ragged rows, stray quotes, old Mac line ends, bad encoding) takes
Python's csv module, which is exact for any file and reports each unreadable row.
"""

from __future__ import annotations

import csv
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataFileError
from .report import ERROR, Collector
from .schema import COLUMNS, KNOWN_COLUMNS

# Spreadsheet cells can be long; the csv module's default limit (131,072 characters) would reject them.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
_CHUNK_ROWS = 65_536
_HEADER_ALIASES = {
    "lat": "latitude",
    "lng": "longitude",
    "lon": "longitude",
    "long": "longitude",
    "zip": "postal_code",
    "zip_code": "postal_code",
    "zipcode": "postal_code",
    "postcode": "postal_code",
    "postal": "postal_code",
    "state": "region",
    "province": "region",
    "address": "street",
    "phone_number": "phone",
    "telephone": "phone",
    "url": "website",
    "web": "website",
    "booking": "booking_url",
    "style": "styles",
    "price": "price_from",
    "minutes": "session_minutes",
    "studio": "name",
    "studio_name": "name",
}
_LONE_CR = re.compile(rb"\r(?!\n)")
_CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def canonical_header(name: str) -> str:
    """The column a header cell names: "Lat" -> "latitude", "ZIP code" -> "postal_code"."""
    key = re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())
    return _HEADER_ALIASES.get(key, key)


def _read_head(path: Path) -> bytes:
    """The first 4 KB of a regular file; DataFileError for anything else (a pipe would block forever)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DataFileError(f"{path} is a folder, not a CSV file.")
        if not stat.S_ISREG(mode):
            raise DataFileError(f"{path} is not a regular file (it is a pipe, socket or device); name a CSV file.")
        with path.open("rb") as handle:
            return handle.read(4096)
    except FileNotFoundError as err:
        raise DataFileError(f"No studio file at {path}. Check the path, or set FINDER_DATA to your CSV.") from err
    except DataFileError:
        raise
    except OSError as err:
        raise DataFileError(f"Could not read {path}: {err.strerror or err}.") from err


def sniff(path: Path) -> None:
    """Refuse, with a message for people, a path that is missing, not a regular file, empty or binary."""
    head = _read_head(path)
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


_SURROGATE = re.compile("[\udc80-\udcff]")


def _undecodable(fields: list[str]) -> bool:
    """True when a field holds a byte that was not UTF-8 (kept aside as a lone surrogate)."""
    return any(not value.isascii() and _SURROGATE.search(value) for value in fields)


def _undecodable_message(fields: list[str]) -> str:
    value = next(value for value in fields if not value.isascii() and _SURROGATE.search(value))
    at = _SURROGATE.search(value).start()  # type: ignore[union-attr]
    context = _SURROGATE.sub("?", value[max(0, at - 15) : at + 15])
    byte = ord(value[at]) - 0xDC00
    return (
        f"is not UTF-8 text (byte 0x{byte:02X} in {context!r}); save the file as 'CSV UTF-8' from your "
        "spreadsheet, or retype that character; this row was skipped"
    )


def _header_positions(path: Path, line: int, header: list[str]) -> dict[str, int]:
    """Where each known column sits in the header; raise DataFileError when there is no name column."""
    names = [canonical_header(name) for name in header]
    if "name" not in names:
        shown = ", ".join(header[:6])[:120]
        raise DataFileError(
            f"{path} has no 'name' column (line {line} reads: {shown}). The first line must be "
            "the header, for example: " + ",".join(COLUMNS)
        )
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in KNOWN_COLUMNS and name not in positions:
            positions[name] = index
    return positions


def read_columns(path: Path, collect: Collector) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
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
    # RE2's \s is ASCII only; the trim below is Unicode's (NEL, NBSP, U+2028...), so look for all of those.
    if not pc.any(pc.match_substring_regex(array, r"^[\s\pZ\x{85}]|[\s\pZ\x{85}]$")).as_py():
        return array  # nothing to trim: no copy
    return pc.utf8_trim_whitespace(array)


@dataclass(frozen=True)
class _ByteScan:
    """What the raw bytes say: how many line feeds, whether control characters occur, the last byte."""

    newlines: int
    controls: bool
    last: bytes


def _arrow_names(path: Path) -> list[str] | None:
    """Arrow's column names for the header (unknown or repeated columns renamed away), or None."""
    with path.open("r", encoding="utf-8-sig", newline="", errors="replace") as handle:
        try:
            header = next(csv.reader(handle))
        except (StopIteration, csv.Error):
            return None
    if any("\n" in name or "\r" in name for name in header):
        return None
    names: list[str] = []
    for index, name in enumerate(canonical_header(name) for name in header):
        names.append(name if name in KNOWN_COLUMNS and name not in names else f"__unused_{index}")
    return names if "name" in names else None


def _scan_bytes(path: Path) -> _ByteScan | None:
    """Count line feeds and look for control bytes; None for an old-Mac line end (a lone CR)."""
    newlines, controls, last = 0, False, b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            lone = _LONE_CR.search(block)
            if (last == b"\r" and not block.startswith(b"\n")) or (lone and lone.start() < len(block) - 1):
                return None  # Arrow counts a lone CR as a line, so the line count would not hold
            newlines += block.count(b"\n")
            controls = controls or _has_control_bytes(block)
            last = block[-1:]
    return _ByteScan(newlines, controls, last)


def _stream_arrow(
    path: Path, names: list[str], *, controls: bool
) -> tuple[dict[str, pa.ChunkedArray], np.ndarray] | None:
    """The known columns, cleaned, and the line feeds inside each row's values; None if Arrow balks."""
    wanted = [name for name in names if name in KNOWN_COLUMNS]
    chunks: dict[str, list[pa.Array]] = {name: [] for name in wanted}
    embedded_parts: list[np.ndarray] = []
    try:  # streamed block by block, so memory holds the cleaned columns and one raw block at a time
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=4 << 20),
            # No invalid-row handler: a ragged row raises ArrowInvalid and the exact path takes the file.
            # (pyarrow decodes the row for a handler, and raises inside it when the row is not UTF-8.)
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in wanted},
                include_columns=wanted,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
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
    embedded = np.concatenate(embedded_parts) if embedded_parts else np.zeros(0, dtype=np.int64)
    return {name: pa.chunked_array(parts, type=pa.string()) for name, parts in chunks.items()}, embedded


def _read_columns_arrow(path: Path) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int] | None:
    """The fast path; None when the file is not plainly well-formed (the exact path then decides)."""
    names = _arrow_names(path)
    scan = _scan_bytes(path) if names is not None else None
    streamed = _stream_arrow(path, names, controls=scan.controls) if scan is not None else None
    if streamed is None:
        return None
    columns, embedded = streamed
    rows = len(embedded)
    physical_lines = scan.newlines + (0 if scan.last == b"\n" else 1)
    if physical_lines != 1 + rows + int(embedded.sum()):
        return None  # blank lines or other lines the fast path cannot place
    lines = 2 + np.arange(rows, dtype=np.int64)
    if rows:
        lines[1:] += np.cumsum(embedded)[:-1]
    return columns, lines, rows


class _ExactReader:
    """The rows read so far by the csv module: columns in batches, start lines, and what was rejected."""

    def __init__(self, path: Path, collect: Collector, *, check_encoding: bool = False) -> None:
        self.path, self.collect, self.check_encoding = path, collect, check_encoding
        self.undecodable = 0
        self.positions: dict[str, int] = {}
        self.chunks: dict[str, list[pa.Array]] = {}
        self.line_chunks: list[np.ndarray] = []
        self.batch: list[list[str]] = []
        self.batch_lines: list[int] = []
        self.width = -1  # until the header is read
        self.rejected = self.unreadable = 0

    def add(self, fields: list[str], start: int) -> None:
        """One record that starts on line ``start``: the header, a row, a blank line or a ragged row."""
        if self.check_encoding and _undecodable(fields):
            if self.width < 0:  # the header itself: the whole file is in another encoding
                raise DataFileError(
                    f"{self.path} is not UTF-8 text (line {start}). "
                    "Save it as 'CSV UTF-8' in Excel or Google Sheets and try again."
                )
            self.undecodable += 1
            self.collect.add([start], "", ERROR, [_undecodable_message(fields)])
        elif len(fields) == self.width:  # the common case, kept tight
            self.batch.append(fields)
            self.batch_lines.append(start)
            if len(self.batch) >= _CHUNK_ROWS:
                self.flush()
        elif not fields or (len(fields) == 1 and not fields[0].strip()):
            pass  # a blank line
        elif self.width < 0:
            self.width = len(fields)
            self.positions = _header_positions(self.path, start, fields)
            self.chunks = {name: [] for name in self.positions}
        elif len(fields) > self.width and any(value.strip() for value in fields[self.width :]):
            self.rejected += 1
            message = (
                f"has {len(fields)} fields but the header has {self.width}; a value containing "
                "a comma must be wrapped in double quotes"
            )
            self.collect.add([start], "", ERROR, [message])
        else:
            self.batch.append(fields[: self.width] + [""] * (self.width - len(fields)))
            self.batch_lines.append(start)

    def unreadable_row(self, line: int, err: csv.Error) -> None:
        self.unreadable += 1
        if "unexpected end of data" in str(err):
            message = (
                "a double quote opened on this line is never closed, so the rest of the file was "
                "read as one value; close the quote"
            )
        else:
            message = f"could not read this row ({err}); check its quotes"
        self.collect.add([line], "", ERROR, [message])

    def flush(self) -> None:
        if not self.batch:
            return
        transposed = list(zip(*self.batch, strict=True))
        for name, index in self.positions.items():
            self.chunks[name].append(_clean(pa.array(transposed[index], type=pa.string())))
        self.line_chunks.append(np.asarray(self.batch_lines, dtype=np.int64))
        self.batch.clear()
        self.batch_lines.clear()

    def result(self) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
        if self.width < 0:
            raise DataFileError(f"{self.path} has no rows.")
        self.flush()
        rows_seen = sum(len(part) for part in self.line_chunks) + self.rejected + self.unreadable + self.undecodable
        if self.undecodable >= 3 and self.undecodable > rows_seen // 2:
            raise DataFileError(
                f"{self.path} is not UTF-8 text (line {_undecodable_line(self.path)}). "
                "Save it as 'CSV UTF-8' in Excel or Google Sheets and try again."
            )
        if self.unreadable >= 3 and self.unreadable > rows_seen // 2:
            raise DataFileError(f"{self.path} does not look like a CSV file: most of its rows could not be read.")
        columns = {name: pa.chunked_array(parts, type=pa.string()) for name, parts in self.chunks.items()}
        lines = np.concatenate(self.line_chunks) if self.line_chunks else np.empty(0, dtype=np.int64)
        return columns, lines, rows_seen


def _read_columns_exact(path: Path, collect: Collector) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
    """Python's csv module, row by row: exact line numbers for any file, and a report of broken rows.

    A file that is not all UTF-8 is read again with each undecodable byte kept aside: the rows that
    hold one are reported by line and skipped, the rest load (a whole file in another encoding is refused).
    """
    try:
        return _read_exact(path, collect, check_encoding=False)
    except UnicodeDecodeError:
        return _read_exact(path, collect, check_encoding=True)


def _read_exact(
    path: Path, collect: Collector, *, check_encoding: bool
) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, int]:
    found = Collector()  # kept apart until the pass succeeds, so a restarted pass reports nothing twice
    rows = _ExactReader(path, found, check_encoding=check_encoding)
    errors = "surrogateescape" if check_encoding else "strict"
    with path.open("r", encoding="utf-8-sig", newline="", errors=errors) as handle:
        reader = csv.reader(handle, strict=True)
        last_line = 0
        while True:
            try:
                for fields in reader:
                    start, last_line = last_line + 1, reader.line_num
                    rows.add(fields, start)
                break
            except csv.Error as err:
                rows.unreadable_row(last_line + 1, err)
                last_line = reader.line_num
    result = rows.result()
    collect.problems.extend(found.problems)
    return result

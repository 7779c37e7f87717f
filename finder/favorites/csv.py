"""A favourites list as CSV: export, and import that reports each bad row by its line.

Exported cells go through ``finder.safety.csv_cell`` so a spreadsheet never runs a formula;
an import undoes exactly that (``finder.safety.from_csv_cell``) and reports each bad row by
its line while the good ones are added.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from ..geo import decimal_number
from ..safety import csv_cell, from_csv_cell, safe_url
from .model import Favorite, ImportResult, as_utc, clean_text, studio_id_problem

_MAX_IMPORT_CHARS = 2_000_000
_MAX_IMPORT_ROWS = 5_000

#: The columns of an exported list, in order; an import needs studio_id, name, latitude and longitude.
EXPORT_COLUMNS = ("studio_id", "name", "address", "latitude", "longitude", "phone", "website", "starred_at")
_REQUIRED_COLUMNS = ("studio_id", "name", "latitude", "longitude")


def export_csv(favorites: Iterable[Favorite]) -> str:
    """Header + one row per favourite; no cell can start a spreadsheet formula."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)  # a delimiter inside a cell never splits it
    writer.writerow([csv_cell(column) for column in EXPORT_COLUMNS])
    for fav in favorites:
        cells = (
            fav.studio_id,
            fav.name,
            fav.address,
            repr(fav.latitude),
            repr(fav.longitude),
            fav.phone,
            fav.website,
            fav.starred_at.isoformat(),
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    return buffer.getvalue()


def parse_import(list_id: str, text: str, result: ImportResult) -> list[Favorite]:
    """Validate the rows of an imported CSV; good rows are returned, bad ones reported in ``result``."""
    problem = _unusable(text)
    if problem:
        result.problems.append(problem)
        return []
    text = text.removeprefix("\ufeff")  # a byte-order mark from spreadsheet programs
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _read_header(reader, result.problems)
    if header is None:
        return []
    position, width = header
    rows: list[Favorite] = []
    now = datetime.now(UTC)
    for line, cells in _records(reader, result.problems, width=width):
        if len(rows) >= _MAX_IMPORT_ROWS:
            result.problems.append(
                f"line {line}: only {_MAX_IMPORT_ROWS} favourites can be imported at once; "
                "this row and the ones after it were not imported."
            )
            break
        values = {column: from_csv_cell(cells[i] if i < len(cells) else "") for column, i in position.items()}
        row = _import_row(list_id, line, values, now, result.problems)
        if row is not None:
            rows.append(row)
    return rows


def _unusable(text: object) -> str:
    """Why the whole file cannot be imported, or "" when it can be read."""
    if not isinstance(text, str) or not text.strip():
        return "line 1: the file is empty; export a list to see what a file should hold."
    if len(text) > _MAX_IMPORT_CHARS:
        return f"line 1: the file is larger than {_MAX_IMPORT_CHARS // 1_000_000} MB; split it into smaller files."
    return ""


def _read_header(reader: Iterator[list[str]], problems: list[str]) -> tuple[dict[str, int], int] | None:
    """Where each export column sits and how many columns the header has, or None (with the reason)
    when a required one is missing."""
    try:
        header = [from_csv_cell(cell).strip().lower() for cell in next(reader)]
    except csv.Error as err:
        problems.append(f"line 1: the header cannot be read as CSV ({err}).")
        return None
    missing = [column for column in _REQUIRED_COLUMNS if column not in header]
    if missing:
        problems.append(f"line 1: the header lacks {', '.join(missing)}; the columns are {', '.join(EXPORT_COLUMNS)}.")
        return None
    return {column: header.index(column) for column in EXPORT_COLUMNS if column in header}, len(header)


def _records(reader: Iterator[list[str]], problems: list[str], width: int) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each non-blank record after the header; stops, and says so, at unreadable CSV.

    A record that swallowed the rows after it (a double quote never closed) is reported, not imported.
    """
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problems.append(f"line {start}: not valid CSV ({err}); the rest of the file was skipped.")
            return
        line, start = start, reader.line_num + 1
        if _swallowed_rows(cells, width, reader.dialect.delimiter):
            problems.append(
                f"line {line}: a double quote opened on this line is not closed where the value ends, so lines "
                f"{line} to {start - 1} were read as one value; close the quote and import the file again "
                "(these lines were not imported)."
            )
        elif any(cell.strip() for cell in cells):
            yield line, cells


def _swallowed_rows(cells: list[str], width: int, delimiter: str) -> bool:
    """Whether a value holds whole rows: a line inside it with as many delimiters as a row of the file."""
    return width > 1 and any(
        part.count(delimiter) >= width - 1 for cell in cells if "\n" in cell for part in cell.split("\n")[1:]
    )


def _import_row(list_id: str, line: int, values: dict[str, str], now: datetime, problems: list[str]) -> Favorite | None:
    # Text is kept as written (no stripping), so an export imports back exactly.
    studio_id, name = _identity(line, values, problems)
    coordinates = _coordinates(line, values, problems) if studio_id else None
    if coordinates is None:
        return None
    website = values.get("website", "").strip()
    if website and safe_url(website) is None:
        problems.append(
            f"line {line}: website {website[:80]!r} is not an http(s) link; the favourite was imported without it."
        )
        website = ""
    return Favorite(
        list_id=list_id,
        studio_id=studio_id,
        name=name,
        address=clean_text(values.get("address", "")),
        latitude=coordinates[0],
        longitude=coordinates[1],
        phone=clean_text(values.get("phone", "")),
        website=clean_text(website),
        starred_at=_starred_at(line, values.get("starred_at", "").strip(), now, problems),
    )


def _identity(line: int, values: dict[str, str], problems: list[str]) -> tuple[str, str]:
    """The studio id and name, or ("", "") with the reason when the row cannot be a favourite."""
    studio_id = values["studio_id"]  # kept exactly, or refused: a changed id could never be unstarred
    name = clean_text(values["name"])
    problem = studio_id_problem(studio_id)
    if not studio_id.strip():
        problems.append(f"line {line}: studio_id is empty; every favourite needs the id of its studio.")
    elif problem:
        problems.append(f"line {line}: studio_id {problem.removeprefix('its id ')}; the row was not imported.")
    elif not name.strip():
        problems.append(f"line {line}: name is empty; every favourite needs the studio's name.")
    else:
        return studio_id, name
    return "", ""


def _coordinates(line: int, values: dict[str, str], problems: list[str]) -> tuple[float, float] | None:
    """Latitude and longitude as decimal degrees in ASCII digits, or None with the reason."""
    coordinates = []
    for column, bound in (("latitude", 90.0), ("longitude", 180.0)):
        raw = values[column].strip()
        number = decimal_number(raw)
        if number is None:
            problems.append(f"line {line}: {column} {raw[:40]!r} is not a number.")
            return None
        if not math.isfinite(number) or abs(number) > bound:
            problems.append(f"line {line}: {column} {raw[:40]} is outside -{bound:g}..{bound:g}.")
            return None
        coordinates.append(number)
    return coordinates[0], coordinates[1]


def _starred_at(line: int, raw: str, now: datetime, problems: list[str]) -> datetime:
    """When the favourite was starred (UTC); ``now`` when the cell is empty or not a real date and time."""
    if not raw:
        return now
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        reason = "is not a date and time"
    else:
        try:
            return as_utc(parsed) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError as err:  # 9999-12-31T23:59:59-23:59 is in the year 10000 in UTC
            reason = f"cannot be a date ({err})"
    problems.append(f"line {line}: starred_at {raw[:40]!r} {reason}; the favourite was imported with today's date.")
    return now

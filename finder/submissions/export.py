"""The directory as it now stands (CSV plus approved changes) as a CSV in the loader's schema.

Text cells are neutralised (:func:`finder.safety.csv_cell`), so a spreadsheet cannot run one as a
formula; the loader reads them back as written. Numbers and dates are written as numbers and dates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..directory.schema import COLUMNS, PRECISION_COLUMN, Studio
from ..safety import csv_cell
from .model import studio_record

HEADER = (*COLUMNS, PRECISION_COLUMN)
#: Validated numbers and dates: written as they are (a leading minus is a number, not a formula).
_NUMERIC = frozenset({"latitude", "longitude", "price_from", "session_minutes", "verified_on"})


def write_directory_csv(studios: Iterable[Studio], out: TextIO) -> int:
    """Write one row per studio; return how many."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for studio in studios:
        record = studio_record(studio)
        writer.writerow([record[c] if c in _NUMERIC else csv_cell(record[c]) for c in HEADER])
        count += 1
    return count


def export_directory(studios: Iterable[Studio], path: Path) -> int:
    """Write the CSV to ``path`` (UTF-8 with a BOM, so Excel reads it as UTF-8) through a temporary file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8-sig", newline="") as out:
        count = write_directory_csv(studios, out)
    partial.replace(path)
    return count

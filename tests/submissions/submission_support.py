"""Shared pieces of the suggestion tests (a module with its own name, so test files can import it
without clashing with the conftest modules of other test folders)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from finder.directory.schema import COLUMNS

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "data" / "studios.csv"


def write_rows(path: Path, rows: Sequence[Mapping[str, str]], columns: Sequence[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path

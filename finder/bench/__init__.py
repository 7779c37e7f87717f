"""Benchmarks for ``python -m finder bench``: a BenchRow type and the one registry the CLI fills.

Each section (search, geocoding, favourites, the app) is a function that measures and returns rows;
the CLI registers them, runs them in order, and prints a table or JSON. A section that fails becomes
one "not measured" row, so the others still report. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from typing import TextIO


@dataclass(frozen=True, slots=True)
class BenchRow:
    """One measurement: what, how much, in which unit, the bar it must meet, and a note."""

    name: str
    value: float
    unit: str
    bar: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", round(float(self.value), 4))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


#: A section: ``quick`` skips its slowest rows.
Section = Callable[[bool], list[BenchRow]]


class Registry:
    """Benchmark sections by name, run in the order they were added."""

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def add(self, name: str, section: Section) -> None:
        self._sections[name] = section

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._sections)

    def run(self, *, quick: bool = False, progress: TextIO | None = None, only: Collection[str] = ()) -> list[BenchRow]:
        """Every section's rows (or those of the sections named in ``only``); a section that fails is one
        row saying why, and the rest still run."""
        unknown = sorted(set(only) - set(self._sections))
        if unknown:
            raise ValueError(f"no benchmark section {unknown[0]!r}; the sections are: {', '.join(self._sections)}")
        rows: list[BenchRow] = []
        for name, section in self._sections.items():
            if only and name not in only:
                continue
            if progress:
                progress.write(f"bench: {name}...\n")
            try:
                rows.extend(section(quick))
            except Exception as error:  # a failing section must not hide the others
                rows.append(BenchRow(f"{name}: not measured", math.nan, "", "", f"{type(error).__name__}: {error}"))
        return rows


def format_table(rows: list[BenchRow]) -> str:
    width = max(len(row.name) for row in rows) if rows else 10
    lines = [f"{'measurement':<{width}}  {'value':>12}  {'unit':<4}  bar", "-" * (width + 32)]
    for row in rows:
        shown = f"{row.value:,.3f}" if math.isfinite(row.value) else "—"
        note = f"  ({row.note})" if row.note else ""
        lines.append(f"{row.name:<{width}}  {shown:>12}  {row.unit:<4}  {row.bar}{note}")
    return "\n".join(lines) + "\n"


__all__ = ["BenchRow", "Registry", "Section", "format_table"]

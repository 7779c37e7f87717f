"""The benchmark registry: every section reports, a failing one becomes a row, and the table prints them."""

from __future__ import annotations

import math

from finder.bench import BenchRow, Registry, format_table
from finder.cli import bench_registry


def test_sections_run_in_order_and_a_failure_is_one_row():
    registry = Registry()
    registry.add("fast", lambda quick: [BenchRow("fast thing", 1.23456789, "ms", "≤ 2 ms")])

    def broken(quick: bool) -> list[BenchRow]:
        raise RuntimeError("no data")

    registry.add("broken", broken)
    registry.add("quick-aware", lambda quick: [BenchRow("skipped when quick" if quick else "full", 2, "s")])
    rows = registry.run(quick=True)
    assert [row.name for row in rows] == ["fast thing", "broken: not measured", "skipped when quick"]
    assert rows[0].value == 1.2346
    assert math.isnan(rows[1].value) and rows[1].note == "RuntimeError: no data"
    table = format_table(rows)
    assert "fast thing" in table and "—" in table and "(RuntimeError: no data)" in table


def test_the_cli_registers_every_section():
    assert bench_registry().names == (
        "search and loading",
        "opening hours",
        "geocoding",
        "placing rows without coordinates",
        "favourites",
        "app",
        "suggestions",
    )


def test_rows_print_as_json_objects():
    assert BenchRow("x", 1, "ms").as_dict() == {"name": "x", "value": 1.0, "unit": "ms", "bar": "", "note": ""}

"""The benchmark registry: every section reports, a failing one becomes a row, and the table prints them."""

from __future__ import annotations

import math

import pytest

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


def test_only_the_sections_asked_for_run_and_an_unknown_name_says_which_exist():
    registry = Registry()
    registry.add("one", lambda quick: [BenchRow("first", 1, "ms")])
    registry.add("two", lambda quick: [BenchRow("second", 2, "ms")])
    assert [row.name for row in registry.run(only=["two"])] == ["second"]
    assert [row.name for row in registry.run()] == ["first", "second"]
    with pytest.raises(ValueError, match="no benchmark section 'three'; the sections are: one, two"):
        registry.run(only=["three"])


def test_the_cli_refuses_an_unknown_section_with_the_names():
    import io

    from finder.cli import main

    err = io.StringIO()
    assert main(["bench", "--section", "nope"], out=io.StringIO(), err=err) == 1
    assert "no benchmark section 'nope'; the sections are: search and loading, opening hours" in err.getvalue()

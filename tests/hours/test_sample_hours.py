"""The bundled sample: hours in both syntaxes, studios in many time zones, every value readable."""

from __future__ import annotations

from finder import load_directory
from finder.hours import read_hours
from finder.hours.rules import parsed


def test_the_sample_uses_both_syntaxes_and_spans_time_zones():
    directory = load_directory()
    studios = list(directory)
    assert not [p for p in directory.report.problems if p.field in ("hours", "timezone")]
    as_written = {studio.hours for studio in studios if read_hours(studio.hours).expression == studio.hours}
    converted = {studio.hours for studio in studios if read_hours(studio.hours).kind == "rules"} - as_written
    assert as_written and converted  # OSM syntax as it is, and plain forms converted at load
    assert all(parsed(read_hours(text).expression) for text in converted)
    zones = {studio.timezone for studio in studios if studio.timezone}
    assert {"America/Chicago", "Europe/London", "Asia/Tokyo", "Australia/Sydney"} <= zones and len(zones) >= 10

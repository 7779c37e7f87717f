"""Reading the hours column: OSM syntax as it is, the plain forms operators type, and why the rest fails."""

from __future__ import annotations

import pytest

from finder.hours import read_hours


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Mo-Fr 10:00-19:00; Sa 10:00-16:00; PH off", "Mo-Fr 10:00-19:00; Sa 10:00-16:00; PH off"),
        ("24/7", "24/7"),
        ("Fr 20:00-02:00", "Fr 20:00-02:00"),
        ("Mon–Thu 12:00–21:00; Fri 10:00–18:00", "Mo-Th 12:00-21:00; Fr 10:00-18:00"),
        ("Daily 9:00–21:00", "Mo-Su 09:00-21:00"),
        ("Daily 9am–9pm", "Mo-Su 09:00-21:00"),
        ("Mon, Wed, Fri 9:00–17:00; Sat by appointment", 'Mo,We,Fr 09:00-17:00; Sa unknown "by appointment"'),
        ("Monday-Friday: 10:00 - 19:00", "Mo-Fr 10:00-19:00"),
        ("Weekdays 9am to 5:30pm; Sun closed", "Mo-Fr 09:00-17:30; Su off"),
        ("Mon 9am-12pm & 1pm-5pm", "Mo 09:00-12:00,13:00-17:00"),
        ("Fri 8pm-2am", "Fr 20:00-02:00"),
        ("Sat 10pm-12am", "Sa 22:00-24:00"),
        ("Tue-Sat 10:00-20:00; Public holidays closed", "Tu-Sa 10:00-20:00; PH off"),
    ],
)
def test_both_syntaxes_become_one_expression(text, expression):
    hours = read_hours(text)
    assert (hours.kind, hours.expression) == ("rules", expression)


@pytest.mark.parametrize("text", ["By appointment only", "by appointment", "Appointments only."])
def test_appointment_only_is_its_own_kind(text):
    assert read_hours(text).kind == "appointment"


def test_empty_hours_are_not_listed():
    assert read_hours("  ").kind == "none"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Mon-Fri 9-5ish", "'9-5ish' is not a time range like 09:00-17:00"),
        ("Mon-Fri 9-5", "'9-5' does not say am or pm"),
        ("Mon-Fri", "has days but no times"),
        ("Funday 9:00-10:00", "is not a time range"),
        ("Mon 25:00-26:00", "is not a time"),
        ("call us", "is not a time range"),
    ],
)
def test_unreadable_hours_are_kept_with_the_reason(text, reason):
    hours = read_hours(text)
    assert hours.kind == "unreadable" and hours.text == text
    assert reason in hours.problem
    assert hours.message().startswith(f"hours {text!r} could not be read (")
    assert hours.message().endswith("; use e.g. 'Mo-Fr 09:00-17:00'")

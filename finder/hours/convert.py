"""The plain ways operators write hours, turned into OpenStreetMap ``opening_hours`` syntax.

"Mon–Thu 12:00–21:00; Fri 10:00–18:00", "Daily 9am–9pm", "Sat by appointment" become
"Mo-Th 12:00-21:00; Fr 10:00-18:00", "Mo-Su 09:00-21:00", 'Sa unknown "by appointment"'.
Only what reads one way is converted: a bare "9-5" (morning or evening?) is refused with a reason.
"""

from __future__ import annotations

import re

from ..errors import FinderError


class HoursNotRead(FinderError, ValueError):
    """Hours text that is neither OSM syntax nor a plain form this module knows; says which part."""


_DAYS = {
    "Mo": ("mo", "mon", "monday", "mondays"),
    "Tu": ("tu", "tue", "tues", "tuesday", "tuesdays"),
    "We": ("we", "wed", "weds", "wednesday", "wednesdays"),
    "Th": ("th", "thu", "thur", "thurs", "thursday", "thursdays"),
    "Fr": ("fr", "fri", "friday", "fridays"),
    "Sa": ("sa", "sat", "saturday", "saturdays"),
    "Su": ("su", "sun", "sunday", "sundays"),
}
_DAY_NAMES = {name: code for code, names in _DAYS.items() for name in names}
_DAY_WORDS = {
    "daily": "Mo-Su",
    "every day": "Mo-Su",
    "everyday": "Mo-Su",
    "7 days": "Mo-Su",
    "weekdays": "Mo-Fr",
    "weekends": "Sa,Su",
    "weekend": "Sa,Su",
    "public holidays": "PH",
    "holidays": "PH",
}
_DAY = "(?:" + "|".join(sorted(map(re.escape, [*_DAY_NAMES, *_DAY_WORDS]), key=len, reverse=True)) + r")\.?"
_DAY_ITEM = rf"{_DAY}(?:\s*-\s*{_DAY})?"
_DAY_SPEC = re.compile(rf"^(?P<days>{_DAY_ITEM}(?:\s*,\s*{_DAY_ITEM})*)(?![a-z])\s*:?\s*(?P<rest>.*)$")
_TIME = re.compile(r"^(?:(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?|noon|midnight)$")
_APPOINTMENT = re.compile(r"^(?:by\s+)?appointment(?:s)?(?:\s+only)?\.?$")
_CLOSED = re.compile(r"^(?:closed|off)\.?$")
_ALL_DAY = re.compile(r"^(?:open\s+)?(?:24\s*(?:hours|hrs|h)|all\s+day)$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "‑": "-", "−": "-", "\u00a0": " "})
EXAMPLE = "Mo-Fr 09:00-17:00"


def is_appointment_only(text: str) -> bool:
    """True for "By appointment only", "By appointment", "Appointments only" and the like."""
    return bool(_APPOINTMENT.match(_normal(text)))


def plain_to_osm(text: str) -> str:
    """The OSM expression for plain hours text; raises HoursNotRead naming the part it could not read."""
    rules = [rule.strip() for rule in re.split(r"[;\n|]", _normal(text))]
    converted = [_rule(rule) for rule in rules if rule]
    if not converted:
        raise HoursNotRead("it is empty")
    return "; ".join(converted)


def _normal(text: str) -> str:
    text = " ".join(text.translate(_DASHES).casefold().split())
    text = re.sub(r"\s+(?:to|until|till|thru|through)\s+", "-", text)
    return re.sub(r"\s*(?:&|\band\b|/)\s*", ",", text).strip(" .")


def _rule(rule: str) -> str:
    """One rule: days (or none, meaning every day), then times, "closed" or "by appointment"."""
    match = _DAY_SPEC.match(rule)
    days, rest = (_days(match.group("days")), match.group("rest").strip()) if match else ("", rule)
    if _CLOSED.match(rest):
        return f"{days or 'Mo-Su'} off"
    if _APPOINTMENT.match(rest):
        return f'{days or "Mo-Su"} unknown "by appointment"'
    if not rest:
        raise HoursNotRead(f"{rule!r} has days but no times")
    times = "00:00-24:00" if _ALL_DAY.match(rest) else ",".join(_time_range(part) for part in rest.split(","))
    return f"{days} {times}".strip()


def _days(spec: str) -> str:
    items = []
    for item in re.split(r"\s*,\s*", spec):
        ends = [_day(end) for end in re.split(r"\s*-\s*", item)]
        items.append("-".join(ends))
    return ",".join(items)


def _day(name: str) -> str:
    name = name.strip().rstrip(".")
    return _DAY_NAMES.get(name) or _DAY_WORDS[name]


def _time_range(part: str) -> str:
    ends = [end.strip() for end in part.split("-")]
    if len(ends) != 2 or not all(_TIME.match(end) for end in ends):
        raise HoursNotRead(f"{part.strip()!r} is not a time range like 09:00-17:00")
    return f"{_time(ends[0], part, end=False)}-{_time(ends[1], part, end=True)}"


def _time(text: str, part: str, *, end: bool) -> str:
    match = _TIME.match(text)
    assert match is not None  # checked by _time_range
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "24:00" if end else "00:00"
    hour, minute, half = int(match.group("hour")), int(match.group("minute") or 0), match.group("half")
    if half is None and match.group("minute") is None:
        raise HoursNotRead(f"{part.strip()!r} does not say am or pm; write 9am-5pm or 09:00-17:00")
    if half:
        if not 1 <= hour <= 12:
            raise HoursNotRead(f"{text!r} is not a time")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
        if end and hour == 0 and minute == 0:
            hour = 24  # "10pm-12am" closes at midnight
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise HoursNotRead(f"{text!r} is not a time")
    return f"{hour:02d}:{minute:02d}"

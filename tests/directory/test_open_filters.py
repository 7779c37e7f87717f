"""Open at, price and session filters apply before the limit, exactly, and bad hours are reported, not lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from finder.directory.cells import CellIndex
from finder.directory.index import SpatialIndex
from finder.geo import geodesic_km

NOON_UTC = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday: noon in London, 21:00 in Tokyo


def rows(points, hours, **extra):
    return [
        {"id": str(i), "name": f"Studio {i}", "latitude": repr(lat), "longitude": repr(lon), "hours": hours[i], **extra}
        for i, (lat, lon) in enumerate(points)
    ]


def test_the_nearest_open_not_the_open_among_the_nearest(write_csv, load):
    # Ten closed studios around the origin, two open ones farther out.
    points = [(51.50 + i * 0.001, -0.12) for i in range(10)] + [(51.60, -0.12), (51.70, -0.12)]
    hours = ["Mo-Fr 18:00-20:00"] * 10 + ["Mo-Fr 09:00-17:00"] * 2
    directory = load(write_csv(rows(points, hours)))
    found = directory.nearest(51.5, -0.12, limit=2, open_at=NOON_UTC)
    assert [match.studio.id for match in found] == ["10", "11"]
    assert directory.nearest(51.5, -0.12, limit=2, open_at=NOON_UTC, radius_km=5) == []


def test_open_at_is_the_studios_local_time(write_csv, load):
    # Same hours in London and Tokyo: at 12:00 UTC London is open, Tokyo (21:00) is closed.
    directory = load(write_csv(rows([(51.5, -0.12), (35.68, 139.69)], ["Mo-Fr 09:00-18:00"] * 2)))
    found = directory.nearest(35.68, 139.69, limit=5, open_at=NOON_UTC)
    assert [(match.studio.id, match.studio.timezone) for match in found] == [("0", "Europe/London")]


def test_open_at_needs_an_aware_instant(write_csv, load):
    directory = load(write_csv(rows([(51.5, -0.12)], ["24/7"])))
    with pytest.raises(ValueError, match="aware"):
        directory.nearest(51.5, -0.12, open_at=datetime(2026, 12, 2, 12))


def test_price_and_session_filters_before_the_limit(write_csv, load):
    points = [(51.5 + i * 0.01, -0.12) for i in range(6)]
    data = rows(points, [""] * 6)
    for i, row in enumerate(data):
        row["price_from"], row["session_minutes"] = str(60 + 20 * i), str(60 if i % 2 else 90)
    data[0]["price_from"] = ""  # unknown price: never under a cap
    directory = load(write_csv(data))
    assert [m.studio.id for m in directory.nearest(51.5, -0.12, limit=2, max_price=130)] == ["1", "2"]
    assert [m.studio.id for m in directory.nearest(51.5, -0.12, limit=2, session_minutes=90)] == ["0", "2"]
    both = directory.nearest(51.5, -0.12, limit=5, max_price=150, session_minutes=90)
    assert [m.studio.id for m in both] == ["2", "4"]


@pytest.mark.parametrize("styles", [None, ["Deep"]])
def test_filtered_nearest_is_exact_against_a_brute_force(write_csv, load, styles, monkeypatch):
    # Many studios, few of them open: the search walks far, then searches the cells holding open studios
    # (no style) or every studio that passes (a style's own index).
    deep = []
    for cls, name in ((CellIndex, "nearest"), (SpatialIndex, "nearest_among")):
        original = getattr(cls, name)
        monkeypatch.setattr(
            cls, name, lambda *a, _original=original, _name=name, **k: deep.append(_name) or _original(*a, **k)
        )
    rng = np.random.default_rng(5)
    count = 12000  # more than the walk takes before it searches the open studios instead
    latitudes, longitudes = rng.uniform(-60, 70, count), rng.uniform(-180, 180, count)
    choices = ["Mo-Su 00:00-24:00", "Mo-Fr 09:00-17:00", "off", "Sa 10:00-12:00", "By appointment only"]
    hours = [choices[i] for i in rng.choice(len(choices), count, p=[0.01, 0.2, 0.59, 0.1, 0.1])]
    data = rows(list(zip(latitudes.tolist(), longitudes.tolist(), strict=True)), hours)
    for i, row in enumerate(data):
        row["styles"], row["price_from"] = ("Deep" if i % 2 else "Light"), str(50 + i % 100)
    directory = load(write_csv(data))
    open_ids = {m.studio.id for m in directory.nearest(0, 0, limit=count, open_at=NOON_UTC)}
    assert 0 < len(open_ids) < count
    for lat, lon in rng.uniform((-60, -180), (70, 180), (25, 2)).tolist():
        wanted = [
            i
            for i in range(count)
            if str(i) in open_ids and int(data[i]["price_from"]) <= 120 and (styles is None or i % 2)
        ]
        distances = geodesic_km(lat, lon, latitudes[wanted], longitudes[wanted])
        expected = [str(wanted[i]) for i in np.lexsort((wanted, distances))[:10]]
        found = directory.nearest(lat, lon, limit=10, open_at=NOON_UTC, max_price=120, styles=styles)
        assert [m.studio.id for m in found] == expected
    assert ("nearest" if styles is None else "nearest_among") in deep  # the far path was taken, and is exact


CITIES = ((40.71, -74.0), (34.05, -118.24), (51.5, -0.12), (48.14, 11.58), (35.68, 139.69), (-33.87, 151.21))
MIXED_HOURS = (
    "Mo-Fr 09:00-17:00",
    "Mo-Sa 10:00-19:00; PH off",
    "Mo-Su 11:00-18:00; PH +1 day off",
    "Fr-Sa 20:00-02:00",
    "24/7",
    "Tu-Th 12:00-21:00; Su off",
    "Daily 9am-9pm",
    "off",
    "By appointment only",
    "",
)


def test_the_nearest_open_match_a_brute_force_over_every_studio(write_csv, load, monkeypatch):
    # Studios in clusters around six cities in six zones (the shape of a real directory), mixed hours:
    # from random origins at random instants, the nearest open are exactly the brute-force answer, whose
    # "open" comes from each studio's own status (finder.hours), not from the directory's shared tables.
    from finder.hours import hours_status

    cell_searches = []
    original = CellIndex.nearest
    monkeypatch.setattr(CellIndex, "nearest", lambda *a, **k: cell_searches.append(1) or original(*a, **k))
    rng = np.random.default_rng(10)
    count = 6000
    city = rng.integers(0, len(CITIES), count)
    spread = rng.normal(0, 0.15, (count, 2))
    latitudes = np.array([CITIES[c][0] for c in city]) + spread[:, 0]
    longitudes = np.array([CITIES[c][1] for c in city]) + spread[:, 1]
    weights = [0.2, 0.1, 0.05, 0.05, 0.005, 0.1, 0.1, 0.25, 0.095, 0.05]  # few open at night: the far path
    hours = [MIXED_HOURS[i] for i in rng.choice(len(MIXED_HOURS), count, p=weights)]
    data = rows(list(zip(latitudes.tolist(), longitudes.tolist(), strict=True)), hours)
    for i, row in enumerate(data):
        row["country"] = ("US", "US", "GB", "DE", "JP", "AU")[city[i]]
        row["price_from"] = str(40 + i % 90)
    directory = load(write_csv(data))
    studios = [directory.get(str(i)) for i in range(count)]
    start = datetime(2026, 12, 24, tzinfo=UTC)  # Christmas week: PH off matters in some zones
    for _ in range(6):
        at = start + (rng.uniform(0, 7 * 24 * 60) // 1) * timedelta(minutes=1)
        is_open = np.array([hours_status(studio, at).open_now is True for studio in studios])
        for near_a_city in (True, False) * 3:
            origin = CITIES[rng.integers(0, len(CITIES))] if near_a_city else rng.uniform((-60, -180), (70, 180))
            lat, lon = origin[0] + rng.normal(0, 0.3), origin[1] + rng.normal(0, 0.3)
            cap = [None, 100][int(rng.integers(0, 2))]
            wanted = np.flatnonzero(is_open & ((np.arange(count) % 90 + 40 <= cap) if cap else True))
            distances = geodesic_km(lat, lon, latitudes[wanted], longitudes[wanted])
            order = np.lexsort((wanted, distances))[:10]
            found = directory.nearest(lat, lon, limit=10, open_at=at, max_price=cap)
            assert [m.studio.id for m in found] == [str(i) for i in wanted[order]], (at, lat, lon, cap)
            assert [m.distance_km for m in found] == pytest.approx(distances[order].tolist())
            within = directory.nearest(lat, lon, limit=10, open_at=at, max_price=cap, radius_km=20)
            assert [m.studio.id for m in within] == [str(wanted[i]) for i in order if distances[i] <= 20]
    assert cell_searches  # some searches found too few open studios nearby and read the cells


def test_unreadable_hours_are_a_warning_with_the_line_and_the_row_stays(write_csv, load):
    data = rows([(51.5, -0.12), (51.6, -0.12)], ["Mo-Fr 09:00-17:00", "Mon-Fri 9-5ish"])
    directory = load(write_csv(data))
    assert len(directory) == 2
    [problem] = directory.report.problems
    assert (problem.line, problem.field, problem.severity) == (3, "hours", "warning")
    assert problem.message == (
        "hours 'Mon-Fri 9-5ish' could not be read ('9-5ish' is not a time range like 09:00-17:00); "
        "use e.g. 'Mo-Fr 09:00-17:00'"
    )
    assert directory.get("1").hours == "Mon-Fri 9-5ish"  # kept as text


def test_a_timezone_column_is_used_and_a_wrong_name_is_a_warning(write_csv, load):
    from finder.directory.schema import COLUMNS

    data = rows([(51.5, -0.12), (51.6, -0.12), (51.7, -0.12)], ["24/7"] * 3)
    data[0]["timezone"], data[1]["timezone"] = "asia/tokyo", "Europe/Londn"
    directory = load(write_csv(data, columns=(*COLUMNS, "timezone")))
    assert [directory.get(str(i)).timezone for i in range(3)] == ["Asia/Tokyo", "Europe/London", "Europe/London"]
    [problem] = directory.report.problems
    assert (problem.line, problem.field, problem.severity) == (3, "timezone", "warning")
    assert "'Europe/Londn' is not an IANA time zone" in problem.message


def test_a_price_cap_in_a_currency_keeps_out_prices_in_another(write_csv, load):
    points = [(48.85 + i * 0.01, 2.35) for i in range(5)]
    data = rows(points, [""] * 5)
    prices = [(80, "EUR"), (70, "USD"), (60, ""), (120, "EUR"), (9000, "JPY")]
    for row, (price, currency) in zip(data, prices, strict=True):
        row["price_from"], row["currency"] = str(price), currency
    directory = load(write_csv(data))
    in_euros = directory.nearest(48.85, 2.35, limit=5, max_price=100, currency="eur")
    assert [m.studio.id for m in in_euros] == ["0", "2"]  # a studio naming no currency is taken at its number
    assert [m.studio.id for m in directory.nearest(48.85, 2.35, limit=5, max_price=100)] == ["0", "1", "2"]
    assert directory.nearest(48.85, 2.35, limit=5, max_price=100, currency="GBP") == [
        m for m in directory.nearest(48.85, 2.35, limit=5) if m.studio.id == "2"
    ]


def test_the_currency_near_a_place_is_that_of_its_nearest_studios(write_csv, load):
    # Four studios in the city quote pesos; six a thousand kilometres away, dollars.
    city = [(19.43 + i * 0.01, -99.13) for i in range(4)]
    far = [(29.42 + i * 0.01, -98.49) for i in range(6)]
    data = rows(city + far, [""] * 10)
    for i, row in enumerate(data):
        row["price_from"], row["currency"] = "100", "MXN" if i < 4 else "USD"
    data[1]["currency"] = ""  # one names none
    directory = load(write_csv(data))
    assert directory.currency_near(19.43, -99.13) == "MXN"
    assert directory.currency_near(29.42, -98.49) == "USD"
    assert directory.currency_near(19.43, -99.13, count=1) == "MXN"

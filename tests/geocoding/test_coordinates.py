"""Typed coordinates: kept exactly as typed, named by the nearest town within 50 km, which gives the country."""

from __future__ import annotations

import importlib.util
import math
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from finder.errors import GazetteerMissing, GazetteerOutdated, GazetteerUnavailable
from finder.geo import EARTH_RADIUS_KM, haversine_km_many
from finder.geocoding.gazetteer import OfflineGeocoder
from finder.geocoding.nearby import cell_ranges, grid_cell, grid_size
from finder.geocoding.store import NEAR_TOWN_KM, SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[2]


def test_coordinates_near_austin_name_austin_and_its_country(geocoder):
    place = geocoder.locate("30.27, -97.74")
    assert (place.latitude, place.longitude) == (30.27, -97.74)  # exactly as typed, not Austin's point
    assert place.precision == "coordinates"
    assert place.source == "coordinates"
    assert place.country_code == "US"
    assert place.region == "Texas"
    assert place.label == "30.27000, -97.74000 (near Austin, Texas, US)"


def test_mid_ocean_has_no_country_and_the_label_is_just_the_coordinates(geocoder):
    place = geocoder.locate("0, -140")
    assert (place.latitude, place.longitude, place.precision) == (0.0, -140.0, "coordinates")
    assert place.country_code is None
    assert place.region is None
    assert place.label == "0.00000, -140.00000"


def test_a_town_across_the_antimeridian_is_found_from_either_side(geocoder):
    east = geocoder.locate("66.32, 179.9")  # Egvekinot is at -179.12, 44 km away
    assert "Egvekinot" in east.label and east.country_code == "RU"
    west = geocoder.locate("63.06, -179.9")  # Beringovskiy is at +179.35, 38 km away
    assert "Beringovskiy" in west.label and west.country_code == "RU"


@pytest.mark.parametrize(
    "query",
    [
        "-16.8, 179.99",  # Taveuni, Fiji: no town of 1,000 people within 50 km
        "-16.8, -179.99",
        "-16.8, 180",
        "-16.8, -180",
        "90, 0",
        "89.99, 45",
        "-90, 0",
        "-89.9, -179.99",
        "78.22, 15.65",  # Longyearbyen
        "0, 0",
    ],
)
def test_the_meridian_and_the_poles_do_not_crash(geocoder, query):
    place = geocoder.locate(query)
    assert place.precision == "coordinates"
    latitude, longitude = (float(part) for part in query.split(","))
    assert (place.latitude, place.longitude) == (latitude, longitude)
    assert place.label.startswith(f"{latitude:.5f}, {longitude:.5f}")


def test_geopy_raw_carries_the_country(geocoder):
    raw = geocoder.geocode("-33.87, 151.21").raw
    assert raw["country_code"] == "AU" and raw["source"] == "coordinates"


def _brute_force_nearest(lats, lons, ids, latitude, longitude):
    band = np.abs(lats - latitude) <= 0.5  # 50 km is 0.45 degrees of latitude: nothing outside can be near
    lats, lons, ids = lats[band], lons[band], ids[band]
    phi1, phi2 = math.radians(latitude), np.radians(lats)
    h = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lons - longitude) / 2) ** 2
    distances = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    within = distances <= NEAR_TOWN_KM
    if not within.any():
        return None
    order = np.lexsort((ids[within], distances[within]))
    return int(ids[within][order[0]])


def test_the_indexed_lookup_agrees_with_a_scan_of_every_town(geocoder):
    rows = np.array(list(geocoder.store.db().execute("SELECT id, lat, lon FROM cities")))
    ids, lats, lons = rows[:, 0].astype(np.int64), rows[:, 1], rows[:, 2]
    rng = random.Random(7)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(150)]
    points += [(51.5 + rng.uniform(-1, 1), 7 + rng.uniform(-1, 1)) for _ in range(50)]  # the Ruhr: dense
    points += [(rng.uniform(-70, 70), rng.choice((-1, 1)) * rng.uniform(179.0, 180.0)) for _ in range(50)]
    points += [
        (float(lats[i]) + rng.uniform(-0.4, 0.4), float(lons[i]) + rng.uniform(-0.6, 0.6))
        for i in rng.sample(range(len(ids)), 150)
    ]  # near some town, just off it
    points = [(lat, (lon + 180) % 360 - 180) for lat, lon in points]
    for latitude, longitude in points:
        found = geocoder.store.nearest_town(latitude, longitude)
        expected = _brute_force_nearest(lats, lons, ids, latitude, longitude)
        assert (found[0].id if found else None) == expected, (latitude, longitude)


@pytest.mark.parametrize("degrees", [0.5, 1.0, 2.0])
def test_cell_ranges_cover_every_cell_a_nearby_point_lies_in(degrees):
    rng = random.Random(11)
    for _ in range(300):
        latitude, longitude = rng.uniform(-90, 90), rng.uniform(-180, 180)
        ranges = list(cell_ranges(latitude, longitude, NEAR_TOWN_KM, degrees))
        assert all(0 <= low <= high < math.prod(grid_size(degrees)) for low, high in ranges)
        for _ in range(20):  # a point 0-50 km away in some direction
            bearing, reach = rng.uniform(0, 2 * math.pi), rng.uniform(0, NEAR_TOWN_KM) / EARTH_RADIUS_KM
            phi1, lambda1 = math.radians(latitude), math.radians(longitude)
            phi2 = math.asin(math.sin(phi1) * math.cos(reach) + math.cos(phi1) * math.sin(reach) * math.cos(bearing))
            lambda2 = lambda1 + math.atan2(
                math.sin(bearing) * math.sin(reach) * math.cos(phi1),
                math.cos(reach) - math.sin(phi1) * math.sin(phi2),
            )
            other = (math.degrees(phi2), (math.degrees(lambda2) + 180) % 360 - 180)
            assert haversine_km_many(latitude, longitude, *([value] for value in other))[0] <= NEAR_TOWN_KM + 1e-6
            cell = grid_cell(*other, degrees)
            assert any(low <= cell <= high for low, high in ranges), (latitude, longitude, other)


def test_the_build_and_the_runtime_agree_on_the_schema_version():
    spec = importlib.util.spec_from_file_location("build_gazetteer", REPO / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SCHEMA_VERSION == SCHEMA_VERSION


@pytest.mark.parametrize(("meta", "found"), [([("schema_version", "2")], "2"), ([], "unknown"), (None, "unknown")])
def test_a_gazetteer_of_another_schema_is_refused_clearly(tmp_path, meta, found):
    old = tmp_path / "old.sqlite"
    db = sqlite3.connect(old)
    if meta is not None:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    db.commit()
    db.close()
    with pytest.raises(GazetteerOutdated, match=rf"schema version {found}.*rebuild it with `make gazetteer`"):
        OfflineGeocoder(old)
    # handled wherever a missing file is, as its sibling (an outdated file is not a missing one)
    assert issubclass(GazetteerOutdated, GazetteerUnavailable) and issubclass(GazetteerMissing, GazetteerUnavailable)
    assert not issubclass(GazetteerOutdated, GazetteerMissing)

"""The zones of many studios at once are the zones of each, and a place's calendar key survives missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from finder.directory.opening import _places, _zone_names
from finder.hours.zones import _SLICE, timezone_at, timezones_at


def test_zones_looked_up_in_slices_are_each_points_own():
    rng = np.random.default_rng(3)
    count = _SLICE + 123  # more than one slice
    latitudes, longitudes = rng.uniform(-60, 70, count), rng.uniform(-180, 180, count)
    zones = timezones_at(latitudes, longitudes)
    assert len(zones) == count
    for index in rng.integers(0, count, 300).tolist():
        assert zones[index] == timezone_at(float(latitudes[index]), float(longitudes[index]))


def test_each_distinct_point_is_looked_up_once_and_shared_points_share_it():
    latitude = np.array([52.52, 40.71, 52.52, 35.68, 40.71])
    longitude = np.array([13.40, -74.01, 13.40, 139.69, -74.01])
    needed = np.array([True, True, True, True, False])
    timezone = pd.Series([None, None, "", "Asia/Tokyo", None], dtype=object)
    zones = _zone_names(timezone, latitude, longitude, needed)
    assert list(zones) == ["Europe/Berlin", "America/New_York", "Europe/Berlin", "Asia/Tokyo", None]


def test_places_number_each_country_and_region_and_read_missing_as_empty():
    country = pd.Series(["GB", "GB", "US", None, "GB"], dtype=object)
    region = pd.Series(["Scotland", "England", None, "Texas", "Scotland"], dtype=object)
    ids, names = _places(country, region)
    assert [names[i] for i in ids] == ["GB|Scotland", "GB|England", "US|", "|Texas", "GB|Scotland"]
    assert ids[0] == ids[4] and len(set(ids.tolist())) == 4

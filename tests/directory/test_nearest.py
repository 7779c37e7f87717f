"""Exact nearest search, checked against a brute-force ranking with geopy's geodesic distance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder import InvalidQuery, load_directory
from finder.directory import style_key

TOLERANCE_KM = 1e-6
STYLES = ("Ashiatsu DeepFeet", "Barefoot Sensei", "Chavutti Thirumal")


def reference(points, latitude, longitude):
    """Geodesic distance (km) from the origin to every point, by geopy."""
    return np.array([geodesic((latitude, longitude), point).km for point in points])


def assert_exact(matches, points, latitude, longitude, *, limit, radius_km=None, eligible=None):
    """The matches are the ``limit`` nearest eligible points, in order, with geopy's distances."""
    distances = reference(points, latitude, longitude)
    candidates = np.arange(len(points)) if eligible is None else np.asarray(eligible, dtype=int)
    if radius_km is not None:
        candidates = candidates[distances[candidates] <= radius_km]
    expected = np.sort(distances[candidates])[: max(limit, 0)]
    positions = [int(match.studio.id) for match in matches]
    assert len(matches) == len(expected)
    assert len(set(positions)) == len(positions)
    assert set(positions) <= set(candidates.tolist())
    for match, position, expected_km in zip(matches, positions, expected, strict=True):
        assert match.distance_km == pytest.approx(distances[position], abs=TOLERANCE_KM)
        assert match.distance_km == pytest.approx(expected_km, abs=TOLERANCE_KM)  # ties may swap
        assert match.distance_miles == pytest.approx(match.distance_km / 1.609344)
    found = [match.distance_km for match in matches]
    assert found == sorted(found)


# --- random directories with poles and the antimeridian -------------------------------------

_latitude = st.one_of(
    st.floats(-90, 90),
    st.floats(89.0, 90.0),
    st.floats(-90.0, -89.0),
    st.sampled_from([90.0, -90.0, 0.0]),
)
_longitude = st.one_of(
    st.floats(-180, 180),
    st.floats(179.0, 180.0),
    st.floats(-180.0, -179.0),
    st.sampled_from([180.0, -180.0, 0.0]),
)
_point = st.tuples(_latitude, _longitude)
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(points=st.lists(_point, min_size=1, max_size=60), origin=_point, limit=st.integers(1, 70))
def test_nearest_is_exact(directory_of, points, origin, limit):
    directory = directory_of(points)
    matches = directory.nearest(*origin, limit=limit)
    assert_exact(matches, points, *origin, limit=limit)


@_SETTINGS
@given(
    points=st.lists(_point, min_size=1, max_size=60),
    origin=_point,
    limit=st.integers(1, 20),
    radius_km=st.floats(1e-6, 21_000),
)
def test_nearest_within_radius_is_exact(directory_of, points, origin, limit, radius_km):
    directory = directory_of(points)
    matches = directory.nearest(*origin, limit=limit, radius_km=radius_km)
    assert_exact(matches, points, *origin, limit=limit, radius_km=radius_km)


_style_sets = st.lists(st.sampled_from(STYLES), max_size=3)
_query_style = st.sampled_from(STYLES).map(lambda s: f"  {s.upper().replace(' ', '   ')} ")


@_SETTINGS
@given(
    data=st.lists(st.tuples(_point, _style_sets), min_size=1, max_size=50),
    origin=_point,
    limit=st.integers(1, 55),
    wanted=st.lists(_query_style, min_size=1, max_size=2),
    radius_km=st.none() | st.floats(1e-6, 21_000),
)
def test_styles_filter_is_exact_on_the_subset(directory_of, data, origin, limit, wanted, radius_km):
    points = [point for point, _ in data]
    directory = directory_of(points, [";".join(styles) for _, styles in data])
    keys = {style_key(style) for style in wanted}
    eligible = [i for i, (_, styles) in enumerate(data) if keys & {style_key(s) for s in styles}]
    matches = directory.nearest(*origin, limit=limit, radius_km=radius_km, styles=wanted)
    assert_exact(matches, points, *origin, limit=limit, radius_km=radius_km, eligible=eligible)
    for match in matches:
        assert keys & {style_key(s) for s in match.studio.styles}


def _random_points(rng, count):
    """Uniform on the sphere, plus clusters at both poles and on both sides of the antimeridian."""
    z = rng.uniform(-1, 1, count)
    latitude = np.degrees(np.arcsin(z))
    longitude = rng.uniform(-180, 180, count)
    cluster = count // 8
    latitude[:cluster] = rng.uniform(89.5, 90, cluster)
    latitude[cluster : 2 * cluster] = rng.uniform(-90, -89.5, cluster)
    longitude[2 * cluster : 3 * cluster] = rng.choice([-1, 1], cluster) * rng.uniform(179.5, 180, cluster)
    latitude[2 * cluster : 3 * cluster] = rng.uniform(-10, 10, cluster)
    return list(zip(latitude.tolist(), longitude.tolist(), strict=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nearest_is_exact_on_large_random_directories(directory_of, seed):
    rng = np.random.default_rng(seed)
    points = _random_points(rng, 2000)
    styles = [";".join(rng.choice(STYLES, size=rng.integers(0, 3), replace=False)) for _ in points]
    directory = directory_of(points, styles)
    origins = [
        (90.0, 0.0),
        (-90.0, 123.0),
        (0.0, 180.0),
        (-5.0, -180.0),
        (89.9, 179.99),
        tuple(rng.uniform((-90, -180), (90, 180))),
    ]
    for latitude, longitude in origins:
        assert_exact(directory.nearest(latitude, longitude, limit=25), points, latitude, longitude, limit=25)
        assert_exact(
            directory.nearest(latitude, longitude, limit=50, radius_km=800),
            points,
            latitude,
            longitude,
            limit=50,
            radius_km=800,
        )
    eligible = [i for i, text in enumerate(styles) if "Barefoot Sensei" in text]
    matches = directory.nearest(0.0, 179.9, limit=15, styles=["barefoot sensei"])
    assert_exact(matches, points, 0.0, 179.9, limit=15, eligible=eligible)


# --- the radius boundary -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "radius_km"),
    [
        ((30.2672, -97.7431), 25.0),
        ((0.0, 179.99), 120.0),
        ((89.95, 10.0), 40.0),
        ((-90.0, 0.0), 300.0),
        ((-33.86, 151.21), 5000.0),
    ],
)
def test_radius_neither_leaks_nor_drops(directory_of, origin, radius_km):
    margin_km = 1e-5  # one centimetre either side of the boundary
    points, inside = [], []
    for bearing in range(0, 360, 15):
        for offset, is_inside in ((-margin_km, True), (margin_km, False)):
            destination = geodesic(kilometers=radius_km + offset).destination(origin, bearing)
            points.append((destination.latitude, destination.longitude))
            inside.append(is_inside)
    directory = directory_of(points)
    distances = reference(points, *origin)
    assert all((d <= radius_km) == flag for d, flag in zip(distances, inside, strict=True))

    matches = directory.nearest(*origin, limit=len(points), radius_km=radius_km)

    assert sorted(int(m.studio.id) for m in matches) == [i for i, flag in enumerate(inside) if flag]
    assert all(m.distance_km <= radius_km for m in matches)


@pytest.mark.parametrize("radius_km", [0.0, 5e-324])
def test_radius_zero_finds_a_studio_exactly_at_the_origin(directory_of, radius_km):
    directory = directory_of([(10.0, 20.0), (10.0, 20.001)])
    assert [m.studio.id for m in directory.nearest(10.0, 20.0, radius_km=radius_km)] == ["0"]


# --- edges -------------------------------------------------------------------------------------


def test_limit_larger_than_the_directory(directory_of):
    points = [(0.0, 0.0), (1.0, 1.0), (-1.0, 179.9)]
    matches = directory_of(points).nearest(0.5, 0.5, limit=100)
    assert [m.studio.id for m in matches] == ["1", "0", "2"]


@pytest.mark.parametrize("limit", [0, -3])
def test_limit_zero_or_less_finds_nothing(directory_of, limit):
    assert directory_of([(0.0, 0.0)]).nearest(0.0, 0.0, limit=limit) == []


def test_empty_directory(write_csv):
    directory = load_directory(write_csv([]), geocoder=None)
    assert len(directory) == 0
    assert directory.nearest(0.0, 0.0) == []
    assert directory.nearest(0.0, 0.0, radius_km=10, styles=["Ashiatsu DeepFeet"]) == []


def test_unknown_style_finds_nothing(directory_of):
    assert directory_of([(0.0, 0.0)], ["Ashiatsu DeepFeet"]).nearest(0, 0, styles=["Sarga"]) == []


def test_blank_styles_do_not_filter(directory_of):
    directory = directory_of([(0.0, 0.0), (1.0, 1.0)], ["Ashiatsu DeepFeet", ""])
    assert len(directory.nearest(0, 0, styles=["", "  "])) == 2


@pytest.mark.parametrize(
    "origin",
    [
        (90.0, 0.0),
        (90.0, -137.0),
        (-90.0, 0.0),
        (-90.0, 45.0),
        (0.0, 180.0),
        (0.0, -180.0),
        (45.0, 180.0),
        (-45.0, -180.0),
    ],
)
def test_queries_at_the_poles_and_the_antimeridian(directory_of, origin):
    points = [
        (89.99, 0.0),
        (89.99, 180.0),
        (-89.99, -90.0),
        (-89.99, 90.0),
        (0.0, 179.999),
        (0.0, -179.999),
        (45.0, -179.9),
        (-45.0, 179.9),
        (0.0, 0.0),
        (90.0, 0.0),
        (-90.0, 0.0),
    ]
    matches = directory_of(points).nearest(*origin, limit=4)
    assert_exact(matches, points, *origin, limit=4)


def test_same_result_from_either_side_of_the_antimeridian(directory_of):
    directory = directory_of([(10.0, 179.95), (10.0, -179.95), (10.0, 178.0), (10.0, -178.0)])
    east = [(m.studio.id, round(m.distance_km, 6)) for m in directory.nearest(10.0, 180.0, limit=4)]
    west = [(m.studio.id, round(m.distance_km, 6)) for m in directory.nearest(10.0, -180.0, limit=4)]
    assert east == west
    assert {studio_id for studio_id, _ in east[:2]} == {"0", "1"}


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (90.0001, 0.0),
        (-91, 0),
        (0, 180.5),
        (0, -181),
        (math.nan, 0),
        (0, math.nan),
        (math.inf, 0),
        (0, -math.inf),
        ("north", 0),
        (None, 0),
        (0, [1]),
    ],
)
def test_invalid_coordinates_raise_invalid_query(directory_of, latitude, longitude):
    directory = directory_of([(0.0, 0.0)])
    with pytest.raises(InvalidQuery):
        directory.nearest(latitude, longitude)


def test_invalid_query_is_also_a_value_error(directory_of):
    with pytest.raises(ValueError, match="outside -90..90"):
        directory_of([(0.0, 0.0)]).nearest(95, 0)


@pytest.mark.parametrize("radius_km", [-1.0, math.nan])
def test_negative_radius_is_refused(directory_of, radius_km):
    with pytest.raises(ValueError, match="radius_km"):
        directory_of([(0.0, 0.0)]).nearest(0, 0, radius_km=radius_km)


def test_duplicate_points_are_all_returned(directory_of):
    matches = directory_of([(1.0, 1.0)] * 5 + [(2.0, 2.0)]).nearest(1.0, 1.0, limit=5)
    assert sorted(m.studio.id for m in matches) == ["0", "1", "2", "3", "4"]
    assert all(m.distance_km == 0 for m in matches)

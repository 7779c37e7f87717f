"""The nearest town to a point: a grid of cells shared by the gazetteer build and the runtime.

Each town carries the number of the grid cell it lies in (`cities.cell`, indexed with lat and lon). Cells are
numbered row by row from the south pole, so the cells a latitude band crosses between two longitudes are one
contiguous range of numbers, and a box around a point is a few range scans of the index; the antimeridian
splits a row's range in two, and near a pole whole rows are taken. The towns in the box are then ranked by
great-circle distance in Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from finder.geo import KM_PER_DEGREE

#: Size of a grid cell in degrees (the build records the size it used in `meta.grid_cell_degrees`).
CELL_DEGREES = 0.5


def grid_size(cell_degrees: float) -> tuple[int, int]:
    """(rows, columns) of the grid: rows of latitude from the south pole, columns of longitude from -180."""
    return round(180 / cell_degrees), round(360 / cell_degrees)


def grid_cell(latitude: float, longitude: float, cell_degrees: float = CELL_DEGREES) -> int:
    """The number of the cell a point lies in; the north pole joins the last row, +180° is -180°."""
    rows, columns = grid_size(cell_degrees)
    row = min(max(math.floor((latitude + 90.0) / cell_degrees), 0), rows - 1)
    column = math.floor((longitude + 180.0) / cell_degrees) % columns
    return row * columns + column


def cell_ranges(
    latitude: float, longitude: float, radius_km: float, cell_degrees: float = CELL_DEGREES
) -> Iterator[tuple[int, int]]:
    """Inclusive ranges of cell numbers that together cover every point within radius_km of the point."""
    rows, columns = grid_size(cell_degrees)
    half_height = radius_km / KM_PER_DEGREE + 1e-6  # a hair more, so a town right on the edge is kept
    south, north = latitude - half_height, latitude + half_height
    first_row = min(max(math.floor((south + 90.0) / cell_degrees), 0), rows - 1)
    last_row = min(max(math.floor((north + 90.0) / cell_degrees), 0), rows - 1)
    # The widest the circle gets in longitude is at its edge nearest the pole; past a pole, every longitude.
    widest = max(abs(south), abs(north))
    cosine = math.cos(math.radians(widest)) if widest < 90.0 else 0.0
    half_width = radius_km / (KM_PER_DEGREE * cosine) if cosine > 1e-9 else 360.0
    if half_width >= 180.0 - cell_degrees:
        yield first_row * columns, last_row * columns + columns - 1  # whole rows: one contiguous range
        return
    west = math.floor((longitude - half_width + 180.0) / cell_degrees)
    east = math.floor((longitude + half_width + 180.0) / cell_degrees)
    spans = [(west, east)]
    if west < 0:  # crosses the antimeridian going west
        spans = [(west % columns, columns - 1), (0, east)]
    elif east >= columns:  # crosses it going east
        spans = [(west, columns - 1), (0, east % columns)]
    for row in range(first_row, last_row + 1):
        for low, high in spans:
            yield row * columns + low, row * columns + min(high, columns - 1)

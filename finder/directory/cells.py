"""Nearest search among the studios open at an instant, when few are open near the search, without a scan.

At load the directory is cut into cells of at most ``CELL_SIZE`` neighbouring studios (the largest subtrees
of the k-d tree that small, so each cell is a compact patch of the map), each with a bounding ball on
the unit sphere and the count of its studios per group (studios sharing hours, zone and holiday calendar:
finder.directory.opening; a group is open or closed as a whole at any instant). For an instant, the open
count of every cell is one pass over those counts, kept while the instant is (``OpenAt``). A search then
reads the open cells in order of how near they could be: first enough of them to hold ``limit`` open
studios, which gives a k-th distance, then every cell whose ball could still hold anything nearer, and
ranks their open studios exactly (``SpatialIndex.nearest_among``). From a city at 4 a.m., where every
studio nearby is closed, that is a few cells, whatever the number of groups.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

import numpy as np

from .index import _B, SpatialIndex, _unit_vector
from .opening import OpenAt

CELL_SIZE = 256
_FIRST_CELLS = 8  # cells read first; four times more each time they hold too few open studios
_SLACK = 1e-12  # rounding in the chord arithmetic: a lower bound must never exceed the truth


class OpenCells:
    """One instant's view of the cells: which hold open studios, how many, and where their open runs are."""

    def __init__(self, cells: CellIndex, is_open: np.ndarray) -> None:
        open_pairs = np.flatnonzero(is_open[cells.pair_group])
        open_count = np.bincount(
            cells.pair_cell[open_pairs], weights=cells.pair_count[open_pairs], minlength=cells.count
        )
        self.live = np.flatnonzero(open_count)
        self.open_count = open_count[self.live].astype(np.int64)
        self.open_pairs = open_pairs  # the (cell, group) runs that are open, cell by cell
        self.first_pair = np.searchsorted(cells.pair_cell[open_pairs], np.arange(cells.count + 1))


class CellIndex:
    """The cells of one directory: bounding balls, and members in (cell, group) order, one run per pair."""

    def __init__(self, index: SpatialIndex, group: np.ndarray, group_count: int, size: int = CELL_SIZE) -> None:
        self._index = index
        order, bounds = index.patches(size)
        starts = bounds[:-1]
        self.count = len(starts)
        cell_of = np.repeat(np.arange(self.count), np.diff(bounds))
        vectors = index.vectors[order]
        sums = np.add.reduceat(vectors, starts, axis=0) if self.count else np.empty((0, 3))
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self._centre = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
        spread = np.linalg.norm(vectors - self._centre[cell_of], axis=1)
        self._radius = (np.maximum.reduceat(spread, starts) if self.count else np.empty(0)) * (1 + 1e-9)
        # Within a cell, members sorted by group: each (cell, group) pair is one run of ``_members``.
        width = max(group_count, 1)
        keys = cell_of * width + group[order]
        by_key = np.argsort(keys, kind="stable")  # cells are already in order: nearly sorted, fast
        self._members, keys = order[by_key], keys[by_key]
        self._run_start = np.flatnonzero(np.diff(keys, prepend=-1))
        self.pair_count = np.diff(np.append(self._run_start, len(keys)))
        self.pair_cell, self.pair_group = np.divmod(keys[self._run_start], width)
        self._views: weakref.WeakKeyDictionary[OpenAt, OpenCells] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _view(self, opened: OpenAt) -> OpenCells:
        """Which cells hold open studios at ``opened``'s instant: computed once per instant."""
        with self._lock:
            view = self._views.get(opened)
        if view is None:
            view = OpenCells(self, opened.group_mask())
            with self._lock:
                self._views[opened] = view
        return view

    def nearest(
        self,
        latitude: float,
        longitude: float,
        opened: OpenAt,
        *,
        limit: int,
        radius_km: float | None,
        keep: Callable[[np.ndarray], np.ndarray],
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``limit`` nearest studios open at ``opened`` and passing ``keep`` (directory positions), exactly."""
        view = self._view(opened)
        if limit <= 0 or not len(view.live):
            return np.empty(0, dtype=np.int64), np.empty(0)
        chords = np.linalg.norm(self._centre[view.live] - _unit_vector(latitude, longitude), axis=1)
        chords = np.maximum(chords - self._radius[view.live] - _SLACK, 0.0)
        lower_km = 2.0 * np.arcsin(np.minimum(chords / 2.0, 1.0)) * _B  # no member of the cell is nearer
        cells, open_count = view.live, view.open_count
        if radius_km is not None:
            inside = lower_km <= radius_km
            cells, lower_km, open_count = cells[inside], lower_km[inside], open_count[inside]
        point = (latitude, longitude)
        # First a few of the nearest cells, enough to hold ``limit`` open studios that ``keep`` accepts:
        # any ``limit`` of them bound the k-th distance from above.
        taken = _FIRST_CELLS
        while True:
            nearest = np.argpartition(lower_km, taken - 1)[:taken] if taken < len(cells) else np.arange(len(cells))
            if open_count[nearest].sum() >= limit or len(nearest) == len(cells):
                positions, distances = self._nearest_in(view, cells[nearest], point, limit, radius_km, keep)
                if len(positions) >= limit or len(nearest) == len(cells):
                    break
            taken *= 4
        if len(positions) < limit:
            return positions, distances
        # Then every cell that could hold a studio nearer than that k-th: the answer is among their studios.
        nearer = np.flatnonzero(lower_km <= distances[limit - 1])
        if len(nearer) <= len(nearest):  # all of them were among the first (no others are that near)
            return positions, distances
        return self._nearest_in(view, cells[nearer], point, limit, radius_km, keep)

    def _nearest_in(
        self,
        view: OpenCells,
        cells: np.ndarray,
        point: tuple[float, float],
        limit: int,
        radius_km: float | None,
        keep: Callable[[np.ndarray], np.ndarray],
    ) -> tuple[np.ndarray, np.ndarray]:
        """The nearest of the open studios of these cells that ``keep`` accepts."""
        pairs = view.open_pairs[_runs(view.first_pair[cells], view.first_pair[cells + 1] - view.first_pair[cells])]
        members = self._members[_runs(self._run_start[pairs], self.pair_count[pairs])]
        members = members[np.asarray(keep(members), dtype=bool)]
        return self._index.nearest_among(*point, members, limit=limit, radius_km=radius_km)


def _runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices ``starts[i] .. starts[i] + lengths[i] - 1`` of every run, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(total)

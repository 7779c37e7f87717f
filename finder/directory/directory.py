"""Directory: the validated studios of one CSV, searchable by distance and style."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DataFileError, FinderError
from ..geo import check_coordinates
from ..geocoding.gazetteer import load_offline_geocoder
from .index import SpatialIndex, StyleIndexes, merge_nearest
from .report import LoadReport
from .schema import PRECISION_COLUMN, Match, Studio
from .validate import StructuredGeocoder, load_columns

#: The bundled sample directory, used when neither --data nor FINDER_DATA names another.
SAMPLE_DATA = Path(__file__).resolve().parents[2] / "data" / "studios.csv"
_DEFAULT = object()


def data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The CSV to load: the explicit path, else env FINDER_DATA, else the bundled sample.

    An explicit path that is empty is refused (DataFileError), never read as "the sample".
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise DataFileError("No file was named: give the path of a studio CSV (an empty path is not one).")
        return Path(explicit)
    from_env = os.environ.get("FINDER_DATA", "").strip()
    return Path(from_env) if from_env else SAMPLE_DATA


def style_key(style: str) -> str:
    """How styles compare: case and spacing aside ("ashiatsu  deepfeet" = "Ashiatsu DeepFeet")."""
    return " ".join(style.casefold().split())


#: The text columns a Directory keeps, in the order of its Arrow table (each one a Studio field).
# fmt: off
_TEXT_FIELDS = (
    "id", "name", "street", "city", "region", "postal_code", "country", "phone", "website",
    "booking_url", "styles", "currency", "hours", "description", PRECISION_COLUMN,
)
# fmt: on
_EPOCH = date(1970, 1, 1).toordinal()


class Directory:
    """The studios of one CSV and the index to search them. Read-only once built.

    Studios are stored compactly (one packed string per row plus numeric arrays) and turned
    into ``Studio`` values only for the rows a search returns.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        latitude: np.ndarray,
        longitude: np.ndarray,
        report: LoadReport,
        keep: np.ndarray | None = None,
    ) -> None:
        """``frame`` holds the loader's columns; ``keep`` (default: all) marks the rows to use."""
        keep = np.ones(len(frame), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
        self.report = report
        self._text = _text_table(frame, keep)
        self._price = frame["price_from"].to_numpy(dtype=np.float64, na_value=np.nan)[keep]
        self._minutes = frame["session_minutes"].to_numpy(dtype=np.int32, na_value=-1)[keep]
        self._verified = frame["verified_on"].to_numpy(dtype=np.int32)[keep]
        self._line = frame["line"].to_numpy(dtype=np.int64)[keep]
        self._index = SpatialIndex(latitude[keep], longitude[keep])
        styles = pd.Series(self._text.column("styles"), dtype=pd.ArrowDtype(pa.string()))
        self.styles, members = _style_members(styles)
        #: The countries the directory has studios in (ISO alpha-2), for telling plausible places apart.
        self.countries = frozenset(code for code in pc.unique(self._text.column("country")).to_pylist() if code)
        self._style_indexes = StyleIndexes(self._index.latitude, self._index.longitude, members)
        self._ids = self._text.column("id")
        self._positions: dict[str, int] | None = None
        self._positions_lock = threading.Lock()

    def __len__(self) -> int:
        return self._text.num_rows

    @property
    def latitude(self) -> np.ndarray:
        """Latitudes of all studios, in directory order (read-only view)."""
        return self._index.latitude

    @property
    def longitude(self) -> np.ndarray:
        return self._index.longitude

    def __iter__(self) -> Iterator[Studio]:
        for start in range(0, len(self), 4096):
            yield from self._studios(np.arange(start, min(start + 4096, len(self))))

    def __contains__(self, studio_id: object) -> bool:
        return studio_id in self._id_positions()

    def _id_positions(self) -> dict[str, int]:
        if self._positions is None:
            with self._positions_lock:
                if self._positions is None:
                    self._positions = {studio_id: i for i, studio_id in enumerate(self._ids.to_pylist())}
        return self._positions

    def get_many(self, studio_ids: Iterable[str]) -> dict[str, Studio]:
        """The studios with these ids that the directory has, in one batch."""
        positions = self._id_positions()
        found = [positions[studio_id] for studio_id in studio_ids if studio_id in positions]
        return {studio.id: studio for studio in self._studios(np.array(found, dtype=np.int64))}

    def get(self, studio_id: str) -> Studio | None:
        """The studio with this id, or None when the directory has none."""
        position = self._id_positions().get(studio_id)
        return None if position is None else self._studios(np.array([position]))[0]

    def nearest(
        self,
        latitude: float,
        longitude: float,
        *,
        limit: int = 10,
        radius_km: float | None = None,
        styles: Iterable[str] | None = None,
    ) -> list[Match]:
        """The ``limit`` studios nearest to the point by WGS-84 geodesic distance, nearest first.

        ``radius_km`` keeps only studios within that distance; ``styles`` keeps studios that
        offer any of the named styles (matched ignoring case and spacing).
        """
        latitude, longitude = check_coordinates(latitude, longitude)
        limit = int(limit)
        if radius_km is not None and not (radius_km >= 0):
            raise ValueError("radius_km must be a non-negative number")
        if isinstance(styles, str):
            styles = (styles,)
        wanted = sorted({style_key(style) for style in styles or () if style_key(style)})
        if not wanted:
            positions, distances = self._index.query(latitude, longitude, limit=limit, radius_km=radius_km)
        else:
            results = []
            for key in wanted:
                found = self._style_indexes.index(key)
                if found is None:
                    continue
                index, members = found
                local, distances = index.query(latitude, longitude, limit=limit, radius_km=radius_km)
                results.append((members[local], distances))
            positions, distances = merge_nearest(results, limit)
        studios = self._studios(positions)
        return [Match(studio, float(distance)) for studio, distance in zip(studios, distances, strict=True)]

    def _studios(self, positions: np.ndarray) -> list[Studio]:
        if len(positions) == 0:
            return []
        positions = np.asarray(positions, dtype=np.int64)
        taken = self._text.take(pa.array(positions))
        text = zip(*(column.to_pylist() for column in taken.columns), strict=True)
        numbers = zip(
            self._index.latitude[positions].tolist(),
            self._index.longitude[positions].tolist(),
            self._price[positions].tolist(),
            self._minutes[positions].tolist(),
            self._verified[positions].tolist(),
            self._line[positions].tolist(),
            strict=True,
        )
        return [_studio(fields, values) for fields, values in zip(text, numbers, strict=True)]


def _studio(fields: tuple[str, ...], numbers: tuple[float, float, float, int, int, int]) -> Studio:
    text = dict(zip(_TEXT_FIELDS, fields, strict=True))
    text["styles"] = _split_styles(text["styles"])
    latitude, longitude, price, minutes, verified, line = numbers
    return Studio(
        **text,
        latitude=latitude,
        longitude=longitude,
        price_from=None if price != price else price,
        session_minutes=None if minutes < 0 else minutes,
        verified_on=None if verified < 0 else date.fromordinal(verified + _EPOCH),
        line=line,
    )


def _text_table(frame: pd.DataFrame, keep: np.ndarray) -> pa.RecordBatch:
    """The kept rows' text fields as one Arrow table, built a column at a time.

    Each column is taken out of ``frame`` as it is copied, so the loader's columns and this
    table never both exist whole (a million studios stay well under a gigabyte).
    """
    mask = None if keep.all() else pa.array(keep)
    columns = {}
    for name in _TEXT_FIELDS:
        column = pa.chunked_array(frame.pop(name).array.__arrow_array__())
        if mask is not None:
            column = column.filter(mask)
        columns[name] = pc.fill_null(column.combine_chunks(), "")
        del column
        pa.default_memory_pool().release_unused()  # hand freed columns back now, not at the allocator's leisure
    return pa.RecordBatch.from_pydict(columns)


@lru_cache(maxsize=4096)  # a directory has few distinct style lists; results unpack them often
def _split_styles(text: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for part in text.split(";"):
        style = " ".join(part.split())
        if style and style_key(style) not in seen:
            seen[style_key(style)] = style
    return tuple(seen.values())


def _style_members(styles: pd.Series) -> tuple[tuple[str, ...], dict[str, np.ndarray]]:
    """The style vocabulary (display names, sorted) and, per style key, who offers it."""
    codes, uniques = pd.factorize(styles)
    display: dict[str, str] = {}
    combos_by_key: dict[str, list[int]] = {}
    for combo, text in enumerate(uniques):
        for style in _split_styles(text):
            key = style_key(style)
            display.setdefault(key, style)
            combos_by_key.setdefault(key, []).append(combo)
    vocabulary = tuple(sorted(display.values(), key=str.casefold))
    members = {key: np.flatnonzero(np.isin(codes, combos)) for key, combos in combos_by_key.items()}
    return vocabulary, members


def load_directory(
    path: str | os.PathLike[str] | None = None, *, geocoder: StructuredGeocoder | None | object = _DEFAULT
) -> Directory:
    """Load and validate a studio CSV into a searchable Directory.

    Rows without coordinates are placed by ``geocoder`` (by default the offline gazetteer,
    when it has been built). Raises DataFileError only when the file itself is unusable;
    problems with single rows are in ``Directory.report``.
    """
    problem = None
    if geocoder is _DEFAULT:
        try:
            geocoder = load_offline_geocoder()
        except FinderError as err:
            geocoder, problem = None, f"the offline gazetteer is not available ({err})"
    loaded = load_columns(data_path(path), geocoder=geocoder, geocoder_problem=problem)  # type: ignore[arg-type]
    return Directory(loaded.frame, loaded.latitude, loaded.longitude, loaded.report, loaded.keep)

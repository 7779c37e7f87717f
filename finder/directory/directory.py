"""Directory: the validated studios of one CSV, searchable by distance and style."""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DataFileError, FinderError
from ..geo import check_coordinates
from ..geocoding.gazetteer import load_offline_geocoder
from .cells import CellIndex
from .index import SpatialIndex, StyleIndexes, merge_nearest
from .opening import OpenAt, OpeningTable
from .report import WARNING, LoadReport, Problem
from .schema import PRECISION_COLUMN, TIMEZONE_COLUMN, Match, Studio
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
        kept = frame.loc[keep, ["hours", "country", "region", TIMEZONE_COLUMN]]
        latitude, longitude = latitude[keep], longitude[keep]
        opening = OpeningTable(
            kept["hours"], kept["country"], kept["region"], kept[TIMEZONE_COLUMN], latitude, longitude
        )
        del kept
        self._build(
            _text_table(frame, keep),
            _Numbers(
                price=frame["price_from"].to_numpy(dtype=np.float64, na_value=np.nan)[keep],
                minutes=frame["session_minutes"].to_numpy(dtype=np.int32, na_value=-1)[keep],
                verified=frame["verified_on"].to_numpy(dtype=np.int32)[keep],
                line=frame["line"].to_numpy(dtype=np.int64)[keep],
                latitude=latitude,
                longitude=longitude,
            ),
            report,
            opening,
        )

    def _build(self, text: pa.RecordBatch, numbers: _Numbers, report: LoadReport, opening: OpeningTable) -> None:
        self.report = report
        self._opening = opening
        self._text = text
        self._price, self._minutes, self._verified = numbers.price, numbers.minutes, numbers.verified
        self._line = numbers.line
        self._index = SpatialIndex(numbers.latitude, numbers.longitude)
        styles = pd.Series(self._text.column("styles"), dtype=pd.ArrowDtype(pa.string()))
        self.styles, members = _style_members(styles)
        #: The countries the directory has studios in (ISO alpha-2), for telling plausible places apart.
        self.countries = frozenset(code for code in pc.unique(self._text.column("country")).to_pylist() if code)
        self._style_indexes = StyleIndexes(self._index.latitude, self._index.longitude, members)
        self._cells: CellIndex | None = None  # built with the hours' groups, the first time few are open nearby
        self._cells_lock = threading.Lock()
        self._ids = self._text.column("id")
        self._positions: dict[str, int] | None = None
        self._currency_codes: tuple[np.ndarray, list[str]] | None = None  # found the first time they are asked
        self._positions_lock = threading.Lock()

    def _numbers(self, mask: np.ndarray | None = None) -> _Numbers:
        every = slice(None) if mask is None else mask
        return _Numbers(
            self._price[every],
            self._minutes[every],
            self._verified[every],
            self._line[every],
            self.latitude[every],
            self.longitude[every],
        )

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

    def ids(self) -> list[str]:
        """Every studio id, in directory order."""
        return self._ids.to_pylist()

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
        open_at: datetime | None = None,
        max_price: float | None = None,
        currency: str | None = None,
        session_minutes: int | None = None,
    ) -> list[Match]:
        """The ``limit`` studios nearest to the point by WGS-84 geodesic distance, nearest first.

        ``radius_km`` keeps only studios within that distance; ``styles`` keeps studios that
        offer any of the named styles (matched ignoring case and spacing); ``open_at`` (an aware
        datetime) keeps studios open at that instant in their own time zone; ``max_price`` keeps
        studios whose cheapest session costs at most that much, in ``currency`` (an ISO code) when given:
        then a studio quoting another currency does not pass (one that names none is taken at its number);
        ``session_minutes`` keeps studios whose session lasts at least that long. Filters apply
        before the limit: these are the nearest studios that match, not the matches among the nearest.
        """
        latitude, longitude = check_coordinates(latitude, longitude)
        limit = int(limit)
        if radius_km is not None and not (radius_km >= 0):
            raise ValueError("radius_km must be a non-negative number")
        if isinstance(styles, str):
            styles = (styles,)
        wanted = sorted({style_key(style) for style in styles or () if style_key(style)})
        keep = self._filter(open_at, max_price, currency, session_minutes)
        if not wanted:
            positions, distances = self._query(self._index, None, latitude, longitude, limit, radius_km, keep)
        else:
            results = []
            for key in wanted:
                found = self._style_indexes.index(key)
                if found is None:
                    continue
                index, members = found
                results.append(self._query(index, members, latitude, longitude, limit, radius_km, keep))
            positions, distances = merge_nearest(results, limit)
        studios = self._studios(positions)
        return [Match(studio, float(distance)) for studio, distance in zip(studios, distances, strict=True)]

    def with_changes(self, added: Directory, *, removed: Collection[str] = ()) -> Directory:
        """A new directory: this one without the ``removed`` ids (and without ids ``added`` replaces), plus ``added``.

        Built from the packed columns directly (no re-validation of this directory's rows). The CSV's
        report stays this directory's; neither input changes (both are read-only).
        """
        drop = pa.array(sorted({*removed, *added._ids.to_pylist()}), pa.string())
        keep = pc.invert(pc.is_in(self._ids, value_set=drop)).to_numpy(zero_copy_only=False)
        mine = self._text if keep.all() else self._text.filter(pa.array(keep))
        text = mine if not len(added) else _concat(mine, added._text)
        ours, theirs = self._numbers(None if keep.all() else keep), added._numbers()
        numbers = _Numbers(*(np.concatenate(pair) for pair in zip(ours, theirs, strict=True)))
        # Each studio keeps the time zone it was given, or found from its coordinates if that has been done.
        zones = self._opening.given_zones(np.flatnonzero(keep)) + added._opening.given_zones(np.arange(len(added)))
        hours, country, region = (text.column(name).to_pandas() for name in ("hours", "country", "region"))
        opening = OpeningTable(hours, country, region, pd.Series(zones), numbers.latitude, numbers.longitude)
        merged = Directory.__new__(Directory)
        merged._build(text, numbers, self.report, opening)
        return merged

    def _query(
        self,
        index: SpatialIndex,
        members: np.ndarray | None,
        latitude: float,
        longitude: float,
        limit: int,
        radius_km: float | None,
        keep: _Filter | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Nearest in one index (the whole directory, or one style's ``members``), in directory positions."""
        if keep is None:
            local, distances = index.query(latitude, longitude, limit=limit, radius_km=radius_km)
            return (local if members is None else members[local]), distances
        if members is not None:
            local, distances = index.nearest_where(
                latitude, longitude, limit=limit, keep=lambda found: keep(members[found]), radius_km=radius_km
            )
            return members[local], distances
        deep = None
        if keep.opened is not None:  # few open near here: search the cells that hold open studios instead
            opened = keep.opened

            def deep() -> tuple[np.ndarray, np.ndarray]:
                cells = self._cell_index()
                return cells.nearest(latitude, longitude, opened, limit=limit, radius_km=radius_km, keep=keep)

        return index.nearest_where(latitude, longitude, limit=limit, keep=keep, radius_km=radius_km, deep=deep)

    def region_problems(self) -> list[Problem]:
        """Warnings for studios whose hours name PH in a region the holiday calendar does not know (their
        country's national holidays apply instead), by line. Not part of loading: it reads the ``holidays``
        library's regions (about 0.3 s), which only `validate` and the first holiday asked about need."""
        return [
            Problem(line, "region", WARNING, message)
            for positions, message in self._opening.unknown_regions()
            for line in self._line[positions].tolist()
        ]

    def prepare_open(self) -> None:
        """Do now what the first search asking who is open would otherwise wait for: every studio's time zone
        looked up, and the index of who is open by cell built (about 0.35 s at 100,000 studios)."""
        self._cell_index()

    def _cell_index(self) -> CellIndex:
        if self._cells is None:
            with self._cells_lock:
                if self._cells is None:
                    self._cells = CellIndex(self._index, self._opening.groups, self._opening.group_count)
        return self._cells

    def _filter(
        self, open_at: datetime | None, max_price: float | None, currency: str | None, session_minutes: int | None
    ) -> _Filter | None:
        """Which positions pass the filters (None: no filter), evaluated only for the candidates a search walks."""
        if open_at is None and max_price is None and session_minutes is None:
            return None
        if open_at is not None and open_at.tzinfo is None:
            raise ValueError("open_at must be an aware datetime (with a time zone), e.g. datetime.now(UTC)")
        opened = self._opening.open_at(open_at) if open_at is not None else None  # shared within the minute
        price = self._price
        if max_price is not None and currency:
            price = np.where(self._priced_in(currency), price, np.nan)  # another currency: not known to be under
        return _Filter(price, self._minutes, max_price, session_minutes, opened)

    def _priced_in(self, currency: str) -> np.ndarray:
        """Which studios quote prices in ``currency``, or name no currency (then their number is taken as it is)."""
        codes, names = self._currencies
        wanted = [number for number, name in enumerate(names) if name in ("", currency.strip().upper())]
        return np.isin(codes, wanted)

    @property
    def _currencies(self) -> tuple[np.ndarray, list[str]]:
        """Each studio's currency as a number, and the names."""
        if self._currency_codes is None:
            encoded = pc.dictionary_encode(pc.fill_null(self._text.column("currency"), ""))
            self._currency_codes = (encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist())
        return self._currency_codes

    def currency_near(self, latitude: float, longitude: float, *, count: int = 10) -> str:
        """The currency the studios nearest to the point quote prices in ("" if none names one): the one a
        price cap typed there is meant in. Each of the ``count`` nearest counts 1 / its rank, so the four
        studios of a city outweigh the six of the next country, a thousand kilometres on."""
        positions, _ = self._index.query(*check_coordinates(latitude, longitude), limit=count)
        codes, names = self._currencies
        weight: dict[str, float] = {}
        for rank, code in enumerate(codes[positions].tolist(), start=1):
            if names[code]:
                weight[names[code]] = weight.get(names[code], 0.0) + 1.0 / rank
        return max(weight, key=weight.__getitem__) if weight else ""

    def share_open(self, at: datetime) -> float:
        """The share of all studios open at an instant (an aware datetime), by their hours and time zones."""
        if not len(self):
            return 0.0
        return float(self._opening.open_at(at).mask(np.arange(len(self), dtype=np.int64)).mean())

    def _studios(self, positions: np.ndarray) -> list[Studio]:
        if len(positions) == 0:
            return []
        positions = np.asarray(positions, dtype=np.int64)
        taken = self._text.take(pa.array(positions))
        text = zip(*(column.to_pylist() for column in taken.columns), strict=True)
        zones = self._opening.zone_names(positions)
        numbers = zip(
            self._index.latitude[positions].tolist(),
            self._index.longitude[positions].tolist(),
            self._price[positions].tolist(),
            self._minutes[positions].tolist(),
            self._verified[positions].tolist(),
            self._line[positions].tolist(),
            zones,
            strict=True,
        )
        return [_studio(fields, values) for fields, values in zip(text, numbers, strict=True)]


class _Numbers(NamedTuple):
    """A directory's numeric columns, one value per studio, in directory order."""

    price: np.ndarray
    minutes: np.ndarray
    verified: np.ndarray
    line: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray


def _concat(first: pa.RecordBatch, second: pa.RecordBatch) -> pa.RecordBatch:
    """Two batches of the same columns as one (one copy of each column)."""
    return pa.RecordBatch.from_arrays(
        [pa.concat_arrays([first.column(i), second.column(i)]) for i in range(first.num_columns)],
        names=first.schema.names,
    )


class _Filter:
    """The filters of one search as a predicate over directory positions (a price cap, a length, open at)."""

    def __init__(
        self,
        price: np.ndarray,
        minutes: np.ndarray,
        max_price: float | None,
        session_minutes: int | None,
        opened: OpenAt | None,
    ) -> None:
        self._price, self._minutes = price, minutes
        self._max_price, self._session_minutes = max_price, session_minutes
        self.opened = opened

    def __call__(self, positions: np.ndarray) -> np.ndarray:
        ok = np.ones(len(positions), dtype=bool)
        if self._max_price is not None:
            ok &= self._price[positions] <= self._max_price  # unknown prices (NaN) never pass
        if self._session_minutes is not None:
            ok &= self._minutes[positions] >= self._session_minutes
        if self.opened is not None and ok.any():
            ok[ok] = self.opened.mask(positions[ok])
        return ok


def _studio(fields: tuple[str, ...], numbers: tuple[float, float, float, int, int, int, str]) -> Studio:
    text = dict(zip(_TEXT_FIELDS, fields, strict=True))
    text["styles"] = _split_styles(text["styles"])
    latitude, longitude, price, minutes, verified, line, zone = numbers
    return Studio(
        **text,
        latitude=latitude,
        longitude=longitude,
        price_from=None if price != price else price,
        session_minutes=None if minutes < 0 else minutes,
        verified_on=None if verified < 0 else date.fromordinal(verified + _EPOCH),
        line=line,
        timezone=zone,
    )


def row_studio(frame: pd.DataFrame, latitude: np.ndarray, longitude: np.ndarray, row: int) -> Studio:
    """One row of the loader's columns as the Studio a Directory would return (for a single suggestion,
    without building a directory around it)."""
    fields = tuple(str(value) if isinstance(value, str) else "" for value in (frame[n].iat[row] for n in _TEXT_FIELDS))
    minutes = frame["session_minutes"].iat[row]
    numbers = (
        float(latitude[row]),
        float(longitude[row]),
        float(frame["price_from"].iat[row]),
        -1 if pd.isna(minutes) else int(minutes),
        int(frame["verified_on"].iat[row]),
        int(frame["line"].iat[row]),
        str(frame[TIMEZONE_COLUMN].iat[row] or "") if TIMEZONE_COLUMN in frame else "",
    )
    return _studio(fields, numbers)


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

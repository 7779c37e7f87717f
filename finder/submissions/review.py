"""What an operator reviews: a suggestion against the current listing (field by field), its possible
duplicates (the same name, or within 100 m), and the decision itself."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from scipy.spatial import cKDTree

from ..directory.directory import Directory
from ..directory.index import unit_vectors
from ..directory.schema import COLUMNS, PRECISION_COLUMN, Studio
from ..errors import SubmissionError
from ..geo import geodesic_km
from .live import Snapshot
from .model import Decision, Submission, studio_record
from .store import SubmissionsStore

#: Two listings this close (metres) may be one studio.
DUPLICATE_M = 100.0
_REVIEWED = (*COLUMNS, PRECISION_COLUMN)


def name_key(name: str) -> str:
    """How names compare for duplicates: case, spacing and punctuation aside."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


@dataclass(frozen=True)
class FieldChange:
    column: str
    before: str
    after: str


def field_diff(before: dict[str, str] | None, after: dict[str, str]) -> list[FieldChange]:
    """The columns whose value a suggestion changes (every filled one, for a new studio)."""
    before = before or {}
    return [
        FieldChange(column, before.get(column, ""), after.get(column, ""))
        for column in _REVIEWED
        if before.get(column, "") != after.get(column, "")
    ]


@dataclass(frozen=True)
class Duplicate:
    studio: Studio
    reason: str  # "same name" / "within 100 m" / both
    distance_m: float


_names: weakref.WeakKeyDictionary[Directory, dict[str, list[str]]] = weakref.WeakKeyDictionary()
_names_lock = threading.Lock()


def _name_index(directory: Directory) -> dict[str, list[str]]:
    """Studio ids by name key, built once per directory."""
    with _names_lock:
        found = _names.get(directory)
        if found is None:
            found = {}
            for studio in directory:
                found.setdefault(name_key(studio.name), []).append(studio.id)
            _names[directory] = found
        return found


def possible_duplicates(directory: Directory, fields: dict[str, str], *, exclude_id: str = "") -> list[Duplicate]:
    """Listings that may be the suggested studio: the same name anywhere, or any within DUPLICATE_M."""
    try:
        latitude, longitude = float(fields.get("latitude", "")), float(fields.get("longitude", ""))
    except ValueError:
        latitude = longitude = float("nan")
    found: dict[str, Duplicate] = {}
    if latitude == latitude and longitude == longitude:
        for match in directory.nearest(latitude, longitude, limit=20, radius_km=DUPLICATE_M / 1000):
            found[match.studio.id] = Duplicate(match.studio, f"within {DUPLICATE_M:.0f} m", match.distance_km * 1000)
    for studio_id in _name_index(directory).get(name_key(fields.get("name", "")), [])[:20]:
        if studio_id in found:
            found[studio_id] = Duplicate(found[studio_id].studio, "same name, and near", found[studio_id].distance_m)
            continue
        studio = directory.get(studio_id)
        if studio is not None:
            distance = _metres(latitude, longitude, studio) if latitude == latitude else float("nan")
            found[studio_id] = Duplicate(studio, "same name", distance)
    found.pop(exclude_id, None)
    return sorted(found.values(), key=lambda d: (d.distance_m != d.distance_m, d.distance_m))


def _metres(latitude: float, longitude: float, studio: Studio) -> float:
    distance = geodesic_km(latitude, longitude, np.array([studio.latitude]), np.array([studio.longitude]))
    return float(distance[0]) * 1000


def _near_pairs(directory: Directory, limit: int) -> dict[tuple[str, str], str]:
    """Pairs of listings within DUPLICATE_M of each other (by geodesic distance)."""
    pairs: dict[tuple[str, str], str] = {}
    if len(directory) < 2:
        return pairs
    tree = cKDTree(unit_vectors(directory.latitude, directory.longitude))
    chord = DUPLICATE_M / 1000 / 6356.75  # the angle on the smaller radius: a generous bound, checked below
    close = tree.query_pairs(r=chord, output_type="ndarray")[: limit * 4]
    if not len(close):
        return pairs
    lat, lon, ids = directory.latitude, directory.longitude, directory.ids()
    for first, second in close.tolist():
        metres = (
            float(geodesic_km(lat[first], lon[first], lat[second : second + 1], lon[second : second + 1])[0]) * 1000
        )
        if metres <= DUPLICATE_M:
            pairs[(ids[first], ids[second])] = f"within {DUPLICATE_M:.0f} m"
    return pairs


def duplicate_pairs(directory: Directory, *, limit: int = 500) -> list[tuple[Studio, Studio, str]]:
    """Pairs of listings in the directory that may be one studio: within DUPLICATE_M, or the same name.

    Studios placed only by postcode or town share its centre, so nearness says nothing about them.
    """
    pairs = _near_pairs(directory, limit)
    studios = directory.get_many({studio_id for pair in pairs for studio_id in pair})
    pairs = {
        (a, b): reason
        for (a, b), reason in pairs.items()
        if a in studios and b in studios and not (studios[a].approximate or studios[b].approximate)
    }
    for group in _name_index(directory).values():
        for other in group[1 : limit - len(pairs) + 1]:
            key = (group[0], other)
            pairs[key] = "same name" if key not in pairs else "same name, and near"
    studios = directory.get_many({studio_id for pair in pairs for studio_id in pair})
    return [(studios[a], studios[b], reason) for (a, b), reason in list(pairs.items())[:limit]]


def decide(
    store: SubmissionsStore,
    snapshot: Snapshot,
    reference: str,
    *,
    approve: bool,
    operator: str,
    reason: str = "",
) -> Decision:
    """Approve (the listing is stamped verified today) or reject a pending suggestion, logging before and after."""
    submission = store.get(reference)
    if submission is None:
        raise SubmissionError(f"There is no suggestion {reference}; `submissions list` shows the references.")
    before = current_record(snapshot, submission)
    after = None
    if approve and submission.kind != "closed":
        after = {**submission.fields, "verified_on": datetime.now(UTC).date().isoformat()}
    return store.decide(reference, approve=approve, operator=operator, reason=reason, before=before, after=after)


def current_record(snapshot: Snapshot, submission: Submission) -> dict[str, str] | None:
    """The listing a suggestion would change, as it stands now (None for a new studio)."""
    studio = snapshot.directory.get(submission.studio_id) if snapshot.directory is not None else None
    return studio_record(studio) if studio is not None else None


__all__ = ["DUPLICATE_M", "Duplicate", "FieldChange", "decide", "duplicate_pairs", "field_diff", "possible_duplicates"]

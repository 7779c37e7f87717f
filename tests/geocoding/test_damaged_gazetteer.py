"""The gazetteer file truncated, overwritten, replaced or deleted while the finder runs: a clear error
(GazetteerDamaged / GazetteerMissing, never sqlite3's), typed coordinates still placed, and recovery as
soon as the file is good again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from finder.errors import GazetteerDamaged, GazetteerMissing, GazetteerUnavailable
from finder.geocoding import locate


@pytest.fixture
def live_copy(gazetteer_path, tmp_path, monkeypatch) -> Path:
    """A copy of the built gazetteer that the finder uses (FINDER_GAZETTEER) and the test may damage."""
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(gazetteer_path, copy)
    monkeypatch.setenv("FINDER_GAZETTEER", str(copy))
    return copy


def truncate(path: Path, size: int = 4096) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


def overwrite(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 50_000)


def replace_with_garbage(path: Path) -> None:
    new = path.with_suffix(".new")
    new.write_bytes(b"not a database at all\n" * 1000)
    os.replace(new, path)


@pytest.mark.parametrize("damage", [truncate, overwrite, replace_with_garbage], ids=lambda f: f.__name__)
def test_a_damaged_file_fails_clearly_and_coordinates_still_work(live_copy, gazetteer_path, damage):
    assert locate("Austin, TX").label.startswith("Austin")
    damage(live_copy)
    with pytest.raises(GazetteerDamaged, match="make gazetteer") as raised:
        locate("Denver, CO")  # before the fix: sqlite3.DatabaseError (or the old file's answers forever)
    assert isinstance(raised.value, GazetteerUnavailable)
    place = locate("30.2672, -97.7431")
    assert (place.latitude, place.longitude, place.precision) == (30.2672, -97.7431, "coordinates")

    shutil.copyfile(gazetteer_path, live_copy)  # the operator rebuilds it
    assert locate("Denver, CO").label.startswith("Denver")


def test_a_deleted_file_is_missing_and_comes_back(live_copy, gazetteer_path):
    assert locate("Austin, TX").label.startswith("Austin")
    live_copy.unlink()
    with pytest.raises(GazetteerMissing, match="make gazetteer"):
        locate("Boston")
    assert locate("51.5, -0.12").precision == "coordinates"
    shutil.copyfile(gazetteer_path, live_copy)
    assert locate("Boston").label.startswith("Boston")

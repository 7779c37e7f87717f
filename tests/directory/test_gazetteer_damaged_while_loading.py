"""The gazetteer damaged, truncated or deleted while a studio CSV is loading (issue 13).

Rows without coordinates are placed through the gazetteer. When its file breaks in the middle of that,
the load never raises sqlite3's error: the rows that could not be placed are reported by line with a
message that says what happened and what to do, every other row loads, and the report carries one
notice for the file as a whole (what the page and `validate` show once).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from finder import load_directory
from finder.cli import main
from finder.directory import directory as directory_module
from finder.errors import GazetteerDamaged
from finder.geocoding.gazetteer import OfflineGeocoder
from finder.geocoding.place import Place
from finder.geocoding.store import gazetteer_path as configured_gazetteer
from finder.submissions.live import LiveDirectory

#: Placed through the gazetteer, in this order (the loader looks up the places most rows share first,
#: ties in file order): towns of different countries, so each lookup reads pages of its own.
TOWNS = [("Austin", "TX", "US"), ("Zurich", "", "CH"), ("Lima", "", "PE"), ("Osaka", "", "JP"), ("Perth", "WA", "AU")]


def rows() -> list[dict[str, str]]:
    """Two studios with coordinates around five that need placing (lines 2 and 8 have coordinates)."""
    placed = [
        {"name": f"Studio in {city}", "city": city, "region": region, "country": cc} for city, region, cc in TOWNS
    ]
    with_coordinates = [
        {"name": "Pinned A", "latitude": "30.2672", "longitude": "-97.7431", "country": "US"},
        {"name": "Pinned B", "latitude": "51.5", "longitude": "-0.12", "country": "GB"},
    ]
    return [with_coordinates[0], *placed, with_coordinates[1]]


def configured_gazetteer_built() -> Path:
    """The built gazetteer, as configured before a test points FINDER_GAZETTEER at its copy."""
    return BUILT


BUILT = configured_gazetteer()


@pytest.fixture
def live_copy(tmp_path: Path) -> Path:
    """A copy of the built gazetteer that a test may damage."""
    built = BUILT
    if not built.is_file():
        pytest.skip(f"the gazetteer is not built ({built}); run `make gazetteer`")
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(built, copy)
    return copy


class DamagedAfter:
    """The real offline geocoder over ``path``, whose file ``damage`` breaks after ``lookups`` lookups."""

    def __init__(self, path: Path, lookups: int, damage) -> None:
        self.geocoder = OfflineGeocoder(path)
        self.path, self.lookups, self.damage = path, lookups, damage
        self.calls: list[str] = []

    def place_structured(self, **where: str):
        if len(self.calls) == self.lookups:
            self.damage(self.path)
        self.calls.append(where["city"])
        return self.geocoder.place_structured(**where)


def truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(4096)


def overwrite(path: Path) -> None:
    with path.open("r+b") as handle:  # the same inode, its pages turned to garbage
        size = handle.seek(0, 2)
        handle.seek(0)
        handle.write(b"SQLite format 3\x00" + b"\xde\xad" * ((size - 16) // 2))


def delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [truncate, overwrite], ids=lambda f: f.__name__)
def test_a_gazetteer_damaged_between_rows_reports_the_rest_by_line(write_csv, live_copy, damage):
    geocoder = DamagedAfter(live_copy, 2, damage)
    directory = load_directory(write_csv(rows()), geocoder=geocoder)  # before the fix: sqlite3.DatabaseError

    names = {studio.name for studio in directory}
    assert {"Pinned A", "Pinned B", "Studio in Austin", "Studio in Zurich"} <= names  # placed before the damage
    failed = {problem.line: problem.message for problem in directory.report.errors}
    assert failed, "the damage was not noticed"
    assert set(failed) <= {5, 6, 7}  # Lima, Osaka, Perth: the rows looked up after the damage
    assert len(directory) + len(failed) == 7  # nothing lost: every row is loaded or reported
    for message in failed.values():
        assert "place-name database failed while this file was loading" in message
        assert "add latitude and longitude" in message and "make gazetteer" in message
        assert "Traceback" not in message
    [notice] = directory.report.notices
    assert f"{len(failed)} listings without coordinates could not be placed" in notice
    assert "every other listing is searchable" in notice
    # The lookups stop at the first failure: a broken file is not asked once per remaining place.
    assert len(geocoder.calls) <= 3 + 1


def test_a_gazetteer_deleted_while_loading_is_no_error(write_csv, live_copy):
    """On Linux the open file stays readable after unlink: the load finishes as if nothing happened."""
    geocoder = DamagedAfter(live_copy, 1, delete)
    directory = load_directory(write_csv(rows()), geocoder=geocoder)
    assert len(directory) + len(directory.report.errors) == 7
    assert not any("Traceback" in problem.message for problem in directory.report.problems)


def test_a_fake_geocoder_that_fails_part_way_through(write_csv):
    """The loader's side alone: a geocoder handed in that places two rows and then cannot be used."""

    class Failing:
        calls = 0

        def place_structured(self, *, postal_code="", city="", region="", country=""):
            Failing.calls += 1
            if Failing.calls > 2:
                raise GazetteerDamaged("The place-name database cannot be read (database disk image is malformed)")
            return Place(city, f"{city}, {country}", 10.0 + Failing.calls, 20.0, "city", "offline")

    directory = load_directory(write_csv(rows()), geocoder=Failing())
    assert sorted(studio.name for studio in directory) == [
        "Pinned A",
        "Pinned B",
        "Studio in Austin",
        "Studio in Zurich",
    ]
    assert [problem.line for problem in directory.report.errors] == [5, 6, 7]
    assert "could not place 'Lima, PE'" in directory.report.errors[0].message
    assert Failing.calls == 3  # stopped at the failure
    [notice] = directory.report.notices
    assert notice.startswith("3 listings without coordinates could not be placed")


@pytest.mark.parametrize("damage", [truncate, delete], ids=lambda f: f.__name__)
def test_a_gazetteer_broken_before_the_load_gives_one_notice(write_csv, live_copy, monkeypatch, damage):
    monkeypatch.setenv("FINDER_GAZETTEER", str(live_copy))
    damage(live_copy)
    directory = load_directory(write_csv(rows()))
    assert sorted(studio.name for studio in directory) == ["Pinned A", "Pinned B"]
    assert [problem.line for problem in directory.report.errors] == [3, 4, 5, 6, 7]
    [notice] = directory.report.notices
    assert notice.startswith("5 listings without coordinates could not be placed")
    assert "make gazetteer" in notice


def test_validate_says_so_once_without_a_traceback(write_csv, live_copy, monkeypatch, capsys):
    path = write_csv(rows())
    geocoder = DamagedAfter(live_copy, 1, truncate)
    monkeypatch.setattr(directory_module, "load_offline_geocoder", lambda: geocoder)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.count("could not be placed: the offline place-name database failed") == 1
    assert "line 4: could not place 'Zurich, CH': the offline place-name database failed" in out


def test_the_live_directory_says_so_and_places_them_once_the_file_is_rebuilt(write_csv, live_copy, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(live_copy))
    damaged = DamagedAfter(live_copy, 2, truncate)
    monkeypatch.setattr(directory_module, "load_offline_geocoder", lambda: damaged)
    live = LiveDirectory(write_csv(rows()), store=None)
    snapshot = live.snapshot()
    assert len(snapshot.directory) == 4 and "could not be placed" in snapshot.notice()
    assert not live.refresh()  # nothing changed: the CSV is not read again and again

    shutil.copyfile(configured_gazetteer_built(), live_copy)  # the operator rebuilds the file
    monkeypatch.setattr(directory_module, "load_offline_geocoder", lambda: OfflineGeocoder(live_copy))
    assert live.refresh()
    assert len(live.snapshot().directory) == 7 and not live.snapshot().notice()


def test_a_gazetteer_that_breaks_after_a_good_load_does_not_reload_the_directory(write_csv, live_copy, monkeypatch):
    """The studios it placed keep serving: a damaged file never takes listings away."""
    monkeypatch.setenv("FINDER_GAZETTEER", str(live_copy))
    live = LiveDirectory(write_csv(rows()), store=None)
    assert len(live.snapshot().directory) == 7
    truncate(live_copy)
    assert not live.refresh()
    assert len(live.snapshot().directory) == 7 and not live.snapshot().notice()

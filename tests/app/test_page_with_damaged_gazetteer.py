"""The gazetteer damaged while the app runs: the page stays, says what is wrong, still takes coordinates,
and places names again once the file is good."""

import shutil
import time
from pathlib import Path

import pytest
from appview import result_names

from finder.geocoding.store import gazetteer_path as configured_gazetteer
from finder.ui import resources


@pytest.fixture
def live_copy(tmp_path, monkeypatch) -> tuple[Path, Path]:
    built = configured_gazetteer()
    if not built.is_file():
        pytest.skip(f"the gazetteer is not built ({built}); run `make gazetteer`")
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(built, copy)
    monkeypatch.setenv("FINDER_GAZETTEER", str(copy))
    resources._locator.clear()
    resources._located.cache_clear()
    yield copy, built
    resources._locator.clear()
    resources._located.cache_clear()


def damaged_warnings(at) -> list[str]:
    return [warning.value for warning in at.warning if "make gazetteer" in warning.value]


def test_the_page_survives_a_damaged_gazetteer_and_recovers(search, live_copy):
    copy, built = live_copy
    at = search("Austin, TX")
    assert result_names(at) and not damaged_warnings(at)

    with copy.open("r+b") as handle:  # truncated while the app runs
        handle.truncate(4096)
    at.text_input(key="location").input("Denver, CO").run()
    assert not at.exception  # before the fix: sqlite3.DatabaseError stopped the script
    assert at.text_input(key="location").value == "Denver, CO"  # the location box is still drawn
    [warning] = damaged_warnings(at)
    assert "cannot be read" in warning and "coordinates" in warning

    at.run()  # every later rerun of the session: the same message, no traceback
    assert not at.exception and len(damaged_warnings(at)) == 1

    at.text_input(key="location").input("39.7392, -104.9903").run()
    assert not at.exception and result_names(at)  # typed coordinates still search

    shutil.copyfile(built, copy)  # rebuilt
    at.text_input(key="location").input("Denver, CO").run()
    assert not at.exception and result_names(at) and not damaged_warnings(at)


def test_a_deleted_gazetteer_says_so_and_comes_back(search, live_copy):
    copy, built = live_copy
    at = search("Austin, TX")
    copy.unlink()
    at.text_input(key="location").input("Boston").run()
    assert not at.exception and damaged_warnings(at)
    shutil.copyfile(built, copy)
    at.text_input(key="location").input("Boston").run()
    assert result_names(at) and not damaged_warnings(at)


def placing_notices(at) -> list[str]:
    return [warning.value for warning in at.warning if "could not be placed" in warning.value]


def test_a_gazetteer_broken_while_the_directory_loads_gives_one_warning_and_recovers(open_app, live_copy):
    """The directory is loaded while the gazetteer cannot be read: the studios with coordinates serve, the
    page says once why the others are missing, and they come back when the file is rebuilt."""
    copy, built = live_copy
    with copy.open("r+b") as handle:
        handle.truncate(4096)
    at = open_app()
    at.text_input(key="location").input("30.2672, -97.7431").run()
    assert not at.exception
    assert result_names(at)  # the studios with coordinates are searchable
    [notice] = placing_notices(at)
    assert "listings without coordinates could not be placed" in notice and "make gazetteer" in notice
    at.run()
    assert not at.exception and len(placing_notices(at)) == 1  # once per run, on every run

    live = resources.live_directory()
    without = len(live.snapshot().directory)
    shutil.copyfile(built, copy)  # rebuilt: the live directory reads the CSV again and places them
    for _ in range(100):
        if not live.snapshot().notice():
            break
        time.sleep(0.1)
    assert not live.snapshot().notice()
    assert len(live.snapshot().directory) > without
    at.run()
    assert not at.exception and not placing_notices(at)

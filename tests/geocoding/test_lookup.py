"""locate(): the one placing call the app and the CLI wrap, with the same fallback when the gazetteer is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from finder.errors import GazetteerMissing, GazetteerOutdated, InvalidQuery
from finder.geocoding import locate
from finder.geocoding.place import Place

REPO = Path(__file__).resolve().parents[2]


def unavailable(error: type[Exception]):
    def locator():
        raise error("Offline gazetteer not built: run `make gazetteer`.")

    return locator


@pytest.mark.parametrize("error", [GazetteerMissing, GazetteerOutdated])
def test_coordinates_are_placed_without_the_gazetteer(error):
    place = locate("30.2672, -97.7431", locator=unavailable(error))
    assert (place.latitude, place.longitude, place.precision, place.source) == (
        30.2672,
        -97.7431,
        "coordinates",
        "coordinates",
    )
    assert place.label == "30.26720, -97.74310"


@pytest.mark.parametrize("error", [GazetteerMissing, GazetteerOutdated])
def test_a_place_name_without_the_gazetteer_says_how_to_build_it(error):
    with pytest.raises(error, match="make gazetteer"):
        locate("Austin, TX", locator=unavailable(error))


def test_out_of_range_coordinates_are_refused_even_without_the_gazetteer():
    with pytest.raises(InvalidQuery, match="outside"):
        locate("95, 10", locator=unavailable(GazetteerMissing))


def test_a_working_geocoder_is_used_as_it_is():
    class Fake:
        def locate(self, query: str, *, last_country: str | None = None) -> Place:
            return Place(
                query=query, label="Fake Town", latitude=1.0, longitude=2.0, precision="city", source="offline"
            )

    assert locate("anything", locator=Fake).label == "Fake Town"


def test_the_cli_falls_back_the_same_way(tmp_path):
    env = {**os.environ, "FINDER_GAZETTEER": str(tmp_path / "missing.sqlite"), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "finder", "geocode", "30.2672, -97.7431", "Austin, TX"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert "30.2672, -97.7431: 30.26720, -97.74310" in done.stdout
    assert "make gazetteer" in done.stderr and "Traceback" not in done.stderr


def test_the_app_falls_back_the_same_way(monkeypatch):
    import finder.geocoding.online as online
    from finder.ui import resources

    def missing():
        raise GazetteerMissing("Offline gazetteer not built: run `make gazetteer`.")

    monkeypatch.setattr(online, "load_offline_geocoder", missing)
    resources._locator.clear()
    resources._located.cache_clear()
    try:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
        at.query_params["place"] = "30.2672, -97.7431"
        at.run()
        assert not at.exception
        assert any("near 30.26720, -97.74310</h2>" in element.proto.body for element in at.get("html"))
        at.text_input(key="location").input("Austin, TX").run()
        assert any("make gazetteer" in warning.value for warning in at.warning)
    finally:
        resources._locator.clear()
        resources._located.cache_clear()

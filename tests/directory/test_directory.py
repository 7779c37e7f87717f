"""Directory look-ups and where the data comes from."""

from __future__ import annotations

from pathlib import Path

from finder import load_directory
from finder.directory import SAMPLE_DATA, data_path


def test_get_and_contains(directory_of):
    directory = directory_of([(1.0, 2.0), (3.0, 4.0)])
    studio = directory.get("1")
    assert (studio.name, studio.latitude, studio.longitude, studio.line) == ("Studio 1", 3.0, 4.0, 3)
    assert directory.get("nope") is None
    assert "0" in directory and "nope" not in directory
    assert [s.id for s in directory] == ["0", "1"]


def test_styles_vocabulary(directory_of):
    directory = directory_of(
        [(0.0, 0.0)] * 3, ["barefoot Sensei; Ashiatsu DeepFeet", "ashiatsu  deepfeet", "Chavutti Thirumal"]
    )
    assert directory.styles == ("Ashiatsu DeepFeet", "barefoot Sensei", "Chavutti Thirumal")


def test_report_is_the_load_report(write_csv):
    directory = load_directory(
        write_csv([{"name": "A", "latitude": "1", "longitude": "1"}, {"name": "B"}]), geocoder=None
    )
    assert (directory.report.rows, directory.report.valid, directory.report.skipped) == (2, 1, 1)
    assert not directory.report.ok
    assert str(directory.report.errors[0]).startswith("line 3: ")


def test_data_path_order(monkeypatch, tmp_path):
    monkeypatch.delenv("FINDER_DATA", raising=False)
    assert data_path() == SAMPLE_DATA
    monkeypatch.setenv("FINDER_DATA", "  ")
    assert data_path() == SAMPLE_DATA
    monkeypatch.setenv("FINDER_DATA", str(tmp_path / "env.csv"))
    assert data_path() == tmp_path / "env.csv"
    assert data_path(tmp_path / "explicit.csv") == tmp_path / "explicit.csv"
    assert data_path(str(tmp_path / "explicit.csv")) == Path(tmp_path / "explicit.csv")


def test_load_directory_follows_finder_data(monkeypatch, write_csv):
    path = write_csv([{"name": "From env", "latitude": "1", "longitude": "1"}])
    monkeypatch.setenv("FINDER_DATA", str(path))
    assert [s.name for s in load_directory(geocoder=None)] == ["From env"]

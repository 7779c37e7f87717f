"""The directory comes from FINDER_DATA: skipped rows are reported, a missing file is explained."""

from __future__ import annotations

from appview import result_names, sample_studios, texts, write_csv


def test_skipped_rows_are_listed_with_their_lines(open_app, monkeypatch, tmp_path):
    rows = sample_studios()[:5]
    rows[1] = {**rows[1], "latitude": "95.0"}
    rows[3] = {**rows[3], "name": ""}
    monkeypatch.setenv("FINDER_DATA", str(write_csv(tmp_path / "studios.csv", rows)))
    at = open_app(place="Austin, TX")
    assert not any("sample directory" in notice for notice in texts(at.info))
    [expander] = [block for block in at.expander if "skipped" in block.label]  # (the filters are one too)
    assert expander.label.startswith("2 listings skipped")
    details = expander.code[0].value
    assert "line 3:" in details and "line 5:" in details
    assert result_names(at) and len(result_names(at)) <= 3


def test_missing_file_is_explained(open_app, monkeypatch, tmp_path):
    missing = tmp_path / "nowhere.csv"
    monkeypatch.setenv("FINDER_DATA", str(missing))
    at = open_app()
    [error] = texts(at.error)
    assert "could not be loaded" in error and "FINDER_DATA" in error
    assert not at.text_input

"""A bad replacement of the studio CSV while the app runs: the last good directory keeps serving and the
page says what is wrong with the new file; a directory with no studios says so plainly (issue 13, fault 8)."""

from __future__ import annotations

import time
from pathlib import Path

from appview import SAMPLE_CSV, result_names, texts
from streamlit.testing.v1 import AppTest


def _rerun_until(at: AppTest, wanted: str, seconds: float = 5.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while not any(wanted in text for text in texts(at.warning)) and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    return texts(at.warning)


def test_a_binary_replacement_keeps_the_results_and_says_why(search, monkeypatch, tmp_path: Path):
    data = tmp_path / "studios.csv"
    data.write_bytes(SAMPLE_CSV.read_bytes())
    monkeypatch.setenv("FINDER_DATA", str(data))
    at = search("Austin, TX")
    names = result_names(at)
    assert names
    data.write_bytes(b"PK\x03\x04\x00\x00 a spreadsheet saved as .xlsx")
    warnings = _rerun_until(at, "not a text CSV")
    assert any("not a text CSV" in text and "last good version" in text for text in warnings)
    assert result_names(at) == names
    data.unlink()
    assert any("No studio file at" in text for text in _rerun_until(at, "No studio file at"))
    assert result_names(at) == names


def test_a_header_only_directory_says_it_has_no_studios(search, monkeypatch, tmp_path: Path):
    data = tmp_path / "studios.csv"
    data.write_text("id,name,latitude,longitude\n")
    monkeypatch.setenv("FINDER_DATA", str(data))
    at = search("Austin, TX")
    assert any(text.startswith("The studio directory has no studios") for text in texts(at.warning))

"""python -m finder submissions list/approve/reject, search finding approved studios at once, and export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from finder.cli import main
from finder.directory import load_directory
from finder.submissions import Suggestion

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","x")',
    "description": "<img src=x onerror=alert(1)>",
    "hours": "+SUM(A1)",
    "phone": "+1 208 555 0100",
    "city": "Boise",
    "region": "ID",
    "country": "US",
    "styles": "@Ashiatsu",
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str, sample_copy: Path) -> Path:
    monkeypatch.setenv("FINDER_DB_URL", db_url)
    monkeypatch.setenv("FINDER_DATA", str(sample_copy))
    return sample_copy


def test_list_approve_and_search_finds_it_at_once(env, intake, new_studio):
    reference = intake.submit(Suggestion("new", new_studio(name="Lantern Bar Studio")), browser="b")
    code, out, _ = run("submissions", "list", "--json")
    (row,) = json.loads(out)
    assert code == 0 and set(row) == {"id", "kind", "status", "studio_id", "fields", "submitted_at"}
    assert (row["id"], row["kind"], row["status"]) == (reference, "new", "pending")
    assert "Lantern Bar Studio" not in run("search", "Boise, ID", "--limit", "3")[1]
    assert run("submissions", "approve", reference, "--operator", "ann")[0] == 0
    code, out, _ = run("search", "Boise, ID", "--limit", "3", "--json")
    assert code == 0 and "Lantern Bar Studio" in [r["name"] for r in json.loads(out)["results"]]
    assert json.loads(run("submissions", "list", "--json")[1])[0]["status"] == "approved"


def test_reject_needs_a_reason_and_is_logged(env, intake, new_studio, store):
    reference = intake.submit(Suggestion("new", new_studio()), browser="b")
    assert run("submissions", "reject", reference, "--operator", "ann", "--reason", "not a studio")[0] == 0
    assert store.decisions()[0].reason == "not a studio"
    code, _, err = run("submissions", "approve", reference, "--operator", "ann")
    assert code == 1 and "already decided" in err and "Traceback" not in err


def test_pending_comes_first_in_the_list(env, intake, new_studio):
    first = intake.submit(Suggestion("new", new_studio(name="One")), browser="a")
    second = intake.submit(Suggestion("new", new_studio(name="Two")), browser="b")
    run("submissions", "approve", first, "--operator", "ann")
    assert [row["id"] for row in json.loads(run("submissions", "list", "--json")[1])] == [second, first]


def test_export_neutralises_formulas_and_loads_back_as_written(env, intake, tmp_path):
    reference = intake.submit(Suggestion("new", dict(HOSTILE)), browser="b")
    run("submissions", "approve", reference, "--operator", "ann")
    target = tmp_path / "out.csv"
    code, out, _ = run("export", "-o", str(target))
    assert code == 0 and "Wrote" in out
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig", newline="")))
    assert len(rows) == len(load_directory(env)) + 1
    hostile = next(row for row in rows if row["id"] == f"sub-{reference.lower()}")
    for column in ("name", "hours", "phone", "styles"):
        assert hostile[column].startswith("'"), column
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
    assert any(row["longitude"].startswith("-") for row in rows)  # numbers stay numbers
    again = {studio.id: studio for studio in load_directory(target)}
    assert again[f"sub-{reference.lower()}"].name == HOSTILE["name"]
    assert again[f"sub-{reference.lower()}"].phone == HOSTILE["phone"]
    assert len(again) == len(rows)


def test_export_never_writes_over_the_directory_csv(env):
    before = env.read_bytes()
    code, _, err = run("export", "-o", str(env))
    assert code == 1 and "export to another file" in err
    assert env.read_bytes() == before


def test_validate_says_plainly_when_the_directory_has_no_studios(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("id,name,latitude,longitude\n")
    code, _, err = run("validate", str(path))
    assert code == 1 and "The directory has no studios" in err


def test_validate_reports_a_latin1_row_by_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,name,latitude,longitude\na,Alpha,1,1\nb,Caf\xe9,2,2\n")
    code, out, _ = run("validate", str(path))
    assert code == 1 and "line 3: is not UTF-8 text" in out and "1 of 2 listings loaded" in out

"""python -m finder: what a person sees on the command line, and the exit codes scripts rely on."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from finder.cli import main

REPO = Path(__file__).resolve().parents[1]
HEADER = (
    "id,name,street,city,region,postal_code,country,latitude,longitude,phone,website,booking_url,"
    "styles,price_from,currency,session_minutes,hours,description,verified_on"
)
AUSTIN = [  # around downtown Austin (30.2672, -97.7431)
    "a1,Congress Feet,,Austin,TX,78701,US,30.2680,-97.7430,,,,Ashiatsu DeepFeet,120,USD,60,,,",
    "a2,Lamar Bars,,Austin,TX,78703,US,30.2800,-97.7600,,,,Ashiatsu Oriental Bar Therapy,110,USD,60,,,",
    "a3,Rope and Oil,,Austin,TX,78704,US,30.2400,-97.7700,,,,Chavutti Thirumal,130,USD,75,,,",
    "a4,Round Rock Barefoot,,Round Rock,TX,78664,US,30.5083,-97.6789,,,,Ashiatsu DeepFeet,100,USD,60,,,",
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def directory(tmp_path) -> Path:
    return write_csv(tmp_path / "studios.csv", AUSTIN)


@pytest.fixture(autouse=True)
def no_data_env(monkeypatch):
    monkeypatch.delenv("FINDER_DATA", raising=False)
    monkeypatch.delenv("FINDER_GEOCODER", raising=False)


# ---- search ------------------------------------------------------------------------------------


def test_search_by_coordinates_prints_a_ranked_list(directory):
    code, out, err = run("search", "--data", str(directory), "30.2672, -97.7431")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Near 30.26720, -97.74310")
    assert lines[1].startswith(" 1. Congress Feet — ")
    assert out.index("Congress Feet") < out.index("Lamar Bars") < out.index("Round Rock Barefoot")


def test_search_accepts_coordinates_without_a_comma(directory):
    code, out, _ = run("search", "--data", str(directory), "--json", "30.2672 -97.7431")
    assert code == 0
    assert json.loads(out)["results"][0]["id"] == "a1"


def test_search_json_shape_and_order(directory):
    code, out, _ = run("search", "--data", str(directory), "--json", "30.2672, -97.7431")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"origin", "price_currency", "results"}
    assert payload["price_currency"] is None  # no price cap, no price order: no prices compared
    assert set(payload["origin"]) == {"query", "label", "latitude", "longitude"}
    assert payload["origin"]["latitude"] == pytest.approx(30.2672)
    results = payload["results"]
    assert [row["id"] for row in results] == ["a1", "a2", "a3", "a4"]
    for row in results:
        assert {"id", "name", "latitude", "longitude", "distance_km", "styles", "city"} <= set(row)
    distances = [row["distance_km"] for row in results]
    assert distances == sorted(distances)


def test_search_by_place_name(directory):
    code, out, _ = run("search", "--data", str(directory), "--json", "Austin, TX")
    assert code == 0
    origin = json.loads(out)["origin"]
    assert (origin["query"], origin["label"]) == ("Austin, TX", "Austin, Texas, US")
    assert origin["latitude"] == pytest.approx(30.267, abs=0.01)


def test_search_by_zip_prints_the_place(directory):
    code, out, _ = run("search", "--data", str(directory), "78701")
    assert code == 0
    assert out.startswith("Near 78701 Austin, Texas, US (postal-code precision)")


@pytest.mark.parametrize(("limit", "count"), [("1", 1), ("2", 2), ("10", 4)])
def test_search_limit(directory, limit, count):
    _, out, _ = run("search", "--data", str(directory), "--json", "--limit", limit, "30.2672, -97.7431")
    assert len(json.loads(out)["results"]) == count


def test_search_radius_keeps_only_nearby_studios(directory):
    _, out, _ = run("search", "--data", str(directory), "--json", "--radius-km", "5", "30.2672, -97.7431")
    results = json.loads(out)["results"]
    assert [row["id"] for row in results] == ["a1", "a2", "a3"]
    assert all(row["distance_km"] <= 5 for row in results)


def test_search_radius_with_nothing_inside_says_so(directory):
    code, out, _ = run("search", "--data", str(directory), "--radius-km", "0.01", "30.30, -97.70")
    assert code == 0
    assert "No studios within 0.01 km." in out


def test_search_style_can_be_repeated(directory):
    _, out, _ = run(
        "search",
        "--data",
        str(directory),
        "--json",
        "--style",
        "ashiatsu deepfeet",
        "--style",
        "Chavutti Thirumal",
        "30.2672, -97.7431",
    )
    assert [row["id"] for row in json.loads(out)["results"]] == ["a1", "a3", "a4"]


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_search_unknown_place_is_one_line_and_exit_1(directory, flag):
    code, out, err = run("search", "--data", str(directory), *flag, "Xqzzyplorfville")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Xqzzyplorfville" in err and "Traceback" not in err


def test_search_missing_data_file_is_one_line(tmp_path):
    code, _, err = run("search", "--data", str(tmp_path / "nope.csv"), "30.27, -97.74")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "nope.csv" in err


# ---- data path ---------------------------------------------------------------------------------


def test_data_flag_wins_over_environment(tmp_path, monkeypatch):
    from_env = write_csv(tmp_path / "env.csv", ["e1,Env Studio,,,,,US,30.27,-97.74,,,,,,,,,,"])
    from_flag = write_csv(tmp_path / "flag.csv", ["f1,Flag Studio,,,,,US,30.27,-97.74,,,,,,,,,,"])
    monkeypatch.setenv("FINDER_DATA", str(from_env))
    _, out, _ = run("search", "--json", "30.27, -97.74")
    assert json.loads(out)["results"][0]["name"] == "Env Studio"
    _, out, _ = run("search", "--json", "--data", str(from_flag), "30.27, -97.74")
    assert json.loads(out)["results"][0]["name"] == "Flag Studio"


def test_without_flag_or_environment_the_bundled_sample_is_used():
    code, out, _ = run("search", "--json", "--limit", "3", "30.27, -97.74")
    assert code == 0
    assert len(json.loads(out)["results"]) == 3


# ---- geocode -----------------------------------------------------------------------------------


def test_geocode_json_is_one_object_per_line_in_order():
    code, out, err = run("geocode", "--json", "Austin, TX", "Xqzzyplorfville", "78701")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["query"] for row in rows] == ["Austin, TX", "Xqzzyplorfville", "78701"]
    assert set(rows[0]) == {"query", "label", "latitude", "longitude", "precision", "source", "alternatives"}
    assert set(rows[1]) == {"query", "error"}
    assert (rows[2]["label"], rows[2]["precision"]) == ("78701 Austin, Texas, US", "postal_code")
    assert err == ""


def test_geocode_exit_0_when_all_are_placed():
    code, out, _ = run("geocode", "Portland", "30.27, -97.74")
    assert code == 0
    assert out.startswith("Portland: Portland, Oregon, US")
    assert "also: Portland, Maine, US" in out


def test_geocode_bad_input_is_an_error_line_not_a_crash():
    code, out, _ = run("geocode", "--json", "<script>alert(1)</script>", "95, 10")
    assert code == 1
    assert [set(json.loads(line)) for line in out.splitlines()] == [{"query", "error"}] * 2


# ---- validate ----------------------------------------------------------------------------------


def test_validate_clean_file(directory):
    code, out, _ = run("validate", str(directory))
    assert code == 0
    assert out.strip()


def test_validate_json_shape_with_an_error(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [AUSTIN[0], "b2,Too North,,,,,US,95.0,-97.74,,,,,,,,,,"])
    code, out, _ = run("validate", "--json", str(path))
    assert code == 1
    payload = json.loads(out)
    assert set(payload) == {"ok", "rows", "valid", "problems", "notices"}
    assert payload["notices"] == []  # only when the place-name database failed while the file loaded
    assert (payload["ok"], payload["rows"], payload["valid"]) == (False, 2, 1)
    problem = payload["problems"][0]
    assert set(problem) == {"line", "field", "severity", "message"}
    assert (problem["line"], problem["field"], problem["severity"]) == (3, "latitude", "error")


def test_validate_missing_file_exits_2(tmp_path):
    code, out, err = run("validate", str(tmp_path / "missing.csv"))
    assert code == 2
    assert out == "" and len(err.strip().splitlines()) == 1


# ---- geocode-csv -------------------------------------------------------------------------------


def test_geocode_csv_fills_coordinates_and_lists_what_it_could_not_place(tmp_path):
    source = write_csv(
        tmp_path / "in.csv",
        [
            "z1,Zip Studio,,,,78701,US,,,,,,,,,,,,",
            "c1,City Studio,,Berlin,,,DE,,,,,,,,,,,,",
            "x1,Nowhere Studio,,Xqzzyplorfville,,,US,,,,,,,,,,,,",
            "k1,Kept Studio,,Austin,TX,,US,30.1,-97.1,,,,,,,,,,",
        ],
    )
    target = tmp_path / "out.csv"
    code, out, err = run("geocode-csv", str(source), "-o", str(target))
    assert code == 1
    assert "not placed: line 4" in err and "Traceback" not in err
    assert "Wrote" in out
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["z1", "c1", "x1", "k1"]
    assert set(HEADER.split(",")) <= set(rows[0])
    zip_row, city_row, nowhere, kept = rows
    assert zip_row["precision"] == "postal_code"
    assert float(zip_row["latitude"]) == pytest.approx(30.27, abs=0.05)
    assert city_row["precision"] == "city"
    assert float(city_row["longitude"]) == pytest.approx(13.41, abs=0.05)
    assert (nowhere["latitude"], nowhere["longitude"], nowhere["name"]) == ("", "", "Nowhere Studio")
    assert (kept["latitude"], kept["longitude"], kept["precision"]) == ("30.1", "-97.1", "coordinates")


def test_geocode_csv_round_trips_a_file_with_lat_lng_headers(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("name,city,country,lat,lng\nPlaced Here,,US,30.1,-97.1\nBy City,Berlin,DE,,\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    code, _, err = run("geocode-csv", str(source), "-o", str(target))
    assert code == 0, err
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["name", "city", "country", "lat", "lng", "precision"]  # no second latitude column
    assert rows[1][3:] == ["30.1", "-97.1", "coordinates"]
    assert rows[2][5] == "city" and float(rows[2][4]) == pytest.approx(13.41, abs=0.05)
    code, out, _ = run("validate", "--json", str(target))
    payload = json.loads(out)
    assert (code, payload["rows"], payload["valid"]) == (0, 2, 2)


def test_geocode_csv_refuses_to_overwrite_its_input(directory):
    before = directory.read_bytes()
    code, _, err = run("geocode-csv", str(directory), "-o", str(directory))
    assert code != 0
    assert "another file" in err
    assert directory.read_bytes() == before


# ---- sample ------------------------------------------------------------------------------------


def test_sample_then_validate(tmp_path):
    path = tmp_path / "sample.csv"
    code, out, _ = run("sample", "--rows", "50", "-o", str(path))
    assert code == 0 and "50" in out
    code, out, _ = run("validate", "--json", str(path))
    payload = json.loads(out)
    assert code == 0
    assert (payload["ok"], payload["rows"]) == (True, 50)


# ---- bad arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "--limit", "0", "Austin"], "must be 1 or more"),
        (["search", "--limit", "ten", "Austin"], "not a whole number"),
        (["search", "--radius-km", "-1", "Austin"], "must be a number of 0 or more"),
        (["search", "--radius-km", "nan", "Austin"], "must be a number of 0 or more"),
        (["sample", "--rows", "0"], "must be 1 or more"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_are_usage_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


# ---- the real command --------------------------------------------------------------------------


def python_m_finder(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finder", *argv], capture_output=True, text=True, timeout=60, cwd=REPO)


def test_real_command_unknown_place(directory):
    result = python_m_finder("search", "--data", str(directory), "Xqzzyplorfville")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_real_command_geocode_json():
    result = python_m_finder("geocode", "--json", "Berlin", "Bombay")
    assert result.returncode == 0, result.stderr
    labels = [json.loads(line)["label"] for line in result.stdout.splitlines()]
    assert labels == ["Berlin, DE", "Mumbai, Maharashtra, IN"]


def test_real_command_bad_argument():
    result = python_m_finder("search", "--limit", "0", "Austin")
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr and "Traceback" not in result.stderr


# ---- opening hours -----------------------------------------------------------------------------

HOURS_ROWS = [  # Austin; 2026-12-02T15:00:00Z is Wednesday 09:00 there
    "h1,Early Feet,,Austin,TX,78701,US,30.2680,-97.7430,,,,Ashiatsu DeepFeet,120,USD,60,Mo-Fr 10:00-18:00,,",
    "h2,Morning Bars,,Austin,TX,78703,US,30.2800,-97.7600,,,,Ashiatsu DeepFeet,90,USD,90,Mon–Fri 8am–6pm,,",
    "h3,Call First,,Austin,TX,78704,US,30.2400,-97.7700,,,,Ashiatsu DeepFeet,80,USD,60,By appointment only,,",
    "h4,Night Owl,,Round Rock,TX,78664,US,30.5083,-97.6789,,,,Ashiatsu DeepFeet,70,USD,60,Mo-Su 08:30-09:20,,",
]


def test_search_json_has_the_hours_fields_at_a_given_instant(tmp_path):
    path = write_csv(tmp_path / "hours.csv", HOURS_ROWS)
    code, out, _ = run("search", "--data", str(path), "30.2672, -97.7431", "--at", "2026-12-02T15:00:00Z", "--json")
    assert code == 0
    results = {row["id"]: row for row in json.loads(out)["results"]}
    assert {key: results["h1"][key] for key in ("open_now", "hours_state", "next_change", "timezone")} == {
        "open_now": False,
        "hours_state": "closed",
        "next_change": "2026-12-02T10:00:00-06:00",
        "timezone": "America/Chicago",
    }
    assert (results["h2"]["open_now"], results["h2"]["hours_state"]) == (True, "open")
    assert (results["h3"]["open_now"], results["h3"]["hours_state"], results["h3"]["next_change"]) == (
        None,
        "appointment",
        None,
    )
    assert results["h4"]["hours_state"] == "closing_soon"


def test_open_now_filters_before_the_limit_and_sorts(tmp_path):
    path = write_csv(tmp_path / "hours.csv", HOURS_ROWS)
    common = ("search", "--data", str(path), "30.2672, -97.7431", "--at", "2026-12-02T15:00:00Z", "--json")
    code, out, _ = run(*common, "--open-now", "--limit", "1")
    assert code == 0 and [row["id"] for row in json.loads(out)["results"]] == ["h2"]  # not h1, the nearest
    _, out, _ = run(*common, "--sort", "price")
    assert [row["id"] for row in json.loads(out)["results"]] == ["h4", "h3", "h2", "h1"]
    _, out, _ = run(*common, "--sort", "opens")
    assert [row["id"] for row in json.loads(out)["results"]][:3] == ["h2", "h4", "h1"]
    _, out, _ = run(*common, "--max-price", "85", "--session-minutes", "60")
    assert [row["id"] for row in json.loads(out)["results"]] == ["h3", "h4"]
    _, out, _ = run(*common, "--session-minutes", "90")
    assert [row["id"] for row in json.loads(out)["results"]] == ["h2"]


def test_the_text_output_has_the_status_line(tmp_path):
    path = write_csv(tmp_path / "hours.csv", HOURS_ROWS)
    code, out, _ = run("search", "--data", str(path), "30.2672, -97.7431", "--at", "2026-12-02T15:00:00Z")
    assert code == 0 and "    Closed · opens 10:00\n" in out and "    By appointment\n" in out


@pytest.mark.parametrize("instant", ["tomorrow", "2026-12-02T15:00"])
def test_at_must_be_an_instant_with_an_offset(directory, instant, capsys):
    with pytest.raises(SystemExit) as exited:
        run("search", "--data", str(directory), "Austin", "--at", instant)
    assert exited.value.code == 2
    assert "--at" in capsys.readouterr().err


def test_validate_reports_unreadable_hours_as_a_warning(tmp_path):
    rows = [HOURS_ROWS[0], HOURS_ROWS[1].replace("Mon–Fri 8am–6pm", "Mon-Fri 9-5ish")]
    code, out, _ = run("validate", str(write_csv(tmp_path / "bad-hours.csv", rows)))
    assert code == 0  # a warning keeps the row and the file is still good
    assert "warning: line 3: hours 'Mon-Fri 9-5ish' could not be read" in out


def test_validate_warns_of_a_region_whose_holidays_it_cannot_tell(tmp_path):
    rows = [
        "b1,Gracia Feet,,Barcelona,Catalonia,08012,ES,41.4036,2.1560,,,,Ashiatsu,60,EUR,60,Mo-Fr 10:00-19:00; PH off,,",
        "b2,Born Bars,,Barcelona,CT,08003,ES,41.3851,2.1830,,,,Ashiatsu,60,EUR,60,Mo-Fr 10:00-19:00; PH off,,",
        "b3,No Holidays,,Barcelona,Catalonia,08001,ES,41.3800,2.1700,,,,Ashiatsu,60,EUR,60,Mo-Fr 10:00-19:00,,",
    ]
    code, out, _ = run("validate", str(write_csv(tmp_path / "regions.csv", rows)))
    assert code == 0  # the rows are kept, with their country's national holidays
    assert "warning: line 2: region 'Catalonia' is not one the holiday calendar knows for ES" in out
    assert "line 3:" not in out and "line 4:" not in out  # a known code; hours that name no holiday
    assert "3 of 3 listings loaded" in out and "; 1 warning." in out
    code, out, _ = run("validate", "--json", str(tmp_path / "regions.csv"))
    problems = json.loads(out)["problems"]
    assert [(p["line"], p["field"], p["severity"]) for p in problems] == [(2, "region", "warning")]


def test_a_price_cap_and_the_price_order_are_in_the_local_currency(tmp_path):
    rows = [
        *HOURS_ROWS,
        "h5,Border Pesos,,Austin,TX,78705,US,30.2900,-97.7400,,,,Ashiatsu DeepFeet,50,MXN,60,,,",  # pesos in Austin
    ]
    path = write_csv(tmp_path / "currencies.csv", rows)
    common = ("search", "--data", str(path), "30.2672, -97.7431", "--json")
    _, out, _ = run(*common, "--max-price", "85")
    found = json.loads(out)
    assert found["price_currency"] == "USD" and [row["id"] for row in found["results"]] == ["h3", "h4"]
    _, out, _ = run(*common, "--max-price", "85", "--currency", "mxn")
    found = json.loads(out)
    assert found["price_currency"] == "MXN" and [row["id"] for row in found["results"]] == ["h5"]
    _, out, _ = run(*common, "--sort", "price")
    assert [row["id"] for row in json.loads(out)["results"]] == ["h4", "h3", "h2", "h1", "h5"]  # 50 MXN: not cheapest
    code, out, _ = run("search", "--data", str(path), "30.2672, -97.7431", "--max-price", "85")
    assert code == 0 and out.splitlines()[1] == "Sessions up to 85 USD"


def test_currency_must_be_a_three_letter_code(directory, capsys):
    with pytest.raises(SystemExit) as exited:
        run("search", "--data", str(directory), "Austin", "--max-price", "90", "--currency", "dollars")
    assert exited.value.code == 2
    assert "not a 3-letter currency code like USD" in capsys.readouterr().err

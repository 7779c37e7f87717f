"""Export cannot start a spreadsheet formula; import takes an export back and reports bad rows."""

import csv
import io

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from finder.favorites import FavoritesStore, new_list_id

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RISKY = {
    "=": '=HYPERLINK("http://evil.example","click")',
    "+": "+1+1",
    "-": "-2+3",
    "@": "@SUM(A1:A9)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


def cells(exported: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exported, newline="")))


@pytest.mark.parametrize("name", RISKY.values(), ids=RISKY.keys())
def test_export_neutralises_formula_starts(store, list_id, make_studio, name):
    store.add(list_id, make_studio(1, name=name, street=name, phone="+1 215 555 0100", latitude=-33.8))
    header, row = cells(store.export_csv(list_id))
    assert header[:2] == ["studio_id", "name"]
    assert row[1] == "'" + name
    assert not any(cell.startswith(FORMULA_STARTS) for cell in header + row)


def test_export_quotes_every_cell_so_no_delimiter_splits_one(store, list_id, make_studio):
    store.add(list_id, make_studio(1, name="Lotus;=1+1", street="12 Main St\n=HYPERLINK(1)"))
    exported = store.export_csv(list_id)
    assert exported.startswith('"studio_id","name",')
    header, row = cells(exported)
    assert row[1] == "'Lotus;=1+1" and row[2].startswith("'12 Main St\n")


def test_export_then_import_gives_the_same_list(store, make_studio):
    source, target = new_list_id(), new_list_id()
    for number, name in enumerate(RISKY.values()):
        store.add(source, make_studio(number, name=name, phone="+44 20 5555", longitude=-0.1 - number))
    store.add(source, make_studio(9, name="'quoted' plain name", website=""))
    store.add(source, make_studio(10, name="'=already guarded", street=" =1+1"))
    result = store.import_csv(target, store.export_csv(source))
    assert (result.added, result.skipped, result.problems) == (8, 0, [])
    strip = [fav.__class__(**{**_fields(fav), "list_id": "-"}) for fav in store.list(source)]
    again = [fav.__class__(**{**_fields(fav), "list_id": "-"}) for fav in store.list(target)]
    assert again == strip

    result = store.import_csv(target, store.export_csv(source))  # importing twice adds nothing
    assert (result.added, result.skipped, result.problems) == (0, 8, [])


def _fields(favorite):
    return {name: getattr(favorite, name) for name in favorite.__slots__}


def test_bad_rows_are_reported_by_line_and_good_rows_still_imported(store, list_id):
    text = (
        "studio_id,name,address,latitude,longitude,phone,website,starred_at\n"  # line 1
        "s1,Good One,1 Main St,40.0,-75.0,,https://one.example,2024-05-01T10:00:00+00:00\n"  # 2
        ",No Id,,40,-75,,,\n"  # 3
        "s3,,,40,-75,,,\n"  # 4
        "s4,Bad Lat,,abc,-75,,,\n"  # 5
        "s5,Far North,,95.0,-75,,,\n"  # 6
        "\n"  # 7: blank, ignored
        '"s6","Multi\nline name",,40,-75,,,\n'  # 8-9
        "s7,Bad Link,,40,-75,,javascript:alert(1),\n"  # 10
        "s8,Bad Date,,40,-75,,,yesterday\n"  # 11
        "s1,Good One Again,,40,-75,,,\n"  # 12: already there
        "s9,Short Row,,41,-74\n"  # 13: missing trailing cells are empty
    )
    result = store.import_csv(list_id, text)
    assert result.added == 5 and result.skipped == 1
    assert [problem.split(":")[0] for problem in result.problems] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 10",
        "line 11",
    ]
    assert "latitude 95.0 is outside -90..90" in result.problems[3]
    assert "'abc' is not a number" in result.problems[2]
    assert store.ids(list_id) == {"s1", "s6", "s7", "s8", "s9"}
    by_id = {fav.studio_id: fav for fav in store.list(list_id)}
    assert by_id["s6"].name == "Multi\nline name"
    assert by_id["s7"].website == ""
    assert by_id["s1"].starred_at.isoformat() == "2024-05-01T10:00:00+00:00"
    assert store.list(list_id)[0].studio_id == "s1"  # the oldest (its exported starred_at) comes first


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "line 1: the file is empty"),
        ("   \n", "line 1: the file is empty"),
        ("name,city\nStudio,Philly\n", "line 1: the header lacks studio_id, latitude, longitude"),
    ],
)
def test_a_file_that_is_not_an_export_adds_nothing(store, list_id, row_count, text, problem):
    result = store.import_csv(list_id, text)
    assert result.added == 0 and result.problems[0].startswith(problem)
    assert row_count(store) == 0


def test_spreadsheet_flavoured_csv_is_accepted(store, list_id):
    text = "\ufeffStudio_ID;Name;Latitude;Longitude\r\ns1;Comma Decimal;52,0;4\r\ns2;Dot;52.1;4.2\r\n"
    result = store.import_csv(list_id, text)
    assert result.added == 1  # "52,0" is not a number here: reported, not guessed
    assert result.problems == ["line 2: latitude '52,0' is not a number."]
    assert store.ids(list_id) == {"s2"}


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    with FavoritesStore(f"sqlite:///{tmp_path_factory.mktemp('csv') / 'f.sqlite3'}") as store:
        yield store


text_without_nul = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(name=text_without_nul, address=text_without_nul, phone=text_without_nul, studio_id=text_without_nul)
def test_any_text_survives_export_and_import(sqlite_store, make_studio, name, address, phone, studio_id):
    assume(name.strip() and studio_id.strip())
    source, target = new_list_id(), new_list_id()
    sqlite_store.add(
        source,
        make_studio(
            1, id=studio_id, name=name, street=address, postal_code="", city="", region="", country="", phone=phone
        ),
    )
    exported = sqlite_store.export_csv(source)
    assert not any(cell.startswith(FORMULA_STARTS) for row in cells(exported) for cell in row)
    result = sqlite_store.import_csv(target, exported)
    assert result.problems == [] and result.added == 1
    [original], [imported] = sqlite_store.list(source), sqlite_store.list(target)
    assert (imported.studio_id, imported.name, imported.address, imported.phone, imported.starred_at) == (
        original.studio_id,
        original.name,
        original.address,
        original.phone,
        original.starred_at,
    )

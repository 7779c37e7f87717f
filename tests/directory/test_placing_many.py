"""Rows without coordinates are placed quickly however many there are (issue 13, fault 2).

Each distinct (postal code, city, region, country) is looked up once, the misspelling check compares a
bounded number of names (not every town of the country), and past a cap the rest are reported at once.
Work is counted (lookups, names compared), not timed.
"""

from __future__ import annotations

import random
import string

import pytest

from finder import load_directory
from finder.directory import validate
from finder.geocoding.fuzzy import Misspellings
from finder.geocoding.gazetteer import OfflineGeocoder
from finder.geocoding.store import Scope

#: Names compared per unknown town, at most: before the fix, every town of the country (17,341 in the US).
COMPARED_PER_NAME = 2_000
#: Names compared per reading of a typed query (any country, down to the "did you mean" score), at most.
SUGGESTION_COMPARED = 15_000


def _nonsense(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 11))).title()


class Counting:
    """The real offline geocoder, counting the lookups the loader asks for."""

    def __init__(self, geocoder: OfflineGeocoder) -> None:
        self.geocoder = geocoder
        self.calls: list[tuple[str, str, str, str]] = []

    def place_structured(self, *, postal_code: str = "", city: str = "", region: str = "", country: str = ""):
        self.calls.append((postal_code, city, region, country))
        return self.geocoder.place_structured(postal_code=postal_code, city=city, region=region, country=country)


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    try:
        return OfflineGeocoder()
    except Exception as err:  # noqa: BLE001 - the gazetteer is built by `make test`
        pytest.skip(f"no gazetteer: {err}")


def test_each_distinct_place_is_looked_up_once_and_unknown_towns_compare_few_names(write_csv, geocoder):
    rng = random.Random(5)
    names = [_nonsense(rng) for _ in range(150)]
    rows = [{"name": f"Studio {i}", "city": names[i % len(names)], "country": "US"} for i in range(450)]
    rows.append({"name": "Known", "city": "Austin", "region": "TX", "country": "US"})
    counting = Counting(geocoder)
    geocoder._structured.cache_clear()
    before = geocoder.misspellings.comparisons
    directory = load_directory(write_csv(rows), geocoder=counting)
    assert len(counting.calls) == len(set(counting.calls)) == len(names) + 1
    assert len(directory) == 1  # Austin; the nonsense towns are reported, line by line
    assert len(directory.report.errors) == 450
    assert directory.report.errors[0].message.startswith("could not place")
    assert geocoder.misspellings.comparisons - before <= COMPARED_PER_NAME * len(names)


def test_past_the_cap_the_places_most_rows_share_are_looked_up_and_the_rest_reported(write_csv, geocoder, monkeypatch):
    monkeypatch.setattr(validate, "MAX_DISTINCT_PLACES", 3)
    cities = ["Austin", "Denver", "Boston", "Chicago", "Seattle"]
    rows = [{"name": f"S{i}", "city": city, "country": "US"} for i, city in enumerate(cities)]
    rows += [{"name": f"again {i}", "city": "Seattle", "country": "US"} for i in range(3)]
    rows.append({"name": "another", "city": "Boston", "country": "US"})
    counting = Counting(geocoder)
    directory = load_directory(write_csv(rows), geocoder=counting)
    assert [call[1] for call in counting.calls] == ["Seattle", "Boston", "Austin"]
    assert len(directory) == 4 + 2 + 1  # Seattle, Boston and Austin placed
    skipped = {problem.line: problem.message for problem in directory.report.errors}
    assert sorted(skipped) == [3, 5]  # Denver and Chicago
    assert all("more than 3 distinct places" in message for message in skipped.values())


def test_a_query_of_many_unknown_parts_compares_few_names(geocoder):
    rng = random.Random(9)
    query = ", ".join(_nonsense(rng).lower() for _ in range(18))[:200]
    before = geocoder.misspellings.comparisons
    with pytest.raises(Exception, match="No place called"):
        geocoder.locate(query)
    # two readings, each in one scope (anywhere), at the suggestion score: before the fix, 18 x 170,391 names
    assert geocoder.misspellings.comparisons - before <= 2 * SUGGESTION_COMPARED


def test_the_misspelling_index_still_finds_swapped_and_dropped_letters(geocoder):
    misspellings = Misspellings(geocoder.store)
    for typed, meant in [("Sacramnetno", "Sacramento"), ("Pittsbrugh", "Pittsburgh"), ("Phildelphia", "Philadelphia")]:
        best = misspellings.accepted(typed, misspellings.close_matches(typed, Scope("US"), score=85))
        assert best is not None and best.name == meant

"""The indexes packed into the gazetteer at build time are the ones the runtime would sort from its tables."""

from __future__ import annotations

from finder.geocoding.fuzzy import WORLD_BY_LETTER, WORLD_BY_PAIR, ScopeIndex
from finder.geocoding.store import Scope
from finder.geocoding.suggest import PACKED_NAME, PrefixIndex


def test_the_packed_world_name_index_is_the_sorted_one(geocoder):
    packed = geocoder.store.packed(WORLD_BY_LETTER, WORLD_BY_PAIR)
    assert packed is not None, "the gazetteer has no packed indexes: rebuild it with `make gazetteer`"
    read, sorted_now = ScopeIndex.unpack(packed), ScopeIndex.of(list(geocoder.store.town_keys(Scope())))
    for mine, theirs in ((read.by_letter, sorted_now.by_letter), (read.by_pair, sorted_now.by_pair)):
        assert mine.names == theirs.names and list(mine.ids) == list(theirs.ids) and mine.starts == theirs.starts


def test_the_packed_suggestion_index_is_the_sorted_one(geocoder):
    packed = geocoder.store.packed(PACKED_NAME)
    assert packed is not None
    read, sorted_now = PrefixIndex.unpack(packed[PACKED_NAME]), PrefixIndex.of(geocoder.store)
    assert read.keys == sorted_now.keys and read.areas == sorted_now.areas
    assert (read.kinds == sorted_now.kinds).all() and (read.refs == sorted_now.refs).all()
    assert (read.weights == sorted_now.weights).all()
    towns, towns_now = read.towns, sorted_now.towns
    assert towns.names == towns_now.names and towns.scopes == towns_now.scopes
    for mine, theirs in (
        (towns.name_ends, towns_now.name_ends),
        (towns.ids, towns_now.ids),
        (towns.scope_of, towns_now.scope_of),
        (towns.coordinates, towns_now.coordinates),
        (towns.populations, towns_now.populations),
    ):
        assert (mine == theirs).all()


def test_a_suggested_town_is_the_gazetteers_row(geocoder):
    """The town columns a suggestion reads in memory say what the file says."""
    towns = geocoder.suggester.index().towns
    for position in (0, len(towns.ids) // 2, len(towns.ids) - 1):
        town = towns.town(position)
        assert town == geocoder.store.town_by_id(town.id)


def test_a_file_without_them_still_answers(geocoder, monkeypatch):
    """An index missing from the file is sorted on first use, as before schema 4."""
    geocoder.misspellings.clear()
    monkeypatch.setattr(geocoder.store, "packed", lambda *names: None)
    assert geocoder.locate("Pittsbrugh").label == "Pittsburgh, Pennsylvania, US"
    geocoder.misspellings.clear()

"""Studio ids are kept exactly or refused with the store's own error: never changed on the way in."""

import pytest

from finder.errors import FavoritesError, InvalidStudioId
from finder.favorites import ImportResult, new_list_id, parse_import

REFUSED = {
    "nul": ("studio\x00one", "NUL"),
    "lone-surrogate": ("studio\ud800", "unpaired surrogate"),
    "low-surrogate": ("\udc80", "unpaired surrogate"),
    "empty": ("", "empty"),
    "blank": ("   ", "empty"),
    "too-long": ("x" * 201, "longer than 200"),
}
KEPT = ["studio-1", " padded ", "ünïcødé 🦶", "tab\there", "x" * 200, "'=quoted", "line\nbreak"]


@pytest.mark.parametrize(("studio_id", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_an_id_the_store_cannot_keep_is_refused_everywhere_it_enters(store, list_id, make_studio, studio_id, reason):
    studio = make_studio(1, id=studio_id)
    for call in (
        lambda: store.add(list_id, studio),
        lambda: store.toggle(list_id, studio),
        lambda: store.remove(list_id, studio_id),
        lambda: store.is_favorite(list_id, studio_id),
    ):
        with pytest.raises(InvalidStudioId, match=reason) as raised:
            call()
        assert isinstance(raised.value, FavoritesError) and isinstance(raised.value, ValueError)
    assert store.ids(list_id) == frozenset()


@pytest.mark.parametrize("studio_id", KEPT)
def test_any_other_id_is_kept_exactly_and_can_be_unstarred(store, list_id, make_studio, studio_id):
    assert store.toggle(list_id, make_studio(1, id=studio_id)) is True
    assert store.ids(list_id) == {studio_id}
    assert store.is_favorite(list_id, studio_id)
    assert store.remove(list_id, studio_id) is True
    assert store.ids(list_id) == frozenset()


def test_an_import_reports_an_id_with_nul_and_keeps_the_other_rows():
    text = "studio_id,name,latitude,longitude\ns\x001,Nul,40,-75\ns2,Fine,40,-75\n"
    result = ImportResult()
    rows = parse_import(new_list_id(), text, result)
    assert [row.studio_id for row in rows] == ["s2"]
    assert result.problems == ["line 2: studio_id contains a NUL character; the row was not imported."]

"""The favourites database accepts connections and never answers: the search works, the favourites say
once that they are unavailable, and the database is not asked again on every rerun."""

import pytest
from appview import result_names, star_of, stars, tap_star

from finder.bench.silent import HangingServer, SilentServer
from finder.favorites.answers import AnsweringConnection


@pytest.fixture(params=[SilentServer, HangingServer], ids=["never answers", "hangs after the handshake"])
def silent(request, monkeypatch):
    monkeypatch.setattr(AnsweringConnection, "answer_timeout_s", 1.5)  # the bound, shortened for the test
    with request.param() as server:
        monkeypatch.setenv("FINDER_DB_URL", server.url)
        yield server


def favourite_warnings(at) -> list[str]:
    return [warning.value for warning in at.warning if "Favourites are unavailable" in warning.value]


def test_search_works_and_the_favourites_say_once_that_they_are_unavailable(search, silent):
    at = search("Austin, TX")
    assert result_names(at)  # the search is not held up by the favourites
    assert len(favourite_warnings(at)) == 1
    asked = silent.accepted

    studio_id = stars(at)[0].studio_id
    tap_star(at, studio_id)
    assert len(favourite_warnings(at)) == 1  # the star's failure and the list's are one message, shown once
    assert star_of(at, studio_id).label.startswith("Save ")

    at.text_input(key="location").input("Denver").run()
    assert result_names(at) and len(favourite_warnings(at)) == 1
    assert silent.accepted == asked  # the reruns did not wait on the database again

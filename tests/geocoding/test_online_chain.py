"""The online path through a fake geopy geocoder: never the network."""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderTimedOut
from geopy.location import Location

from finder.errors import GeocoderUnavailable, LocationNotFound
from finder.geocoding import GeocoderChain, geocoder_from_env
from finder.geocoding.online import RATE_LIMIT

ADDRESS = "500 E 7th St, Austin, TX 78701"


class FakeGeocoder:
    """A stand-in for a geopy geocoder that records its calls."""

    def __init__(self, answer=None, error=None):
        self.calls: list[tuple[str, float | None]] = []
        self.answer = answer if answer is not None else Location("500 E 7th St, Austin", (30.2669, -97.7364), {})
        self.error = error

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append((query, timeout))
        if self.error:
            raise self.error
        return self.answer


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def chain(geocoder, online, clock=None, **options):
    clock = clock or FakeClock()
    return GeocoderChain(geocoder, online, clock=clock, sleep=clock.sleep, **options)


def test_street_address_goes_online_with_the_timeout(geocoder):
    online = FakeGeocoder()
    place = chain(geocoder, online, timeout=2.5).locate(ADDRESS)
    assert (place.precision, place.source) == ("street", "fakegeocoder")
    assert online.calls == [(ADDRESS, 2.5)]


def test_town_query_stays_offline(geocoder):
    online = FakeGeocoder()
    assert chain(geocoder, online).locate("Austin, TX").source == "offline"
    assert online.calls == []


def test_cache_hit_asks_once(geocoder):
    online = FakeGeocoder()
    finder_chain = chain(geocoder, online)
    first = finder_chain.locate(ADDRESS)
    second = finder_chain.locate("500  E 7th St,  Austin, TX 78701")
    assert first == second
    assert len(online.calls) == 1


def test_rate_limit_is_held_across_chains(geocoder):
    clock = FakeClock()
    first = chain(geocoder, FakeGeocoder(), clock, min_delay_seconds=1.0)
    second = chain(geocoder, FakeGeocoder(), clock, min_delay_seconds=1.0)
    first.locate(ADDRESS)
    second.locate("600 Congress Ave, Austin, TX 78701")
    assert clock.slept == [pytest.approx(1.0)]


def test_rate_limit_wait_too_long_falls_back(geocoder):
    clock = FakeClock()
    online = FakeGeocoder()
    RATE_LIMIT.reserve(clock(), 10.0, 10.0)  # someone else holds the next 10 s
    place = chain(geocoder, online, clock).locate(ADDRESS)
    assert place.precision == "postal_code" and online.calls == []
    assert "placed by postal code" in place.note


@pytest.mark.parametrize("error", [GeocoderTimedOut("slow"), TimeoutError("slow"), ConnectionError("down")])
def test_timeout_or_error_falls_back_to_offline(geocoder, error):
    place = chain(geocoder, FakeGeocoder(error=error)).locate(ADDRESS)
    assert place.source == "offline" and place.precision == "postal_code"
    assert place.note.startswith("Street-level lookup unavailable")


def test_online_none_falls_back(geocoder):
    online = FakeGeocoder()
    online.answer = None
    online.geocode = lambda query, exactly_one=True, timeout=None: None
    assert chain(geocoder, online).locate(ADDRESS).source == "offline"


def test_not_found_offline_or_online_raises(geocoder):
    online = FakeGeocoder(error=GeocoderTimedOut("slow"))
    with pytest.raises(LocationNotFound):
        chain(geocoder, online).locate("12 Xqzvbn Street, Qwxz")


def test_without_online_it_is_the_offline_geocoder(geocoder):
    assert GeocoderChain(geocoder).locate(ADDRESS).precision == "postal_code"


def test_from_env_unset_is_offline_only(gazetteer_path, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(gazetteer_path))
    assert geocoder_from_env({}).online is None


def test_from_env_nominatim_sets_user_agent(gazetteer_path, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(gazetteer_path))
    finder_chain = geocoder_from_env({"FINDER_GEOCODER": "nominatim", "FINDER_USER_AGENT": "test/1.0 (me@x)"})
    assert type(finder_chain.online).__name__ == "Nominatim"
    assert finder_chain.online.headers["User-Agent"] == "test/1.0 (me@x)"


def test_from_env_unknown_service_is_explained(gazetteer_path, monkeypatch):
    monkeypatch.setenv("FINDER_GAZETTEER", str(gazetteer_path))
    with pytest.raises(GeocoderUnavailable, match="unset it"):
        geocoder_from_env({"FINDER_GEOCODER": "no-such-service"})

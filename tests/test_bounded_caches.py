"""Caches that grow with what visitors type are bounded: a crawler typing a million places cannot grow the process."""

from __future__ import annotations

import random
import string

import pytest

from finder.directory import directory, validate
from finder.geocoding import normalize
from finder.geocoding.online import GeocoderChain
from finder.hours import rules, status, zones
from finder.ui import layout, map_component, resources

LRU_CACHES = [
    normalize.place_key,
    normalize.sound_key,
    validate._country_code,
    directory._split_styles,
    layout._header_html,
    map_component._cached_payload,
    resources._located,
    resources._live_fast,
    rules.read_hours,
    rules.parsed,
    rules.holiday_days,
    rules._rules_for,
    status.schedule_for,
    zones.known_timezone,
    zones.holiday_calendar,
]


def random_words(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(count)]


@pytest.mark.parametrize("cached", LRU_CACHES, ids=lambda f: f.__qualname__)
def test_every_lru_cache_has_a_bound(cached):
    assert cached.cache_info().maxsize is not None


def test_every_module_level_lru_cache_of_the_core_has_a_bound():
    # Found by walking the package, so that a cache added later without a bound fails here.
    import importlib
    import pkgutil

    import finder

    found = set()
    for module_info in pkgutil.walk_packages(finder.__path__, "finder."):
        if module_info.name.endswith("__main__") or ".ui" in module_info.name or ".bench" in module_info.name:
            continue  # the command line's entry point runs; Streamlit helpers' caches are listed by hand above
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                assert value.cache_info().maxsize is not None, f"{module.__name__}.{name} has no bound"
                found.add(value)
    assert {rules.read_hours, rules.holiday_days, normalize.place_key} <= found  # the walk saw the core's caches


def test_normalising_a_crawl_keeps_the_cache_at_its_bound():
    normalize.place_key.cache_clear()
    bound = normalize.place_key.cache_info().maxsize
    for word in random_words(bound + 5_000):
        normalize.place_key(word)
    assert normalize.place_key.cache_info().currsize == bound


def test_the_gazetteer_lookups_stay_bounded():
    from finder.geocoding.store import Gazetteer

    store = Gazetteer()  # the built gazetteer (make test builds it)
    bound = store.towns_named.cache_info().maxsize
    for word in random_words(bound + 2_000, seed=2):
        store.towns_named(word)
        store.postal_rows(word[:6])
    assert store.towns_named.cache_info().currsize == bound
    assert store.postal_rows.cache_info().currsize <= store.postal_rows.cache_info().maxsize


def test_the_online_answers_are_bounded():
    class Online:
        def geocode(self, text, **kwargs):
            return type("Location", (), {"address": text, "latitude": 1.0, "longitude": 2.0})()

    class Offline:
        def locate(self, query, *, last_country=None):
            from finder.errors import LocationNotFound

            raise LocationNotFound("no")

    chain = GeocoderChain(Offline(), Online(), min_delay_seconds=0, cache_size=50, sleep=lambda s: None)
    for word in random_words(300, seed=3):
        chain.locate(f"1 {word} Street, Springfield")
    assert len(chain._cache) == 50


def test_the_apps_place_cache_has_a_bound():
    assert resources._located.cache_info().maxsize == resources.PLACES_CACHED <= 10_000


def test_sessions_past_their_reconnect_time_are_let_go():
    """Streamlit's store of disconnected sessions forgets expired ones only on its next write."""
    from types import SimpleNamespace

    from streamlit.runtime.memory_session_storage import MemorySessionStorage

    storage = MemorySessionStorage(maxsize=8, ttl_seconds=60)
    now = [1000.0]
    storage._cache._timer = lambda: now[0]  # the cache's clock, so the test need not wait a minute
    for number in range(3):
        storage.save(SimpleNamespace(session=SimpleNamespace(id=f"session-{number}")))
    runtime = SimpleNamespace(_session_mgr=SimpleNamespace(_session_storage=storage))
    assert resources.forget_expired_sessions(runtime) == 0  # within the reconnect time: kept
    now[0] += 61
    assert resources.forget_expired_sessions(runtime) == 3
    assert storage.list() == []
    assert resources.forget_expired_sessions(SimpleNamespace()) == 0  # another Streamlit: nothing, no error

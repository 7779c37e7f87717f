"""Benchmark rows for the app, measured server side with Streamlit's AppTest (no browser).

What a person waits for: the first render of a new session, a new search on the bundled data and on a
100,000-studio directory, and the size of the map payload sent to the browser for 50 results. The app
is driven from outside, as a browser would drive it: nothing here imports Streamlit code of ``finder.ui``
(only the plain card readers of ``finder.ui.cards``), and Streamlit's test harness is imported only when
the section runs.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..directory import load_directory
from ..favorites import FavoritesStore, new_list_id
from ..sample import sample_rows, write_sample_csv
from ..ui.cards import STAR_BUTTON
from . import BenchRow
from .silent import HangingServer, SilentServer

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
#: Ten different places, so every search geocodes afresh (the geocoder caches what it has seen).
PLACES = (
    "Austin, TX",
    "Berlin",
    "04101",
    "Denver",
    "London",
    "Sydney",
    "30.27, -97.74",
    "Seattle, WA",
    "Chicago",
    "Tokyo",
)
PLACES_LARGE = ("Boston", "Madrid", "Toronto", "Nairobi", "Lima", "Osaka", "Phoenix", "Oslo", "Cairo", "Perth")
#: Ten more, for the search while the favourites database does not answer (fresh geocoding there too).
PLACES_UNREACHABLE = (
    "Miami",
    "Paris",
    "Vancouver",
    "Dublin",
    "Rome",
    "Atlanta",
    "Zurich",
    "Portland, Maine",
    "Kyoto",
    "Auckland",
)
LARGE_ROWS = 100_000


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the app, restore them after, and drop the app's cached resources."""
    import streamlit as st

    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    st.cache_resource.clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        st.cache_resource.clear()


def _new_session() -> AppTest:
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=60)


def report_to_component(at: AppTest, component: str, event: str, value: object) -> AppTest:
    """Run the page as after a components-v2 component (``component``, its name) sent ``event`` with
    ``value``, as its script does in the browser. AppTest has no public way to do it; this builds the
    widget state Streamlit's front end sends (the component's one trigger widget, ``…events``)."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id  # noqa: PLC0415, PLC2701
    from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: PLC0415

    element = next(e for e in at.get("bidi_component") if e.proto.component_name.endswith(component))
    states = at._tree.get_widget_states()  # noqa: SLF001
    payload = json.dumps([{"event": event, "value": value}])
    states.widgets.append(WidgetState(id=_make_trigger_id(element.proto.id, "events"), json_trigger_value=payload))
    return at._run(states)  # noqa: SLF001


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the app raised: {at.exception[0].message}")
    return seconds


def _search_ms(at: AppTest, places: tuple[str, ...]) -> list[float]:
    times = []
    for place in places:
        at.text_input(key="location").input(place)
        times.append(_timed_run(at) * 1000)
    return times


def _map_payload(at: AppTest) -> int:
    for element in at.get("component_instance"):
        if element.proto.component_name.endswith("st_folium"):
            return len(element.proto.json_args)
    raise RuntimeError("the map was not rendered")


def _favorite_rows(database: str) -> list[BenchRow]:
    """Starring from a result (a whole rerun, server side) and the favourites view with 500 starred."""
    at = _new_session()
    _timed_run(at)
    at.text_input(key="location").input("Austin, TX")
    _timed_run(at)
    page = "".join(element.proto.body for element in at.get("html"))
    studio_id = STAR_BUTTON.search(page).group(1)
    times = []
    for seq in range(1, 11):  # each tap saves or removes the favourite, as the star relay reports it
        start = time.perf_counter()
        report_to_component(at, "finder_stars", "tap", {"seq": seq, "wants": {studio_id: seq % 2 == 1}})
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(f"the app raised: {at.exception[0].message}")
    rows = [
        BenchRow(
            "app: star or unstar a result (whole rerun, SQLite)",
            statistics.median(times),
            "ms",
            "≤ 50 ms",
            f"slowest {max(times):.0f} ms",
        )
    ]

    with tempfile.TemporaryDirectory(prefix="finder-favorites-") as folder:
        csv_path = Path(folder) / "studios.csv"
        sample_rows(600, seed=5).to_csv(csv_path, index=False)
        studios = list(load_directory(csv_path, geocoder=None))
    store = FavoritesStore(database)
    list_id = new_list_id()
    for studio in studios[:500]:
        store.add(list_id, studio)
    store.dispose()
    at = _new_session()
    at.query_params["list"] = list_id
    at.query_params["place"] = "Austin, TX"
    _timed_run(at)  # the first run also reads this browser's storage
    at.button(key="show-favorites").click()
    _timed_run(at)  # the favourites in place of the results
    views = [_timed_run(at) * 1000 for _ in range(5)]
    rows.append(
        BenchRow(
            f"app: favourites view with {len(studios[:500])} favourites (rerun)",
            statistics.median(views),
            "ms",
            "≤ 200 ms",
            "20 a page; the 50 nearest on the map",
        )
    )
    return rows


def _unreachable_favorites_row(healthy_ms: float, *, hangs: bool = False) -> BenchRow:
    """A new search while the favourites database accepts connections and never answers (``hangs``: it
    completes the handshake first, then never answers a statement)."""
    server_type = HangingServer if hangs else SilentServer
    with server_type() as server, _environment(FINDER_DB_URL=server.url, FINDER_DATA=""):
        at = _new_session()
        first = _timed_run(at)  # the one run that waits for the connect timeout (or the answer bound)
        times = _search_ms(at, PLACES_UNREACHABLE)
    median = statistics.median(times)
    how, bound = ("hanging mid-statement", "the answer bound") if hangs else ("not answering", "the connect timeout")
    return BenchRow(
        f"app: a new search, favourites database {how} (median of 10 places)",
        median,
        "ms",
        "≤ 200 ms added",
        f"{median - healthy_ms:+.0f} ms against a database that answers; slowest {max(times):.0f} ms; "
        f"the first run waits for {bound} once: {first:.1f} s",
    )


def bench_rows(quick: bool = False) -> list[BenchRow]:
    """The app's benchmark rows; about 30 s in all."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="finder-ui-bench-") as folder:
        database = f"sqlite:///{Path(folder) / 'favorites.sqlite3'}"
        with _environment(FINDER_DB_URL=database, FINDER_DATA=""):
            cold = _timed_run(_new_session())
            warm = statistics.median(_timed_run(_new_session()) for _ in range(3))
            rows.append(
                BenchRow(
                    "app: first render of a new session",
                    cold,
                    "s",
                    "≤ 2 s",
                    f"first in this process, loads the directory; later sessions {warm:.2f} s",
                )
            )

            at = _new_session()
            _timed_run(at)
            times = _search_ms(at, PLACES)
            rows.append(
                BenchRow(
                    "app: a new search, bundled data (median of 10 places)",
                    statistics.median(times),
                    "ms",
                    "≤ 200 ms",
                    f"slowest {max(times):.0f} ms",
                )
            )
            rows.append(_unreachable_favorites_row(statistics.median(times)))
            rows.append(_unreachable_favorites_row(statistics.median(times), hangs=True))

            at.session_state["filters-open"] = True  # the filters are drawn while their expander is open
            at.run()
            at.text_input(key="location").input("Austin, TX")
            at.select_slider(key="radius").set_value(0)
            at.selectbox(key="limit").set_value(50)
            _timed_run(at)
            payload = _map_payload(at)
            maps = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
            shown = json.loads(maps[0].proto.json_args)["script"].count('"className":')  # one per pin
            rows.append(
                BenchRow("app: map payload for 50 results", payload / 1000, "KB", "< 300 KB", f"{shown} markers")
            )

            rows.extend(_favorite_rows(database))

        large = Path(folder) / f"studios-{LARGE_ROWS}.csv"
        write_sample_csv(large, LARGE_ROWS, seed=11)
        with _environment(FINDER_DB_URL=database, FINDER_DATA=str(large)):
            at = _new_session()
            load = _timed_run(at)
            times = _search_ms(at, PLACES_LARGE)
            rows.append(
                BenchRow(
                    f"app: a new search, {LARGE_ROWS:,} studios (median of 10 places)",
                    statistics.median(times),
                    "ms",
                    "≤ 500 ms",
                    f"slowest {max(times):.0f} ms; first render with loading {load:.1f} s",
                )
            )
    return rows

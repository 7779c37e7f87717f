"""A load driver: how many visitors at once one app process serves, over Streamlit's own websocket protocol.

Each simulated visitor is one real Streamlit session, driven as the browser's frontend drives it, without a
browser: it pings ``/_stcore/health`` and ``/_stcore/host-config`` (the health answer sets the XSRF cookie),
opens ``ws://127.0.0.1:PORT/_stcore/stream`` with the subprotocols ``streamlit, <xsrf token>``, and sends a
``BackMsg.rerun_script`` whose ``ClientState`` holds the address's query string, every widget value the page
last showed, the page script hash and the hashes of the cached messages it holds. It reads the ``ForwardMsg``
stream (deltas, ``ref_hash`` references into its message cache, ``page_info_changed`` for the address) until
``script_finished``. Then it types places into the text input whose key is ``location``, one search every
few seconds, times each rerun from sending to ``script_finished``, and checks the answer: the studios the
project's own core (``load_directory`` + ``locate`` + ``nearest``) puts nearest must be among the result
cards. Components (the map, the geolocation helper) run JavaScript in a browser and
answer with extra reruns; they are not answered here.

Loopback only, every wait bounded, and the app process group is always stopped. ``run_load`` is the entry
point; ``python -m finder.bench.load --sessions 5 20 50`` prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import html
import itertools
import math
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from ..ui.cards import CARD_TITLE
from . import BenchRow, format_table

if TYPE_CHECKING:
    from .replicas import Replicas

ROOT = Path(__file__).resolve().parents[2]
STREAM_PATH = "/_stcore/stream"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: The radius a new session searches within: 30 mi (48.3 km) for US places, 50 km elsewhere.
RADIUS_KM = 48.0
#: How many of the nearest studios each answer must show (fewer when fewer lie within the radius).
EXPECTED_TOP = 3
#: The key of the text input a visitor types places into (its widget id ends in "-location").
LOCATION_KEY = "location"

#: Places a visitor types, each with studios in the bundled data/studios.csv within the default radius.
PLACES = (
    "Austin, TX",
    "Berlin",
    "London",
    "Chicago",
    "Denver",
    "Seattle, WA",
    "Toronto",
    "New York",
    "Los Angeles",
    "San Diego",
    "Portland, OR",
    "Boston",
    "Atlanta",
    "Miami",
    "Tokyo",
    "Sydney",
    "Melbourne",
    "Vancouver",
    "Dublin",
    "Edinburgh",
    "Manchester",
    "Bangkok",
    "Honolulu",
    "Phoenix",
    "Nashville",
    "Philadelphia",
    "Minneapolis",
    "Salt Lake City",
    "Las Vegas",
    "Houston",
    "Dallas",
    "San Francisco",
    "Orlando",
    "Raleigh",
    "Osaka",
    "Auckland",
    "78701",
    "04101",
    "30.27, -97.74",
    "51.5, -0.12",
)

_KEYED_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(?P<key>.+)$")
_XSRF_COOKIE = re.compile(r"_streamlit_xsrf=([^;]+)")
_FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
#: Error kinds, in the order the report lists them.
ERROR_KINDS = ("connect", "timeout", "wrong answer", "exception", "disconnected", "driver")
_MAX_SAMPLES = 10
_MAX_SEARCHES_PER_SESSION = 10_000
_MAX_CONNECTS_PER_VISITOR = 3
_MAX_MESSAGES_PER_RUN = 100_000


# --- what the answers must hold ----------------------------------------------------------------


def expected_studios(
    places: Sequence[str] = PLACES,
    *,
    data: str | os.PathLike[str] | None = None,
    radius_km: float = RADIUS_KM,
    top: int = EXPECTED_TOP,
) -> dict[str, tuple[str, ...]]:
    """For each place, the names of the ``top`` studios nearest to it within ``radius_km``, by the core.

    Raises ValueError naming the places that cannot be located or have no studio within the radius.
    """
    from ..directory import load_directory
    from ..geocoding import geocoder_from_env, locate

    directory = load_directory(data)
    chain = geocoder_from_env()
    expected: dict[str, tuple[str, ...]] = {}
    unusable = []
    for query in places:
        try:
            place = locate(query, locator=lambda: chain)
        except Exception as error:  # any failure to place it makes the place unusable for the driver
            unusable.append(f"{query!r} ({type(error).__name__}: {error})")
            continue
        matches = directory.nearest(place.latitude, place.longitude, limit=top, radius_km=radius_km)
        if not matches:
            unusable.append(f"{query!r} (no studio within {radius_km:g} km)")
            continue
        expected[query] = tuple(match.studio.name for match in matches)
    if unusable:
        raise ValueError("places the load driver cannot check: " + ", ".join(unusable))
    return expected


# --- the app process -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
            return response.read().strip() == b"ok"
    except OSError:
        return False


def rss_mb(pid: int) -> float:
    """The resident memory of a process (VmRSS), in MB; NaN when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return math.nan


@dataclass
class AppProcess:
    """``streamlit run app.py`` in its own process group on a loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    folder: tempfile.TemporaryDirectory[str] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, timeout_s: float = 10.0) -> None:
        """Terminate the app's process group; kill the group if the app has not gone after ``timeout_s``."""
        try:
            if self.process.poll() is None:  # signal the group only while its leader is ours and unreaped
                _signal_group(self.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=timeout_s)
                except subprocess.TimeoutExpired:
                    _signal_group(self.pid, signal.SIGKILL)
                    self.process.wait(timeout=timeout_s)
        finally:
            if self.folder is not None:
                self.folder.cleanup()
                self.folder = None

    def __enter__(self) -> AppProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)  # the group the app leads (start_new_session)


def start_app(port: int | None = None, env: Mapping[str, str] | None = None, *, timeout_s: float = 60.0) -> AppProcess:
    """Start the app on 127.0.0.1 and wait (at most ``timeout_s``) until its health check answers ok.

    ``env`` is added to this process's environment; without ``FINDER_DB_URL`` the favourites go to a
    temporary SQLite file, removed on ``stop()``.
    """
    port = port or free_port()
    folder = tempfile.TemporaryDirectory(prefix="finder-load-")
    environment = {**os.environ, **(env or {})}
    environment.setdefault("FINDER_DB_URL", f"sqlite:///{Path(folder.name) / 'favorites.sqlite3'}")
    log_path = Path(folder.name) / "streamlit.log"
    command = [sys.executable, "-m", "finder.serve", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    app = AppProcess(f"http://127.0.0.1:{port}", process, log_path, folder)
    deadline = time.monotonic() + timeout_s
    for _ in range(math.ceil(timeout_s / 0.25) + 1):
        if _healthy(app.url):
            return app
        if process.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    tail = app.log_tail()
    app.stop()
    raise RuntimeError(f"the app did not become healthy within {timeout_s:g} s:\n{tail}")


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash; ValueError unless it is http on a loopback address."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK or not parts.port:
        raise ValueError(f"the load driver only talks to http://127.0.0.1:PORT (loopback), not {url!r}")
    return url.rstrip("/")


# --- one page: what a run sent ------------------------------------------------------------------


def _widget_value(element: Element) -> WidgetState | None:
    """The value the browser holds for a widget element (as it would send it back), or None if none."""
    kind = element.WhichOneof("type")
    reader = _WIDGET_READERS.get(kind or "")
    if reader is None:
        return None
    proto = getattr(element, kind or "")
    state = WidgetState(id=proto.id)
    reader(proto, state)
    return state


def _read_text(proto: Any, state: WidgetState) -> None:
    if proto.set_value and proto.HasField("value"):
        state.string_value = proto.value
    elif proto.HasField("default"):
        state.string_value = proto.default


def _read_checkbox(proto: Any, state: WidgetState) -> None:
    state.bool_value = proto.value if proto.set_value else proto.default


def _read_slider(proto: Any, state: WidgetState) -> None:
    if proto.type == Slider.Type.SELECT_SLIDER:  # sent as the option labels, as the frontend does
        chosen = list(proto.raw_value) if proto.set_value else []
        chosen = chosen or [proto.options[int(index)] for index in proto.default if 0 <= index < len(proto.options)]
        state.string_array_value.data.extend(chosen)
    else:
        state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)


def _read_selectbox(proto: Any, state: WidgetState) -> None:
    if proto.set_value and proto.HasField("raw_value"):
        state.string_value = proto.raw_value
    elif proto.HasField("default") and 0 <= proto.default < len(proto.options):
        state.string_value = proto.options[proto.default]


def _read_multiselect(proto: Any, state: WidgetState) -> None:
    if proto.set_value:
        chosen = list(proto.raw_values)
    else:
        chosen = [proto.options[index] for index in proto.default if 0 <= index < len(proto.options)]
    state.string_array_value.data.extend(chosen)


def _read_button_group(proto: Any, state: WidgetState) -> None:
    if proto.set_value:
        chosen = list(proto.raw_values)
    else:
        chosen = [proto.options[index].content for index in proto.default if index < len(proto.options)]
    state.string_array_value.data.extend(chosen)


#: Widgets whose value the frontend keeps and sends with every rerun. Buttons send a trigger only when
#: pressed; uploaders and components (JavaScript in the browser) send nothing here.
_WIDGET_READERS: dict[str, Callable[[Any, WidgetState], None]] = {
    "text_input": _read_text,
    "text_area": _read_text,
    "checkbox": _read_checkbox,
    "slider": _read_slider,
    "selectbox": _read_selectbox,
    "multiselect": _read_multiselect,
    "button_group": _read_button_group,
}


@dataclass
class Run:
    """The elements one script run sent, by delta path, and how it ended."""

    run_id: str = ""
    started: bool = False
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    status: int | None = None

    def add(self, path: tuple[int, ...], element: Element) -> None:
        self.elements[path] = element
        if element.WhichOneof("type") == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")

    def card_names(self) -> list[str]:
        """The names on the result cards (numbered titles), top to bottom."""
        names = []
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") == "html" and 'class="af-card' in element.html.body:
                names.extend(html.unescape(title) for title in CARD_TITLE.findall(element.html.body))
        return names

    def widget_id(self, key: str) -> str | None:
        """The id of the widget with this user key (keyed widget ids end in ``-<key>``)."""
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in _WIDGET_READERS:
                found = _KEYED_ID.match(getattr(element, kind).id)
                if found and found.group("key") == key:
                    return found.group(0)
        return None


class SessionLost(Exception):
    """The session cannot go on: ``kind`` is the error kind (timeout, disconnected, wrong answer…)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


# --- one visitor: a Streamlit session over the websocket -----------------------------------------


def _greet(base_url: str, timeout_s: float) -> tuple[str, str]:
    """Ping the server as the browser does first: (the XSRF token, the cookies to send from now on).

    The health answer sets the XSRF cookie, and behind a load balancer its session-affinity cookie;
    both go with every later request, so the websocket reaches the replica that signed the token.
    """
    token, cookies = "", {}
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout_s) as response:  # noqa: S310
        body = response.read().strip()
        for cookie in response.headers.get_all("Set-Cookie") or ():
            name, _, value = cookie.split(";", 1)[0].partition("=")
            cookies[name.strip()] = value.strip()
            found = _XSRF_COOKIE.search(cookie)
            token = found.group(1) if found else token
    if body != b"ok":
        raise OSError(f"health check answered {body[:80]!r}")
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    request = urllib.request.Request(f"{base_url}/_stcore/host-config", headers={"Cookie": header} if header else {})  # noqa: S310 (a loopback http URL)
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
        response.read()
    return token, header


class Session:
    """One browser tab's Streamlit session: the connection, the address, the widget values, the cache."""

    def __init__(self, base_url: str, *, query_string: str = "", run_timeout_s: float = 30.0) -> None:
        self.base_url = loopback_url(base_url)
        self.query_string = query_string
        self.run_timeout_s = run_timeout_s
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}
        self.cache: dict[str, list[Any]] = {}  # hash -> [ForwardMsg, age in finished runs]
        self.max_cache_age = 2
        self.page = Run()
        self.websocket: ClientConnection | None = None

    async def open(self, timeout_s: float = 10.0) -> None:
        """Health and host-config pings, then the websocket (raises OSError, TimeoutError, WebSocketException)."""
        async with asyncio.timeout(timeout_s):
            token, cookies = await asyncio.to_thread(_greet, self.base_url, timeout_s)
            headers = {"Cookie": cookies} if cookies else {}
            self.websocket = await connect(
                "ws" + self.base_url[len("http") :] + STREAM_PATH,
                subprotocols=["streamlit", token or "PLACEHOLDER_AUTH_TOKEN"],  # type: ignore[list-item]
                origin=self.base_url,  # type: ignore[arg-type]
                additional_headers=headers,
                max_size=None,
                ping_interval=None,  # browsers answer the server's pings, they send none
                open_timeout=timeout_s,
                close_timeout=5,
            )

    async def close(self) -> None:
        if self.websocket is not None:
            websocket, self.websocket = self.websocket, None
            try:
                async with asyncio.timeout(6):
                    await websocket.close()
            except (OSError, TimeoutError, WebSocketException):
                pass

    def type_into(self, key: str, text: str) -> None:
        """Type ``text`` into the text input with this key (and press Enter: the next ``rerun`` sends it)."""
        widget_id = self.page.widget_id(key)
        if widget_id is None:
            raise SessionLost("wrong answer", f"no widget with key {key!r} on the page")
        self.widgets[widget_id] = WidgetState(id=widget_id, string_value=text)

    def rerun_message(self) -> bytes:
        back = BackMsg()
        client = back.rerun_script
        client.query_string = self.query_string
        client.widget_states.SetInParent()
        client.widget_states.widgets.extend(self.widgets.values())
        client.page_script_hash = self.page_script_hash
        client.cached_message_hashes.extend(self.cache)
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-US"
        client.context_info.url = f"{self.base_url}/" + (f"?{self.query_string}" if self.query_string else "")
        client.context_info.color_scheme = "light"
        return back.SerializeToString()

    async def rerun(self) -> float:
        """Send a rerun with the page's state; wait for its ``script_finished``; the seconds it took."""
        if self.websocket is None:
            raise SessionLost("disconnected", "the session is not open")
        started = time.perf_counter()
        run = Run()
        try:
            async with asyncio.timeout(self.run_timeout_s):
                await self.websocket.send(self.rerun_message())
                for _ in range(_MAX_MESSAGES_PER_RUN):
                    run = self._receive(await self.websocket.recv(decode=False), run)
                    if run.status in _FINISHED:
                        break
                else:
                    raise SessionLost("timeout", f"no script_finished in {_MAX_MESSAGES_PER_RUN:,} messages")
        except TimeoutError as error:
            raise SessionLost("timeout", f"no script_finished within {self.run_timeout_s:g} s") from error
        except WebSocketException as error:
            raise SessionLost("disconnected", f"{type(error).__name__}: {error}") from error
        seconds = time.perf_counter() - started
        self._finish(run)
        return seconds

    def _receive(self, data: bytes | str, run: Run) -> Run:
        """Take one ForwardMsg into the run; a new run (after a rerun cut the last one short) replaces it."""
        message = ForwardMsg()
        message.ParseFromString(data if isinstance(data, bytes) else data.encode())
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = message.new_session.page_script_hash
            self.max_cache_age = message.new_session.config.max_cached_message_age or self.max_cache_age
            return Run(run_id=message.metadata.run.script_run_id, started=True)
        if kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind in ("delta", "ref_hash") and run.started:
            self._add_delta(message, run)
        elif kind == "script_finished" and run.started:
            run.status = message.script_finished
            if run.status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.exceptions.append("the script did not compile")
                run.status = ForwardMsg.FINISHED_SUCCESSFULLY
            elif run.status not in _FINISHED:  # cut short for a newer run: its new_session follows
                run.started = False
        elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
            run.exceptions.append(message.session_event.script_compilation_exception.message)
        return run

    def _add_delta(self, message: ForwardMsg, run: Run) -> None:
        path = tuple(message.metadata.delta_path)
        if message.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(message.ref_hash)
            if cached is None:
                raise SessionLost("disconnected", f"a reference to a message not in the cache ({message.ref_hash})")
            cached[1] = 0
            message = cached[0]
        elif message.metadata.cacheable:
            self.cache[message.hash] = [message, 0]
        if message.delta.WhichOneof("type") == "new_element":
            run.add(path, message.delta.new_element)

    def _finish(self, run: Run) -> None:
        """After a run: the page it drew, the widget values the browser now holds, the cache aged one run."""
        self.page = run
        seen = set()
        for element in run.elements.values():
            state = _widget_value(element)
            if state is None:
                continue
            seen.add(state.id)
            kind = element.WhichOneof("type") or ""
            if getattr(element, kind).set_value or state.id not in self.widgets:
                self.widgets[state.id] = state
        self.widgets = {widget_id: state for widget_id, state in self.widgets.items() if widget_id in seen}
        for entry in self.cache.values():
            entry[1] += 1
        self.cache = {key: entry for key, entry in self.cache.items() if entry[1] <= self.max_cache_age}


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What all visitors did, shared by them (one event loop, no locks needed)."""

    searches: int = 0
    verified: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_render_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.samples) < _MAX_SAMPLES:
            self.samples.append(f"{kind}: {detail}")

    def check(self, place: str, run: Run, expected: Sequence[str]) -> None:
        """Count a finished search, and an error if its answer lacks an expected studio or shows an exception."""
        self.searches += 1
        if run.exceptions:
            self.error("exception", f"{place!r}: {run.exceptions[0][:200]}")
            return
        names = run.card_names()
        missing = [name for name in expected if name not in names]
        if missing:
            self.error("wrong answer", f"{place!r}: expected {missing} among {names}")
            return
        self.verified += 1


@dataclass(frozen=True)
class Visit:
    """How each visitor behaves: what it types, what it expects, how long it thinks, its time limits."""

    expected: Mapping[str, Sequence[str]]
    think_s: tuple[float, float] = (2.0, 5.0)
    query_string: str = ""
    connect_timeout_s: float = 10.0
    run_timeout_s: float = 30.0


class Visitor:
    """One person: opens the page, then searches a different place every few seconds until ``stop_at``."""

    def __init__(self, base_url: str, visit: Visit, tally: Tally, rng: random.Random) -> None:
        self.base_url = base_url
        self.visit = visit
        self.tally = tally
        self.rng = rng
        order = list(visit.expected)
        rng.shuffle(order)
        self.places: Iterator[str] = itertools.cycle(order)

    async def run(self, stop_at: float) -> None:
        """Visit until ``stop_at``; a session lost to an error is replaced by a new one (a reload), a few times."""
        for _ in range(_MAX_CONNECTS_PER_VISITOR):
            if time.monotonic() >= stop_at:
                return
            try:
                await self._one_session(stop_at)
                return
            except SessionLost as lost:
                self.tally.error(lost.kind, lost.detail)
                await asyncio.sleep(max(0.0, min(1.0, stop_at - time.monotonic())))  # then reload the page
            except Exception as error:  # a bug in the driver, not the app: count it, keep the others going
                self.tally.error("driver", f"{type(error).__name__}: {error}")
                return

    async def _one_session(self, stop_at: float) -> None:
        session = Session(self.base_url, query_string=self.visit.query_string, run_timeout_s=self.visit.run_timeout_s)
        try:
            try:
                await session.open(self.visit.connect_timeout_s)
            except (OSError, TimeoutError, WebSocketException) as error:
                raise SessionLost("connect", f"{type(error).__name__}: {error}") from error
            self.tally.first_render_ms.append(await session.rerun() * 1000)
            if session.page.exceptions:
                raise SessionLost("exception", session.page.exceptions[0][:200])
            await self._searches(session, stop_at)
        finally:
            await session.close()

    async def _searches(self, session: Session, stop_at: float) -> None:
        low, high = self.visit.think_s
        for _ in range(_MAX_SEARCHES_PER_SESSION):
            think = self.rng.uniform(low, high)
            if time.monotonic() + think >= stop_at:
                return
            await asyncio.sleep(think)
            place = next(self.places)
            session.type_into(LOCATION_KEY, place)
            self.tally.latencies_ms.append(await session.rerun() * 1000)
            self.tally.check(place, session.page, self.visit.expected[place])


async def _visit_later(visitor: Visitor, delay_s: float, stop_at: float) -> None:
    await asyncio.sleep(delay_s)
    await visitor.run(stop_at)


async def _sample_rss(read: Callable[[], float], peak: list[float], stop: asyncio.Event, until: float) -> None:
    """Keep the largest RSS seen in ``peak[0]``, sampling every 0.5 s until ``stop`` (or ``until``)."""
    for _ in range(math.ceil(max(0.0, until - time.monotonic()) / 0.5) + 1):
        if stop.is_set() or time.monotonic() >= until:
            return
        value = read()
        if not math.isnan(value):
            peak[0] = max(peak[0], value) if not math.isnan(peak[0]) else value
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (``q`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class LoadReport:
    """What ``run_load`` measured."""

    sessions: int
    window_s: float
    searches: int
    verified: int
    latencies_ms: list[float] = field(repr=False)
    first_render_ms: list[float] = field(repr=False)
    errors: dict[str, int]
    error_samples: list[str]
    rss_start_mb: float
    rss_peak_mb: float
    rss_after_mb: float
    rss_settled_mb: float = math.nan
    settle_s: float = 0.0
    driver_cpu_s: float = 0.0
    processes: int = 1  # app processes behind a proxy (bench.replicas), memory measured together

    @property
    def searches_per_s(self) -> float:
        return self.searches / self.window_s if self.window_s > 0 else math.nan

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def errors_text(self) -> str:
        """ "timeout 2, wrong answer 1", or "none"."""
        return ", ".join(f"{kind} {count}" for kind, count in self.errors.items()) or "none"

    def latency_ms(self, q: float) -> float:
        return percentile(self.latencies_ms, q)

    @property
    def mb_per_session(self) -> float:
        return (self.rss_peak_mb - self.rss_start_mb) / self.sessions if self.sessions else math.nan

    @property
    def _who(self) -> str:
        return f"{self.sessions} sessions" + (f", {self.processes} processes" if self.processes > 1 else "")

    def summary(self) -> str:
        errors = self.errors_text
        return (
            f"{self._who}: {self.searches} searches ({self.searches_per_s:.1f}/s), "
            f"p50/p95/p99 {self.latency_ms(50):.0f}/{self.latency_ms(95):.0f}/{self.latency_ms(99):.0f} ms, "
            f"errors: {errors}; RSS start/peak/after {self.rss_start_mb:.0f}/{self.rss_peak_mb:.0f}/"
            f"{self.rss_after_mb:.0f} MB"
        )

    def rows(self) -> list[BenchRow]:
        n = self._who
        errors = self.errors_text
        first = f"first render p50 {percentile(self.first_render_ms, 50):.0f} ms"
        rows = [
            BenchRow(f"load: rerun latency p50 ({n})", self.latency_ms(50), "ms", "", first),
            BenchRow(f"load: rerun latency p95 ({n})", self.latency_ms(95), "ms", "p95 ≤ 300 ms at 200 sessions"),
            BenchRow(f"load: rerun latency p99 ({n})", self.latency_ms(99), "ms"),
            BenchRow(
                f"load: searches per second ({n})",
                self.searches_per_s,
                "/s",
                "",
                f"{self.searches} searches in {self.window_s:.0f} s, {self.verified} verified; "
                f"driver CPU {self.driver_cpu_s:.1f} s",
            ),
            BenchRow(f"load: errors ({n})", self.error_count, "", "0 errors", errors),
            BenchRow(f"load: RSS at start ({n})", self.rss_start_mb, "MB", "", "after one warm-up session"),
            BenchRow(f"load: RSS peak under load ({n})", self.rss_peak_mb, "MB", "", "sampled every 0.5 s"),
            BenchRow(f"load: memory per session ({n})", self.mb_per_session, "MB", "≤ 2 MB per session"),
        ]
        after_bar = "after: within 10 % of start 5 min after"
        if self.settle_s > 0:
            rows.append(BenchRow(f"load: RSS after sessions left ({n})", self.rss_after_mb, "MB", "", "at once"))
            rows.append(
                BenchRow(
                    f"load: RSS {self.settle_s:.0f} s after sessions left ({n})",
                    self.rss_settled_mb,
                    "MB",
                    after_bar,
                    f"{self._change(self.rss_settled_mb)} vs start",
                )
            )
        else:
            note = f"at once, not 5 min after; {self._change(self.rss_after_mb)} vs start"
            rows.append(BenchRow(f"load: RSS after sessions left ({n})", self.rss_after_mb, "MB", after_bar, note))
        return rows

    def _change(self, value: float) -> str:
        if math.isnan(value) or math.isnan(self.rss_start_mb) or not self.rss_start_mb:
            return "not measured"
        return f"{(value - self.rss_start_mb) / self.rss_start_mb * 100:+.1f} %"


async def _warm_up(base_url: str, visit: Visit) -> None:
    """One session that loads the page and searches once, so the app has loaded what it caches."""
    session = Session(base_url, run_timeout_s=max(visit.run_timeout_s, 60.0))
    try:
        await session.open(visit.connect_timeout_s)
        await session.rerun()
        if session.page.exceptions:
            raise RuntimeError(f"the app raised on its first render: {session.page.exceptions[0][:500]}")
        place = next(iter(visit.expected))
        session.type_into(LOCATION_KEY, place)
        await session.rerun()
    finally:
        await session.close()


async def _drive(
    base_url: str,
    read_rss: Callable[[], float],
    visit: Visit,
    sessions: int,
    timing: tuple[float, float, float],
    seed: int,
) -> LoadReport:
    duration_s, ramp_s, settle_s = timing
    await _warm_up(base_url, visit)
    rss_start = read_rss()
    tally = Tally()
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    stop_at = start + ramp_s + duration_s
    deadline_s = ramp_s + duration_s + visit.connect_timeout_s + visit.run_timeout_s + 15
    peak, stop = [rss_start], asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(read_rss, peak, stop, start + deadline_s))
    visitors = [Visitor(base_url, visit, tally, random.Random(seed * 1_000_003 + index)) for index in range(sessions)]
    tasks = [
        asyncio.create_task(_visit_later(visitor, index * ramp_s / max(sessions, 1), stop_at))
        for index, visitor in enumerate(visitors)
    ]
    _, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
        tally.error("timeout", "a visitor was still busy at the overall deadline")
    await asyncio.gather(*tasks, return_exceptions=True)
    window_s = time.monotonic() - start
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    stop.set()
    await sampler
    rss_after = read_rss()
    settled = math.nan
    if settle_s > 0:
        await asyncio.sleep(settle_s)
        settled = read_rss()
    return LoadReport(
        sessions=sessions,
        window_s=window_s,
        searches=tally.searches,
        verified=tally.verified,
        latencies_ms=tally.latencies_ms,
        first_render_ms=tally.first_render_ms,
        errors={kind: tally.errors[kind] for kind in ERROR_KINDS if tally.errors[kind]},
        error_samples=tally.samples,
        rss_start_mb=rss_start,
        rss_peak_mb=max(peak[0], rss_after) if not math.isnan(rss_after) else peak[0],
        rss_after_mb=rss_after,
        rss_settled_mb=settled,
        settle_s=settle_s,
        driver_cpu_s=(cpu_end.ru_utime + cpu_end.ru_stime) - (cpu_start.ru_utime + cpu_start.ru_stime),
    )


def run_load(
    sessions: int,
    *,
    duration_s: float,
    ramp_s: float,
    think_s: tuple[float, float] = (2.0, 5.0),
    port: int | None = None,
    seed: int = 7,
    app: AppProcess | Replicas | str | None = None,
    settle_s: float = 0.0,
    places: Sequence[str] = PLACES,
    expect: Mapping[str, Sequence[str]] | None = None,
    query_string: str = "",
    connect_timeout_s: float = 10.0,
    run_timeout_s: float = 30.0,
) -> LoadReport:
    """``sessions`` visitors ramped up over ``ramp_s``, searching for ``duration_s``; then what it cost.

    ``app``: a running AppProcess or Replicas (their memory together), or the base URL of a server on a
    loopback address (its memory is then not measured); without it the app is started on ``port``
    (default: a free one) and stopped at the end. ``expect`` overrides, per place, the studio names an
    answer must show (the others come from ``expected_studios``). ``query_string`` is the address a
    visitor first opens.
    """
    if sessions < 1 or duration_s < 0 or ramp_s < 0 or not 0 <= think_s[0] <= think_s[1]:
        raise ValueError("sessions ≥ 1, duration_s ≥ 0, ramp_s ≥ 0 and 0 ≤ think_s[0] ≤ think_s[1]")
    overrides = dict(expect or {})
    rest = [place for place in places if place not in overrides]
    computed = expected_studios(rest) if rest else {}
    expected = {place: tuple(overrides.get(place, computed.get(place, ()))) for place in places}
    visit = Visit(expected, think_s, query_string, connect_timeout_s, run_timeout_s)
    owned = start_app(port) if app is None else None
    target = owned or app
    try:
        if isinstance(target, str):  # a server of someone else's: its memory is not ours to read
            base_url, read_rss = loopback_url(target), lambda: math.nan
        else:  # an app, or replicas (bench.replicas)
            base_url, read_rss = target.url, target.rss_mb
        timing = (duration_s, ramp_s, settle_s)
        return _run_async(_drive(base_url, read_rss, visit, sessions, timing, seed))
    finally:
        if owned is not None:
            owned.stop()


def _run_async(coroutine: Coroutine[Any, Any, LoadReport]) -> LoadReport:
    """Run the driver's event loop; in a thread of its own when this thread already runs one (as
    Playwright's sync API does in a browser test)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="finder-load") as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- command line ---------------------------------------------------------------------------------


def load_rows(
    counts: Sequence[int],
    *,
    duration_s: float = 60.0,
    settle_s: float = 0.0,
    progress: TextIO | None = None,
    url: str | None = None,
    replicas: int = 1,
) -> list[BenchRow]:
    """The load test at each session count, a fresh app process each (unless ``url`` names a server),
    or ``replicas`` fresh processes behind HAProxy (bench.replicas)."""
    rows: list[BenchRow] = []
    for count in counts:
        report = _load_once(
            count, duration_s, min(20.0, 5.0 + count / 20), url=url, settle_s=settle_s, replicas=replicas
        )
        if progress:
            progress.write(report.summary() + "\n")
            for sample in report.error_samples:
                progress.write(f"  {sample}\n")
        rows.extend(report.rows())
    return rows


def _load_once(
    count: int, duration_s: float, ramp_s: float, *, url: str | None, settle_s: float, replicas: int, **options: Any
) -> LoadReport:
    if replicas <= 1 or url:
        return run_load(count, duration_s=duration_s, ramp_s=ramp_s, app=url, settle_s=settle_s, **options)
    from .replicas import start_replicas  # noqa: PLC0415 - it imports this module

    with start_replicas(replicas) as running:
        for app in running.apps.values():  # each process loads what it caches before the visitors come
            run_load(1, duration_s=0, ramp_s=0, app=app)
        report = run_load(count, duration_s=duration_s, ramp_s=ramp_s, app=running, settle_s=settle_s, **options)
    return replace(report, processes=replicas)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finder.bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 20, 50], help="one run per count")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load after the ramp")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions arrive")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"))
    parser.add_argument("--settle", type=float, default=0.0, help="seconds to wait before the last RSS reading")
    parser.add_argument("--url", help="drive this server (http://127.0.0.1:PORT) instead of starting the app")
    parser.add_argument("--replicas", type=int, default=1, help="app processes behind a local HAProxy")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows: list[BenchRow] = []
    for count in args.sessions:  # a fresh app (or replicas) for each count, unless a URL is given
        report = _load_once(
            count,
            args.duration,
            args.ramp,
            url=args.url,
            settle_s=args.settle,
            replicas=args.replicas,
            think_s=tuple(args.think),
            seed=args.seed,
        )
        print(report.summary(), file=sys.stderr)
        for sample in report.error_samples:
            print(f"  {sample}", file=sys.stderr)
        rows.extend(report.rows())
    sys.stdout.write(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A database server that accepts connections and never answers: what an overloaded or hung PostgreSQL
looks like to a client. The benchmark and the tests point the favourites store at it."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType


class SilentServer:
    """Listens on a free local port, accepts every connection and never sends a byte; a context manager."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self._held: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-server", daemon=True)

    @property
    def accepted(self) -> int:
        """How many connections clients have opened so far."""
        return len(self._held)

    @property
    def url(self) -> str:
        """A PostgreSQL URL of this server, for ``FavoritesStore`` or ``FINDER_DB_URL``."""
        return f"postgresql+psycopg://finder:secret@127.0.0.1:{self.port}/finder"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return  # closed
            self._held.append(connection)  # kept open
            self._opened(connection)

    def _opened(self, connection: socket.socket) -> None:
        """What the server does with a new connection: nothing (never read, never answered)."""

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):  # shutdown wakes the accept() of our thread (close alone does not)
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        for connection in self._held:
            connection.close()
        self._thread.join(timeout=5)


#: A PostgreSQL server's handshake, as little of it as libpq needs: authentication ok, the settings
#: psycopg reads, a backend key, and "ready for query".
_PARAMETERS = {
    "server_version": "16.0",
    "server_encoding": "UTF8",
    "client_encoding": "UTF8",
    "DateStyle": "ISO, MDY",
    "integer_datetimes": "on",
    "standard_conforming_strings": "on",
    "TimeZone": "UTC",
}
_SSL_OR_GSS_REQUEST = (80877103, 80877104)


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + (len(body) + 4).to_bytes(4, "big") + body


def _handshake() -> bytes:
    settings = b"".join(
        _message(b"S", name.encode() + b"\0" + value.encode() + b"\0") for name, value in _PARAMETERS.items()
    )
    return _message(b"R", (0).to_bytes(4, "big")) + settings + _message(b"K", bytes(8)) + _message(b"Z", b"I")


class HangingServer(SilentServer):
    """Like SilentServer, but it completes PostgreSQL's handshake first: the connection opens, and then no
    statement is ever answered (a server hung in the middle of a statement, a stopped backend)."""

    def _opened(self, connection: socket.socket) -> None:
        threading.Thread(target=self._greet, args=(connection,), daemon=True).start()

    @staticmethod
    def _greet(connection: socket.socket) -> None:
        try:
            while True:  # SSL and GSS requests are declined ("N"); the startup message is answered
                size = int.from_bytes(_read(connection, 4), "big")
                body = _read(connection, size - 4)
                if int.from_bytes(body[:4], "big") not in _SSL_OR_GSS_REQUEST:
                    break
                connection.sendall(b"N")
            connection.sendall(_handshake())
            while connection.recv(65536):  # every query is read and never answered
                pass
        except OSError:
            return


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the client went away")
        data += chunk
    return data

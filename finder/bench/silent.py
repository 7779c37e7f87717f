"""A database server that accepts connections and never answers: what an overloaded or hung PostgreSQL
looks like to a client. The benchmark and the tests point the favourites store at it."""

from __future__ import annotations

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
            self._held.append(connection)  # kept open, never read, never answered

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._closed.set()
        self._socket.close()
        for connection in self._held:
            connection.close()
        self._thread.join(timeout=5)

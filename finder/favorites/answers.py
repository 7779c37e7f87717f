"""A client-side bound on how long a PostgreSQL call waits for the server's answer.

The server's own ``statement_timeout`` and ``lock_timeout`` end a statement that runs too long, and TCP
keepalives and ``tcp_user_timeout`` notice a host that vanished. Neither helps when the server itself
stops answering while its kernel still acknowledges every packet (a hung backend, a stopped process,
a proxy that holds the connection): libpq then waits forever. Here every wait of a psycopg connection
has a deadline; when it passes, the connection is closed (so the pool drops it and the breaker opens)
and the call fails with an OperationalError.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors
from sqlalchemy import Engine, event

#: How long any one exchange with the server may take: longer than the server's own statement and lock
#: timeouts (5 s), so a statement the server ends in time reports its own error, not this one.
ANSWER_TIMEOUT_S = 7.0


class AnsweringConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends after ``answer_timeout_s``."""

    answer_timeout_s: float = ANSWER_TIMEOUT_S

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if timeout is not None:  # psycopg's own bounded waits (notifies, cancel) handle their timeout
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, self.answer_timeout_s)
        except errors._WaitTimeout as err:  # noqa: SLF001 - psycopg's one signal that a wait ran out
            self.close()  # its state is unknown now: closed, the pool discards it and the call reports a disconnect
            raise psycopg.OperationalError(
                f"the database server did not answer within {self.answer_timeout_s:g} s"
            ) from err


def bound_answers(engine: Engine) -> Engine:
    """Make ``engine`` (on psycopg) open AnsweringConnections; other drivers are left as they are."""
    if engine.dialect.driver != "psycopg":
        return engine

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: object, _record: object, cargs: tuple, cparams: dict) -> psycopg.Connection:
        return AnsweringConnection.connect(*cargs, **cparams)

    return engine

"""``python -m finder.serve``: run the app as ``streamlit run app.py`` does, without Nagle's 40 ms stall.

Streamlit 1.67 binds its listening socket itself (``socket.socket(family)``, protocol 0), and asyncio only
turns Nagle's algorithm off (``TCP_NODELAY``) on sockets whose protocol reads TCP. So every reply of
more than one websocket frame waits for the browser's delayed acknowledgement: each rerun ends about
40 ms later than it is done, in the browser and under load alike. Here the listening socket gets
``TCP_NODELAY`` (Linux hands it on to every connection it accepts); the rest is Streamlit's own
``run`` command, with the same options (``python -m finder.serve --server.port 8502``).
"""

from __future__ import annotations

import functools
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def without_nagle(bind: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    """Wrap a function that returns a listening TCP socket so that its connections send at once."""

    @functools.wraps(bind)
    def bind_without_nagle(*args: object, **kwargs: object) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind_without_nagle


def _patch_streamlit() -> None:
    from streamlit.web.server.starlette import starlette_server  # noqa: PLC0415 - only when serving

    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:  # a Streamlit that binds differently: serve anyway, with its own behaviour
        print("finder.serve: Streamlit's socket binding changed; serving without the TCP_NODELAY fix", file=sys.stderr)
        return
    starlette_server._bind_socket = without_nagle(bind)


def main(argv: Sequence[str] | None = None) -> None:
    """``streamlit run app.py`` with these options."""
    from streamlit.web import cli  # noqa: PLC0415

    _patch_streamlit()
    cli.main(prog_name="streamlit", args=["run", str(APP), *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()

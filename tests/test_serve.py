"""``python -m finder.serve``: Streamlit's listening socket, and so every connection, without Nagle's delay."""

from __future__ import annotations

import socket

from finder.serve import without_nagle


def _listening_socket(address: str, port: int, backlog: int) -> socket.socket:
    """As Streamlit 1.67 binds: protocol 0, so asyncio's own TCP_NODELAY step skips the connections."""
    sock = socket.socket(family=socket.AF_INET)
    sock.bind((address, port))
    sock.listen(backlog)
    return sock


def test_the_listener_and_its_connections_send_at_once():
    plain = _listening_socket("127.0.0.1", 0, 1)
    assert plain.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # what the fix is for
    plain.close()
    listener = without_nagle(_listening_socket)("127.0.0.1", 0, 1)
    try:
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        with client, accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        listener.close()


def test_streamlit_still_binds_the_way_the_fix_expects():
    from streamlit.web.server.starlette import starlette_server

    assert callable(starlette_server._bind_socket)  # if Streamlit renames it, finder.serve says so and serves

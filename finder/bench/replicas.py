"""Several app processes behind one local HAProxy with sticky sessions: the README's replica recipe, runnable.

A Streamlit session lives in the process that opened it, so the proxy keeps each browser on one
process (an affinity cookie) and spreads new ones round robin. The processes share the favourites
through ``FINDER_DB_URL`` (PostgreSQL in production; the load test may give each its own SQLite, since
its visitors star nothing). Used by the load test (``python -m finder bench --load 200 --replicas 3``)
and by the replica browser test. Loopback only; the proxy and every process are stopped on exit.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FinderError
from .load import AppProcess, free_port, start_app

#: ``option http-no-delay``: without it HAProxy holds small websocket frames back (Nagle), as Streamlit did.
HAPROXY_CONFIG = """
global
    maxconn 4000
defaults
    mode http
    option http-no-delay
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend finder
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
    option redispatch
    retries 3
    cookie SERVERID insert indirect nocache
    option httpchk GET /_stcore/health
    default-server inter 500ms fall 2 rise 2
{servers}
"""
START_S = 15.0


class ProxyUnavailable(FinderError):
    """HAProxy is not installed, or did not start."""


def haproxy_config(port: int, replica_ports: Mapping[str, int]) -> str:
    """The proxy's configuration: ``port`` in front, one server per replica name (its cookie value)."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{replica} cookie {name} check" for name, replica in replica_ports.items()
    )
    return HAPROXY_CONFIG.format(port=port, servers=servers)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Replicas:
    """Running replicas (named ``a``, ``b``, ``c``…) and the proxy in front of them, at ``url``."""

    url: str
    apps: dict[str, AppProcess]
    proxy: subprocess.Popen[bytes]
    folder: tempfile.TemporaryDirectory[str] = field(repr=False)

    def rss_mb(self) -> float:
        """The replicas' resident memory together (the proxy's few MB left out)."""
        return sum(app.rss_mb() for app in self.apps.values())

    def stop(self) -> None:
        try:
            if self.proxy.poll() is None:
                self.proxy.terminate()
                try:
                    self.proxy.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proxy.kill()
                    self.proxy.wait(timeout=10)
        finally:
            for app in self.apps.values():
                app.stop()
            self.folder.cleanup()

    def __enter__(self) -> Replicas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_replicas(count: int, env: Mapping[str, str] | None = None) -> Replicas:
    """``count`` app processes (each ``start_app(env=env)``) behind HAProxy on a free loopback port."""
    if count < 1:
        raise ValueError("count ≥ 1")
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        raise ProxyUnavailable("HAProxy is not installed (Debian: apt-get install haproxy); it runs the replicas.")
    apps: dict[str, AppProcess] = {}
    folder = tempfile.TemporaryDirectory(prefix="finder-replicas-")
    try:
        for index in range(count):
            apps[chr(ord("a") + index)] = start_app(env=env)
        port = free_port()
        config = Path(folder.name) / "haproxy.cfg"
        config.write_text(haproxy_config(port, {name: app.port for name, app in apps.items()}))
        proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except BaseException:
        for app in apps.values():
            app.stop()
        folder.cleanup()
        raise
    replicas = Replicas(f"http://127.0.0.1:{port}", apps, proxy, folder)
    deadline = time.monotonic() + START_S
    while not _listening(port):
        if proxy.poll() is not None or time.monotonic() > deadline:
            output = proxy.stdout.read().decode(errors="replace") if proxy.poll() is not None and proxy.stdout else ""
            replicas.stop()
            raise ProxyUnavailable(f"HAProxy did not start on port {port}: {output[-2000:]}")
        time.sleep(0.1)
    return replicas

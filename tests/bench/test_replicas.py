"""The load test against several app processes behind HAProxy (``bench --load N --replicas K``)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from finder.bench.load import load_rows
from finder.bench.replicas import ProxyUnavailable, haproxy_config, start_replicas


def _haproxy() -> str:
    found = shutil.which("haproxy")
    if found is None:
        if os.environ.get("FINDER_REQUIRE_PROXY") == "1":
            pytest.fail("HAProxy is required here (FINDER_REQUIRE_PROXY=1)", pytrace=False)
        pytest.skip("HAProxy is not installed")
    return found


def test_the_proxy_configuration_is_one_haproxy_accepts(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(18080, {"a": 18081, "b": 18082, "c": 18083}))
    checked = subprocess.run([_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = config.read_text()
    assert "cookie SERVERID insert" in text and "option http-no-delay" in text  # sticky, and no Nagle stall
    assert [line.split()[1] for line in text.splitlines() if line.strip().startswith("server ")] == ["a", "b", "c"]


def test_the_load_test_through_two_processes_gets_every_answer(monkeypatch):
    """Every session's answers verified through the proxy; memory is the processes' together."""
    _haproxy()
    monkeypatch.delenv("FINDER_DATA", raising=False)
    monkeypatch.delenv("FINDER_GEOCODER", raising=False)
    rows = {row.name: row for row in load_rows([6], duration_s=5, replicas=2)}
    assert rows["load: errors (6 sessions, 2 processes)"].value == 0
    searches = rows["load: searches per second (6 sessions, 2 processes)"]
    assert searches.value > 0
    assert "verified" in searches.note
    done, verified = (int(part.split()[0]) for part in searches.note.split(", ")[:2])
    assert done == verified > 0
    start = rows["load: RSS at start (6 sessions, 2 processes)"].value
    assert start > 2 * 100  # two app processes, each well over 100 MB once the directory is loaded


def test_no_proxy_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ProxyUnavailable, match="HAProxy is not installed"):
        start_replicas(2)

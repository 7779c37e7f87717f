"""`validate` on what is not a CSV file: one line on stderr and exit 2, never a hang, a traceback or the sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finder.cli import main

REPO = Path(__file__).resolve().parents[1]


def validate(*argv: str) -> subprocess.CompletedProcess:
    """The real command, so a hang fails the test (timeout) and stderr is what a person would see."""
    return subprocess.run(
        [sys.executable, "-m", "finder", "validate", *argv],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if not k.startswith("FINDER_")},
    )


def test_a_ragged_row_with_a_byte_that_is_not_utf8_leaves_no_traceback(tmp_path):
    path = tmp_path / "studios.csv"
    path.write_bytes(b"id,name,latitude,longitude\n1,A,1,2\n2,B\xff,1,2,extra\n3,C,1,2\n")
    result = validate(str(path))
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert "line 3" in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once(tmp_path):
    fifo = tmp_path / "studios.csv"
    os.mkfifo(fifo)
    result = validate(str(fifo))  # before the fix: blocked forever opening the pipe (the timeout fails it)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {fifo} is not a regular file (it is a pipe, socket or device); name a CSV file."
    ]


@pytest.mark.parametrize("argument", ["", "   "])
def test_an_empty_path_is_refused_not_read_as_the_sample(argument, capsys):
    code = main(["validate", argument])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "No file was named" in captured.err


def test_a_device_is_refused(capsys):
    assert main(["validate", "/dev/null"]) == 2
    assert "not a regular file" in capsys.readouterr().err

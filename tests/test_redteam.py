"""Cases found by attacking the README's promises with inputs nobody listed (issue 21.8).

Each test names the promise it holds; a process is started only where one is what is tested
(a closed pipe, a closed stream).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.paths import Paths


def _with_closed_reader(root: Path, *args: str, stream: str = "stdout"
                        ) -> subprocess.CompletedProcess:
    """`etl ARGS` whose `stream` is a pipe nobody reads any more (`etl … | head -1`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    other = subprocess.PIPE
    try:
        return subprocess.run(
            [sys.executable, "-m", "etl", "--root", str(root), *args],
            stdout=write_end if stream == "stdout" else other,
            stderr=write_end if stream == "stderr" else other, timeout=300)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("describe", "figures"), ("tables",),
                                  ("query", "SELECT * FROM figures"), ("export", "datacite")])
def test_a_reader_that_stops_reading_ends_a_reading_command_quietly(release: Paths, args):
    """Promise: no exit 4 for anything a user can do (`etl describe figures | head -1`)."""
    done = _with_closed_reader(release.root, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


def test_a_writer_whose_log_reader_went_away_stops_without_an_internal_error(mini: Paths):
    """`etl validate 2>&1 | true`: the command did not finish, so not exit 0, and not 4."""
    done = _with_closed_reader(mini.root, "validate", stream="stderr")
    assert done.returncode == 5, done.stdout
    assert not mini.staging.exists()


def test_a_query_with_its_standard_output_closed_is_no_internal_error(release: Paths):
    """`etl query 'SELECT 1' >&-`: Python has no sys.stdout at all."""
    done = subprocess.run([sys.executable, "-m", "etl", "--root", str(release.root), "query",
                           "SELECT 1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=60, close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr

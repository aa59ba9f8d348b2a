"""Cases found by attacking the README's promises with inputs nobody listed (issue 21.8).

Each test names the promise it holds; a process is started only where one is what is tested
(a closed pipe, a closed stream).
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.paths import Paths
from etl.query.render import render, visible


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


INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


@settings(max_examples=300)
@given(st.text(st.characters(categories=INVISIBLE), min_size=1)
       | st.text(st.characters(codec="utf-8")))
def test_query_text_output_shows_every_control_and_format_character_escaped(text):
    """Promise: table output escapes control characters, i.e. none reaches the terminal raw:
    not the direction marks (U+200F, U+061C), the zero-width ones nor the tags either."""
    for fmt in ("table", "markdown"):
        shown = render(["x"], [(text,)], fmt)
        raw = [ch for ch in shown if ch != "\n" and unicodedata.category(ch) in INVISIBLE]
        assert not raw, (fmt, [f"U+{ord(ch):04X}" for ch in raw])


def test_an_escaped_character_can_be_read_back():
    assert visible("a\u200fb\U000e0041c\x1b") == "a\\u200fb\\U000e0041c\\x1b"

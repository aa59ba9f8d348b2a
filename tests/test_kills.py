"""A build killed (SIGKILL) at any moment leaves the old release or the new one, and the next
command finishes or discards what it left, every hash verified.

What is killed is a real process running the writing half of a build (writing_half.py):
before staging, a build has only read, so the checks run once here and reach the process
pickled.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINI, snapshot
from releases import change_data, copy_tree, hashes_match, published, run, sha256

from etl.paths import Paths
from etl.publish.release import CRASH_POINTS

WRITING_HALF = Path(__file__).with_name("writing_half.py")


@pytest.fixture(scope="module")
def checked(checks_store, tmp_path_factory) -> dict[str, Path]:
    """The old and the changed raw data, checked and pickled for `writing_half`."""
    folder = tmp_path_factory.mktemp("checked")
    raw = Paths(folder / "tree")
    shutil.copytree(MINI / "data" / "raw", raw.raw)
    tables = {"old": checks_store(raw)}
    change_data(raw)
    tables["new"] = checks_store(raw)
    for name, checked_tables in tables.items():
        (folder / f"{name}.pickle").write_bytes(pickle.dumps(checked_tables))
    return {name: folder / f"{name}.pickle" for name in tables}


class Writers:
    """A `writing_half` server (its imports done once) and the writers it forks: each the
    writing half of a build in a process of its own, killable by its process group."""

    def __init__(self, folder: Path, env: dict | None = None) -> None:
        self.folder = folder
        self.server = subprocess.Popen([sys.executable, str(WRITING_HALF)], env=env,
                                       start_new_session=True, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._line() == "ready"
        self.started = 0
        self.stderr = folder / "writer-0.err"  # the last writer's stderr

    def _line(self) -> str:
        assert self.server.stdout is not None
        line = self.server.stdout.readline()
        assert line, "the writing_half server ended"
        return line.strip()

    def start(self, paths: Paths, tables: Path, kill_at: str = "") -> int:
        """A writer of `tables` into the tree at `paths`, started: its pid."""
        assert self.server.stdin is not None
        self.started += 1
        self.stderr = self.folder / f"writer-{self.started}.err"
        self.server.stdin.write(f"{paths.root}\t{tables}\t{kill_at}\t{self.stderr}\n")
        self.server.stdin.flush()
        kind, pid = self._line().split()
        assert kind == "pid"
        return int(pid)

    def wait(self) -> tuple[int, str]:
        """The last writer's exit code (negative: the signal that ended it) and stderr."""
        kind, code = self._line().split()
        assert kind == "exit"
        return int(code), self.stderr.read_text("utf-8")

    def close(self) -> None:
        self.server.communicate(timeout=60)


@pytest.fixture(scope="module")
def writers(tmp_path_factory) -> Iterator[Writers]:
    server = Writers(tmp_path_factory.mktemp("writers"))
    yield server
    server.close()


def _killed_at(writers: Writers, paths: Paths, tables: Path, point: str) -> int:
    writers.start(paths, tables, kill_at=point)
    return writers.wait()[0]


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_killed_build_leaves_the_old_or_the_new_release(mini_built, new_release, checked,
                                                          writers, tmp_path, point):
    paths = copy_tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    change_data(paths)
    assert _killed_at(writers, paths, checked["new"], point) == -9
    if not paths.journal.exists():  # before the commit point, or after it completed
        assert snapshot(paths) in (old, new_release)
        assert hashes_match(paths)
    # The next command finishes (or discards) what the killed build left.
    assert run(paths.root, "query", "SELECT 1").exit_code == 0
    assert not paths.journal.exists() and not paths.staging.exists()
    assert snapshot(paths) in (old, new_release)
    assert hashes_match(paths)
    expected = old if point in ("during_staging", "before_journal") else new_release
    assert snapshot(paths) == expected


def test_the_writing_half_publishes_what_a_build_does(mini_built, new_release, checked,
                                                      writers, tmp_path):
    """What the kill tests interrupt is the build's own writing: left alone, it publishes
    the bytes `etl build` publishes."""
    paths = copy_tree(mini_built, tmp_path / "tree")
    change_data(paths)
    writers.start(paths, checked["new"])
    code, stderr = writers.wait()
    assert code == 0, stderr
    assert snapshot(paths) == new_release and hashes_match(paths)


COMMANDS = [("tables",), ("describe", "figures"), ("dictionary",), ("query", "SELECT 1"),
            ("site", "--output", "site"), ("docs",), ("validate",), ("build",)]


@pytest.fixture(scope="module")
def half_published(mini_built, checked, writers, tmp_path_factory) -> Paths:
    """A tree whose build was killed between the directory swap and the descriptor."""
    paths = copy_tree(mini_built, tmp_path_factory.mktemp("half") / "tree")
    change_data(paths)
    assert _killed_at(writers, paths, checked["new"], "after_swap") == -9
    assert paths.journal.exists()
    return paths


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_finishes_a_pending_publish_first(half_published, new_release, tmp_path,
                                                        command):
    paths = copy_tree(half_published, tmp_path / "tree")
    assert not hashes_match(paths)  # datapackage.json still describes the previous release
    result = run(paths.root, *command)
    assert result.exit_code == 0, result.stderr
    assert "Finished publishing" in result.stderr and "every hash verified" in result.stderr
    assert not paths.journal.exists() and not paths.staging.exists()
    assert snapshot(paths) == new_release and hashes_match(paths)


def test_recovery_verifies_the_hashes_the_journal_promises(half_published, tmp_path):
    paths = copy_tree(half_published, tmp_path / "tree")
    (paths.processed / "units.csv").write_text("damaged\n", encoding="utf-8")
    before = published(paths)
    result = run(paths.root, "tables")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "units.csv" in result.stderr.strip().splitlines()[-1]
    assert published(paths) == before  # the journal stays until a build replaces it
    assert run(paths.root, "build").exit_code == 0
    assert not paths.journal.exists() and hashes_match(paths)


def test_random_kills_always_leave_a_complete_release(mini_built, new_release, checked,
                                                      tmp_path):
    """12 SIGKILLs at random moments of a build's writing (the named points above take the
    boundaries between its steps); the next command leaves a release
    whose every file matches datapackage.json, and nothing in the temporary folder."""
    rng = random.Random(20261201)
    paths = copy_tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    writers = Writers(tmp_path, {**os.environ, "TMPDIR": str(scratch)})
    original = paths.raw_csv("figures").read_text("utf-8")
    # How long the writing takes here (on a copy): the kills fall within that time.
    timing = copy_tree(mini_built, tmp_path / "timing")
    started = time.perf_counter()
    writers.start(timing, checked["new"])
    assert writers.wait()[0] == 0
    duration = time.perf_counter() - started
    outcomes = []
    for n in range(12):
        published_new = snapshot(paths) == new_release
        paths.raw_csv("figures").write_text(original, encoding="utf-8")
        if not published_new:
            change_data(paths)
        pid = writers.start(paths, checked["old" if published_new else "new"])
        time.sleep(rng.uniform(0, duration * 1.25))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        writers.wait()
        pending = paths.journal.exists()
        command = ("validate",) if n % 6 == 5 else ("tables",)
        result = run(paths.root, *command)
        assert result.exit_code == 0, result.output
        assert not paths.journal.exists() and not paths.staging.exists()
        assert hashes_match(paths), n
        assert not _mismatches_manifest(paths), n
        assert snapshot(paths) in (old, new_release), n
        outcomes.append(("pending " if pending else "") + ("new" if snapshot(paths)
                                                            == new_release else "old"))
    writers.close()
    assert not any(scratch.iterdir()), list(scratch.iterdir())
    assert len(set(outcomes)) >= 2, outcomes  # some kills before publishing, some after


def _mismatches_manifest(paths: Paths) -> list[str]:
    manifest = json.loads(paths.manifest.read_text("utf-8"))
    return [name for name, digest in manifest["files"].items()
            if sha256(paths.processed / name) != digest]



# --- One writer at a time, from the first step


@pytest.mark.parametrize("command", [("build",), ("validate",), ("dictionary",), ("docs",),
                                     ("site", "--output", "site")], ids=" ".join)
def test_a_second_writer_refuses_with_exit_3_before_touching_anything(mini_built, tmp_path,
                                                                      command):
    """While another holds the writers' lock, a writing command touches nothing (no probe
    folder, no staging, no output) and ends in one line, exit 3."""
    from etl.publish.release import writer_lock

    paths = copy_tree(mini_built, tmp_path / "tree")
    change_data(paths)
    before = sorted(p.relative_to(paths.root) for p in paths.root.rglob("*"))
    with writer_lock(paths):
        started = time.monotonic()
        result = run(paths.root, "--wait", "0.3", *command)
        assert time.monotonic() - started < 10
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: another `etl` command is writing")
    assert sorted(p.relative_to(paths.root) for p in paths.root.rglob("*")) == before


def test_builds_readers_and_kills_together(mini_built, new_release, tmp_path):
    """Three builds (one told not to wait, one SIGKILLed at a random moment), and readers
    querying throughout, all at once on one tree: every exit is 0 or 3 (or the kill), never
    a traceback, and what is published after is one of the two complete releases, every
    file matching its manifest and datapackage.json."""
    rng = random.Random(2026_12_02)
    paths = copy_tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    change_data(paths)
    etl = [sys.executable, "-m", "etl", "--root", str(paths.root)]

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen([*etl, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)

    builds = [start("--wait", "300", "build"), start("--wait", "0", "build"),
              start("--wait", "300", "build")]
    victim = builds[rng.choice([0, 2])]
    readers = []
    deadline = time.monotonic() + 240
    killed = False
    while any(b.poll() is None for b in builds) and time.monotonic() < deadline:
        readers.append(start("query", "--timeout", "60", "--format", "csv",
                             "SELECT count(*) AS n FROM figures"))
        time.sleep(rng.uniform(0.2, 1.0))
        if not killed and rng.random() < 0.3:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(victim.pid, signal.SIGKILL)
            killed = True
    if not killed:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(victim.pid, signal.SIGKILL)
    outcomes = []
    for process in builds + readers:
        out, err = process.communicate(timeout=300)
        outcomes.append(process.returncode)
        assert "Traceback" not in err, err
        if process is victim and process.returncode == -9:
            continue
        assert process.returncode in (0, 3), (process.args, process.returncode, err)
        if process.returncode == 3:
            assert len(err.strip().splitlines()) == 1, err
        elif process in readers:
            assert out.splitlines() == ["n", "3"], out
    assert any(code == 0 for code in outcomes[:3])  # the build that was not killed published
    assert run(paths.root, "tables").exit_code == 0  # finishes what the kill left
    assert not paths.journal.exists() and not paths.staging.exists()
    assert hashes_match(paths) and not _mismatches_manifest(paths)
    assert snapshot(paths) in (old, new_release)
    assert snapshot(paths) == new_release  # a build that was not killed published it

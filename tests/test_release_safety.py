"""Crash safety, concurrent readers and reproducible bytes of the release."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import run, run_process, snapshot

from etl.paths import MANIFEST_NAME, Paths
from etl.publish.release import KILL_POINT_ENV, KILL_POINTS


def _tree(source: Paths, root: Path) -> Paths:
    shutil.copytree(source.root, root)
    return Paths(root)


def _change_data(paths: Paths) -> None:
    """A valid edit, so that the next release differs from the current one."""
    path = paths.raw_csv("figures")
    path.write_text(path.read_text("utf-8").replace("Extrusion press", "Extrusion press force"),
                    encoding="utf-8")


def _hashes_match(paths: Paths) -> bool:
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    return all(
        r["hash"] == "sha256:" + hashlib.sha256((paths.root / r["path"]).read_bytes()).hexdigest()
        for r in descriptor["resources"]
    )


@pytest.fixture(scope="module")
def new_release(mini_built: Paths, tmp_path_factory) -> dict[str, bytes]:
    """The bytes a completed build of the changed data publishes."""
    paths = _tree(mini_built, tmp_path_factory.mktemp("new") / "tree")
    _change_data(paths)
    assert run(paths.root, "build").exit_code == 0
    return snapshot(paths)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_the_old_or_the_new_release(mini_built, new_release, tmp_path,
                                                          point):
    paths = _tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    _change_data(paths)
    result = run_process(paths.root, "build", env={**os.environ, KILL_POINT_ENV: point})
    assert result.returncode == -9, result.stderr
    if not paths.journal.exists():  # before the commit point, or after it completed
        assert snapshot(paths) in (old, new_release)
        assert _hashes_match(paths)
    # The next command finishes (or discards) what the killed build left.
    assert run(paths.root, "query", "SELECT 1").exit_code == 0
    assert run(paths.root, "validate").exit_code == 0
    assert not paths.journal.exists() and not paths.staging.exists()
    assert snapshot(paths) in (old, new_release)
    assert _hashes_match(paths)
    expected = old if point in ("during_staging", "before_journal") else new_release
    assert snapshot(paths) == expected


def test_a_reader_holding_the_database_open_does_not_stop_a_build(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    reader = duckdb.connect(str(paths.duckdb), read_only=True)
    try:
        before = reader.execute("SELECT label_en FROM figures ORDER BY figure_id").fetchall()
        _change_data(paths)
        result = run_process(paths.root, "build")
        assert result.returncode == 0, result.stderr
        # The reader keeps its consistent view of the release it opened.
        assert reader.execute(
            "SELECT label_en FROM figures ORDER BY figure_id").fetchall() == before
    finally:
        reader.close()
    fresh = duckdb.connect(str(paths.duckdb), read_only=True)
    try:
        labels = [r[0] for r in fresh.execute("SELECT label_en FROM figures").fetchall()]
    finally:
        fresh.close()
    assert "Extrusion press force" in labels


def test_same_raw_data_gives_the_same_bytes_in_any_environment(mini, tmp_path):
    first = _tree(mini, tmp_path / "a")
    second = _tree(mini, tmp_path / "b")
    env_a = {**os.environ, "POLARS_MAX_THREADS": "1", "PYTHONHASHSEED": "0", "TZ": "UTC",
             "LC_ALL": "C"}
    env_b = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Asia/Shanghai",
             "LC_ALL": "C.UTF-8"}
    env_b.pop("POLARS_MAX_THREADS", None)
    a = run_process(first.root, "build", env=env_a, cwd=tmp_path)
    b = run_process(second.root, "build", env=env_b, cwd=second.root)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert snapshot(first) == snapshot(second)


def test_source_date_epoch_sets_created(mini, tmp_path):
    result = run_process(mini.root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    assert json.loads(mini.descriptor.read_text("utf-8"))["created"] == "1970-01-01T00:00:00Z"


# --- Trust, 4: what the machine or a broken file refuses ends in one line and nothing published


def run_patched(root: Path, patch: str, *args: str, env: dict | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess:
    """The CLI in a separate process after `patch` (Python) ran: a fault injected."""
    code = f"{patch}\nfrom etl.cli import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def _in_namespace(root: Path, setup: str, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a private mount namespace after shell `setup` (mounts): a real other
    file system, a real read-only one, without touching the machine's mounts."""
    command = f"{setup} && exec {shlex.quote(sys.executable)} -m etl --root {root} " \
        + " ".join(shlex.quote(a) for a in args)
    return subprocess.run(["unshare", "-m", "sh", "-c", command], capture_output=True,
                          text=True, timeout=300)


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"],
                           capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs unshare -m and mount")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published(paths: Paths) -> dict:
    """The published bytes, the DuckDB file's digest and the leftovers of publishing."""
    return {"files": snapshot(paths),
            "duckdb": _sha(paths.duckdb) if paths.duckdb.exists() else None,
            "journal": paths.journal.exists(), "staging": paths.staging.exists()}


def _read_only_dir(p: Paths) -> None:
    p.processed.chmod(0o555)


def _read_only_root(p: Paths) -> None:
    p.root.chmod(0o555)


def _corrupt_lock(text: str):
    def apply(p: Paths) -> None:
        p.release_lock.write_text(text, encoding="utf-8")
    return apply


def _journal(text: str):
    def apply(p: Paths) -> None:
        p.journal.write_text(text, encoding="utf-8")
    return apply


def _no_patch(p: Paths) -> None:
    pass


EXCHANGE_FAILS = ("import errno, os, etl.publish.release as r\n"
                  "def fail(a, b):\n"
                  "    raise OSError(errno.{0}, os.strerror(errno.{0}), str(a), None, str(b))\n"
                  "r.{1} = fail\n")
NO_RENAMEAT2 = ("import etl.publish.release as r\n"
                "class NoCall:\n"
                "    pass\n"
                "r._libc = NoCall()\n")
UNSUPPORTED = ("import ctypes, errno, etl.publish.release as r\n"
               "class Lib:\n"
               "    def __init__(self):\n"
               "        self.renameat2 = lambda *a: (ctypes.set_errno(errno.EINVAL), -1)[1]\n"
               "r._libc = Lib()\n")
DISK_FULL = ("import errno, os, etl.publish.release as r\n"
             "real = r._write_atomic\n"
             "def full(path, data):\n"
             "    if path.name == '.etl-manifest.json':\n"
             "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))\n"
             "    real(path, data)\n"
             "r._write_atomic = full\n")
STAGED_WAL = ("import etl.pipeline as p\n"
              "real = p.write_duckdb\n"
              "def leaky(out, path):\n"
              "    real(out, path)\n"
              "    open(str(path) + '.wal', 'wb').write(b'not checkpointed')\n"
              "p.write_duckdb = leaky\n")

REFUSALS = {
    # case: (break the tree, injected fault, command, exit code, words in the one line)
    "data/processed read-only": (_read_only_dir, "", "build", 5, "read-only"),
    "root read-only": (_read_only_root, "", "build", 5, "read-only"),
    "other file system on the swap (EXDEV)": (
        _no_patch, EXCHANGE_FAILS.format("EXDEV", "_swap_in"), "build", 5,
        "another file system"),
    "read-only file system on the swap": (
        _no_patch, EXCHANGE_FAILS.format("EROFS", "_swap_in"), "build", 5,
        "read-only file system"),
    "permission denied exchanging beside data/processed": (
        _no_patch, EXCHANGE_FAILS.format("EACCES", "exchange"), "build", 5,
        "permission denied"),
    "other file system exchanging beside data/processed": (
        _no_patch, EXCHANGE_FAILS.format("EXDEV", "exchange"), "build", 5,
        "another file system"),
    "no renameat2 in libc": (_no_patch, NO_RENAMEAT2, "build", 5, "renameat2"),
    "file system without RENAME_EXCHANGE": (_no_patch, UNSUPPORTED, "build", 5,
                                            "RENAME_EXCHANGE"),
    "disk full while completing the new directory": (_no_patch, DISK_FULL, "build", 5,
                                                     "no space left"),
    "a .wal in the staged release": (_no_patch, STAGED_WAL, "build", 4, "internal error"),
    "release lock not JSON": (_corrupt_lock("{\n"), "", "build", 1, "release-lock.json"),
    "release lock empty": (_corrupt_lock(""), "", "build", 1, "release-lock.json"),
    "release lock not a lock": (_corrupt_lock("[1, 2]\n"), "", "build", 1, "release lock"),
    "journal unreadable, release tampered": (
        lambda p: (_journal("{")(p), (p.processed / "units.csv").write_text("x\n")),
        "", "tables", 1, "journal"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refusal_is_one_line_an_exit_code_and_nothing_published(mini_built, tmp_path,
                                                                   case):
    breaks, patch, command, code, words = REFUSALS[case]
    paths = _tree(mini_built, tmp_path / "tree")
    (paths.processed / "my_analysis.csv").write_text("mine\n", encoding="utf-8")
    _change_data(paths)  # a build would publish something new
    breaks(paths)
    before = _published(paths)
    try:
        result = run_patched(paths.root, patch, command)
    finally:
        paths.root.chmod(0o755)
        paths.processed.chmod(0o755)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("error: ") and words in lines[-1], result.stderr
    assert [line for line in lines if line.startswith("error")] == lines[-1:]
    after = _published(paths)
    assert after["files"] == before["files"] and after["duckdb"] == before["duckdb"]
    assert not after["staging"]
    assert not (paths.processed.parent / ".etl-probe").exists()
    assert (paths.processed / "my_analysis.csv").read_text("utf-8") == "mine\n"


@pytest.fixture
def writer(mini_built, tmp_path):
    """Another process holding the published database open read-write."""
    paths = _tree(mini_built, tmp_path / "tree")
    code = ("import sys, duckdb\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "print('ready', flush=True)\n"
            "sys.stdin.read()\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(paths.duckdb)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    yield paths, process
    process.stdin.close()
    process.wait(timeout=30)


def test_a_database_open_for_writing_elsewhere_refuses_the_build(writer):
    paths, process = writer
    _change_data(paths)
    before = _published(paths)
    result = run_process(paths.root, "build")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and f"pid {process.pid}" in line
    assert _published(paths) == before


@needs_mount
def test_data_processed_on_another_file_system_is_refused(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    _change_data(paths)
    before = _published(paths)
    keep = tmp_path / "keep"
    shutil.copytree(paths.processed, keep)
    setup = (f"mount -t tmpfs none {paths.processed} && cp -a {keep}/. {paths.processed}/")
    result = _in_namespace(paths.root, setup, "build")
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and "mount point" in line
    assert _published(paths) == before  # the tmpfs went with the namespace; so did nothing


@needs_mount
def test_data_processed_on_a_read_only_mount_is_refused(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    _change_data(paths)
    before = _published(paths)
    data = paths.processed.parent
    setup = f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"
    result = _in_namespace(paths.root, setup, "build")
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    assert "read-only file system" in result.stderr.strip().splitlines()[-1]
    assert _published(paths) == before


def test_data_processed_linked_to_another_file_system_is_staged_there(mini_built, tmp_path):
    """A symbolic link to a folder elsewhere: the staging goes beside the folder itself."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system at /dev/shm")
    paths = _tree(mini_built, tmp_path / "tree")
    elsewhere = Path(tempfile.mkdtemp(dir=shm)) / "processed"
    try:
        shutil.move(paths.processed, elsewhere)
        paths.processed.symlink_to(elsewhere)
        _change_data(paths)
        result = run_process(paths.root, "build")
        assert result.returncode == 0, result.stderr
        assert paths.processed.is_symlink() and _hashes_match(paths)
        assert paths.staging.parent == elsewhere.parent and not paths.staging.exists()
        assert b"Extrusion press force" in (paths.processed / "figures.csv").read_bytes()
    finally:
        shutil.rmtree(elsewhere.parent)


@pytest.mark.parametrize("text", ["", "{", '{"format": 2}', "null", "\x00\x00\x00"])
def test_an_unreadable_journal_is_verified_and_discarded(mini_built, tmp_path, text):
    paths = _tree(mini_built, tmp_path / "tree")
    before = _published(paths)
    paths.journal.write_text(text, encoding="utf-8")
    result = run_process(paths.root, "tables")
    assert result.returncode == 0, result.stderr
    assert "unreadable .etl-journal.json" in result.stderr and "Traceback" not in result.stderr
    assert not paths.journal.exists()
    assert _published(paths) == {**before, "journal": False}
    assert run(paths.root, "validate").exit_code == 0


def test_an_unreadable_journal_does_not_stop_a_build(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    paths.journal.write_text("{", encoding="utf-8")
    (paths.processed / "units.csv").write_text("tampered\n", encoding="utf-8")
    assert run_process(paths.root, "tables").returncode == 1
    result = run_process(paths.root, "build")
    assert result.returncode == 0, result.stderr
    assert not paths.journal.exists() and _hashes_match(paths)


# --- Trust, 5: all or nothing, for readers too


def test_a_build_replaces_only_what_the_previous_release_owned(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    mine = {"my_analysis.csv": b"mine\n", "notes.json": b"{}\n", "plots/a.parquet": b"PAR1"}
    for name, data in mine.items():
        (paths.processed / name).parent.mkdir(exist_ok=True)
        (paths.processed / name).write_bytes(data)
    os.chmod(paths.processed / "my_analysis.csv", 0o600)
    # A table the previous release published and the next one does not.
    manifest = json.loads(paths.manifest.read_text("utf-8"))
    manifest["files"]["retired.csv"] = "00" * 32
    paths.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    (paths.processed / "retired.csv").write_text("old\n", encoding="utf-8")
    # A stale write-ahead log: "WAL does not match database file" broke every query.
    (paths.processed / f"{paths.duckdb.name}.wal").write_bytes(b"stale" * 100)
    _change_data(paths)
    result = run_process(paths.root, "-v", "build")
    assert result.returncode == 0, result.stderr
    for name, data in mine.items():
        assert (paths.processed / name).read_bytes() == data
    assert stat.S_IMODE(os.stat(paths.processed / "my_analysis.csv").st_mode) == 0o600
    assert not (paths.processed / "retired.csv").exists()
    assert "data/processed/retired.csv" in result.stderr
    assert not (paths.processed / f"{paths.duckdb.name}.wal").exists()
    assert run(paths.root, "query", "SELECT count(*) FROM figures").exit_code == 0
    assert _hashes_match(paths)


def test_a_release_without_manifest_owns_what_its_descriptor_lists(mini_built, tmp_path):
    """A release from git (no manifest): its resources, DuckDB file and report are its own."""
    paths = _tree(mini_built, tmp_path / "tree")
    paths.manifest.unlink()
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    descriptor["resources"].append({"name": "retired", "path": "data/processed/retired.csv"})
    paths.descriptor.write_text(json.dumps(descriptor), encoding="utf-8")
    (paths.processed / "retired.csv").write_text("old\n", encoding="utf-8")
    (paths.processed / "my_analysis.csv").write_text("mine\n", encoding="utf-8")
    assert run(paths.root, "build").exit_code == 0
    assert not (paths.processed / "retired.csv").exists()
    assert (paths.processed / "my_analysis.csv").read_text("utf-8") == "mine\n"
    assert paths.manifest.is_file() and _hashes_match(paths)


def test_published_files_are_0644_whatever_the_umask(mini, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    result = subprocess.run([sys.executable, "-m", "etl", "--root", str(mini.root), "build"],
                            capture_output=True, text=True, env=env,
                            preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(mini.processed).st_mode) == 0o755
    for path in [mini.descriptor, mini.release_lock, *mini.processed.iterdir()]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path
    assert not any((tmp_path / "tmp").iterdir())
    assert not mini.staging.exists()


def _stage_copy(paths: Paths, source: Paths) -> list[str]:
    """Stage `source`'s release in `paths`, as the build would have written it."""
    from etl.publish.release import fresh_staging

    staged = fresh_staging(paths)
    files = ["datapackage.json"]
    for entry in source.processed.iterdir():
        if entry.name != MANIFEST_NAME and entry.is_file():
            shutil.copy(entry, staged / "data" / "processed" / entry.name)
            files.append(f"data/processed/{entry.name}")
    shutil.copy(source.descriptor, staged / "datapackage.json")
    return files


def _read_release(directory: Path) -> str:
    """Read every file of data/processed through one directory descriptor and check it
    against the manifest read the same way: 'ok', 'mixed', or 'gone' (a swap took it)."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return "gone"
    try:
        def read(name: str) -> bytes:
            handle = os.open(name, os.O_RDONLY, dir_fd=fd)
            with os.fdopen(handle, "rb") as f:
                return f.read()
        manifest = json.loads(read(MANIFEST_NAME))
        names = sorted(n for n in os.listdir(fd) if n != MANIFEST_NAME)
        if names != sorted(manifest["files"]):
            return "mixed"
        for name in names:
            if hashlib.sha256(read(name)).hexdigest() != manifest["files"][name]:
                return "mixed"
        return "ok"
    except FileNotFoundError:  # the previous release's folder, removed after its swap
        return "gone"
    finally:
        os.close(fd)


def test_a_reader_never_sees_a_mix_of_two_releases(mini_built, new_release, tmp_path):
    from etl.publish import release

    old = _tree(mini_built, tmp_path / "old")
    new = _tree(mini_built, tmp_path / "new")
    _change_data(new)
    assert run(new.root, "build").exit_code == 0
    paths = _tree(old, tmp_path / "tree")
    outcomes: dict[str, int] = {"ok": 0, "mixed": 0, "gone": 0}
    seen: set[str] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            outcomes[_read_release(paths.processed)] += 1
            with contextlib.suppress(OSError):
                seen.add(_sha(paths.manifest))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(30):
            files = _stage_copy(paths, (new, old)[n % 2])
            release.publish(paths, files)
    finally:
        stop.set()
        thread.join()
    assert outcomes["mixed"] == 0, outcomes
    assert outcomes["ok"] > 30 and len(seen) == 2, (outcomes, len(seen))
    assert snapshot(paths) == snapshot(old) and _hashes_match(paths)


COMMANDS = [("tables",), ("describe", "figures"), ("dictionary",), ("query", "SELECT 1"),
            ("site", "--output", "site"), ("docs",), ("validate",), ("build",)]


@pytest.fixture(scope="module")
def half_published(mini_built, tmp_path_factory) -> Paths:
    """A tree whose build was killed between the directory swap and the descriptor."""
    paths = _tree(mini_built, tmp_path_factory.mktemp("half") / "tree")
    _change_data(paths)
    result = run_process(paths.root, "build", env={**os.environ, KILL_POINT_ENV: "after_swap"})
    assert result.returncode == -9 and paths.journal.exists()
    return paths


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_finishes_a_pending_publish_first(half_published, new_release, tmp_path,
                                                        command):
    paths = _tree(half_published, tmp_path / "tree")
    assert not _hashes_match(paths)  # datapackage.json still describes the previous release
    result = run_process(paths.root, *command)
    assert result.returncode == 0, result.stderr
    assert "Finished publishing" in result.stderr and "every hash verified" in result.stderr
    assert not paths.journal.exists() and not paths.staging.exists()
    assert snapshot(paths) == new_release and _hashes_match(paths)


def test_recovery_verifies_the_hashes_the_journal_promises(half_published, tmp_path):
    paths = _tree(half_published, tmp_path / "tree")
    (paths.processed / "units.csv").write_text("damaged\n", encoding="utf-8")
    before = _published(paths)
    result = run_process(paths.root, "tables")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "units.csv" in result.stderr.strip().splitlines()[-1]
    assert _published(paths) == before  # the journal stays until a build replaces it
    assert run_process(paths.root, "build").returncode == 0
    assert not paths.journal.exists() and _hashes_match(paths)


def test_random_kills_always_leave_a_complete_release(mini_built, new_release, tmp_path):
    """20 SIGKILLs at random moments of a build; the next command leaves a release whose
    every file matches datapackage.json, and nothing in the temporary folder."""
    rng = random.Random(20261201)
    paths = _tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    original = paths.raw_csv("figures").read_text("utf-8")
    started = time.perf_counter()
    assert run_process(paths.root, "-q", "validate", env=env).returncode == 0
    duration = time.perf_counter() - started
    outcomes = []
    for n in range(20):
        published_new = snapshot(paths) == new_release
        paths.raw_csv("figures").write_text(original, encoding="utf-8")
        if not published_new:
            _change_data(paths)
        build = subprocess.Popen([sys.executable, "-m", "etl", "--root", str(paths.root),
                                  "-q", "build"], env=env, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration * 1.1))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)  # the build and its helper processes
        build.wait()
        pending = paths.journal.exists()
        command = ("validate",) if n % 10 == 9 else ("tables",)
        result = run(paths.root, *command)
        assert result.exit_code == 0, result.output
        assert not paths.journal.exists() and not paths.staging.exists()
        assert _hashes_match(paths), n
        assert not _mismatches_manifest(paths), n
        assert snapshot(paths) in (old, new_release), n
        outcomes.append(("pending " if pending else "") + ("new" if snapshot(paths)
                                                            == new_release else "old"))
    assert not any(scratch.iterdir()), list(scratch.iterdir())
    assert len(set(outcomes)) >= 2, outcomes  # some kills before publishing, some after


def _mismatches_manifest(paths: Paths) -> list[str]:
    manifest = json.loads(paths.manifest.read_text("utf-8"))
    return [name for name, digest in manifest["files"].items()
            if _sha(paths.processed / name) != digest]

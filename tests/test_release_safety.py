"""What the machine or a broken file refuses, what a release owns, readers during a
publish, and the same bytes in any environment (kills: test_kills.py)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, snapshot
from releases import change_data, copy_tree, hashes_match, published, run, sha256

import etl.pipeline
import etl.publish.outputs
from etl.paths import MANIFEST_NAME, Paths
from etl.publish import fs, release

READER = """import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
labels = lambda: sorted(r[0] for r in con.execute("SELECT label_en FROM figures").fetchall())
print(labels(), flush=True)
sys.stdin.readline()
print(labels(), flush=True)
"""


def test_a_reader_holding_the_database_open_does_not_stop_a_build(mini_built, new_tree,
                                                                  tmp_path):
    """A reader in another process keeps its consistent view of the release it opened; the
    build publishes what a build of the same data without the reader does."""
    paths = copy_tree(mini_built, tmp_path / "tree")
    reader = subprocess.Popen([sys.executable, "-c", READER, str(paths.duckdb)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert reader.stdin is not None and reader.stdout is not None
    try:
        before = reader.stdout.readline()
        change_data(paths)
        result = run(paths.root, "build")
        assert result.exit_code == 0, result.output
        after, _ = reader.communicate("again\n", timeout=60)
    finally:
        reader.kill()
    assert "Extrusion press force" not in before and after == before
    labels = ("query", "SELECT label_en FROM figures ORDER BY figure_id", "--format", "csv")
    published_labels = run(paths.root, *labels).stdout
    assert "Extrusion press force" in published_labels
    assert published_labels == run(new_tree.root, *labels).stdout


@pytest.fixture(scope="module")
def built_elsewhere(tmp_path_factory) -> tuple[Paths, Path]:
    """A real `etl build` process in an environment unlike this one: another hash seed,
    time zone, locale, thread count and working directory, umask 077 and a private TMPDIR
    (returned: whatever the build left there would stay)."""
    folder = tmp_path_factory.mktemp("elsewhere")
    paths = Paths(folder / "tree")
    shutil.copytree(MINI / "data" / "raw", paths.raw)
    scratch = folder / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Asia/Shanghai",
           "LC_ALL": "C.UTF-8", "POLARS_MAX_THREADS": "1", "TMPDIR": str(scratch)}
    if os.environ.get("POLARS_MAX_THREADS") == "1":
        env.pop("POLARS_MAX_THREADS")
    result = subprocess.run([sys.executable, "-m", "etl", "--root", str(paths.root), "build"],
                            capture_output=True, text=True, env=env, cwd=folder, timeout=300,
                            preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    return paths, scratch


def test_same_raw_data_gives_the_same_bytes_in_any_environment(built_elsewhere, mini_built):
    paths, _ = built_elsewhere
    assert snapshot(paths) == snapshot(mini_built)


def test_published_files_are_0644_whatever_the_umask(built_elsewhere):
    paths, _ = built_elsewhere
    assert stat.S_IMODE(os.stat(paths.processed).st_mode) == 0o755
    for path in [paths.descriptor, paths.release_lock, *paths.processed.iterdir()]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path


def test_a_build_leaves_nothing_in_its_temporary_folder(built_elsewhere):
    paths, scratch = built_elsewhere
    assert list(scratch.iterdir()) == []
    assert not paths.staging.exists()


def test_source_date_epoch_sets_created(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert run(mini.root, "build").exit_code == 0
    assert json.loads(mini.descriptor.read_text("utf-8"))["created"] == "1970-01-01T00:00:00Z"


# --- Trust, 4: what the machine or a broken file refuses ends in one line and nothing published


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


def _as_is(_: object) -> None:
    """No break of the tree, or no fault injected."""


Fault = Callable[[pytest.MonkeyPatch], None]


def _exchange_fails(code: int, function: str) -> Fault:
    """The kernel refuses a directory exchange with errno `code`."""
    def fail(a: Path, b: Path) -> None:
        raise OSError(code, os.strerror(code), str(a), None, str(b))
    return lambda monkeypatch: monkeypatch.setattr(fs, function, fail)


class _NoRenameat2:
    """A libc without renameat2 (older glibc, musl before 1.2)."""


class _NoExchange:
    """A libc whose renameat2 says the file system cannot exchange (EINVAL)."""

    @staticmethod
    def renameat2(*_: object) -> int:
        ctypes.set_errno(errno.EINVAL)
        return -1


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """No space left when the manifest completes the new data/processed."""
    real = fs.write_atomic

    def full(path: Path, data: bytes | str) -> None:
        if path.name == MANIFEST_NAME:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)
    monkeypatch.setattr(fs, "write_atomic", full)


def _staged_wal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that leaves a .wal beside the staged database: a bug, not the user's."""
    real = etl.publish.outputs.write_duckdb

    def leaky(out: dict, path: Path) -> None:
        real(out, path)
        Path(f"{path}.wal").write_bytes(b"not checkpointed")
    monkeypatch.setattr(etl.publish.outputs, "write_duckdb", leaky)


REFUSALS: dict[str, tuple[Callable[[Paths], object], Fault, str, int, str]] = {
    # case: (break the tree, injected fault, command, exit code, words in the one line)
    "data/processed read-only": (_read_only_dir, _as_is, "build", 5, "read-only"),
    "root read-only": (_read_only_root, _as_is, "build", 5, "read-only"),
    "other file system on the swap (EXDEV)": (
        _as_is, _exchange_fails(errno.EXDEV, "swap_in"), "build", 5,
        "another file system"),
    "read-only file system on the swap": (
        _as_is, _exchange_fails(errno.EROFS, "swap_in"), "build", 5,
        "read-only file system"),
    "permission denied exchanging beside data/processed": (
        _as_is, _exchange_fails(errno.EACCES, "exchange"), "build", 5,
        "permission denied"),
    "other file system exchanging beside data/processed": (
        _as_is, _exchange_fails(errno.EXDEV, "exchange"), "build", 5,
        "another file system"),
    "no renameat2 in libc": (
        _as_is, lambda m: m.setattr(fs.libc, "handle", _NoRenameat2()), "build", 5,
        "renameat2"),
    "file system without RENAME_EXCHANGE": (
        _as_is, lambda m: m.setattr(fs.libc, "handle", _NoExchange()), "build", 5,
        "RENAME_EXCHANGE"),
    "disk full while completing the new directory": (_as_is, _disk_full, "build", 5,
                                                     "no space left"),
    "a .wal in the staged release": (_as_is, _staged_wal, "build", 4, "internal error"),
    "release lock not JSON": (_corrupt_lock("{\n"), _as_is, "build", 1,
                              "release-lock.json"),
    "release lock empty": (_corrupt_lock(""), _as_is, "build", 1, "release-lock.json"),
    "release lock not a lock": (_corrupt_lock("[1, 2]\n"), _as_is, "build", 1,
                                "release lock"),
    "journal unreadable, release tampered": (
        lambda p: (_journal("{")(p), (p.processed / "units.csv").write_text("x\n")),
        _as_is, "tables", 1, "journal"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refusal_is_one_line_an_exit_code_and_nothing_published(mini_built, tmp_path,
                                                                   monkeypatch, case):
    breaks, fault, command, code, words = REFUSALS[case]
    paths = copy_tree(mini_built, tmp_path / "tree")
    (paths.processed / "my_analysis.csv").write_text("mine\n", encoding="utf-8")
    change_data(paths)  # a build would publish something new
    breaks(paths)
    before = published(paths)
    fault(monkeypatch)
    try:
        result = run(paths.root, command)
    finally:
        paths.root.chmod(0o755)
        paths.processed.chmod(0o755)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("error: ") and words in lines[-1], result.stderr
    assert [line for line in lines if line.startswith("error")] == lines[-1:]
    after = published(paths)
    assert after["files"] == before["files"] and after["duckdb"] == before["duckdb"]
    assert not after["staging"]
    assert not paths.probe.exists()
    assert (paths.processed / "my_analysis.csv").read_text("utf-8") == "mine\n"


@pytest.fixture
def writer(mini_built, tmp_path):
    """Another process holding the published database open read-write."""
    paths = copy_tree(mini_built, tmp_path / "tree")
    code = ("import sys, duckdb\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "print('ready', flush=True)\n"
            "sys.stdin.read()\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(paths.duckdb)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield paths, process
    process.stdin.close()
    process.wait(timeout=30)


def test_a_database_open_for_writing_elsewhere_refuses_the_build(writer):
    paths, process = writer
    change_data(paths)
    before = published(paths)
    result = run(paths.root, "build")
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and f"pid {process.pid}" in line
    assert published(paths) == before


@needs_mount
def test_data_processed_on_another_file_system_is_refused(mini_built, tmp_path):
    paths = copy_tree(mini_built, tmp_path / "tree")
    change_data(paths)
    before = published(paths)
    keep = tmp_path / "keep"
    shutil.copytree(paths.processed, keep)
    setup = (f"mount -t tmpfs none {paths.processed} && cp -a {keep}/. {paths.processed}/")
    result = _in_namespace(paths.root, setup, "build")
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and "mount point" in line
    assert published(paths) == before  # the tmpfs went with the namespace; so did nothing


@needs_mount
def test_data_processed_on_a_read_only_mount_is_refused(mini_built, tmp_path):
    paths = copy_tree(mini_built, tmp_path / "tree")
    change_data(paths)
    before = published(paths)
    data = paths.processed.parent
    setup = f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"
    result = _in_namespace(paths.root, setup, "build")
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    assert "read-only file system" in result.stderr.strip().splitlines()[-1]
    assert published(paths) == before


def test_data_processed_linked_to_another_file_system_is_staged_there(mini_built, tmp_path):
    """A symbolic link to a folder elsewhere: the staging goes beside the folder itself."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system at /dev/shm")
    paths = copy_tree(mini_built, tmp_path / "tree")
    elsewhere = Path(tempfile.mkdtemp(dir=shm)) / "processed"
    try:
        shutil.move(paths.processed, elsewhere)
        paths.processed.symlink_to(elsewhere)
        change_data(paths)
        result = run(paths.root, "build")
        assert result.exit_code == 0, result.stderr
        assert paths.processed.is_symlink() and hashes_match(paths)
        assert paths.staging.parent == elsewhere.parent and not paths.staging.exists()
        assert b"Extrusion press force" in (paths.processed / "figures.csv").read_bytes()
    finally:
        shutil.rmtree(elsewhere.parent)


@pytest.mark.parametrize("text", ["", "{", '{"format": 2}', "null", "\x00\x00\x00"])
def test_an_unreadable_journal_is_verified_and_discarded(mini_built, tmp_path, text):
    paths = copy_tree(mini_built, tmp_path / "tree")
    before = published(paths)
    paths.journal.write_text(text, encoding="utf-8")
    result = run(paths.root, "tables")
    assert result.exit_code == 0, result.stderr
    assert "unreadable .etl-journal.json" in result.stderr and "Traceback" not in result.stderr
    assert not paths.journal.exists()
    assert published(paths) == {**before, "journal": False}
    assert run(paths.root, "validate").exit_code == 0


def test_an_unreadable_journal_does_not_stop_a_build(mini_built, tmp_path):
    paths = copy_tree(mini_built, tmp_path / "tree")
    paths.journal.write_text("{", encoding="utf-8")
    (paths.processed / "units.csv").write_text("tampered\n", encoding="utf-8")
    assert run(paths.root, "tables").exit_code == 1
    result = run(paths.root, "build")
    assert result.exit_code == 0, result.stderr
    assert not paths.journal.exists() and hashes_match(paths)


# --- Trust, 5: all or nothing, for readers too


def test_a_build_replaces_only_what_the_previous_release_owned(mini_built, tmp_path):
    paths = copy_tree(mini_built, tmp_path / "tree")
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
    change_data(paths)
    result = run(paths.root, "-v", "build")
    assert result.exit_code == 0, result.stderr
    for name, data in mine.items():
        assert (paths.processed / name).read_bytes() == data
    assert stat.S_IMODE(os.stat(paths.processed / "my_analysis.csv").st_mode) == 0o600
    assert not (paths.processed / "retired.csv").exists()
    assert "data/processed/retired.csv" in result.stderr
    assert not (paths.processed / f"{paths.duckdb.name}.wal").exists()
    assert run(paths.root, "query", "SELECT count(*) FROM figures").exit_code == 0
    assert hashes_match(paths)


def test_a_release_without_manifest_owns_what_its_descriptor_lists(mini_built, tmp_path):
    """A release from git (no manifest): its resources, DuckDB file and report are its own."""
    paths = copy_tree(mini_built, tmp_path / "tree")
    paths.manifest.unlink()
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    descriptor["resources"].append({"name": "retired", "path": "data/processed/retired.csv"})
    paths.descriptor.write_text(json.dumps(descriptor), encoding="utf-8")
    (paths.processed / "retired.csv").write_text("old\n", encoding="utf-8")
    (paths.processed / "my_analysis.csv").write_text("mine\n", encoding="utf-8")
    assert run(paths.root, "build").exit_code == 0
    assert not (paths.processed / "retired.csv").exists()
    assert (paths.processed / "my_analysis.csv").read_text("utf-8") == "mine\n"
    assert paths.manifest.is_file() and hashes_match(paths)


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
            # Files missing from a folder that is no longer data/processed: the previous
            # release's, being removed after its swap, not a mix.
            swapped = os.stat(directory).st_ino != os.fstat(fd).st_ino
            return "gone" if swapped and set(names) < set(manifest["files"]) else "mixed"
        for name in names:
            if hashlib.sha256(read(name)).hexdigest() != manifest["files"][name]:
                return "mixed"
        return "ok"
    except FileNotFoundError:  # the previous release's folder, removed after its swap
        return "gone"
    finally:
        os.close(fd)


def test_a_reader_never_sees_a_mix_of_two_releases(mini_built, new_tree, tmp_path):
    old, new = mini_built, new_tree
    paths = copy_tree(old, tmp_path / "tree")
    outcomes: dict[str, int] = {"ok": 0, "mixed": 0, "gone": 0}
    seen: set[str] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            outcomes[_read_release(paths.processed)] += 1
            with contextlib.suppress(OSError):
                seen.add(sha256(paths.manifest))

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
    assert snapshot(paths) == snapshot(old) and hashes_match(paths)




# --- Red team: a FIFO where `etl` reads its own bookkeeping never makes it wait

FIFO_PLACES = {"the lock": lambda p: p.lock, "the journal": lambda p: p.journal,
               "the manifest": lambda p: p.manifest,
               "a published table": lambda p: p.csv("units")}


@pytest.mark.parametrize(("place", "command"), [
    *((place, ("tables",)) for place in FIFO_PLACES),
    ("the lock", ("build",)), ("a published table", ("build",))])
def test_a_fifo_in_place_of_a_release_file_is_no_hang(mini_built, tmp_path, place, command):
    """Opened without blocking and looked at first: exit 0 (the build replaces what the
    release owns) or one line with an exit code, in seconds, never a wait for a writer."""
    paths = copy_tree(mini_built, tmp_path / "tree")
    target = FIFO_PLACES[place](paths)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    if place == "the journal" or place == "the manifest":
        (paths.processed / "units.csv").write_text("tampered\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "etl", "--root", str(paths.root),
                             "--wait", "1", *command], capture_output=True, text=True,
                            timeout=240)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 3, 5), result.stderr
    if result.returncode:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    if command == ("build",) and place == "a published table":
        assert result.returncode == 0 and hashes_match(paths)  # the build replaced it

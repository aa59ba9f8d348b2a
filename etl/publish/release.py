"""Publish a staged release all or nothing, for writers and for readers.

Layout. The build fills a staging root (`fresh_staging`): `<staging>/data/processed/` and
`<staging>/datapackage.json`. The staging lives beside the published directory (the parent
of data/processed, symbolic links resolved), so on its file system, never in /tmp. Every
published file is 0644 whatever the umask.

Ownership. `data/processed/.etl-manifest.json` lists every file the release there owns with
its sha256 (the DuckDB file included) and the sha256 of the datapackage.json that describes
it. A build replaces or removes only what the previous release owned (its manifest, or, for
a release without one, its datapackage.json resources, the DuckDB file, its `.wal` and the
validation report); every other file in data/processed (a researcher's my_analysis.csv, a
folder) is carried over into the new directory by hard link, untouched.

Swap. The new data/processed is complete before it is swapped in: one
`renameat2(RENAME_EXCHANGE)` exchanges the two directories, so a reader that opens
data/processed sees the old release or the new one, never a mix (a stale DuckDB `.wal` left
in the old directory goes with it). Then datapackage.json is replaced (os.replace).
The descriptor's window: between the directory swap and the descriptor replace (a few
milliseconds; longer only if the build is killed there, until the next `etl` command
finishes the swap), datapackage.json still describes the previous release. A reader that
needs the descriptor and the files to agree checks the manifest's `descriptor_sha256`
against datapackage.json; a reader of several files opens data/processed once (a directory
descriptor) and reads every file relative to it, so that one swap cannot come between
two of its reads. Where the kernel or file system cannot exchange two directories, the
build refuses (exit 5) rather than publish file by file.

Journal. `.etl-journal.json` (written atomically: temporary file, fsync, rename) is the
commit point: `{"format": 2, "release": <sha256 of the new manifest>, "files": {name:
sha256}, "descriptor_sha256": ..., "owned_before": [names]}`. `recover` rolls a journalled
publish forward (verifying every staged hash first) or, when the staged release is not
intact, back; either way it verifies every hash the journal promises before it reports the
release finished. A journal that does not parse cannot come from a write that completed (it
is renamed into place whole), so its publish never swapped: recovery then verifies the
published release by its hashes and discards the journal and the staging.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import struct
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from etl.paths import DUCKDB_NAME, MANIFEST_NAME, Paths

KILL_POINT_ENV = "ETL_TEST_KILL_AT"
"""Test hook: SIGKILL the build at a named point of publishing (see `maybe_die`)."""
KILL_POINTS = ("during_staging", "before_journal", "after_journal", "after_swap",
               "before_journal_removed")

EXIT_DATA, EXIT_TAKEN, EXIT_INTERNAL, EXIT_REFUSED = 1, 3, 4, 5
"""Exit codes of a ReleaseError: a problem in the project's files (1), the database is held
by another process (3), a bug (4), the machine refused: permission, read-only, disk full,
another file system, no atomic directory exchange (5)."""

JOURNAL_FORMAT = 2
WAL_NAME = DUCKDB_NAME + ".wal"
DESCRIPTOR_TMP = ".datapackage.json.etl-tmp"
FILE_MODE, DIR_MODE = 0o644, 0o755
_REFUSALS = {errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
             errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on device",
             errno.EDQUOT: "disk quota exceeded", errno.EXDEV: "another file system",
             errno.EBUSY: "busy (a mount point?)"}


class ReleaseError(Exception):
    """Publishing cannot go on: one line for the user, and an exit code. Nothing changed,
    unless the message says the next `etl` command finishes the publish."""

    def __init__(self, message: str, exit_code: int = EXIT_REFUSED):
        super().__init__(message)
        self.exit_code = exit_code


def refused(error: OSError, paths: Paths | None = None, doing: str = "",
            outcome: str = "") -> ReleaseError | None:
    """A ReleaseError for an OSError the machine raised (permission, read-only, disk full,
    other file system), else None: anything else is a bug and keeps its traceback."""
    if error.errno not in _REFUSALS:
        return None
    where = error.filename
    if where is not None and paths is not None:
        where = paths.rel(Path(where))
    what = f"{doing}: " if doing else ""
    return ReleaseError(f"{what}{_REFUSALS[error.errno]}" + (f": {where}" if where else "")
                        + (f"; {outcome}" if outcome else ""), EXIT_REFUSED)


def maybe_die(point: str) -> None:
    if os.environ.get(KILL_POINT_ENV) == point:
        os.kill(os.getpid(), 9)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes | str) -> None:
    """Temporary file beside the target, fsync, rename, fsync the folder; mode 0644."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = path.with_name(f".{path.name}.etl-tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def exclusive(paths: Paths) -> Iterator[None]:
    """One build (or recovery) at a time in a tree; a second waits for the first."""
    try:
        handle = open(paths.lock, "a")  # noqa: SIM115 (closed by the `with` below)
    except OSError as error:
        raise refused(error, paths, "cannot take the build lock") or error from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_publishable(paths: Paths) -> None:
    """Refuse, before anything is staged or published, what would fail half-way."""
    target = paths.published_dir
    parent = target.parent
    if target.exists() and not target.is_dir():
        raise ReleaseError(f"{paths.rel(paths.processed)} is not a directory", EXIT_REFUSED)
    if parent.exists() and target.exists() and os.lstat(target).st_dev != os.stat(parent).st_dev:
        raise ReleaseError(
            f"{paths.rel(paths.processed)} is a mount point, on another file system than its "
            "folder: a release swaps it as one directory, so mount its parent instead (or "
            "make it a symbolic link to a folder there); nothing was published", EXIT_REFUSED)
    for folder in (target, parent, paths.root):
        if not folder.exists():
            continue
        name = paths.rel(folder) if folder != paths.root else f"the project root ({folder})"
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise ReleaseError(f"{name} is on a read-only file system; nothing "
                               "was published", EXIT_REFUSED)
        if not os.access(folder, os.W_OK) or not stat.S_IMODE(os.stat(folder).st_mode) & 0o222:
            raise ReleaseError(f"{name} is read-only (no write permission); "
                               "nothing was published", EXIT_REFUSED)


def fresh_staging(paths: Paths) -> Path:
    """An empty staging root beside the published directory; the build fills its
    data/processed/ and writes its datapackage.json."""
    try:
        _rmtree(paths.staging)
        (paths.staging / "data" / "processed").mkdir(parents=True)
    except OSError as error:
        raise refused(error, paths, "cannot stage the release") or error from None
    return paths.staging


def discard_staging(paths: Paths) -> None:
    _rmtree(paths.staging)
    _rmtree(paths.root / ".etl-staging")  # where earlier versions staged
    (paths.root / DESCRIPTOR_TMP).unlink(missing_ok=True)
    (paths.root / f".{paths.journal.name}.etl-tmp").unlink(missing_ok=True)


def _rmtree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# --- Reading a release: manifest, ownership, verification ------------------------------


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _manifest_files(directory: Path) -> dict[str, str] | None:
    manifest = _read_json(directory / MANIFEST_NAME)
    files = manifest.get("files") if manifest else None
    if not isinstance(files, dict):
        return None
    return files


def _manifest_id(directory: Path) -> str | None:
    try:
        return hashlib.sha256((directory / MANIFEST_NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def owned_names(paths: Paths) -> set[str]:
    """The names in data/processed the published release owns (see the module docstring)."""
    files = _manifest_files(paths.processed)
    if files is not None:
        return {*files, MANIFEST_NAME, WAL_NAME}
    owned = {DUCKDB_NAME, WAL_NAME, MANIFEST_NAME, "validation_report.json"}
    descriptor = _read_json(paths.descriptor)
    for resource in (descriptor or {}).get("resources", []):
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and path.startswith("data/processed/") and path.count("/") == 2:
            owned.add(path.rsplit("/", 1)[1])
    return owned


def _mismatches(directory: Path, files: dict[str, str]) -> list[str]:
    """The names in `files` whose bytes in `directory` do not have the sha256 promised."""
    bad = []
    for name, digest in sorted(files.items()):
        try:
            if _sha256(directory / name) != digest:
                bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def _descriptor_matches(descriptor: Path, root: Path) -> bool:
    """Every resource of `descriptor` has the sha256 it states, relative to `root`."""
    data = _read_json(descriptor)
    if data is None or not isinstance(data.get("resources"), list):
        return False
    for resource in data["resources"]:
        try:
            if resource["hash"] != "sha256:" + _sha256(root / resource["path"]):
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def _published_consistent(paths: Paths) -> bool:
    """data/processed matches its manifest and datapackage.json, by every hash."""
    files = _manifest_files(paths.processed)
    if files is not None:
        if _mismatches(paths.processed, files):
            return False
        manifest = _read_json(paths.manifest) or {}
        want = manifest.get("descriptor_sha256")
        if want and (not paths.descriptor.is_file() or _sha256(paths.descriptor) != want):
            return False
    return paths.descriptor.is_file() and _descriptor_matches(paths.descriptor, paths.root)


# --- The database ----------------------------------------------------------------------


def database_writer(path: Path) -> int | None:
    """The pid of another process holding `path` open for writing (DuckDB's own fcntl
    lock), else None. A process's own locks never conflict with it, so this says nothing of
    connections of the calling process."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        query = struct.pack("hhqqi4x", fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        kind, _, _, _, pid = struct.unpack("hhqqi4x", answer)
    except OSError:
        return None
    finally:
        # Closing drops every fcntl lock this process holds on the file: no DuckDB
        # connection of this process may have it open (the build opens it only in staging).
        os.close(fd)
    return pid if kind != fcntl.F_UNLCK else None


def _refuse_if_database_taken(paths: Paths) -> None:
    pid = database_writer(paths.duckdb)
    if pid is not None:
        raise ReleaseError(
            f"{paths.rel(paths.duckdb)} is open for writing by another process (pid {pid}): "
            "its writes would be lost; close that connection (or open it read_only=True) "
            "and build again; nothing was published", EXIT_TAKEN)


# --- The swap ---------------------------------------------------------------------------

AT_FDCWD, RENAME_EXCHANGE = -100, 2
_libc = None


def exchange(a: Path, b: Path) -> None:
    """Swap two directory entries atomically: Linux renameat2(RENAME_EXCHANGE)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    try:
        call = _libc.renameat2
    except AttributeError:
        raise ReleaseError("this system has no renameat2: it cannot swap data/processed "
                           "as one directory, and a release is never published file by file; "
                           "nothing was published", EXIT_REFUSED) from None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        raise ReleaseError(f"this file system cannot swap two directories atomically "
                           f"(renameat2 RENAME_EXCHANGE: {os.strerror(code)}), and a release "
                           "is never published file by file; nothing was published",
                           EXIT_REFUSED)
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _swap_in(new: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        exchange(new, target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(new, target)


# --- Publishing -------------------------------------------------------------------------


def publish(paths: Paths, files: list[str]) -> list[str]:
    """Swap the staged release in (paths relative to the root); return the published files
    that changed or went. Raises ReleaseError, with nothing published, when it cannot."""
    plan: dict | None = None
    try:
        plan = _prepare(paths, files)
        maybe_die("before_journal")
        _write_atomic(paths.journal, json.dumps(plan, indent=1))
        maybe_die("after_journal")
        _finish(paths, plan, verify=False, fresh=True)
    except (OSError, ReleaseError) as error:
        if plan is not None and paths.journal.exists() \
                and _manifest_id(paths.published_dir) == plan["release"]:
            raise ReleaseError(f"{error}; the new data/processed is in place: the next `etl` "
                               "command finishes publishing it", EXIT_REFUSED) from None
        with suppress(OSError):
            _roll_back(paths)
        if isinstance(error, ReleaseError):
            raise
        raise refused(error, paths, "cannot publish", "nothing was published") \
            or error from None
    return plan["changed"]


def check_publishable(paths: Paths) -> None:
    """Raise ReleaseError now for what would refuse the publish at the end of a build: a
    corrupt data/release-lock.json, a read-only or mounted data/processed, a read-only
    root. The build calls it first, so that it fails in a moment rather than after checks."""
    from etl.publish.versioning import read_lock

    read_lock(paths)
    _check_publishable(paths)
    _probe_exchange(paths)


def _probe_exchange(paths: Paths) -> None:
    """Swap two empty folders beside data/processed: refuses at once where the file system
    cannot exchange directories, rather than at the end of a build."""
    parent = paths.published_dir.parent
    if not parent.is_dir():
        return
    probe = parent / ".etl-probe"
    try:
        _rmtree(probe)
        (probe / "a").mkdir(parents=True)
        (probe / "b").mkdir()
        try:
            exchange(probe / "a", probe / "b")
        finally:
            _rmtree(probe)
    except OSError as error:
        raise refused(error, paths, "cannot swap directories beside data/processed",
                      "nothing was published") or error from None


def _roll_back(paths: Paths) -> None:
    paths.journal.unlink(missing_ok=True)
    discard_staging(paths)


def _prepare(paths: Paths, files: list[str]) -> dict:
    """Complete the new data/processed in the staging (manifest, carried-over files, modes);
    return the journal's plan."""
    check_publishable(paths)  # a corrupt release lock refuses before anything is published
    _refuse_if_database_taken(paths)
    staged, new = paths.staging, paths.staging / "data" / "processed"
    names = sorted(Path(f).name for f in files if f.startswith("data/processed/"))
    if {f"data/processed/{n}" for n in names} | {"datapackage.json"} != set(files):
        raise ReleaseError(f"internal error: cannot publish {files}", EXIT_INTERNAL)
    leftovers = sorted(p.name for p in new.iterdir() if p.name not in names)
    if leftovers:  # a .wal: the writer did not checkpoint and close
        raise ReleaseError(f"internal error: the staged release holds {leftovers}",
                           EXIT_INTERNAL)
    digests = {}
    for name in names:
        os.chmod(new / name, FILE_MODE)
        digests[name] = _sha256(new / name)
    descriptor = staged / "datapackage.json"
    os.chmod(descriptor, FILE_MODE)
    descriptor_sha = _sha256(descriptor)
    target = paths.published_dir
    owned = owned_names(paths) | set(names)
    before = _manifest_files(target) or {}
    if target.is_dir():
        for entry in sorted(target.iterdir()):
            if entry.name not in owned:
                _carry_over(entry, new / entry.name)
    manifest = json.dumps({"format": 1, "files": digests, "descriptor_sha256": descriptor_sha},
                          indent=1, sort_keys=True) + "\n"
    _write_atomic(new / MANIFEST_NAME, manifest)
    for name in names:
        fd = os.open(new / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    _fsync_dir(new)
    os.chmod(new, DIR_MODE)
    changed = []
    for name in names:
        old = target / name
        if not old.is_file() or (before[name] if name in before else _sha256(old)) \
                != digests[name]:
            changed.append(f"data/processed/{name}")
    gone = sorted(n for n in owned - set(names) - {MANIFEST_NAME}
                  if (target / n).exists() or (target / n).is_symlink())
    changed += [f"data/processed/{n}" for n in gone]
    if not paths.descriptor.is_file() or _sha256(paths.descriptor) != descriptor_sha:
        changed.append("datapackage.json")
    return {"format": JOURNAL_FORMAT,
            "release": hashlib.sha256(manifest.encode()).hexdigest(),
            "files": digests, "descriptor_sha256": descriptor_sha,
            "owned_before": sorted(owned - set(names)), "changed": changed}


def _carry_over(source: Path, dest: Path) -> None:
    """A file that is not the release's into the new directory: hard links, so its bytes,
    mode and inode are the researcher's own; a copy where links are refused."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, dest, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, dest)


def _link_or_copy(source, dest) -> None:
    try:
        os.link(source, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, dest, follow_symlinks=False)


def _finish(paths: Paths, plan: dict, verify: bool, fresh: bool = False) -> str:
    """Roll a journalled publish forward (or back when the staged release is not intact);
    return what was done. With `verify`, every hash is checked before the swap and after.

    `fresh`: called by the publish itself, which swaps whatever the published manifest says
    (published files may have been changed by hand since; the same data gives the same
    manifest). In recovery, a published manifest equal to the journal's means the swap
    happened.
    """
    target, new = paths.published_dir, paths.staging / "data" / "processed"
    done = "finished"
    if fresh or _manifest_id(target) != plan["release"]:
        intact = _manifest_id(new) == plan["release"] and (
            not verify or not _mismatches(new, plan["files"]))
        if not intact:
            _roll_back(paths)
            return "rolled back"
        _swap_in(new, target)
        maybe_die("after_swap")
        _fsync_dir(target.parent)
        if new.parent.exists():
            _fsync_dir(new.parent)
    if verify:
        bad = _mismatches(target, plan["files"])
        if bad:
            raise ReleaseError(f"{paths.rel(paths.processed)} does not hold the release its "
                               f"journal promises ({', '.join(bad)} differ): run `etl build`",
                               EXIT_DATA)
    old = new  # after the swap, the previous release
    if old.is_dir():  # a file someone wrote into data/processed during the swap
        keep = set(plan["owned_before"]) | set(plan["files"]) | {MANIFEST_NAME}
        for entry in old.iterdir():
            if entry.name not in keep and not (target / entry.name).exists():
                os.rename(entry, target / entry.name)
    if not paths.descriptor.is_file() or _sha256(paths.descriptor) != plan["descriptor_sha256"]:
        staged = paths.staging / "datapackage.json"
        data = staged.read_bytes() if staged.is_file() else b""
        if hashlib.sha256(data).hexdigest() != plan["descriptor_sha256"]:
            raise ReleaseError("the staged datapackage.json is missing or differs from the one "
                               "the journal promises: run `etl build`", EXIT_DATA)
        _write_atomic(paths.descriptor, data)
    maybe_die("before_journal_removed")
    paths.journal.unlink()
    _fsync_dir(paths.root)
    discard_staging(paths)
    return done


def _read_journal(paths: Paths) -> dict | None:
    plan = _read_json(paths.journal)
    if plan is None or plan.get("format") != JOURNAL_FORMAT:
        return None
    if not (isinstance(plan.get("release"), str) and isinstance(plan.get("files"), dict)
            and isinstance(plan.get("descriptor_sha256"), str)
            and isinstance(plan.get("owned_before"), list)):
        return None
    return plan


def recover(paths: Paths, rebuilding: bool = False) -> str | None:
    """Finish (or roll back) a publish a killed build left; drop an unfinished staging.

    Returns one line saying what was done, or None when there was nothing to do. Raises
    ReleaseError when the published release cannot be made consistent (`rebuilding`: the
    caller is about to publish afresh, so the leftovers are dropped instead).
    """
    if not paths.journal.exists():
        discard_staging(paths)
        return None
    plan = _read_journal(paths)
    if plan is not None:
        try:
            done = _finish(paths, plan, verify=True)
        except ReleaseError:
            if not rebuilding:
                raise
            _roll_back(paths)
            return ("Dropped an interrupted publish whose files do not verify; this build "
                    "replaces them.")
        if done == "finished":
            return ("Finished publishing the release an interrupted build had swapped in "
                    "(every hash verified).")
        if not paths.descriptor.exists():
            return "Rolled back a publish an interrupted build had begun; no release is out yet."
        if _published_consistent(paths) or rebuilding:
            return ("Rolled back a publish an interrupted build had not swapped in; the "
                    "published release verifies by its hashes.")
        raise ReleaseError("rolled back an interrupted publish, but the published release "
                           "does not match datapackage.json: run `etl build`", EXIT_DATA)
    # The journal is renamed into place whole, so one that does not parse (empty, cut,
    # edited) was never completed: its publish never swapped anything.
    staged_descriptor = paths.staging / "datapackage.json"
    if _published_consistent(paths):
        _roll_back(paths)
        return ("Ignored an unreadable .etl-journal.json (a publish that never began); the "
                "published release verifies by its hashes.")
    if staged_descriptor.is_file() and _descriptor_matches(staged_descriptor, paths.root):
        _write_atomic(paths.descriptor, staged_descriptor.read_bytes())
        _roll_back(paths)
        return ("Ignored an unreadable .etl-journal.json and installed the datapackage.json "
                "of the published files (every hash verified).")
    if rebuilding:
        _roll_back(paths)
        return ("Dropped an unreadable .etl-journal.json; the published release did not "
                "verify, and this build replaces it.")
    raise ReleaseError(".etl-journal.json is unreadable and data/processed does not match "
                       "datapackage.json: run `etl build` to publish afresh", EXIT_DATA)


def ensure_consistent(paths: Paths, rebuilding: bool = False) -> str | None:
    """What every command calls first: finish or roll back a pending publish, verified.

    Cheap when nothing is pending (a few stats). With a journal it waits for a build that
    is publishing, then recovers; the leftovers of a build killed before its journal (its
    staging) are dropped only if no build is running now.
    Returns the line `recover` returns, or None.
    """
    try:
        if paths.journal.exists() or paths.journal.is_symlink():
            with exclusive(paths):
                return recover(paths, rebuilding)
    except OSError as error:
        raise refused(error, paths, "cannot finish an interrupted publish") or error from None
    if paths.staging.exists():
        with suppress(OSError), _unless_busy(paths) as free:  # best effort: tidying only
            if free:
                recover(paths, rebuilding)
    return None


@contextmanager
def _unless_busy(paths: Paths) -> Iterator[bool]:
    """The build lock if no build holds it now (True), else nothing (False)."""
    with open(paths.lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

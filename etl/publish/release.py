"""Publish a staged release all or nothing, for writers and for readers.

Layout. The build fills a staging root (`fresh_staging`): `<staging>/data/processed/` and
`<staging>/datapackage.json`. The staging lives beside the published directory (the parent
of data/processed, symbolic links resolved), so on its file system, never in /tmp. Every
published file is 0644 whatever the umask.

Ownership. `data/processed/.etl-manifest.json` lists every file the release there owns with
its sha256 (the DuckDB file included) and the sha256 of the datapackage.json that describes
it. A build replaces or removes only what the previous release owned (`manifest.owned_names`);
every other file in data/processed (a researcher's my_analysis.csv, a folder) is carried
over into the new directory by hard link, untouched.

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

Journal (`etl.publish.journal`). Its atomic write is the commit point. `recover` rolls a
journalled publish forward (verifying every staged hash first) or, when the staged release
is not intact, back; either way it verifies every hash the journal promises before it
reports the release finished. A journal that does not parse cannot come from a write that
completed, so its publish never swapped: recovery then verifies the published release by
its hashes and discards the journal and the staging.

One writer. Every command that writes takes `writer_lock` before anything else; the
functions here that change files are called holding it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from etl.paths import MANIFEST_NAME, Paths, temporary
from etl.publish import fs, journal, manifest
from etl.publish.errors import ExitCode, ReleaseError, refused
from etl.publish.journal import Plan
from etl.publish.versioning import read_lock

Crash = Callable[[str], None]
"""A seam for the tests: called at each of CRASH_POINTS; the kill tests install one that
SIGKILLs the process there. In production it does nothing."""
CRASH_POINTS = ("during_staging", "before_journal", "after_journal", "after_swap",
                "before_journal_removed")
LOCK_WAIT = 60.0
"""How long a second writer waits for the first by default, in seconds."""


def no_crash(_: str) -> None:
    """The production Crash: nothing happens at a crash point."""


@contextmanager
def writer_lock(paths: Paths, wait: float = LOCK_WAIT) -> Iterator[None]:
    """One writer at a time in a tree: a second waits at most `wait` seconds, then exit 3."""
    try:
        handle = open(paths.lock, "a")  # noqa: SIM115 (closed by the `with` below)
    except OSError as error:
        raise refused(error, paths, "cannot take the build lock") or error from None
    with handle, fs.exclusive(handle, wait, paths.rel(paths.lock)):
        yield


def _check_publishable(paths: Paths) -> None:
    """Refuse, before anything is staged or published, what would fail half-way."""
    target = paths.published_dir
    parent = target.parent
    if target.exists() and not target.is_dir():
        raise ReleaseError(f"{paths.rel(paths.processed)} is not a directory", ExitCode.MACHINE)
    if parent.exists() and target.exists() and os.lstat(target).st_dev != os.stat(parent).st_dev:
        raise ReleaseError(
            f"{paths.rel(paths.processed)} is a mount point, on another file system than its "
            "folder: a release swaps it as one directory, so mount its parent instead (or "
            "make it a symbolic link to a folder there); nothing was published",
            ExitCode.MACHINE)
    for folder in (target, parent, paths.root):
        if not folder.exists():
            continue
        name = paths.rel(folder) if folder != paths.root else "the project root"
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise ReleaseError(f"{name} is on a read-only file system; nothing "
                               "was published", ExitCode.MACHINE)
        if not os.access(folder, os.W_OK) or not stat.S_IMODE(os.stat(folder).st_mode) & 0o222:
            raise ReleaseError(f"{name} is read-only (no write permission); "
                               "nothing was published", ExitCode.MACHINE)


def check_publishable(paths: Paths) -> None:
    """Raise ReleaseError now for what would refuse the publish at the end of a build: a
    corrupt data/release-lock.json, a read-only or mounted data/processed, a read-only
    root. The build calls it first (holding the lock), so that it fails in a moment rather
    than after checks."""
    read_lock(paths)
    _check_publishable(paths)
    _probe_exchange(paths)


def _probe_exchange(paths: Paths) -> None:
    """Swap two empty folders beside data/processed: refuses at once where the file system
    cannot exchange directories, rather than at the end of a build."""
    if not paths.published_dir.parent.is_dir():
        return
    probe = paths.probe
    try:
        fs.rmtree(probe)
        (probe / "a").mkdir(parents=True)
        (probe / "b").mkdir()
        try:
            fs.exchange(probe / "a", probe / "b")
        finally:
            fs.rmtree(probe)
    except OSError as error:
        raise refused(error, paths, "cannot swap directories beside data/processed",
                      "nothing was published") or error from None


def fresh_staging(paths: Paths) -> Path:
    """An empty staging root beside the published directory; the build fills its
    data/processed/ and writes its datapackage.json."""
    try:
        fs.rmtree(paths.staging)
        paths.staged.processed.mkdir(parents=True)
    except OSError as error:
        raise refused(error, paths, "cannot stage the release") or error from None
    return paths.staging


def discard_staging(paths: Paths) -> None:
    fs.rmtree(paths.staging)
    fs.rmtree(paths.legacy_staging)
    temporary(paths.descriptor).unlink(missing_ok=True)
    temporary(paths.journal).unlink(missing_ok=True)


def _refuse_if_database_taken(paths: Paths) -> None:
    pid = fs.database_writer(paths.duckdb)
    if pid is not None:
        raise ReleaseError(
            f"{paths.rel(paths.duckdb)} is open for writing by another process (pid {pid}): "
            "its writes would be lost; close that connection (or open it read_only=True) "
            "and build again; nothing was published", ExitCode.QUERY)


# --- Publishing -------------------------------------------------------------------------


def publish(paths: Paths, files: list[str], crash: Crash = no_crash) -> list[str]:
    """Swap the staged release in (paths relative to the root); return the published files
    that changed or went. Raises ReleaseError, with nothing published, when it cannot."""
    plan: Plan | None = None
    try:
        plan = _prepare(paths, files)
        crash("before_journal")
        journal.write(paths, plan)
        crash("after_journal")
        _finish(paths, plan, verify=False, fresh=True, crash=crash)
    except (OSError, ReleaseError) as error:
        if plan is not None and paths.journal.exists() \
                and manifest.identity(paths.published_dir) == plan.release:
            raise ReleaseError(f"{error}; the new data/processed is in place: the next `etl` "
                               "command finishes publishing it", ExitCode.MACHINE) from None
        with suppress(OSError):
            _roll_back(paths)
        if isinstance(error, ReleaseError):
            raise
        raise refused(error, paths, "cannot publish", "nothing was published") \
            or error from None
    return plan.changed


def _roll_back(paths: Paths) -> None:
    paths.journal.unlink(missing_ok=True)
    discard_staging(paths)


def _prepare(paths: Paths, files: list[str]) -> Plan:
    """Complete the new data/processed in the staging (manifest, carried-over files, modes);
    return the journal's plan."""
    check_publishable(paths)  # a corrupt release lock refuses before anything is published
    _refuse_if_database_taken(paths)
    staged = paths.staged
    new = staged.processed
    names = sorted(Path(f).name for f in files if f.startswith("data/processed/"))
    if {f"data/processed/{n}" for n in names} | {"datapackage.json"} != set(files):
        raise ReleaseError(f"internal error: cannot publish {files}", ExitCode.INTERNAL)
    leftovers = sorted(p.name for p in new.iterdir() if p.name not in names)
    if leftovers:  # a .wal: the writer did not checkpoint and close
        raise ReleaseError(f"internal error: the staged release holds {leftovers}",
                           ExitCode.INTERNAL)
    digests = {}
    for name in names:
        os.chmod(new / name, fs.FILE_MODE)
        digests[name] = fs.sha256(new / name)
    os.chmod(staged.descriptor, fs.FILE_MODE)
    descriptor_sha = fs.sha256(staged.descriptor)
    target = paths.published_dir
    owned = manifest.owned_names(paths) | set(names)
    before = manifest.files(target) or {}
    if target.is_dir():
        for entry in sorted(target.iterdir()):
            if entry.name not in owned:
                _carry_over(entry, new / entry.name)
    text = json.dumps({"format": 1, "files": digests, "descriptor_sha256": descriptor_sha},
                      indent=1, sort_keys=True) + "\n"
    fs.write_atomic(new / MANIFEST_NAME, text)
    for name in names:
        fs.fsync(new / name)
    fs.fsync(new)
    os.chmod(new, fs.DIR_MODE)
    changed = []
    for name in names:
        old = target / name
        if not old.is_file() or (before[name] if name in before else fs.sha256(old)) \
                != digests[name]:
            changed.append(f"data/processed/{name}")
    gone = sorted(n for n in owned - set(names) - {MANIFEST_NAME}
                  if (target / n).exists() or (target / n).is_symlink())
    changed += [f"data/processed/{n}" for n in gone]
    if not paths.descriptor.is_file() or fs.sha256(paths.descriptor) != descriptor_sha:
        changed.append("datapackage.json")
    return Plan(release=hashlib.sha256(text.encode()).hexdigest(), files=digests,
                descriptor_sha256=descriptor_sha, owned_before=sorted(owned - set(names)),
                changed=changed)


def _carry_over(source: Path, dest: Path) -> None:
    """A file that is not the release's into the new directory: hard links, so its bytes,
    mode and inode are the researcher's own; a copy where links are refused."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, dest, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, dest)


def _link_or_copy(source: str | Path, dest: str | Path) -> None:
    try:
        os.link(source, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, dest, follow_symlinks=False)


def _finish(paths: Paths, plan: Plan, verify: bool, fresh: bool = False,
            crash: Crash = no_crash) -> str:
    """Roll a journalled publish forward (or back when the staged release is not intact);
    return what was done. With `verify`, every hash is checked before the swap and after.

    `fresh`: called by the publish itself, which swaps whatever the published manifest says
    (published files may have been changed by hand since; the same data gives the same
    manifest). In recovery, a published manifest equal to the journal's means the swap
    happened.
    """
    target, new = paths.published_dir, paths.staged.processed
    if fresh or manifest.identity(target) != plan.release:
        intact = manifest.identity(new) == plan.release and (
            not verify or not manifest.mismatches(new, plan.files))
        if not intact:
            _roll_back(paths)
            return "rolled back"
        fs.swap_in(new, target)
        crash("after_swap")
        fs.fsync(target.parent)
        if new.parent.exists():
            fs.fsync(new.parent)
    if verify:
        bad = manifest.mismatches(target, plan.files)
        if bad:
            raise ReleaseError(f"{paths.rel(paths.processed)} does not hold the release its "
                               f"journal promises ({', '.join(bad)} differ): run `etl build`",
                               ExitCode.DATA)
    old = new  # after the swap, the previous release
    if old.is_dir():  # a file someone wrote into data/processed during the swap
        keep = set(plan.owned_before) | set(plan.files) | {MANIFEST_NAME}
        for entry in old.iterdir():
            if entry.name not in keep and not (target / entry.name).exists():
                os.rename(entry, target / entry.name)
    if not paths.descriptor.is_file() or fs.sha256(paths.descriptor) != plan.descriptor_sha256:
        staged = paths.staged.descriptor
        data = staged.read_bytes() if staged.is_file() else b""
        if hashlib.sha256(data).hexdigest() != plan.descriptor_sha256:
            raise ReleaseError("the staged datapackage.json is missing or differs from the one "
                               "the journal promises: run `etl build`", ExitCode.DATA)
        fs.write_atomic(paths.descriptor, data)
    crash("before_journal_removed")
    paths.journal.unlink()
    fs.fsync(paths.root)
    discard_staging(paths)
    return "finished"


def recover(paths: Paths, rebuilding: bool = False) -> str | None:
    """Finish (or roll back) a publish a killed build left; drop an unfinished staging.
    Call it holding `writer_lock`.

    Returns one line saying what was done, or None when there was nothing to do. Raises
    ReleaseError when the published release cannot be made consistent (`rebuilding`: the
    caller is about to publish afresh, so the leftovers are dropped instead).
    """
    if not paths.journal.exists():
        discard_staging(paths)
        return None
    plan = journal.read(paths)
    if plan is not None:
        return _recover_plan(paths, plan, rebuilding)
    # The journal is renamed into place whole, so one that does not parse (empty, cut,
    # edited) was never completed: its publish never swapped anything.
    staged_descriptor = paths.staged.descriptor
    if manifest.consistent(paths):
        _roll_back(paths)
        return ("Ignored an unreadable .etl-journal.json (a publish that never began); the "
                "published release verifies by its hashes.")
    if staged_descriptor.is_file() and manifest.descriptor_matches(staged_descriptor,
                                                                   paths.root):
        fs.write_atomic(paths.descriptor, staged_descriptor.read_bytes())
        _roll_back(paths)
        return ("Ignored an unreadable .etl-journal.json and installed the datapackage.json "
                "of the published files (every hash verified).")
    if rebuilding:
        _roll_back(paths)
        return ("Dropped an unreadable .etl-journal.json; the published release did not "
                "verify, and this build replaces it.")
    raise ReleaseError(".etl-journal.json is unreadable and data/processed does not match "
                       "datapackage.json: run `etl build` to publish afresh", ExitCode.DATA)


def _recover_plan(paths: Paths, plan: Plan, rebuilding: bool) -> str:
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
    if manifest.consistent(paths) or rebuilding:
        return ("Rolled back a publish an interrupted build had not swapped in; the "
                "published release verifies by its hashes.")
    raise ReleaseError("rolled back an interrupted publish, but the published release "
                       "does not match datapackage.json: run `etl build`", ExitCode.DATA)


def ensure_consistent(paths: Paths, rebuilding: bool = False, locked: bool = False,
                      wait: float = LOCK_WAIT) -> str | None:
    """What every command calls first: finish or roll back a pending publish, verified.

    `locked`: the caller holds `writer_lock` (every writing command takes it first). A
    reader takes it only when a journal is pending, waiting at most `wait` seconds for a
    build that is publishing; the leftovers of a build killed before its journal (its
    staging) are dropped only if no build is running now. Cheap when nothing is pending.
    Returns the line `recover` returns, or None.
    """
    try:
        if locked:
            return recover(paths, rebuilding)
        if paths.journal.exists() or paths.journal.is_symlink():
            with writer_lock(paths, wait):
                return recover(paths, rebuilding)
        if paths.staging.exists():
            with suppress(OSError), fs.unless_busy(paths.lock) as free:  # tidying only
                if free:
                    recover(paths, rebuilding)
    except OSError as error:
        raise refused(error, paths, "cannot finish an interrupted publish") or error from None
    return None


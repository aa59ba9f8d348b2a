"""File-system primitives of publishing: atomic writes, hashes, the directory exchange
(Linux renameat2 through ctypes), the writers' lock and the DuckDB lock probe."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from etl.paths import temporary
from etl.publish.errors import ExitCode, ReleaseError

FILE_MODE, DIR_MODE = 0o644, 0o755


def fsync(path: Path) -> None:
    """Flush a file or a folder (its entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Temporary file beside the target, fsync, rename, fsync the folder; mode 0644."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = temporary(path)
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
    fsync(path.parent)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from `path`, or None if it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def rmtree(path: Path) -> None:
    """Remove a file, a link (not its target) or a folder; nothing if there is none."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# --- One writer at a time --------------------------------------------------------------

LOCK_POLL = 0.05


@contextmanager
def exclusive(handle: IO[str], wait: float, shown: str) -> Iterator[None]:
    """Hold the flock on the open file `handle`, waiting at most `wait` seconds for another
    holder; then ReleaseError (exit 3, one line naming `shown`). flock belongs to an open
    file: a process that takes it twice through two opens waits for itself."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ReleaseError(
                    f"another `etl` command is writing this release (it holds {shown}); "
                    f"waited {wait:g} s: try again when it has finished, or give --wait "
                    "more seconds; nothing was changed", ExitCode.QUERY) from None
            time.sleep(LOCK_POLL)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def unless_busy(lock: Path) -> Iterator[bool]:
    """The lock if nobody holds it now (True), else nothing (False)."""
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    return int(pid) if kind != fcntl.F_UNLCK else None


# --- The swap ---------------------------------------------------------------------------

AT_FDCWD, RENAME_EXCHANGE = -100, 2


class _Libc:
    """libc, loaded on first use (tests replace `handle` with one that lacks renameat2)."""

    handle: Any = None


libc = _Libc()


def exchange(a: Path, b: Path) -> None:
    """Swap two directory entries atomically: Linux renameat2(RENAME_EXCHANGE)."""
    if libc.handle is None:
        libc.handle = ctypes.CDLL(None, use_errno=True)
    try:
        call = libc.handle.renameat2
    except AttributeError:
        raise ReleaseError("this system has no renameat2: it cannot swap data/processed "
                           "as one directory, and a release is never published file by file; "
                           "nothing was published", ExitCode.MACHINE) from None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        raise ReleaseError(f"this file system cannot swap two directories atomically "
                           f"(renameat2 RENAME_EXCHANGE: {os.strerror(code)}), and a release "
                           "is never published file by file; nothing was published",
                           ExitCode.MACHINE)
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(new: Path, target: Path) -> None:
    """`new` takes the place of `target` in one step (the old one goes where `new` was)."""
    if target.exists() or target.is_symlink():
        exchange(new, target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(new, target)

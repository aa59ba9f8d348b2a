"""The exit codes of `etl`, and the error a release raises when it cannot go on.

One enum for the command line and the library, so that a code means one thing everywhere.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from pathlib import Path

from etl.paths import Paths


class ExitCode(IntEnum):
    OK = 0
    DATA = 1
    """Problems in the project's files (raw data, journal, release lock): nothing published."""
    USAGE = 2
    QUERY = 3
    """A query refused or failed, or the database or the release is held by another process."""
    INTERNAL = 4
    """A bug: rerun with --verbose for the traceback."""
    MACHINE = 5
    """The machine refused: permission, read-only, disk full, another file system, no atomic
    directory exchange."""


_REFUSALS = {errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
             errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on device",
             errno.EDQUOT: "disk quota exceeded", errno.EXDEV: "another file system",
             errno.EBUSY: "busy (a mount point?)"}


class ReleaseError(Exception):
    """Publishing cannot go on: one line for the user, and an exit code. Nothing changed,
    unless the message says the next `etl` command finishes the publish."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.MACHINE):
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
                        + (f"; {outcome}" if outcome else ""), ExitCode.MACHINE)

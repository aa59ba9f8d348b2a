"""The writing half of `etl build`, in processes of their own, for the tests to kill.

A SIGKILL can leave files half written only while a build stages, validates and publishes;
before that it has only read. So the kill tests run the checks once, in the test process
(Great Expectations included), and hand the checked tables over pickled; and one server
process imports what the writing needs once, then forks a writer for each request. Each
killed build then costs its writing, not the imports: a forked writer is a process like a
build's, and a SIGKILL ends it as it ends a build.

Protocol: `python writing_half.py` prints "ready" once imported. Then, for each line
"ROOT<TAB>TABLES<TAB>CRASH_POINT<TAB>STDERR" on its stdin, it forks a writer, in a session
(process group) of its own, that does what `etl build` does with the pickled
`ValidatedTables` at TABLES: take the writers' lock, recover, stage, validate, publish; with
a crash point (one of `etl.publish.release.CRASH_POINTS`, or empty), it SIGKILLs itself there.
The writer's stderr goes to the file STDERR. The server prints "pid N" at once and, when the
writer has ended, "exit N" (N negative: the signal that ended it).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from pathlib import Path

# What the writing imports, imported before "ready": the kills fall in the writing.
import frictionless  # noqa: F401

import etl.publish.outputs  # noqa: F401
from etl.paths import Paths
from etl.pipeline import write_release
from etl.publish import release


def write(paths: Paths, tables: Path, kill_at: str) -> None:
    def crash(point: str) -> None:
        if point == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    checked = pickle.loads(tables.read_bytes())
    with release.writer_lock(paths, wait=600):
        release.recover(paths)
        write_release(paths, checked, crash=crash)


def writer(root: str, tables: str, kill_at: str, stderr: str) -> None:
    """The forked child: write, then end without returning to the server's loop."""
    code = 0
    try:
        os.setsid()
        errors = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(errors, 2)
        write(Paths(Path(root)), Path(tables), kill_at)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        root, tables, kill_at, stderr = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            writer(root, tables, kill_at, stderr)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main()

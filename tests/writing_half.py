"""The writing half of `etl build` in a process of its own, to be killed by the tests.

A SIGKILL can leave files half written only while a build stages, validates and publishes;
before that it has only read. So the kill tests run the checks once, in the test process
(Great Expectations included), and hand the checked tables to this process pickled: each
killed build then costs its writing, not the import of the checks.

Protocol: `python writing_half.py ROOT [CRASH_POINT]` prints "ready" once imported, then
reads one line, the path of a pickled `ValidatedTables`, and does what `etl build` does with
it: take the writers' lock, recover, stage, validate, publish. With a crash point (one of
`etl.publish.release.CRASH_POINTS`), it SIGKILLs itself there.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from pathlib import Path

# What the writing imports, imported before "ready": the kills fall in the writing.
import frictionless  # noqa: F401

import etl.publish.outputs  # noqa: F401
from etl.paths import Paths
from etl.pipeline import write_release
from etl.publish import release


def main() -> None:
    paths = Paths(Path(sys.argv[1]))
    kill_at = sys.argv[2] if len(sys.argv) > 2 else ""

    def crash(point: str) -> None:
        if point == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    print("ready", flush=True)
    checked = pickle.loads(Path(sys.stdin.readline().strip()).read_bytes())
    with release.writer_lock(paths, wait=600):
        release.recover(paths)
        write_release(paths, checked, crash=crash)


if __name__ == "__main__":
    main()

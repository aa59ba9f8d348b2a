"""The Great Expectations suites in a second process, started before the frames exist.

Importing GX costs more than a second of pure Python (two, without deferring the modules
it imports for expectations not used here), and its suites are mostly Python too:
in a thread both would hold Python's lock against the loader and the writers. The worker
imports GX at once on the other core, waits for the frames (Arrow IPC files in a scratch
directory), runs `etl.gx_suite.run_suites` on them and writes its findings as JSON.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import polars as pl

from etl.deferred_import import GX_UNUSED, defer
from etl.gx_suite import Outcome
from etl.problems import Problem

RESULT = "result.json"


class SuiteRun:
    """A worker process: `send` the frames, then collect with `result`, or `cancel`."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([sys.executable, "-m", "etl.gx_worker"],
                                         stdin=subprocess.PIPE, text=True)
        self._scratch: Path | None = None

    def send(self, frames: dict[str, pl.DataFrame], files: dict[str, str],
             scratch: Path) -> None:
        """Hand the frames over through uncompressed IPC files, which the worker maps."""
        arrows = {}
        for name, frame in frames.items():
            arrows[name] = str(scratch / f"{name}.arrow")
            frame.write_ipc(arrows[name], compression="uncompressed")
        self._scratch = scratch
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({"frames": arrows, "files": files,
                                              "out": str(scratch / RESULT)}) + "\n")
        self._process.stdin.close()

    def result(self) -> tuple[list[Problem], list[Outcome], str]:
        """The suites' problems, every expectation's outcome, and the GX version."""
        if self._process.wait() != 0 or self._scratch is None:
            raise RuntimeError(f"the Great Expectations worker failed "
                               f"({self._process.returncode})")
        data = json.loads((self._scratch / RESULT).read_text(encoding="utf-8"))
        return ([Problem(**p) for p in data["problems"]],
                [Outcome(**o) for o in data["outcomes"]], data["version"])

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()


def main() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    defer(*GX_UNUSED)
    # Importing GX makes hundreds of thousands of objects and no garbage; collecting while
    # they are made costs 0.2 s. Frozen afterwards, they are left out of later collections.
    gc.disable()
    import great_expectations as gx  # now, while the parent process loads the tables

    from etl.gx_suite import pandas_source, run_suites

    source = pandas_source()
    gc.freeze()
    gc.enable()
    line = sys.stdin.readline()
    if not line:
        return  # the parent stopped before it had frames to send
    request = json.loads(line)
    # The suites' result is wanted only at the end; the DuckDB file and the staged package,
    # which frictionless then reads, decide when the build ends. Yield the processor to them.
    os.nice(5)
    frames = {name: _mapped(path) for name, path in request["frames"].items()}
    problems, outcomes = run_suites(frames, request["files"], source)
    Path(request["out"]).write_text(json.dumps({
        "problems": [asdict(p) for p in problems],
        "outcomes": [asdict(o) for o in outcomes],
        "version": gx.__version__,
    }, ensure_ascii=False), encoding="utf-8")


def _mapped(path: str) -> pl.DataFrame:
    """The frame of an uncompressed IPC file, memory-mapped: no copy is made."""
    import pyarrow as pa

    return pl.from_arrow(pa.ipc.open_file(pa.memory_map(path)).read_all())


if __name__ == "__main__":
    main()

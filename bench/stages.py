"""Time every stage of the pipeline on one tree, in this process; `python -m bench.stages`.

The stages are the pipeline's own calls (`etl.pipeline.check`, `stage`, `validate_staged`),
timed through the progress callback `check` already takes. Inside `stage`, the writers it
calls are wrapped with a clock, so the staging time splits into CSV, Parquet, DuckDB and the
descriptor (each writer's read-back check counts with its format). The imports of Great
Expectations and frictionless are timed on their own, before the stages, so that a stage's
seconds grow with the rows only. Prints JSON: wall and CPU seconds, and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

STAGING = ("stage: CSV", "stage: Parquet", "stage: DuckDB", "stage: SQL script and workbook",
           "stage: descriptor")


def clock() -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process (every thread)."""
    return time.perf_counter(), time.process_time()


class Laps:
    """Wall and CPU seconds by name, added up."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    def add(self, name: str, began: tuple[float, float]) -> None:
        wall, cpu = clock()
        self.wall[name] += wall - began[0]
        self.cpu[name] += cpu - began[1]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_stages(root: Path, limit: int, with_frictionless: bool = True) -> dict[str, Any]:
    """Seconds of each stage on the tree at `root` (its raw files at most `limit` bytes).

    With `with_frictionless` false the staged package is not validated (it takes minutes at a
    million rows). Returns wall seconds by import and by stage, CPU seconds by stage (the
    machine is shared: CPU seconds move less with the load), and the peak resident MiB.
    """
    imports: dict[str, float] = {}
    start = time.perf_counter()
    from etl import pipeline
    from etl.paths import Paths
    from etl.publish import files, outputs, release
    from etl.publish.descriptor import descriptor, dumps

    imports["etl (polars, duckdb, pyarrow)"] = time.perf_counter() - start
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # as run_suites sets it
    start = time.perf_counter()
    import great_expectations  # noqa: F401

    imports["great_expectations"] = time.perf_counter() - start
    if with_frictionless:
        start = time.perf_counter()
        import frictionless  # noqa: F401

        imports["frictionless"] = time.perf_counter() - start

    laps = Laps()
    current: list[Any] = [None, clock()]

    def progress(step: str) -> None:  # the callback check() calls at each step it begins
        if current[0] is not None:
            laps.add(current[0], current[1])
        current[:] = [step, clock()]

    paths = Paths(root.resolve())
    checked = pipeline.check(paths, progress, limit)
    progress("")  # closes the last step (suites)

    def clocked(name: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = clock()
            try:
                return function(*args, **kwargs)
            finally:
                laps.add(name(*args), began)
        return run

    def by_suffix(*args: Any) -> str:
        return "stage: CSV" if args[3] == ".csv" else "stage: Parquet"

    writers: dict[str, Any] = {
        "write_csv": clocked(lambda *_: "stage: CSV", outputs.write_csv),
        "write_parquet": clocked(lambda *_: "stage: Parquet", outputs.write_parquet),
        "reads_back": clocked(by_suffix, outputs.reads_back),
        "write_duckdb": clocked(lambda *_: "stage: DuckDB", outputs.write_duckdb),
    }
    wrapped: dict[str, Any] = {
        "write_extra_files": clocked(lambda *_: "stage: SQL script and workbook",
                                     files.write_extra_files),
        "descriptor": clocked(lambda *_: "stage: descriptor", descriptor),
        "dumps": clocked(lambda *_: "stage: descriptor", dumps),
    }
    try:
        whole = Laps()
        began = clock()
        with mock.patch.multiple(outputs, **writers), mock.patch.multiple(pipeline, **wrapped):
            staged, _ = pipeline.stage(paths, checked)
        whole.add("stage", began)
        # the rest of stage(): sorting into the published order, the digests
        laps.wall["stage: other"] = whole.wall["stage"] - sum(laps.wall[n] for n in STAGING)
        laps.cpu["stage: other"] = whole.cpu["stage"] - sum(laps.cpu[n] for n in STAGING)
        if with_frictionless:
            began = clock()
            pipeline.validate_staged(staged, checked)
            laps.add("validate (frictionless)", began)
    finally:
        release.discard_staging(paths)
    return {"imports": {k: round(v, 4) for k, v in imports.items()},
            "stages": {k: round(v, 4) for k, v in laps.wall.items()},
            "cpu": {k: round(v, 4) for k, v in laps.cpu.items()},
            "peak_mib": round(peak_mib(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path, help="a project root holding data/raw")
    parser.add_argument("--max-raw-bytes", type=int, default=16 * 2**20)
    parser.add_argument("--no-frictionless", action="store_true",
                        help="do not validate the staged package")
    args = parser.parse_args()
    json.dump(time_stages(args.root, args.max_raw_bytes, not args.no_frictionless),
              sys.stdout)


if __name__ == "__main__":
    main()

"""Time every stage of the real pipeline on one tree; print JSON. Run in its own process."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(root: str) -> None:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    import duckdb  # noqa: F401
    import polars  # noqa: F401
    import pyarrow  # noqa: F401

    from etl.derive.columns import derive_all
    from etl.metadata import TABLES
    from etl.paths import Paths
    from etl.pipeline import load
    from etl.publish import release
    from etl.publish.descriptor import descriptor, dumps
    from etl.publish.outputs import published, write_csv, write_duckdb, write_parquet
    from etl.validate.package import validate_package
    from etl.validate.rules import Context, run_rules
    from etl.validate.suites import run_suites

    paths = Paths(Path(root))
    lap("imports (polars, duckdb, pyarrow, etl)")
    raw, text, data, problems = load(paths)
    assert not problems, problems[:3]
    lap("load")
    frames = derive_all(raw, text, data)
    files = {t.name: t.name for t in TABLES}
    assert not run_rules(Context(frames, text, data, files))
    lap("derive and rules")
    from etl.deferred_import import GX_UNUSED, defer

    defer(*GX_UNUSED)  # as the build's worker does
    import great_expectations  # noqa: F401

    lap("import great_expectations")
    gx_problems, _ = run_suites(frames, files)
    assert not gx_problems, gx_problems[:3]
    lap("great_expectations")
    root_dir = release.fresh_staging(paths)
    processed = root_dir / "data" / "processed"
    out = {t.name: published(frames[t.name], t) for t in TABLES}
    for t in TABLES:
        write_csv(out[t.name], processed / f"{t.name}.csv")
    lap("csv")
    for t in TABLES:
        write_parquet(out[t.name], t, processed / f"{t.name}.parquet")
    lap("parquet")
    write_duckdb(out, processed / "db.duckdb")
    lap("duckdb")
    import hashlib

    (root_dir / "datapackage.json").write_text(
        dumps(descriptor(root_dir, hashlib.sha256(data).hexdigest())), encoding="utf-8")
    lap("descriptor")
    import frictionless  # noqa: F401

    lap("import frictionless")
    fl_problems, _ = validate_package(root_dir / "datapackage.json")
    assert not fl_problems, fl_problems[:3]
    lap("frictionless")
    release.discard_staging(paths)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"stages": timings, "peak_rss_mib": round(peak_kib / 1024, 1)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])

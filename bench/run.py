"""`make bench`: how the build scales, and how fast the CLI starts, as ratios in one run.

Writes docs/performance.md. Not part of the tests: the machines are shared and noisy, so
every figure is a ratio of two things measured side by side in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import make_tree

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ETL = [PY, "-m", "etl"]
HEAVY_IMPORT = [PY, "-c", "import polars, duckdb, pyarrow, frictionless, great_expectations"]
FLOOR = ("import duckdb, sys, time\n"
         "t = time.perf_counter()\n"
         "duckdb.sql(\"COPY (FROM read_csv('\" + sys.argv[1] + \"')) TO '\" + sys.argv[2]"
         " + \"' (FORMAT parquet)\")\n"
         "print(time.perf_counter() - t)\n")


def wall(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   **kwargs)
    return time.perf_counter() - start


def interleaved_ratio(a: list[str], b: list[str], runs: int, **kwargs) -> tuple[float, float,
                                                                                 float]:
    """Median of a/b over pairs run one after the other; and the two medians."""
    wall(a, **kwargs)
    wall(b, **kwargs)  # warm the file cache
    pairs = [(wall(a, **kwargs), wall(b, **kwargs)) for _ in range(runs)]
    return (statistics.median(x / y for x, y in pairs),
            statistics.median(x for x, _ in pairs), statistics.median(y for _, y in pairs))


def startup(runs: int) -> dict:
    help_ratio, help_s, click_s = interleaved_ratio([*ETL, "--help"],
                                                    [PY, "-c", "import click"], runs)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT / "data" / "raw", tree / "data" / "raw")
        build = [*ETL, "--root", str(tree), "-q", "build"]
        subprocess.run(build, check=True)
        # a full rebuild: the published files are removed before each build
        rebuild = ["bash", "-c", f"rm -rf {tree}/data/processed {tree}/datapackage.json && "
                   + " ".join(build)]
        build_ratio, build_s, import_s = interleaved_ratio(rebuild, HEAVY_IMPORT,
                                                           max(3, runs // 3))
    make_ratio, make_s, _ = interleaved_ratio(["make", "-s", "-C", str(ROOT), "build"],
                                              HEAVY_IMPORT, max(3, runs // 3))
    return {
        "etl --help / import click": (help_ratio, help_s, click_s, 1.5),
        "full rebuild / heavy imports": (build_ratio, build_s, import_s, 1.5),
        "make build, up to date / heavy imports": (make_ratio, make_s, import_s, 0.2),
    }


def scale(sizes: list[int], runs: int) -> list[dict]:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "tree"
            make_tree(tree, n)
            print(f"  {n:>9,} rows: stages", file=sys.stderr, flush=True)
            out = subprocess.run([PY, "-m", "bench.stages", str(tree)], check=True,
                                 capture_output=True, text=True, cwd=ROOT).stdout
            stages = json.loads(out)
            print(f"  {n:>9,} rows: build and floor, interleaved", file=sys.stderr, flush=True)
            pairs = []
            for _ in range(runs):
                # a full build each time: nothing published yet
                shutil.rmtree(tree / "data" / "processed", ignore_errors=True)
                (tree / "datapackage.json").unlink(missing_ok=True)
                build = wall([*ETL, "--root", str(tree), "-q", "build"])
                floor = float(subprocess.run(
                    [PY, "-c", FLOOR, str(tree / "data" / "raw" / "figures.csv"),
                     str(Path(tmp) / "floor.parquet")],
                    check=True, capture_output=True, text=True).stdout)
                pairs.append((build, floor))
            results.append({
                "rows": n,
                "build_s": round(statistics.median(b for b, _ in pairs), 2),
                "floor_s": round(statistics.median(f for _, f in pairs), 3),
                "ratio": round(statistics.median(b / f for b, f in pairs), 1),
                **stages,
            })
    return results


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["polars", "duckdb", "pyarrow", "great-expectations", "frictionless", "click"]
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, {platform.platform()}"


def report(start: dict, rows: list[dict], seconds: float) -> str:
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`); not part of the tests. Every goal is a ratio",
        "of two timings taken side by side in the same run (medians of interleaved runs), so",
        "that a shared, noisy machine does not decide the outcome.",
        "",
        f"- Machine: {machine()}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Benchmark wall time: {seconds:.0f} s",
        "",
        "## Start-up and rebuild",
        "",
        "| measure | ratio | goal | met | seconds (median) |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for name, (ratio, a, b, goal) in start.items():
        lines.append(f"| {name} | {ratio:.2f} | ≤ {goal} | {'yes' if ratio <= goal else 'no'} |"
                     f" {a:.3f} vs {b:.3f} |")
    stage_names = list(rows[0]["stages"])
    lines += [
        "",
        "## How the build scales",
        "",
        "Synthetic raw tables (`bench/synthetic.py`): N figure rows quoting a synthetic source,",
        "N/100 entities, and small other tables. `build` is `etl build` end to end (a fresh",
        "process, imports included, nothing published before); `floor` is DuckDB's own",
        "`COPY (FROM read_csv(...)) TO '….parquet'` on the same figures CSV. The two are run",
        "one after the other, several times; the table gives their medians and the median of",
        "the pairs' ratios. Goal: at 10^6 rows, build / floor ≤ 10. The stage seconds come",
        "from `bench/stages.py`, which runs the stages one after another in one process; in",
        "`etl build` the suites run in a worker process beside the staging, and frictionless",
        "in a third.",
        "",
        "| rows | build s | floor s | build / floor | goal | µs per row | peak MiB |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in rows:
        goal = ("≤ 10: " + ("met" if r["ratio"] <= 10 else "not met")) if r["rows"] == 10**6 else ""
        lines.append(f"| {r['rows']:,} | {r['build_s']:.2f} | {r['floor_s']:.3f} | "
                     f"{r['ratio']:.1f} | {goal} | {1e6 * r['build_s'] / r['rows']:.1f}"
                     f" | {r['peak_rss_mib']:.0f} |")
    lines += ["", "Stage seconds:", "",
              "| rows | " + " | ".join(stage_names) + " |",
              "| ---: | " + " | ".join("---:" for _ in stage_names) + " |"]
    for r in rows:
        lines.append(f"| {r['rows']:,} | " + " | ".join(f"{r['stages'][s]:.2f}"
                                                       for s in stage_names) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=15, help="interleaved start-up runs")
    parser.add_argument("--scale-runs", type=int, default=3,
                        help="interleaved build and floor runs at each size")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--notes", default=str(ROOT / "bench" / "notes.md"),
                        help="hand-written findings appended to the report")
    args = parser.parse_args()
    started = time.perf_counter()
    print("start-up and rebuild ratios", file=sys.stderr, flush=True)
    start = startup(args.runs)
    print("scaling", file=sys.stderr, flush=True)
    rows = scale([int(s) for s in args.sizes.split(",")], args.scale_runs)
    text = report(start, rows, time.perf_counter() - started)
    notes = Path(args.notes)
    if notes.exists():
        text += "\n" + notes.read_text("utf-8")
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

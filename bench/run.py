"""`make bench`: start-up, rebuild, error and test-suite times as ratios, and stage scaling.

Writes docs/performance.md. Not part of the tests: the machine is shared and noisy, so every
goal is a ratio of two commands run one after the other, pair after pair, in the same run
(the median of the pairs' ratios). The stage table comes from `bench/stages.py`, run in a
fresh process on synthetic trees of growing size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.synthetic import make_tree

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
_SCRIPT = Path(PY).parent / "etl"
ETL = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "etl"]
CLICK = [PY, "-c", "import click"]
HEAVY = [PY, "-c", "import polars, duckdb, pyarrow, frictionless, great_expectations"]
MAKE_BUILD = ["make", "-s", "-C", str(ROOT), "build"]
MAKE_TEST = ["make", "-s", "-C", str(ROOT), "test"]
LIMIT = 2**31  # --max-raw-bytes for the synthetic trees (figures.csv is 145 MB at 10^6)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(cmd: list[str], expect: int = 0) -> tuple[float, float]:
    """Wall and CPU seconds `cmd` takes (its processes included); it must exit `expect`."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}, not {expect}:\n"
                         + done.stderr[-2000:])
    return seconds, children_cpu() - cpu


@dataclass
class Measure:
    name: str
    goal: float | None
    ratio: float
    a_s: float
    b_s: float
    runs: int
    cpu_ratio: float
    note: str = ""


def interleaved(name: str, goal: float | None, a: list[str], b: list[str], runs: int,
                before_a: Callable[[], None] = lambda: None, expect_a: int = 0,
                warm: bool = True) -> Measure:
    """a and b one after the other, `runs` times (after a warm-up pair if `warm`); medians."""
    log(f"  {name}: {runs} pairs")
    if warm:
        before_a()
        wall(a, expect_a)
        wall(b)
    pairs = []
    for _ in range(runs):
        before_a()  # not timed
        pairs.append((wall(a, expect_a), wall(b)))
    return Measure(name, goal, statistics.median(x[0] / y[0] for x, y in pairs),
                   statistics.median(x[0] for x, _ in pairs),
                   statistics.median(y[0] for _, y in pairs), runs,
                   statistics.median(x[1] / y[1] for x, y in pairs))


def goals(runs: int, slow_runs: int, test_suite: bool) -> list[Measure]:
    """The goals; the slow ones without a warm-up pair (the heavy imports are warmed here)."""
    wall(HEAVY)
    wall(MAKE_BUILD)  # up to date from here on
    measures = [interleaved("`etl --help` / `import click`", 1.5, [*ETL, "--help"], CLICK,
                            runs)]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "rebuild"
        shutil.copytree(ROOT / "data" / "raw", tree / "data" / "raw")

        def unpublish() -> None:
            shutil.rmtree(tree / "data" / "processed", ignore_errors=True)
            (tree / "datapackage.json").unlink(missing_ok=True)

        measures.append(interleaved("full rebuild (`etl build`, nothing published) / heavy "
                                    "imports", 1.5, [*ETL, "--root", str(tree), "-q", "build"],
                                    HEAVY, slow_runs, before_a=unpublish, warm=False))
        measures.append(interleaved("`make build`, up to date / heavy imports", 0.2,
                                    MAKE_BUILD, HEAVY, slow_runs, warm=False))

        broken = Path(tmp) / "broken"
        shutil.copytree(ROOT / "data" / "raw", broken / "data" / "raw")
        figures = broken / "data" / "raw" / "figures.csv"
        text = figures.read_text("utf-8")
        assert text.startswith("figure_id,subject_id,measure,")
        figures.write_text(text.replace("subject_id", "subjet_id", 1), encoding="utf-8")
        typo = [*ETL, "--root", str(broken), "build"]
        reported = subprocess.run(typo, capture_output=True, text=True)
        assert reported.returncode == 1 and "header" in reported.stderr, reported.stderr
        measures.append(interleaved("broken header reported (`etl build` exits 1) / "
                                    "`etl --help`", 8.0, typo, [*ETL, "--help"], runs,
                                    expect_a=1))

        mini = Path(tmp) / "mini"
        shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "data" / "raw",
                        mini / "data" / "raw")
        measures.append(interleaved("`etl validate` on tests/fixtures/mini / heavy imports",
                                    None, [*ETL, "--root", str(mini), "-q", "validate"],
                                    HEAVY, slow_runs, warm=False))
    if test_suite:
        measures.append(make_test(slow_runs))
    return measures


def make_test(runs: int) -> Measure:
    """`make test` then the heavy imports, `runs` times (a minute or so each); medians."""
    log(f"  make test: {runs} pairs")
    pairs, summary = [], ""
    for _ in range(runs):
        cpu = children_cpu()
        start = time.perf_counter()
        done = subprocess.run(MAKE_TEST, capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        summary = lines[-1].strip("= ") if lines else ""
        if done.returncode != 0:
            summary = f"FAILED (exit {done.returncode}): {summary}"
            log(done.stdout[-3000:] + done.stderr[-2000:])
        pairs.append(((seconds, cpu), wall(HEAVY)))
    return Measure("`make test`, up to date / heavy imports", 30.0,
                   statistics.median(a[0] / b[0] for a, b in pairs),
                   statistics.median(a[0] for a, _ in pairs),
                   statistics.median(b[0] for _, b in pairs), runs,
                   statistics.median(a[1] / b[1] for a, b in pairs), summary)


def scale(sizes: list[int], frictionless_max_rows: int) -> list[dict[str, Any]]:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "tree"
            log(f"  {n:>9,} rows: generating")
            make_tree(tree, n)
            raw_mib = sum(p.stat().st_size for p in (tree / "data" / "raw").rglob("*")
                          if p.is_file()) / 2**20
            cmd = [PY, "-m", "bench.stages", str(tree), "--max-raw-bytes", str(LIMIT)]
            if n > frictionless_max_rows:
                cmd.append("--no-frictionless")
            log(f"  {n:>9,} rows: stages")
            out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                 cwd=ROOT).stdout
            results.append({"rows": n, "raw_mib": raw_mib, **json.loads(out)})
    return results


def expectations() -> str:
    """How many Great Expectations the release's suites ran, from its validation report."""
    report = json.loads((ROOT / "data" / "processed" / "validation_report.json")
                        .read_text("utf-8"))
    runs = report["great_expectations"]["expectations"]
    return (f"{len(runs)} expectations over {len({r['table'] for r in runs})} tables "
            "(`data/processed/validation_report.json`)")


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


def met(m: Measure) -> str:
    if m.goal is None:
        return "(no goal)"
    if m.note.startswith("FAILED"):
        return "no (failed)"
    return "yes" if m.ratio <= m.goal else "no"


def growth(rows: list[dict[str, Any]], stage: str) -> tuple[str, bool]:
    """CPU seconds per 10× rows between the last two sizes the stage was timed at."""
    timed = [r for r in rows if stage in r["cpu"]]
    if len(timed) < 2:
        return "", True
    a, b = timed[-2], timed[-1]
    if b["cpu"][stage] < 0.05:
        return "(< 0.05 s)", True
    factor = b["cpu"][stage] / max(a["cpu"][stage], 1e-3)
    per_10x = factor ** (1 / math.log10(b["rows"] / a["rows"]))
    return f"{per_10x:.1f}×", per_10x <= 15


def scaling(rows: list[dict[str, Any]], frictionless_max_rows: int) -> list[str]:
    stages = list(dict.fromkeys(s for r in rows for s in r["stages"]))
    imports = list(dict.fromkeys(s for r in rows for s in r["imports"]))
    head = " | ".join(stages)
    rule = " | ".join("---:" for _ in stages)
    lines = [
        "## How the stages scale",
        "",
        "Synthetic raw trees (`bench/synthetic.py`): N figure rows quoting a synthetic",
        "source text, N/100 entities, small other tables. `bench/stages.py` runs the",
        "pipeline's own calls (`check`, `stage`, `validate_staged`) in one fresh process per",
        "size and times each step through `check`'s progress callback; inside `stage` each",
        "writer is timed with its read-back check (\"stage: other\": sorting into the",
        "published order, hashing). The imports are timed first, on their own. CPU seconds",
        "are the process' own (every thread), which the other work on the machine moves",
        "less than wall time." + (f" frictionless is timed up to {frictionless_max_rows:,} rows"
                                  " only." if rows[-1]["rows"] > frictionless_max_rows else ""),
        "",
        "Wall seconds:",
        "",
        f"| rows | raw MiB | {head} | sum | peak MiB |",
        f"| ---: | ---: | {rule} | ---: | ---: |",
    ]
    for r in rows:
        cells = [f"{r['stages'][s]:.2f}" if s in r["stages"] else "not timed" for s in stages]
        lines.append(f"| {r['rows']:,} | {r['raw_mib']:.1f} | " + " | ".join(cells)
                     + f" | {sum(r['stages'].values()):.1f} | {r['peak_mib']:.0f} |")
    lines += ["", "CPU microseconds per figure row (fixed costs dominate the small sizes):", "",
              f"| rows | {head} |", f"| ---: | {rule} |"]
    for r in rows:
        cells = [f"{1e6 * r['cpu'][s] / r['rows']:.1f}" if s in r["cpu"] else "–"
                 for s in stages]
        lines.append(f"| {r['rows']:,} | " + " | ".join(cells) + " |")
    cells, linear = [], True
    for s in stages:
        text, ok = growth(rows, s)
        cells.append(text)
        linear &= ok
    lines += [
        "| CPU growth per 10× rows, last two sizes | " + " | ".join(cells) + " |",
        "",
        "Linear growth is 10× the CPU seconds for 10× the rows (the same µs per row); less",
        "means fixed costs still count. Goal: no stage above 15× (1.5 × linear) between the",
        f"last two sizes it was timed at: **{'met' if linear else 'not met'}**.",
        "",
        "Imports, wall seconds (once per process; not in the stage seconds):",
        "",
        "| rows | " + " | ".join(imports) + " |",
        "| ---: | " + " | ".join("---:" for _ in imports) + " |",
    ]
    for r in rows:
        lines.append(f"| {r['rows']:,} | " + " | ".join(
            f"{r['imports'][s]:.2f}" if s in r["imports"] else "–" for s in imports) + " |")
    fl = "validate (frictionless)"
    timed = [r for r in rows if fl in r["stages"]]
    untimed = [r for r in rows if fl not in r["stages"]]
    if timed and untimed:
        last, big = timed[-1], untimed[-1]["rows"]
        wall_row, cpu_row = last["stages"][fl] / last["rows"], last["cpu"][fl] / last["rows"]
        lines += ["", f"frictionless was not timed above {frictionless_max_rows:,} rows: it "
                  f"reads every row in Python. At {last['rows']:,} rows it took "
                  f"{last['stages'][fl]:.1f} s ({last['cpu'][fl]:.1f} CPU-seconds, "
                  f"{1e6 * cpu_row:.0f} µs per row), so at {big:,} rows it would take about "
                  f"{cpu_row * big / 60:.1f} CPU-minutes ({wall_row * big / 60:.1f} minutes at "
                  "this run's load); `--frictionless-max-rows` raises the limit."]
    return lines


def report(measures: list[Measure], rows: list[dict[str, Any]], seconds: float,
           load: tuple[float, float, float], frictionless_max_rows: int) -> str:
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`); not part of the tests. Each goal is a ratio",
        "of two commands run one after the other, pair after pair, in the same run: the",
        "table gives the median of the pairs' ratios and the two commands' median seconds.",
        "\"Heavy imports\" is `python -c \"import polars, duckdb, pyarrow, frictionless,",
        "great_expectations\"`, the floor of any command that needs the whole toolchain.",
        "",
        f"- Machine: {machine()}",
        f"- Load average when the run began: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}"
        " (1, 5, 15 min; other work shares the machine)",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Benchmark wall time: {seconds:.0f} s",
        f"- Great Expectations suites of the real release: {expectations()}",
        "",
        "## Goals",
        "",
        "| measure | ratio | goal | met | seconds (median) | pairs | CPU ratio |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for m in measures:
        goal = "" if m.goal is None else f"≤ {m.goal:g}"
        lines.append(f"| {m.name} | {m.ratio:.2f} | {goal} | {met(m)} | "
                     f"{m.a_s:.3f} vs {m.b_s:.3f} | {m.runs} | {m.cpu_ratio:.2f} |")
    notes = [m for m in measures if m.note]
    if notes:
        lines.append("")
        lines += [f"- {m.name}: {m.note}" for m in notes]
    if rows:
        lines += ["", *scaling(rows, frictionless_max_rows)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000",
                        help="figure rows of the synthetic trees, comma-separated "
                        "(empty: no scaling)")
    parser.add_argument("--runs", type=int, default=9,
                        help="pairs for the quick goals (--help, broken header)")
    parser.add_argument("--slow-runs", type=int, default=3,
                        help="pairs for the goals that build or import the heavy libraries")
    parser.add_argument("--frictionless-max-rows", type=int, default=1_000_000,
                        help="validate the staged package only up to this many rows "
                        "(frictionless takes about 30 µs of CPU per row)")
    parser.add_argument("--no-test-suite", action="store_true",
                        help="do not run `make test` (a minute or so, --slow-runs times)")
    parser.add_argument("--no-console", action="store_true",
                        help="do not measure the site's SQL console against Datasette")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--notes", default=str(ROOT / "bench" / "notes.md"),
                        help="hand-written notes appended to the report")
    args = parser.parse_args()
    load = os.getloadavg()
    started = time.perf_counter()
    log("goals")
    measures = goals(args.runs, args.slow_runs, not args.no_test_suite)
    log("scaling")
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    rows = scale(sizes, args.frictionless_max_rows)
    text = report(measures, rows, time.perf_counter() - started, load,
                  args.frictionless_max_rows)
    if not args.no_console:
        from bench import console

        log("console")
        text += "\n" + console.section(console.measure(args.slow_runs))
    notes = Path(args.notes)
    if notes.exists():
        text += "\n" + notes.read_text("utf-8")
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

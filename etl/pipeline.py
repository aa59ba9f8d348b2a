"""The build: load, derive, check, stage, validate, publish. Each step reports progress."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from etl import release
from etl.checks import Context, run_rules
from etl.descriptor import descriptor, dumps
from etl.extract import decode, read_table
from etl.frictionless_check import FrictionlessRun
from etl.gx_worker import SuiteRun
from etl.metadata import TABLES, TABLES_BY_NAME
from etl.metadata import package as pkg
from etl.outputs import published, reads_back, write_csv, write_duckdb, write_parquet
from etl.paths import Paths
from etl.printed import parse_printed
from etl.problems import BuildFailed, Problem
from etl.transform import derive_all

Progress = Callable[[str], None]
STEPS = ("load", "derive and check rules", "stage CSV, Parquet, DuckDB and datapackage.json",
         "Great Expectations", "frictionless", "publish")
REPORT_NAME = "validation_report.json"


def _quiet(_: str) -> None:
    pass


@dataclass
class Checked:
    frames: dict[str, pl.DataFrame]
    source_sha256: str
    gx_outcomes: list = field(default_factory=list)
    gx_version: str = ""
    file_sha256: dict[str, str] = field(default_factory=dict)
    """The sha256 of each staged CSV and Parquet file, by path relative to the release root:
    the descriptor and the release lock's digest use them instead of reading the files again."""


def load(paths: Paths) -> tuple[dict[str, pl.DataFrame], str, bytes, list[Problem]]:
    problems: list[Problem] = []
    text, data = "", b""
    if not paths.source_text.is_file():
        problems.append(Problem(paths.rel(paths.source_text), None, None, "file_exists",
                                "the archived source text is missing"))
    else:
        data = paths.source_text.read_bytes()
        decoded, found = decode(data, paths.rel(paths.source_text))
        problems += found
        text = decoded or ""
    frames: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        frame, found = read_table(paths, table)
        problems += found
        if frame is not None:
            frames[table.name] = frame
    return frames, text, data, problems


def derived(paths: Paths) -> dict[str, pl.DataFrame]:
    """Every table loaded and derived, rules unchecked; raises BuildFailed if any cannot load."""
    raw, text, data, problems = load(paths)
    if problems:
        raise BuildFailed(problems)
    return derive_all(raw, text, data)


def _stageable(frames: dict[str, pl.DataFrame]) -> bool:
    """Every table loaded and no required cell empty: the writers can take the frames."""
    if set(frames) != set(TABLES_BY_NAME):
        return False
    return all(frames[t.name].select(pl.col(f.name).null_count() for f in t.fields
                                     if f.required).sum_horizontal().item() == 0
               for t in TABLES)


def _consequential(gx_problems: list[Problem], found: list[Problem],
                   files: dict[str, str]) -> list[Problem]:
    """The suite's problems a curator can act on.

    A cell that failed its type is empty to the suite: its not-null failure says nothing
    new. A derived column empty on a line whose raw cells already have a problem is a
    consequence of that problem, not a second one.
    """
    untyped = {(p.file, p.line, p.column) for p in found if p.rule.startswith("type_")}
    bad_lines = {(p.file, p.line) for p in [*found, *gx_problems] if p.line is not None
                 and _is_raw(p.file, p.column, files)}
    return [p for p in gx_problems
            if (p.file, p.line, p.column) not in untyped
            and ((p.file, p.line) not in bad_lines or _is_raw(p.file, p.column, files))]


def _is_raw(file: str, column: str | None, files: dict[str, str]) -> bool:
    table = next((name for name, path in files.items() if path == file), None)
    if table is None or column is None:
        return True
    return TABLES_BY_NAME[table].field(column).raw


def _run(paths: Paths, progress: Progress, publish: bool) -> tuple[Checked, list[str]]:
    """Load, derive, check; stage the release and validate it; publish it if asked.

    Three processes share the work, started first so that they import their libraries
    while this one loads: a worker runs the Great Expectations suites, this process checks
    the rules while a thread stages the release, and frictionless validates the staged
    package. Nothing is published unless every check passes.
    """
    suites, package_check = SuiteRun(), FrictionlessRun()
    staging: Future | None = None
    try:
        progress("load")
        raw, text, data, problems = load(paths)
        files = {t.name: paths.rel(paths.raw_csv(t.name)) for t in TABLES}
        progress("derive and check rules")
        frames = derive_all(raw, text, data)
        checked = Checked(frames, hashlib.sha256(data).hexdigest())
        with tempfile.TemporaryDirectory(
                prefix="etl-frames-", dir=release.scratch_root(paths)) as scratch, \
                ThreadPoolExecutor(max_workers=1) as pool:
            if not problems and _stageable(frames):
                staging = pool.submit(stage, paths, checked, lambda: package_check.start(
                    paths.staging / "datapackage.json"))
            suites.send(frames, files, Path(scratch))
            if text:
                problems += run_rules(Context(frames, text, data, files))
            staged, staging_error = [], None
            if staging is not None:
                progress("stage CSV, Parquet, DuckDB and datapackage.json")
                try:
                    staged = staging.result()
                except Exception as error:  # e.g. a duplicate key DuckDB refuses: the
                    staging_error = error    # suites usually say better what is wrong
            progress("Great Expectations")
            gx_problems, checked.gx_outcomes, checked.gx_version = suites.result()
        problems += _consequential(gx_problems, problems, files)
        summary: dict = {}
        if package_check.started and staging_error is None:
            progress("frictionless")
            found, summary = package_check.result()
            if not problems:  # a second net: it reports rows of the staged files, not lines
                problems += found
    except BaseException:
        release.discard_staging(paths)
        raise
    finally:
        suites.cancel()
        package_check.cancel()
        # The parse cache serves derivation and rules within one run. Left full, its
        # objects cost the interpreter 0.2 s to tear down at exit at 10^6 figure rows.
        parse_printed.cache_clear()
    if problems:
        release.discard_staging(paths)
        raise BuildFailed(problems)
    if staging_error is not None:
        release.discard_staging(paths)
        raise staging_error
    report = paths.staging / "data" / "processed" / REPORT_NAME
    report.write_text(validation_report(checked, summary), encoding="utf-8")
    if not publish:
        release.discard_staging(paths)
        return checked, []
    progress("publish")
    return checked, release.publish(paths, [*staged, f"data/processed/{REPORT_NAME}"])


def stage(paths: Paths, checked: Checked,
          files_staged: Callable[[], None] = lambda: None) -> list[str]:
    """Write the whole release into the staging area; return its files relative to the root.

    The DuckDB file is written in a second thread beside the CSV and Parquet files.
    `files_staged` is called as soon as datapackage.json and the files it lists are complete.
    """
    root = release.fresh_staging(paths)
    processed = root / "data" / "processed"
    out = {t.name: published(checked.frames[t.name], t) for t in TABLES}
    with ThreadPoolExecutor(max_workers=1) as pool:
        database = pool.submit(write_duckdb, out, processed / paths.duckdb.name)
        try:
            for table in TABLES:
                frame = out[table.name]
                csv, parquet = (f"data/processed/{table.name}.{ext}" for ext in ("csv", "parquet"))
                write_csv(frame, root / csv)
                write_parquet(frame, table, root / parquet)
                for path in (csv, parquet):  # one read serves the check and the hash
                    data = (root / path).read_bytes()
                    if not reads_back(frame, table, data, Path(path).suffix):
                        raise RuntimeError(f"{path} does not read back as written")
                    checked.file_sha256[path] = hashlib.sha256(data).hexdigest()
                release.maybe_die("during_staging")
            (root / "datapackage.json").write_text(
                dumps(descriptor(root, checked.source_sha256, checked.file_sha256)),
                encoding="utf-8")
            files_staged()
        finally:
            database.result()
    return [*checked.file_sha256, f"data/processed/{paths.duckdb.name}", "datapackage.json"]


def validation_report(checked: Checked, frictionless_summary: dict) -> str:
    """Small and deterministic: what was checked and how it came out, no timestamps."""
    return json.dumps({
        "package": pkg.NAME,
        "version": pkg.VERSION,
        "source_sha256": checked.source_sha256,
        "rows": {name: checked.frames[name].height for name in TABLES_BY_NAME},
        "rules": {t.name: [r.name for r in t.rules] for t in TABLES},
        "great_expectations": {
            "version": checked.gx_version,
            "success": all(o.success for o in checked.gx_outcomes),
            "expectations": [asdict(o) for o in checked.gx_outcomes],
        },
        "frictionless": frictionless_summary,
    }, ensure_ascii=False, indent=1) + "\n"


def build(paths: Paths, progress: Progress = _quiet) -> tuple[list[str], str | None]:
    """Check, stage, validate and publish.

    Returns the published files that changed, and a warning when the data changed under an
    unchanged version.
    """
    from etl.versioning import update_lock

    with release.exclusive(paths):
        release.recover(paths)
        checked, changed = _run(paths, progress, publish=True)
        return changed, update_lock(paths, checked.file_sha256)


def validate(paths: Paths, progress: Progress = _quiet) -> Checked:
    """Every check of the build, the staged package included, without publishing."""
    with release.exclusive(paths):
        release.recover(paths)
        checked, _ = _run(paths, progress, publish=False)
        return checked

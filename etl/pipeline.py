"""The build, top to bottom: load → derive → rules → suites → stage → validate → publish.

Each step is one call. The cheap checks (loading, constraints, rules) find everything they
can before Great Expectations, frictionless or the writers (pyarrow, DuckDB) are imported;
a problem there stops the run.
Nothing is published unless every check passes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from etl.derive.columns import derive_table
from etl.load import MAX_RAW_BYTES
from etl.load.raw import load
from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.problems import BuildFailed
from etl.publish import release
from etl.publish.descriptor import descriptor, dumps
from etl.publish.files import write_extra_files
from etl.publish.versioning import update_lock
from etl.validate.checks import cell_problems, ready, reported, table_problems
from etl.validate.suites import Outcome, run_suites

Progress = Callable[[str], None]
STEPS = ("load", "derive", "rules", "suites", "stage", "validate", "publish")


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class ValidatedTables:
    """Every table in its published shape, having passed every check before staging."""

    frames: dict[str, pl.DataFrame]
    source_sha256: str
    outcomes: list[Outcome]
    gx_version: str
    warnings: list[str]


def cheap_checks(paths: Paths, progress: Progress = _quiet,
                 limit: int = MAX_RAW_BYTES) -> tuple[dict[str, pl.DataFrame], str, list[str]]:
    """Load, derive and check the rules; raise BuildFailed with every problem found.

    Returns the derived tables, the source's sha256, and warnings (unknown raw files).
    """
    progress("load")
    raw = load(paths, limit)
    files = {t.name: paths.rel(paths.raw_csv(t.name)) for t in TABLES}
    cells = cell_problems(raw.frames, files, raw.problems)
    if raw.text is None:
        raise BuildFailed(reported(raw.problems, cells))
    bad = {p.file for p in raw.problems + cells}
    clean = {name for name in raw.frames if files[name] not in bad}
    progress("derive")
    frames = {name: derive_table(name, raw.frames[name], raw.frames, raw.text, raw.source_bytes)
              for name in ready(clean)}
    progress("rules")
    tables = table_problems(frames, files, raw.text, raw.source_bytes)
    if raw.problems or cells or tables:
        raise BuildFailed(reported(raw.problems, cells, tables))
    warnings = [f"{file} is not a table of the package; it was not read"
                for file in raw.unknown_files]
    return frames, raw.source_sha256, warnings


def check(paths: Paths, progress: Progress = _quiet, limit: int = MAX_RAW_BYTES) -> ValidatedTables:
    """The cheap checks, then the Great Expectations suites, the gate of the release."""
    frames, source_sha256, warnings = cheap_checks(paths, progress, limit)
    progress("suites")
    files = {name: paths.rel(paths.raw_csv(name)) for name in frames}
    problems, outcomes, gx_version = run_suites(frames, files)
    if problems:
        raise BuildFailed(reported(problems))
    return ValidatedTables(frames, source_sha256, outcomes, gx_version, warnings)


def stage(paths: Paths, checked: ValidatedTables,
          crash: release.Crash = release.no_crash) -> tuple[Paths, dict[str, str]]:
    """Write the whole release into a fresh staging area, in the published layout.

    Returns the staging area's paths and the sha256 of every CSV and Parquet file, by
    relative path. Every file is read back and compared with the rows that were checked.
    """
    from etl.publish import outputs  # pyarrow and DuckDB: not loaded to report a typo

    staged = Paths(release.fresh_staging(paths))
    out = {t.name: outputs.published(checked.frames[t.name], t) for t in TABLES}
    digests: dict[str, str] = {}
    for table in TABLES:
        frame = out[table.name]
        outputs.write_csv(frame, staged.csv(table.name))
        outputs.write_parquet(frame, table, staged.parquet(table.name))
        for path in (staged.csv(table.name), staged.parquet(table.name)):
            data = path.read_bytes()
            if not outputs.reads_back(frame, table, data, path.suffix):
                raise RuntimeError(f"{staged.rel(path)} does not read back as written")
            digests[staged.rel(path)] = hashlib.sha256(data).hexdigest()
        crash("during_staging")
    outputs.write_duckdb(out, staged.duckdb)
    digests.update(write_extra_files(out, staged))  # the SQL script and the workbook
    source = out["sources"].row(0, named=True)
    staged.descriptor.write_text(dumps(descriptor(staged, source, digests)), encoding="utf-8")
    return staged, digests


def validate_staged(staged: Paths, checked: ValidatedTables) -> None:
    """frictionless reads the staged package as a consumer would; then the report is written."""
    from etl.validate.package import validate_package

    problems, summary = validate_package(staged.descriptor)
    if problems:
        raise BuildFailed(reported(problems))
    staged.report.write_text(validation_report(checked, summary), encoding="utf-8")


def validation_report(checked: ValidatedTables, frictionless_summary: dict[str, Any]) -> str:
    """Small and deterministic: what was checked and how it came out, no timestamps."""
    return json.dumps({
        "package": pkg.NAME,
        "version": pkg.VERSION,
        "source_sha256": checked.source_sha256,
        "rows": {t.name: checked.frames[t.name].height for t in TABLES},
        "rules": {t.name: [name for name, _ in t.declared_rules] for t in TABLES},
        "great_expectations": {
            "version": checked.gx_version,
            "success": all(o.success for o in checked.outcomes),
            "expectations": [asdict(o) for o in checked.outcomes],
        },
        "frictionless": frictionless_summary,
    }, ensure_ascii=False, indent=1) + "\n"


Checks = Callable[[Paths, Progress, int], ValidatedTables]
"""What decides a release may be written: `check` in production; the publishing tests pass
one that reuses the outcome of raw data already checked."""


@dataclass(frozen=True)
class Built:
    checked: ValidatedTables
    changed: list[str]
    warnings: list[str]


def build(paths: Paths, progress: Progress = _quiet, limit: int = MAX_RAW_BYTES,
          publish: bool = True, checks: Checks = check) -> Built:
    """Check, stage, validate and (unless `publish` is false) publish the release. Call it
    holding `release.writer_lock` (the command line takes it before anything else)."""
    checked = checks(paths, progress, limit)
    return write_release(paths, checked, progress, publish)


def write_release(paths: Paths, checked: ValidatedTables, progress: Progress = _quiet,
                  publish: bool = True, crash: release.Crash = release.no_crash) -> Built:
    """The half of a build that writes: stage, validate, publish. Call it holding
    `release.writer_lock`; it is all a SIGKILL can interrupt with files half written."""
    progress("stage")
    try:
        staged, digests = stage(paths, checked, crash)
        progress("validate")
        validate_staged(staged, checked)
    except BaseException:
        release.discard_staging(paths)
        raise
    if not publish:
        release.discard_staging(paths)
        return Built(checked, [], checked.warnings)
    files = [*digests, staged.rel(staged.duckdb), staged.rel(staged.report),
             staged.rel(staged.descriptor)]
    progress("publish")
    changed = release.publish(paths, files, crash)
    warning = update_lock(paths, digests)
    return Built(checked, changed, checked.warnings + ([warning] if warning else []))

"""Publish a staged release all or nothing: a journal makes an interrupted swap finish later.

Publishing renames staged files over the published ones. Before the first rename a journal
lists every rename; if the process dies half-way, the next `etl` command rolls the swap
forward from the journal, so readers of the package only ever get the old or the new release.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.paths import Paths

KILL_POINT_ENV = "ETL_TEST_KILL_AT"
"""Test hook: SIGKILL the build at a named point of publishing (see `maybe_die`)."""
KILL_POINTS = ("during_staging", "before_journal", "after_journal", "after_first_replace",
               "before_journal_removed")


def maybe_die(point: str) -> None:
    if os.environ.get(KILL_POINT_ENV) == point:
        os.kill(os.getpid(), 9)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


@contextmanager
def exclusive(paths: Paths) -> Iterator[None]:
    """One build at a time in a tree; a second waits for the first."""
    with open(paths.lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fresh_staging(paths: Paths) -> Path:
    shutil.rmtree(paths.staging, ignore_errors=True)
    (paths.staging / "data" / "processed").mkdir(parents=True)
    return paths.staging


def discard_staging(paths: Paths) -> None:
    shutil.rmtree(paths.staging, ignore_errors=True)


def recover(paths: Paths) -> bool:
    """Finish a swap a killed build left half done; drop an unfinished staging area.

    Returns True when a swap was rolled forward.
    """
    if paths.journal.exists():
        plan = json.loads(paths.journal.read_text("utf-8"))
        _apply(paths, plan)
        return True
    discard_staging(paths)
    return False


def publish(paths: Paths, files: list[str]) -> list[str]:
    """Move staged files (paths relative to the root) into place; return those that changed."""
    changed = [f for f in files if not _same(paths.staging / f, paths.root / f)]
    stale = [str(p.relative_to(paths.root)) for p in _published_files(paths)
             if str(p.relative_to(paths.root)) not in files]
    plan = {"replace": changed, "remove": stale}
    maybe_die("before_journal")
    _write_atomic(paths.journal, json.dumps(plan, indent=1))
    maybe_die("after_journal")
    _apply(paths, plan)
    return changed + stale


def _apply(paths: Paths, plan: dict) -> None:
    for n, rel in enumerate(plan["replace"]):
        staged, target = paths.staging / rel, paths.root / rel
        if staged.exists():  # absent: moved already by the run that was interrupted
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        if n == 0:
            maybe_die("after_first_replace")
    for rel in plan["remove"]:
        (paths.root / rel).unlink(missing_ok=True)
    for folder in {(paths.root / rel).parent for rel in plan["replace"]}:
        _fsync_dir(folder)
    maybe_die("before_journal_removed")
    paths.journal.unlink()
    _fsync_dir(paths.root)
    discard_staging(paths)


def _same(a: Path, b: Path) -> bool:
    return b.exists() and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _published_files(paths: Paths) -> list[Path]:
    if not paths.processed.is_dir():
        return []
    return sorted(p for p in paths.processed.iterdir()
                  if p.is_file() and p.suffix in {".csv", ".parquet", ".duckdb", ".json"})

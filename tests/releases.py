"""Helpers of the publishing tests (test_release_safety.py, test_kills.py): copies of built
trees, a valid edit, what a release publishes, and its checks run once per raw content."""

from __future__ import annotations

import fcntl
import hashlib
import json
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import run as run_cli
from conftest import snapshot

from etl.load import MAX_RAW_BYTES
from etl.paths import Paths

if TYPE_CHECKING:
    from etl.pipeline import ValidatedTables


def copy_tree(source: Paths, root: Path) -> Paths:
    shutil.copytree(source.root, root)
    return Paths(root)


def change_data(paths: Paths) -> None:
    """A valid edit, so that the next release differs from the current one."""
    path = paths.raw_csv("figures")
    path.write_text(path.read_text("utf-8").replace("Extrusion press", "Extrusion press force"),
                    encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes_match(paths: Paths) -> bool:
    """Every resource of datapackage.json has the hash the descriptor gives it."""
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    return all(r["hash"] == "sha256:" + sha256(paths.root / r["path"])
               for r in descriptor["resources"])


def published(paths: Paths) -> dict:
    """The published bytes, the DuckDB file's digest and the leftovers of publishing."""
    return {"files": snapshot(paths),
            "duckdb": sha256(paths.duckdb) if paths.duckdb.exists() else None,
            "journal": paths.journal.exists(), "staging": paths.staging.exists()}


def raw_digest(paths: Paths) -> str:
    """Every name and byte under data/raw: all that the checks of a build read."""
    digest = hashlib.sha256()
    for path in sorted(paths.raw.rglob("*")):
        digest.update(path.relative_to(paths.raw).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class ChecksOnce:
    """`etl.pipeline.check` run once for each distinct content of data/raw (and size limit),
    its result reused by every later build of the same raw bytes. The publishing tests are
    about writing, not checking (the checks, Great Expectations among them, have their own
    tests); they pass it to the CLI in place of the real checks. A check that fails is not
    kept: it raises again, for real, the next time.

    With a `folder` shared by the test workers of a run (`share_in`), each result is kept
    there too, pickled, so that the first worker to need it runs the checks and the others
    read it."""

    def __init__(self) -> None:
        self.done: dict[tuple[str, int], ValidatedTables] = {}
        self.folder: Path | None = None

    def share_in(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, paths: Paths, _progress: object = None,
                 limit: int = MAX_RAW_BYTES) -> ValidatedTables:
        key = (raw_digest(paths), limit)
        if key not in self.done:
            self.done[key] = self._checked(paths, limit, f"checks-{key[0]}-{limit}")
        return self.done[key]

    def _checked(self, paths: Paths, limit: int, name: str) -> ValidatedTables:
        from etl.pipeline import check

        if self.folder is None:
            return check(paths, limit=limit)
        kept = self.folder / f"{name}.pickle"
        with open(self.folder / f"{name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker checking the same bytes: wait
            if kept.is_file():
                return pickle.loads(kept.read_bytes())
            checked = check(paths, limit=limit)
            partial = kept.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(checked))
            partial.rename(kept)
            return checked


CHECKS = ChecksOnce()
"""One store per test process (the `checks_store` fixture), sharing with the other workers."""


def run(root: Path, *args: str, input: str | None = None):
    """The CLI in-process, its checks reused from the store (what the publishing tests
    exercise is the writing)."""
    return run_cli(root, *args, input=input, checks=CHECKS)

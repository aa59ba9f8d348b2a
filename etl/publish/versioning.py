"""Keep the data version honest: a lock records which data each version published.

`data/release-lock.json` pairs the package version with a digest of the published tables.
A build that publishes different tables under an unchanged version keeps the old lock and
warns; the test suite (and so CI) then fails until the version is raised.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish import fs
from etl.publish.errors import ExitCode, ReleaseError


def data_digest(paths: Paths, known: Mapping[str, str] | None = None) -> str:
    """One digest of every published CSV: what a data version stands for.

    `known` holds digests the caller already has, by path relative to the root (the build
    hashes every file it stages); any other file is read and hashed.
    """
    digest = hashlib.sha256()
    for table in TABLES:
        path = paths.csv(table.name)
        digest.update(f"{table.name}\0".encode())
        if known and paths.rel(path) in known:
            digest.update(bytes.fromhex(known[paths.rel(path)]))
        else:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_lock(paths: Paths) -> dict[str, str] | None:
    """The lock, None if there is none; ReleaseError (exit 1) if it is not a lock: the build
    calls this before it publishes anything, so a corrupt lock refuses the build."""
    if not paths.release_lock.is_file():
        return None
    where = paths.rel(paths.release_lock)
    try:
        lock = json.loads(paths.release_lock.read_bytes())
    except (ValueError, OSError) as error:
        detail = str(error) or type(error).__name__
        raise ReleaseError(f"{where} is unreadable ({detail}): restore it (`git checkout -- "
                           f"{where}`) or delete it; nothing was published",
                           ExitCode.DATA) from None
    if not (isinstance(lock, dict) and isinstance(lock.get("version"), str)
            and isinstance(lock.get("data_sha256"), str)):
        raise ReleaseError(f"{where} is not a release lock (it needs \"version\" and "
                           f"\"data_sha256\"): restore it (`git checkout -- {where}`) or "
                           "delete it; nothing was published", ExitCode.DATA)
    return lock


def update_lock(paths: Paths, known: Mapping[str, str] | None = None) -> str | None:
    """Record the published data under the current version; a warning if that would lie."""
    current = {"version": pkg.VERSION, "data_sha256": data_digest(paths, known)}
    lock = read_lock(paths)
    if lock == current:
        return None
    if lock and lock["version"] == pkg.VERSION:
        return (f"the data changed but the version is still {pkg.VERSION}: raise VERSION in "
                "etl/metadata/package.py and add an entry to CHANGELOG.md")
    fs.write_atomic(paths.release_lock, json.dumps(current, indent=2) + "\n")
    return None

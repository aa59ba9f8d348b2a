"""Reading a published release: its manifest, what it owns, and whether it verifies."""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl.paths import DUCKDB_NAME, MANIFEST_NAME, REPORT_NAME, Paths
from etl.publish import fs

WAL_NAME = DUCKDB_NAME + ".wal"


def files(directory: Path) -> dict[str, str] | None:
    """The manifest's files and their sha256, None without a readable manifest."""
    manifest = fs.read_json(directory / MANIFEST_NAME)
    listed = manifest.get("files") if manifest else None
    return listed if isinstance(listed, dict) else None


def identity(directory: Path) -> str | None:
    """The sha256 of the manifest in `directory`: which release it holds."""
    try:
        return hashlib.sha256((directory / MANIFEST_NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def owned_names(paths: Paths) -> set[str]:
    """The names in data/processed the published release owns: its manifest's files, or,
    for a release without one, its datapackage.json resources, the DuckDB file, its `.wal`
    and the validation report."""
    listed = files(paths.processed)
    if listed is not None:
        return {*listed, MANIFEST_NAME, WAL_NAME}
    owned = {DUCKDB_NAME, WAL_NAME, MANIFEST_NAME, REPORT_NAME}
    descriptor = fs.read_json(paths.descriptor)
    for resource in (descriptor or {}).get("resources", []):
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and path.startswith("data/processed/") and path.count("/") == 2:
            owned.add(path.rsplit("/", 1)[1])
    return owned


def mismatches(directory: Path, promised: dict[str, str]) -> list[str]:
    """The names in `promised` whose bytes in `directory` do not have the sha256 promised."""
    bad = []
    for name, digest in sorted(promised.items()):
        try:
            if fs.sha256(directory / name) != digest:
                bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def descriptor_matches(descriptor: Path, root: Path) -> bool:
    """Every resource of `descriptor` has the sha256 it states, relative to `root`."""
    data = fs.read_json(descriptor)
    if data is None or not isinstance(data.get("resources"), list):
        return False
    for resource in data["resources"]:
        try:
            if resource["hash"] != "sha256:" + fs.sha256(root / resource["path"]):
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def consistent(paths: Paths) -> bool:
    """data/processed matches its manifest and datapackage.json, by every hash."""
    listed = files(paths.processed)
    if listed is not None:
        if mismatches(paths.processed, listed):
            return False
        want = (fs.read_json(paths.manifest) or {}).get("descriptor_sha256")
        if want and (not paths.descriptor.is_file() or fs.sha256(paths.descriptor) != want):
            return False
    return paths.descriptor.is_file() and descriptor_matches(paths.descriptor, paths.root)

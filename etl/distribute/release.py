"""`make release`: every distribution of the published release, written into dist/.

Read top to bottom: the Python data package (wheel and sdist), the R package, the SQLite
database and its Datasette metadata, the archive holding them with the release, then
SHA256SUMS of every file. The folder is made anew each time; a folder that is not one this
wrote (it has files but no SHA256SUMS) is refused rather than emptied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from etl.distribute import (
    archive,
    checksums,
    datasette_metadata,
    python_package,
    r_package,
    sqlite,
)
from etl.paths import Paths
from etl.publish.ckan import check_base_url


def _fresh(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / checksums.NAME).is_file():
        raise ValueError(f"{out} holds files that no release wrote: refusing to empty it")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)


def write_release(paths: Paths, out: Path, base_url: str | None = None) -> list[Path]:
    """Write every artifact into `out`; return their paths, SHA256SUMS last."""
    if base_url is not None:
        check_base_url(base_url)
    for needed in (paths.descriptor, paths.duckdb):
        if not needed.is_file():
            raise FileNotFoundError(f"{paths.rel(needed)} is missing: run `make build` first")
    _fresh(out)
    written = python_package.write(paths, out)
    written.append(r_package.write(paths, out))
    database = [sqlite.write(paths, out), datasette_metadata.write(paths, out)]
    written += database
    written.append(archive.write(paths, out, database, base_url))
    written.append(checksums.write(out))
    return written

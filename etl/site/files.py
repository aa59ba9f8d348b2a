"""The files a site publishes: the release's own, by its manifest, and nothing else.

data/processed may also hold a researcher's own files (my_analysis.csv, a folder, a link to
anything): a release owns only the names its manifest lists (etl.publish.release), so only
those reach the site. Each is opened without following a link, must be a regular file and
must have the sha256 the manifest promises; anything else refuses the site in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from importlib import resources
from pathlib import Path

from etl.paths import MANIFEST_NAME, Paths
from etl.publish.errors import ReleaseError

# Files of the project root a site shows beside the release (each optional).
ROOT_FILES = ("datapackage.json", "CITATION.cff")


def _read_regular(path: Path) -> bytes:
    """The bytes of `path`, refusing a link (at its last component), a FIFO or a device."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise ReleaseError(f"{path}: the site publishes only regular files, not links "
                           f"({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ReleaseError(f"{path}: not a regular file; the site publishes only the "
                               "release's own files")
        return handle.read()


def release_files(root: Path) -> dict[str, str]:
    """name → sha256 of every file the published release in data/processed owns."""
    paths = Paths(root)
    if not paths.processed.is_dir():
        raise ReleaseError(f"{paths.processed}: not a directory of the project; run `make build`")
    try:
        manifest = json.loads(_read_regular(paths.manifest))
    except (ReleaseError, ValueError):
        raise ReleaseError(f"{paths.manifest}: missing or unreadable; run `make build` "
                           "to publish a release before its site") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        raise ReleaseError(f"{paths.manifest}: no list of files; run `make build`")
    for name in files:
        if not isinstance(name, str) or name in ("", ".", "..") or "/" in name \
                or "\\" in name or "\0" in name or name == MANIFEST_NAME:
            raise ReleaseError(f"{paths.manifest}: {name!r} is not a file name of the release")
    return {name: str(digest) for name, digest in files.items()}


def copy_release(root: Path, out: Path) -> list[str]:
    """Lay `out` anew: the site's static files, then the release's own files (by the
    manifest, as regular files, each by its hash) and the root files; return what was
    published, relative to `out`."""
    files = release_files(root)
    contents = {}
    for name, digest in sorted(files.items()):
        data = _read_regular(root / "data" / "processed" / name)
        if hashlib.sha256(data).hexdigest() != digest:
            raise ReleaseError(f"data/processed/{name}: not the bytes the manifest lists; run "
                               "`make build` (the site publishes only the release as built)")
        contents[f"data/processed/{name}"] = data
    for name in ROOT_FILES:
        if (root / name).exists() or (root / name).is_symlink():
            contents[name] = _read_regular(root / name)
    if out.is_symlink():
        raise ReleaseError(f"{out}: the site folder is a link; give a real folder")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(str(resources.files("etl.site") / "static"), out / "static")
    for name, data in contents.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return sorted(contents)

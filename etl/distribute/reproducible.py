"""Fixed timestamps and stable entries for zips and tarballs: the same release, the same bytes.

The moment is the release's, never the clock's: SOURCE_DATE_EPOCH if set, else midnight UTC
of `RELEASE_DATE` (as datapackage.json's `created`).
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

from etl.metadata import package as pkg


def source_date_epoch() -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return int(epoch)
    return int(datetime.fromisoformat(pkg.RELEASE_DATE).replace(tzinfo=UTC).timestamp())


def _zip_time() -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromtimestamp(max(source_date_epoch(), 315532800), tz=UTC)  # zip: ≥1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def write_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of (name, bytes) in the order given, every entry 0644 at the epoch."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_zip_time())
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode is read
            archive.writestr(info, data)
    return buffer.getvalue()


def write_tar_gz(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A gzipped POSIX tarball of (name, bytes): each directory (0755) before its first file,
    files 0644, owned by root, at the epoch."""
    epoch = source_date_epoch()
    raw = io.BytesIO()
    made: set[str] = set()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in entries:
            parts = name.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                folder = "/".join(parts[:depth])
                if folder not in made:
                    made.add(folder)
                    directory = tarfile.TarInfo(folder)
                    directory.type = tarfile.DIRTYPE
                    directory.mode = 0o755
                    directory.mtime = epoch
                    directory.uname = directory.gname = "root"
                    tar.addfile(directory)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = epoch
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=epoch) as compressed:
        compressed.write(raw.getvalue())
    return out.getvalue()

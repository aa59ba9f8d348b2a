"""Load the raw layer: the archived article and every curated table, as typed frames."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from etl.load import MAX_RAW_BYTES
from etl.load.csv_reader import decode, read_bytes, read_table
from etl.metadata import TABLES
from etl.paths import Paths
from etl.problems import Problem


@dataclass(frozen=True)
class Raw:
    """What the curator wrote, typed, with every problem that stopped a file loading."""

    frames: dict[str, pl.DataFrame]
    text: str | None
    source_bytes: bytes
    problems: list[Problem]
    unknown_files: list[str]

    @property
    def source_sha256(self) -> str:
        return hashlib.sha256(self.source_bytes).hexdigest()


def load(paths: Paths, limit: int = MAX_RAW_BYTES) -> Raw:
    """Every raw file, read only if it is a regular file inside the project (`paths.root`)."""
    problems: list[Problem] = []
    file = paths.rel(paths.source_text)
    data, found = read_bytes(paths.source_text, file, limit, paths.root)
    problems += found
    text = None
    if data is not None:
        text, found = decode(data, file)
        problems += found
    frames: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        path = paths.raw_csv(table.name)
        frame, found = read_table(path, paths.rel(path), table, limit, paths.root)
        problems += found
        if frame is not None:
            frames[table.name] = frame
    known = {paths.raw_csv(t.name) for t in TABLES}
    unknown = sorted(paths.rel(p) for p in paths.raw.glob("*.csv") if p not in known)
    return Raw(frames, text, data or b"", problems, unknown)

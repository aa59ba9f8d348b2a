"""Where everything lives, relative to the project root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DUCKDB_NAME = "baotou_sci_tech.duckdb"
MANIFEST_NAME = ".etl-manifest.json"
"""Inside data/processed: the sha256 of every file the release there owns (see etl.release)."""


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def source_text(self) -> Path:
        return self.raw / "source" / "article.txt"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def descriptor(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def duckdb(self) -> Path:
        return self.processed / DUCKDB_NAME

    @property
    def release_lock(self) -> Path:
        return self.root / "data" / "release-lock.json"

    @property
    def manifest(self) -> Path:
        return self.processed / MANIFEST_NAME

    @property
    def published_dir(self) -> Path:
        """data/processed with any symbolic link resolved: the directory a release swaps."""
        return self.processed.resolve()

    @property
    def staging(self) -> Path:
        """Beside the published directory, so on its file system (a release swaps the two)."""
        return self.published_dir.parent / ".etl-staging"

    @property
    def scratch(self) -> Path:
        """Temporary files of a build (never /tmp): beside the staging, removed by recovery."""
        return self.published_dir.parent / ".etl-scratch"

    @property
    def journal(self) -> Path:
        return self.root / ".etl-journal.json"

    @property
    def lock(self) -> Path:
        return self.root / ".etl.lock"

    def raw_csv(self, table: str) -> Path:
        return self.raw / f"{table}.csv"

    def rel(self, path: Path) -> str:
        """Path as a user reads it: relative to the root when possible."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

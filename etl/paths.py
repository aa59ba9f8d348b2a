"""Where everything lives: every path of the project is built here, from one root.

A staging area holds a release in the same layout: `Paths(staging_root)` names its files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DUCKDB_NAME = "baotou_sci_tech.duckdb"
SQL_SCRIPT_NAME = "baotou_sci_tech.sql"
WORKBOOK_NAME = "baotou_sci_tech.xlsx"
REPORT_NAME = "validation_report.json"
MANIFEST_NAME = ".etl-manifest.json"
"""Inside data/processed: the sha256 of every file the release there owns (etl.publish.release)."""


def find_root(start: Path) -> Path:
    """The project root `etl` works on when given none: the nearest folder from `start` up
    that holds pyproject.toml and data/raw; `start` itself when there is none."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "data" / "raw").is_dir():
            return folder
    return start


def temporary(path: Path) -> Path:
    """The temporary file an atomic write of `path` goes through (etl.publish.fs)."""
    return path.with_name(f".{path.name}.etl-tmp")


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
    def sql_script(self) -> Path:
        return self.processed / SQL_SCRIPT_NAME

    @property
    def workbook(self) -> Path:
        return self.processed / WORKBOOK_NAME

    @property
    def report(self) -> Path:
        return self.processed / REPORT_NAME

    def csv(self, table: str) -> Path:
        return self.processed / f"{table}.csv"

    def parquet(self, table: str) -> Path:
        return self.processed / f"{table}.parquet"

    @property
    def data_dictionary(self) -> Path:
        return self.root / "docs" / "data-dictionary.md"

    @property
    def data_dictionary_zh(self) -> Path:
        return self.root / "docs" / "data-dictionary.zh.md"

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
    def staged(self) -> Paths:
        """The staging area's own files, in the published layout."""
        return Paths(self.staging)

    @property
    def legacy_staging(self) -> Path:
        """Where versions before 1.1 staged a release; removed when found."""
        return self.root / ".etl-staging"

    @property
    def probe(self) -> Path:
        """Two empty folders beside data/processed, swapped to test the file system."""
        return self.published_dir.parent / ".etl-probe"

    @property
    def journal(self) -> Path:
        return self.root / ".etl-journal.json"

    @property
    def lock(self) -> Path:
        return self.root / ".etl.lock"

    def raw_csv(self, table: str) -> Path:
        return self.raw / f"{table}.csv"

    def rel(self, path: Path) -> str:
        """Path as a user and the descriptor read it: relative to the root when possible."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

"""One zip of the release for archives and portals: `baotou-sci-tech-<version>.zip`.

Inside one folder, in the release's own layout (so datapackage.json's paths resolve):
the descriptor, every table as CSV and Parquet, the workbook, the SQL script, the DuckDB
file, the validation report, the archived article, the SQLite file with its Datasette
metadata, the licences, CITATION.cff, the portal exports (zenodo.json, ckan.json,
datacite.json, dataset.jsonld; their URLs absolute under `base_url`, else paths inside the
archive) and README.md, the dataset card. Entries are dated at the release; the DuckDB file
is the one the build wrote (it holds a random id of its own, so only it differs between
two builds).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from etl.distribute import jsonld
from etl.distribute.dataset_card import card
from etl.distribute.reproducible import write_zip
from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish import ckan, datacite, zenodo

STEM = "baotou-sci-tech"


def archive_name() -> str:
    return f"{STEM}-{pkg.VERSION}.zip"


def folder_name() -> str:
    return archive_name().removesuffix(".zip")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def portal_exports(paths: Paths, base_url: str | None) -> dict[str, bytes]:
    return {
        "zenodo.json": _json(zenodo.deposit(paths, base_url)),
        "ckan.json": _json(ckan.dataset(paths, base_url)),
        "datacite.json": _json(datacite.record(paths, base_url)),
        "dataset.jsonld": _json(jsonld.dataset(paths, base_url)),
    }


def entries(paths: Paths, beside: list[Path], base_url: str | None) -> Iterator[tuple[str, bytes]]:
    """(path in the archive, bytes) of every file; `beside` are files of dist/ to add at the
    top (the SQLite file and its Datasette metadata)."""
    top = folder_name()
    yield f"{top}/README.md", card(paths).encode("utf-8")
    release_files = [paths.descriptor, paths.source_text,
                     *(paths.csv(t.name) for t in TABLES), *(paths.parquet(t.name) for t in TABLES),
                     paths.workbook, paths.sql_script, paths.duckdb, paths.report]
    for path in release_files:
        yield f"{top}/{paths.rel(path)}", path.read_bytes()
    for path in beside:
        yield f"{top}/{path.name}", path.read_bytes()
    for name in ("LICENSE", "LICENSE-DATA.md", "CITATION.cff"):
        yield f"{top}/{name}", (paths.root / name).read_bytes()
    for name, data in portal_exports(paths, base_url).items():
        yield f"{top}/{name}", data


def write(paths: Paths, out: Path, beside: list[Path], base_url: str | None) -> Path:
    target = out / archive_name()
    target.write_bytes(write_zip(entries(paths, beside, base_url)))
    return target

"""Datasette's metadata.json for the SQLite database: what a visitor of the instance reads.

Title, description, licence and source of the package; each table's and view's title and
description, and every column's description with its unit, in English and then Chinese; the
cookbook's questions as canned queries, in SQLite's dialect (`etl.distribute.sqlite.to_sqlite`).
"""

from __future__ import annotations

import json
from pathlib import Path

from etl.distribute.citation import article
from etl.distribute.cookbook import recipes
from etl.distribute.sqlite import FILE_NAME, to_sqlite
from etl.metadata import TABLES, VIEWS, Table, View
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.schemas import bilingual

DATABASE = FILE_NAME.removesuffix(".sqlite")
METADATA_NAME = f"{DATABASE}.metadata.json"


def metadata(paths: Paths) -> dict[str, object]:
    source = article(paths)
    entries = {}
    items: tuple[Table | View, ...] = (*TABLES, *VIEWS)
    for item in items:
        entries[item.name] = {
            "title": f"{item.title} ({item.title_zh})",
            "description": bilingual(item.description, item.description_zh),
            "columns": {f.name: bilingual(f.described, f.described_zh) for f in item.fields},
        }
    queries = {
        f"cookbook_{r.number:02d}": {"title": r.question, "sql": to_sqlite(r.sql)}
        for r in recipes(paths)}
    return {
        "title": pkg.TITLE,
        "description": pkg.DESCRIPTION,
        "license": pkg.DATA_LICENSE["name"],
        "license_url": pkg.DATA_LICENSE["path"],
        "source": f"{source.title_zh} ({source.author_zh}, {source.publication_date})",
        "databases": {DATABASE: {"tables": entries, "queries": queries}},
    }


def write(paths: Paths, out: Path) -> Path:
    target = out / METADATA_NAME
    target.write_text(json.dumps(metadata(paths), ensure_ascii=False, indent=2) + "\n",
                      encoding="utf-8")
    return target

"""The documented datapackage.json: package metadata, and one resource per published file."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from etl.metadata import TABLES, Table
from etl.metadata import package as pkg
from etl.publish.files import extra_resources
from etl.schemas import frictionless_schema

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def sha256(root: Path, path: str, known: Mapping[str, str] | None = None) -> str:
    """The sha256 of a release file, or the one its writer already computed (`known`, by
    path relative to the release root)."""
    if known and path in known:
        return known[path]
    return hashlib.sha256((root / path).read_bytes()).hexdigest()


def created() -> str:
    """From the data, never the clock: SOURCE_DATE_EPOCH if set, else the release date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        moment = datetime.fromisoformat(pkg.RELEASE_DATE).replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_resource(table: Table, root: Path, known: Mapping[str, str] | None = None) -> dict:
    path = f"data/processed/{table.name}.csv"
    return {
        "name": table.name,
        "type": "table",
        "profile": "tabular-data-resource",  # v1 readers (R frictionless) require it
        "title": f"{table.title} ({table.title_zh})",
        "description": table.description,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": (root / path).stat().st_size,
        "hash": f"sha256:{sha256(root, path, known)}",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
                    "header": True},
        "schema": frictionless_schema(table),
    }


def parquet_resource(table: Table, root: Path,
                     known: Mapping[str, str] | None = None) -> dict:
    """A Parquet copy: typed and self-describing, so it carries no Table Schema of its own.

    Not a resource of datapackage.json (see `etl.publish.files.extra_resources`): the portal
    exports list it. The tests check its content against the CSV resource.
    """
    path = f"data/processed/{table.name}.parquet"
    return {
        "name": f"{table.name}-parquet",
        "title": f"{table.title} ({table.title_zh}), Parquet",
        "description": (f"The `{table.name}` table as Parquet (snappy): the same rows and columns "
                        f"as `{table.name}.csv`, typed, with every column's description "
                        "in the file's schema."),
        "path": path,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "hash": f"sha256:{sha256(root, path, known)}",
    }


def descriptor(root: Path, source_sha256: str, known: Mapping[str, str] | None = None) -> dict:
    """The package descriptor; `known` holds hashes already computed, by relative path."""
    resources = [csv_resource(t, root, known) for t in TABLES]
    resources += extra_resources(root, known)  # Parquet and xlsx: see extra_resources
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "id": pkg.ID,
        "name": pkg.NAME,
        "title": pkg.TITLE,
        "description": pkg.DESCRIPTION,
        **({"homepage": pkg.HOMEPAGE} if pkg.HOMEPAGE else {}),
        "version": pkg.VERSION,
        "created": created(),
        "keywords": list(pkg.KEYWORDS),
        "licenses": [pkg.DATA_LICENSE],
        "contributors": [dict(c) for c in pkg.CONTRIBUTORS],
        "sources": [{
            "title": "用创新之魂 筑强市之梦 ——写在包头·北京科技创新合作签约仪式之际 "
                     "(胡左, September 2012)",
            "path": "data/raw/source/article.txt",
            "sha256": source_sha256,
            "rights": pkg.ARTICLE_RIGHTS,
        }],
        "resources": resources,
    }


def dumps(data: dict) -> str:
    """Stable text: the same descriptor gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

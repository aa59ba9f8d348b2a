"""The documented datapackage.json: package metadata, and one resource per published file."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from etl.metadata import TABLES, Table
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.files import extra_resources, sha256
from etl.publish.schemas import frictionless_schema


def created() -> str:
    """From the data, never the clock: SOURCE_DATE_EPOCH if set, else the release date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        moment = datetime.fromisoformat(pkg.RELEASE_DATE).replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_resource(table: Table, paths: Paths, known: Mapping[str, str]) -> dict[str, Any]:
    path = paths.csv(table.name)
    return {
        "name": table.name,
        "type": "table",
        "profile": "tabular-data-resource",  # v1 readers (R frictionless) require it
        "title": f"{table.title} ({table.title_zh})",
        "description": table.description,
        # Custom properties (Chinese beside English): every reader tested ignores them.
        "title_zh": table.title_zh,
        **({"description_zh": table.description_zh} if table.description_zh else {}),
        "path": paths.rel(path),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256(paths, path, known)}",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
                    "header": True},
        "schema": frictionless_schema(table),
    }


def descriptor(paths: Paths, source: Mapping[str, Any], known: Mapping[str, str]) -> dict[str, Any]:
    """The package descriptor of the release under `paths`; `source` is the sources row.

    `known` holds the hashes its writer already computed, by relative path.
    """
    resources = [csv_resource(t, paths, known) for t in TABLES]
    resources += extra_resources(paths, known)  # not Parquet nor xlsx: see extra_resources
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "id": pkg.ID,
        "name": pkg.NAME,
        "title": pkg.TITLE,
        "description": pkg.DESCRIPTION,
        "title_zh": pkg.TITLE_ZH,
        "description_zh": pkg.DESCRIPTION_ZH,
        **({"homepage": pkg.HOMEPAGE} if pkg.HOMEPAGE else {}),
        "version": pkg.VERSION,
        "created": created(),
        "keywords": list(pkg.KEYWORDS),
        "licenses": [pkg.DATA_LICENSE],
        "contributors": [dict(c) for c in pkg.CONTRIBUTORS],
        "sources": [{
            "title": f"{source['title_zh']} ({source['author_zh']}, {source['publication_date']})",
            "path": source["path"],
            "sha256": source["sha256"],
            "rights": pkg.ARTICLE_RIGHTS,
        }],
        "resources": resources,
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable text: the same descriptor gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

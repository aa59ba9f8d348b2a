"""Zenodo deposit metadata (`zenodo.json`, the `metadata` of Zenodo's deposit API), from the
package metadata: creators, title, description (HTML), licence, version, keywords, and the
source article as a related identifier (isDerivedFrom).

The article's only address is its archived copy in the release, so the identifier is that
copy's URL under the base URL the release is served from; without one it is the path inside
the release (and the deposit needs a base URL before upload).
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.ckan import check_base_url
from etl.publish.datacite import article_title

LICENCE_IDS = {"CC-BY-4.0": "cc-by-4.0"}
"""SPDX id of the data licence to Zenodo's licence id (its vocabulary of licences)."""


def _url(base_url: str | None, path: str) -> str:
    return f"{check_base_url(base_url)}/{path}" if base_url is not None else path


def deposit(paths: Paths, base_url: str | None = None) -> dict[str, Any]:
    makers = [c for c in pkg.CONTRIBUTORS if c["roles"][0] == "creator"]
    others = [c for c in pkg.CONTRIBUTORS if c["roles"][0] != "creator"]
    return {
        "upload_type": "dataset",
        "title": pkg.TITLE,
        "creators": [{"name": c["title"]} for c in makers],
        "contributors": [{"name": c["title"], "type": "Other"} for c in others],
        "description": MarkdownIt().render(pkg.DESCRIPTION),
        "notes": pkg.ARTICLE_RIGHTS,
        "access_right": "open",
        "license": LICENCE_IDS[pkg.DATA_LICENSE["name"]],
        "version": pkg.VERSION,
        "publication_date": pkg.RELEASE_DATE,
        "language": "zho",
        "keywords": list(pkg.KEYWORDS),
        "related_identifiers": [{
            "identifier": _url(base_url, paths.rel(paths.source_text)),
            "relation": "isDerivedFrom",
            "resource_type": "publication-article",
            "scheme": "url",
        }],
        "additional_descriptions": [{
            "description": f"Source: {article_title(paths)}.",
            "type": "other",
        }],
    }

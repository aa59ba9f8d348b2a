"""A CKAN dataset for `package_create`, from the package metadata and the published files.

The rules are CKAN 2.12's own (ckan/logic/validators.py, ckan/model): a dataset name of 2 to
100 characters in lowercase a–z, 0–9, `-` and `_`; tag names of 2 to 100 characters of
unicode word characters, spaces, `-`, `_` and `.` (so Chinese keywords are kept); licence
ids from CKAN's own list (`cc-by` for CC-BY-4.0). Resource URLs are absolute, under the
base URL where the release is served: a relative path is a dead link in a portal. Only the
archive of a release made without a base URL (`make release`) keeps them relative, as the
paths inside it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.files import parquet_resource, sha256, xlsx_resource

NAME_PATTERN = re.compile(r"[a-z0-9_\-]{2,100}")
TAG_PATTERN = re.compile(r"[\w \-.]{2,100}")
LICENSE_IDS = {"CC-BY-4.0": "cc-by"}
"""SPDX id of the data licence to CKAN's licence id (ckan/model/license.py)."""
FORMATS = {"csv": "CSV", "parquet": "Parquet", "xlsx": "XLSX", "sql": "SQL", "json": "JSON"}


def _url(base: str | None, path: str) -> str:
    return f"{base.rstrip('/')}/{path}" if base else path


def check_base_url(base: str) -> str:
    """`base` without its trailing slash, if each file's path can be appended to it: an
    absolute http(s) URL with a host, no user or password (it would be published), no query
    or fragment (the path would land in them), nothing a URL must not hold raw (spaces,
    quotes, angle brackets, controls) and a valid port; else ValueError saying why."""
    try:
        parts = urlsplit(base)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"not an absolute http(s) URL: {base!r} ({error})") from None
    why = ("not an absolute http(s) URL" if parts.scheme not in {"http", "https"}
           or not parts.hostname
           else "a URL with a user or password, which the exports would publish"
           if parts.username is not None or parts.password is not None
           else "a URL with a query or fragment, where the files' paths would land"
           if parts.query or parts.fragment or "?" in base or "#" in base
           else "a URL holding a character it must not hold raw (space, quote, <, >, "
           "backslash, control or non-ASCII character); percent-encode it (a host in punycode)"
           if _UNSAFE_IN_URL.search(base) else None)
    if why is not None or port == 0:
        raise ValueError(f"{why or 'port 0'}: {base!r}")
    return base.rstrip("/")


_UNSAFE_IN_URL = re.compile(r"[^\x21-\x7e]|[\"<>\\^`{|}]")


def _people(role: str) -> str | None:
    names = [c["title"] for c in pkg.CONTRIBUTORS if c["role"] == role]
    return "; ".join(names) or None


def _resource(base: str | None, entry: dict[str, Any]) -> dict[str, Any]:
    out = {
        "name": entry["name"],
        "description": entry["description"],
        "url": _url(base, entry["path"]),
        "format": FORMATS[entry["format"]],
        "mimetype": entry["mediatype"],
        "hash": entry["hash"],
    }
    if "bytes" in entry:
        out["size"] = entry["bytes"]
    return out


def published_files(paths: Paths) -> list[dict[str, Any]]:
    """Every file of the release as a resource entry: the descriptor's resources (CSV
    tables, SQL script), the Parquet copies, the workbook and datapackage.json itself."""
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    entries = list(descriptor["resources"])
    for table in TABLES:
        entries.append(parquet_resource(table, paths))
    entries.append(xlsx_resource(paths))
    entries.append({
        "name": "datapackage",
        "description": "The Data Package descriptor (Data Package 2.0): every table's "
                       "schema, keys and field descriptions; read it with frictionless.",
        "path": "datapackage.json", "format": "json", "mediatype": "application/json",
        "bytes": paths.descriptor.stat().st_size,
        "hash": f"sha256:{sha256(paths, paths.descriptor)}",
    })
    return entries


def dataset(paths: Paths, base_url: str | None) -> dict[str, Any]:
    """The dataset dict for CKAN's `package_create` (owner_org is the caller's to add);
    without a base URL, resource URLs are the files' paths in the release."""
    base = check_base_url(base_url) if base_url is not None else None
    if not NAME_PATTERN.fullmatch(pkg.NAME):
        raise ValueError(f"{pkg.NAME!r} is not a valid CKAN dataset name")
    licence = pkg.DATA_LICENSE["name"]
    source = json.loads(paths.descriptor.read_text("utf-8"))["sources"][0]
    out: dict[str, Any] = {
        "name": pkg.NAME,
        "title": pkg.TITLE,
        "notes": pkg.DESCRIPTION,
        "version": pkg.VERSION,
        "license_id": LICENSE_IDS[licence],
        "author": _people("author"),
        "maintainer": _people("maintainer"),
        "url": pkg.HOMEPAGE,
        "tags": [{"name": k} for k in pkg.KEYWORDS if TAG_PATTERN.fullmatch(k)],
        "extras": [
            {"key": "identifier", "value": f"urn:uuid:{pkg.ID}"},
            {"key": "title_zh", "value": pkg.TITLE_ZH},
            {"key": "release_date", "value": pkg.RELEASE_DATE},
            {"key": "license_spdx", "value": licence},
            {"key": "contributors", "value": json.dumps(list(pkg.CONTRIBUTORS),
                                                        ensure_ascii=False)},
            {"key": "source", "value": source["title"]},
            {"key": "source_rights", "value": pkg.ARTICLE_RIGHTS},
        ],
        "resources": [_resource(base, entry) for entry in published_files(paths)],
    }
    return {key: value for key, value in out.items() if value is not None}

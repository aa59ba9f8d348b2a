"""DataCite Metadata Schema 4.5 (JSON) for the dataset, from the package metadata.

The properties are those of DataCite's JSON (as its REST API and the `datacite` Python
package's schema give them). The article the data are taken from is a related item
(IsDerivedFrom) with its title, author and year: the page names no newspaper, so none is
given. A DOI is the registrar's to mint: the record carries the package's stable id as an
alternate identifier (URN).
"""

from __future__ import annotations

import csv
import json
from typing import Any

from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.ckan import check_base_url

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"
LICENCE = {
    "rights": "Creative Commons Attribution 4.0 International",
    "rightsUri": "https://creativecommons.org/licenses/by/4.0/legalcode",
    "rightsIdentifier": "cc-by-4.0",
    "rightsIdentifierScheme": "SPDX",
    "schemeUri": "https://spdx.org/licenses/",
    "lang": "en",
}


def _organisation(title: str) -> dict[str, Any]:
    return {"name": title, "nameType": "Organizational"}


def article_title(paths: Paths) -> str:
    """The article's title as `sources.csv` gives it, the one place it is kept."""
    with open(paths.csv("sources"), encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))["title_zh"]


def record(paths: Paths, base_url: str | None = None) -> dict[str, Any]:
    """The DataCite record; `base_url`, where the release is served, becomes its `url`
    (else the confirmed homepage, else none)."""
    creators = [_organisation(c["title"]) for c in pkg.CONTRIBUTORS if c["role"] == "author"]
    files = len(json.loads(paths.descriptor.read_text("utf-8"))["resources"])
    out = {
        "alternateIdentifiers": [{"alternateIdentifier": f"urn:uuid:{pkg.ID}",
                                  "alternateIdentifierType": "URN"}],
        "creators": creators,
        "titles": [{"title": pkg.TITLE, "lang": "en"},
                   {"title": pkg.TITLE_ZH, "lang": "zh", "titleType": "TranslatedTitle"}],
        "publisher": {"name": pkg.CONTRIBUTORS[0]["title"]},
        "publicationYear": pkg.RELEASE_DATE[:4],
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Tabular data"},
        "subjects": [{"subject": k, "lang": "zh" if _is_chinese(k) else "en"}
                     for k in pkg.KEYWORDS],
        "dates": [{"date": pkg.RELEASE_DATE, "dateType": "Issued"},
                  {"date": "2012-09", "dateType": "Other",
                   "dateInformation": "Month the source article was published (the year is "
                                      "inferred from the events it reports)"}],
        "language": "zh",
        "version": pkg.VERSION,
        "rightsList": [LICENCE],
        "descriptions": [
            {"description": pkg.DESCRIPTION, "descriptionType": "Abstract", "lang": "en"},
            {"description": "Tables: " + ", ".join(t.name for t in TABLES) + ". CSV (UTF-8) "
                            "with a Data Package 2.0 descriptor, Parquet, an Excel workbook "
                            "and a DuckDB SQL script.", "descriptionType": "TechnicalInfo",
             "lang": "en"},
            {"description": pkg.ARTICLE_RIGHTS, "descriptionType": "Other", "lang": "en"},
        ],
        "formats": ["text/csv", "application/vnd.apache.parquet",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/sql", "application/json"],
        "sizes": [f"{len(TABLES)} tables", f"{files} resources in datapackage.json"],
        "relatedItems": [{
            "relationType": "IsDerivedFrom",
            "relatedItemType": "Text",
            "titles": [{"title": article_title(paths), "lang": "zh"}],
            "creators": [{"name": "胡, 左", "nameType": "Personal", "givenName": "左",
                          "familyName": "胡", "lang": "zh"}],
            "publicationYear": "2012",
        }],
        "schemaVersion": SCHEMA_VERSION,
    }
    if base_url is not None:
        out["url"] = check_base_url(base_url) + "/"
    elif pkg.HOMEPAGE:
        out["url"] = pkg.HOMEPAGE
    return out


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)

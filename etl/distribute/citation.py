"""One citation of the data package (and of the article it is taken from), for every artifact.

From the package metadata and the `sources` row of the release, as CITATION.cff says it.
"""

from __future__ import annotations

import csv
from typing import NamedTuple

from etl.metadata import package as pkg
from etl.paths import Paths


class Article(NamedTuple):
    title_zh: str
    title_en: str
    author_zh: str
    author_en: str
    publication_date: str


def article(paths: Paths) -> Article:
    """The source article as `sources.csv` gives it, the one place it is kept."""
    with open(paths.csv("sources"), encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    return Article(row["title_zh"], row["title_en"], row["author_zh"], row["author_en"],
                   row["publication_date"])


def creators() -> list[str]:
    """The dataset's makers: the contributors whose first role is `creator`."""
    return [c["title"] for c in pkg.CONTRIBUTORS if c["roles"][0] == "creator"]


def citation_text(paths: Paths) -> str:
    source = article(paths)
    return (f"{'; '.join(creators())} ({pkg.RELEASE_DATE[:4]}). {pkg.TITLE} "
            f"(version {pkg.VERSION}) [Data set]. {pkg.DATA_LICENSE['name']}.\n"
            f"Taken from: {source.author_zh} ({source.author_en}), {source.title_zh} "
            f"[{source.title_en}], newspaper feature, {source.publication_date}.")

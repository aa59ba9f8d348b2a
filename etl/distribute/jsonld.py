"""schema.org `Dataset` markup (JSON-LD) for the archive, from the package metadata: what a
search engine or a catalogue harvests. Every file of the release is a `DataDownload`, its
`contentUrl` under the base URL the release is served from, or its path in the release."""

from __future__ import annotations

from etl.distribute.citation import article, creators
from etl.metadata import package as pkg
from etl.paths import Paths
from etl.publish.ckan import check_base_url, published_files


def _url(base_url: str | None, path: str) -> str:
    return f"{check_base_url(base_url)}/{path}" if base_url is not None else path


def dataset(paths: Paths, base_url: str | None = None) -> dict[str, object]:
    source = article(paths)
    out: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"urn:uuid:{pkg.ID}",
        "identifier": f"urn:uuid:{pkg.ID}",
        "name": pkg.TITLE,
        "alternateName": pkg.TITLE_ZH,
        "description": pkg.DESCRIPTION,
        "version": pkg.VERSION,
        "datePublished": pkg.RELEASE_DATE,
        "license": pkg.DATA_LICENSE["path"],
        "keywords": list(pkg.KEYWORDS),
        "inLanguage": ["zh", "en"],
        "creator": [{"@type": "Organization", "name": name} for name in creators()],
        "isBasedOn": {
            "@type": "NewsArticle", "headline": source.title_zh,
            "alternativeHeadline": source.title_en, "inLanguage": "zh",
            "author": {"@type": "Person", "name": source.author_zh},
            "datePublished": source.publication_date,
            "url": _url(base_url, paths.rel(paths.source_text)),
        },
        "distribution": [{
            "@type": "DataDownload", "name": entry["name"], "encodingFormat": entry["mediatype"],
            "contentUrl": _url(base_url, entry["path"]),
            **({"contentSize": f"{entry['bytes']} B"} if "bytes" in entry else {}),
        } for entry in published_files(paths)],
    }
    if base_url is not None:
        out["url"] = check_base_url(base_url) + "/"
    return out

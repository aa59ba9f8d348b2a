"""The archive's README: a Hugging Face dataset card (YAML front matter) over a plain guide.

The front matter has one `configs` entry per table, pointing at its Parquet file, so that
`datasets.load_dataset(folder, "figures")` loads a table by name; the body says what is in
the archive and how to open each file, from the package metadata.
"""

from __future__ import annotations

import yaml

from etl.distribute.citation import citation_text
from etl.distribute.sqlite import FILE_NAME as SQLITE_NAME
from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import DUCKDB_NAME, SQL_SCRIPT_NAME, WORKBOOK_NAME, Paths

HF_LICENCES = {"CC-BY-4.0": "cc-by-4.0"}


def front_matter(paths: Paths) -> dict[str, object]:
    return {
        "pretty_name": pkg.TITLE,
        "license": HF_LICENCES[pkg.DATA_LICENSE["name"]],
        "language": ["zh", "en"],
        "tags": [k for k in pkg.KEYWORDS if k.isascii()],
        "size_categories": ["n<1K"],
        "configs": [{"config_name": t.name,
                     "data_files": paths.rel(paths.parquet(t.name)),
                     **({"default": True} if i == 0 else {})}
                    for i, t in enumerate(sorted(TABLES, key=lambda t: t.name != "figures"))],
    }


def card(paths: Paths) -> str:
    tables = "\n".join(f"| `{t.name}` | {t.title} ({t.title_zh}) |" for t in TABLES)
    processed = paths.rel(paths.processed)
    yaml_text = yaml.safe_dump(front_matter(paths), allow_unicode=True, sort_keys=False,
                               width=100)
    return f"""---
{yaml_text}---

# {pkg.TITLE}

{pkg.TITLE_ZH}

Version {pkg.VERSION} ({pkg.RELEASE_DATE}). Data: {pkg.DATA_LICENSE['name']}
(`LICENSE-DATA.md`); code: {pkg.CODE_LICENSE} (`LICENSE`).

| table | what it holds |
| --- | --- |
{tables}

## Open it

- Frictionless: `frictionless validate datapackage.json`; every table is `{processed}/<table>.csv`
  (UTF-8) described in `datapackage.json`, and `{processed}/<table>.parquet` (typed).
- DuckDB (1.1 or later): `duckdb -readonly {processed}/{DUCKDB_NAME}`, or build it from the
  Parquet files: `duckdb new.duckdb < {processed}/{SQL_SCRIPT_NAME}`.
- SQLite and Datasette: `sqlite3 {SQLITE_NAME}`;
  `datasette {SQLITE_NAME} --metadata {SQLITE_NAME.removesuffix('.sqlite')}.metadata.json`.
- Excel and WPS: `{processed}/{WORKBOOK_NAME}`.
- Hugging Face `datasets`: `load_dataset("path/to/this/folder", "figures", split="train")`
  (one configuration per table).
- Portals: `zenodo.json` (Zenodo deposit metadata), `ckan.json` (CKAN `package_create`),
  `datacite.json` (DataCite 4.5), `dataset.jsonld` (schema.org), `CITATION.cff`.

The source article is archived as `{paths.rel(paths.source_text)}` only so that every quote
can be checked at its offsets: {pkg.ARTICLE_RIGHTS}

## Cite

```
{citation_text(paths)}
```

{pkg.DESCRIPTION}"""

"""Package-level metadata of the data release: name, version, licences, people, keywords."""

from __future__ import annotations

import uuid
from typing import TypedDict

NAME = "baotou-beijing-sci-tech-cooperation-2012"
VERSION = "1.1.0"
# The release date is data, not the clock: set it with the version (SOURCE_DATE_EPOCH overrides).
RELEASE_DATE = "2026-12-01"
TITLE = "Baotou–Beijing science and technology cooperation, September 2012: every figure"
TITLE_ZH = "包头·北京科技创新合作（2012年9月）：报道中的全部数据"
# The package's home: None until an address is confirmed to exist (then the descriptor and
# the exports publish it). Never publish an address nobody has seen.
HOMEPAGE: str | None = None
# A stable identifier (DCAT and DataCite need one): uuid5 of the name in the URL namespace,
# pinned by a test so that it never changes between builds.
ID = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:datapackage:{NAME}"))

DESCRIPTION = """\
Every figure, organisation, event, enumerated list and text repair in the Chinese newspaper
feature 用创新之魂 筑强市之梦——写在包头·北京科技创新合作签约仪式之际 (by 胡左, printed as
本报记者, a staff reporter of the paper; the page does not name the newspaper),
published ahead of the Baotou–Beijing science and technology cooperation signing ceremony in
Beijing on 29 September 2012, as tidy, validated tables in English and Chinese.

## What is inside

- `figures`: one row per figure, with the value as printed, the value normalized to a
  canonical unit (`units`), qualifier (more than, about, at most …), status (reported,
  target, planned), reference date, and the exact quote with its character offsets in the
  archived text.
- `entities` and `entity_aliases`: organisations, bodies, parks, alliances, workstations,
  programmes and projects, with every short name the article prints (中科院, 包钢, 北航 …).
- `events`, `relations`, `lists` and `list_items`, `corrections`, `sources`, `units`.

Each table is published as CSV (the resources below) and as Parquet
(`data/processed/<table>.parquet`, snappy, the same rows, typed). Every table is also in one
Excel workbook, `data/processed/baotou_sci_tech.xlsx` (a first sheet describes every field),
and `data/processed/baotou_sci_tech.sql` rebuilds the DuckDB database with its views in
English and Chinese from the Parquet files with nothing but DuckDB 1.1 or later
(`duckdb baotou.duckdb < data/processed/baotou_sci_tech.sql`, from the package root);
`make build` writes the same database.

## Caveats

- The text was captured from a multi-column page: several sentences break off and resume
  elsewhere in the file. Figures are attributed to the sentence they belong to after repair;
  every join is listed in `corrections` (kind `column_break_join`).
- Some characters look misread (煤研石 for 煤矸石; the exponents of the oxygen and carbon
  contents of the polysilicon). Figures keep the printed value; `corrections` gives the
  reading we believe and why, and `figures.correction_id` links the two.
- The page carries no year: 2012 is inferred from the events it reports. Dates inferred are
  flagged (`ref_date_inferred`, `date_inferred`) and explained in `note`.
- Offsets are 0-based character (not byte) offsets into `data/raw/source/article.txt`.
"""

KEYWORDS = (
    "Baotou", "Beijing", "science and technology cooperation", "industry-university-research",
    "rare earth", "Inner Mongolia", "China", "newspaper", "2012",
    "包头", "北京", "科技创新合作", "产学研", "稀土", "内蒙古",
)

DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
CODE_LICENSE = "MIT"
ARTICLE_RIGHTS = (
    "The article text is © its publisher (a newspaper the page does not name) and its author; "
    "it is archived in this package only so that every extracted figure can be verified "
    "against it. The licence covers our curation "
    "(the tables and short locating quotes), not the article."
)

# `role` (Data Package v1) is from the v1 vocabulary that the CKAN mappers understand, and
# is one of `roles` (2.0). The first of `roles` is the one 2.0 tools map: `creator` for the
# dataset's makers, so that a Zenodo deposit (dplib-py) has its creators. The developers made
# the dataset (its authors, also creators and curators in DataCite's words); the journalist
# wrote the article the data are taken from, not the dataset: a contributor here, and the
# author of the source (`sources`, and the article in the DataCite export).
class Contributor(TypedDict):
    title: str
    role: str
    """Data Package v1 role; one of `roles` (2.0)."""
    roles: list[str]


CONTRIBUTORS: tuple[Contributor, ...] = (
    {"title": "Baotou open data developers", "role": "author",
     "roles": ["creator", "author", "dataCurator"]},
    {"title": "胡左 (Hu Zuo), staff reporter", "role": "contributor", "roles": ["contributor"]},
)

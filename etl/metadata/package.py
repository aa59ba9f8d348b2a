"""Package-level metadata of the data release: name, version, licences, people, keywords."""

from __future__ import annotations

import uuid
from typing import TypedDict

NAME = "baotou-beijing-sci-tech-cooperation-2012"
VERSION = "1.2.0"
# The release date is data, not the clock: set it with the version (SOURCE_DATE_EPOCH overrides).
RELEASE_DATE = "2026-12-02"
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

DESCRIPTION_ZH = """\
本数据包收录报纸通讯《用创新之魂 筑强市之梦——写在包头·北京科技创新合作签约仪式之际》（作者胡左，
署“本报记者”，即该报记者；版面未注明报纸名称）中的全部数据、机构、事件、列举和校勘。该文
刊发于2012年9月29日包头市与北京科技创新合作签约仪式在京举行之际。我们把文中内容整理为经过
校验的规范数据表，中英文对照。

## 内容

- `figures`（数据）：每项数据一行，含原文所印数值、换算到标准单位（见 `units`）后的数值、
  限定词（多、以上、约……）、状态（已报道、目标、计划）、所指日期，以及逐字引文及其在存档
  原文中的字符位置。
- `entities`（机构与项目）和 `entity_aliases`（简称与别名）：机构、政府部门、园区、联盟、
  工作站、工程和项目，收录原文所用的全部简称（中科院、包钢、北航……）及英文文献常用的英文
  简称和缩写（Tsinghua、CAS、Baogang、BUAA……）。
- `events`（事件）、`relations`（合作关系）、`lists` 与 `list_items`（列举及其条目）、
  `corrections`（校勘记录）、`sources`（来源）、`units`（计量单位）。

每张表均以 CSV（即下列资源）和 Parquet（`data/processed/<表名>.parquet`，内容相同、类型
齐全）发布；全部表另汇成一个 Excel 工作簿 `data/processed/baotou_sci_tech.xlsx`（首个工作表
说明每个字段）；`data/processed/baotou_sci_tech.sql` 只需 DuckDB 1.1 或更高版本即可由 Parquet
文件重建 DuckDB 数据库及其中英文视图（在数据包根目录下运行
`duckdb baotou.duckdb < data/processed/baotou_sci_tech.sql`）；`make build` 生成同样的数据库。

## 注意事项

- 原文采自多栏排版的版面：若干句子中途断开，在文件别处接续。数据按接续后的完整句子归属；
  每处接续都列在 `corrections` 中（类别 `column_break_join`）。
- 个别字疑为误识（“煤研石”应为“煤矸石”；多晶硅氧、碳含量的指数）。数据保留原文所印数值；
  `corrections` 给出我们认为的正确读法及理由，`figures.correction_id` 将二者关联。
- 版面未印年份：2012年系据文中所报事件推断。凡推断的日期均有标记（`ref_date_inferred`、
  `date_inferred`），并在 `note` 中说明。
- 位置均为存档原文 `data/raw/source/article.txt` 中从 0 起算的字符偏移量（按字符，不按字节）。
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

"""Write the static site: landing page, a page per table and per entity, figures browser,
charts, search and the SQL console."""

from __future__ import annotations

import csv
import json
import shutil
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote as urlquote

from etl.metadata.tables import CATEGORY_LABELS
from etl.publish.schemas import views_sql
from etl.site import charts, console
from etl.site.highlight import Span, paragraph_bounds, render
from etl.site.text import cell, inline, lang_attr, mark, number, reading, t

Rows = list[dict[str, str]]
SITE_TITLE = ("Baotou–Beijing S&T cooperation 2012", "包头·北京科技创新合作 2012")


def read_rows(path: Path) -> Rows:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def zh(text: str, cls: str = "zh") -> str:
    """A Chinese span."""
    return f'<span lang="zh-Hans" class="{cls}">{escape(text)}</span>'


def bi(en: str, zh_text: str) -> str:
    """English, then Chinese, each marked."""
    return f"{t(en)} {zh(zh_text)}"


def page(title: tuple[str, str], body: str, depth: int = 0, head: str = "",
         scripts: tuple[str, ...] = ()) -> str:
    up = "../" * depth
    nav = "".join(f'<a href="{up}{href}">{bi(en, cn)}</a>' for href, en, cn in [
        ("index.html", "Home", "首页"),
        ("figures.html", "Figures", "数据与原文"),
        ("charts.html", "Charts", "图表"),
        ("tables/figures.html", "Tables", "数据表"),
        ("entities/index.html", "Organisations", "机构"),
        ("sql.html", "SQL console", "SQL查询"),
    ])
    extra = "".join(f'<script src="{up}{s}" defer></script>' for s in scripts)
    en, cn = title
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(en)} {escape(cn)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}static/site.css">
{head}<script src="{up}static/site.js" defer></script>{extra}
</head>
<body data-root="{up or './'}">
<header><h1>{t(en)}{" " + zh(cn, "h1-zh") if cn else ""}</h1><nav>{mark(nav)}
<form class="search" action="{up}search.html" method="get" role="search">
<input type="search" name="q" aria-label="Search 搜索" placeholder="Search 搜索: 北航, Tsinghua…">
</form></nav></header>
<main>
{mark(body)}
</main>
</body>
</html>
"""


def markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


def json_script(element_id: str, value) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{data}</script>'


# ---------------------------------------------------------------- landing page

# The description of datapackage.json, in Chinese (our translation).
INTRO_ZH = (
    '<section lang="zh-Hans"><h2>简介</h2>\n'
    "<p>本数据包收录2012年9月一篇中文报道《用创新之魂 筑强市之梦——写在包头·北京科技创新合作"
    "签约仪式之际》（记者胡左）中的全部数据、机构、事件、列举条目和文字校勘，整理为经过校验的"
    "中英文双语数据表。</p>\n"
    "<ul><li><code>figures</code>：每项数据一行，含原文写法、换算到标准单位的数值、限定词"
    "（多于、约、不超过……）、状态（已报道、目标、计划）、参考日期，以及带字符位置的原文引文。"
    "</li>\n<li><code>entities</code> 与 <code>entity_aliases</code>：机构、园区、联盟、"
    "工作站、工程和项目，以及文中出现的全部简称（中科院、包钢、北航……）。</li>\n"
    "<li><code>events</code>、<code>relations</code>、<code>lists</code>、"
    "<code>list_items</code>、<code>corrections</code>、<code>sources</code>、"
    "<code>units</code>。</li></ul>\n"
    "<p>原文为多栏版面，部分句子被分栏打断，校勘表 <code>corrections</code> "
    "列出了全部拼接与疑似误识；原页面未印年份，2012年系据内容推定。</p>\n"
)



def citation_html(cff: dict, package: dict) -> str:
    """A formatted citation of the data package (and the article) from CITATION.cff."""
    authors = ", ".join(a.get("name") or f"{a.get('family-names', '')}{a.get('given-names', '')}"
                        for a in cff.get("authors", []))
    year = str(cff.get("date-released", package.get("created", "")))[:4]
    title, version = cff.get("title", package["title"]), cff.get("version", package["version"])
    where = package.get("homepage", "")
    link = f' <a href="{escape(where)}">{escape(where)}</a>' if where else ""
    doi = cff.get("doi")
    doi_html = f' doi:<a href="https://doi.org/{escape(doi)}">{escape(doi)}</a>' if doi else ""
    parts = [f"<p class=\"citation\">{t(authors)} ({escape(year)}). <cite>{t(title)}</cite> "
             f"(version {escape(str(version))}) [Data set]. Licence "
             f"{escape(str(cff.get('license', '')))}.{link}{doi_html}</p>"]
    article = cff.get("preferred-citation")
    if article:
        names = "".join(f"{a.get('family-names', '')}{a.get('given-names', '')}"
                        for a in article.get("authors", []))
        when = f"{article.get('year', '')}年{article.get('month', '')}月"
        parts.append(f'<p>The article {zh("原文")}: '
                     f'<span lang="zh-Hans">{escape(names)}（{when}）。'
                     f"《{escape(article.get('title', ''))}》。</span> "
                     f"{t(article.get('notes', ''))}</p>")
    message = cff.get("message")
    intro = f"<p>{t(message)}</p>" if message else ""
    return intro + "".join(parts)


def json_ld(package: dict, tables: list[dict], rows: dict[str, Rows]) -> dict:
    """schema.org Dataset, from datapackage.json and the package metadata."""
    from etl.metadata import package as meta

    years = [r["date_start"][:4] for r in rows.get("events", []) if r.get("date_start")]
    years += [r["ref_date"][:4] for r in rows.get("figures", []) if r.get("ref_date")]
    licence = package["licenses"][0]
    creators = [{"@type": "Organization", "name": c["title"]}
                for c in package.get("contributors", []) if "creator" in c.get("roles", [])]
    distribution = []
    for r in package["resources"]:
        distribution.append({"@type": "DataDownload", "name": r["name"],
                             "encodingFormat": r["mediatype"], "contentUrl": r["path"]})
        if r.get("format") == "csv":  # its Parquet copy, which the descriptor leaves out
            distribution.append({
                "@type": "DataDownload", "name": f"{r['name']}-parquet",
                "encodingFormat": "application/vnd.apache.parquet",
                "contentUrl": r["path"].removesuffix(".csv") + ".parquet"})
    distribution.append({
        "@type": "DataDownload", "name": "baotou_sci_tech.xlsx",
        "encodingFormat": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "contentUrl": "data/processed/baotou_sci_tech.xlsx"})
    distribution.append({"@type": "DataDownload", "name": "datapackage.json",
                         "encodingFormat": "application/json", "contentUrl": "datapackage.json"})
    distribution.append({"@type": "DataDownload", "name": "baotou_sci_tech.duckdb",
                         "encodingFormat": "application/vnd.duckdb",
                         "contentUrl": "data/processed/baotou_sci_tech.duckdb"})
    dataset = {
        "@context": "https://schema.org/", "@type": "Dataset",
        "name": package["title"],
        "alternateName": getattr(meta, "TITLE_ZH", package["name"]),
        "description": package["description"],
        "url": package.get("homepage"),
        "license": licence["path"],
        "creator": creators or [{"@type": "Organization", "name": "Baotou open data developers"}],
        "version": package["version"],
        "datePublished": getattr(meta, "RELEASE_DATE", package.get("created", "")[:10]),
        "keywords": package.get("keywords", []),
        "inLanguage": ["en", "zh-Hans"],
        "isAccessibleForFree": True,
        "distribution": distribution,
        "spatialCoverage": [
            {"@type": "Place", "name": "Baotou, Inner Mongolia, China 内蒙古包头市",
             "geo": {"@type": "GeoCoordinates", "latitude": 40.657, "longitude": 109.840}},
            {"@type": "Place", "name": "Beijing, China 北京市",
             "geo": {"@type": "GeoCoordinates", "latitude": 39.904, "longitude": 116.407}}],
        "isBasedOn": [{"@type": "NewsArticle", "headline": s["title"]}
                      for s in package.get("sources", [])],
    }
    if years:
        dataset["temporalCoverage"] = f"{min(years)}/{max(years)}"
    for key in ("id", "doi"):
        if package.get(key):
            dataset["identifier"] = package[key]
    return {k: v for k, v in dataset.items() if v not in (None, "", [])}


def index_page(package: dict, tables: list[dict], cff: dict, ld: dict,
               console_ready: bool) -> str:
    from etl.metadata import package as meta

    title_zh = getattr(meta, "TITLE_ZH", "")
    links = "\n".join(
        f'<tr><td><a href="tables/{r["name"]}.html">{t(r["title"])}</a></td>'
        f'<td><a href="{escape(r["path"])}" download>CSV</a></td>'
        f'<td><a href="{escape(r["path"].removesuffix(".csv"))}.parquet" download>Parquet</a></td>'
        f'<td class="num">{r["bytes"]:,}</td></tr>' for r in tables)
    licence = package["licenses"][0]
    sql_note = "" if console_ready else (
        ' <span class="warn">(this build has no DuckDB-WASM: run <code>make site</code>)</span>')
    ld_json = json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
    body = f"""
<script type="application/ld+json">{ld_json}</script>
<p class="lead"><strong>{t(package["title"])}</strong><br>{zh(title_zh, "lead-zh")}</p>
<p>Version {escape(package["version"])} · licence
<a href="{escape(licence["path"])}">{escape(licence["title"])}</a> ·
<span lang="zh-Hans">版本 {escape(package["version"])}，许可协议</span>
{escape(licence["name"])}</p>
<div class="two">
<section lang="en">{mark(markdown(package["description"]))}</section>
{INTRO_ZH}</section></div>
<h2>Get it {zh("下载")}</h2>
<ul class="get">
<li><a href="datapackage.json" download>datapackage.json</a> — Data Package descriptor,
every table's schema {zh("数据包描述文件（含各表结构）")}</li>
<li><a href="data/processed/baotou_sci_tech.duckdb" download>baotou_sci_tech.duckdb</a> —
DuckDB database with bilingual views {zh("DuckDB数据库（含中英文视图）")}</li>
<li><a href="sql.html">SQL console</a> — query every table and view in your browser,
nothing to install {zh("在浏览器中直接查询")}{sql_note}</li>
</ul>
<div class="scroll"><table class="files"><thead><tr><th>Table {zh("数据表")}</th><th>CSV</th>
<th>Parquet</th><th>CSV bytes {zh("字节")}</th></tr></thead><tbody>
{links}
</tbody></table></div>
<h2>Cite {zh("引用")}</h2>
{citation_html(cff, package)}
<p><a href="CITATION.cff" download>CITATION.cff</a></p>
"""
    return page(SITE_TITLE, body)


# ---------------------------------------------------------------- table pages


class Names:
    """Human names for foreign keys: entity, unit, correction and list ids."""

    def __init__(self, rows: dict[str, Rows], package: dict) -> None:
        self.rows = rows
        self.pk = {r["name"]: r["schema"]["primaryKey"] for r in package["resources"]
                   if r.get("format") == "csv"}
        self.by_id = {name: {"/".join(row[k] for k in pk): row for row in rows[name]}
                      for name, pk in self.pk.items()}

    def label(self, table: str, key: str) -> tuple[str, str]:
        row = self.by_id.get(table, {}).get(key)
        if row is None:
            return key, ""
        if table == "corrections":
            return f"{row['kind']}: {row['quote']}", ""
        return row.get("name_en") or row.get("title_en") or key, row.get("name_zh", "")

    def href(self, table: str, key: str, up: str) -> str:
        if table == "entities":
            return f"{up}entities/{urlquote(key)}.html"
        if table == "figures":
            return f"{up}figures.html#{urlquote(key)}"
        return f"{up}tables/{table}.html#row-{urlquote(key)}"

    def link(self, table: str, key: str, up: str) -> str:
        en, cn = self.label(table, key)
        name = t(en) + (f" {zh(cn)}" if cn and cn != en else "")
        return (f'<a href="{self.href(table, key, up)}">{name}</a> '
                f'<code class="id">{escape(key)}</code>')


TEXT_COLUMNS = ("label", "name", "title", "description", "quote", "note", "reason", "item",
                "reading", "rights")


def column_class(field: dict) -> str:
    name = field["name"]
    if field["type"] in ("number", "integer"):
        return "num"
    if name.endswith("_id") or name in ("measure", "position", "sha256"):
        return "key"
    if any(name.startswith(p) or name.endswith(p) for p in TEXT_COLUMNS):
        return "text"
    return ""


def data_table(table_id: str, fields: list[dict], rows: Rows, pk: list[str],
               fks: dict[str, str], names: Names, up: str, name: str = "rows") -> str:
    head = "".join(f'<th scope="col" class="{column_class(f)}" data-field="{escape(f["name"])}">'
                   f'{escape(f["name"])}</th>' for f in fields)
    body = []
    for i, r in enumerate(rows):
        cells = []
        for f in fields:
            value = r[f["name"]]
            cls = column_class(f)
            if value == "":
                cells.append(f'<td class="{cls}" data-sort=""></td>')
            elif f["name"] in fks:
                en, _ = names.label(fks[f["name"]], value)
                cells.append(f'<td class="fk" data-sort="{escape(en)}">'
                             f"{names.link(fks[f['name']], value, up)}</td>")
            elif f["type"] == "number":
                cells.append(f'<td class="num" data-sort="{escape(value)}">'
                             f"{escape(number(value))}</td>")
            elif f["type"] == "integer":
                cells.append(f'<td class="num" data-sort="{escape(value)}">{escape(value)}</td>')
            else:
                cells.append(f'<td class="{cls}"{lang_attr(value)}>{cell(value)}</td>')
        key = "/".join(r[k] for k in pk)
        body.append(f'<tr id="row-{escape(key)}" data-i="{i}">{"".join(cells)}</tr>')
    return (f'<div class="tools"><label>Filter {zh("筛选")} <input class="filter" type="search" '
            f'data-table="{table_id}" placeholder="type to filter rows 输入以筛选"></label> '
            f'<span class="count" data-table="{table_id}"></span> '
            f'<button type="button" class="download" data-table="{table_id}" '
            f'data-name="{escape(name)}">Download these '
            f'rows (CSV) {zh("下载所筛选的行")}</button></div>\n'
            f'<div class="scroll"><table class="data" id="{table_id}"><thead><tr>{head}</tr>'
            f'</thead>\n<tbody>\n{"".join(body)}\n</tbody></table></div>'
            + json_script(f"{table_id}-data", {"fields": [f["name"] for f in fields],
                                               "rows": [[r[f["name"]] for f in fields]
                                                        for r in rows]}))


def foreign_keys(resource: dict) -> dict[str, str]:
    out = {}
    for fk in resource["schema"].get("foreignKeys") or []:
        target = fk["reference"]["resource"] or resource["name"]
        if len(fk["fields"]) == 1:
            out[fk["fields"][0]] = target
    return out


def table_page(resource: dict, rows: Rows, tables: list[dict], names: Names) -> str:
    fields = resource["schema"]["fields"]
    others = " · ".join(f"<strong>{n}</strong>" if n == resource["name"] else
                        f'<a href="{n}.html">{n}</a>' for n in (r["name"] for r in tables))
    fks = foreign_keys(resource)
    described = "\n".join(
        f"<tr><td><code>{escape(f['name'])}</code></td><td>{escape(f['type'])}</td>"
        f"<td>{escape(f.get('unit', ''))}</td><td class=\"text\">{inline(f['description'])}"
        + (f" → <a href=\"{fks[f['name']]}.html\">{fks[f['name']]}</a>" if f["name"] in fks
           else "") + "</td></tr>"
        for f in fields)
    body = f"""
<p>Tables {zh("数据表")}: {others}</p>
<p>{inline(resource["description"])}</p>
<p><a href="../{escape(resource["path"])}" download>CSV</a> ·
<a href="../{escape(resource["path"].removesuffix(".csv"))}.parquet" download>Parquet</a> ·
primary key <code>{escape(", ".join(resource["schema"]["primaryKey"]))}</code> ·
<a href="../sql.html?sql={urlquote("SELECT * FROM " + resource["name"] + " LIMIT 100")}">query
it in SQL {zh("用SQL查询")}</a></p>
<details><summary>Fields {zh("字段")} ({len(fields)})</summary>
<div class="scroll"><table><thead><tr><th>field {zh("字段")}</th><th>type {zh("类型")}</th>
<th>unit {zh("单位")}</th><th>description {zh("说明")}</th></tr></thead><tbody>{described}
</tbody></table></div></details>
<h2>Rows {zh("数据行")} ({len(rows)})</h2>
<p class="hint">Names stand for ids (the id is beside each); click a column to sort, blanks
last. {zh("外键显示名称，旁附编号；点击列名排序，空值总在最后。")}</p>
{data_table("rows", fields, rows, resource["schema"]["primaryKey"], fks, names, "../",
            resource["name"])}
"""
    return page((resource["title"], ""), body, depth=1)


# ---------------------------------------------------------------- figures browser


def figures_page(text: str, figures: Rows, corrections: Rows, names: Names) -> str:
    units = names.by_id["units"]
    repairs = []
    for c in corrections:
        shown = c["reading"] or "?"
        after = "" if c["kind"] == "column_break_join" else (
            f'<button type="button" class="reading" aria-expanded="false" '
            f'data-correction-id="{escape(c["correction_id"])}" title="{escape(c["reason"])}">'
            f'<span class="sr">we read 校读为 </span><span lang="zh-Hans">{escape(shown)}</span>'
            f"</button>")
        repairs.append(Span(int(c["source_start"]), int(c["source_end"]), "span", (
            ("class", "correction"), ("data-correction-id", c["correction_id"]),
            ("title", f"{c['kind']}: printed {c['quote']}, we read {shown} "
                      f"({c['confidence']}): {c['reason']}")), after))
    by_id = {c["correction_id"]: c for c in corrections}
    ordered = sorted(figures, key=lambda f: int(f["source_start"]))
    cards = []
    for i, f in enumerate(ordered):
        start, end = int(f["source_start"]), int(f["source_end"])
        first, last = paragraph_bounds(text, start, end)
        quote = Span(start, end, "mark", (("data-figure-id", f["figure_id"]),))
        paragraph = render(text, first, last, [quote, *repairs])
        en, cn = reading(f, units.get(f["unit"], {}))
        note = ""
        if f["correction_id"]:
            c = by_id[f["correction_id"]]
            note = (f'<p class="correction-note">Repair {zh("校勘")} ({escape(c["kind"])}, '
                    f'{escape(c["confidence"])}): printed {zh(c["quote"], "")}, we read '
                    f'{zh(c["reading"] or "?", "")}. {t(c["reason"])}</p>')
        label = CATEGORY_LABELS["figure_status"][f["status"]]
        status = (label.label_en, label.label_zh)
        fid = escape(f["figure_id"])
        cards.append(f"""<article class="figure" id="{fid}" data-i="{i}">
<div><div class="value" lang="zh-Hans">{escape(f["value_as_printed"])}</div>
<div class="words">{t(en)}{"" if cn == en else " · " + zh(cn, "")}</div>
<div class="label">{t(f["label_en"])}<br>{zh(f["label_zh"])}</div>
<div class="meta">{names.link("entities", f["subject_id"], "")}<br>
{bi(*status)} · {escape(f["ref_date"])}{" (inferred " + zh("推定", "") + ")"
                                          if f["ref_date_inferred"] == "true" else ""}</div>{note}
<a class="permalink" href="#{fid}" title="Link to this figure">Permalink {zh("链接", "")}
<code>#{fid}</code></a></div>
<div class="paragraph" lang="zh-Hans" data-figure-id="{fid}"
 data-quote="{escape(f["quote"])}">{paragraph}</div>
</article>""")
    body = f"""
<p>Every figure beside the paragraph of the archived article it comes from; the quote is
highlighted exactly by its character offsets, and repairs of the captured text
(<span class="correction">dotted</span>) are followed by our reading in a box: tap it for the
reason. {zh("每项数据与其原文段落并列，引文按字符位置高亮；"
             "校勘处以虚线标出，方框内为校读，点按可看理由。")}</p>
<p>The article is © its publisher; it is shown only to verify the figures.
{zh("原文版权归出版方所有，此处仅用于核对数据。")}</p>
<div class="tools"><label>Filter {zh("筛选")} <input class="filter" type="search"
 data-cards="article.figure" placeholder="e.g. 清华, rail, target"></label>
<span class="count" data-cards="article.figure">{len(figures)} / {len(figures)}</span>
<button type="button" class="download" data-cards="article.figure">Download these figures
(CSV) {zh("下载所筛选的数据")}</button></div>
{"".join(cards)}
{json_script("cards-data", {"fields": list(figures[0]) if figures else [],
                            "rows": [list(f.values()) for f in ordered]})}
"""
    return page(("Figures and their source", "数据与原文"), body)


# ---------------------------------------------------------------- charts


def charts_page(figures: Rows, relations: Rows, entities: Rows) -> str:
    impact = charts.bainite_multiple(figures)
    impact_caption = ""
    if impact:
        impact_caption = (
            f" The third gain, {t(impact['label_en'][:1].lower() + impact['label_en'][1:])}, "
            "is printed as a multiple "
            f"({zh(impact['value_as_printed'], '')}, {number(impact['value'])} times), "
            f"not a percentage, so it is not drawn on this scale.")
    sections = [
        ("The saline-land pilot", "盐碱地改良示范", charts.saline_before_after(figures),
         "Average soil pH and alkalisation degree (exchangeable sodium, %) before and after "
         "improving saline-alkali land with flue-gas desulphurisation gypsum, in the Tumed "
         "Right Banner project with Tsinghua University.",
         "土右旗与清华大学合作，利用脱硫石膏改良盐碱地前后的土壤平均pH值与碱化度。"),
        ("The bainite rail", "贝氏体钢轨", charts.bainite_gains(figures),
         "Gains of Baogang's bainite rail and turnout steel over pearlitic steel, as the "
         "printed ranges (bar from the low to the high end)." + impact_caption,
         "包钢贝氏体钢轨及道岔钢相对珠光体钢的性能提高幅度（按原文区间）。"),
        ("The “Seven Twos” targets", "“七个二”工程", charts.seven_twos(figures),
         "The programme's targets for 2017, as printed: six of 200 and one of at least 20.",
         "“七个二”工程2017年目标：六个200、一个20以上。"),
        ("Partners", "合作网络", charts.partner_network(relations, entities),
         "Every Baotou organisation with a partner in Beijing, and those partners, from the "
         "relations table.",
         "关系表中包头方机构及其北京合作方。"),
    ]
    body = "\n".join(
        f'<section class="chart"><h2>{t(en)} {zh(cn, "")}</h2><div class="plot">{html}</div>'
        f'<p class="caption">{caption_en}<br>{zh(caption_zh)}</p></section>'
        for en, cn, html, caption_en, caption_zh in sections)
    return page(("Charts", "图表"), body)


# ---------------------------------------------------------------- entities


def code_label(vocabulary: str, code: str) -> str:
    """A code in words, English then Chinese, from the metadata's labels."""
    label = CATEGORY_LABELS[vocabulary].get(code)
    return escape(code) if label is None else f"{escape(label.label_en)} {zh(label.label_zh)}"


def entity_facts(root: Path) -> Rows:
    """Everything the tables say about each entity: the entity_facts view of the database."""
    import duckdb

    path = root / "data" / "processed" / "baotou_sci_tech.duckdb"
    if not path.exists():
        return []
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute("SELECT * FROM entity_facts")
        columns = [d[0] for d in cursor.description]
        return [{k: "" if v is None else str(v) for k, v in zip(columns, row, strict=True)}
                for row in cursor.fetchall()]


def entity_page(e: dict, names: Names, aliases: list[str], facts: Rows, children: Rows,
                partners: list[tuple[str, str, str, str]]) -> str:
    up = "../"
    kind = e["entity_type"]
    parent = names.link("entities", e["parent_id"], up) if e["parent_id"] else "—"
    all_names = [e["name_en"], e["name_zh"], *[a for a in aliases if a != e["name_zh"]]]
    name_items = "".join(f"<li{lang_attr(n)}>{cell(n)}</li>" for n in all_names)
    kids = "".join(f"<li>{names.link('entities', c['entity_id'], up)}</li>" for c in children)
    partner_rows = "".join(
        f"<tr><td>{code_label('relation_type', rtype)}</td><td>"
        f"{bi('subject', '主体') if side == 'subject' else bi('object', '对象')}"
        f"</td><td>{names.link('entities', other, up)}</td>"
        f'<td><a href="{names.href("relations", rid, up)}">{escape(rid)}</a></td></tr>'
        for rtype, side, other, rid in partners)
    partner_table = (
        '<div class="scroll"><table class="partners"><thead><tr><th>relation 关系</th>'
        "<th>side 角色</th><th>partner 合作方</th><th>row 行</th></tr></thead>"
        f"<tbody>{partner_rows}</tbody></table></div>" if partners
        else "<p>None in the relations table. 关系表中无记录。</p>")
    run_it = urlquote(f"SELECT * FROM entity_facts WHERE entity_id = '{e['entity_id']}'")
    fact_rows = []
    for f in facts:
        href = names.href(f["table_name"], f["row_id"], up)
        fact_rows.append(
            f"<tr><td><a href=\"{up}tables/{escape(f['table_name'])}.html\">"
            f"{escape(f['table_name'])}</a></td><td>{escape(f['role'])}</td>"
            f'<td class="text">{t(f["label_en"])}<br>{zh(f["label_zh"])}</td>'
            f'<td class="text" lang="zh-Hans">{escape(f["quote"])}</td>'
            f'<td class="num">{escape(f["source_start"])}</td>'
            f'<td><a href="{href}">{escape(f["row_id"])}</a></td></tr>')
    body = f"""
<dl class="entity">
<dt>Names {zh("名称")}</dt><dd><ul class="names">{name_items}</ul></dd>
<dt>Type {zh("类型")}</dt><dd>{code_label("entity_type", kind)}</dd>
<dt>Part of {zh("上级")}</dt><dd>{parent}</dd>
<dt>Location {zh("所在地")}</dt><dd>{code_label("location", e["location"])}</dd>
<dt>Id {zh("编号")}</dt><dd><code>{escape(e["entity_id"])}</code></dd>
{f'<dt>Note {zh("注")}</dt><dd>{inline(e["note"])}</dd>' if e["note"] else ""}
{f'<dt>Parts {zh("下属")}</dt><dd><ul>{kids}</ul></dd>' if kids else ""}
</dl>
<h2>Partners {zh("合作方")} ({len(partners)})</h2>
{partner_table}
<h2>Everything about it {zh("全部相关记录")} ({len(facts)})</h2>
<p class="hint">From the <code>entity_facts</code> view
(<a href="../sql.html?sql={run_it}">run it</a>).</p>
<div class="scroll"><table class="facts"><thead><tr><th>table 表</th><th>role 角色</th>
<th>what 内容</th><th>quote 引文</th><th>offset 位置</th><th>row 行</th></tr></thead>
<tbody>{"".join(fact_rows)}</tbody></table></div>
"""
    return page((e["name_en"], e["name_zh"]), body, depth=1)


def entity_pages(out: Path, rows: dict[str, Rows], names: Names, facts: Rows) -> dict:
    entities = rows["entities"]
    aliases: dict[str, list[str]] = {}
    for a in rows["entity_aliases"]:
        aliases.setdefault(a["entity_id"], []).append(a["alias_zh"])
    by_entity: dict[str, Rows] = {}
    for f in facts:
        by_entity.setdefault(f["entity_id"], []).append(f)
    partners: dict[str, list] = {}
    for r in rows["relations"]:
        partners.setdefault(r["subject_id"], []).append(
            (r["relation_type"], "subject", r["object_id"], r["relation_id"]))
        partners.setdefault(r["object_id"], []).append(
            (r["relation_type"], "object", r["subject_id"], r["relation_id"]))
    pages = {}
    for e in entities:
        children = [c for c in entities if c["parent_id"] == e["entity_id"]]
        pages[out / "entities" / f"{e['entity_id']}.html"] = entity_page(
            e, names, aliases.get(e["entity_id"], []), by_entity.get(e["entity_id"], []),
            children, partners.get(e["entity_id"], []))
    items = "".join(
        f'<tr><td>{names.link("entities", e["entity_id"], "../")}</td>'
        f'<td>{code_label("entity_type", e["entity_type"])}</td>'
        f'<td>{code_label("location", e["location"])}</td>'
        f'<td lang="zh-Hans">{escape("、".join(aliases.get(e["entity_id"], [])))}</td>'
        f'<td class="num">{len(by_entity.get(e["entity_id"], []))}</td></tr>'
        for e in sorted(entities, key=lambda e: e["name_en"].lower()))
    pages[out / "entities" / "index.html"] = page(("Organisations", "机构"), f"""
<p>Every organisation, body, park, programme and project of the article, with the short names
it prints. {zh("文中全部机构、园区、工程与项目，及其简称。")}</p>
<div class="scroll"><table class="data" id="rows"><thead><tr><th>name 名称</th><th>type 类型</th>
<th>location 所在地</th><th>printed as 简称</th><th class="num">facts 记录</th></tr></thead>
<tbody>{items}</tbody></table></div>""", depth=1)
    return pages


# ---------------------------------------------------------------- search


def search_index(rows: dict[str, Rows], names: Names) -> list[dict]:
    """One entry per entity, figure and row: where it is, what it is called, what to match."""
    aliases: dict[str, list[str]] = {}
    for a in rows["entity_aliases"]:
        aliases.setdefault(a["entity_id"], []).append(a["alias_zh"])
    entries = []
    for e in rows["entities"]:
        entries.append({"u": f"entities/{e['entity_id']}.html", "k": "entity",
                        "en": e["name_en"], "zh": e["name_zh"],
                        "n": [e["name_en"], e["name_zh"], e["entity_id"],
                              *aliases.get(e["entity_id"], [])],
                        "x": e["note"]})
    for f in rows["figures"]:
        entries.append({"u": f"figures.html#{f['figure_id']}", "k": "figure",
                        "en": f["label_en"], "zh": f"{f['label_zh']} {f['value_as_printed']}",
                        "n": [f["figure_id"]], "x": f"{f['quote']} {f['measure']}"})
    for table in names.pk:
        if table in ("entities", "figures"):
            continue
        for r in rows[table]:
            key = "/".join(r[k] for k in names.pk[table])
            en = (r.get("name_en") or r.get("title_en") or r.get("item_en") or
                  r.get("description_en") or r.get("kind") or key)
            cn = (r.get("name_zh") or r.get("title_zh") or r.get("item_zh") or
                  r.get("description_zh") or r.get("alias_zh") or r.get("reading") or "")
            if table == "relations":
                en = (f"{names.label('entities', r['subject_id'])[0]} — {r['relation_type']} — "
                      f"{names.label('entities', r['object_id'])[0]}")
                cn = (f"{names.label('entities', r['subject_id'])[1]} — "
                      f"{names.label('entities', r['object_id'])[1]}")
            if table == "entity_aliases":
                en = f"{r['alias_zh']} = {names.label('entities', r['entity_id'])[0]}"
            entries.append({"u": f"tables/{table}.html#row-{urlquote(key)}", "k": table,
                            "en": en, "zh": cn, "n": [key],
                            "x": " ".join(v for v in r.values())})
    return entries


def search_page() -> str:
    body = f"""
<p>Search every table and every name the article prints: full names, short names (北航,
中科院), ids, labels and quotes. {zh("检索全部数据表及文中出现的全部名称、简称、编号与引文。")}</p>
<form class="big-search" action="search.html" method="get" role="search">
<label>Search {zh("搜索")} <input id="q" type="search" name="q" autofocus></label>
<button type="submit">Search {zh("搜索")}</button></form>
<p id="search-count" class="count" aria-live="polite"></p>
<ol id="results" class="results"></ol>
<noscript>The search needs JavaScript. 搜索需要启用JavaScript。</noscript>
"""
    return page(("Search", "搜索"), body, scripts=("search-index.js",))


# ---------------------------------------------------------------- the site


def build_site(root: Path, out: Path) -> list[Path]:
    """Write the site into `out` from the release under `root`; return the pages written."""
    import yaml

    package = json.loads((root / "datapackage.json").read_text("utf-8"))
    tables = [r for r in package["resources"] if r.get("format") == "csv"]
    rows = {r["name"]: read_rows(root / r["path"]) for r in tables}
    text = (root / package["sources"][0]["path"]).read_text("utf-8")
    shutil.rmtree(out, ignore_errors=True)
    for folder in ("tables", "entities", "sql"):
        (out / folder).mkdir(parents=True)
    shutil.copytree(str(resources.files("etl.site") / "static"), out / "static")
    shutil.copytree(root / "data" / "processed", out / "data" / "processed")
    shutil.copy(root / "datapackage.json", out / "datapackage.json")
    (out / "sql" / "views.sql").write_text(views_sql(), encoding="utf-8")  # as the database
    citation_file = root / "CITATION.cff"
    cff: dict = {}
    if citation_file.exists():
        shutil.copy(citation_file, out / "CITATION.cff")
        cff = yaml.safe_load(citation_file.read_text("utf-8")) or {}
    ready = console.install(root, out)
    names = Names(rows, package)
    index = search_index(rows, names)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (out / "search-index.json").write_text(data, encoding="utf-8")
    (out / "search-index.js").write_text(f"window.SEARCH_INDEX = {data};\n", encoding="utf-8")
    pages = {
        out / "index.html": index_page(package, tables, cff, json_ld(package, tables, rows),
                                       ready),
        out / "figures.html": figures_page(text, rows["figures"], rows["corrections"], names),
        out / "charts.html": charts_page(rows["figures"], rows["relations"], rows["entities"]),
        out / "search.html": search_page(),
        out / "sql.html": console.page_html(page, tables, root, ready),
    }
    for resource in tables:
        pages[out / "tables" / f"{resource['name']}.html"] = table_page(
            resource, rows[resource["name"]], tables, names)
    pages.update(entity_pages(out, rows, names, entity_facts(root)))
    for path, html in pages.items():
        path.write_text(html, encoding="utf-8")
    return sorted(pages)

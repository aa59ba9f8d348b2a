"""Write the static site, once per language: landing page, a page per table and per entity,
figures browser, charts, search and the SQL console.

Each kind of page is a Jinja2 template in etl/site/templates/ (autoescaped); every word of the
interface comes from etl/site/strings.py. This module turns the release's rows into what the
templates show, in the page's language.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as urlquote

import jinja2
from markupsafe import Markup

from etl.metadata import TABLES_BY_NAME
from etl.metadata.tables import CATEGORY_LABELS
from etl.site import charts, console
from etl.site.files import copy_release
from etl.site.highlight import Span, paragraph_bounds, render
from etl.site.strings import FACT_ROLE_WORDS, LANGUAGES, RELATION_SENTENCES, Language
from etl.site.text import inline, json_script, mark, number, reading, text_lang

Rows = list[dict[str, str]]


def read_rows(path: Path) -> Rows:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("etl.site", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["inline"] = lambda text: Markup(inline(text))
    return env


def code_label(vocabulary: str, code: str, lang: Language) -> str:
    """A code in words in the page's language, from the metadata's labels."""
    label = CATEGORY_LABELS[vocabulary].get(code)
    return code if label is None else lang.pick(label.label_en, label.label_zh)


@dataclass
class Writer:
    """Renders the pages of one language into `pages` (path → HTML)."""

    env: jinja2.Environment
    lang: Language
    out: Path
    pages: dict[Path, str] = field(default_factory=dict)

    def page(self, path: str, template: str, heading: str, subheading: str = "",
             scripts: tuple[str, ...] = (), **context: Any) -> None:
        s = self.lang.strings
        home = "../" * path.count("/")
        root = home + "../" * self.lang.folder.count("/")
        title = heading if heading == s["site_title"] else f"{heading} · {s['site_title']}"
        html = self.env.get_template(template).render(
            lang=self.lang, s=s, title=title, heading=heading, subheading=subheading,
            sub_lang=text_lang(subheading, self.lang.code),
            home=home, root=root, here=path, switch_href=root + self.lang.other.folder + path,
            scripts=[root + name for name in scripts], **context)
        if self.lang.code == "en":  # mark the Chinese in an English page's body
            head, _, body = html.partition("<body")
            html = f"{head}<body{mark(body)}"
        self.pages[self.out / self.lang.folder / path] = html


# ---------------------------------------------------------------- names of rows


@dataclass(frozen=True)
class Link:
    href: str
    name: str
    other: str
    other_lang: str | None
    key: str


class Names:
    """Human names for foreign keys: entity, unit, correction and list ids."""

    def __init__(self, rows: dict[str, Rows], package: dict[str, Any]) -> None:
        self.rows = rows
        self.pk: dict[str, list[str]] = {r["name"]: r["schema"]["primaryKey"]
                                         for r in package["resources"] if r.get("format") == "csv"}
        self.by_id = {name: {"/".join(row[k] for k in pk): row for row in rows[name]}
                      for name, pk in self.pk.items()}

    def label(self, table: str, key: str) -> tuple[str, str]:
        row = self.by_id.get(table, {}).get(key)
        if row is None:
            return key, ""
        if table == "corrections":
            return f"{row['kind']}: {row['quote']}", ""
        return row.get("name_en") or row.get("title_en") or key, row.get("name_zh", "")

    def name(self, table: str, key: str, lang: Language) -> str:
        en, cn = self.label(table, key)
        return lang.pick(en, cn)

    def href(self, table: str, key: str, home: str) -> str:
        if table == "entities":
            return f"{home}entities/{urlquote(key)}.html"
        if table == "figures":
            return f"{home}figures.html#{urlquote(key)}"
        return f"{home}tables/{table}.html#row-{urlquote(key)}"

    def link(self, table: str, key: str, home: str, lang: Language) -> Link:
        en, cn = self.label(table, key)
        name = lang.pick(en, cn)
        other = cn if name == en else en
        if other == name:
            other = ""
        return Link(self.href(table, key, home), name, other,
                    "zh-Hans" if other == cn else "en", key)


# ---------------------------------------------------------------- landing page

# The description of datapackage.json, in Chinese (our translation).
INTRO_ZH = (
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

# The files of the whole release a reader can download, with what each is (strings key).
RELEASE_FILES = (
    ("data/processed/baotou_sci_tech.xlsx", "workbook"),
    ("data/processed/baotou_sci_tech.sql", "sql_script"),
    ("data/processed/baotou_sci_tech.duckdb", "duckdb"),
    ("datapackage.json", "descriptor"),
)


def markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").render(text))


def citation(cff: dict[str, Any], package: dict[str, Any], present: bool) -> dict[str, Any]:
    """What the citation shows, from CITATION.cff (the descriptor where it is silent)."""
    authors = ", ".join(a.get("name") or f"{a.get('family-names', '')}{a.get('given-names', '')}"
                        for a in cff.get("authors", []))
    article = cff.get("preferred-citation")
    return {
        "authors": authors, "present": present, "message": cff.get("message", ""),
        "year": str(cff.get("date-released", package.get("created", "")))[:4],
        "title": cff.get("title", package["title"]),
        "version": cff.get("version", package["version"]),
        "license": str(cff.get("license", "")), "homepage": package.get("homepage", ""),
        "doi": cff.get("doi", ""),
        "article": article and {
            "names": "".join(f"{a.get('family-names', '')}{a.get('given-names', '')}"
                             for a in article.get("authors", [])),
            "when": f"{article.get('year', '')}年{article.get('month', '')}月",
            "title": article.get("title", ""), "notes": article.get("notes", "")},
    }


def json_ld(package: dict[str, Any], rows: dict[str, Rows]) -> dict[str, Any]:
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


def table_files(tables: list[dict[str, Any]], lang: Language) -> list[dict[str, Any]]:
    out = []
    for r in tables:
        meta = TABLES_BY_NAME.get(r["name"])
        title = lang.pick(meta.title, meta.title_zh) if meta else r["title"]
        out.append({"name": r["name"], "title": title, "csv": r["path"], "bytes": r["bytes"],
                    "parquet": r["path"].removesuffix(".csv") + ".parquet"})
    return out


def index_page(w: Writer, package: dict[str, Any], tables: list[dict[str, Any]],
               cff: dict[str, Any], ld: dict[str, Any], console_ready: bool) -> None:
    from etl.metadata import package as meta

    title_zh = getattr(meta, "TITLE_ZH", "")
    zh = w.lang.code == "zh"
    ld_json = json_script(ld, indent=1)
    files = [{"path": path, "name": path.rsplit("/", 1)[-1], "key": key}
             for path, key in RELEASE_FILES if (w.out / path).is_file()]
    w.page("index.html", "index.html", w.lang.strings["site_title"],
           lead=title_zh if zh else package["title"],
           lead_other=package["title"] if zh else title_zh,
           lead_other_lang="en" if zh else "zh-Hans",
           version=package["version"], licence=package["licenses"][0], files=files,
           tables=table_files(tables, w.lang), console_ready=console_ready, ld_json=ld_json,
           about=Markup(INTRO_ZH if zh else markdown(package["description"])), cff=cff)


# ---------------------------------------------------------------- table pages


TEXT_COLUMNS = ("label", "name", "title", "description", "quote", "note", "reason", "item",
                "reading", "rights")


def column_class(f: dict[str, Any]) -> str:
    name = f["name"]
    if f["type"] in ("number", "integer"):
        return "num"
    if name.endswith("_id") or name in ("measure", "position", "sha256"):
        return "key"
    if any(name.startswith(p) or name.endswith(p) for p in TEXT_COLUMNS):
        return "text"
    return ""


def data_table(w: Writer, home: str, table_id: str, fields: list[dict[str, Any]], rows: Rows,
               pk: list[str], fks: dict[str, str], names: Names, name: str) -> Markup:
    body = []
    for r in rows:
        cells: list[dict[str, Any]] = []
        for f in fields:
            value, cls = r[f["name"]], column_class(f)
            if value == "":
                cells.append({"link": None, "cls": cls, "sort": "", "text": ""})
            elif f["name"] in fks:
                target = fks[f["name"]]
                cells.append({"link": names.link(target, value, home, w.lang),
                              "sort": names.name(target, value, w.lang)})
            elif f["type"] == "number":
                cells.append({"link": None, "cls": "num", "sort": value, "text": number(value)})
            elif f["type"] == "integer":
                cells.append({"link": None, "cls": "num", "sort": value, "text": value})
            else:
                cells.append({"link": None, "cls": cls, "sort": None, "text": value,
                              "lang": text_lang(value, w.lang.code)})
        body.append({"key": "/".join(r[k] for k in pk), "cells": cells})
    data = {"fields": [f["name"] for f in fields],
            "rows": [[r[f["name"]] for f in fields] for r in rows]}
    return Markup(w.env.get_template("data_table.html").render(
        s=w.lang.strings, table_id=table_id, name=name, rows=body, json_data=json_script(data),
        fields=[{"name": f["name"], "cls": column_class(f)} for f in fields]))


def foreign_keys(resource: dict[str, Any]) -> dict[str, str]:
    out = {}
    for fk in resource["schema"].get("foreignKeys") or []:
        target = fk["reference"]["resource"] or resource["name"]
        if len(fk["fields"]) == 1:
            out[fk["fields"][0]] = target
    return out


def table_page(w: Writer, resource: dict[str, Any], rows: Rows, tables: list[dict[str, Any]],
               names: Names) -> None:
    meta = TABLES_BY_NAME[resource["name"]]
    fks = foreign_keys(resource)
    fields = [{"name": f["name"], "type": f["type"], "unit": f.get("unit", ""),
               "description": w.lang.pick(f["description"], meta.field(f["name"]).description_zh),
               "target": fks.get(f["name"], "")} for f in resource["schema"]["fields"]]
    pk = resource["schema"]["primaryKey"]
    title = w.lang.pick(meta.title, meta.title_zh)
    w.page(f"tables/{resource['name']}.html", "table.html", title,
           subheading=resource["name"],
           all_tables=[(t["name"], t["title"]) for t in table_files(tables, w.lang)],
           table={"name": resource["name"], "csv": resource["path"],
                  "parquet": resource["path"].removesuffix(".csv") + ".parquet",
                  "description": w.lang.pick(resource["description"], meta.description_zh),
                  "primary_key": ", ".join(pk),
                  "sql": f"SELECT * FROM {resource['name']} LIMIT 100"},
           fields=fields, row_count=len(rows),
           data_table=data_table(w, "../", "rows", resource["schema"]["fields"], rows, pk, fks,
                                 names, resource["name"]))


# ---------------------------------------------------------------- figures browser


def figures_page(w: Writer, text: str, figures: Rows, corrections: Rows, names: Names) -> None:
    s, lang = w.lang.strings, w.lang
    units = names.by_id["units"]
    repairs = []
    for c in corrections:
        shown = c["reading"] or "?"
        kind = code_label("correction_kind", c["kind"], lang)
        confidence = code_label("confidence", c["confidence"], lang)
        after = Markup("") if c["kind"] == "column_break_join" else Markup(
            '<button type="button" class="reading" aria-expanded="false" '
            'data-correction-id="{id}" title="{reason}"><span class="sr">{we_read} </span>'
            '<span lang="zh-Hans">{shown}</span></button>').format(
                id=c["correction_id"], reason=c["reason"], we_read=s["we_read"], shown=shown)
        repairs.append(Span(int(c["source_start"]), int(c["source_end"]), "span", (
            ("class", "correction"), ("data-correction-id", c["correction_id"]),
            ("title", f"{kind}: {s['printed']} {c['quote']}, {s['we_read']} {shown} "
                      f"({confidence}): {c['reason']}")), str(after)))
    by_id = {c["correction_id"]: c for c in corrections}
    ordered = sorted(figures, key=lambda f: int(f["source_start"]))
    cards = []
    for f in ordered:
        start, end = int(f["source_start"]), int(f["source_end"])
        first, last = paragraph_bounds(text, start, end)
        quote = Span(start, end, "mark", (("data-figure-id", f["figure_id"]),))
        en, cn = reading(f, units.get(f["unit"], {}))
        words = lang.pick(en, cn)
        label = lang.pick(f["label_en"], f["label_zh"])
        repair = None
        if f["correction_id"]:
            c = by_id[f["correction_id"]]
            repair = {"kind": code_label("correction_kind", c["kind"], lang),
                      "confidence": code_label("confidence", c["confidence"], lang),
                      "quote": c["quote"], "reading": c["reading"] or "?", "reason": c["reason"],
                      "reason_lang": text_lang(c["reason"], lang.code)}
        cards.append({
            "id": f["figure_id"], "printed": f["value_as_printed"], "words": words,
            "words_other": "" if cn == en else (en if words == cn else cn),
            "words_other_lang": "en" if words == cn else "zh-Hans",
            "label": label, "label_other": f["label_en"] if label == f["label_zh"] else
            f["label_zh"], "label_other_lang": "en" if label == f["label_zh"] else "zh-Hans",
            "subject": names.link("entities", f["subject_id"], "", lang),
            "status": code_label("figure_status", f["status"], lang), "ref_date": f["ref_date"],
            "inferred": f["ref_date_inferred"] == "true", "repair": repair, "quote": f["quote"],
            "paragraph": Markup(render(text, first, last, [quote, *repairs]))})
    data = {"fields": list(figures[0]) if figures else [],
            "rows": [list(f.values()) for f in ordered]}
    w.page("figures.html", "figures.html", s["figures_title"], cards=cards,
           json_data=json_script(data))


# ---------------------------------------------------------------- charts


def charts_page(w: Writer, figures: Rows, relations: Rows, entities: Rows) -> None:
    s, lang = w.lang.strings, w.lang
    impact = charts.bainite_multiple(figures)
    bainite = s["bainite_caption"]
    if impact:
        label = lang.pick(impact["label_en"], impact["label_zh"])
        if lang.code == "en":
            label = label[:1].lower() + label[1:]
        bainite += " " + s["bainite_multiple"].format(
            label=label, printed=impact["value_as_printed"], value=number(impact["value"]))
    sections = [
        (s["saline"], "svg", charts.saline_before_after(figures, lang), s["saline_caption"]),
        (s["bainite"], "bars", charts.bainite_gains(figures, lang), bainite),
        (s["seven_twos"], "bars", charts.seven_twos(figures, lang), s["seven_caption"]),
        (s["partners_chart"], "network", charts.partner_network(relations, entities, lang),
         s["partners_caption"]),
    ]
    w.page("charts.html", "charts.html", s["charts"], sections=[
        {"title": title, "kind": kind, "chart": chart, "caption": caption}
        for title, kind, chart, caption in sections])


# ---------------------------------------------------------------- entities


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


def role_words(role: str, lang: Language) -> str:
    """A role of the entity_facts view in words: a relation's type, a fact role, or else."""
    if ":" in role:
        return code_label("relation_type", role.split(":", 1)[0], lang)
    if role in CATEGORY_LABELS["fact_role"]:
        return code_label("fact_role", role, lang)
    return FACT_ROLE_WORDS[lang.code].get(role, role)


def entity_page(w: Writer, e: dict[str, str], names: Names, aliases: list[str], facts: Rows,
                children: Rows, relations: Rows) -> None:
    lang, home = w.lang, "../"
    partners: dict[str, list[dict[str, str]]] = {}
    for r in relations:
        other = r["object_id"] if r["subject_id"] == e["entity_id"] else r["subject_id"]
        sentence = RELATION_SENTENCES[lang.code].get(r["relation_type"], "{s} — {o}").format(
            s=names.name("entities", r["subject_id"], lang),
            o=names.name("entities", r["object_id"], lang))
        partners.setdefault(other, []).append({
            "sentence": sentence, "id": r["relation_id"],
            "href": names.href("relations", r["relation_id"], home)})
    all_names = [e["name_en"], e["name_zh"], *[a for a in aliases if a != e["name_zh"]]]
    w.page(f"entities/{e['entity_id']}.html", "entity.html",
           lang.pick(e["name_en"], e["name_zh"]),
           subheading=e["name_en"] if lang.code == "zh" else e["name_zh"],
           names=[{"text": n, "lang": text_lang(n, lang.code)} for n in all_names],
           kind=code_label("entity_type", e["entity_type"], lang),
           location=code_label("location", e["location"], lang), entity_id=e["entity_id"],
           parent=names.link("entities", e["parent_id"], home, lang) if e["parent_id"] else None,
           note=e["note"], note_lang=text_lang(e["note"], lang.code),
           children=[names.link("entities", c["entity_id"], home, lang) for c in children],
           partners=[{"link": names.link("entities", other, home, lang), "relations": rs}
                     for other, rs in partners.items()],
           partners_count=lang.strings["partners_count"].format(n=len(partners),
                                                                m=len(relations)),
           run_sql=f"SELECT * FROM entity_facts WHERE entity_id = '{e['entity_id']}'",
           facts=[{"table": f["table_name"],
                   "table_label": code_label("linked_table", f["table_name"], lang),
                   "role": role_words(f["role"], lang),
                   "label": lang.pick(f["label_en"], f["label_zh"]), "quote": f["quote"],
                   "start": f["source_start"], "row_id": f["row_id"],
                   "href": names.href(f["table_name"], f["row_id"], home)} for f in facts])


def entity_pages(w: Writer, rows: dict[str, Rows], names: Names, facts: Rows) -> None:
    entities = rows["entities"]
    aliases: dict[str, list[str]] = {}
    printed: dict[str, list[str]] = {}  # the names the article prints (not English ones)
    for a in rows["entity_aliases"]:
        aliases.setdefault(a["entity_id"], []).append(a["alias_zh"])
        if a.get("language", "zh") == "zh":
            printed.setdefault(a["entity_id"], []).append(a["alias_zh"])
    by_entity: dict[str, Rows] = {}
    for f in facts:
        by_entity.setdefault(f["entity_id"], []).append(f)
    relations: dict[str, Rows] = {}
    for r in rows["relations"]:
        relations.setdefault(r["subject_id"], []).append(r)
        if r["object_id"] != r["subject_id"]:
            relations.setdefault(r["object_id"], []).append(r)
    for e in entities:
        children = [c for c in entities if c["parent_id"] == e["entity_id"]]
        entity_page(w, e, names, aliases.get(e["entity_id"], []),
                    by_entity.get(e["entity_id"], []), children,
                    relations.get(e["entity_id"], []))
    ordered = sorted(entities, key=lambda e: w.lang.pick(e["name_en"].lower(), e["name_zh"]))
    w.page("entities/index.html", "entities.html", w.lang.strings["organisations"], entities=[
        {"link": names.link("entities", e["entity_id"], "../", w.lang),
         "kind": code_label("entity_type", e["entity_type"], w.lang),
         "location": code_label("location", e["location"], w.lang),
         "aliases": "、".join(printed.get(e["entity_id"], [])),
         "facts": len(by_entity.get(e["entity_id"], []))} for e in ordered])


# ---------------------------------------------------------------- search


def search_index(rows: dict[str, Rows], names: Names) -> list[dict[str, Any]]:
    """One entry per entity, figure and row: where it is (relative to a language's root),
    what it is called, its short names, what else to match."""
    aliases: dict[str, list[str]] = {}
    for a in rows["entity_aliases"]:
        aliases.setdefault(a["entity_id"], []).append(a["alias_zh"])
    entries: list[dict[str, Any]] = []
    for e in rows["entities"]:
        entries.append({"u": f"entities/{e['entity_id']}.html", "k": "entity",
                        "en": e["name_en"], "zh": e["name_zh"],
                        "n": [e["name_en"], e["name_zh"], e["entity_id"]],
                        "a": aliases.get(e["entity_id"], []), "x": e["note"]})
    for f in rows["figures"]:
        entries.append({"u": f"figures.html#{f['figure_id']}", "k": "figure",
                        "en": f["label_en"], "zh": f"{f['label_zh']} {f['value_as_printed']}",
                        "n": [f["figure_id"]], "a": [], "x": f"{f['quote']} {f['measure']}"})
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
                            "en": en, "zh": cn, "n": [key], "a": [],
                            "x": " ".join(v for v in r.values())})
    return entries


def search_page(w: Writer) -> None:
    s, lang = w.lang.strings, w.lang
    kinds = {"entity": s["kind_entity"], "figure": s["kind_figure"]}
    for name, table in TABLES_BY_NAME.items():
        kinds[name] = lang.pick(table.title, table.title_zh)
    strings = {"kinds": kinds, "results": s["results"]}
    w.page("search.html", "search.html", s["search"], scripts=("search-index.js",),
           strings_json=json_script(strings))


# ---------------------------------------------------------------- the site


def build_site(root: Path, out: Path) -> list[Path]:
    """Write the site into `out` from the release under `root`; return the pages written."""
    import yaml

    from etl.publish.schemas import views_sql

    package = json.loads((root / "datapackage.json").read_text("utf-8"))
    tables = [r for r in package["resources"] if r.get("format") == "csv"]
    rows = {r["name"]: read_rows(root / r["path"]) for r in tables}
    text = (root / package["sources"][0]["path"]).read_text("utf-8")
    copy_release(root, out)
    (out / "sql").mkdir()
    (out / "sql" / "views.sql").write_text(views_sql(), encoding="utf-8")  # as the database
    (out / "sql" / "tables.sql").write_text(console.tables_sql(), encoding="utf-8")
    console.write_database(root, out)  # the console's default engine opens it
    cff_file = out / "CITATION.cff"
    cff = (yaml.safe_load(cff_file.read_text("utf-8")) or {}) if cff_file.is_file() else {}
    ready = console.install(root, out)
    names = Names(rows, package)
    index = json.dumps(search_index(rows, names), ensure_ascii=False, separators=(",", ":"))
    (out / "search-index.js").write_text(f"window.SEARCH_INDEX = {index};\n", encoding="utf-8")
    facts = entity_facts(root)
    ld = json_ld(package, rows)
    env = environment()
    pages: dict[Path, str] = {}
    for lang in LANGUAGES:
        w = Writer(env, lang, out)
        index_page(w, package, tables, citation(cff, package, cff_file.is_file()), ld, ready)
        figures_page(w, text, rows["figures"], rows["corrections"], names)
        charts_page(w, rows["figures"], rows["relations"], rows["entities"])
        search_page(w)
        console.page(w, tables, root, ready)
        for resource in tables:
            table_page(w, resource, rows[resource["name"]], tables, names)
        entity_pages(w, rows, names, facts)
        pages.update(w.pages)
    for path, html in pages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return sorted(pages)

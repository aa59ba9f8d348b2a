"""Write the static site: landing page, one page per table, figures browser, charts."""

from __future__ import annotations

import csv
import json
import shutil
from html import escape
from importlib import resources
from pathlib import Path

from etl.site import charts
from etl.site.highlight import Span, paragraph_bounds, render

Rows = list[dict[str, str]]


def read_rows(path: Path) -> Rows:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def page(title: str, body: str, depth: int = 0) -> str:
    up = "../" * depth
    nav = " ".join([
        f'<a href="{up}index.html">Home 首页</a>',
        f'<a href="{up}figures.html">Figures browser 数据与原文</a>',
        f'<a href="{up}charts.html">Charts 图表</a>',
        f'<a href="{up}tables/figures.html">Tables 数据表</a>',
    ])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}static/site.css">
<script src="{up}static/site.js" defer></script>
</head>
<body>
<header><h1>{escape(title)}</h1><nav>{nav}</nav></header>
<main>
{body}
</main>
</body>
</html>
"""


def markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


def data_table(table_id: str, fields: list[str], rows: Rows) -> str:
    head = "".join(f"<th scope=\"col\">{escape(f)}</th>" for f in fields)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(r[f])}</td>" for f in fields) + "</tr>"
                     for r in rows)
    return (f'<label>Filter 筛选 <input class="filter" type="search" data-table="{table_id}" '
            f'placeholder="type to filter rows 输入以筛选"></label> '
            f'<span class="count" data-table="{table_id}"></span>\n'
            f'<div class="scroll"><table class="data" id="{table_id}"><thead><tr>{head}</tr>'
            f"</thead>\n<tbody>\n{body}\n</tbody></table></div>")


def index_page(package: dict, tables: list[dict], citation: str) -> str:
    links = "\n".join(
        f'<li><a href="tables/{r["name"]}.html">{escape(r["title"])}</a>: '
        f'<a href="{escape(r["path"])}">CSV</a> · '
        f'<a href="{escape(r["path"].removesuffix(".csv"))}.parquet">Parquet</a> '
        f'<span class="zh">({r["bytes"]:,} bytes)</span></li>' for r in tables)
    licence = package["licenses"][0]
    body = f"""
<p><strong>{escape(package["title"])}</strong> — version {escape(package["version"])},
licence <a href="{escape(licence["path"])}">{escape(licence["title"])}</a>.</p>
{markdown(package["description"])}
<h2>Files 文件</h2>
<ul class="files">
{links}
<li><a href="datapackage.json">datapackage.json</a> (Data Package descriptor 数据包描述)</li>
<li><a href="data/processed/baotou_sci_tech.duckdb">baotou_sci_tech.duckdb</a>
(DuckDB database with bilingual views, when built 数据库)</li>
</ul>
<h2>Get it 获取</h2>
<pre>make build   # set up and build
make test    # run the tests</pre>
<h2>Cite 引用</h2>
<pre>{escape(citation)}</pre>
"""
    return page("Baotou–Beijing S&T cooperation 2012 包头·北京科技创新合作", body)


def table_page(resource: dict, rows: Rows, names: list[str]) -> str:
    fields = resource["schema"]["fields"]
    others = " · ".join(f"<strong>{n}</strong>" if n == resource["name"] else
                        f'<a href="{n}.html">{n}</a>' for n in names)
    described = "\n".join(
        f"<tr><td><code>{escape(f['name'])}</code></td><td>{escape(f['type'])}</td>"
        f"<td>{escape(f.get('unit', ''))}</td><td>{escape(f['description'])}</td></tr>"
        for f in fields)
    body = f"""
<p class="zh">Tables 数据表: {others}</p>
<p>{escape(resource["description"])}</p>
<p><a href="../{escape(resource["path"])}">CSV</a> ·
<a href="../{escape(resource["path"].removesuffix(".csv"))}.parquet">Parquet</a> ·
primary key <code>{escape(", ".join(resource["schema"]["primaryKey"]))}</code></p>
<h2>Fields 字段</h2>
<div class="scroll"><table><thead><tr><th>field 字段</th><th>type 类型</th><th>unit 单位</th>
<th>description 说明</th></tr></thead><tbody>{described}</tbody></table></div>
<h2>Rows 数据行 ({len(rows)})</h2>
{data_table("rows", [f["name"] for f in fields], rows)}
"""
    return page(resource["title"], body, depth=1)


def figures_page(text: str, figures: Rows, corrections: Rows, entities: Rows) -> str:
    names = {e["entity_id"]: e for e in entities}
    repairs = [Span(int(c["source_start"]), int(c["source_end"]), "span", (
        ("class", "correction"), ("data-correction-id", c["correction_id"]),
        ("title", f"{c['kind']}: printed {c['quote']}, we read {c['reading'] or '?'} "
                  f"({c['confidence']}): {c['reason']}"))) for c in corrections]
    by_id = {c["correction_id"]: c for c in corrections}
    cards = []
    for f in sorted(figures, key=lambda f: int(f["source_start"])):
        start, end = int(f["source_start"]), int(f["source_end"])
        first, last = paragraph_bounds(text, start, end)
        quote = Span(start, end, "mark", (("data-figure-id", f["figure_id"]),))
        paragraph = render(text, first, last, [quote, *repairs])
        value = shown_value(f)
        subject = names.get(f["subject_id"], {})
        note = ""
        if f["correction_id"]:
            c = by_id[f["correction_id"]]
            note = (f'<p class="correction-note">Repair 校勘 ({escape(c["kind"])}, '
                    f'{escape(c["confidence"])}): {escape(c["reason"])}</p>')
        cards.append(f"""<article class="figure" id="{escape(f["figure_id"])}">
<div><div class="value">{escape(value)} {escape(f["unit"])}</div>
<div>{escape(f["label_en"])}<br><span class="zh">{escape(f["label_zh"])}</span></div>
<div class="meta">{escape(subject.get("name_en", ""))} · {escape(subject.get("name_zh", ""))}<br>
printed 原文 <strong>{escape(f["value_as_printed"])}</strong> · {escape(f["qualifier"])} ·
{escape(f["status"])} · {escape(f["ref_date"])}</div>{note}</div>
<div class="paragraph" data-figure-id="{escape(f["figure_id"])}"
 data-quote="{escape(f["quote"])}">{paragraph}</div>
</article>""")
    body = f"""
<p>Every figure beside the paragraph of the archived article it comes from; the quote is
highlighted exactly by its character offsets, and repairs of the captured text
(<span class="correction">dotted</span>) show our reading when you point at them.
每项数据与其原文段落并列，引文按字符位置高亮，校勘处以虚线标出。</p>
<p class="zh">The article is © its publisher; it is shown only to verify the figures.</p>
{figures_filter(len(figures))}
{"".join(cards)}
"""
    return page("Figures and their source 数据与原文", body)


def figures_filter(count: int) -> str:
    return ('<label>Filter 筛选 <input class="filter" type="search" data-cards="article.figure" '
            'placeholder="e.g. 清华, rail, target"></label> '
            f'<span class="count" data-cards="article.figure">{count} / {count}</span>')


QUALIFIER_SIGNS = {"exact": "", "about": "≈ ", "more_than": "> ", "at_least": "≥ ",
                   "less_than": "< ", "at_most": "≤ "}


def _number(text: str) -> str:
    value = float(text)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.10g}"


def shown_value(f: dict[str, str]) -> str:
    """The value as a reader says it: ≥ 20, ≈ 6.5, 25–30."""
    if f["qualifier"] == "range":
        return f"{_number(f['value_low'])}–{_number(f['value_high'])}"
    return QUALIFIER_SIGNS[f["qualifier"]] + _number(f["value"])


def charts_page(figures: Rows, relations: Rows, entities: Rows) -> str:
    captions = {f["measure"]: f for f in figures}
    impact = captions.get("bainite_rail_room_temperature_impact_increase")
    impact_note = ""
    if impact:
        printed = impact["value_as_printed"]
        impact_note = (f"Room-temperature impact toughness: printed {printed} "
                       f"(常温冲击提高{printed}); {impact['note']}")
    sections = [
        ("The saline-land pilot 盐碱地改良示范", charts.saline_before_after(figures),
         "Average soil values before and after improvement with flue-gas desulphurisation "
         "gypsum (土右旗与清华大学合作项目)."),
        ("The bainite rail 贝氏体钢轨", charts.bainite_gains(figures), impact_note),
        ("The “Seven Twos” targets 七个二", charts.seven_twos(figures),
         "Targets for 2017 as printed; the last is a minimum (以上)."),
        ("Partners 合作网络", charts.partner_network(relations, entities),
         "Every relation in the data with one side in Baotou and the other in Beijing."),
    ]
    body = "\n".join(f'<section class="chart"><h2>{escape(t)}</h2>{svg}'
                     f'<p class="zh">{escape(caption)}</p></section>'
                     for t, svg, caption in sections)
    return page("Charts 图表", body)


def build_site(root: Path, out: Path) -> list[Path]:
    """Write the site into `out` from the release under `root`; return the pages written."""
    package = json.loads((root / "datapackage.json").read_text("utf-8"))
    tables = [r for r in package["resources"] if r.get("format") == "csv"]
    rows = {r["name"]: read_rows(root / r["path"]) for r in tables}
    text = (root / package["sources"][0]["path"]).read_text("utf-8")
    shutil.rmtree(out, ignore_errors=True)
    (out / "tables").mkdir(parents=True)
    shutil.copytree(str(resources.files("etl.site") / "static"), out / "static")
    shutil.copytree(root / "data" / "processed", out / "data" / "processed")
    shutil.copy(root / "datapackage.json", out / "datapackage.json")
    citation_file = root / "CITATION.cff"
    citation = citation_file.read_text("utf-8") if citation_file.exists() else ""
    pages = {
        out / "index.html": index_page(package, tables, citation),
        out / "figures.html": figures_page(text, rows["figures"], rows["corrections"],
                                           rows["entities"]),
        out / "charts.html": charts_page(rows["figures"], rows["relations"], rows["entities"]),
    }
    for resource in tables:
        pages[out / "tables" / f"{resource['name']}.html"] = table_page(
            resource, rows[resource["name"]], [r["name"] for r in tables])
    for path, html in pages.items():
        path.write_text(html, encoding="utf-8")
    return sorted(pages)

"""The release site in a real browser (tests/site_browser.py): every page, the console, search,
filters, downloads, charts."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from counts import ROW_COUNTS
from site_browser import ARTIFACTS, _console_query, _console_run, _open, _open_framed, _wait

from etl.distribute.sqlite import to_sqlite
from etl.metadata import TABLES
from etl.site.text import number, reading

pytest_plugins = ["site_browser"]  # the site, its server and the browser

COOKBOOK = (ROOT / "docs" / "cookbook.md").read_text("utf-8")
RECIPES = re.findall(r"## (\d+)\. [^\n]*\n.*?```sql\n(.*?)```.*?```csv\n(.*?)```", COOKBOOK,
                     flags=re.S)


def test_numbers_show_as_printed_never_float_noise():
    assert number("200.0") == "200"
    assert number("100000000.0") == "100,000,000"
    assert number("1.5e-06") == "1.5×10⁻⁶"
    assert number("4e-6") == "4×10⁻⁶"
    assert number("7.82") == "7.82"
    assert number("486.1") == "486.1"
    assert number("") == ""
    unit = {"name_en": "percentage point", "name_zh": "个百分点"}
    assert reading({"qualifier": "more_than", "value": "20.0", "unit": "percentage_point"},
                   unit) == ("more than 20 percentage points", "多于20个百分点")


def _pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for lang in ("", "zh/")
                  for folder in ("", "tables/", "entities/")
                  for p in site.glob(f"{lang}{folder}*.html"))


def _rows(release, table: str) -> list[dict]:
    with open(release.processed / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_page_renders_without_console_errors(site, server, browser, release):
    pages = _pages(site)
    entities = _rows(release, "entities")
    assert len(pages) == 2 * (5 + len(TABLES) + len(entities) + 1)
    for start in range(0, len(pages), 48):  # 48 pages at a time, each in a frame
        names = pages[start:start + 48]
        headings, errors = _open_framed(browser, [server + name for name in names])
        assert errors == [], (names, errors)
        assert all(headings), dict(zip(names, headings, strict=True))
    errors = _open(browser, (site / "index.html").as_uri())  # opens from a file, too
    assert errors == []
    for kind, name in [("landing", "index.html"), ("table", "tables/figures.html"),
                       ("figures", "figures.html"), ("charts", "charts.html"),
                       ("entity", "entities/tsinghua.html"), ("search", "search.html?q=北航")]:
        _open(browser, server + name)
        browser.save_screenshot(str(ARTIFACTS / f"site-{kind}.png"))


def test_chinese_is_marked_as_chinese(site, server, browser):
    for name in ("index.html", "figures.html", "charts.html", "tables/figures.html",
                 "entities/tsinghua.html", "sql.html", "search.html?q=清华"):
        _open(browser, server + name)
        unmarked = browser.execute_script(r"""
            const cjk = /[\u3400-\u9fff]/, latin = /[A-Za-z]{2}/, out = [];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
              const node = walk.currentNode, el = node.parentElement;
              if (!cjk.test(node.data)
                  || el.closest('svg, script, style, textarea, pre, noscript')) continue;
              const lang = el.closest('[lang]').getAttribute('lang');
              if (!lang.startsWith('zh') && !(latin.test(node.data) && lang === 'en'
                                               && el.closest('title'))) out.push(node.data);
            }
            return out.slice(0, 5);""")
        assert unmarked == [], (name, unmarked)


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_the_console_answers_the_query_in_its_url(console, server, browser, engine):
    assert _console_run(browser, server, "SELECT count(*) FROM figures", engine) == "done"
    cells = browser.find_elements("css selector", "#result tbody td")
    assert [c.text for c in cells] == [str(ROW_COUNTS["figures"])]
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []  # the engine, its Worker and every fetch loaded cleanly
    browser.save_screenshot(str(ARTIFACTS / f"site-sql-{engine}.png"))
    box = browser.find_element("id", "sql")
    box.clear()
    box.send_keys("SELECT name_en FROM entity_names JOIN entities USING (entity_id) "
                  "WHERE name = '北航'")
    browser.find_element("id", "run").click()
    _wait(browser, "return document.getElementById('status').dataset.state === 'done'")
    assert browser.find_element("css selector", "#result tbody td").text == "Beihang University"
    assert "%E5%8C%97%E8%88%AA" in browser.current_url  # the query that ran is in the URL
    assert ("engine=duckdb" in browser.current_url) == (engine == "duckdb")


@pytest.mark.duckdb
def test_the_engine_switch_keeps_the_query(console, server, browser):
    sql = "SELECT count(*) AS n FROM entities"
    assert _console_run(browser, server, sql) == "done"
    link = browser.find_element("id", "engine-switch")
    assert "DuckDB" in link.text and "SQLite" in browser.find_element("id", "engine").text
    link.click()
    _wait(browser, "const s = document.getElementById('status').dataset.state;"
                   "return s === 'done' || s === 'error' ? s : null;")
    assert "engine=duckdb" in browser.current_url
    assert browser.find_element("id", "sql").get_attribute("value") == sql
    assert browser.find_element("css selector", "#result tbody td").text == str(
        ROW_COUNTS["entities"])
    example = browser.find_element("css selector", "a.example").get_attribute("href")
    assert "engine=duckdb" in example  # on DuckDB, the examples run on DuckDB


@pytest.mark.parametrize(("engine", "words"), [("sqlite", ["no such column: nope"]),
                                               ("duckdb", ["Binder Error", "nope"])])
def test_the_console_shows_the_engines_errors_whole(console, server, browser, engine, words):
    assert _console_query(browser, server, "SELECT nope FROM figures", engine) == "error"
    error = browser.find_element("id", "error").text
    assert all(w in error for w in words), error
    assert _console_query(browser, server, "SELEC 1", engine) == "error"
    assert ("syntax error" if engine == "sqlite" else "Parser Error") in browser.find_element(
        "id", "error").text


def _shown_csv(browser) -> str:
    return browser.execute_script("""
        const rows = [Array.from(document.querySelectorAll('#result thead th'), c => c.textContent),
          ...Array.from(document.querySelectorAll('#result tbody tr'),
                        r => Array.from(r.cells, c => c.textContent))];
        const q = v => /[",\\n\\r]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
        return rows.map(r => r.map(q).join(',')).join('\\n') + '\\n';""")


def _same_cell(sqlite: str, duckdb: str) -> bool:
    """A cell SQLite shows equals DuckDB's: the same text, or the same number (SQLite shows
    booleans as 0 and 1, and a double without DuckDB's trailing .0)."""
    if sqlite == duckdb:
        return True
    as_number = {"true": 1.0, "false": 0.0}
    try:
        return float(sqlite) == as_number.get(duckdb, float(duckdb))
    except ValueError:
        return False


# One test per engine, so that each engine starts once for all the recipes.
@pytest.mark.duckdb
@pytest.mark.parametrize(("number", "sql", "answer"), RECIPES, ids=[r[0] for r in RECIPES])
def test_every_cookbook_question_runs_on_duckdb(console, server, browser, number, sql, answer):
    """Each recipe, as written (with the views of etl/sql/views.sql), gives the cookbook's
    answer."""
    state = _console_query(browser, server, sql, "duckdb")
    assert state == "done", browser.find_element("id", "error").text
    assert _shown_csv(browser).replace("\r\n", "\n") == answer.replace("\r\n", "\n")


@pytest.mark.parametrize(("number", "sql", "answer"), RECIPES, ids=[r[0] for r in RECIPES])
def test_every_cookbook_question_runs_on_sqlite(console, server, browser, number, sql, answer):
    """Each recipe in SQLite's dialect (the example link's query) gives the cookbook's answer,
    cell by cell."""
    state = _console_query(browser, server, to_sqlite(sql))
    assert state == "done", browser.find_element("id", "error").text
    shown = list(csv.reader(io.StringIO(_shown_csv(browser))))
    wanted = list(csv.reader(io.StringIO(answer.replace("\r\n", "\n"))))
    assert shown[0] == wanted[0] and len(shown) == len(wanted)
    for got, want in zip(shown[1:], wanted[1:], strict=True):
        assert all(_same_cell(a, b) for a, b in zip(got, want, strict=True)), (got, want)


def test_the_cookbook_questions_are_links_in_both_languages(console, site):
    for page, chinese in (("sql.html", False), ("zh/sql.html", True)):
        html = (site / page).read_text("utf-8")
        titles = [re.sub("<[^>]+>", "", t) for t in
                  re.findall(r'<a class="example" href="sql.html\?sql=[^"]+"[^>]*>(.*?)</a>', html)]
        assert len(titles) == len(RECIPES)
        for title in titles:  # Chinese questions on the Chinese page, English ones on the other
            assert bool(re.search("[A-Za-z]{3}", title.replace("SQL", ""))) != chinese, title
            assert re.search("[\u4e00-\u9fff]", title) or not chinese, title


def test_the_entity_page_lists_its_facts(site, server, browser, release):
    import duckdb

    with duckdb.connect(str(release.duckdb), read_only=True) as con:
        found = con.execute("SELECT entity_id FROM entities WHERE name_zh = '清华大学'"
                            ).fetchone()
        assert found is not None
        entity_id, = found
        facts = con.execute("SELECT table_name, row_id FROM entity_facts WHERE entity_id = ?",
                            [entity_id]).fetchall()
        aliases = [a for a, in con.execute(
            "SELECT alias_zh FROM entity_aliases WHERE entity_id = ?", [entity_id]).fetchall()]
    assert facts
    _open(browser, server + f"entities/{entity_id}.html")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.facts tbody tr'),"
        " r => [r.cells[0].querySelector('a').dataset.table, r.cells[5].textContent])")
    assert [tuple(r) for r in shown] == [tuple(map(str, f)) for f in facts]
    names = browser.find_element("css selector", "ul.names").text
    assert "清华大学" in names and "Tsinghua University" in names
    assert all(a in names for a in aliases)
    assert browser.find_elements("css selector", "ul.partners > li")


def test_every_link_of_an_entity_page_lands_on_its_row(site):
    """Each fact and partner links to the page and element (figure card, table row) it names."""
    from html import unescape
    from urllib.parse import unquote, urlsplit

    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in sorted((site / "entities").glob("*.html")):
        for href in re.findall(r'href="([^"]+)"', page.read_text("utf-8")):
            parts = urlsplit(unescape(href))
            if parts.scheme or not parts.fragment or not parts.path:
                continue
            target = (page.parent / parts.path).resolve()
            if target not in ids:
                ids[target] = {unescape(i) for i in
                               re.findall(r'\sid="([^"]+)"', target.read_text("utf-8"))}
            assert unquote(parts.fragment) in ids[target], (page.name, href)
            checked += 1
    assert checked > 100


def test_search_finds_an_organisation_by_its_short_name(site, server, browser):
    _open(browser, server + "index.html")
    box = browser.find_element("css selector", "form.search input")
    box.send_keys("北航\n")
    _wait(browser, "return document.querySelectorAll('#results li').length > 0")
    first = browser.find_element("css selector", "#results li a")
    assert "Beihang University" in first.text
    first.click()
    _wait(browser, "return location.pathname.endsWith('/entities/beihang.html')")
    assert "北京航空航天大学" in browser.find_element("css selector", "h1").text


def test_a_permalink_highlights_its_figure(site, server, browser, release):
    figure = _rows(release, "figures")[5]["figure_id"]
    _open(browser, server + "figures.html")
    link = browser.find_element("css selector", f"article[id='{figure}'] a.permalink")
    assert link.is_displayed() and link.get_attribute("href").endswith(f"figures.html#{figure}")
    _open(browser, server + f"figures.html#{figure}")
    card = browser.find_element("id", figure)
    assert "targeted" in card.get_attribute("class")
    assert browser.execute_script("return document.querySelectorAll('.targeted').length") == 1
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", card)
    assert 0 <= top < 200
    browser.save_screenshot(str(ARTIFACTS / "site-permalink.png"))


def test_the_figures_browser_says_what_was_printed(site, server, browser):
    _open(browser, server + "figures.html")
    text = browser.find_element("tag name", "main").text
    assert "more than 50" in text and "50多所" in text and "多于50" in text
    assert "percentage_point" not in text.replace("percentage_point_", "")
    assert not re.search(r"\d\.0\b", browser.execute_script(
        "return Array.from(document.querySelectorAll('.words'), e => e.textContent).join(' ')"))
    readings = browser.find_elements("css selector", "button.reading")
    assert readings and all(r.is_displayed() and r.text for r in readings)
    readings[0].click()
    assert readings[0].find_element("xpath", "following-sibling::*[1]").is_displayed()


def test_each_highlight_equals_its_quote(site, server, browser, release):
    quotes = {r["figure_id"]: r["quote"] for r in _rows(release, "figures")}
    _open(browser, server + "figures.html")
    highlighted = browser.execute_script("""
        const out = {};
        for (const mark of document.querySelectorAll('mark[data-figure-id]')) {
          const id = mark.dataset.figureId;
          out[id] = (out[id] || '') + mark.textContent;
        }
        return out;""")
    assert highlighted == quotes
    repairs = browser.find_elements("css selector", "span.correction[data-correction-id]")
    assert repairs and all(r.get_attribute("title") for r in repairs)


def _download(browser, button_selector: str) -> str:
    """Click a download button and return the CSV it hands over."""
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          HTMLAnchorElement.prototype.click = click;
          fetch(this.href).then(r => r.text()).then(done);
        };
        document.querySelector(arguments[0]).click();""", button_selector)


def test_the_figures_filter_is_in_the_url_and_downloads(site, server, browser):
    _open(browser, server + "figures.html")
    cards = browser.find_elements("css selector", "article.figure")
    browser.find_element("css selector", "input.filter[data-cards]").send_keys("清华")
    shown = [c for c in cards if c.is_displayed()]
    assert 0 < len(shown) < len(cards)
    assert all("清华" in c.get_attribute("textContent") for c in shown)
    assert "q=%E6%B8%85%E5%8D%8E" in browser.current_url
    rows = list(csv.DictReader(_download(browser, "button.download[data-cards]").splitlines()))
    assert [r["figure_id"] for r in rows] == [c.get_attribute("id") for c in shown]
    _open(browser, browser.current_url)  # the filter comes back from the URL
    assert browser.find_element("css selector", ".count[data-cards]").text == \
        f"{len(shown)} / {len(cards)}"


def test_the_table_filter_sort_and_download_work(site, server, browser, release):
    entities = _rows(release, "entities")
    _open(browser, server + "tables/entities.html")
    rows = browser.find_elements("css selector", "#rows tbody tr")
    assert len(rows) == len(entities)
    browser.find_element("css selector", "input.filter").send_keys("清华")
    visible = [r for r in browser.find_elements("css selector", "#rows tbody tr")
               if r.is_displayed()]
    assert 0 < len(visible) < len(rows)
    assert all("清华" in r.text for r in visible)
    assert browser.find_element("css selector", ".count").text == \
        f"{len(visible)} / {len(rows)}"
    assert "q=" in browser.current_url
    downloaded = list(csv.DictReader(_download(browser, "button.download").splitlines()))
    assert len(downloaded) == len(visible) and set(downloaded[0]) == set(entities[0])

    def column(index: int) -> list[str]:
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('#rows tbody tr'))"
            ".map(r => r.cells[arguments[0]].textContent)", index)

    header = browser.find_elements("css selector", "#rows thead th")[0]
    header.click()
    ascending = column(0)
    header.click()
    descending = column(0)
    assert ascending != descending and descending == ascending[::-1]
    assert header.get_attribute("aria-sort") == "descending"
    parent = [h.get_attribute("data-field") for h in
              browser.find_elements("css selector", "#rows thead th")].index("parent_id")
    parent_header = browser.find_elements("css selector", "#rows thead th")[parent]
    for _ in range(2):  # blanks last, ascending and descending
        parent_header.click()
        cells = column(parent)
        filled = [c for c in cells if c.strip()]
        assert filled and cells[:len(filled)] == filled, "a blank sorted before a value"
    assert "sort=parent_id" in browser.current_url


def test_table_pages_show_names_for_ids_and_numbers_as_printed(site, server, browser):
    _open(browser, server + "tables/figures.html")
    text = " ".join(browser.execute_script(
        "return Array.from(document.querySelectorAll('#rows td.num'), c => c.textContent)"))
    assert "100,000,000" in text and "1.5×10⁻⁶" in text
    assert not re.search(r"\b\d+\.0\b", text) and "e-0" not in text
    subject = browser.find_element("css selector", "#rows tbody td.fk a")
    assert subject.text and subject.get_attribute("href").split("/")[-2] == "entities"
    descriptions = browser.find_element("css selector", "details").get_attribute("innerHTML")
    assert "`" not in re.sub(r"<[^>]+>", "", descriptions) and "<code>unit</code>" in descriptions


def test_the_landing_page_is_found_by_dataset_search(site, server, browser):
    _open(browser, server + "index.html")
    ld = json.loads(browser.find_element(
        "css selector", "script[type='application/ld+json']").get_attribute("textContent"))
    assert ld["@context"].startswith("https://schema.org") and ld["@type"] == "Dataset"
    assert ld["name"] and 50 <= len(ld["description"]) <= 5000  # Google's Dataset guidance
    assert ld["license"].startswith("https://") and ld["creator"][0]["name"]
    for key in ("temporalCoverage", "spatialCoverage", "inLanguage", "keywords", "version"):
        assert ld[key], key
    assert len(ld["distribution"]) >= 21
    for download in ld["distribution"]:
        assert download["encodingFormat"] and download["contentUrl"]
        assert (site / download["contentUrl"]).is_file(), download["contentUrl"]
    text = browser.find_element("tag name", "main").text
    assert "make build" not in browser.find_element("css selector", "ul.get").text
    assert "cff-version" not in text
    assert "(2026)" in text
    for href in ("datapackage.json", "sql.html", "data/processed/figures.csv",
                 "data/processed/figures.parquet"):
        assert browser.find_elements("css selector", f"main a[href='{href}']"), href


def test_charts_are_readable(site, server, browser):
    _open(browser, server + "charts.html")
    assert len(browser.find_elements("css selector", "section.chart")) == 4
    assert browser.find_elements("css selector", "section.chart svg")
    captions = browser.find_elements("css selector", "section.chart .caption")
    assert all("No date printed" not in c.text for c in captions)
    for width in (1280, 400):
        browser.set_window_size(width, 900)
        smallest = browser.execute_script("""
            const sizes = [];
            const marks = 'section.chart svg text, section.chart li a';
            for (const el of document.querySelectorAll(marks))
              if (el.textContent.trim()) sizes.push(el.tagName === 'text'
                ? el.getBoundingClientRect().height : parseFloat(getComputedStyle(el).fontSize));
            return Math.min(...sizes);""")
        assert smallest >= 9, (width, smallest)
    browser.set_window_size(1280, 900)


def test_no_page_overflows_at_400_px(site, server, browser):
    browser.set_window_size(400, 900)
    try:
        for kind, name in [("landing", "index.html"), ("table", "tables/figures.html"),
                           ("figures", "figures.html"), ("charts", "charts.html"),
                           ("entity", "entities/tsinghua.html"), ("sql", "sql.html"),
                           ("search", "search.html?q=清华")]:
            _open(browser, server + name)
            width = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (name, width)
            browser.save_screenshot(str(ARTIFACTS / f"site-{kind}-narrow.png"))
    finally:
        browser.set_window_size(1280, 900)


def test_search_ranks_the_entity_of_each_name_first(site, server, browser, release):
    """Every full name and alias (English short names included) finds its entity first."""
    names = [(e["name_en"], e["entity_id"]) for e in _rows(release, "entities")]
    names += [(e["name_zh"], e["entity_id"]) for e in _rows(release, "entities")]
    names += [(a["alias_zh"], a["entity_id"]) for a in _rows(release, "entity_aliases")]
    _open(browser, server + "search.html")
    firsts = browser.execute_script(
        "return arguments[0].map(([name]) => (search(window.SEARCH_INDEX, name)[0] || {}).u)",
        names)
    wrong = [(name, entity, first) for (name, entity), first in zip(names, firsts, strict=True)
             if first != f"entities/{entity}.html"]
    assert wrong == []


def test_a_typo_gets_the_nearest_names(site, server, browser):
    for lang in ("", "zh/"):
        _open(browser, server + lang + "search.html?q=Tsinghau")
        suggestion = browser.find_element("id", "suggest")
        assert suggestion.is_displayed()
        first = browser.find_element("css selector", "#suggestions a")
        assert first.get_attribute("href").endswith("/entities/tsinghua.html")
    _open(browser, server + "search.html?q=Tsinghua")
    assert not browser.find_element("id", "suggest").is_displayed()


def test_the_language_switch_keeps_the_page_query_and_filters(site, server, browser):
    _open(browser, server + "figures.html")
    browser.find_element("css selector", "input.filter[data-cards]").send_keys("清华")
    switch = browser.find_element("css selector", "a.lang-switch")
    assert switch.is_displayed() and switch.text == "中文"
    assert switch.get_attribute("href").endswith("/zh/figures.html?q=%E6%B8%85%E5%8D%8E")
    switch.click()
    _wait(browser, "return location.pathname.endsWith('/zh/figures.html')")
    assert browser.find_element("css selector", "html").get_attribute("lang") == "zh-Hans"
    assert browser.find_element("css selector", "input.filter[data-cards]").get_attribute(
        "value") == "清华"
    back = browser.find_element("css selector", "a.lang-switch")
    assert back.get_attribute("href").endswith(f"/{site.name}/figures.html?q=%E6%B8%85%E5%8D%8E")

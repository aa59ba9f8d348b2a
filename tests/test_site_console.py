"""The SQL console reads only the release: its tables are the release's, no query of either
engine reaches another origin or loads an extension, whatever the URL asks; a repeat visit
downloads no engine again; opened as a file, it says it needs a server."""

from __future__ import annotations

import csv
import functools
import gzip
import http.server
import io
import re
import sqlite3
import threading
from html import unescape
from urllib.parse import quote, unquote_plus

import duckdb
import pytest
from counts import ROW_COUNTS
from site_browser import _console_query, _console_run, _open, _Quiet, _wait

from etl.metadata import TABLES
from etl.site.console import MAX_ROWS, MAX_TEXT, MAX_VALUES, TIMEOUT, tables_sql
from etl.site.text import text_lang

pytest_plugins = ["site_browser"]  # the site, its server and the browser


def test_the_console_tables_are_the_release_tables(release):
    """The CSV files read with the metadata's types give exactly the Parquet files' rows."""
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{release.root}'")
    con.execute(tables_sql())
    for table in TABLES:
        parquet = f"read_parquet('{release.processed / table.name}.parquet')"
        for a, b in ((table.name, parquet), (parquet, table.name)):
            extra = con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()
            assert extra == (0,), (table.name, a)
        types = {name: kind for name, kind in con.execute(
            f"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = "
            f"'{table.name}'").fetchall()}
        assert types == {f.name: f.duckdb_type for f in table.fields}


class _Counting(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()

    def do_HEAD(self) -> None:
        self.requests.append(self.path)
        super().do_HEAD()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def other_origin(tmp_path):
    """A second origin on loopback serving a CSV, counting every request it gets."""
    (tmp_path / "rows.csv").write_text("secret\nfrom another origin\n")
    requests: list[str] = []
    handler = type("Handler", (_Counting,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def test_sqlite_has_no_way_out(console, server, browser, other_origin):
    """sql.js has no network and no file system but its own memory: a URL is not a file it
    can attach, and extensions cannot load."""
    origin, requests = other_origin
    attach = f"ATTACH '{origin}/rows.csv' AS other; SELECT count(*) FROM other.sqlite_master"
    for sql in (f"SELECT load_extension('{origin}/rows.so')", "SELECT readfile('/etc/passwd')",
                f"SELECT * FROM read_csv('{origin}/rows.csv')", attach):
        assert _console_query(browser, server, sql) == "error", sql
    _open(browser, server + "sql.html?sql=" + quote(attach))
    _wait(browser, "const s = document.getElementById('status').dataset.state;"
                   "return s === 'done' || s === 'error' ? s : null;")
    assert "from another origin" not in browser.find_element("tag name", "main").text
    assert requests == []


@pytest.mark.duckdb
def test_no_duckdb_query_reaches_another_origin(console, server, browser, other_origin):
    origin, requests = other_origin
    attacks = [
        f"SELECT * FROM read_csv('{origin}/rows.csv')",
        f"SELECT * FROM '{origin}/rows.csv'",
        f"SELECT content FROM read_text('{origin}/rows.csv')",
        f"SELECT * FROM read_parquet('{origin}/rows.parquet')",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "SET autoinstall_known_extensions = true",
        "SELECT * FROM read_csv('/etc/passwd')",
    ]
    for sql in attacks:
        assert _console_query(browser, server, sql, "duckdb") == "error", sql
    # DuckDB-WASM takes INSTALL as a no-op (it loads extensions at LOAD): it must fetch nothing.
    _console_query(browser, server, f"INSTALL httpfs FROM '{origin}'", "duckdb")
    assert _console_query(browser, server, "LOAD httpfs", "duckdb") == "error"
    # The same, asked by a link: the settings are locked before the URL's query runs.
    sql = f"SET enable_external_access = true; SELECT * FROM read_csv('{origin}/rows.csv')"
    _open(browser, server + "sql.html?engine=duckdb&sql=" + quote(sql))
    _wait(browser, "const s = document.getElementById('status').dataset.state;"
                   "return s === 'done' || s === 'error' ? s : null;")
    assert browser.find_element("id", "status").get_attribute("data-state") == "error"
    assert "from another origin" not in browser.find_element("tag name", "main").text
    assert requests == []
    # The page itself can reach that origin, so the silence above is the console's doing.
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {mode: 'no-cors'}).then(() => done(), () => done());",
        f"{origin}/rows.csv")
    assert requests == ["/rows.csv"]


@pytest.mark.duckdb
def test_a_repeat_visit_downloads_no_engine_again(console, server, browser):
    answered = _Quiet.answered
    _open(browser, server + "index.html")  # the site's origin, to empty its caches
    browser.execute_script(
        "return caches.keys().then(k => Promise.all(k.map(n => caches.delete(n))))")
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    for url, engine_files in ((server + "sql.html", ("sql-wasm.wasm.gz", ".sqlite.gz")),
                              (server + "sql.html?engine=duckdb",
                               ("duckdb-eh.wasm.gz", "duckdb-browser-eh.worker.js.gz"))):
        answered.clear()
        _open(browser, url)
        _wait(browser, "return document.body.dataset.console === 'ready'")
        sent = [path for path, code in answered if code == 200 and path.endswith(engine_files)]
        assert len(sent) == 2, answered  # SQLite: engine and database; DuckDB: engine, worker
        answered.clear()
        browser.refresh()
        _wait(browser, "return document.body.dataset.console === 'ready'")
        assert any("/sql.html" in path for path, _ in answered)  # the page was reloaded
        again = [path for path, code in answered if code == 200 and path.endswith(engine_files)]
        assert again == [], answered  # from the cache, or "304 Not Modified"
    assert "(" in browser.find_element("id", "status").text  # says: from the browser's cache
    assert _console_query(browser, server, "SELECT count(*) FROM figures", "duckdb") == "done"


@pytest.mark.parametrize(("page", "words"), [("sql.html", "needs a web server"),
                                             ("zh/sql.html", "需要网络服务器")])
def test_opened_as_a_file_the_console_says_it_needs_a_server(console, site, browser, page,
                                                             words):
    _open(browser, (site / page).as_uri())
    line = browser.find_element("id", "file-url")
    assert line.is_displayed() and words in line.text and "make serve" in line.text
    assert not browser.find_element("id", "status").is_displayed()


def test_every_query_link_of_the_site_answers_on_the_default_engine(site):
    """Each `sql.html?sql=…` link of every page (examples, tables, entities), run on the file
    the default engine opens, answers with rows; on DuckDB's file, the examples' DuckDB SQL."""
    links, duckdb_sql = set(), set()
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        links |= {unquote_plus(unescape(q)) for q in re.findall(r'sql\.html\?sql=([^"&]+)"', html)}
        duckdb_sql |= {unescape(q) for q in re.findall(r'data-duckdb="([^"]+)"', html)}
    assert len(links) > len(TABLES) and duckdb_sql
    database = site / "sql" / "baotou_sci_tech.sqlite"
    database.write_bytes(gzip.decompress(database.with_name(database.name + ".gz").read_bytes()))
    try:
        lite = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        for sql in sorted(links):
            assert lite.execute(sql).fetchall(), sql
        lite.close()
    finally:
        database.unlink()
    with duckdb.connect(str(site / "data" / "processed" / "baotou_sci_tech.duckdb"),
                        read_only=True) as con:
        for sql in sorted(duckdb_sql):
            assert con.execute(sql).fetchall(), sql


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_an_answer_too_large_to_show_is_refused_and_the_console_goes_on(console, server, browser,
                                                                        engine):
    _refused_then_shown(browser, server, engine, MAX_ROWS, _rows(engine, MAX_ROWS + 1, "n"),
                        _rows(engine, MAX_ROWS, "n"))
    assert len(browser.find_elements("css selector", "#result tbody tr")) == MAX_ROWS


def _rows(engine: str, count: int, select: str) -> str:
    """SELECT `select` for each of `count` rows numbered n = 1, 2, … in the engine's SQL."""
    if engine == "duckdb":
        return f"SELECT {select} FROM range(1, {count} + 1) AS r(n)"
    return (f"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {count})"
            f" SELECT {select} FROM r")


def _refused_then_shown(browser, server, engine: str, bound: int, too_big: str,
                        fits: str) -> None:
    """`too_big` is refused with its bound named and nothing cut shown; `fits` then answers."""
    assert _console_query(browser, server, too_big, engine) == "error"
    assert f"{bound:,}" in browser.find_element("id", "error").text
    assert browser.find_element("id", "result").get_attribute("hidden")  # nothing cut shown
    assert _console_query(browser, server, fits, engine) == "done"


# Before the page's scripts run, its setting of the timeout is made 1 s (TIMEOUT is 30).
SHORT_TIMEOUT = """
new MutationObserver((records, observer) => {
  const element = document.getElementById("console-config");
  if (!element) return;
  try {
    const data = JSON.parse(element.textContent);
    data.timeout = 1;
    element.textContent = JSON.stringify(data);
    observer.disconnect();
  } catch (error) { /* not all parsed yet */ }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


@pytest.mark.parametrize(("engine", "forever"), [
    ("sqlite", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
               "SELECT count(*) FROM r"),
    ("duckdb", "SELECT count(*) FROM range(1000000000000)")])
def test_a_query_that_never_ends_is_stopped_and_the_engine_starts_again(console, server,
                                                                       browser, engine, forever):
    assert TIMEOUT > 1
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                     {"source": SHORT_TIMEOUT})
    try:
        assert _console_run(browser, server, forever, engine) == "error"
        assert "1 s" in browser.find_element("id", "error").text
        assert _console_query(browser, server, "SELECT count(*) FROM figures", engine) == "done"
        assert browser.find_element("css selector", "#result tbody td").text == str(
            ROW_COUNTS["figures"])
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": script["identifier"]})



# DuckDB's values as DuckDB writes them (CAST AS VARCHAR), edge cases of each type that Arrow
# carries in a form of its own; a BLOB in hexadecimal, as the SQLite engine shows one.
DUCKDB_VALUES = [
    "-1.5", "-0.05::DECIMAL(4,2)", "1.5::DECIMAL(18,3)", "0::DECIMAL(5,2)",
    "123456789012345678.12::DECIMAL(38,2)", "-170141183460469231731687303715884105727::HUGEINT",
    "9007199254740993::BIGINT", "TIME '12:34:56.5'", "TIME '00:00:00'",
    "INTERVAL '1 year 1 month 3 days 04:05:06.25'", "INTERVAL '-2 days'", "INTERVAL '0 days'",
    "TIMESTAMP '2020-01-01 00:00:00.123456'", "TIMESTAMP '1969-12-31 23:59:59.999999'",
    "TIMESTAMP_NS '2020-01-01 00:00:00.123456789'", "TIMESTAMP_S '1900-02-28 01:02:03'",
    "TIMESTAMP_MS '2000-02-29 12:00:00.5'", "'infinity'::TIMESTAMP", "'-infinity'::TIMESTAMP",
    "TIMESTAMPTZ '2020-06-01 12:00:00+00'", "DATE '1600-01-01'", "DATE '2024-02-29'",
    "DATE '0044-03-15 (BC)'", "'infinity'::DATE", "'-infinity'::DATE", "1.5::FLOAT", "true",
    "[1.5, NULL]::DECIMAL(3,1)[]", "{'a': 1, 'b': [DATE '2020-01-01']}",
]


@pytest.mark.duckdb
def test_duckdb_values_are_shown_exactly_as_duckdb_writes_them(console, server, browser):
    columns = ", ".join(f"{value} AS c{i}" for i, value in enumerate(DUCKDB_VALUES))
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    as_text = ", ".join(f"CAST({value} AS VARCHAR)" for value in DUCKDB_VALUES)
    row = con.execute(f"SELECT {as_text}").fetchone()
    assert row is not None
    expected = list(row)
    sql = f"SELECT {columns}, '\\x00\\xff'::BLOB AS blob, 1 AS same, 2 AS same, NULL AS nothing"
    assert _console_query(browser, server, sql, "duckdb") == "done"
    cells = [td.text for td in browser.find_elements("css selector", "#result tbody td")]
    assert cells == [*expected, "00ff", "1", "2", ""]


def test_back_and_forward_bring_the_query_its_answer_and_its_links(console, server, browser):
    _open(browser, server + "sql.html")
    _wait(browser, "return document.body.dataset.console === 'ready'")
    default = browser.find_element("id", "sql").get_attribute("value")
    first, second = "SELECT 'first' AS q", "SELECT 'second' AS q"
    for sql in (first, second):
        assert _console_query(browser, server, sql) == "done"

    def shown() -> list[str | None]:
        return browser.execute_script("""
            const result = document.getElementById('result');
            return [document.getElementById('sql').value,
                    result.hidden ? null : result.querySelector('tbody td').textContent,
                    new URL(document.getElementById('engine-switch').href).searchParams.get('sql'),
                    new URL(document.querySelector('a.lang-switch').href).searchParams.get('sql')
                    || ''];""")

    browser.back()
    _wait(browser, "return document.getElementById('status').dataset.state === 'done'"
                   " && document.getElementById('sql').value.includes('first')")
    assert shown() == [first, "first", first, first]
    browser.back()  # the page as it opened: no query, no answer
    _wait(browser, "return document.getElementById('status').dataset.state === 'ready'")
    assert shown() == [default, None, default, ""]
    browser.forward()
    _wait(browser, "return document.getElementById('result').hidden === false")
    assert shown() == [first, "first", first, first]


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_an_answer_of_too_much_text_is_refused_and_the_console_goes_on(console, server, browser,
                                                                       engine):
    """A few rows of long values can freeze or crash the page as surely as many rows."""
    def sql(width: int) -> str:  # 200 rows of `width` characters
        long = (f"repeat('x', {width})" if engine == "duckdb"
                else f"substr(hex(zeroblob({width})), 1, {width})")
        return _rows(engine, 200, f"{long} AS long")
    assert MAX_TEXT % 200 == 0
    _refused_then_shown(browser, server, engine, MAX_TEXT, sql(MAX_TEXT // 200 + 1),
                        sql(MAX_TEXT // 200))
    assert len(browser.find_elements("css selector", "#result tbody tr")) == 200


# Text the site's one rule sorts (etl.site.text.text_lang): Chinese, Latin, both, neither.
LANG_SAMPLES = ["Tsinghua University", "清华大学", "清华 Tsinghua", "2012", "", "ＡＢＣ", "x",
                "中试基地（pilot base）", "figure_id", "％"]


@pytest.mark.parametrize("page", ["en", "zh"])
def test_the_console_marks_the_language_of_its_answers_and_errors_by_the_site_rule(
        console, server, browser, page):
    columns = ", ".join(f"'{text}' AS \"{text or 'empty'}\"" for text in LANG_SAMPLES)
    _open(browser, server + ("zh/" if page == "zh" else "") + "sql.html")
    _wait(browser, "return document.body.dataset.console === 'ready'")
    browser.execute_script("document.getElementById('sql').value = arguments[0];"
                           "document.getElementById('run').click();", f"SELECT {columns}")
    _wait(browser, "return document.getElementById('status').dataset.state === 'done'")
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#result th, #result td')]"
        ".map(e => [e.textContent, e.getAttribute('lang')])")
    assert len(shown) == 2 * len(LANG_SAMPLES)
    for text, lang in shown:
        assert lang == text_lang(text, page), text
    browser.execute_script("document.getElementById('sql').value = 'SELECT nope';"
                           "document.getElementById('run').click();")
    _wait(browser, "return document.getElementById('status').dataset.state === 'error'")
    text, lang = browser.execute_script("const e = document.getElementById('error');"
                                        "return [e.textContent, e.getAttribute('lang')]")
    assert lang == text_lang(text, page) == ("en" if page == "zh" else None), text


def test_the_downloaded_csv_holds_the_answer_exactly(console, server, browser):
    """Every value as the console shows it, read back by a CSV reader: quotes, commas, line
    breaks, Chinese, a value that looks like a spreadsheet formula (data are not rewritten:
    an apostrophe before `=` or `-` would change a value and every negative number)."""
    odd = ['say "hi", then go', "two\nlines", "cr\rhere", "=1+1", "-3", "@SUM(A1)",
           "清华大学", " padded ", "", "a,b"]
    columns = ", ".join(f"""'{value.replace(chr(13), "' || char(13) || '")}' AS c{i}"""
                        for i, value in enumerate(odd))  # a textarea keeps no CR
    assert _console_query(browser, server, f"SELECT {columns}, NULL AS absent") == "done", \
        browser.find_element("id", "error").text
    text = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const original = URL.createObjectURL;
        URL.createObjectURL = (blob) => { blob.text().then(done); return original(blob); };
        document.getElementById('download').click();
        URL.createObjectURL = original;""")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [[f"c{i}" for i in range(len(odd))] + ["absent"], [*odd, ""]]


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_several_statements_answer_with_the_last_on_both_engines(console, server, browser,
                                                                  engine):
    def answer(sql: str) -> list[str]:
        assert _console_query(browser, server, sql, engine) == "done", sql
        return browser.execute_script(
            "const result = document.getElementById('result');"
            "return result.hidden ? null : [...result.querySelectorAll('th, td')]"
            ".map(e => e.textContent)")
    assert answer("SELECT 1 AS first; SELECT '清华;包头' AS second") == ["second", "清华;包头"]
    assert answer("DROP TABLE IF EXISTS scratch; CREATE TABLE scratch AS SELECT 42 AS n;\n"
                  "SELECT n FROM scratch; -- the answer; SELECT 0\n") == ["n", "42"]
    assert answer("/* nothing; */ -- at all;") == []


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_an_answer_of_too_many_values_is_refused_and_the_console_goes_on(console, server,
                                                                         browser, engine):
    """Many empty cells take the page as long to lay out as long text (2 million: 20 s)."""
    def sql(columns: int) -> str:  # 1,000 rows of `columns` NULLs
        return _rows(engine, 1000, ", ".join(f"NULL AS c{i}" for i in range(columns)))
    assert MAX_VALUES % 1000 == 0
    _refused_then_shown(browser, server, engine, MAX_VALUES, sql(MAX_VALUES // 1000 + 1),
                        sql(MAX_VALUES // 1000))
    assert browser.execute_script(
        "return document.querySelectorAll('#result tbody td').length") == MAX_VALUES


def test_sqlite_shows_a_blob_in_hexadecimal_as_duckdb_does(console, server, browser):
    state = _console_query(browser, server, "SELECT X'00ff' AS blob, NULL AS missing")
    assert state == "done", browser.find_element("id", "error").text
    assert [td.text for td in browser.find_elements("css selector", "#result tbody td")] == [
        "00ff", ""]

"""The SQL console: two engines from npm (see package-lock.json) over the release's own data.

SQLite (sql.js, in a Worker) is the default: 0.7 MB of WebAssembly that opens the release as
one SQLite file (`etl.distribute.sqlite`: the tables and the views in SQLite's dialect, the file
`make release` ships for Datasette), so the first answer comes as fast as a server's. DuckDB
(DuckDB-WASM's eh bundle) is the engine on request (`?engine=duckdb`), for DuckDB's SQL: its
34 MB .wasm and its worker are gzip-compressed, which the page inflates with the browser's
DecompressionStream (even a server that compresses nothing sends 8 MB); it loads the tables
from the release's CSV files, which DuckDB reads natively (its Parquet reader is an extension
it would fetch from the network), with the types of the metadata (`tables_sql`), then creates
the views of etl/sql/views.sql and turns off every access outside the loaded data before it
runs any query.

`install` puts into site/vendor/ what the page needs, and no more.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.query.runner import DEFAULT_TIMEOUT
from etl.site.strings import Language
from etl.site.text import HAN, HAS_CJK, HAS_LATIN, json_script

if TYPE_CHECKING:
    from etl.site.build import Writer

# What the console's script says, in the page's language (etl/site/strings.py).
CONSOLE_STRINGS = ("step_engine", "step_start", "step_data", "step_views", "ready", "running",
                   "rows_in", "query_error", "not_loaded", "did_not_start", "cached",
                   "engine_sqlite", "engine_duckdb", "use_sqlite", "use_duckdb",
                   "too_many_rows", "too_many_values", "too_much_text", "timed_out")
MAX_ROWS = 10_000  # an answer the page can show; a larger one is refused, never cut
MAX_VALUES = 250_000  # rows × columns: the table cells the page lays out in a second or two
MAX_TEXT = 10_000_000  # characters of an answer the page shows in a second or two; as rows
TIMEOUT = DEFAULT_TIMEOUT  # seconds a query may run, as in `etl query`: then its engine restarts

SQLJS_FILES = ("sql-wasm.js", "sql-wasm.wasm")  # the .wasm served as NAME.gz
DATABASE = "baotou_sci_tech.sqlite.gz"  # in site/sql/: the release as SQLite (etl.distribute)
DUCKDB_MODULE = "duckdb-browser.mjs"
COMPRESSED = ("duckdb-browser-eh.worker.js", "duckdb-eh.wasm")  # served as NAME.gz
ARROW_FILE = "Arrow.es2015.min.js"

# The cookbook's questions in the other language, by number (the cookbook gives one language).
TRANSLATIONS = {
    "1": "包头与清华大学、中国科学院分别开展了多少项合作项目？",
    "2": "哪些目标在2017年到期？",
    "3": "盐碱地改良示范改变了什么？（改良前后的土壤）",
    "4": "贝氏体钢轨比珠光体钢轨提高了多少？",
    "5": "神华煤制烯烃项目主产品与副产品合计年产多少吨？",
    "6": "每个拟建研究院各有几家北京合作方？",
    "7": "Which organisation does the short name “北航” stand for?",
    "8": "Which relations does Tsinghua University take part in, by type?",
    "9": "哪些数据基于疑似误识，我们认为原文应为何？",
    "10": "哪些事件发生在2012年以前？",
    "11": "六大支柱产业（中英文）是什么？",
    "12": "已报道、目标、计划的数据各有多少项？",
    "13": "Everything about Tsinghua University in one query, by table and role",
    "14": "清华大学在哪些数据背后，起什么作用？",
    "15": "Every event and relation of Baogang (everything that is not a figure)",
    "16": "“中试基地”在各处分别指哪个基地？",
}


def duckdb_version(root: Path) -> str | None:
    """The installed DuckDB-WASM's version, None when it is not installed whole."""
    package = root / "node_modules" / "@duckdb" / "duckdb-wasm"
    dist = package / "dist"
    arrow = root / "node_modules" / "apache-arrow" / ARROW_FILE
    if not ((dist / DUCKDB_MODULE).is_file() and arrow.is_file()
            and all((dist / name).is_file() for name in COMPRESSED)):
        return None
    return str(json.loads((package / "package.json").read_text("utf-8"))["version"])


def _gzip(source: Path, target: Path) -> None:
    """target: source gzip-compressed, the same bytes every build (no name, no time)."""
    target.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))


def write_database(root: Path, out: Path) -> None:
    """The release as one SQLite file (`make release`'s), gzip-compressed, into out/sql/."""
    from etl.distribute import sqlite
    from etl.paths import Paths

    with tempfile.TemporaryDirectory() as tmp:
        _gzip(sqlite.write(Paths(root), Path(tmp)), out / "sql" / DATABASE)


def sqljs_version(root: Path) -> str | None:
    """The installed sql.js's version, None when it is not installed whole."""
    package = root / "node_modules" / "sql.js"
    if not all((package / "dist" / name).is_file() for name in SQLJS_FILES):
        return None
    return str(json.loads((package / "package.json").read_text("utf-8"))["version"])


def install(root: Path, out: Path) -> bool:
    """Put sql.js, DuckDB-WASM and Arrow into out/vendor; False when they are not installed."""
    if duckdb_version(root) is None or sqljs_version(root) is None:
        return False
    sqljs = root / "node_modules" / "sql.js"
    (out / "vendor" / "sqljs").mkdir(parents=True)
    shutil.copy(sqljs / "dist" / SQLJS_FILES[0], out / "vendor" / "sqljs" / SQLJS_FILES[0])
    _gzip(sqljs / "dist" / SQLJS_FILES[1], out / "vendor" / "sqljs" / f"{SQLJS_FILES[1]}.gz")
    for name in ("LICENSE", "package.json"):
        shutil.copy(sqljs / name, out / "vendor" / "sqljs" / name)
    dist = root / "node_modules" / "@duckdb" / "duckdb-wasm" / "dist"
    arrow = root / "node_modules" / "apache-arrow"
    target = out / "vendor" / "duckdb"
    target.mkdir()
    shutil.copy(dist / DUCKDB_MODULE, target / DUCKDB_MODULE)
    for name in COMPRESSED:
        _gzip(dist / name, target / f"{name}.gz")
    for name in ("LICENSE", "package.json"):
        if (dist.parent / name).is_file():
            shutil.copy(dist.parent / name, target / name)
    (out / "vendor" / "apache-arrow").mkdir()
    for name in (ARROW_FILE, "LICENSE.txt", "NOTICE.txt", "package.json"):
        if (arrow / name).is_file():
            shutil.copy(arrow / name, out / "vendor" / "apache-arrow" / name)
    # duckdb-browser.mjs imports "apache-arrow" by name: the page's import map points that name
    # at a module that re-exports the UMD build's global (the names the module uses).
    module = (dist / DUCKDB_MODULE).read_text("utf-8")
    spaces = re.findall(r'import\*as ([\w$]+) from"apache-arrow"', module)
    if not spaces:
        raise RuntimeError("duckdb-browser.mjs no longer imports apache-arrow as expected")
    used = sorted({name for space in spaces
                   for name in re.findall(rf"\b{re.escape(space)}\.([A-Za-z_$][\w$]*)", module)})
    shim = ["// Generated by etl site: Apache Arrow's UMD build as the module duckdb-wasm imports.",
            "const Arrow = globalThis.Arrow;", "export default Arrow;"]
    shim += [f"export const {name} = Arrow.{name};" for name in used]
    (target / "arrow-shim.mjs").write_text("\n".join(shim) + "\n", encoding="utf-8")
    return True


def tables_sql() -> str:
    """Every table from its CSV file, with the metadata's types. For reading only: no keys, no
    comments (the DuckDB file has them), which halves the time the browser takes to load."""
    from etl.publish.schemas import creation_order

    statements = []
    for table in creation_order():
        columns = ", ".join(f"'{f.name}': '{f.duckdb_type}'" for f in table.fields)
        statements.append(
            f"CREATE TABLE {table.name} AS SELECT * FROM read_csv("
            f"'data/processed/{table.name}.csv', header = true, auto_detect = false, "
            f"columns = {{{columns}}})")
    return ";\n".join(statements) + ";\n"


def cookbook(root: Path) -> list[tuple[str, str, str]]:
    """(number, title, sql) of each question of docs/cookbook.md."""
    path = root / "docs" / "cookbook.md"
    if not path.is_file():
        return []
    text = path.read_text("utf-8")
    return [(n, title.strip(), sql.strip()) for n, title, sql in re.findall(
        r"## (\d+)\. ([^\n]*)\n.*?```sql\n(.*?)```", text, flags=re.S)]


def examples(root: Path, lang: Language) -> list[dict[str, str]]:
    """The cookbook's questions in the page's language (its own title where it is in it), each
    with its SQL in both engines' dialects (`sql` SQLite's, `duckdb` as the cookbook has it)."""
    from etl.distribute.sqlite import to_sqlite

    out = []
    for n, title, sql in cookbook(root):
        own = re.split(r"\s*\(", title, maxsplit=1)[0]
        chinese_first = bool(HAS_CJK.search(own)) and not HAS_LATIN.search(own)
        other = TRANSLATIONS.get(n, "")
        if lang.code == "zh":
            shown = own if chinese_first else (other or title)
        else:
            shown = other if chinese_first and other else title
        out.append({"title": shown, "sql": to_sqlite(sql), "duckdb": sql})
    return out


def page(w: Writer, tables: list[dict[str, Any]], root: Path, ready: bool) -> None:
    config = {"max_rows": MAX_ROWS, "max_values": MAX_VALUES, "max_text": MAX_TEXT,
              "timeout": TIMEOUT,
              "sqlite": {"database": f"sql/{DATABASE}",
                         "engine": f"vendor/sqljs/{SQLJS_FILES[1]}.gz"},
              "duckdb": {"tables": [r["path"] for r in tables], "script": "sql/tables.sql",
                         "views": "sql/views.sql",
                         "cache": f"duckdb-wasm-{duckdb_version(root)}"},
              "strings": {k: w.lang.strings[k] for k in CONSOLE_STRINGS},
              "lang": {"page": w.lang.code, "han": HAN}}  # for text_lang's rule
    names = ", ".join(r["name"] for r in tables)
    w.page("sql.html", "sql.html", w.lang.strings["sql_console"], console_ready=ready,
           console_intro=w.lang.strings["console_intro"].format(tables=names),
           examples=examples(root, w.lang), config_json=json_script(config))

"""The SQLite database of dist/: declared types, keys, NOT NULL, a CHECK for every coded
column, NULL for missing, every view answering as DuckDB's does, and Datasette's metadata
with the cookbook's questions as canned queries (run by Datasette itself)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest
from consumer_envs import consumer_env, run_python
from distributions import ROOT, answer_rows, built_dist, same_number

from etl.distribute.cookbook import recipes
from etl.distribute.sqlite import SQLITE_TYPES, to_sqlite
from etl.metadata import TABLES, VIEWS, Table, View
from etl.paths import Paths

RELEASE = Paths(ROOT)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    return built_dist(tmp_path_factory)


@pytest.fixture
def db(dist):
    """A private in-memory copy: tests that break constraints break nothing else."""
    source = sqlite3.connect(dist / "baotou_sci_tech.sqlite")
    copy = sqlite3.connect(":memory:")
    source.backup(copy)
    source.close()
    copy.execute("PRAGMA foreign_keys = ON")
    yield copy
    copy.close()


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_column_is_declared_with_its_type_nullability_and_key(db, table):
    info = {row[1]: row for row in db.execute(f"PRAGMA table_info({table.name})")}
    assert list(info) == list(table.field_names)
    for f in table.fields:
        _, _, kind, not_null, _, pk = info[f.name]
        assert kind == SQLITE_TYPES[f.type]
        assert bool(not_null) == f.required, f.name
        assert pk == (table.primary_key.index(f.name) + 1 if f.name in table.primary_key
                      else 0), f.name
    keys = {(row[3], row[2], row[4]) for row in db.execute(
        f"PRAGMA foreign_key_list({table.name})")}
    assert keys == {(a, fk.table, b) for fk in table.foreign_keys
                    for a, b in zip(fk.fields, fk.reference_fields, strict=True)}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_rows_equal_the_parquet_files_with_null_for_missing(db, table):
    parquet = pq.read_table(RELEASE.parquet(table.name))
    names = ", ".join(table.field_names)
    got = db.execute(f"SELECT {names} FROM {table.name}").fetchall()
    expected = [tuple(int(v) if isinstance(v, bool) else v.isoformat()
                      if isinstance(v, date) else v for v in row)
                for row in zip(*(parquet.column(n).to_pylist() for n in table.field_names),
                               strict=True)]
    assert got == expected
    for f in table.fields:
        if f.type == "string":
            empty = db.execute(f"SELECT count(*) FROM {table.name} WHERE {f.name} = ''")
            assert empty.fetchone() == (0,), f.name


CODED = [(t, f) for t in TABLES for f in t.fields if f.enum]


@pytest.mark.parametrize(("table", "field"), CODED, ids=[f"{t.name}.{f.name}" for t, f in CODED])
def test_a_code_outside_the_list_is_refused(db, table, field):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        db.execute(f"UPDATE {table.name} SET {field.name} = 'not a code' "
                   f"WHERE rowid = (SELECT min(rowid) FROM {table.name})")


def test_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("UPDATE figures SET subject_id = 'no_such_entity' "
                   "WHERE rowid = (SELECT min(rowid) FROM figures)")
    with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE|PRIMARY"):
        db.execute("INSERT INTO units SELECT * FROM units LIMIT 1")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def _comparable(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def duck():
    with duckdb.connect(str(RELEASE.duckdb), read_only=True) as con:
        yield con


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_every_view_answers_the_same_rows_as_duckdb(db, duck, view):
    expected = [tuple(_comparable(v) for v in row)
                for row in duck.sql(f"SELECT * FROM {view.name}").fetchall()]
    cursor = db.execute(f"SELECT * FROM {view.name}")
    assert [d[0] for d in cursor.description] == list(view.field_names)
    assert cursor.fetchall() == expected  # in the view's own order
    assert expected  # a view with rows: an empty one would prove nothing


RECIPES = recipes(RELEASE)


def _same_answer(columns: list[str], rows: list[tuple[object, ...]], number: int) -> None:
    expected = answer_rows(number)
    assert columns == list(expected[0]) if expected else True
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert all(same_number(g, w) for g, w in zip(got, want.values(), strict=True)), \
            (got, want)


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: str(r.number))
def test_every_cookbook_question_runs_in_sqlite_with_its_stated_answer(db, recipe):
    cursor = db.execute(to_sqlite(recipe.sql))
    _same_answer([d[0] for d in cursor.description], cursor.fetchall(), recipe.number)


def test_datasette_metadata_describes_every_table_view_and_column(dist):
    meta = json.loads((dist / "baotou_sci_tech.metadata.json").read_text("utf-8"))
    assert meta["title"] and meta["license"] == "CC-BY-4.0" and meta["source"]
    tables = meta["databases"]["baotou_sci_tech"]["tables"]
    assert set(tables) == {t.name for t in TABLES} | {v.name for v in VIEWS}
    figures = tables["figures"]["columns"]
    assert "Unit:" in figures["source_start"] and "单位：" in figures["source_start"]
    assert all(figures[f.name] for f in TABLES[0].fields if f.name in figures)
    items: list[Table | View] = [*TABLES, *VIEWS]
    for item in items:  # in English, then in Chinese
        entry = tables[item.name]
        assert entry["description"].startswith(item.description), item.name
        assert item.description_zh and entry["description"].endswith(item.description_zh)
        for f in item.fields:
            assert f.described_zh and entry["columns"][f.name].endswith(f.described_zh)
    queries = meta["databases"]["baotou_sci_tech"]["queries"]
    assert len(queries) == len(RECIPES) >= 10
    assert "DATE '" not in queries["cookbook_10"]["sql"]  # in SQLite's dialect


DATASETTE_CANNED = """
import asyncio, json, sys
from datasette.app import Datasette

async def main():
    ds = Datasette([sys.argv[1]], metadata=json.load(open(sys.argv[2], encoding="utf-8")))
    answers = {}
    for name in json.loads(sys.argv[3]):
        response = await ds.client.get(f"/baotou_sci_tech/{name}.json?_shape=objects")
        body = response.json()
        answers[name] = {"status": response.status_code, "columns": body.get("columns"),
                         "rows": [list(r.values()) for r in body.get("rows", [])]}
    print(json.dumps(answers))

asyncio.run(main())
"""


def test_datasette_runs_every_canned_query_with_the_cookbooks_answer(dist, tmp_path):
    python = consumer_env("datasette-0.65.lock")
    names = [f"cookbook_{r.number:02d}" for r in RECIPES]
    result = run_python(python, "-c", DATASETTE_CANNED, str(dist / "baotou_sci_tech.sqlite"),
                        str(dist / "baotou_sci_tech.metadata.json"), json.dumps(names),
                        cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout)
    for recipe in RECIPES:
        got = answers[f"cookbook_{recipe.number:02d}"]
        assert got["status"] == 200, recipe.number
        _same_answer(got["columns"], [tuple(r) for r in got["rows"]], recipe.number)


@pytest.mark.parametrize("order", ["x", "x DESC", "x, y DESC", "y NULLS FIRST, x",
                                   "coalesce(x, 5) DESC, x", "x ASC, y"])
def test_sqlite_dialect_sorts_nulls_where_duckdb_does(order):
    sql = ("WITH t(x, y) AS (VALUES (1, 'b'), (NULL, 'a'), (0, NULL), (NULL, NULL), (2, 'a'))\n"
           f"SELECT x, y FROM t ORDER BY {order}")
    relation = duckdb.sql(sql)
    assert relation is not None
    expected = relation.fetchall()
    assert sqlite3.connect(":memory:").execute(to_sqlite(sql)).fetchall() == expected


def test_a_date_literal_becomes_its_iso_text():
    sql = "SELECT count(*) FROM t WHERE d < DATE '2012-01-01' ORDER BY 1"
    assert to_sqlite(sql) == "SELECT count(*) FROM t WHERE d < '2012-01-01' ORDER BY 1 NULLS LAST"

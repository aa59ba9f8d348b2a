"""The metadata is the one source: every rule implemented, every derived artefact consistent."""

from __future__ import annotations

import re

import duckdb
import polars as pl
import pytest

from etl.docs.dictionary import render_dictionary
from etl.metadata import TABLES, TABLES_BY_NAME
from etl.publish.schemas import creation_order, duckdb_ddl, frictionless_schema
from etl.validate.rules import CHECKS
from etl.validate.suites import expectations


def test_every_declared_rule_has_a_check_and_every_check_a_rule():
    declared = {rule.name for t in TABLES for rule in t.rules}
    assert declared == set(CHECKS)


def test_every_column_order_is_declared_and_checked_once_by_the_suite():
    empty = {t.name: pl.DataFrame(schema=t.polars_schema()) for t in TABLES}
    for table in TABLES:
        pairs = [(e.column_B, e.column_A) for e in expectations(table, empty)
                 if type(e).__name__ == "ExpectColumnPairValuesAToBeGreaterThanB"]
        assert pairs == [(o.low, o.high) for o in table.ordered]
        assert {o.low for o in table.ordered} | {o.high for o in table.ordered} <= set(
            table.field_names)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_keys_and_references_name_real_fields(table):
    names = set(table.field_names)
    assert set(table.primary_key) <= names
    for fk in table.foreign_keys:
        assert set(fk.fields) <= names
        assert fk.reference_fields == TABLES_BY_NAME[fk.table].primary_key
    assert all(f.description.strip() for f in table.fields)
    assert re.fullmatch(r"[a-z_]+", table.name)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_derived_schemas_agree_with_the_metadata(table):
    schema = frictionless_schema(table)
    assert [f["name"] for f in schema["fields"]] == list(table.field_names)
    assert [f["type"] for f in schema["fields"]] == [f.type for f in table.fields]
    assert list(table.polars_schema()) == list(table.field_names)
    empty = {t.name: pl.DataFrame(schema=t.polars_schema()) for t in TABLES}
    suite = expectations(table, empty)
    assert suite[0].column_list == list(table.field_names)
    required = {e.column for e in suite if type(e).__name__ == "ExpectColumnValuesToNotBeNull"}
    assert required == {f.name for f in table.fields if f.required}


def test_ddl_creates_every_table_with_a_comment_on_every_column():
    con = duckdb.connect()
    for table in creation_order():
        for statement in duckdb_ddl(table):
            con.execute(statement)
    columns = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns()"
                          " WHERE NOT internal").fetchall()
    assert len(columns) == sum(len(t.fields) for t in TABLES)
    assert all(c for _, _, c in columns)


def test_data_dictionary_is_current():
    from conftest import ROOT

    path = ROOT / "docs" / "data-dictionary.md"
    assert path.read_text("utf-8") == render_dictionary(), "run `etl dictionary`"


def test_data_dictionary_names_every_field():
    text = render_dictionary()
    for table in TABLES:
        assert f"## {table.name}" in text
        for f in table.fields:
            assert f"| `{f.name}` |" in text


def test_every_view_of_the_database_is_declared_column_by_column(release):
    """Names, order, types and comments of each view's columns come from etl/metadata."""
    from etl.metadata import VIEWS

    con = duckdb.connect(str(release.duckdb), read_only=True)
    try:
        built = {name: comment for name, comment in con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert set(built) == {v.name for v in VIEWS}
        for view in VIEWS:
            assert built[view.name].startswith(view.title)
            columns = con.execute(
                "SELECT column_name, data_type, comment FROM duckdb_columns() "
                "WHERE table_name = ? ORDER BY column_index", [view.name]).fetchall()
            assert [(c[0], c[1]) for c in columns] == [(f.name, f.duckdb_type)
                                                     for f in view.fields], view.name
            assert all(c[2] for c in columns), view.name
    finally:
        con.close()

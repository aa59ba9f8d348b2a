"""The metadata is the one source: every rule implemented, every derived artefact consistent."""

from __future__ import annotations

import re
from typing import Any

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


# --- The metadata checks itself when it is declared

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from etl.metadata.model import (  # noqa: E402
    Category,
    Distinct,
    Field,
    ForeignKey,
    MetadataError,
    Ordered,
    StatusDate,
    Table,
    Vocabulary,
    checked,
)

_names = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), min_size=2,
                  max_size=6, unique=True)


def _table(names: list[str], **declared) -> Table:
    fields = tuple(Field(n, "string", "d") for n in names)
    return Table(name="t", title="T", title_zh="表", description="d", fields=fields,
                 **{"primary_key": (names[0],), **declared})


@given(_names, st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
       st.sampled_from(["primary_key", "row_order", "foreign_key", "ordered", "distinct"]))
def test_a_declaration_naming_a_missing_field_is_refused(names, missing, where):
    by_place: dict[str, dict[str, object]] = {
        "primary_key": {"primary_key": (missing,)},
        "row_order": {"row_order": (names[0], missing)},
        "foreign_key": {"foreign_keys": (ForeignKey((missing,), "t", (names[0],)),)},
        "ordered": {"ordered": (Ordered(names[0], missing),)},
        "distinct": {"distinct": (Distinct(missing, names[1]),)},
    }
    declared = by_place[where]
    if missing in names:
        assert _table(names, **declared).name == "t"
    else:
        with pytest.raises(MetadataError, match=missing):
            _table(names, **declared)


@given(_names)
def test_a_foreign_key_must_refer_to_the_target_primary_key(names):
    target = _table(names)
    right = Table(name="u", title="U", title_zh="表", description="d",
                  fields=target.fields, primary_key=(names[0],),
                  foreign_keys=(ForeignKey((names[1],), "t", (names[0],)),))
    assert checked([target, right]) == (target, right)
    with pytest.raises(MetadataError, match="declared twice"):
        checked([target, target])
    wrong = Table(name="u", title="U", title_zh="表", description="d",
                  fields=target.fields, primary_key=(names[0],),
                  foreign_keys=(ForeignKey((names[0],), "t", (names[1],)),))
    with pytest.raises(MetadataError, match="not the primary key"):
        checked([target, wrong])
    with pytest.raises(MetadataError, match="no table"):
        checked([Table(name="u", title="U", title_zh="表", description="d",
                       fields=target.fields, primary_key=(names[0],),
                       foreign_keys=(ForeignKey((names[0],), "nowhere", (names[0],)),))])


@given(st.sampled_from(["integer", "number", "boolean", "date"]),
       st.sampled_from(["enum", "pattern", "iso_date"]))
def test_text_constraints_on_a_non_string_field_are_refused(type_, kind):
    vocabulary = Vocabulary("v", {"a": Category("a", "甲")})
    constraint: dict[str, Any] = {kind: {"enum": vocabulary, "pattern": "[a-z]+",
                                         "iso_date": True}[kind]}
    with pytest.raises(MetadataError, match=kind):
        Field("x", type_, "d", **constraint)
    assert Field("x", "string", "d", **constraint).name == "x"


@given(st.sampled_from(["string", "boolean", "date"]), st.sampled_from(["minimum", "maximum"]))
def test_bounds_on_a_field_that_is_not_a_number_are_refused(type_, kind):
    bound: dict[str, Any] = {kind: 0}
    with pytest.raises(MetadataError, match=kind):
        Field("x", type_, "d", **bound)


def test_a_status_date_must_classify_every_status():
    statuses = Vocabulary("s", {"done": Category("done", "已"), "due": Category("due", "将")})
    fields = (Field("k", "string", "d"), Field("status", "string", "d", enum=statuses),
              Field("when", "string", "d", iso_date=True))

    def table(past: tuple[str, ...], future: tuple[str, ...]) -> Table:
        return Table(name="t", title="T", title_zh="表", description="d", fields=fields,
                     primary_key=("k",),
                     status_dates=(StatusDate("status", "when", past, future),))

    assert table(("done",), ("due",)).status_dates
    with pytest.raises(MetadataError, match="past or future"):
        table(("done",), ())


def test_every_coded_field_reads_its_vocabulary_object():
    from etl.metadata.tables import VOCABULARIES

    enums = [f.enum for t in TABLES for f in t.fields if f.enum is not None]
    assert enums and all(enum is VOCABULARIES[enum.name] for enum in enums)
    for table in TABLES:
        schema = frictionless_schema(table)
        for f, out in zip(table.fields, schema["fields"], strict=True):
            if f.enum is not None:
                assert [c["value"] for c in out["categories"]] == list(f.enum.codes)


def test_every_kind_of_problem_has_its_own_stable_code():
    import importlib

    from etl.problems import Kind
    from etl.validate.rules import KINDS

    modules = ["etl.load.csv_reader", "etl.validate.constraints", "etl.validate.text",
               "etl.validate.suites", "etl.validate.package", "etl.publish.xlsx"]
    kinds = [k for m in modules for k in vars(importlib.import_module(m)).values()
             if isinstance(k, Kind)]
    from etl.validate.suites import FAILED

    kinds += [*KINDS.values(), *FAILED.values()]
    codes = [k.code for k in kinds]
    assert len(set(codes)) == len(codes), sorted(c for c in codes if codes.count(c) > 1)
    assert all(re.fullmatch(r"[A-Z][0-9]{2}", c) for c in codes)
    assert {rule.name for t in TABLES for rule in t.rules} == set(KINDS)

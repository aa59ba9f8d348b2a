"""Frictionless Table Schemas and DuckDB DDL, derived from the table metadata."""

from __future__ import annotations

from importlib import resources
from typing import Any

from etl.metadata import TABLES, VIEWS, Field, Table, View
from etl.metadata.tables import VOCABULARIES


def frictionless_field(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.described}
    if f.described_zh:  # a custom property: every reader tested ignores what it does not know
        out["description_zh"] = f.described_zh
    if f.unit:
        out["unit"] = f.unit
    constraints: dict[str, Any] = {}
    if f.required:
        constraints["required"] = True
    if f.unique:
        constraints["unique"] = True
    if f.enum:
        constraints["enum"] = list(f.enum.codes)
    if f.minimum is not None:
        constraints["minimum"] = _number(f.minimum)
    if f.maximum is not None:
        constraints["maximum"] = _number(f.maximum)
    if f.pattern:
        constraints["pattern"] = f.pattern
    if constraints:
        out["constraints"] = constraints
    if f.enum:  # Data Package 2.0: each code with its English and Chinese label
        out["categories"] = [{"value": code, "label": f"{c.label_en} ({c.label_zh})"}
                             for code, c in f.enum.categories.items()]
    if f.type == "boolean":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def frictionless_schema(table: Table, resource_of: dict[str, str] | None = None) -> dict[str, Any]:
    """Table Schema of one table; `resource_of` maps table names to resource names."""
    resource_of = resource_of or {}
    schema: dict[str, Any] = {
        "fields": [frictionless_field(f) for f in table.fields],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {
                    "resource": "" if fk.table == table.name else resource_of.get(fk.table,
                                                                                  fk.table),
                    "fields": list(fk.reference_fields),
                },
            }
            for fk in table.foreign_keys
        ]
    return schema


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def duckdb_ddl(table: Table) -> list[str]:
    """CREATE TABLE with its keys, then a COMMENT ON the table and on each column.

    Every statement is one DuckDB 1.1 understands (it has no ALTER TABLE … ADD PRIMARY
    KEY): the build's database and the SQL script for the DuckDB command line share them.
    Referenced tables must be created and filled first (`creation_order`).
    """
    columns = [
        f"{f.name} {f.duckdb_type}" + (" NOT NULL" if f.required else "")
        for f in table.fields
    ]
    columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for fk in table.foreign_keys:
        if fk.table == table.name:
            continue  # DuckDB has no self-referencing keys; the suites check these.
        columns.append(f"FOREIGN KEY ({', '.join(fk.fields)}) REFERENCES {fk.table} "
                       f"({', '.join(fk.reference_fields)})")
    about = bilingual(f"{table.title} ({table.title_zh}). {table.description}",
                      table.description_zh)
    statements = [
        f"CREATE TABLE {table.name} (\n    " + ",\n    ".join(columns) + "\n)",
        f"COMMENT ON TABLE {table.name} IS {_sql_string(about)}",
    ]
    for f in table.fields:
        statements.append(f"COMMENT ON COLUMN {table.name}.{f.name} IS "
                          f"{_sql_string(bilingual(f.described, f.described_zh))}")
    return statements


def bilingual(english: str, chinese: str | None) -> str:
    """A comment in both languages: the English, then the Chinese (researchers query in
    either; `duckdb_columns()` and SQLite's schema show one comment)."""
    return f"{english} {chinese}" if chinese else english


def view_comments(view: View) -> list[str]:
    """COMMENT ON the view and on each of its columns (the views' SQL is etl/sql/views.sql)."""
    about = bilingual(f"{view.title} ({view.title_zh}). {view.description}",
                      view.description_zh)
    return [f"COMMENT ON VIEW {view.name} IS {_sql_string(about)}",
            *(f"COMMENT ON COLUMN {view.name}.{f.name} IS "
              f"{_sql_string(bilingual(f.described, f.described_zh))}" for f in view.fields)]


def code_label_rows() -> list[str]:
    """Every code's (vocabulary, code, labels, descriptions) as an SQL row literal."""
    return [f"    ({', '.join(_sql_value(v) for v in values)})" for values in (
        (name, code, c.label_en, c.label_zh, c.description, c.description_zh)
        for name, vocabulary in VOCABULARIES.items()
        for code, c in vocabulary.categories.items())]


def code_labels_sql() -> str:
    """The view `code_labels`, every code's labels from the metadata as literal rows."""
    rows = code_label_rows()
    return ("CREATE VIEW code_labels AS\nSELECT * FROM (VALUES\n" + ",\n".join(rows)
            + "\n) AS labels(vocabulary, code, label_en, label_zh, description, description_zh)\n"
            "ORDER BY vocabulary, code;")


def _sql_value(value: str | None) -> str:
    return "NULL" if value is None else _sql_string(value)


def views_sql() -> str:
    """Every view and its comments, as one script: the code labels from the metadata first,
    then etl/sql/views.sql."""
    text = resources.files("etl.sql").joinpath("views.sql").read_text("utf-8").strip()
    comments = [c + ";" for view in VIEWS for c in view_comments(view)]
    return "\n".join([code_labels_sql(), "", text, "", *comments]) + "\n"


def creation_order() -> list[Table]:
    """Tables ordered so that every referenced table is created (and filled) first."""
    done: list[Table] = []
    pending = list(TABLES)
    while pending:
        for table in pending:
            parents = {fk.table for fk in table.foreign_keys} - {table.name}
            if parents <= {t.name for t in done}:
                done.append(table)
                pending.remove(table)
                break
        else:
            raise ValueError("foreign keys form a cycle")
    return done

"""The release as one SQLite database, for Datasette and the `sqlite3` command line.

Every table with declared types, its primary and foreign keys, NOT NULL where required, a
CHECK for every coded column (its codes), for bounds, booleans (0 or 1) and dates (ISO, real
days); missing values are NULL, never ''. Each column's description is an SQL comment in
the CREATE TABLE, which SQLite keeps in its schema. The rows come from the release's Parquet
files, in published order.

The views are those of the DuckDB database (etl/sql/views.sql, and `code_labels` from the
metadata), put into SQLite's dialect by `to_sqlite`: every rewrite is named there, and the
tests compare each view with DuckDB's row by row.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq

from etl.metadata import Field, Table
from etl.paths import Paths
from etl.publish.schemas import bilingual, code_label_rows, creation_order

FILE_NAME = "baotou_sci_tech.sqlite"
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
                "date": "TEXT"}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def checks(f: Field) -> list[str]:
    """The CHECK constraints of one column: codes, bounds, booleans, dates."""
    out = []
    if f.enum:
        out.append(f"{f.name} IN ({', '.join(_literal(code) for code in f.enum)})")
    if f.minimum is not None:
        out.append(f"{f.name} >= {_number(f.minimum)}")
    if f.maximum is not None:
        out.append(f"{f.name} <= {_number(f.maximum)}")
    if f.type == "boolean":
        out.append(f"{f.name} IN (0, 1)")
    if f.type == "date":
        out.append(f"{f.name} = date({f.name})")
    return out


def _column(f: Field) -> str:
    parts = [f.name, SQLITE_TYPES[f.type]]
    if f.required:
        parts.append("NOT NULL")
    parts += [f"CHECK ({check})" for check in checks(f)]
    return " ".join(parts)


def create_table(table: Table) -> str:
    """CREATE TABLE with every constraint, each column's description as a comment."""
    lines = [f"    {_column(f)},  -- {_comment(bilingual(f.described, f.described_zh))}"
             for f in table.fields]
    constraints = [f"PRIMARY KEY ({', '.join(table.primary_key)})"]
    constraints += [f"FOREIGN KEY ({', '.join(fk.fields)}) REFERENCES {fk.table} "
                    f"({', '.join(fk.reference_fields)})" for fk in table.foreign_keys]
    body = "\n".join(lines) + "\n    " + ",\n    ".join(constraints)
    return (f"CREATE TABLE {table.name} (  -- {_comment(table.title)} ({table.title_zh})\n"
            f"{body}\n)")


def _comment(text: str) -> str:
    return " ".join(text.split())


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def rows(paths: Paths, table: Table) -> list[tuple[object, ...]]:
    data = pq.read_table(paths.parquet(table.name), columns=list(table.field_names))
    columns = [data.column(name).to_pylist() for name in table.field_names]
    return [tuple(_cell(v) for v in row) for row in zip(*columns, strict=True)]


# --- The views, from DuckDB's dialect to SQLite's


def code_labels_view() -> str:
    """`code_labels` as SQLite writes it: a CTE names the columns of its VALUES."""
    return ("CREATE VIEW code_labels AS\nWITH labels(vocabulary, code, label_en, label_zh, "
            "description, description_zh) AS (VALUES\n" + ",\n".join(code_label_rows())
            + "\n)\nSELECT * FROM labels\nORDER BY vocabulary, code NULLS LAST;")


_DATE_LITERAL = re.compile(r"\bDATE\s+('[0-9]{4}-[0-9]{2}-[0-9]{2}')")
_ORDER_BY = re.compile(r"\bORDER BY\b(.*?)(?=;|\)\s*$|\bLIMIT\b|$)", re.S | re.I)


def _nulls_last(clause: str) -> str:
    """Each ORDER BY term without a NULLS placement gets DuckDB's default, NULLS LAST
    (SQLite puts NULLs first in ascending order)."""
    terms, depth, current = [], 0, ""
    for char in clause:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            terms.append(current)
            current = ""
        else:
            current += char
    terms.append(current)
    out = []
    for term in terms:
        stripped = term.rstrip()
        tail = term[len(stripped):]
        if not re.search(r"\bNULLS\s+(FIRST|LAST)$", stripped, re.I):
            stripped += " NULLS LAST"
        out.append(stripped + tail)
    return ",".join(out)


def to_sqlite(sql: str) -> str:
    """DuckDB SQL of this project's views and cookbook into SQLite's dialect.

    Dates are ISO text in SQLite, so a date literal is its text; NULLs sort last as in
    DuckDB. Everything else the views use (CAST … AS VARCHAR/BIGINT, ||, length, UNION,
    NULLS FIRST/LAST, scalar subqueries, USING) SQLite reads as DuckDB does.
    """
    sql = _DATE_LITERAL.sub(r"\1", sql)
    return _ORDER_BY.sub(lambda m: "ORDER BY" + _nulls_last(m.group(1)), sql)


def views_sql() -> list[str]:
    """Every view as a CREATE VIEW statement in SQLite's dialect, in dependency order."""
    text = resources.files("etl.sql").joinpath("views.sql").read_text("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    statements = [s.strip() + ";" for s in body.split(";") if s.strip()]
    return [code_labels_view(), *(to_sqlite(s) for s in statements)]


def write(paths: Paths, out: Path) -> Path:
    """Write the database into `out` (a new file every time); return its path."""
    target = out / FILE_NAME
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target, isolation_level=None)  # transactions as written here
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys = ON")  # entities name parents listed later
        for table in creation_order():
            con.execute(create_table(table))
            marks = ", ".join("?" * len(table.fields))
            con.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows(paths, table))
        for statement in views_sql():
            con.execute(statement)
        con.execute("COMMIT")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ValueError(f"SQLite foreign keys broken: {problems[:5]}")
        con.execute("VACUUM")
    finally:
        con.close()
    return target

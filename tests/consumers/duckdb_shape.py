"""Print, as JSON, everything a DuckDB database holds that a reader sees.

Run by any Python that has some DuckDB (the locked one or an older one in its own venv):
`python duckdb_shape.py DATABASE`. Tables, columns (type, nullability, comment), table and
view comments, constraints, view definitions, every row of every table and view (sorted:
order is compared separately; constraints by their parts, as their text differs between
versions), and each view's rows in the order the view returns them
next to the order of an explicit ORDER BY of all its columns.
"""

from __future__ import annotations

import json
import re
import sys

import duckdb


def order_keys(sql: str) -> list[str] | None:
    """The view's own columns of the last ORDER BY of its definition (qualifiers dropped)."""
    found = re.findall(r"ORDER BY\s+(.+?)\s*\)*;?\s*$", sql, flags=re.S | re.I)
    if not found:
        return None
    return [re.sub(r"^\w+\.", "", key.strip()) for key in found[-1].split(",")]


def shape(path: str) -> dict:
    con = duckdb.connect(path, read_only=True)
    try:
        tables = dict(con.execute(
            "SELECT table_name, comment FROM duckdb_tables() ORDER BY table_name").fetchall())
        views = {name: {"comment": comment, "sql": sql} for name, comment, sql in con.execute(
            "SELECT view_name, comment, sql FROM duckdb_views() WHERE NOT internal "
            "ORDER BY view_name").fetchall()}
        columns = con.execute(
            "SELECT table_name, column_index, column_name, data_type, is_nullable, comment "
            "FROM duckdb_columns() WHERE NOT internal ORDER BY table_name, column_index"
        ).fetchall()
        constraints = sorted(con.execute(
            "SELECT table_name, constraint_type, list_sort(constraint_column_names), "
            "referenced_table, referenced_column_names "
            "FROM duckdb_constraints()").fetchall(), key=str)
        rows: dict[str, object] = {}
        order: dict[str, dict[str, object]] = {}
        for name in [*tables, *views]:
            rows[name] = con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
        for name, view in views.items():
            keys = order_keys(view["sql"])
            order[name] = {"view": con.execute(f"SELECT * FROM {name}").fetchall(),
                           "keys": keys, "explicit": None, "ties": None}
            if keys:
                listed = ", ".join(keys)
                try:
                    order[name]["explicit"] = con.execute(
                        f"SELECT * FROM {name} ORDER BY {listed}").fetchall()
                    bare = ", ".join(re.sub(r"\s+(ASC|DESC|NULLS\s+(FIRST|LAST))\b", "", k,
                                            flags=re.I) for k in keys)
                    ties = con.execute(
                        f"SELECT count(*) > count(DISTINCT ({bare})) FROM {name}"
                    ).fetchone()
                    assert ties is not None
                    order[name]["ties"] = ties[0]
                except duckdb.Error as error:  # ordered by a column it does not return
                    order[name]["error"] = str(error).splitlines()[0]
        return {"version": duckdb.__version__, "tables": tables, "views": views,
                "columns": columns, "constraints": constraints, "rows": rows,
                "order": order}
    finally:
        con.close()


if __name__ == "__main__":
    sys.stdout.write(json.dumps(shape(sys.argv[1]), ensure_ascii=False, default=str))

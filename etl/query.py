"""Read-only SQL on the published DuckDB file, rendered for people or for other programs."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path


class QueryError(Exception):
    """A query that cannot run: bad SQL, a write, or no database."""


def run_query(database: Path, sql: str) -> tuple[list[str], list[tuple]]:
    import duckdb

    if not database.is_file():
        raise QueryError(f"no database at {database}; run `make build` first")
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as err:
        raise QueryError(f"cannot open {database}: {err}") from None
    try:
        cursor = con.execute(sql)
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.Error as err:
        message = str(err).splitlines()[0]
        if "read-only" in message:
            message = "the database is read-only: `etl query` runs queries, not changes"
        raise QueryError(message) from None
    finally:
        con.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value):
    return value.isoformat() if isinstance(value, date) else value


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        records = [{c: _json_value(v) for c, v in zip(columns, row, strict=True)}
                   for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_text(v) for v in row] for row in rows])
        return out.getvalue()
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "markdown":
        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"
        return "\n".join([line(columns), line(["---"] * len(columns)),
                          *(line(r) for r in cells)]) + "\n"
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    def pad(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
    lines = [pad(columns), pad(["-" * w for w in widths]), *(pad(r) for r in cells)]
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} rows)\n"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

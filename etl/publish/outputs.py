"""Write one table as CSV and Parquet, and every table into one DuckDB file."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from etl.metadata import Table
from etl.publish.schemas import creation_order, duckdb_ddl, views_sql

PARQUET_ROW_GROUP = 100_000
PARQUET_COMPRESSION = "snappy"
"""Read by every Parquet reader without add-ons (hyparquet, nanoparquet, DuckDB-Wasm);
zstd would save 15% here (docs/using.md gives the sizes) but needs add-ons in some."""
DUCKDB_STORAGE = "v1.0.0"
"""Storage format of DuckDB 1.0: DuckDB 1.0 on (seen: 1.1 to 2.0) open the file, views,
comments and keys included. Newer formats would lock out DuckDB 1.1–1.3 users."""


def published(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Rows in their published order, columns as declared (no helper columns)."""
    return frame.sort(list(table.sort_keys), nulls_last=True,
                      maintain_order=True).select(table.field_names)


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path, include_header=True, line_terminator="\n", quote_style="necessary",
                    null_value="", date_format="%Y-%m-%d")


def reads_back(frame: pl.DataFrame, table: Table, data: bytes, suffix: str) -> bool:
    """The bytes of a written CSV or Parquet file, read under the schema, hold `frame`."""
    try:
        if suffix == ".csv":
            back = pl.read_csv(data, schema=table.polars_schema())
        else:
            back = pl.read_parquet(io.BytesIO(data))
    except pl.exceptions.PolarsError:
        return False
    return back.equals(frame, null_equal=True)


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema(
        [pa.field(f.name, f.arrow_type(), nullable=not f.required,
                  metadata={"description": f.described}) for f in table.fields],
        metadata={"table": table.name, "description": table.description},
    )


def write_parquet(frame: pl.DataFrame, table: Table, path: Path) -> None:
    """Snappy, fixed row groups, schema with descriptions: the same bytes for the same rows."""
    arrow = frame.to_arrow().cast(arrow_schema(table))
    pq.write_table(arrow, path, compression=PARQUET_COMPRESSION, row_group_size=PARQUET_ROW_GROUP,
                   write_statistics=True, store_schema=True)


def write_duckdb(frames: dict[str, pl.DataFrame], path: Path) -> None:
    """Tables with keys and comments, filled parents first, then the convenience views: all
    in one transaction (a commit per statement costs a third of the time)."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path), config={"storage_compatibility_version": DUCKDB_STORAGE})
    try:
        con.execute("BEGIN TRANSACTION")
        for table in creation_order():
            if table.name not in frames:
                continue
            create, *comments = duckdb_ddl(table)
            con.execute(create)
            con.register("staged_rows", frames[table.name].to_arrow())
            con.execute(f"INSERT INTO {table.name} SELECT * FROM staged_rows")
            con.unregister("staged_rows")
            for statement in comments:
                con.execute(statement)
        con.execute(views_sql())
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()

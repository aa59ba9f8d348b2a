"""Write one table as CSV and Parquet, and every table into one DuckDB file."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import polars as pl

from etl.metadata import Table
from etl.schemas import creation_order, duckdb_ddl, field_description

PARQUET_ROW_GROUP = 100_000
PARQUET_COMPRESSION = "snappy"
"""Read by every Parquet reader without add-ons (hyparquet, nanoparquet, DuckDB-Wasm);
zstd would save 15% here (docs/using.md gives the sizes) but needs add-ons in some."""
DUCKDB_STORAGE = "v1.0.0"
"""Storage format of DuckDB 1.0: DuckDB 1.0 on (seen: 1.1 to 2.0) open the file, views,
comments and keys included. Newer formats would lock out DuckDB 1.1–1.3 users."""


def published(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Rows in their published order, columns as declared (no helper columns).

    Curated tables are usually in order already; then no row is moved.
    """
    columns = frame.select(table.field_names)
    order = frame.select(pl.arg_sort_by(list(table.sort_keys), nulls_last=True,
                                        maintain_order=True)).to_series()
    if order.equals(pl.int_range(frame.height, eager=True, dtype=order.dtype)):
        return columns
    return columns.select(pl.all().gather(order))


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path, include_header=True, line_terminator="\n", quote_style="necessary",
                    null_value="", date_format="%Y-%m-%d")


def reads_back(frame: pl.DataFrame, table: Table, data: bytes, suffix: str) -> bool:
    """The bytes of a written CSV or Parquet file, read under the schema, hold `frame`."""
    from etl.extract import polars_schema

    try:
        if suffix == ".csv":
            back = pl.read_csv(data, schema=polars_schema(table))
        else:
            back = pl.read_parquet(io.BytesIO(data))
    except pl.exceptions.PolarsError:
        return False
    return back.equals(frame, null_equal=True)


def arrow_schema(table: Table):
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "date": pa.date32()}
    return pa.schema(
        [pa.field(f.name, types[f.type], nullable=not f.required,
                  metadata={"description": field_description(f)}) for f in table.fields],
        metadata={"table": table.name, "description": table.description},
    )


def write_parquet(frame: pl.DataFrame, table: Table, path: Path) -> None:
    """Snappy, fixed row groups, schema with descriptions: the same bytes for the same rows."""
    import pyarrow.parquet as pq

    arrow = frame.to_arrow().cast(arrow_schema(table))
    pq.write_table(arrow, path, compression=PARQUET_COMPRESSION,
                   row_group_size=PARQUET_ROW_GROUP, write_statistics=True,
                   store_schema=True, use_dictionary=dictionary_columns(table))


def dictionary_columns(table: Table) -> list[str]:
    """Columns of few distinct values by design: enums, booleans and foreign keys.

    Dictionary pages help such columns; for free text and keys they only cost time (the
    codec compresses those better without).
    """
    keys = {name for fk in table.foreign_keys for name in fk.fields}
    return [f.name for f in table.fields if f.enum or f.type == "boolean" or f.name in keys]


def write_duckdb(frames: dict[str, pl.DataFrame], path: Path) -> None:
    """Tables with keys and comments, filled parents first, then the convenience views."""
    import duckdb

    path.unlink(missing_ok=True)
    # One thread: the file is written beside the CSV and Parquet writers and the suites'
    # worker, and the inserts into indexed tables run on one thread anyway.
    con = duckdb.connect(str(path), config={"storage_compatibility_version": DUCKDB_STORAGE,
                                            "threads": 1})
    try:
        for table in creation_order():
            if table.name not in frames:
                continue
            create, *keys_and_comments = duckdb_ddl(table)
            con.execute(create)
            con.register("staged_rows", frames[table.name].to_arrow())
            con.execute(f"INSERT INTO {table.name} SELECT * FROM staged_rows")
            con.unregister("staged_rows")
            for statement in keys_and_comments:
                con.execute(statement)
        con.execute(resources.files("etl.sql").joinpath("views.sql").read_text("utf-8"))
        con.execute("CHECKPOINT")
    finally:
        con.close()

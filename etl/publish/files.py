"""The release files beside the tables: the SQL script and the Excel workbook.

`write_extra_files` is called by the build's staging step; `extra_resources` gives what
datapackage.json lists beside the CSV tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from etl.metadata import Table
from etl.paths import Paths
from etl.publish import sql_script, xlsx


def write_extra_files(frames: dict[str, pl.DataFrame], paths: Paths) -> dict[str, str]:
    """Write both files of the release under `paths`; return their sha256 by relative path."""
    sql_script.write_script(paths)
    xlsx.write_xlsx(frames, paths.workbook)
    return {paths.rel(path): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in (paths.sql_script, paths.workbook)}


def sha256(paths: Paths, path: Path, known: Mapping[str, str] | None = None) -> str:
    """The sha256 its writer computed (`known`, by relative path), or the file's own."""
    rel = paths.rel(path)
    return known[rel] if known and rel in known else hashlib.sha256(path.read_bytes()).hexdigest()


def _file_resource(paths: Paths, path: Path, known: Mapping[str, str] | None, *, name: str,
                   title: str, description: str, format: str, mediatype: str,
                   encoding: str | None = None) -> dict[str, Any]:
    """A release file as a resource: what it is, where, its size and hash."""
    return {"name": name, "title": title, "description": description, "path": paths.rel(path),
            "format": format, "mediatype": mediatype,
            **({"encoding": encoding} if encoding else {}),
            "bytes": path.stat().st_size, "hash": f"sha256:{sha256(paths, path, known)}"}


def extra_resources(paths: Paths, known: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The resources of datapackage.json beside the CSV tables: the SQL script only.

    frictionless-py infers a table from the format `parquet` or `xlsx` whatever the
    descriptor says, and reads those only with its extras (pandas, openpyxl): listed as
    resources, the Parquet copies and the workbook make a plain `pip install frictionless`
    call the package invalid. They are named in the package description and listed, with
    size and hash, in the portal exports (`etl export ckan`).
    """
    return [sql_resource(paths, known)]


PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def parquet_resource(table: Table, paths: Paths,
                     known: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Parquet copy: typed and self-describing, so it carries no Table Schema of its own.

    Not a resource of datapackage.json (see `extra_resources`): the portal exports list it.
    The tests check its content against the CSV resource.
    """
    return _file_resource(
        paths, paths.parquet(table.name), known, name=f"{table.name}-parquet",
        title=f"{table.title} ({table.title_zh}), Parquet",
        description=(f"The `{table.name}` table as Parquet (snappy): the same rows and columns "
                     f"as `{table.name}.csv`, typed, with every column's description in the "
                     "file's schema."),
        format="parquet", mediatype=PARQUET_MEDIATYPE)


def xlsx_resource(paths: Paths, known: Mapping[str, str] | None = None) -> dict[str, Any]:
    return _file_resource(
        paths, paths.workbook, known, name="workbook-xlsx",
        title="Every table in one Excel workbook (全部数据表的 Excel 工作簿)",
        description=(
            "For Excel and WPS: a first sheet `about` describing the package, the tables and "
            "every field (type, unit, description), then one sheet per table, named as the "
            "table, with the same rows as its CSV: numbers, booleans and dates as typed "
            "cells, missing values as empty cells."),
        format="xlsx", mediatype=xlsx.MEDIATYPE)


def sql_resource(paths: Paths, known: Mapping[str, str] | None = None) -> dict[str, Any]:
    return _file_resource(
        paths, paths.sql_script, known, name="duckdb-sql-script",
        title="SQL script that builds the DuckDB database from the Parquet files",
        description=(
            "For the DuckDB command line (1.1 or later), no Python needed: run "
            f"`duckdb baotou.duckdb < {paths.rel(paths.sql_script)}` from the package root. "
            "It creates every table with its types, keys and comments from the Parquet files "
            "and the views in English and Chinese, as in the database the build writes."),
        format="sql", mediatype=sql_script.MEDIATYPE, encoding="utf-8")

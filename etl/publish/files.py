"""The release files beside the tables: the SQL script and the Excel workbook.

`write_extra_files` is called by the build's staging step; `extra_resources` gives what
datapackage.json lists beside the CSV tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from etl.publish import sql_script, xlsx


def write_extra_files(frames: dict[str, pl.DataFrame], root: Path) -> dict[str, str]:
    """Write both files under `root`; return their sha256 by path relative to the root."""
    sql_script.write_script(root / sql_script.SCRIPT_PATH)
    xlsx.write_xlsx(frames, root / xlsx.XLSX_PATH)
    return {path: hashlib.sha256((root / path).read_bytes()).hexdigest()
            for path in (sql_script.SCRIPT_PATH, xlsx.XLSX_PATH)}


def _digest(root: Path, path: str, known: Mapping[str, str] | None) -> str:
    if known and path in known:
        return known[path]
    return hashlib.sha256((root / path).read_bytes()).hexdigest()


def extra_resources(root: Path, known: Mapping[str, str] | None = None) -> list[dict]:
    """The resources of datapackage.json beside the CSV tables: the SQL script only.

    frictionless-py infers a table from the format `parquet` or `xlsx` whatever the
    descriptor says, and reads those only with its extras (pandas, openpyxl): listed as
    resources, the Parquet copies and the workbook make a plain `pip install frictionless`
    call the package invalid. They are named in the package description and listed, with
    size and hash, in the portal exports (`etl export ckan`).
    """
    return [sql_resource(root, known)]


def xlsx_resource(root: Path, known: Mapping[str, str] | None = None) -> dict:
    return {
            "name": "workbook-xlsx",
            "title": "Every table in one Excel workbook (全部数据表的 Excel 工作簿)",
            "description": (
                "For Excel and WPS: a first sheet `about` describing the package, the tables "
                "and every field (type, unit, description), then one sheet per table, named "
                "as the table, with the same rows as its CSV: numbers, booleans and dates "
                "as typed cells, missing values as empty cells."),
            "path": xlsx.XLSX_PATH,
            "format": "xlsx",
            "mediatype": xlsx.MEDIATYPE,
            "bytes": (root / xlsx.XLSX_PATH).stat().st_size,
            "hash": f"sha256:{_digest(root, xlsx.XLSX_PATH, known)}",
        }


def sql_resource(root: Path, known: Mapping[str, str] | None = None) -> dict:
    return {
            "name": "duckdb-sql-script",
            "title": "SQL script that builds the DuckDB database from the Parquet files",
            "description": (
                "For the DuckDB command line (1.1 or later), no Python needed: run "
                f"`duckdb baotou.duckdb < {sql_script.SCRIPT_PATH}` from the package root. "
                "It creates every table with its types, keys and comments from the Parquet "
                "files and the views in English and Chinese, as in the database the build "
                "writes."),
            "path": sql_script.SCRIPT_PATH,
            "format": "sql",
            "mediatype": sql_script.MEDIATYPE,
            "encoding": "utf-8",
            "bytes": (root / sql_script.SCRIPT_PATH).stat().st_size,
            "hash": f"sha256:{_digest(root, sql_script.SCRIPT_PATH, known)}",
        }

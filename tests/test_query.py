"""`etl query`: SQL from an argument, a file or stdin; four formats; read-only, politely."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from conftest import run, run_process


def _digest(paths) -> str:
    return hashlib.sha256(paths.duckdb.read_bytes()).hexdigest()


SQL = "SELECT figure_id, value FROM figures ORDER BY figure_id"


def test_formats(mini_built):
    rows = json.loads(run(mini_built.root, "query", SQL, "--format", "json").output)
    assert rows == [{"figure_id": "extruder", "value": 36000.0},
                    {"figure_id": "partners", "value": 50.0},
                    {"figure_id": "tensile", "value": None}]
    table = list(csv.reader(io.StringIO(run(mini_built.root, "query", SQL, "--format",
                                            "csv").output)))
    assert table == [["figure_id", "value"], ["extruder", "36000"], ["partners", "50"],
                     ["tensile", ""]]
    markdown = run(mini_built.root, "query", SQL, "--format", "markdown").output.splitlines()
    assert markdown[:3] == ["| figure_id | value |", "| --- | --- |", "| extruder | 36000 |"]
    plain = run(mini_built.root, "query", SQL).output
    assert "extruder" in plain and "(3 rows)" in plain


def test_sql_from_a_file_and_from_stdin(mini_built, tmp_path):
    path = tmp_path / "q.sql"
    path.write_text("SELECT count(*) AS n FROM figures", encoding="utf-8")
    assert json.loads(run(mini_built.root, "query", "-f", str(path), "--format",
                          "json").output) == [{"n": 3}]
    assert json.loads(run(mini_built.root, "query", "--format", "json",
                          input="SELECT count(*) AS n FROM units").output) == [{"n": 5}]


def test_chinese_names_query(mini_built):
    out = run(mini_built.root, "query",
              "SELECT entity_id FROM entity_names WHERE name = '中科院'", "--format", "csv")
    assert out.output.splitlines() == ["entity_id", "cas"]


@pytest.mark.parametrize("sql", [
    "INSERT INTO lists VALUES ('x', 'x', 'x', NULL, 1)",
    "CREATE TABLE t (a INT)",
    "DROP VIEW timeline",
    "UPDATE figures SET value = 0",
])
def test_writes_are_refused_and_the_file_is_unchanged(mini_built, sql):
    before = _digest(mini_built)
    result = run_process(mini_built.root, "query", sql)
    assert result.returncode == 3
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(mini_built) == before


def test_bad_sql_gets_a_readable_message(mini_built):
    result = run_process(mini_built.root, "query", "SELEC 1")
    assert result.returncode == 3
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_no_sql_is_a_usage_error(mini_built):
    assert run_process(mini_built.root, "query").returncode == 2


def test_missing_database(mini):
    result = run_process(mini.root, "query", "SELECT 1")
    assert result.returncode == 3 and "make build" in result.stderr


def test_the_database_opens_in_the_duckdb_cli_api(mini_built):
    import duckdb

    con = duckdb.connect(str(mini_built.duckdb), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM figures_bilingual").fetchone() == (3,)
    finally:
        con.close()


def test_the_database_opens_unchanged_in_the_duckdb_command_line(release):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    assert cli, "the duckdb-cli package installs the DuckDB command line"
    before = _digest(release)
    out = subprocess.run([cli, "-readonly", "-csv", str(release.duckdb), "-c",
                          "SELECT count(*) AS n FROM figures_bilingual"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "78"
    assert _digest(release) == before

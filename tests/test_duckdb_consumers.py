"""DuckDB users: an older DuckDB opens the built file; the SQL script rebuilds the same
database with nothing but DuckDB (the locked command line, and DuckDB 1.1); views return
their rows in a defined order."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from consumer_envs import consumer_env, run_python

from etl.metadata import TABLES, VIEWS
from etl.paths import Paths
from etl.publish.sql_script import script

SCRIPT = Paths(ROOT).sql_script

SHAPE = ROOT / "tests" / "consumers" / "duckdb_shape.py"
CLI = ROOT / ".venv" / "bin" / "duckdb"
VIEW_NAMES = tuple(v.name for v in VIEWS)


@pytest.fixture(scope="session")
def old_duckdb() -> Path:
    """The Python of a venv with DuckDB 1.1.3 (tests/consumers/duckdb-1.1.lock)."""
    return consumer_env("duckdb-1.1.lock")


def shape(python: Path, database: Path) -> dict:
    result = run_python(python, str(SHAPE), str(database))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def from_script_cli(tmp_path_factory) -> Path:
    """The database the committed script builds with the locked DuckDB command line."""
    if not CLI.is_file() and not shutil.which("duckdb"):
        pytest.skip("no duckdb command line")
    database = tmp_path_factory.mktemp("script-cli") / "baotou.duckdb"
    with open(SCRIPT, "rb") as sql:
        result = subprocess.run([str(CLI if CLI.is_file() else "duckdb"), str(database)],
                                stdin=sql, cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return database


@pytest.fixture(scope="session")
def from_script_old(tmp_path_factory, old_duckdb) -> Path:
    """The database the committed script builds with DuckDB 1.1.3."""
    database = tmp_path_factory.mktemp("script-old") / "baotou.duckdb"
    code = ("import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
            f"con.execute(open({str(SCRIPT)!r}, encoding='utf-8').read()); "
            "con.close()")
    result = run_python(old_duckdb, "-c", code, str(database), cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return database


def test_the_committed_script_is_the_one_the_metadata_gives(release, tmp_path):
    assert release.sql_script.read_bytes() == script(release).encode("utf-8")
    # Nothing in it depends on where the tree lies: the script of an empty tree elsewhere
    # is the same, and fills every table from its own Parquet file, by relative path.
    elsewhere = script(Paths(tmp_path / "elsewhere"))
    assert elsewhere == script(release)
    for table in TABLES:
        assert f"FROM read_parquet('data/processed/{table.name}.parquet');" in elsewhere


def test_the_script_uses_relative_parquet_paths_only(release):
    text = script(release)
    for table in TABLES:
        assert f"read_parquet('data/processed/{table.name}.parquet')" in text
    assert str(ROOT) not in text
    assert "ADD PRIMARY KEY" not in text  # DuckDB 1.1 has no ALTER TABLE … ADD PRIMARY KEY


def test_duckdb_1_1_opens_the_built_file_and_queries_every_table_and_view(release,
                                                                          old_duckdb):
    old = shape(old_duckdb, release.duckdb)
    assert old["version"].startswith("1.1.")
    assert set(old["tables"]) == {t.name for t in TABLES}
    assert set(old["views"]) == set(VIEW_NAMES)
    assert all(old["tables"].values()) and all(v["comment"] for v in old["views"].values())
    assert {kind for _, kind, *_ in old["constraints"]} == {"PRIMARY KEY", "FOREIGN KEY",
                                                            "NOT NULL"}
    for name in [*old["tables"], *old["views"]]:
        assert old["rows"][name], f"{name} is empty in DuckDB 1.1"
    new = shape(ROOT / ".venv" / "bin" / "python", release.duckdb)
    assert old["rows"] == new["rows"] and old["columns"] == new["columns"]


def _same_database(built: dict, rebuilt: dict, same_writer: bool) -> None:
    assert rebuilt["tables"] == built["tables"]  # names and comments
    assert rebuilt["columns"] == built["columns"]  # names, order, types, NULLs, comments
    assert rebuilt["constraints"] == built["constraints"]
    assert {n: v["comment"] for n, v in rebuilt["views"].items()} == \
        {n: v["comment"] for n, v in built["views"].items()}
    if same_writer:  # a view's stored text is as the DuckDB that created it prints it
        assert {n: v["sql"] for n, v in rebuilt["views"].items()} == \
            {n: v["sql"] for n, v in built["views"].items()}
    assert rebuilt["rows"] == built["rows"]


def test_the_script_run_by_the_duckdb_command_line_rebuilds_the_built_database(
        release, from_script_cli):
    python = ROOT / ".venv" / "bin" / "python"
    _same_database(shape(python, release.duckdb), shape(python, from_script_cli),
                   same_writer=True)


def test_the_script_run_by_duckdb_1_1_rebuilds_the_built_database(release, from_script_old,
                                                                  old_duckdb):
    _same_database(shape(old_duckdb, release.duckdb), shape(old_duckdb, from_script_old),
                   same_writer=False)
    python = ROOT / ".venv" / "bin" / "python"  # and the new DuckDB reads what 1.1 wrote
    _same_database(shape(python, release.duckdb), shape(python, from_script_old),
                   same_writer=False)


def _views_in_order(python: Path, database: Path) -> dict[str, list]:
    return {name: o["view"] for name, o in shape(python, database)["order"].items()}


def _undefined_order(order: dict) -> list[str]:
    """Views whose rows are not those of an explicit ORDER BY of their own columns without
    ties: no ORDER BY, ordered by a column they do not return, or ties left to chance."""
    out = []
    for name, o in sorted(order.items()):
        if not o["keys"]:
            out.append(f"{name}: no ORDER BY")
        elif o.get("error"):
            out.append(f"{name}: ORDER BY {', '.join(o['keys'])}: {o['error']}")
        elif o["ties"]:
            out.append(f"{name}: ORDER BY {', '.join(o['keys'])} leaves ties")
        elif o["explicit"] != o["view"]:
            out.append(f"{name}: rows not in their ORDER BY")
    return out


def test_every_view_returns_its_rows_in_a_defined_order(release, old_duckdb):
    """Each view returns its rows as an explicit ORDER BY of its own columns would, with no
    ties; the same twice, and the same in DuckDB 1.1 as in the locked DuckDB."""
    python = ROOT / ".venv" / "bin" / "python"
    new, old = shape(python, release.duckdb)["order"], shape(old_duckdb, release.duckdb)["order"]
    assert set(new) == set(VIEW_NAMES)
    assert not _undefined_order(new), _undefined_order(new)
    assert not _undefined_order(old), _undefined_order(old)
    assert _views_in_order(python, release.duckdb) == _views_in_order(python, release.duckdb)
    assert {n: o["view"] for n, o in old.items()} == {n: o["view"] for n, o in new.items()}

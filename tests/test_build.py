"""The build on the small valid tree: every stage, every output, equal content everywhere."""

from __future__ import annotations

import hashlib
import json

import duckdb
import jsonschema
import polars as pl
import pytest
from conftest import ROOT, run, snapshot
from frictionless import Package, system

from etl.metadata import TABLES
from etl.paths import Paths
from etl.publish.versioning import data_digest, read_lock

SPEC = ROOT / "tests" / "profiles" / "datapackage-2.0"


def test_outputs_exist(mini_built: Paths):
    for table in TABLES:
        assert (mini_built.processed / f"{table.name}.csv").is_file()
        assert (mini_built.processed / f"{table.name}.parquet").is_file()
    assert mini_built.duckdb.is_file()
    assert mini_built.descriptor.is_file()
    assert not mini_built.staging.exists()
    assert not mini_built.journal.exists()


def test_values_are_derived_from_the_printed_text(mini_built: Paths):
    figures = pl.read_csv(mini_built.processed / "figures.csv", infer_schema=False)
    rows = {r["figure_id"]: r for r in figures.iter_rows(named=True)}
    assert rows["extruder"]["value"] == "36000.0" and rows["extruder"]["unit"] == "t"
    assert rows["partners"]["qualifier"] == "more_than"
    tensile = rows["tensile"]
    assert (tensile["value"], tensile["value_low"], tensile["value_high"]) == (None, "25.0",
                                                                              "30.0")
    text = mini_built.source_text.read_text("utf-8")
    for row in figures.iter_rows(named=True):
        assert text[int(row["source_start"]):int(row["source_end"])] == row["quote"]


def _duckdb_frame(paths: Paths, table: str) -> pl.DataFrame:
    con = duckdb.connect(str(paths.duckdb), read_only=True)
    try:
        frame = pl.from_arrow(con.sql(f"SELECT * FROM {table}").to_arrow_table())
        assert isinstance(frame, pl.DataFrame)
        return frame
    finally:
        con.close()


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_csv_parquet_and_duckdb_hold_the_same_rows(mini_built: Paths, table):

    schema = table.polars_schema()
    csv = pl.read_csv(mini_built.processed / f"{table.name}.csv", schema=schema)
    parquet = pl.read_parquet(mini_built.processed / f"{table.name}.parquet")
    db = _duckdb_frame(mini_built, table.name).sort(table.sort_keys, nulls_last=True)
    assert csv.height > 0
    assert csv.equals(parquet, null_equal=True)
    assert csv.equals(db.cast(schema), null_equal=True)


def test_every_duckdb_table_and_column_has_a_comment(mini_built: Paths):
    con = duckdb.connect(str(mini_built.duckdb), read_only=True)
    try:
        tables = dict(con.execute(
            "SELECT table_name, comment FROM duckdb_tables()").fetchall())
        columns = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables())"
        ).fetchall()
        views = dict(con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    finally:
        con.close()
    assert set(tables) == {t.name for t in TABLES}
    assert all(tables.values())
    assert len(columns) == sum(len(t.fields) for t in TABLES)
    assert all(comment for _, _, comment in columns)
    assert views and all(views.values())


def test_descriptor_passes_frictionless(mini_built: Paths):
    with system.use_context(trusted=True):
        report = Package(str(mini_built.descriptor)).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_descriptor_passes_the_datapackage_2_profile(mini_built: Paths):
    profile = json.loads((SPEC / "datapackage.json").read_text("utf-8"))
    descriptor = json.loads(mini_built.descriptor.read_text("utf-8"))
    errors = list(jsonschema.Draft7Validator(profile).iter_errors(descriptor))
    assert not errors, [e.message for e in errors]


def test_descriptor_records_true_sizes_hashes_and_schemas(mini_built: Paths):
    descriptor = json.loads(mini_built.descriptor.read_text("utf-8"))
    by_path = {r["path"]: r for r in descriptor["resources"]}
    assert len(by_path) == len(TABLES) + 1  # every CSV table, and the DuckDB SQL script
    for path, resource in by_path.items():
        data = (mini_built.root / path).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        if "bytes" in resource:
            assert resource["bytes"] == len(data)
        assert resource["description"]
    for table in TABLES:
        schema = by_path[f"data/processed/{table.name}.csv"]["schema"]
        assert [(f["name"], f["type"], f.get("constraints", {}).get("required", False))
                for f in schema["fields"]] == [(f.name, f.type, f.required)
                                               for f in table.fields]
        assert schema["primaryKey"] == list(table.primary_key)
        assert all(f["description"] for f in schema["fields"])


# The writers make the bytes; that a fresh process checks the same data to the same bytes
# is test_same_raw_data_gives_the_same_bytes_in_any_environment.
def test_rebuild_gives_identical_bytes_and_changes_nothing(mini_built: Paths, checks_store):
    before = snapshot(mini_built)
    result = run(mini_built.root, "build", checks=checks_store)
    assert result.exit_code == 0, result.output
    assert snapshot(mini_built) == before
    # at most the DuckDB file, whose bytes may hold a random id (not always in the v1.0.0
    # storage format); every other file is compared above
    assert "; 0 file(s) changed" in result.output or "; 1 file(s) changed" in result.output


def test_the_release_lock_holds_the_digest_of_the_published_csv_files(mini_built: Paths):
    """The build reuses the digests it took while staging; they must be the files' own."""
    lock = read_lock(mini_built)
    assert lock is not None and lock["data_sha256"] == data_digest(mini_built)
    one_off = {"data/processed/figures.csv": "00" * 32}
    assert data_digest(mini_built, one_off) != lock["data_sha256"]


def test_validate_publishes_nothing(mini: Paths, checks_store):
    # what is at issue is what gets written: the checks of this raw data are reused
    result = run(mini.root, "validate", checks=checks_store)
    assert result.exit_code == 0, result.output
    assert not mini.processed.exists() and not mini.descriptor.exists()
    assert not mini.staging.exists()


def test_progress_is_reported_and_quiet_silences_it(mini: Paths, checks_store):
    loud = run(mini.root, "build")
    assert "[1/7] load" in loud.output and "[7/7] publish" in loud.output
    quiet = run(mini.root, "--quiet", "build", checks=checks_store)  # checked above
    assert quiet.exit_code == 0 and quiet.output == ""


def test_validation_report_is_written_with_every_expectation(mini_built: Paths):
    report = json.loads((mini_built.processed / "validation_report.json").read_text("utf-8"))
    assert report["great_expectations"]["success"] is True
    tables = {e["table"] for e in report["great_expectations"]["expectations"]}
    assert tables == {t.name for t in TABLES}
    assert report["frictionless"]["valid"] is True


def test_parquet_carries_column_descriptions(mini_built: Paths):
    import pyarrow.parquet as pq

    schema = pq.read_schema(mini_built.processed / "figures.parquet")
    assert schema.field("value_as_printed").metadata[b"description"]


def test_frictionless_in_the_build_names_a_cell_the_files_break(mini_built: Paths, tmp_path):
    """The build's second net reads the staged files as a consumer does: a cell that breaks
    its field's type is a problem naming the file and line (its foreign keys are the suites',
    so a reference to nothing is left to them)."""
    import shutil

    from etl.validate.package import validate_package

    paths = Paths(tmp_path / "tree")
    shutil.copytree(mini_built.root, paths.root)
    units = paths.csv("units")
    text = units.read_text("utf-8")
    assert ",1.0," in text
    units.write_text(text.replace(",1.0,", ",one,", 1), encoding="utf-8")
    problems, summary = validate_package(paths.descriptor)
    assert not summary["valid"]
    cell = [p for p in problems if p.rule == "frictionless:type-error"]
    assert [(p.file, p.line, p.column, p.value) for p in cell] == [
        (paths.rel(units), 2, "factor", "one")]
    figures = paths.csv("figures")
    figures.write_text(figures.read_text("utf-8").replace(",baotou,", ",nobody,", 1),
                       encoding="utf-8")
    assert not [p for p in validate_package(paths.descriptor)[0]
                if p.rule == "frictionless:foreign-key"]

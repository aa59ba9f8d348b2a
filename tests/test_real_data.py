"""The curated release itself: row counts, traceability of every row, key figures, the lists."""

from __future__ import annotations

import hashlib
import json

import polars as pl
import pytest
from frictionless import Package, system

from etl.metadata import TABLES, TABLES_BY_NAME
from etl.metadata import package as pkg
from etl.publish.versioning import data_digest, read_lock

ROW_COUNTS = {
    "sources": 1,
    "units": 31,
    "entities": 101,
    "entity_aliases": 122,
    "corrections": 32,
    "figures": 78,
    "events": 19,
    "relations": 83,
    "lists": 67,
    "list_items": 264,
}


def _table(release, name: str) -> pl.DataFrame:
    return pl.read_csv(release.processed / f"{name}.csv",
                       schema=TABLES_BY_NAME[name].polars_schema())


def test_row_counts(release):
    assert {t.name: _table(release, t.name).height for t in TABLES} == ROW_COUNTS


QUOTING = [t.name for t in TABLES if "quote" in t.field_names]


@pytest.mark.parametrize("name", QUOTING)
def test_every_row_cites_its_place_in_the_source(release, name):
    text = release.source_text.read_text("utf-8")
    frame = _table(release, name)
    bad = [row for row in frame.iter_rows(named=True)
           if not row["quote"] or row["source_start"] is None
           or text[row["source_start"]:row["source_end"]] != row["quote"]]
    assert not bad


def test_every_alias_is_printed_in_the_article(release):
    text = release.source_text.read_text("utf-8")
    for alias in _table(release, "entity_aliases")["alias_zh"]:
        assert alias in text


def _figure(release, figure_id: str) -> dict:
    rows = _table(release, "figures").filter(pl.col("figure_id") == figure_id).to_dicts()
    assert rows, figure_id
    return rows[0]


@pytest.mark.parametrize(("figure_id", "value", "unit", "qualifier", "status", "ref_date"), [
    ("fig_partner_institutions_2012", 50, "count", "more_than", "reported", "2012-09"),
    ("fig_tsinghua_projects", 49, "count", "exact", "reported", "2012-09"),
    ("fig_cas_projects", 30, "count", "exact", "reported", "2012-09"),
    ("fig_cooperation_projects", 120, "count", "more_than", "reported", "2012-09"),
    ("fig_press_force", 36000, "t", "exact", "reported", "2012-09"),
    ("fig_press_weight_reduction", 3, "times", "at_least", "reported", "2012-09"),
    ("fig_shenhua_polyolefins", 600000, "t", "exact", "reported", "2012-09"),
    ("fig_shenhua_c4_c5", 125000, "t", "exact", "reported", "2012-09"),
    ("fig_brire_pilot_planned_output_value", 100000000, "cny", "exact", "planned", "2012-09"),
    ("fig_enterprises_with_cooperation_2017", 80, "percent", "at_least", "target", "2017"),
    ("fig_qige_er_service_agencies", 20, "count", "at_least", "target", "2017"),
    ("fig_rail_share_jinghu", 60, "percent", "exact", "reported", "2012-09"),
    ("fig_rail_test_speed", 486.1, "km_per_h", "exact", "reported", "2012-09"),
    ("fig_si_production_cost", 100000, "cny_per_t", "at_most", "reported", "2012-09"),
    ("fig_si_phosphorus", 0.2, "ppmw", "less_than", "reported", "2012-09"),
    ("fig_si_purity", 6.5, "nines", "about", "reported", "2012-09"),
    ("fig_foreign_price_reduction", 50, "percent", "about", "reported", "2012-09"),
    ("fig_steel_high_value_share_increase", 20, "percentage_point", "exact", "target",
     "2020"),
])
def test_key_figures(release, figure_id, value, unit, qualifier, status, ref_date):
    row = _figure(release, figure_id)
    assert row["value"] == pytest.approx(value)
    assert (row["unit"], row["qualifier"], row["status"], row["ref_date"]) == (
        unit, qualifier, status, ref_date)


def test_ranges_fill_low_and_high_only(release):
    row = _figure(release, "fig_bainite_tensile_strength_increase")
    assert (row["value"], row["value_low"], row["value_high"], row["qualifier"]) == (
        None, 25.0, 30.0, "range")


def test_the_seven_twos_are_seven_targets_for_2017(release):
    items = _table(release, "list_items").filter(pl.col("list_id") == "qige_er_targets")
    assert items.height == 7
    targets = _table(release, "figures").filter(pl.col("figure_id").str.starts_with(
        "fig_qige_er_") & (pl.col("figure_id") != "fig_qige_er_target_count"))
    assert targets.height == 7
    assert set(targets["ref_date"]) == {"2017"} and set(targets["status"]) == {"target"}


@pytest.mark.parametrize(("list_id", "count"), [
    ("pillar_industries", 6), ("five_programmes", 5), ("qige_er_targets", 7),
    ("four_functional_materials", 4), ("stb_honours", 2), ("strategic_resources", 3),
    ("planned_research_institutes", 6), ("academician_workstations", 8),
    ("industry_alliances", 3),
])
def test_the_required_lists(release, list_id, count):
    lists = _table(release, "lists").filter(pl.col("list_id") == list_id)
    assert lists["item_count"].to_list() == [count]


def test_the_known_repairs_are_recorded_and_linked(release):
    corrections = _table(release, "corrections")
    printed = set(corrections["quote"])
    assert {"煤研石", "钷", "1.5×10⁻⁶atoms/cm³", "4.0×10⁻⁶atoms/cm³"} <= printed
    joins = corrections.filter(pl.col("kind") == "column_break_join")
    assert joins.height >= 7
    assert _figure(release, "fig_si_oxygen")["correction_id"] == "c15_mis_oxygen_exponent"
    assert _figure(release, "fig_brire_pilot_planned_capacity")["subject_id"] == \
        "brire_pilot_base"


def test_the_committed_descriptor_is_valid_and_matches_the_files(release):
    with system.use_context(trusted=True):
        report = Package(str(release.descriptor)).validate()
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads(release.descriptor.read_text("utf-8"))
    for resource in descriptor["resources"]:
        data = (release.root / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert descriptor["version"] == pkg.VERSION


def test_the_version_was_raised_when_the_data_changed(release):
    lock = read_lock(release)
    assert lock == {"version": pkg.VERSION, "data_sha256": data_digest(release)}, (
        "the published data differ from what this version recorded: raise VERSION")


def test_changelog_and_citation_carry_the_version(release):
    changelog = (release.root / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{pkg.VERSION}] - {pkg.RELEASE_DATE}" in changelog
    citation = (release.root / "CITATION.cff").read_text("utf-8")
    assert f"version: {pkg.VERSION}" in citation


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_csv_parquet_and_duckdb_of_the_release_are_equal(release, table):
    import duckdb

    csv = _table(release, table.name)
    parquet = pl.read_parquet(release.processed / f"{table.name}.parquet")
    con = duckdb.connect(str(release.duckdb), read_only=True)
    try:
        db = pl.from_arrow(con.sql(f"SELECT * FROM {table.name}").to_arrow_table())
    finally:
        con.close()
    db = db.cast(table.polars_schema()).sort(table.sort_keys, nulls_last=True,
                                            maintain_order=True)
    assert csv.equals(parquet, null_equal=True)
    assert csv.equals(db, null_equal=True)


def test_the_database_declares_every_primary_and_foreign_key(release):
    import duckdb

    con = duckdb.connect(str(release.duckdb), read_only=True)
    declared = {(t, kind, tuple(cols)) for t, kind, cols in con.execute(
        "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()"
        " WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')").fetchall()}
    con.close()
    expected = {(t.name, "PRIMARY KEY", t.primary_key) for t in TABLES}
    expected |= {(t.name, "FOREIGN KEY", fk.fields) for t in TABLES for fk in t.foreign_keys
                 if fk.table != t.name}
    assert declared == expected

"""The curated release itself: row counts, traceability of every row, key figures, the lists."""

from __future__ import annotations

import hashlib
import json

import polars as pl
import pytest
from counts import ROW_COUNTS
from frictionless import Package, system

from etl.metadata import TABLES, TABLES_BY_NAME
from etl.metadata import package as pkg
from etl.publish.versioning import data_digest, read_lock


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
    aliases = _table(release, "entity_aliases")
    printed = aliases.filter(pl.col("alias_kind") == "printed")["alias_zh"]
    assert len(printed) == 131
    for alias in printed:
        assert alias in text
    for alias in aliases.filter(pl.col("alias_kind") != "printed")["alias_zh"]:
        assert alias not in text


def _figure(release, figure_id: str) -> dict:
    rows = _table(release, "figures").filter(pl.col("figure_id") == figure_id).to_dicts()
    assert rows, figure_id
    return rows[0]


@pytest.mark.parametrize(("figure_id", "value", "unit", "qualifier", "status", "ref_date"), [
    ("fig_partner_institutions_2012", 50, "count", "more_than", "reported", "2012-09"),
    ("fig_tsinghua_projects", 49, "count", "exact", "reported", "2012-09"),
    ("fig_cas_projects", 30, "count", "exact", "reported", "2012-09"),
    ("fig_cooperation_projects", 120, "count", "more_than", "reported", "2012-09"),
    ("fig_press_force", 36000, "tonne_force", "exact", "reported", "2012-09"),
    ("fig_press_force_base", 36000, "tonne_force", "exact", "reported", "2012-09"),
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
    ("fig_steel_high_value_share_increase", 20, "percentage_point", "exact", "planned",
     "2012-09"),
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
        assert isinstance(db, pl.DataFrame)
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


# --- 1.1.0: the entity bridge, names that find one entity, ordered views, category labels

def _db(release):
    import duckdb

    return duckdb.connect(str(release.duckdb), read_only=True)


def _rows(release, sql: str, *params) -> list[tuple]:
    con = _db(release)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_press_force_is_a_force_not_a_mass(release):
    units = _table(release, "units")
    kinds = dict(zip(units["unit_id"], units["quantity_kind"], strict=True))
    for figure_id in ("fig_press_force", "fig_press_force_base"):
        row = _figure(release, figure_id)
        assert kinds[row["printed_unit_id"]] == kinds[row["unit"]] == "force"
        assert row["value_as_printed"] == "3.6万吨"
    names = dict(zip(units["unit_id"], units["name_en"], strict=True))
    assert "9.80665 kN" in names["tonne_force"]


def test_no_two_figures_share_a_label(release):
    figures = _table(release, "figures")
    for column in ("label_en", "label_zh"):
        assert figures[column].n_unique() == figures.height, column


def test_the_title_has_one_form_everywhere(release):
    title = _table(release, "sources")["title_zh"].item()
    text = release.source_text.read_text("utf-8")
    headline, subtitle = title.split("——", 1)
    assert headline in text and "——" + subtitle in text
    assert title in pkg.DESCRIPTION.replace("\n", "")
    assert f'title: "{title}"' in (release.root / "CITATION.cff").read_text("utf-8")


def test_every_enum_value_has_its_labels():
    from etl.metadata.tables import VOCABULARIES

    for table in TABLES:
        for f in table.fields:
            if f.enum:
                assert f.enum is VOCABULARIES[f.enum.name], (table.name, f.name)
                assert all(c.label_en and c.label_zh for c in f.enum.categories.values())
    assert all(c.description for c in VOCABULARIES["relation_type"].categories.values())


def test_every_used_relation_type_says_what_the_article_says(release):
    relations = _table(release, "relations")
    kinds = dict(zip(relations["relation_id"], relations["relation_type"], strict=True))
    assert kinds["rel_dongbao_sgs"] == "tested_by"
    assert {kinds[f"rel_ceremony_{o}"] for o in ("cas", "cae", "tsinghua", "pku")} == {
        "ceremony_guest"}
    assert kinds["rel_zone_established_cloud"] == "site_of"


PLACES = {"yellow_river_im": "内蒙古沿黄河流域", "japan": "日本", "france": "法国", "un": "联合国"}


@pytest.mark.parametrize(("entity_id", "name"), PLACES.items())
def test_places_are_entities_found_by_their_printed_name(release, entity_id, name):
    assert _rows(release, "SELECT DISTINCT entity_id FROM entity_names WHERE name = ?",
                 name) == [(entity_id,)]


def test_a_full_name_finds_one_entity(release):
    assert _rows(release, "SELECT DISTINCT entity_id FROM entity_names WHERE name = ?",
                 "包头钢铁（集团）有限责任公司") == [("baogang",)]


def test_every_name_finds_one_entity_and_an_ambiguous_one_one_per_place(release):
    plain = _rows(release, "SELECT name, count(DISTINCT entity_id) FROM entity_names "
                  "WHERE kind <> 'as printed here' GROUP BY name "
                  "HAVING count(DISTINCT entity_id) > 1")
    assert plain == []
    per_place = _rows(release, "SELECT name, source_start, count(*) FROM entity_names "
                      "WHERE kind = 'as printed here' GROUP BY ALL HAVING count(*) > 1")
    assert per_place == []
    both = _rows(release, "SELECT name FROM entity_names WHERE kind = 'as printed here' "
                 "INTERSECT SELECT name FROM entity_names WHERE kind <> 'as printed here'")
    assert both == []
    bases = _rows(release, "SELECT source_start, entity_id FROM entity_names "
                  "WHERE name = '中试基地' ORDER BY source_start")
    assert bases == [(1291, "steel_pilot_base"), (6372, "brire_pilot_base")]


def test_every_entity_names_itself(release):
    entities = _table(release, "entities")
    found = {r[0] for r in _rows(release, "SELECT DISTINCT entity_id FROM entity_names")}
    assert found == set(entities["entity_id"])


def test_tsinghua_facts_list_the_rails_the_press_and_the_saline_land(release):
    facts = {(t, r, role) for t, r, role in _rows(
        release, "SELECT table_name, row_id, role FROM entity_facts WHERE entity_id = 'tsinghua'")}
    for figure_id in ("fig_bainite_tensile_strength_increase",
                      "fig_bainite_yield_strength_increase", "fig_bainite_impact_increase",
                      "fig_bainite_first_supplier"):
        assert ("figures", figure_id, "technology_source") in facts
    for figure_id in ("fig_press_force", "fig_press_weight_reduction"):
        assert ("figures", figure_id, "developer") in facts
    assert ("figures", "fig_saline_ph_after", "partner") in facts
    assert ("relations", "rel_tuyou_agreement_tsinghua", "agreement:object") in facts
    assert ("events", "ev_2011_01_tuyou_tsinghua_agreement", "partner") in facts


def test_the_2011_agreement_is_filed_under_both_parties(release):
    owners = {r[0] for r in _rows(release, "SELECT entity_id FROM entity_facts "
                                  "WHERE table_name = 'events' AND row_id = ?",
                                  "ev_2011_01_tuyou_tsinghua_agreement")}
    assert {"tuyou_government", "tsinghua"} <= owners


def test_every_entity_of_a_tsinghua_figure_has_that_figure_in_its_facts(release):
    figures = {r[0] for r in _rows(release, "SELECT row_id FROM entity_facts WHERE "
                                   "entity_id = 'tsinghua' AND table_name = 'figures'")}
    credited = _table(release, "figure_entities").filter(pl.col("figure_id").is_in(figures))
    subjects = _table(release, "figures").filter(pl.col("figure_id").is_in(figures))
    expected = set(zip(credited["entity_id"], credited["figure_id"], strict=True))
    expected |= set(zip(subjects["subject_id"], subjects["figure_id"], strict=True))
    found = set(_rows(release, "SELECT entity_id, row_id FROM entity_facts "
                      "WHERE table_name = 'figures'"))
    assert expected and expected <= found


def test_entity_facts_holds_every_row_about_an_entity(release):
    counts = dict(_rows(release, "SELECT table_name, count(*) FROM entity_facts GROUP BY ALL"))
    items = _table(release, "list_items")
    assert counts["figures"] == ROW_COUNTS["figures"] + ROW_COUNTS["figure_entities"]
    assert counts["relations"] == 2 * ROW_COUNTS["relations"]
    assert counts["events"] == ROW_COUNTS["events"] + ROW_COUNTS["event_entities"]
    assert counts["list_items"] == items["entity_id"].drop_nulls().len()
    assert counts["entity_aliases"] == ROW_COUNTS["entity_aliases"]
    assert counts["alias_occurrences"] == ROW_COUNTS["alias_occurrences"]


def test_a_credited_entity_is_never_the_subject_and_is_named_in_its_quote(release):
    figures = _table(release, "figures")
    subject = dict(zip(figures["figure_id"], figures["subject_id"], strict=True))
    names: dict[str, set[str]] = {}
    for entity_id, name in _rows(release, "SELECT entity_id, name FROM entity_names "
                                 "WHERE language = 'zh'"):
        names.setdefault(entity_id, set()).add(name)
    for table in ("figure_entities", "event_entities"):
        for row in _table(release, table).iter_rows(named=True):
            if table == "figure_entities":
                assert row["entity_id"] != subject[row["figure_id"]], row
            assert any(n in row["quote"] for n in names[row["entity_id"]]), (table, row)


def _spans(row: dict) -> list[tuple[int, int]]:
    spans = [(row["source_start"], row["source_end"])]
    if row["continues_start"] is not None:
        spans.append((row["continues_start"], row["continues_end"]))
    return spans


def test_correction_links_are_every_overlap_and_the_curated_rest(release):
    corrections = {r["correction_id"]: _spans(r)
                   for r in _table(release, "corrections").iter_rows(named=True)}
    quoted = {}
    for name in ("figures", "events", "relations", "list_items", "figure_entities",
                 "event_entities"):
        table = TABLES_BY_NAME[name]
        for row in _table(release, name).iter_rows(named=True):
            key = "/".join(str(row[k]) for k in table.primary_key)
            quoted[(name, key)] = (row["source_start"], row["source_end"])
    overlapping = {(c, name, key) for c, spans in corrections.items()
                   for (name, key), (start, end) in quoted.items()
                   if any(start < e and s < end for s, e in spans)}
    links = _table(release, "correction_links")
    by_basis = {basis: {(r["correction_id"], r["table_name"], r["row_id"])
                        for r in links.filter(pl.col("basis") == basis).iter_rows(named=True)}
                for basis in ("overlap", "curated")}
    assert by_basis["overlap"] == overlapping
    assert by_basis["curated"] and not by_basis["curated"] & overlapping


def test_the_bainite_impact_figure_reaches_both_of_its_corrections(release):
    linked = set(_table(release, "correction_links").filter(
        pl.col("row_id") == "fig_bainite_impact_increase")["correction_id"])
    row = _figure(release, "fig_bainite_impact_increase")
    text = release.source_text.read_text("utf-8")
    c29 = _table(release, "corrections").filter(
        pl.col("correction_id") == "c29_lost_impact_toughness").row(0, named=True)
    assert row["source_start"] < c29["source_end"] and c29["source_start"] < row["source_end"]
    assert text[c29["source_start"]:c29["source_end"]] == c29["quote"]
    assert {"c07_join_bainite", "c29_lost_impact_toughness"} <= linked


VIEW_ORDER = {
    "code_labels": "vocabulary, code",
    "figures_bilingual": "source_start, figure_id",
    "targets_by_year": "target_year, source_start, figure_id",
    "partnerships": "source_start, relation_id",
    "baotou_beijing_partnerships": "source_start, relation_id",
    "timeline": "date_start, event_id",
    "entity_names": "name, entity_id, language, kind, source_start NULLS FIRST",
    "list_items_bilingual": "list_id, position",
    "entity_facts": "entity_id, table_name, source_start NULLS LAST, row_id, role",
}


def test_every_view_is_known_here(release):
    views = {r[0] for r in _rows(release, "SELECT view_name FROM duckdb_views() "
                                 "WHERE NOT internal")}
    assert views == set(VIEW_ORDER)


@pytest.mark.parametrize(("view", "order"), VIEW_ORDER.items())
def test_every_view_returns_its_rows_in_a_defined_order(release, view, order):
    con = _db(release)
    try:
        first = con.execute(f"SELECT * FROM {view}").fetchall()
        second = con.execute(f"SELECT * FROM {view}").fetchall()
        ordered = con.execute(f"SELECT * FROM {view} ORDER BY {order}").fetchall()
        keys = order.replace(" NULLS FIRST", "").replace(" NULLS LAST", "")
        distinct = con.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM {view})").fetchone()[0]
    finally:
        con.close()
    assert first and first == second == ordered
    assert distinct == len(first), "the order is not total: ties remain"


def test_targets_by_year_keeps_ref_date_inferred(release):
    columns = [r[0] for r in _rows(release, "SELECT column_name FROM duckdb_columns() "
                                   "WHERE table_name = 'targets_by_year'")]
    assert "ref_date_inferred" in columns

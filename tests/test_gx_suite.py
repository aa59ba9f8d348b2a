"""The Great Expectations suites: the gate after the cheap checks, on GX's public API only."""

from __future__ import annotations

import polars as pl
import pytest

from etl.metadata import TABLES
from etl.paths import Paths
from etl.pipeline import cheap_checks
from etl.validate.suites import run_suites


@pytest.fixture(scope="module")
def frames(release: Paths) -> dict[str, pl.DataFrame]:
    return cheap_checks(release)[0]


def files() -> dict[str, str]:
    return {t.name: f"{t.name}.csv" for t in TABLES}


def _with_parents(frames: dict[str, pl.DataFrame], name: str) -> dict[str, pl.DataFrame]:
    """A table and the tables its foreign keys refer to: all its suite needs (and quicker
    to validate than every table)."""
    parents = {fk.table for t in TABLES if t.name == name for fk in t.foreign_keys}
    return {n: frames[n] for n in {name, *parents}}


def _foreign_key_checks(outcomes) -> set[tuple[str, str]]:
    return {(o.table, o.column) for o in outcomes
            if o.expectation == "expect_column_values_to_be_in_set"
            and any(fk.fields == (o.column,) for t in TABLES if t.name == o.table
                    for fk in t.foreign_keys)}


def test_the_real_tables_pass_and_every_foreign_key_is_checked(frames):
    problems, outcomes, version = run_suites(frames, files())
    assert problems == []
    assert version.startswith("1.")
    declared = {(t.name, fk.fields[0]) for t in TABLES for fk in t.foreign_keys}
    assert _foreign_key_checks(outcomes) == declared


def test_a_dangling_reference_names_its_line_and_value(frames):
    figures = frames["figures"]
    broken = figures.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("nobody"))
        .otherwise(pl.col("subject_id")).alias("subject_id"))
    problems, _, _ = run_suites({**_with_parents(frames, "figures"), "figures": broken},
                                files())
    assert [(p.line, p.column, p.rule, p.value, p.message) for p in problems] == [
        (figures["_line"][3], "subject_id", "expect_column_values_to_be_in_set", "nobody",
         "refers to no row of entities")]


def test_a_key_missing_from_the_parent_is_caught(frames):
    entities = frames["entities"]
    used = frames["figures"]["subject_id"][0]
    kept = entities.filter(pl.col("entity_id") != used)
    problems, _, _ = run_suites({**_with_parents(frames, "figures"), "entities": kept}, files())
    dangling = {p.value for p in problems if p.message == "refers to no row of entities"}
    assert dangling == {used}


def test_patterns_match_whole_values_in_the_suite_too(frames):
    units = frames["units"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.col("unit_id") + "\n")
        .otherwise(pl.col("unit_id")).alias("unit_id"))
    problems, _, _ = run_suites({"units": units}, files())
    assert ("unit_id", "expect_column_values_to_match_regex") in {
        (p.column, p.rule) for p in problems}


def test_a_composite_foreign_key_is_refused_not_skipped():
    from etl.metadata import ForeignKey, Table
    from etl.validate.suites import expectations

    table = TABLES[0]
    composite = Table(table.name, table.title, table.title_zh, table.description,
                      table.fields, table.primary_key,
                      foreign_keys=(ForeignKey(("source_id", "path"), "sources",
                                               ("source_id", "path")),))
    with pytest.raises(NotImplementedError, match="composite"):
        expectations(composite, {})

"""The Great Expectations suites: foreign keys by named key sets, and no batch fingerprint."""

from __future__ import annotations

import polars as pl
import pytest

from etl.gx_suite import run_suites
from etl.metadata import TABLES
from etl.paths import Paths
from etl.pipeline import derived


@pytest.fixture(scope="module")
def frames(release: Paths) -> dict[str, pl.DataFrame]:
    return derived(release)


def files() -> dict[str, str]:
    return {t.name: f"{t.name}.csv" for t in TABLES}


def test_the_real_tables_pass_and_every_foreign_key_is_checked(frames):
    from etl.gx_foreign_keys import KEY_SETS

    problems, outcomes = run_suites(frames, files())
    assert problems == []
    checked = {(o.table, o.column) for o in outcomes
               if o.expectation == "expect_column_values_to_reference_keys"}
    declared = {(t.name, fk.fields[0]) for t in TABLES for fk in t.foreign_keys}
    assert checked == declared
    assert KEY_SETS == {}, "the key sets live only while the suites run"


def test_a_dangling_reference_names_its_line_and_value(frames):
    figures = frames["figures"]
    broken = figures.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("nobody"))
        .otherwise(pl.col("subject_id")).alias("subject_id"))
    problems, _ = run_suites({**frames, "figures": broken}, files())
    assert [(p.line, p.column, p.rule, p.value, p.message) for p in problems] == [
        (figures["_line"][3], "subject_id", "expect_column_values_to_reference_keys", "nobody",
         "refers to no row of entities")]


def test_a_key_missing_from_the_parent_is_caught(frames):
    entities = frames["entities"]
    used = frames["figures"]["subject_id"][0]
    problems, _ = run_suites({**frames, "entities": entities.filter(pl.col("entity_id") != used)},
                             files())
    dangling = {p.value for p in problems if p.rule == "expect_column_values_to_reference_keys"}
    assert dangling == {used}


def test_gx_does_not_fingerprint_batches(frames, monkeypatch):
    from great_expectations.execution_engine import pandas_execution_engine

    def refuse(_):
        raise AssertionError("GX hashed a batch")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", refuse)
    problems, _ = run_suites({"units": frames["units"]}, files())
    assert problems == []

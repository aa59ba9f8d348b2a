"""Great Expectations (GX Core 1.x) suites derived from the metadata, and their run."""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl

from etl.extract import LINE_COLUMN
from etl.metadata import TABLES, TABLES_BY_NAME, Table
from etl.problems import Problem

BATCH = "all"
"""The one batch definition of each table's asset: the whole dataframe."""


@dataclass(frozen=True)
class Outcome:
    """One expectation's result, for the validation report."""

    table: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int


def expectations(table: Table, frames: dict[str, pl.DataFrame]) -> list:
    """The suite of one table: every constraint of its fields, keys and pair rules."""
    import great_expectations.expectations as gxe

    from etl.gx_foreign_keys import ExpectColumnValuesToReferenceKeys, reference_name

    suite: list = [gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(table.field_names))]
    for f in table.fields:
        if f.required:
            suite.append(gxe.ExpectColumnValuesToNotBeNull(column=f.name))
        if f.unique or table.primary_key == (f.name,):
            suite.append(gxe.ExpectColumnValuesToBeUnique(column=f.name))
        if f.enum:
            suite.append(gxe.ExpectColumnValuesToBeInSet(column=f.name, value_set=list(f.enum)))
        if f.minimum is not None or f.maximum is not None:
            suite.append(gxe.ExpectColumnValuesToBeBetween(
                column=f.name, min_value=f.minimum, max_value=f.maximum))
        if f.pattern:
            suite.append(gxe.ExpectColumnValuesToMatchRegex(column=f.name, regex=f.pattern))
    if len(table.primary_key) > 1:
        suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(table.primary_key)))
    for fk in table.foreign_keys:
        if fk.table not in frames or len(fk.fields) != 1:
            continue
        suite.append(ExpectColumnValuesToReferenceKeys(
            column=fk.fields[0], reference=reference_name(fk.table, fk.reference_fields[0]),
            meta={"foreign_key": fk.table}))
    names = set(table.field_names)
    if {"source_start", "source_end"} <= names:
        suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="source_end", column_B="source_start",
            ignore_row_if="either_value_is_missing"))
    if {"value_low", "value_high"} <= names:
        suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="value_high", column_B="value_low", ignore_row_if="either_value_is_missing"))
    return suite


def table_suite(name: str, frames: dict[str, pl.DataFrame]):
    """The GX expectation suite of one table, named after it."""
    import great_expectations as gx

    return gx.ExpectationSuite(name=name, expectations=expectations(TABLES_BY_NAME[name], frames))


def quiet_context_settings(context) -> None:
    """No progress bars: the CLI reports progress itself."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                         metric_calculations=False)


def references(frames: dict[str, pl.DataFrame]) -> set[tuple[str, str]]:
    """The (table, field) pairs that the foreign keys of the loaded tables point at."""
    return {(fk.table, fk.reference_fields[0]) for name in frames
            for fk in TABLES_BY_NAME[name].foreign_keys if len(fk.fields) == 1}


def without_batch_fingerprint() -> None:
    """Skip GX's fingerprint of every pandas batch under 1 GB (its batch markers only).

    Hashing the frame costs 1.9 s at 10^6 figure rows and checks nothing; the release is
    identified by the raw files and the source's sha256 in the validation report.
    """
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


def pandas_source():
    """An ephemeral GX context's pandas data source, quiet and without batch fingerprints,
    with a whole-dataframe batch definition for every table.

    Creating the context and the assets takes a noticeable fraction of a second (GX
    serializes its configuration at every asset): the worker process does it while it
    waits for the frames.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    without_batch_fingerprint()
    context = gx.get_context(mode="ephemeral")
    quiet_context_settings(context)
    source = context.data_sources.add_pandas("raw")
    for table in TABLES:
        source.add_dataframe_asset(table.name).add_batch_definition_whole_dataframe(BATCH)
    return source


def run_suites(frames: dict[str, pl.DataFrame], files: dict[str, str],
               source=None) -> tuple[list[Problem], list[Outcome]]:
    """Validate every table; failures become curator problems."""
    from great_expectations.validator.v1_validator import Validator

    from etl.gx_foreign_keys import key_sets

    source = source or pandas_source()
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    with key_sets(frames, references(frames)):
        for name, frame in frames.items():
            suite = table_suite(name, frames)
            definition = source.get_asset(name).get_batch_definition(BATCH)
            # One validator, so GX builds the batch once. A pass or fail per expectation is
            # the fastest result; only a failing table is run again for counts and rows.
            batch = {"dataframe": frame.drop(LINE_COLUMN).to_pandas()}
            validator = Validator(definition, result_format={"result_format": "BOOLEAN_ONLY"},
                                  batch_parameters=batch)
            result = validator.validate_expectation_suite(suite)
            if not result.success:
                validator.result_format = {"result_format": "COMPLETE"}
                result = validator.validate_expectation_suite(suite)
            found, checked = _read_result(name, result, frame[LINE_COLUMN].to_list(), files)
            problems += found
            outcomes += checked
    return problems, outcomes


def _read_result(name: str, result, lines: list[int],
                 files: dict[str, str]) -> tuple[list[Problem], list[Outcome]]:
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    for res in result.results:
        config = res.expectation_config
        column = config.kwargs.get("column") or config.kwargs.get("column_A")
        unexpected = res.result.get("unexpected_index_list") or []
        outcomes.append(Outcome(name, config.type, column, bool(res.success),
                                int(res.result.get("unexpected_count") or 0)))
        if res.success:
            continue
        if not unexpected:
            problems.append(Problem(files[name], None, column, config.type,
                                    _describe(config, res.result), None))
        values = res.result.get("unexpected_list") or [None] * len(unexpected)
        if config.type == "expect_column_values_to_not_be_null":
            values = [None] * len(unexpected)  # pandas shows a missing value as NaN
        for index, value in zip(unexpected, values, strict=False):
            row = index if isinstance(index, int) else None
            problems.append(Problem(files[name], lines[row] if row is not None else None,
                                    column, config.type, _describe(config, res.result),
                                    None if value is None else str(value)))
    return problems, outcomes


def _describe(config, result: dict) -> str:
    kw = config.kwargs
    kind = config.type
    if kind == "expect_column_values_to_not_be_null":
        return "a value is required"
    if kind == "expect_column_values_to_be_unique":
        return "duplicate key"
    if kind == "expect_column_values_to_reference_keys":
        return f"refers to no row of {config.meta['foreign_key']}"
    if kind == "expect_column_values_to_be_in_set":
        return "must be one of " + ", ".join(map(str, kw["value_set"]))
    if kind == "expect_column_values_to_be_between":
        low, high = kw.get("min_value"), kw.get("max_value")
        if high is None:
            return f"must be at least {low:g}"
        if low is None:
            return f"must be at most {high:g}"
        return f"must be between {low:g} and {high:g}"
    if kind == "expect_column_values_to_match_regex":
        return f"must match {kw['regex']}"
    if kind == "expect_compound_columns_to_be_unique":
        return "duplicate key " + ", ".join(kw["column_list"])
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        return f"{kw['column_A']} must be greater than {kw['column_B']}"
    if kind == "expect_table_columns_to_match_ordered_list":
        return f"columns must be {', '.join(kw['column_list'])}; got {result.get('observed_value')}"
    return kind

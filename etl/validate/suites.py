"""Great Expectations (GX Core 1.x) suites derived from the metadata, and their run.

The suites are the gate of the release: with GX's public expectations they check again
the column list, required (not null), unique, enum, minimum and maximum, pattern, primary and
foreign keys and column orders that the cheap checks (`etl.validate.constraints`) have
already passed. What no public expectation states is checked by the cheap checks only: real
dates (`iso_date`), required text not blank, control characters and the text hygiene of
`etl.validate.text`, the workbook's cell limit, the declared meanings (`Distinct`,
`StatusDate`) and the named rules (`etl.validate.rules`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import polars as pl

from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME, Table
from etl.problems import Kind, Problem
from etl.validate.constraints import anchored_python

EXPECTATIONS = ("expect_table_columns_to_match_ordered_list", "expect_column_values_to_not_be_null",
                "expect_column_values_to_be_unique", "expect_column_values_to_be_in_set",
                "expect_column_values_to_be_between", "expect_column_values_to_match_regex",
                "expect_compound_columns_to_be_unique",
                "expect_column_pair_values_a_to_be_greater_than_b")
FAILED = {name: Kind(name, f"G{i:02d}", "{description}")
          for i, name in enumerate(EXPECTATIONS, start=1)}
"""A failed expectation of each type the suites use, with its stable code."""
UNKNOWN = Kind("expectation", "G99", "{description}")


@dataclass(frozen=True)
class Outcome:
    """One expectation's result, for the validation report."""

    table: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int


def expectations(table: Table, frames: dict[str, pl.DataFrame]) -> list[Any]:
    """The suite of one table: every constraint of its fields, keys and column orders.

    A foreign key is checked as membership in the parent's keys, taken from `frames`.
    """
    import great_expectations.expectations as gx_expectations

    gxe: Any = gx_expectations  # its classes are not in the module's declared exports

    suite: list[Any] = [
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(table.field_names))]
    for f in table.fields:
        if f.required:
            suite.append(gxe.ExpectColumnValuesToNotBeNull(column=f.name))
        if f.unique or table.primary_key == (f.name,):
            suite.append(gxe.ExpectColumnValuesToBeUnique(column=f.name))
        if f.enum:
            suite.append(gxe.ExpectColumnValuesToBeInSet(column=f.name,
                                                         value_set=list(f.enum.codes)))
        if f.minimum is not None or f.maximum is not None:
            suite.append(gxe.ExpectColumnValuesToBeBetween(
                column=f.name, min_value=f.minimum, max_value=f.maximum))
        if f.pattern:
            suite.append(gxe.ExpectColumnValuesToMatchRegex(column=f.name,
                                                            regex=anchored_python(f.pattern)))
    if len(table.primary_key) > 1:
        suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(table.primary_key)))
    for fk in table.foreign_keys:
        if len(fk.fields) != 1:
            raise NotImplementedError(f"{table.name}: composite foreign keys are not checked")
        keys = frames[fk.table][fk.reference_fields[0]].drop_nulls().unique().sort().to_list()
        suite.append(gxe.ExpectColumnValuesToBeInSet(
            column=fk.fields[0], value_set=keys, meta={"foreign_key": fk.table}))
    for order in table.ordered:
        suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=order.high, column_B=order.low, ignore_row_if="either_value_is_missing"))
    return suite


def run_suites(frames: dict[str, pl.DataFrame],
               files: dict[str, str]) -> tuple[list[Problem], list[Outcome], str]:
    """Validate every table in an ephemeral GX context; failures become curator problems.

    Returns the problems, every expectation's outcome, and the GX version.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # the CLI reports
    source = context.data_sources.add_pandas("raw")
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    for name, frame in frames.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(
            "all").get_batch(batch_parameters={"dataframe": frame.drop(LINE_COLUMN).to_pandas()})
        suite = gx.ExpectationSuite(name=name,
                                    expectations=expectations(TABLES_BY_NAME[name], frames))
        # A suite that holds needs no list of failing rows: the boolean answer costs half
        # as much, and only a failing suite is run again for the rows the curator is shown.
        result = batch.validate(suite, result_format="BOOLEAN_ONLY")
        if not result.success:
            result = batch.validate(suite, result_format="COMPLETE")
        found, checked = _read_result(name, result, frame[LINE_COLUMN].to_list(), files)
        problems += found
        outcomes += checked
    return problems, outcomes, gx.__version__


def _read_result(name: str, result: Any, lines: list[int],
                 files: dict[str, str]) -> tuple[list[Problem], list[Outcome]]:
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    for res in result.results:
        config = res.expectation_config
        column = config.kwargs.get("column") or config.kwargs.get("column_A")
        outcomes.append(Outcome(name, config.type, column, bool(res.success),
                                int(res.result.get("unexpected_count") or 0)))
        if res.success:
            continue
        kind = FAILED.get(config.type, UNKNOWN)
        description = _describe(config, res.result)
        unexpected = res.result.get("unexpected_index_list") or []
        if not unexpected:
            problems.append(kind(file=files[name], column=column, rule=config.type,
                                 description=description))
        values = res.result.get("unexpected_list") or [None] * len(unexpected)
        if config.type == "expect_column_values_to_not_be_null":
            values = [None] * len(unexpected)  # pandas shows a missing value as NaN
        for index, value in zip(unexpected, values, strict=False):
            line = lines[index] if isinstance(index, int) else None
            problems.append(kind(file=files[name], line=line, column=column, rule=config.type,
                                 value=None if value is None else str(value),
                                 description=description))
    return problems, outcomes


def _describe(config: Any, result: dict[str, Any]) -> str:
    kw = config.kwargs
    kind = config.type
    if kind == "expect_column_values_to_not_be_null":
        return "a value is required"
    if kind == "expect_column_values_to_be_unique":
        return "duplicate key"
    if kind == "expect_column_values_to_be_in_set" and config.meta:
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
    return str(kind)

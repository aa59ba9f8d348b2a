"""The cheap checks, in the order a curator fixes things: cells, then keys and rules.

A table goes on to the next stage only if it is clean so far, and so do the tables that
refer to it: a broken file is reported once, not again through every table that needs it.
"""

from __future__ import annotations

import polars as pl

from etl.derive.columns import INPUTS
from etl.metadata import TABLES, TABLES_BY_NAME
from etl.problems import Problem, capped, in_order
from etl.validate.constraints import field_problems, key_problems, meaning_problems, parents
from etl.validate.rules import Context, run_rules


def cell_problems(frames: dict[str, pl.DataFrame], files: dict[str, str],
                  loading: list[Problem], text: str | None = None) -> list[Problem]:
    """Every declared constraint and the text hygiene of every raw cell, table by table;
    `text`, the source, shows where it has a quote whose text is refused.

    A cell that is not of its type is empty once loaded: that it is required says nothing new.
    """
    untyped = {(p.file, p.line, p.column) for p in loading if p.rule.startswith("type_")}
    problems: list[Problem] = []
    for name, frame in frames.items():
        table = TABLES_BY_NAME[name]
        problems += [p for p in field_problems(table, frame, files[name], table.raw_fields,
                                               text)
                     if (p.file, p.line, p.column) not in untyped]
    return problems


def ready(clean: set[str]) -> list[str]:
    """The clean tables whose parents and derivation inputs are ready too, all the way up."""
    needs = {t.name: parents(t) | set(INPUTS.get(t.name, ())) for t in TABLES}
    done = set(clean)
    while unready := {name for name in done if not needs[name] <= done}:
        done -= unready
    return [t.name for t in TABLES if t.name in done]


def table_problems(frames: dict[str, pl.DataFrame], files: dict[str, str], text: str,
                   data: bytes) -> list[Problem]:
    """Keys, column orders and rules of every derived table, then its derived cells."""
    problems: list[Problem] = []
    context = Context(frames, text, data, files)
    for name in frames:
        table = TABLES_BY_NAME[name]
        found = (key_problems(table, frames, files[name])
                 + meaning_problems(table, frames, files[name]) + run_rules(context, [name]))
        if not found:  # a derived cell is empty when its raw cells broke a rule
            found = field_problems(table, frames[name], files[name],
                                   tuple(f for f in table.fields if not f.raw))
        problems += found
    return problems


def reported(*groups: list[Problem]) -> list[Problem]:
    """Groups in the order given (root causes first), each sorted and bounded."""
    return [p for group in groups for p in in_order(capped(group))]

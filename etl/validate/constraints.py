"""The constraints each field and table declares, checked on the frames with polars.

These are the cheap checks: they run before Great Expectations is imported, name the line
of every bad cell, and let only clean tables go on. The suites check the same declarations
again (`etl.validate.suites`), as the gate of the release.
"""

from __future__ import annotations

import polars as pl

from etl.derive.dates import date_bounds
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import Field, Table
from etl.metadata.model import StatusDate
from etl.problems import PER_RULE_LIMIT, Problem, bounded
from etl.publish.xlsx import MAX_CELL_CHARACTERS, MAX_ROWS
from etl.validate.text import flaw, nearest_in_source

CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"
PLAIN_TEXT = (r"^[\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e"
              r"\u2070-\u209f\u2190-\u2328\u232b-\u2bff\u3000-\u303f\u3040-\u3098"
              r"\u309b-\u30ff\u4e00-\u9fff\uff01-\uffef]*$")
"""Cells made only of these need no hygiene check: none is a format character or a
compatibility ideograph, and no two of them compose under NFC."""


def anchored(pattern: str) -> str:
    """The whole value must match: `$` in polars' (Rust) regex matches only at the end."""
    return f"^(?:{pattern})$"


def anchored_python(pattern: str) -> str:
    """The same for Python's `re`, where `$` would also match before a final newline."""
    return rf"\A(?:{pattern})\Z"


def field_problems(table: Table, frame: pl.DataFrame, file: str,
                   fields: tuple[Field, ...], text: str | None = None) -> list[Problem]:
    """Every declared constraint of `fields`, each bad cell a problem (bounded per rule);
    and the text hygiene of every string cell (`etl.validate.text`), a quote's problem
    with the place the source has it (`text`, the source, where it could be read)."""
    problems: list[Problem] = []

    def report(bad: pl.Expr, f: Field, rule: str, message: str, show: bool = True) -> None:
        rows = frame.filter(bad)
        problems.extend(bounded(
            (Problem(file, line, f.name, rule, message,
                     str(value) if show and value is not None else None)
             for value, line in rows.head(PER_RULE_LIMIT).select(f.name, LINE_COLUMN).iter_rows()),
            rows.height, file, rule, f.name))

    for f in fields:
        column = pl.col(f.name)
        if f.required:
            empty = column.is_null()
            if f.type == "string":
                empty = empty | (column.str.strip_chars() == "")
            report(empty, f, "required", "a value is required", show=False)
        if f.type == "string":
            controls = column.str.contains(CONTROL_CHARACTERS)
            report(controls, f, "no_control_characters",
                   "holds a control character (tab, newline, escape, NUL …); remove it")
            problems.extend(_text_problems(frame.filter(~controls), f, file, text))
            report(column.str.len_chars() > MAX_CELL_CHARACTERS, f, "fits_a_workbook_cell",
                   f"longer than the {MAX_CELL_CHARACTERS:,} characters a workbook cell "
                   "holds; shorten it (the CSV would keep what the workbook cuts)")
        if f.enum:
            report(~column.is_in(list(f.enum.codes)), f, "enum",
                   "must be one of " + ", ".join(f.enum.codes))
        if f.pattern:
            report(~column.str.contains(anchored(f.pattern)), f, "pattern",
                   f"must match {f.pattern}")
        if f.minimum is not None:
            report(column < f.minimum, f, "minimum", f"must be at least {f.minimum:g}")
        if f.maximum is not None:
            report(column > f.maximum, f, "maximum", f"must be at most {f.maximum:g}")
        if f.iso_date:
            bad_dates = [value for value in frame[f.name].drop_nulls().unique().to_list()
                         if not _real_date(value)]
            report(column.is_in(bad_dates), f, "real_date",
                   "not a real date (YYYY, YYYY-MM or YYYY-MM-DD) or an interval of them "
                   "running forwards")
        if f.unique or table.primary_key == (f.name,):
            report(column.is_not_null() & column.is_duplicated(), f, "unique",
                   "duplicate value; it must be unique")
    return problems


def _text_problems(frame: pl.DataFrame, f: Field, file: str,
                   text: str | None) -> list[Problem]:
    """One problem per cell whose text breaks hygiene, at most PER_RULE_LIMIT per rule."""
    start = pl.col("source_start") if f.name == "quote" and "source_start" in frame.columns \
        else pl.lit(None, pl.Int64)
    cells = frame.select(f.name, LINE_COLUMN, start.alias("start")).filter(
        pl.col(f.name).is_not_null() & ~pl.col(f.name).str.contains(PLAIN_TEXT))
    found: dict[str, list[Problem]] = {}
    for value, line, at in cells.iter_rows():
        bad = flaw(value)
        if bad is None:
            continue
        message = bad.message
        if f.name in ("quote", "continues_quote") and text is not None:
            message += f"; the quote reads {value!r}; {nearest_in_source(value, at, text)}"
        found.setdefault(bad.rule, []).append(Problem(
            file=file, line=line, column=f.name, rule=bad.rule, message=message,
            value=value))
    return [p for rule, group in found.items()
            for p in bounded(iter(group), len(group), file, rule, f.name)]


def _real_date(value: str) -> bool:
    try:
        date_bounds(value)
    except ValueError:
        return False
    return True


def key_problems(table: Table, frames: dict[str, pl.DataFrame], file: str) -> list[Problem]:
    """The composite primary key, every foreign key, and the declared column orders."""
    frame = frames[table.name]
    problems: list[Problem] = []
    if len(table.primary_key) > 1:
        key = pl.struct(list(table.primary_key))
        rows = frame.filter(key.is_duplicated())
        problems += bounded(
            (Problem(file, row[LINE_COLUMN], ", ".join(table.primary_key), "primary_key",
                     "duplicate key", ", ".join(str(row[k]) for k in table.primary_key))
             for row in rows.head(PER_RULE_LIMIT).iter_rows(named=True)),
            rows.height, file, "primary_key")
    for fk in table.foreign_keys:
        if len(fk.fields) != 1:
            raise NotImplementedError(f"{table.name}: composite foreign keys are not checked")
        column, target = fk.fields[0], fk.reference_fields[0]
        keys = frames[fk.table][target].drop_nulls()
        rows = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(keys.implode()))
        message = f"refers to no row of {fk.table}"
        problems += bounded(
            (Problem(file, line, column, "foreign_key", message, value) for value, line
             in rows.head(PER_RULE_LIMIT).select(column, LINE_COLUMN).iter_rows()),
            rows.height, file, "foreign_key", column)
    for order in table.ordered:
        rows = frame.filter(pl.col(order.low) >= pl.col(order.high))
        problems += bounded(
            (Problem(file, line, order.high, order.name,
                     f"{order.high} must be greater than {order.low} ({low})", str(high))
             for low, high, line in rows.head(PER_RULE_LIMIT).select(
                 order.low, order.high, LINE_COLUMN).iter_rows()),
            rows.height, file, order.name, order.high)
    return problems


def meaning_problems(table: Table, frames: dict[str, pl.DataFrame],
                     file: str) -> list[Problem]:
    """The meaning the table declares: no row relating a thing to itself, and statuses
    on the right side of the source's publication date."""
    frame = frames[table.name]
    problems: list[Problem] = []
    if frame.height >= MAX_ROWS:
        problems.append(Problem(file=file, line=None, column=None, rule="fits_a_worksheet",
                                message=f"{frame.height:,} rows; a worksheet of the workbook "
                                f"holds {MAX_ROWS - 1:,} below its header"))
    for distinct in table.distinct:
        rows = frame.filter(pl.col(distinct.first) == pl.col(distinct.second))
        problems += bounded(
            (Problem(file=file, line=line, column=distinct.second, rule=distinct.name,
                     message=f"{distinct.second} is {distinct.first} itself: a row never "
                     "relates a thing to itself", value=value)
             for value, line in rows.head(PER_RULE_LIMIT).select(
                 distinct.second, LINE_COLUMN).iter_rows()),
            rows.height, file, distinct.name, distinct.second)
    for dated in table.status_dates:
        problems += status_date_problems(table, dated, frames, file)
    return problems


def status_date_problems(table: Table, dated: StatusDate, frames: dict[str, pl.DataFrame],
                          file: str) -> list[Problem]:
    """A past status dated after the source's publication, or a future one before it."""
    if "sources" not in frames or frames["sources"].height != 1:
        return []  # the sources table's own problems are the root cause
    published = frames["sources"]["publication_date"][0]
    if published is None or not _real_date(published):
        return []
    first, last = date_bounds(published)
    found = []
    for status, value, line in frames[table.name].select(
            dated.status, dated.date, LINE_COLUMN).iter_rows():
        if value is None or not _real_date(value):
            continue  # reported by real_date
        start, end = date_bounds(value)
        if status in dated.past and start > last:
            found.append(Problem(
                file=file, line=line, column=dated.date, rule=dated.name, value=value,
                message=f"a {status} {table.name.removesuffix('s')} is dated after the "
                f"source's publication ({published}): make it {' or '.join(dated.future)}, "
                "or correct the date"))
        elif status in dated.future and end < first:
            found.append(Problem(
                file=file, line=line, column=dated.date, rule=dated.name, value=value,
                message=f"a {status} {table.name.removesuffix('s')} is dated before the "
                f"source's publication ({published}): make it {' or '.join(dated.past)}, "
                "or correct the date"))
    return found


def parents(table: Table) -> set[str]:
    """The other tables this one's keys refer to."""
    return {fk.table for fk in table.foreign_keys} - {table.name}



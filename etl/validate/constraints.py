"""The constraints each field and table declares, checked on the frames with polars.

These are the cheap checks: they run before Great Expectations is imported, name the line
of every bad cell, and let only clean tables go on. The suites check the same declarations
again (`etl.validate.suites`), as the gate of the release.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import polars as pl

from etl.derive.dates import date_bounds
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import Field, Table
from etl.metadata.model import StatusDate
from etl.problems import PER_RULE_LIMIT, Kind, Problem, bounded
from etl.publish.xlsx import MAX_CELL_CHARACTERS, MAX_ROWS
from etl.validate.text import flaw, nearest_in_source

CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"
PLAIN_TEXT = (r"^[\x20-\x7e\u00a1-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u2070-\u2071"
              r"\u2074-\u208e\u2090-\u209c\u2190-\u2328\u232b-\u2426\u2440-\u244a"
              r"\u2460-\u2adb\u2add-\u2b73\u2b76-\u2b95\u2b97-\u2bff\u3001-\u3029\u3030-\u303f"
              r"\u3041-\u3096\u309b-\u30ff\u4e00-\u9fff\uff01-\uff9f\uffa1-\uffbe\uffc2-\uffc7"
              r"\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc\uffe0-\uffe6\uffe8-\uffee]*$")
"""Cells made only of these need no hygiene check: none is a format or default-ignorable
character, a space other than U+0020, unassigned, a combining mark or a compatibility
ideograph, and no two of them compose under NFC."""


REQUIRED = Kind("required", "C01", "a value is required")
NO_CONTROL_CHARACTERS = Kind("no_control_characters", "C02", "holds a control character (tab, "
                             "newline, escape, NUL …); remove it")
FITS_A_WORKBOOK_CELL = Kind("fits_a_workbook_cell", "C03", "longer than the {limit:,} "
                            "characters a workbook cell holds; shorten it (the CSV would keep "
                            "what the workbook cuts)")
ENUM = Kind("enum", "C04", "must be one of {codes}")
PATTERN = Kind("pattern", "C05", "must match {pattern}")
MINIMUM = Kind("minimum", "C06", "must be at least {bound:g}")
MAXIMUM = Kind("maximum", "C07", "must be at most {bound:g}")
REAL_DATE = Kind("real_date", "C08", "not a real date (YYYY, YYYY-MM or YYYY-MM-DD) or an "
                 "interval of them running forwards")
UNIQUE = Kind("unique", "C09", "duplicate value; it must be unique")
PRIMARY_KEY = Kind("primary_key", "K01", "duplicate key")
FOREIGN_KEY = Kind("foreign_key", "K02", "refers to no row of {table}")
ORDERED = Kind("ordered", "K03", "{high} must be greater than {low} ({value_low})")
"""The rule is named for the pair: source_start_before_source_end …"""
DISTINCT = Kind("distinct", "K04", "{second} is {first} itself: a row never relates a thing to "
                "itself")
"""The rule is named for the pair: subject_id_is_not_object_id."""
STATUS_DATE = Kind("status_date", "K05", "a {status} {row} is dated {side} the source's "
                   "publication ({published}): make it {other}, or correct the date")
"""The rule is named for the pair: status_against_ref_date, status_against_date."""
FITS_A_WORKSHEET = Kind("fits_a_worksheet", "K06", "{rows:,} rows; a worksheet of the workbook "
                        "holds {limit:,} below its header")


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
    with the place the source has it (`text`, the source, where it could be read).

    Every check is an expression of the bad cells: one pass over the frame counts them
    all, and only a check that found some reads its rows (most tables break none)."""
    checks: list[tuple[pl.Expr, Callable[[pl.DataFrame], list[Problem]]]] = []

    def report(bad: pl.Expr, f: Field, kind: Kind, show: bool = True,
               **details: Any) -> None:
        def found(rows: pl.DataFrame) -> list[Problem]:
            return bounded(
                (kind(file=file, line=line, column=f.name,
                      value=str(value) if show and value is not None else None, **details)
                 for value, line in rows.head(PER_RULE_LIMIT).select(
                     f.name, LINE_COLUMN).iter_rows()),
                rows.height)
        checks.append((bad, found))

    for f in fields:
        column = pl.col(f.name)
        if f.required:
            empty = column.is_null()
            if f.type == "string":
                empty = empty | (column.str.strip_chars() == "")
            report(empty, f, REQUIRED, show=False)
        if f.type == "string":
            controls = column.str.contains(CONTROL_CHARACTERS)
            report(controls, f, NO_CONTROL_CHARACTERS)
            checks.append((~controls & _suspect_text(column),
                           functools.partial(_text_problems, f=f, file=file, text=text)))
            report(column.str.len_chars() > MAX_CELL_CHARACTERS, f, FITS_A_WORKBOOK_CELL,
                   limit=MAX_CELL_CHARACTERS)
        if f.enum:
            report(~column.is_in(list(f.enum.codes)), f, ENUM, codes=", ".join(f.enum.codes))
        if f.pattern:
            report(~column.str.contains(anchored(f.pattern)), f, PATTERN, pattern=f.pattern)
        if f.minimum is not None:
            report(column < f.minimum, f, MINIMUM, bound=f.minimum)
        if f.maximum is not None:
            report(column > f.maximum, f, MAXIMUM, bound=f.maximum)
        if f.iso_date:
            bad_dates = [value for value in frame[f.name].drop_nulls().unique().to_list()
                         if not _real_date(value)]
            report(column.is_in(bad_dates), f, REAL_DATE)
        if f.unique or table.primary_key == (f.name,):
            report(column.is_not_null() & column.is_duplicated(), f, UNIQUE)
    if not checks:
        return []
    counts = frame.select(bad.fill_null(False).sum().alias(str(i))
                          for i, (bad, _) in enumerate(checks)).row(0)
    return [problem for (bad, found), count in zip(checks, counts, strict=True) if count
            for problem in found(frame.filter(bad))]


def _suspect_text(column: pl.Expr) -> pl.Expr:
    """Cells that may break hygiene: not only plain text, or with a space at either end."""
    return column.is_not_null() & (~column.str.contains(PLAIN_TEXT)
                                   | column.str.contains(r"^\s|\s$"))


def _text_problems(frame: pl.DataFrame, f: Field, file: str,
                   text: str | None) -> list[Problem]:
    """One problem per cell whose text breaks hygiene, at most PER_RULE_LIMIT per rule."""
    start = pl.col("source_start") if f.name == "quote" and "source_start" in frame.columns \
        else pl.lit(None, pl.Int64)
    cells = frame.select(f.name, LINE_COLUMN, start.alias("start")).filter(
        _suspect_text(pl.col(f.name)))
    found: dict[str, list[Problem]] = {}
    for value, line, at in cells.iter_rows():
        bad = flaw(value)
        if bad is None:
            continue
        source = ""
        if f.name in ("quote", "continues_quote") and text is not None:
            source = f"; the quote reads {value!r}; {nearest_in_source(value, at, text)}"
        found.setdefault(bad.kind.code, []).append(bad.kind(
            file=file, line=line, column=f.name, value=value, source=source, **bad.details))
    return [p for group in found.values() for p in bounded(iter(group), len(group))]


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
            (PRIMARY_KEY(file=file, line=row[LINE_COLUMN], column=", ".join(table.primary_key),
                         value=", ".join(str(row[k]) for k in table.primary_key))
             for row in rows.head(PER_RULE_LIMIT).iter_rows(named=True)),
            rows.height)
    for fk in table.foreign_keys:
        if len(fk.fields) != 1:
            raise NotImplementedError(f"{table.name}: composite foreign keys are not checked")
        column, target = fk.fields[0], fk.reference_fields[0]
        keys = frames[fk.table][target].drop_nulls()
        rows = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(keys.implode()))
        problems += bounded(
            (FOREIGN_KEY(file=file, line=line, column=column, value=value, table=fk.table)
             for value, line in rows.head(PER_RULE_LIMIT).select(column, LINE_COLUMN).iter_rows()),
            rows.height)
    for order in table.ordered:
        rows = frame.filter(pl.col(order.low) >= pl.col(order.high))
        problems += bounded(
            (ORDERED(file=file, line=line, column=order.high, value=str(high), rule=order.name,
                     high=order.high, low=order.low, value_low=low)
             for low, high, line in rows.head(PER_RULE_LIMIT).select(
                 order.low, order.high, LINE_COLUMN).iter_rows()),
            rows.height)
    return problems


def meaning_problems(table: Table, frames: dict[str, pl.DataFrame],
                     file: str) -> list[Problem]:
    """The meaning the table declares: no row relating a thing to itself, and statuses
    on the right side of the source's publication date."""
    frame = frames[table.name]
    problems: list[Problem] = []
    if frame.height >= MAX_ROWS:
        problems.append(FITS_A_WORKSHEET(file=file, rows=frame.height, limit=MAX_ROWS - 1))
    for distinct in table.distinct:
        rows = frame.filter(pl.col(distinct.first) == pl.col(distinct.second))
        problems += bounded(
            (DISTINCT(file=file, line=line, column=distinct.second, value=value,
                      rule=distinct.name, first=distinct.first, second=distinct.second)
             for value, line in rows.head(PER_RULE_LIMIT).select(
                 distinct.second, LINE_COLUMN).iter_rows()),
            rows.height)
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
        after = status in dated.past and start > last
        before = status in dated.future and end < first
        if after or before:
            found.append(STATUS_DATE(
                file=file, line=line, column=dated.date, rule=dated.name, value=value,
                status=status, row=table.name.removesuffix("s"), published=published,
                side="after" if after else "before",
                other=" or ".join(dated.future if after else dated.past)))
    return found


def parents(table: Table) -> set[str]:
    """The other tables this one's keys refer to."""
    return {fk.table for fk in table.foreign_keys} - {table.name}



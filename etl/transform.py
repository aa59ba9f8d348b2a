"""Derive what the curator never types: values, canonical units, qualifiers, end offsets, counts."""

from __future__ import annotations

import calendar
import math
from datetime import date
from decimal import Decimal

import polars as pl

from etl.extract import LINE_COLUMN, polars_schema
from etl.metadata import TABLES_BY_NAME
from etl.printed import UnparsableValue, parse_printed, unit_magnitude

Frames = dict[str, pl.DataFrame]


def with_end(frame: pl.DataFrame, quote: str = "quote", start: str = "source_start",
             end: str = "source_end") -> pl.DataFrame:
    """End offset = start + length of the quote in characters (not bytes)."""
    return frame.with_columns((pl.col(start) + pl.col(quote).str.len_chars()).alias(end))


def derive_sources(frame: pl.DataFrame, text: str, data: bytes) -> pl.DataFrame:
    return frame.with_columns(characters=pl.lit(len(text), pl.Int64),
                              bytes=pl.lit(len(data), pl.Int64))


def derive_units(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(is_canonical=pl.col("unit_id") == pl.col("canonical_unit_id"))


def derive_aliases(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    aliases = frame["alias_zh"].to_list()
    first = [text.find(a) if a else -1 for a in aliases]
    return frame.with_columns(
        first_source_start=pl.Series([f if f >= 0 else None for f in first], dtype=pl.Int64),
        occurrences=pl.Series([text.count(a) if a else 0 for a in aliases], dtype=pl.Int64),
    )


def derive_figures(frame: pl.DataFrame, units: pl.DataFrame | None) -> pl.DataFrame:
    """Parse each printed value and convert it with its printed unit's factor.

    Each distinct (printed value, unit) pair is parsed once and joined back: long tables
    repeat their values. A value that does not parse stays empty; the rule
    `printed_value_parses` reports it.
    """
    factor_of: dict[str, tuple[Decimal, str]] = {}
    if units is not None:
        for unit_id, factor, canonical, marker in units.select(
                "unit_id", "factor", "canonical_unit_id", "printed_as").iter_rows():
            if unit_id is not None and factor is not None:
                # The 万 of 3.6万吨 is both the number's (36000) and the unit's (万吨): the
                # number keeps it, so it converts with the factor of 吨 (rule canonical_unit
                # holds 万吨 to 10000 times 吨).
                factor_of[unit_id] = (Decimal(repr(factor)).scaleb(-unit_magnitude(marker)[0]),
                                      canonical)
    keys = ["value_as_printed", "printed_unit_id"]
    pairs = frame.select(keys).unique()
    rows = [(printed, unit_id, *_converted(printed, factor_of.get(unit_id)))
            for printed, unit_id in pairs.iter_rows()]
    derived = pl.DataFrame(rows, orient="row", schema={
        **dict.fromkeys(keys, pl.String), "value": pl.Float64, "value_low": pl.Float64,
        "value_high": pl.Float64, "qualifier": pl.String, "unit": pl.String})
    return frame.join(derived, on=keys, how="left", nulls_equal=True, maintain_order="left")


def _converted(printed: str | None,
               unit: tuple[Decimal, str] | None) -> tuple[float | None, float | None,
                                                          float | None, str | None, str | None]:
    """(value, low, high, qualifier, canonical unit) of one printed value in one unit."""
    try:
        parsed = parse_printed(printed or "")
    except UnparsableValue:
        return None, None, None, None, None
    if unit is None:
        return None, None, None, None, None
    factor, canonical = unit
    numbers = [float(n * factor) for n in parsed.numbers]
    if not all(math.isfinite(n) for n in numbers):
        return None, None, None, None, None  # the factor is beyond bounds: canonical_unit
    if parsed.qualifier == "range":
        return None, numbers[0], numbers[1], parsed.qualifier, canonical
    return numbers[0], None, None, parsed.qualifier, canonical


def date_bounds(text: str) -> tuple[date, date]:
    """First and last day an ISO 8601 date or interval at reduced precision can mean."""
    first, _, last = text.partition("/")
    return _bound(first, start=True), _bound(last or first, start=False)


def _bound(text: str, start: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (1 if start else 12)
    if len(parts) > 2:
        return date(year, month, parts[2])
    return date(year, month, 1 if start else calendar.monthrange(year, month)[1])


def derive_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Date bounds for sorting; a date that is no real date stays empty (rule `date_valid`)."""
    starts, ends = [], []
    for value in frame["date"]:
        try:
            lo, hi = date_bounds(value)
        except (ValueError, TypeError, AttributeError, IndexError):
            lo = hi = None
        starts.append(lo)
        ends.append(hi)
    derived = frame.with_columns(date_start=pl.Series(starts, dtype=pl.Date),
                                 date_end=pl.Series(ends, dtype=pl.Date))
    return derived


def derive_lists(frame: pl.DataFrame, items: pl.DataFrame | None) -> pl.DataFrame:
    if items is None:
        return frame.with_columns(item_count=pl.lit(None, pl.Int64))
    counts = items.group_by("list_id").len("item_count")
    return frame.join(counts, on="list_id", how="left").with_columns(
        pl.col("item_count").cast(pl.Int64))


def derive_table(name: str, frame: pl.DataFrame, raw: Frames, text: str,
                 data: bytes) -> pl.DataFrame:
    """One table's derived columns; end offsets for every table that quotes the source."""
    match name:
        case "sources":
            frame = derive_sources(frame, text, data)
        case "units":
            frame = derive_units(frame)
        case "entity_aliases":
            frame = derive_aliases(frame, text)
        case "corrections":
            frame = with_end(frame, "continues_quote", "continues_start", "continues_end")
        case "figures":
            frame = derive_figures(frame, raw.get("units"))
        case "events":
            frame = derive_events(frame)
        case "lists":
            frame = derive_lists(frame, raw.get("list_items"))
    if "source_end" in TABLES_BY_NAME[name].field_names:
        frame = with_end(frame)
    return frame


def derive_all(raw: Frames, text: str, data: bytes) -> Frames:
    """Every loaded table in its published shape, plus the line column for messages."""
    return {name: _published_shape(name, derive_table(name, frame, raw, text, data))
            for name, frame in raw.items()}


def _published_shape(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    table = TABLES_BY_NAME[name]
    schema = polars_schema(table)
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()] + [pl.col(LINE_COLUMN)])

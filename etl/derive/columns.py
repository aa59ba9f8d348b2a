"""Derive what the curator never types: values, canonical units, qualifiers, end offsets, counts."""

from __future__ import annotations

import math
from decimal import Decimal

import polars as pl

from etl.derive.dates import date_bounds
from etl.derive.printed import UnparsableValue, number_factor, parse_printed
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME

Frames = dict[str, pl.DataFrame]

QUOTED_LINK_TARGETS = ("figures", "events", "relations", "list_items", "figure_entities",
                       "event_entities")
"""The tables a correction can be linked to by overlapping spans: they quote the source."""
INPUTS = {"figures": ("units",), "lists": ("list_items",),
          "correction_links": ("corrections", *QUOTED_LINK_TARGETS)}
"""The other tables a table's derived columns are computed from."""


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


def derive_figures(frame: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """Parse each printed value and convert it with its printed unit's factor.

    Each value is parsed here only. One that does not parse leaves its row's derived cells
    empty, and the rule `printed_value_parses` reports why.
    """
    # rule canonical_unit holds 万吨 to 10000 × 吨, so number_factor gives the factor of 吨.
    unit_of = {unit_id: (number_factor(factor, marker), canonical)
               for unit_id, factor, canonical, marker in units.select(
                   "unit_id", "factor", "canonical_unit_id", "printed_as").iter_rows()}
    rows = [_converted(printed, unit_of.get(unit_id)) for printed, unit_id
            in frame.select("value_as_printed", "printed_unit_id").iter_rows()]
    derived = pl.DataFrame(rows, orient="row", schema={
        "value": pl.Float64, "value_low": pl.Float64, "value_high": pl.Float64,
        "qualifier": pl.String, "unit": pl.String})
    return pl.concat([frame, derived], how="horizontal")


Derived = tuple[float | None, float | None, float | None, str | None, str | None]


def _converted(printed: str | None, unit: tuple[Decimal, str] | None) -> Derived:
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


def derive_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Date bounds for sorting; the loader's checks have made sure every date is real."""
    bounds = [date_bounds(value) for value in frame["date"]]
    return frame.with_columns(date_start=pl.Series([b[0] for b in bounds], dtype=pl.Date),
                              date_end=pl.Series([b[1] for b in bounds], dtype=pl.Date))


def derive_lists(frame: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    counts = items.group_by("list_id").len("item_count")
    return frame.join(counts, on="list_id", how="left").with_columns(
        pl.col("item_count").cast(pl.Int64))


def derive_correction_links(curated: pl.DataFrame, frames: Frames) -> pl.DataFrame:
    """The curated links, and a link wherever a row's quote overlaps a correction's span.

    `frames` are the raw tables: the end offsets are derived here as everywhere else.
    """
    corrections = with_end(with_end(frames["corrections"]), "continues_quote",
                           "continues_start", "continues_end")
    spans = pl.concat([
        corrections.select("correction_id", start="source_start", end="source_end"),
        corrections.drop_nulls("continues_start").select(
            "correction_id", start="continues_start", end="continues_end"),
    ])
    found = []
    for name in QUOTED_LINK_TARGETS:
        key = TABLES_BY_NAME[name].primary_key
        rows = with_end(frames[name]).select(
            row_id=pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator="/"),
            row_start="source_start", row_end="source_end")
        found.append(spans.join(rows, how="cross")
                     .filter((pl.col("row_start") < pl.col("end"))
                             & (pl.col("start") < pl.col("row_end")))
                     .select("correction_id", pl.lit(name).alias("table_name"), "row_id"))
    overlap = pl.concat(found).unique().join(
        curated, on=["correction_id", "table_name", "row_id"], how="anti")
    return pl.concat([
        curated.with_columns(basis=pl.lit("curated")),
        overlap.with_columns(note=pl.lit(None, pl.String), basis=pl.lit("overlap"),
                             **{LINE_COLUMN: pl.lit(None, pl.Int64)}),
    ], how="diagonal")


def derive_table(name: str, frame: pl.DataFrame, frames: Frames, text: str,
                 data: bytes) -> pl.DataFrame:
    """One table's derived columns, in its published column order, with the line column."""
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
            frame = derive_figures(frame, frames["units"])
        case "events":
            frame = derive_events(frame)
        case "lists":
            frame = derive_lists(frame, frames["list_items"])
        case "correction_links":
            frame = derive_correction_links(frame, frames)
    table = TABLES_BY_NAME[name]
    if "source_end" in table.field_names:
        frame = with_end(frame)
    return frame.select([pl.col(c).cast(t) for c, t in table.polars_schema().items()]
                        + [pl.col(LINE_COLUMN)])

"""The named rules declared in the metadata (`Rule`), one function each."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from etl.derive.printed import MAX_EXPONENT, UnparsableValue, parse_printed, unit_magnitude
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME
from etl.problems import Problem

Frames = dict[str, pl.DataFrame]


@dataclass(frozen=True)
class Context:
    frames: Frames
    text: str
    data: bytes
    files: dict[str, str]


Check = Callable[[Context, str], list[Problem]]


def _quote_problems(ctx: Context, table: str, quote: str, start: str) -> list[Problem]:
    problems = []
    text = ctx.text
    frame = ctx.frames[table]
    quotes, starts = frame[quote].to_list(), frame[start].to_list()
    misplaced = [i for i, (q, s) in enumerate(zip(quotes, starts, strict=True))
                 if q is not None and s is not None and text[s:s + len(q)] != q]
    lines = frame[LINE_COLUMN]
    for i in misplaced:
        q, s = quotes[i], starts[i]
        found = list(_find_all(text, q))
        if not found:
            hint = "the quote is not in the source at all"
        else:
            hint = f"found at offset {', '.join(map(str, found[:5]))}"
        problems.append(Problem(ctx.files[table], lines[i], start, "quote_at_offsets",
                                f"`{quote}` is not at offset {s}; {hint}", str(s)))
    return problems


def _find_all(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


def quote_at_offsets(ctx: Context, table: str) -> list[Problem]:
    return _quote_problems(ctx, table, "quote", "source_start")


def quote_one_line(ctx: Context, table: str) -> list[Problem]:
    bad = ctx.frames[table].filter(pl.col("quote").str.contains("\n"))
    return [Problem(ctx.files[table], line, "quote", "quote_one_line",
                    "the quote crosses a paragraph break", q)
            for q, line in bad.select("quote", LINE_COLUMN).iter_rows()]


def printed_value_at_offset(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    problems = []
    for printed, offset, quote, line in frame.select(
            "value_as_printed", "value_offset", "quote", LINE_COLUMN).iter_rows():
        if quote[offset:offset + len(printed)] == printed:
            continue
        found = list(_find_all(quote, printed))
        hint = (f"the quote has it at offset {', '.join(map(str, found))}" if found
                else "it is not in the quote at all")
        problems.append(Problem(
            file=ctx.files[table], line=line, column="value_offset",
            rule="printed_value_at_offset", value=str(offset),
            message=f"`value_as_printed` {printed!r} is not at offset {offset} of the quote "
                    f"{quote!r}; {hint}"))
    return problems


def printed_values_apart(ctx: Context, table: str) -> list[Problem]:
    """Two figures never take their number from the same characters of the source.

    The data has no deliberate restatement from one place (a count restated is printed
    again elsewhere, at other characters), so no exception is declared.
    """
    frame = ctx.frames[table]
    spans = sorted(
        (start + offset, start + offset + len(printed), figure, line)
        for figure, printed, offset, quote, start, line in frame.select(
            "figure_id", "value_as_printed", "value_offset", "quote", "source_start",
            LINE_COLUMN).iter_rows()
        if quote[offset:offset + len(printed)] == printed)  # else: printed_value_at_offset
    problems = []
    reach: tuple[int, str] | None = None  # the furthest end so far, and whose it is
    for start, end, figure, line in spans:
        if reach is not None and start < reach[0]:
            problems.append(Problem(
                file=ctx.files[table], line=line, column="value_offset",
                rule="printed_values_apart", value=figure,
                message=f"its printed value (source characters {start}–{end}) overlaps the "
                        f"printed value of {reach[1]}: each figure takes its own number"))
        if reach is None or end > reach[0]:
            reach = (end, figure)
    return problems


def printed_value_parses(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    errors = {}
    for printed in frame["value_as_printed"].drop_nulls().unique().to_list():
        try:
            parse_printed(printed)
        except UnparsableValue as err:
            errors[printed] = str(err)
    bad = frame.filter(pl.col("value_as_printed").is_in(list(errors)))
    return [Problem(ctx.files[table], line, "value_as_printed", "printed_value_parses",
                    errors[printed], printed)
            for printed, line in bad.select("value_as_printed", LINE_COLUMN).iter_rows()]


def printed_unit_marker(ctx: Context, table: str) -> list[Problem]:
    units = ctx.frames["units"].select("unit_id", "printed_as")
    frame = ctx.frames[table].join(units, left_on="printed_unit_id", right_on="unit_id",
                                   how="inner", maintain_order="left")
    bad = frame.filter(pl.col("printed_as").is_not_null() & (pl.col("printed_as") != "")
                       & pl.col("value_as_printed").is_not_null()
                       & ~pl.col("value_as_printed").str.contains(pl.col("printed_as"),
                                                                  literal=True))
    return [Problem(ctx.files[table], line, "printed_unit_id", "printed_unit_marker",
                    f"unit {unit} is printed as {marker!r}, which is not in "
                    f"value_as_printed {printed!r}", unit)
            for printed, unit, marker, line in bad.select(
                "value_as_printed", "printed_unit_id", "printed_as", LINE_COLUMN).iter_rows()]


def range_shape(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    is_range = pl.col("qualifier") == "range"
    ok = pl.when(is_range).then(
        pl.col("value").is_null() & (pl.col("value_low") < pl.col("value_high"))
    ).otherwise(pl.col("value").is_not_null() & pl.col("value_low").is_null()
                & pl.col("value_high").is_null())
    bad = frame.filter(pl.col("qualifier").is_not_null() & ~ok)
    return [Problem(ctx.files[table], line, "value_as_printed", "range_shape",
                    "a range needs low < high and no single value", v)
            for v, line in bad.select("value_as_printed", LINE_COLUMN).iter_rows()]


def source_hash(ctx: Context, table: str) -> list[Problem]:
    actual = hashlib.sha256(ctx.data).hexdigest()
    return [Problem(ctx.files[table], line, "sha256", "source_hash",
                    f"the archived source text has sha256 {actual}; it must not change", h)
            for h, line in ctx.frames[table].select("sha256", LINE_COLUMN).iter_rows()
            if h != actual]


def alias_in_source(ctx: Context, table: str) -> list[Problem]:
    bad = ctx.frames[table].filter((pl.col("alias_kind") == "printed")
                                   & (pl.col("occurrences") < 1))
    return [Problem(ctx.files[table], line, "alias_zh", "alias_in_source",
                    "the alias does not occur in the article (an English name the article "
                    "does not print has language en and alias_kind short_name, acronym or "
                    "former_name)", a)
            for a, line in bad.select("alias_zh", LINE_COLUMN).iter_rows()]


def english_alias(ctx: Context, table: str) -> list[Problem]:
    """A name the article does not print is English, is really not printed, and says where
    it is used: the table's other names are all the article's own."""
    frame = ctx.frames[table].filter(pl.col("alias_kind") != "printed")
    problems = []
    for alias, language, occurrences, note, line in frame.select(
            "alias_zh", "language", "occurrences", "note", LINE_COLUMN).iter_rows():
        if language != "en":
            problems.append(Problem(ctx.files[table], line, "language", "english_alias",
                                    "a name of kind short_name, acronym or former_name is "
                                    "English: language en", alias))
        if occurrences:
            problems.append(Problem(ctx.files[table], line, "alias_kind", "english_alias",
                                    "the article prints this name: alias_kind printed", alias))
        if not (note or "").strip():
            problems.append(Problem(ctx.files[table], line, "note", "english_alias",
                                    "say in note where the English name is used", alias))
    return problems


def canonical_unit(ctx: Context, table: str) -> list[Problem]:
    """Canonical units have factor 1; factors stay within 10^±30, so no derived value overflows;
    a unit printed with a magnitude (万吨, 亿元) has that magnitude times its base unit's factor.
    """
    frame = ctx.frames[table]
    canonical = set(frame.filter(pl.col("is_canonical"))["unit_id"].to_list())
    rows = list(frame.select("unit_id", "symbol", "canonical_unit_id", "factor", "printed_as",
                             LINE_COLUMN).iter_rows())
    problems = []
    for unit, symbol, target, factor, marker, line in rows:
        if None in (unit, target, factor):
            continue  # a missing value is reported by the suite's not-null expectation
        if unit == target and factor != 1:
            problems.append(Problem(ctx.files[table], line, "factor", "canonical_unit",
                                    "a canonical unit has factor 1", str(factor)))
        elif unit != target and target not in canonical:
            problems.append(Problem(ctx.files[table], line, "canonical_unit_id",
                                    "canonical_unit", f"{target} is not a canonical unit",
                                    target))
        problems += [Problem(ctx.files[table], line, "factor", "canonical_unit", message,
                             str(factor))
                     for message in _factor_problems(unit, symbol, target, factor, marker, rows)]
    return problems


def _factor_problems(unit: str, symbol: str | None, target: str, factor: float,
                     marker: str | None, rows: list[tuple]) -> list[str]:
    """What is wrong with one unit's factor: its size, or its magnitude against its base's."""
    if not (math.isfinite(factor) and 10**-MAX_EXPONENT <= factor <= 10**MAX_EXPONENT):
        return [f"unit {unit} has factor {factor}, beyond 10^±{MAX_EXPONENT}: the values "
                "derived from it could overflow"]
    messages = []
    powers = {text: unit_magnitude(text) for text in (symbol, marker) if text}
    if symbol in powers and marker in powers and 0 < powers[symbol][0] != powers[marker][0]:
        messages.append(f"unit {unit} has symbol {symbol!r} but is printed as {marker!r}: "
                        "both must carry the same magnitude")
    for text, (power, rest) in powers.items():
        if not power:
            continue
        # The base is the unit written as the rest (吨 for 万吨); where no unit of the same
        # canonical unit is written so (万吨 of tonne-force, whose symbol is tf), or for 万
        # alone, it is the canonical unit itself.
        bases = {(row[0], row[3]) for row in rows if row[0] != unit and row[2] == target
                 and rest in (row[1], row[4]) and row[3] is not None}
        if not bases:
            bases.add((target, 1.0))
        expected = {other: Decimal(repr(f)).scaleb(power) for other, f in sorted(bases)}
        if Decimal(repr(factor)) not in expected.values():
            other, value = next(iter(expected.items()))
            messages.append(f"unit {unit} ({text}) has factor {factor}, but "
                            f"{text.removesuffix(rest)} times the factor of {other} ({rest}) "
                            f"is {value:f}")
    return messages


def join_has_continuation(ctx: Context, table: str) -> list[Problem]:
    problems = _quote_problems(ctx, table, "continues_quote", "continues_start")
    frame = ctx.frames[table]
    for kind, cq, cs, line in frame.select(
            "kind", "continues_quote", "continues_start", LINE_COLUMN).iter_rows():
        has = cq is not None and cs is not None
        if (kind == "column_break_join") != has:
            problems.append(Problem(ctx.files[table], line, "continues_quote",
                                    "join_has_continuation",
                                    "a column_break_join needs continues_quote and "
                                    "continues_start; other kinds leave both empty", kind))
    return problems


def parents_acyclic(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    parent = dict(frame.select("entity_id", "parent_id").iter_rows())
    line = dict(frame.select("entity_id", LINE_COLUMN).iter_rows())
    problems = []
    for start in parent:
        seen, node = [start], parent[start]
        while node is not None and node not in seen:
            seen.append(node)
            node = parent.get(node)
        if node == start:
            problems.append(Problem(ctx.files[table], line[start], "parent_id", "parents_acyclic",
                                    "parent_id leads back to this entity: "
                                    + " → ".join([*seen, start]), parent[start]))
    return problems


def positions_contiguous(ctx: Context, table: str) -> list[Problem]:
    problems = []
    frame = ctx.frames[table].sort("list_id", "position")
    for (list_id,), group in frame.group_by("list_id", maintain_order=True):
        positions = group["position"].to_list()
        if positions != list(range(1, len(positions) + 1)):
            problems.append(Problem(ctx.files[table], group[LINE_COLUMN].min(),  # type: ignore[arg-type]
                                    "position", "positions_contiguous",
                                    f"list {list_id} has positions {positions}; "
                                    "expected 1..n", str(list_id)))
    return problems


def alias_starts_quote(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    return [Problem(ctx.files[table], line, "quote", "alias_starts_quote",
                    f"the quote does not start with {alias!r}", q)
            for alias, q, line in frame.select("alias_zh", "quote", LINE_COLUMN).iter_rows()
            if alias is not None and q is not None and not q.startswith(alias)]


def alias_resolved_once(ctx: Context, table: str) -> list[Problem]:
    if "entity_aliases" not in ctx.frames:
        return []
    aliases = set(ctx.frames["entity_aliases"]["alias_zh"].to_list())
    frame = ctx.frames[table]
    return [Problem(ctx.files[table], line, "alias_zh", "alias_resolved_once",
                    "the name is also in entity_aliases: resolve it in one place only", alias)
            for alias, line in frame.select("alias_zh", LINE_COLUMN).iter_rows()
            if alias in aliases]


def _row_ids(frame: pl.DataFrame, key: tuple[str, ...]) -> set[str]:
    return {"/".join(str(v) for v in row) for row in frame.select(key).iter_rows()}


def link_target_exists(ctx: Context, table: str) -> list[Problem]:
    frame = ctx.frames[table]
    known: dict[str, set[str]] = {}
    problems = []
    for target, row_id, line in frame.select("table_name", "row_id", LINE_COLUMN).iter_rows():
        if target not in TABLES_BY_NAME or row_id is None:
            continue  # an unknown table name is reported by the suite's enum expectation
        other = ctx.frames.get(target)
        if other is None:
            continue  # that table did not load cleanly: its own problems are the root cause
        if target not in known:
            known[target] = _row_ids(other, TABLES_BY_NAME[target].primary_key)
        if row_id not in known[target]:
            problems.append(Problem(ctx.files[table], line, "row_id", "link_target_exists",
                                    f"no row of {target} has the key {row_id!r}", row_id))
    return problems


CHECKS: dict[str, Check] = {
    "quote_at_offsets": quote_at_offsets,
    "quote_one_line": quote_one_line,
    "printed_value_at_offset": printed_value_at_offset,
    "printed_values_apart": printed_values_apart,
    "printed_value_parses": printed_value_parses,
    "parents_acyclic": parents_acyclic,
    "printed_unit_marker": printed_unit_marker,
    "range_shape": range_shape,
    "source_hash": source_hash,
    "alias_in_source": alias_in_source,
    "english_alias": english_alias,
    "canonical_unit": canonical_unit,
    "join_has_continuation": join_has_continuation,
    "positions_contiguous": positions_contiguous,
    "alias_starts_quote": alias_starts_quote,
    "alias_resolved_once": alias_resolved_once,
    "link_target_exists": link_target_exists,
}


def run_rules(ctx: Context, tables: list[str]) -> list[Problem]:
    """Every rule of the given tables; their cells have passed the constraint checks."""
    problems: list[Problem] = []
    for name in tables:
        for rule in TABLES_BY_NAME[name].rules:
            problems += CHECKS[rule.name](ctx, name)
    return problems

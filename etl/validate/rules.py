"""The named rules declared in the metadata (`Rule`), one function each.

Each function is declared a rule by `@rule(code, message)`: its name is the rule's, the
code is stable for tools, the message a template the function fills with keywords.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from etl.derive.printed import (
    MAX_EXPONENT,
    UnparsableValue,
    parse_printed,
    scaled,
    unit_magnitude,
)
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME
from etl.metadata.tables import KIND_BOUNDS
from etl.problems import Kind, Problem

Frames = dict[str, pl.DataFrame]


@dataclass(frozen=True)
class Context:
    frames: Frames
    text: str
    data: bytes
    files: dict[str, str]


Check = Callable[[Context, str], list[Problem]]
Implementation = Callable[[Context, str, Kind], list[Problem]]

CHECKS: dict[str, Check] = {}
"""Every named rule by name, each with its kind of problem bound."""
KINDS: dict[str, Kind] = {}


def rule(code: str, message: str) -> Callable[[Implementation], Implementation]:
    """Declare the decorated function a rule: named as the function, with a stable code and
    a message template; it is given its `Kind` to build its problems with."""
    def declare(check: Implementation) -> Implementation:
        kind = Kind(check.__name__, code, message)
        if kind.rule in KINDS or code in {k.code for k in KINDS.values()}:
            raise ValueError(f"rule {kind.rule} ({code}) declared twice")
        KINDS[kind.rule] = kind

        def bound(ctx: Context, table: str) -> list[Problem]:
            return check(ctx, table, kind)

        CHECKS[kind.rule] = bound
        return check
    return declare


def _quote_problems(ctx: Context, table: str, quote: str, start: str,
                    kind: Kind) -> list[Problem]:
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
        problems.append(kind(file=ctx.files[table], line=lines[i], column=start, value=str(s),
                             quote=quote, start=s, hint=hint))
    return problems


def _find_all(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


@rule("R01", "`{quote}` is not at offset {start}; {hint}")
def quote_at_offsets(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    return _quote_problems(ctx, table, "quote", "source_start", kind)


@rule("R02", "the quote crosses a paragraph break")
def quote_one_line(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    bad = ctx.frames[table].filter(pl.col("quote").str.contains("\n"))
    return [kind(file=ctx.files[table], line=line, column="quote", value=q)
            for q, line in bad.select("quote", LINE_COLUMN).iter_rows()]


@rule("R03", "`value_as_printed` {printed!r} is not at offset {offset} of the quote {quote!r}; "
      "{hint}")
def printed_value_at_offset(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    frame = ctx.frames[table]
    problems = []
    for printed, offset, quote, line in frame.select(
            "value_as_printed", "value_offset", "quote", LINE_COLUMN).iter_rows():
        if quote[offset:offset + len(printed)] == printed:
            continue
        found = list(_find_all(quote, printed))
        hint = (f"the quote has it at offset {', '.join(map(str, found))}" if found
                else "it is not in the quote at all")
        problems.append(kind(file=ctx.files[table], line=line, column="value_offset",
                             value=str(offset), printed=printed, offset=offset, quote=quote,
                             hint=hint))
    return problems


@rule("R04", "its printed value (source characters {start}–{end}) overlaps the printed value "
      "of {other}: each figure takes its own number")
def printed_values_apart(ctx: Context, table: str, kind: Kind) -> list[Problem]:
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
            problems.append(kind(file=ctx.files[table], line=line, column="value_offset",
                                 value=figure, start=start, end=end, other=reach[1]))
        if reach is None or end > reach[0]:
            reach = (end, figure)
    return problems


@rule("R05", "{reason}")
def printed_value_parses(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    """Derivation parsed every value once; where it left `qualifier` empty, say why."""
    problems = []
    for printed, line in ctx.frames[table].filter(pl.col("qualifier").is_null()).select(
            "value_as_printed", LINE_COLUMN).iter_rows():
        try:
            parse_printed(printed)
        except UnparsableValue as err:
            problems.append(kind(file=ctx.files[table], line=line, column="value_as_printed",
                                 value=printed, reason=err))
    return problems


@rule("R06", "unit {unit} is printed as {marker!r}, which is not in value_as_printed {printed!r}")
def printed_unit_marker(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    units = ctx.frames["units"].select("unit_id", "printed_as")
    frame = ctx.frames[table].join(units, left_on="printed_unit_id", right_on="unit_id",
                                   how="inner", maintain_order="left")
    bad = frame.filter(pl.col("printed_as").is_not_null() & (pl.col("printed_as") != "")
                       & pl.col("value_as_printed").is_not_null()
                       & ~pl.col("value_as_printed").str.contains(pl.col("printed_as"),
                                                                  literal=True))
    return [kind(file=ctx.files[table], line=line, column="printed_unit_id", value=unit,
                 unit=unit, marker=marker, printed=printed)
            for printed, unit, marker, line in bad.select(
                "value_as_printed", "printed_unit_id", "printed_as", LINE_COLUMN).iter_rows()]


@rule("R07", "a range needs low < high and no single value")
def range_shape(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    frame = ctx.frames[table]
    is_range = pl.col("qualifier") == "range"
    ok = pl.when(is_range).then(
        pl.col("value").is_null() & (pl.col("value_low") < pl.col("value_high"))
    ).otherwise(pl.col("value").is_not_null() & pl.col("value_low").is_null()
                & pl.col("value_high").is_null())
    bad = frame.filter(pl.col("qualifier").is_not_null() & ~ok)
    return [kind(file=ctx.files[table], line=line, column="value_as_printed", value=v)
            for v, line in bad.select("value_as_printed", LINE_COLUMN).iter_rows()]


@rule("R08", "the archived source text has sha256 {actual}; it must not change")
def source_hash(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    actual = hashlib.sha256(ctx.data).hexdigest()
    return [kind(file=ctx.files[table], line=line, column="sha256", value=h, actual=actual)
            for h, line in ctx.frames[table].select("sha256", LINE_COLUMN).iter_rows()
            if h != actual]


@rule("R09", "the alias does not occur in the article (an English name the article does not "
      "print has language en and alias_kind short_name, acronym or former_name)")
def alias_in_source(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    bad = ctx.frames[table].filter((pl.col("alias_kind") == "printed")
                                   & (pl.col("occurrences") < 1))
    return [kind(file=ctx.files[table], line=line, column="alias_zh", value=a)
            for a, line in bad.select("alias_zh", LINE_COLUMN).iter_rows()]


@rule("R20", "{reason}")
def english_alias(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    """A name the article does not print is English, is really not printed, and says where
    it is used: the table's other names are all the article's own."""
    frame = ctx.frames[table].filter(pl.col("alias_kind") != "printed")
    problems = []
    for alias, language, occurrences, note, line in frame.select(
            "alias_zh", "language", "occurrences", "note", LINE_COLUMN).iter_rows():
        found = [
            ("language", "a name of kind short_name, acronym or former_name is English: "
             "language en") if language != "en" else None,
            ("alias_kind", "the article prints this name: alias_kind printed")
            if occurrences else None,
            ("note", "say in note where the English name is used")
            if not (note or "").strip() else None,
        ]
        problems += [kind(file=ctx.files[table], line=line, column=column, value=alias,
                          reason=reason) for column, reason in filter(None, found)]
    return problems


@rule("R10", "{reason}")
def canonical_unit(ctx: Context, table: str, kind: Kind) -> list[Problem]:
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
            continue  # a required cell left empty: the cell checks refused it already
        if unit == target and factor != 1:
            problems.append(kind(file=ctx.files[table], line=line, column="factor",
                                 value=str(factor), reason="a canonical unit has factor 1"))
        elif unit != target and target not in canonical:
            problems.append(kind(file=ctx.files[table], line=line, column="canonical_unit_id",
                                 value=target, reason=f"{target} is not a canonical unit"))
        problems += [kind(file=ctx.files[table], line=line, column="factor", value=str(factor),
                          reason=message)
                     for message in _factor_problems(unit, symbol, target, factor, marker, rows)]
    return problems


def _factor_problems(unit: str, symbol: str | None, target: str, factor: float,
                     marker: str | None, rows: list[tuple[Any, ...]]) -> list[str]:
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
        expected = {other: scaled(f, power) for other, f in sorted(bases)}
        if scaled(factor, 0) not in expected.values():
            other, value = next(iter(expected.items()))
            messages.append(f"unit {unit} ({text}) has factor {factor}, but "
                            f"{text.removesuffix(rest)} times the factor of {other} ({rest}) "
                            f"is {value:f}")
    return messages


@rule("R11", "a column_break_join needs continues_quote and continues_start; other kinds "
      "leave both empty")
def join_has_continuation(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    problems = _quote_problems(ctx, table, "continues_quote", "continues_start",
                               KINDS["quote_at_offsets"])
    frame = ctx.frames[table]
    for correction, cq, cs, line in frame.select(
            "kind", "continues_quote", "continues_start", LINE_COLUMN).iter_rows():
        has = cq is not None and cs is not None
        if (correction == "column_break_join") != has:
            problems.append(kind(file=ctx.files[table], line=line, column="continues_quote",
                                 value=correction))
    return problems


@rule("R12", "parent_id leads back to this entity: {path}")
def parents_acyclic(ctx: Context, table: str, kind: Kind) -> list[Problem]:
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
            problems.append(kind(file=ctx.files[table], line=line[start], column="parent_id",
                                 value=parent[start], path=" → ".join([*seen, start])))
    return problems


@rule("R13", "list {list_id} has positions {positions}; expected 1..n")
def positions_contiguous(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    problems = []
    frame = ctx.frames[table].sort("list_id", "position")
    for (list_id,), group in frame.group_by("list_id", maintain_order=True):
        positions = group["position"].to_list()
        if positions != list(range(1, len(positions) + 1)):
            problems.append(kind(file=ctx.files[table], line=min(group[LINE_COLUMN].to_list()),
                                 column="position", value=str(list_id), list_id=list_id,
                                 positions=positions))
    return problems


@rule("R14", "the quote does not start with {alias!r}")
def alias_starts_quote(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    frame = ctx.frames[table]
    return [kind(file=ctx.files[table], line=line, column="quote", value=q, alias=alias)
            for alias, q, line in frame.select("alias_zh", "quote", LINE_COLUMN).iter_rows()
            if alias is not None and q is not None and not q.startswith(alias)]


@rule("R15", "the name is also in entity_aliases: resolve it in one place only")
def alias_resolved_once(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    if "entity_aliases" not in ctx.frames:
        return []
    aliases = set(ctx.frames["entity_aliases"]["alias_zh"].to_list())
    frame = ctx.frames[table]
    return [kind(file=ctx.files[table], line=line, column="alias_zh", value=alias)
            for alias, line in frame.select("alias_zh", LINE_COLUMN).iter_rows()
            if alias in aliases]


def _row_ids(frame: pl.DataFrame, key: tuple[str, ...]) -> set[str]:
    return {"/".join(str(v) for v in row) for row in frame.select(key).iter_rows()}


@rule("R16", "no row of {target} has the key {row_id!r}")
def link_target_exists(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    frame = ctx.frames[table]
    known: dict[str, set[str]] = {}
    problems = []
    for target, row_id, line in frame.select("table_name", "row_id", LINE_COLUMN).iter_rows():
        if target not in TABLES_BY_NAME or row_id is None:
            continue  # not a code of linked_table: the cell checks refused it already
        other = ctx.frames.get(target)
        if other is None:
            continue  # that table did not load cleanly: its own problems are the root cause
        if target not in known:
            known[target] = _row_ids(other, TABLES_BY_NAME[target].primary_key)
        if row_id not in known[target]:
            problems.append(kind(file=ctx.files[table], line=line, column="row_id",
                                 value=row_id, target=target, row_id=row_id))
    return problems


@rule("R17", "the value ({shown} {unit}) is outside what a {quantity} can be ({bounds}): check "
      "the number and the unit")
def value_within_kind_bounds(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    kinds = dict(ctx.frames["units"].select("unit_id", "quantity_kind").iter_rows())
    problems = []
    for printed, unit, line, *values in ctx.frames[table].select(
            "value_as_printed", "unit", LINE_COLUMN, "value", "value_low", "value_high"
    ).iter_rows():
        bounds = KIND_BOUNDS.get(kinds.get(unit, ""))
        if bounds is None:
            continue  # no unit or an unknown kind: reported by their own rules
        if not all(bounds.holds(v) for v in values if v is not None):
            shown = ", ".join(f"{v:g}" for v in values if v is not None)
            problems.append(kind(file=ctx.files[table], line=line, column="value_as_printed",
                                 value=printed, shown=shown, unit=unit, quantity=kinds[unit],
                                 bounds=bounds.text))
    return problems


@rule("R18", "{entity} is the subject of {row}: the subject is credited by {parent}.subject_id, "
      "not again here")
def not_the_subject(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    parent = next(fk.table for fk in TABLES_BY_NAME[table].foreign_keys
                  if fk.table != "entities")
    key = TABLES_BY_NAME[parent].primary_key[0]
    subject = dict(ctx.frames[parent].select(key, "subject_id").iter_rows())
    return [kind(file=ctx.files[table], line=line, column="entity_id", value=entity,
                 entity=entity, row=row, parent=parent)
            for row, entity, line in ctx.frames[table].select(key, "entity_id",
                                                              LINE_COLUMN).iter_rows()
            if subject.get(row) == entity]


@rule("R19", "the name also names {owner} ({place}); one name, one entity: resolve an "
      "ambiguous name per place in alias_occurrences")
def one_name_one_entity(ctx: Context, table: str, kind: Kind) -> list[Problem]:
    """Every name, case- and width-folded, names exactly one entity_id: the entities' names
    first, in file order, then the aliases; each later claim by another entity is refused."""
    claims: list[tuple[str, str, str, str, int]] = [
        (name, entity, "entities", column, line)
        for column in ("name_zh", "name_en")
        for name, entity, line in ctx.frames["entities"].select(
            column, "entity_id", LINE_COLUMN).iter_rows()]
    claims += [(name, entity, table, "alias_zh", line) for name, entity, line in
               ctx.frames[table].select("alias_zh", "entity_id", LINE_COLUMN).iter_rows()]
    first: dict[str, tuple[str, str, int]] = {}
    problems = []
    for name, entity, where, column, line in claims:
        if name is None:
            continue
        key = unicodedata.normalize("NFKC", name).casefold()  # Ｂａｏｔｏｕ is Baotou
        owner = first.setdefault(key, (entity, ctx.files[where], line))
        if owner[0] != entity:
            problems.append(kind(file=ctx.files[where], line=line, column=column, value=name,
                                 owner=owner[0], place=f"{owner[1]}:{owner[2]}"))
    return problems




def run_rules(ctx: Context, tables: list[str]) -> list[Problem]:
    """Every rule of the given tables; their cells have passed the constraint checks."""
    problems: list[Problem] = []
    for name in tables:
        for rule in TABLES_BY_NAME[name].rules:
            problems += CHECKS[rule.name](ctx, name)
    return problems

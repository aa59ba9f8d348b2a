"""The promises of meaning and text, held for generated inputs (hypothesis), not only cases.

Each property builds real frames, runs the real check, and says exactly when it must refuse.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.derive.dates import date_bounds
from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME
from etl.metadata.tables import KIND_BOUNDS
from etl.validate.constraints import field_problems, meaning_problems
from etl.validate.rules import CHECKS, Context
from etl.validate.text import flaw

FILES = {name: f"data/raw/{name}.csv" for name in TABLES_BY_NAME}
ENTITIES = TABLES_BY_NAME["entities"]
PLAIN = st.text(st.sampled_from("包头市稀土研究院abcXYZ0123，。"), min_size=1, max_size=12)
FORMAT = st.characters(categories=["Cf"])
COMPAT = st.characters(min_codepoint=0xF900, max_codepoint=0xFA0D)
DECOMPOSED = st.sampled_from(["e\u0301", "a\u0300", "u\u0308", "\u304b\u3099", "\u212b"])


def _with_line(rows: list[dict[str, object]], table: str) -> pl.DataFrame:
    schema = TABLES_BY_NAME[table].polars_schema()
    frame = pl.DataFrame(rows, schema={k: schema[k] for k in rows[0]})
    return frame.with_columns(pl.Series(LINE_COLUMN, range(2, len(rows) + 2), pl.Int64))


@settings(deadline=None, max_examples=60)
@given(PLAIN, PLAIN, st.one_of(FORMAT, COMPAT, DECOMPOSED))
def test_a_name_with_an_invisible_compatibility_or_decomposed_character_is_refused(
        before, after, bad):
    name = before + bad + after
    frame = _with_line([{"note": name}], "entities")
    problems = field_problems(ENTITIES, frame, FILES["entities"], (ENTITIES.field("note"),))
    assert len(problems) == 1, problems
    (p,) = problems
    assert (p.file, p.line, p.column) == ("data/raw/entities.csv", 2, "note")
    offending = bad[-1]
    assert f"U+{ord(offending):04X}" in p.message
    assert p.rule == {"Cf": "no_format_characters"}.get(
        unicodedata.category(offending),
        "no_compatibility_ideographs" if 0xF900 <= ord(offending) <= 0xFAFF else "nfc")
    assert offending not in str(p) or unicodedata.category(offending) != "Cf"


@settings(deadline=None, max_examples=60)
@given(PLAIN)
def test_clean_text_passes(name):
    frame = _with_line([{"note": name}], "entities")
    assert field_problems(ENTITIES, frame, FILES["entities"],
                          (ENTITIES.field("note"),)) == []
    assert flaw(name) is None


@settings(deadline=None, max_examples=60)
@given(PLAIN, FORMAT, st.integers(0, 50))
def test_a_refused_quote_shows_the_quote_and_where_the_source_has_it(quote, bad, start):
    text = "前文" * start + quote + "后文"
    table = TABLES_BY_NAME["relations"]
    broken = quote[:1] + bad + quote[1:]
    frame = _with_line([{"quote": broken, "source_start": start}], "relations")
    (p,) = field_problems(table, frame, FILES["relations"], (table.field("quote"),), text)
    assert repr(broken) in p.message
    assert f"at offset {text.find(quote)}" in p.message or text.count(quote) > 1


KINDS = sorted(KIND_BOUNDS)


@settings(deadline=None, max_examples=60)
@given(st.sampled_from(KINDS), st.floats(-1e7, 1e7, allow_nan=False))
def test_a_value_outside_its_kind_is_refused(kind, value):
    units = pl.DataFrame({"unit_id": ["u"], "quantity_kind": [kind]})
    figures = _with_line([{"value_as_printed": "x", "unit": "u", "value": value,
                           "value_low": None, "value_high": None}], "figures")
    ctx = Context({"units": units, "figures": figures}, "", b"", FILES)
    problems = CHECKS["value_within_kind_bounds"](ctx, "figures")
    assert bool(problems) == (not KIND_BOUNDS[kind].holds(value))


DATES = st.dates(date(2000, 1, 1), date(2030, 12, 31)).flatmap(lambda d: st.sampled_from(
    [str(d.year), f"{d.year}-{d.month:02d}", d.isoformat()]))


@settings(deadline=None, max_examples=60)
@given(DATES, st.sampled_from(["reported", "target", "planned"]), DATES)
def test_a_status_contradicting_the_publication_date_is_refused(published, status, ref):
    table = TABLES_BY_NAME["figures"]
    sources = pl.DataFrame({"publication_date": [published]})
    figures = _with_line([{"figure_id": "f", "status": status, "ref_date": ref}], "figures")
    problems = meaning_problems(table, {"figures": figures, "sources": sources},
                                FILES["figures"])
    assert all(p.rule == "status_against_ref_date" for p in problems)
    (first, last), (start, end) = date_bounds(published), date_bounds(ref)
    wrong = start > last if status == "reported" else end < first
    assert bool(problems) == wrong


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["a", "b", "c"])),
                min_size=1, max_size=8))
def test_a_relation_of_an_entity_to_itself_is_refused(pairs):
    table = TABLES_BY_NAME["relations"]
    frame = _with_line([{"relation_id": f"r{i}", "subject_id": s, "object_id": o}
                        for i, (s, o) in enumerate(pairs)], "relations")
    problems = meaning_problems(table, {"relations": frame}, FILES["relations"])
    assert all(p.rule == "subject_id_is_not_object_id" for p in problems)
    assert [p.line for p in problems] == [i + 2 for i, (s, o) in enumerate(pairs) if s == o]


NAME = st.sampled_from(["Baotou", "BAOTOU", "包头", "包钢", "Steel", "steel"])


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(NAME, st.sampled_from(["e1", "e2"])), min_size=1, max_size=6))
def test_every_name_case_folded_names_one_entity(aliases):
    entities = _with_line([{"entity_id": "e1", "name_zh": "包头市", "name_en": "Baotou"},
                           {"entity_id": "e2", "name_zh": "包钢", "name_en": "Steel"}],
                          "entities")
    frame = _with_line([{"alias_zh": a, "entity_id": e} for a, e in aliases], "entity_aliases")
    ctx = Context({"entities": entities, "entity_aliases": frame}, "", b"", FILES)
    problems = CHECKS["one_name_one_entity"](ctx, "entity_aliases")
    owners: dict[str, set[str]] = {"baotou": {"e1"}, "包头市": {"e1"}, "包钢": {"e2"},
                                   "steel": {"e2"}}
    for alias, entity in aliases:
        owners.setdefault(alias.casefold(), set()).add(entity)
    assert bool(problems) == any(len(v) > 1 for v in owners.values())


# --- Red team: cases of our own, kept

@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6), st.integers(1, 4)),
                min_size=1, max_size=6))
def test_two_figures_never_take_the_same_characters(figures):
    """Figures placed anywhere (quote start, value offset in it, value length): refused
    exactly when two printed values share a character of the source."""
    text = "".join(chr(0x4E00 + i) for i in range(60))
    rows = []
    for i, (start, offset, length) in enumerate(figures):
        quote = text[start:start + offset + length + 2]
        rows.append({"figure_id": f"f{i}", "value_as_printed": quote[offset:offset + length],
                     "value_offset": offset, "quote": quote, "source_start": start})
    frame = _with_line(rows, "figures")
    ctx = Context({"figures": frame}, text, b"", FILES)
    problems = CHECKS["printed_values_apart"](ctx, "figures")
    spans = [set(range(s + o, s + o + n)) for s, o, n in figures]
    overlapping = any(a & b for i, a in enumerate(spans) for b in spans[i + 1:])
    assert bool(problems) == overlapping
    assert CHECKS["printed_value_at_offset"](ctx, "figures") == []


@settings(deadline=None, max_examples=60)
@given(PLAIN, st.sampled_from([" ", "\u3000", "\u00a0", "\u2002"]), st.booleans())
def test_a_name_with_a_space_at_either_end_is_refused(name, space, leading):
    padded = space + name if leading else name + space
    frame = _with_line([{"note": padded}], "entities")
    (p,) = field_problems(ENTITIES, frame, FILES["entities"], (ENTITIES.field("note"),))
    assert p.rule == "no_surrounding_space" and f"U+{ord(space):04X}" in p.message


@settings(deadline=None, max_examples=30)
@given(PLAIN, st.sampled_from(["\u2028", "\u2029"]))
def test_a_line_separator_is_refused_like_an_invisible_character(name, separator):
    frame = _with_line([{"note": name[:1] + separator + name[1:] + "x"}], "entities")
    (p,) = field_problems(ENTITIES, frame, FILES["entities"], (ENTITIES.field("note"),))
    assert p.rule == "no_format_characters"


def test_a_full_width_alias_of_another_entity_s_name_is_refused():
    entities = _with_line([{"entity_id": "e1", "name_zh": "包头市", "name_en": "Baotou"},
                           {"entity_id": "e2", "name_zh": "包钢", "name_en": "Steel"}],
                          "entities")
    aliases = _with_line([{"alias_zh": "ＢＡＯＴＯＵ", "entity_id": "e2"}], "entity_aliases")
    ctx = Context({"entities": entities, "entity_aliases": aliases}, "", b"", FILES)
    (p,) = CHECKS["one_name_one_entity"](ctx, "entity_aliases")
    assert (p.file, p.line, p.column) == ("data/raw/entity_aliases.csv", 2, "alias_zh")
    assert "e1 (data/raw/entities.csv:2)" in p.message

"""Cases found by attacking the README's promises with inputs nobody listed (issue 21.8).

Each test names the promise it holds; a process is started only where one is what is tested
(a closed pipe, a closed stream).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import polars as pl
import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.load.csv_reader import LINE_COLUMN
from etl.metadata import TABLES_BY_NAME
from etl.paths import Paths
from etl.query.render import render, visible
from etl.site.text import json_script
from etl.validate.constraints import PLAIN_TEXT, field_problems
from etl.validate.text import flaw, is_invisible


def _with_closed_reader(root: Path, *args: str, stream: str = "stdout"
                        ) -> subprocess.CompletedProcess:
    """`etl ARGS` whose `stream` is a pipe nobody reads any more (`etl … | head -1`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    other = subprocess.PIPE
    try:
        return subprocess.run(
            [sys.executable, "-m", "etl", "--root", str(root), *args],
            stdout=write_end if stream == "stdout" else other,
            stderr=write_end if stream == "stderr" else other, timeout=300)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("describe", "figures"), ("tables",),
                                  ("query", "SELECT * FROM figures"), ("export", "datacite")])
def test_a_reader_that_stops_reading_ends_a_reading_command_quietly(release: Paths, args):
    """Promise: no exit 4 for anything a user can do (`etl describe figures | head -1`)."""
    done = _with_closed_reader(release.root, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


def test_a_writer_whose_log_reader_went_away_stops_without_an_internal_error(mini: Paths):
    """`etl validate 2>&1 | true`: the command did not finish, so not exit 0, and not 4."""
    done = _with_closed_reader(mini.root, "validate", stream="stderr")
    assert done.returncode == 5, done.stdout
    assert not mini.staging.exists()


def test_a_query_with_its_standard_output_closed_is_no_internal_error(release: Paths):
    """`etl query 'SELECT 1' >&-`: Python has no sys.stdout at all."""
    done = subprocess.run([sys.executable, "-m", "etl", "--root", str(release.root), "query",
                           "SELECT 1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=60, close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr


INVISIBLE: tuple[Literal["Cc", "Cf", "Zl", "Zp"], ...] = ("Cc", "Cf", "Zl", "Zp")


@settings(max_examples=300)
@given(st.text(st.characters(categories=INVISIBLE), min_size=1)
       | st.text(st.characters(codec="utf-8")))
def test_query_text_output_shows_every_control_and_format_character_escaped(text):
    """Promise: table output escapes control characters, i.e. none reaches the terminal raw:
    not the direction marks (U+200F, U+061C), the zero-width ones nor the tags either."""
    for fmt in ("table", "markdown"):
        shown = render(["x"], [(text,)], fmt)
        raw = [ch for ch in shown if ch != "\n" and unicodedata.category(ch) in INVISIBLE]
        assert not raw, (fmt, [f"U+{ord(ch):04X}" for ch in raw])


def test_an_escaped_character_can_be_read_back():
    assert visible("a\u200fb\U000e0041c\x1b") == "a\\u200fb\\U000e0041c\\x1b"


# --- Text that looks right and is not, beyond format characters (README: text hygiene)

ENTITIES = TABLES_BY_NAME["entities"]
PLAIN = st.text(st.sampled_from("包头市稀土研究院abcXYZ0123，。"), min_size=1, max_size=12)
SHOWN_AS_NOTHING = st.sampled_from(["\ufe00", "\ufe0f", "\U000e0100", "\u034f", "\u3164",
                                    "\uffa0", "\u115f", "\u180b", "\u17b4"])
NO_GLYPH = st.one_of(st.characters(categories=["Co"]),
                     st.sampled_from(["\uffff", "\ufdd0", "\U0010ffff", "\u0378"]))
LOOKALIKE_SPACE = st.characters(categories=["Zs"], exclude_characters=" ")
MARK = st.characters(categories=("Mn", "Me")).filter(lambda ch: not is_invisible(ch))
RULES = {"shown as nothing": "no_format_characters", "no glyph": "assigned_characters",
         "look-alike space": "plain_spaces"}


def _note_problems(note: str) -> list:
    frame = pl.DataFrame({"note": [note]}, schema={"note": pl.String}).with_columns(
        pl.Series(LINE_COLUMN, [2], pl.Int64))
    return field_problems(ENTITIES, frame, "data/raw/entities.csv", (ENTITIES.field("note"),))


@settings(deadline=None, max_examples=80)
@given(PLAIN, PLAIN, st.sampled_from(sorted(RULES)), st.data())
def test_a_character_that_looks_like_nothing_or_like_another_is_refused(
        before, after, what, data):
    """A variation selector (中国科\\ufe00学院), a private-use glyph, U+FFFF or a no-break
    space in a name: the CSV looks right and a query by the real name finds nothing."""
    bad = data.draw({"shown as nothing": SHOWN_AS_NOTHING, "no glyph": NO_GLYPH,
                     "look-alike space": LOOKALIKE_SPACE}[what])
    (problem,) = _note_problems(before + bad + after)
    assert problem.rule == RULES[what]
    assert f"U+{ord(bad):04X}" in problem.message
    assert (problem.line, problem.column) == (2, "note")


@settings(deadline=None, max_examples=60)
@given(PLAIN, MARK, st.sampled_from(["", " "]))
def test_a_combining_mark_with_nothing_to_combine_with_is_refused(text, mark, space):
    (problem,) = _note_problems(text + space + mark + text if space else mark + text)
    assert problem.rule == "no_lone_combining_marks"
    assert f"U+{ord(mark):04X}" in problem.message


def test_the_fast_path_of_the_text_check_skips_only_characters_that_are_clean():
    """Cells matching PLAIN_TEXT are never looked at by `flaw`: every character it admits
    must be one `flaw` would pass and one that stays itself under NFC."""
    plain = re.compile(PLAIN_TEXT[1:-2])
    admitted = [chr(c) for c in range(0x10000) if plain.fullmatch(chr(c))]
    assert "中" in admitted and "，" in admitted
    unclean = [f"U+{ord(ch):04X}" for ch in admitted
               if ch != " " and (flaw(ch) is not None or flaw("a" + ch) is not None
                                 or unicodedata.category(ch) in ("Zs", "Cn", "Co")
                                 or unicodedata.category(ch).startswith("M")
                                 or not unicodedata.is_normalized("NFC", "a" + ch))]
    assert not unclean


def test_a_no_break_space_in_a_name_stops_the_build(mini: Paths):
    path = mini.raw_csv("entities")
    path.write_text(path.read_text("utf-8").replace(",Chinese Academy", ",Chinese\u00a0Academy"),
                    encoding="utf-8")
    result = run(mini.root, "validate")
    assert result.exit_code == 1, result.output
    assert ("data/raw/entities.csv:3: column name_en: value 'Chinese\\xa0Academy of "
            "Sciences': rule plain_spaces: holds U+00A0 NO-BREAK SPACE") in result.output


# --- Numbers of seconds (README: no exit 4, no hang, for anything a user can type)

@settings(deadline=None, max_examples=25)
@given(st.one_of(st.floats(), st.sampled_from(["nan", "-inf", "1e10", "0", "1e-300", "٣"])))
def test_any_timeout_is_a_clear_usage_error_or_a_run(release: Paths, seconds):
    result = run(release.root, "query", "--timeout", str(seconds), "SELECT 1")
    assert result.exit_code in (0, 2, 3), result.output
    if result.exit_code == 2:
        assert "--timeout" in result.output


@pytest.mark.parametrize("seconds", ["nan", "inf", "1e300", "-0.5"])
def test_a_wait_that_is_no_number_of_seconds_is_refused_before_anything(mini: Paths, seconds):
    """`--wait nan` waited for ever behind a held lock; `--wait inf` overflowed."""
    result = run(mini.root, "--wait", seconds, "validate")
    assert result.exit_code == 2, result.output
    assert "'--wait'" in result.output and "at most 86,400" in result.output
    assert not mini.lock.exists()


# --- The site: text of the data is text on every page, whatever it holds

@settings(max_examples=200)
@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=12))
def test_json_in_a_script_element_never_holds_markup_and_reads_back(value):
    data = str(json_script(value))
    assert not set(data) & set("<>&")
    assert json.loads(data) == value


PAYLOAD = "x<img src=x onerror=alert(1)>\"'><!--<script>alert(2)</script>&amp;{{7*7}}"
FREE_TEXT = {"name_en", "note", "label_en", "label_zh", "description_en", "description_zh",
             "reason", "reading", "item_en", "title_en", "rights_note",
             "publication_date_note"}
"""Raw columns of free text (no pattern, enum or place in the source): where a curator may
type anything, and where markup must stay text on the site."""


def test_markup_in_every_free_text_column_stays_text_on_every_page(mini: Paths, tmp_path):
    from etl.site.build import build_site

    for path in mini.raw.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
        for row in rows[1:]:
            for i, name in enumerate(rows[0]):
                if name in FREE_TEXT:
                    row[i] = f"{row[i]} {PAYLOAD}[{path.stem}.{name}]".lstrip()
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    assert run(mini.root, "build").exit_code == 0
    build_site(mini.root, tmp_path / "site")
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    seen = 0
    for page in pages:
        html = page.read_text("utf-8")
        seen += html.count("onerror=alert(1)")
        outside = re.sub(r'<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', "",
                         html, flags=re.DOTALL)
        for needle in ("<img", "<!--<script", "<script>alert", "\"'>"):
            assert needle not in outside, (page.name, needle)
        for data in re.findall(r'<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>',
                               html, flags=re.DOTALL):
            assert "<" not in data, page.name
    assert seen, "the payload reached no page: the test tests nothing"


# --- BASE_URL: every exported URL is the file under the address given, or a refusal

@settings(max_examples=300)
@given(st.one_of(
    st.text(max_size=40),
    st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(["http://", "https://"]),
              st.text(st.characters(codec="utf-8"), max_size=30)),
    st.sampled_from(["https://x.org/a?b=1#c", "https://u:p@x.org/", "https://x/\"a",
                     "https://ex ample.org/", "https://x.org:0/", "https://x.org/a/"])))
def test_a_base_url_either_is_refused_or_puts_every_file_under_it(base):
    from etl.publish.ckan import check_base_url

    try:
        checked = check_base_url(base)
    except ValueError as error:
        assert repr(base) in str(error)
        return
    url = urlsplit(f"{checked}/data/processed/figures.csv")
    assert url.scheme in ("http", "https") and url.hostname
    assert url.path.endswith("/data/processed/figures.csv")
    assert not (url.query or url.fragment or url.username or url.password)
    assert not re.search(r"[^\x21-\x7e]|[\"<>\\^`{|}]", checked)


# --- The query fence: whatever the answer's shape, an answer or one error line (exit 3)

@pytest.mark.parametrize("nesting", ["[{}]", "{{'a': {}}}"])
def test_an_answer_nested_deeper_than_python_recurses_is_a_query_error(release: Paths, nesting):
    """`SELECT [[[…900…]]]` was an internal error (RecursionError) in JSON. The query's
    process inherits the recursion limit, lowered here so that a shallow answer (fast for
    DuckDB to parse) reaches it."""
    from etl.query.fence import run_fenced
    from etl.query.runner import QueryError

    value = "1"
    for _ in range(300):
        value = nesting.format(value)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)
    try:
        with pytest.raises(QueryError, match="nests lists or structs too deeply"):
            run_fenced(release.duckdb, release.root, f"SELECT {value} AS x", "json", 30)
    finally:
        sys.setrecursionlimit(limit)


@settings(deadline=None, max_examples=20)
@given(st.binary(min_size=1, max_size=12).filter(lambda b: not _is_utf8(b)))
def test_sql_that_is_not_utf8_is_a_usage_error(release: Paths, tmp_path_factory, junk):
    """From a file (-f), or as an argument the locale could not decode (surrogate escapes)."""
    path = tmp_path_factory.mktemp("sql") / "q.sql"
    path.write_bytes(b"SELECT 1 -- " + junk)
    for args in (("-f", str(path)), (("SELECT 1 -- " + junk.decode("utf-8", "surrogateescape")),)):
        result = run(release.root, "query", *args)
        assert result.exit_code == 2, result.output
        assert "the SQL is not UTF-8" in result.output


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
